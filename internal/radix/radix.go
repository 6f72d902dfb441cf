// Package radix sorts 64-bit integers in place in linear time: the shingle
// sets and fingerprint indexes churn builds hold millions of random 64-bit
// hashes, where a comparison sort spends most of the pipeline's time.
package radix

import "slices"

// Sort sorts xs in place by most-significant-byte radix sort (American
// flag sort): linear time and no extra memory, which matters for
// an index of hundreds of millions of fingerprints, where slices.Sort takes
// most of a minute. Short ranges fall back to slices.Sort.
func Sort(xs []uint64) {
	sortByte(xs, 56)
}

func sortByte(xs []uint64, shift uint) {
	if len(xs) < 256 {
		slices.Sort(xs)
		return
	}
	var count [256]int
	for _, x := range xs {
		count[(x>>shift)&0xff]++
	}
	var start, next [256]int
	sum := 0
	for b := range count {
		start[b], next[b] = sum, sum
		sum += count[b]
	}
	for b := 0; b < 256; b++ {
		end := start[b] + count[b]
		for next[b] < end {
			x := xs[next[b]]
			d := (x >> shift) & 0xff
			if int(d) == b {
				next[b]++
				continue
			}
			xs[next[b]], xs[next[d]] = xs[next[d]], x
			next[d]++
		}
	}
	if shift == 0 {
		return
	}
	for b := range count {
		if count[b] > 1 {
			sortByte(xs[start[b]:start[b]+count[b]], shift-8)
		}
	}
}
