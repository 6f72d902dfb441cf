package eval

import "slices"

// AUC returns the area under the ROC curve for scores of positive and
// negative examples: the probability that a random positive scores above a
// random negative, ties counting half. It returns 0.5 when either list is
// empty.
func AUC(pos, neg []float64) float64 {
	if len(pos) == 0 || len(neg) == 0 {
		return 0.5
	}
	n := slices.Clone(neg)
	slices.Sort(n)
	var sum float64
	for _, p := range pos {
		lo, _ := slices.BinarySearch(n, p) // negatives < p
		hi := lo
		for hi < len(n) && n[hi] == p {
			hi++
		}
		sum += float64(lo) + 0.5*float64(hi-lo)
	}
	return sum / float64(len(pos)*len(neg))
}

// Quantile returns the q-quantile (0 ≤ q ≤ 1) of xs by the nearest-rank
// method, or 0 for an empty list.
func Quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(q*float64(len(s)) + 0.5)
	return s[min(max(i-1, 0), len(s)-1)]
}
