// Package radix sorts 64-bit integers in place in linear time: the shingle
// sets and fingerprint indexes churn builds hold millions of random 64-bit
// hashes, where a comparison sort spends most of the pipeline's time.
package radix

import "slices"

// Sort sorts xs in place by most-significant-byte radix sort (American
// flag sort): linear time and no extra memory, which matters for
// an index of hundreds of millions of fingerprints, where slices.Sort takes
// most of a minute. Short ranges fall back to slices.Sort.
func Sort[T ~uint64](xs []T) {
	sortByte(xs, 56)
}

func sortByte[T ~uint64](xs []T, shift uint) {
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

// SortWith sorts keys in place, moving vals[i] with keys[i]: the same
// American flag sort as Sort, on two slices of equal length, so that
// 32-bit payloads cost 4 bytes an element instead of a 16-byte struct.
// Elements with equal keys end in an order that depends only on the
// input (the sort is not stable). It panics if the lengths differ.
func SortWith(keys []uint64, vals []uint32) {
	if len(keys) != len(vals) {
		panic("radix: SortWith of slices of different lengths")
	}
	sortWithByte(keys, vals, 56)
}

func sortWithByte(keys []uint64, vals []uint32, shift uint) {
	if len(keys) < 48 {
		insertionWith(keys, vals)
		return
	}
	var count [256]int
	for _, x := range keys {
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
			i := next[b]
			x := keys[i]
			d := (x >> shift) & 0xff
			if int(d) == b {
				next[b]++
				continue
			}
			j := next[d]
			keys[i], keys[j] = keys[j], x
			vals[i], vals[j] = vals[j], vals[i]
			next[d]++
		}
	}
	if shift == 0 {
		return
	}
	for b := range count {
		if c := count[b]; c > 1 {
			s := start[b]
			sortWithByte(keys[s:s+c], vals[s:s+c], shift-8)
		}
	}
}

// insertionWith sorts short slices for SortWith.
func insertionWith(keys []uint64, vals []uint32) {
	for i := 1; i < len(keys); i++ {
		k, v := keys[i], vals[i]
		j := i
		for ; j > 0 && keys[j-1] > k; j-- {
			keys[j], vals[j] = keys[j-1], vals[j-1]
		}
		keys[j], vals[j] = k, v
	}
}
