package winnow

import (
	"slices"
)

// PairsFunc returns, sorted by (A, B), the pairs of documents sharing
// fingerprint hashes found in at most maxDF documents (maxDF ≤ 0: no
// limit) for which keep returns a priority of 0 or more, at most perDoc
// (perDoc ≤ 0: no limit) for each document A, those of highest priority.
// keep is called once per pair sharing at least one such hash, from
// several goroutines at once, with the pair's counts: the hashes they
// share, those of them found in at most rareDF documents, and the hashes
// each holds that are found in at most maxDF documents (shared or not).
// PairsFunc also returns every document's held count.
//
// Unlike Pairs it never holds every co-occurrence at once: it turns the
// index into posting lists and counts, one document at a time, the
// documents sharing its hashes, so its memory is the index's (about 16
// bytes a fingerprint) plus a counter per document and CPU. Its time is
// the sum over hashes of the square of their document frequency, which
// maxDF bounds. It sorts the index in place and must not be called at the
// same time as Add.
func (x *Index) PairsFunc(maxDF, rareDF, perDoc int, keep func(a, b int, c Counts) float64) ([]Pair, []int32) {
	docs := x.docs()
	// Posting lists of hashes in 2..maxDF documents, partition by
	// partition, and each document's count of rare hashes.
	held := make([]int32, docs)
	var parts [256]struct {
		post []uint32 // documents, posting after posting
		off  []uint32 // start of each posting in post, and the end
		rare []bool   // whether each posting's hash is in at most rareDF documents
	}
	locals := make([][]int32, workers()) // each goroutine's held counts
	spread(256, func(w, b int) {
		if locals[w] == nil {
			locals[w] = make([]int32, docs)
		}
		local := locals[w]
		entries := x.sorted(b)
		p := &parts[b]
		for i := 0; i < len(entries); {
			n := runLen(entries, i)
			df := x.df(uint32(entries[i]>>32), n)
			if run := entries[i : i+n]; maxDF <= 0 || df <= maxDF {
				for _, e := range run {
					local[uint32(e)]++
				}
				if n >= 2 {
					p.off = append(p.off, uint32(len(p.post)))
					p.rare = append(p.rare, df <= rareDF)
					for _, e := range run {
						p.post = append(p.post, uint32(e))
					}
				}
			}
			i += n
		}
		p.off = append(p.off, uint32(len(p.post)))
	})
	for _, local := range locals {
		for d, n := range local {
			held[d] += n
		}
	}
	locals = nil

	// Each document's postings: (partition, posting) as one index into a
	// global numbering.
	base := make([]uint32, 257)
	for b := range parts {
		base[b+1] = base[b] + uint32(len(parts[b].off)-1)
	}
	start := make([]uint32, docs+1) // docs' lists in docPost
	for b := range parts {
		for _, d := range parts[b].post {
			start[d+1]++
		}
	}
	for d := range docs {
		start[d+1] += start[d]
	}
	docPost := make([]uint32, start[docs])
	fill := slices.Clone(start[:docs])
	for b := range parts {
		p := &parts[b]
		for k := 0; k+1 < len(p.off); k++ {
			id := base[b] + uint32(k)
			for _, d := range p.post[p.off[k]:p.off[k+1]] {
				docPost[fill[d]] = id
				fill[d]++
			}
		}
	}
	fill = nil
	posting := func(id uint32) ([]uint32, bool) {
		b := sort256(base, id)
		k := id - base[b]
		p := &parts[b]
		return p.post[p.off[k]:p.off[k+1]], p.rare[k]
	}

	// Count, for each document a, the documents b > a sharing its hashes.
	const chunk = 256
	out := make([][]Pair, (docs+chunk-1)/chunk)
	type counter struct {
		count, rare []int32 // per document b, for the current a
		touched     []uint32
		kept        []scored
	}
	counters := make([]*counter, workers())
	spread(len(out), func(w, c int) {
		if counters[w] == nil {
			counters[w] = &counter{count: make([]int32, docs), rare: make([]int32, docs)}
		}
		cw := counters[w]
		count, rare, touched, kept := cw.count, cw.rare, cw.touched, cw.kept
		var res []Pair
		for a := c * chunk; a < min(docs, (c+1)*chunk); a++ {
			touched = touched[:0]
			for _, id := range docPost[start[a]:start[a+1]] {
				docs, rareHash := posting(id)
				isRare := int32(0)
				if rareHash {
					isRare = 1
				}
				for _, b := range docs {
					if int(b) <= a {
						continue
					}
					if count[b] == 0 {
						touched = append(touched, b)
					}
					count[b]++
					rare[b] += isRare
				}
			}
			slices.Sort(touched)
			kept = kept[:0]
			for _, b := range touched {
				c := Counts{Shared: int(count[b]), Rare: int(rare[b]), HeldA: int(held[a]), HeldB: int(held[b])}
				if prio := keep(a, int(b), c); prio >= 0 {
					kept = append(kept, scored{b: b, shared: count[b], rare: rare[b], prio: prio})
				}
				count[b], rare[b] = 0, 0
			}
			if perDoc > 0 && len(kept) > perDoc {
				// The perDoc of highest priority, ties to the
				// lower document, then back in document order.
				slices.SortStableFunc(kept, func(x, y scored) int {
					switch {
					case x.prio > y.prio:
						return -1
					case x.prio < y.prio:
						return 1
					}
					return 0
				})
				kept = kept[:perDoc]
				slices.SortFunc(kept, func(x, y scored) int { return int(x.b) - int(y.b) })
			}
			for _, k := range kept {
				res = append(res, Pair{A: a, B: int(k.b), Shared: int(k.shared), Rare: int(k.rare)})
			}
		}
		out[c] = res
		cw.touched, cw.kept = touched, kept // their capacity, for the next chunk
	})
	n := 0
	for _, r := range out {
		n += len(r)
	}
	pairs := make([]Pair, 0, n)
	for _, r := range out {
		pairs = append(pairs, r...)
	}
	return pairs, held
}

// scored is a pair kept by PairsFunc's keep, with its priority.
type scored struct {
	b            uint32
	shared, rare int32
	prio         float64
}

// Counts are what PairsFunc knows of a pair of documents a and b.
type Counts struct {
	Shared       int // hashes both hold, in at most maxDF documents
	Rare         int // of those, the ones in at most rareDF documents
	HeldA, HeldB int // hashes each holds, in at most maxDF documents
}

// sort256 returns the partition b with base[b] <= id < base[b+1].
func sort256(base []uint32, id uint32) int {
	lo, hi := 0, 256
	for lo+1 < hi {
		m := (lo + hi) / 2
		if base[m] <= id {
			lo = m
		} else {
			hi = m
		}
	}
	return lo
}
