package winnow

import (
	"encoding/binary"
	"math"
	"sync"

	"github.com/churnalism/churn/internal/radix"
)

// weightOne is the fixed-point weight of a hash that counts fully.
const weightOne = 1 << 20

// WeighedPairs is Pairs with shared hashes weighed by their rarity, as
// package reuse weighs grams: a hash found in df documents weighs
// min(1, rareDF/df) (every hash weighs 1 if rareDF ≤ 0), and a pair is
// returned when the weights of the hashes it shares sum to at least
// minWeight, or when it shares at least anyShared hashes whatever they
// weigh (anyShared ≤ 0: no such rule). Pair.Shared still counts them all,
// and Pair.Weight is the sum.
//
// Unweighed counting proposes every pair of documents that happen to
// share two or three stock phrases, each in a few dozen documents: on the
// peer corpus of BENCHMARKS.md (Zipf-distributed words), 61,817 pairs
// proposed by fingerprints alone, six for every pair reported, none of
// which verification kept; weighing takes 45,815 candidates of 73,430 away.
// Four shared fingerprints or more are a passage (a 50-character one
// yields three on average), however many documents hold it: two articles
// that both took the same wire paragraph share it, and anyShared keeps
// them (on the generated corpus of 100,000 articles, 1,188 pairs of 13,567
// share 4 to 6 fingerprints, each in more than rareDF documents).
//
// Counting turns every hash into the pairs of documents holding it, one
// key a<<32|b each (and its weight, 12 bytes), sorts the keys and counts
// runs. Keys take more memory than the index (at a million articles the
// live heap grew by 1.6 GB while they were gathered, GODEBUG=gctrace=1),
// so an index that spills (see SpillTo)
// spills them too, into numKeyBuckets ranges of document A, and counts one
// range per CPU at a time.
func (x *Index) WeighedPairs(maxDF, rareDF int, minWeight float64, anyShared int) []Pair {
	type result struct {
		common []uint32
		docs   []uint32 // documents holding a common hash
	}
	docs := x.docs()
	kb := newKeyBuckets(x.spill, docs, rareDF > 0)
	var results [256]result
	groups := make([][]uint32, workers())
	locals := make([]*keyLocal, workers())
	spread(256, func(w, b int) {
		if locals[w] == nil {
			locals[w] = kb.local()
		}
		local := locals[w]
		entries := x.sorted(b)
		r := &results[b]
		for i := 0; i < len(entries); {
			n := runLen(entries, i)
			h := entries[i] >> 32
			group := groups[w][:0]
			for _, e := range entries[i : i+n] {
				group = append(group, uint32(e))
			}
			groups[w] = group
			i += n
			df := x.df(uint32(h), n)
			if maxDF > 0 && df > maxDF {
				r.common = append(r.common, uint32(h))
				r.docs = append(r.docs, group...)
				continue
			}
			if n < 2 {
				continue
			}
			wt := uint32(weightOne)
			if rareDF > 0 && df > rareDF {
				wt = uint32(rareDF * weightOne / df)
			}
			for a := range group {
				for b := a + 1; b < len(group); b++ {
					kb.add(local, group[a], group[b], wt)
				}
			}
		}
	})
	for _, local := range locals {
		if local != nil {
			kb.flushAll(local)
		}
	}
	x.common = x.common[:0]
	x.commonDocs = make([]bool, docs)
	for i := range results {
		r := &results[i]
		x.common = append(x.common, r.common...) // partitions in hash order
		for _, d := range r.docs {
			x.commonDocs[d] = true
		}
	}

	// Count each bucket's keys, one bucket per CPU at a time.
	need := uint64(math.Ceil(minWeight * weightOne))
	out := make([][]Pair, len(kb.buckets))
	spread(len(kb.buckets), func(_, b int) {
		keys, wts := kb.take(b)
		if wts != nil {
			radix.SortWith(keys, wts)
		} else {
			radix.Sort(keys)
		}
		out[b] = countKeys(out[b], keys, wts, need, anyShared)
	})
	n := 0
	for _, ps := range out {
		n += len(ps)
	}
	pairs := make([]Pair, 0, n)
	for _, ps := range out {
		pairs = append(pairs, ps...)
	}
	return pairs
}

// countKeys appends to dst the pairs of the sorted keys whose weights
// (wts, or weightOne each if it is nil) sum to need, or of which there
// are anyShared (if it is positive). Weights sum exactly in integers, so
// the order of equal keys, which the sort leaves unspecified, does not
// change the result.
func countKeys(dst []Pair, keys []uint64, wts []uint32, need uint64, anyShared int) []Pair {
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		sum := uint64(j-i) * weightOne
		if wts != nil {
			sum = 0
			for _, w := range wts[i:j] {
				sum += uint64(w)
			}
		}
		if sum >= need || anyShared > 0 && j-i >= anyShared {
			dst = append(dst, Pair{A: int(keys[i] >> 32), B: int(uint32(keys[i])), Shared: j - i,
				Weight: float64(sum) / weightOne})
		}
		i = j
	}
	return dst
}

// Keys are gathered into buckets by document A: one bucket in memory, or
// numKeyBuckets of them in the spill file. Each goroutine fills buffers of
// keyFlush keys a bucket and hands them over when full.
const (
	numKeyBuckets = 64
	keyFlush      = 4096
)

// keyBuckets holds the keys of WeighedPairs by ranges of document A.
type keyBuckets struct {
	width   int  // documents a bucket
	weighed bool // whether keys carry weights
	sp      *spill
	mu      sync.Mutex
	buckets []keyBucket
}

// keyBucket is the keys of one range of documents A: in memory, and in
// extents of the spill file (n keys, then their n weights if weighed).
type keyBucket struct {
	keys []uint64
	wts  []uint32
	ext  []extent
}

func newKeyBuckets(sp *spill, docs int, weighed bool) *keyBuckets {
	n := 1
	if sp != nil {
		n = numKeyBuckets
	}
	return &keyBuckets{width: max(1, (docs+n-1)/n), weighed: weighed, sp: sp, buckets: make([]keyBucket, n)}
}

// keyLocal is one goroutine's buffers: one a bucket, and the bytes of
// the last one written out.
type keyLocal struct {
	buckets []keyBucket
	buf     []byte
}

// local returns a goroutine's buffers.
func (s *keyBuckets) local() *keyLocal {
	return &keyLocal{buckets: make([]keyBucket, len(s.buckets))}
}

// add adds the key of documents a < b with weight wt to the buffers.
func (s *keyBuckets) add(local *keyLocal, a, b, wt uint32) {
	i := int(a) / s.width
	k := &local.buckets[i]
	k.keys = append(k.keys, uint64(a)<<32|uint64(b))
	if s.weighed {
		k.wts = append(k.wts, wt)
	}
	if len(k.keys) >= keyFlush {
		s.flush(local, i)
	}
}

// flushAll hands over every buffer.
func (s *keyBuckets) flushAll(local *keyLocal) {
	for i := range local.buckets {
		if len(local.buckets[i].keys) > 0 {
			s.flush(local, i)
		}
	}
}

// flush hands over the buffer of bucket i: appended to the bucket in
// memory, or written to the spill file.
func (s *keyBuckets) flush(local *keyLocal, i int) {
	k := &local.buckets[i]
	defer func() { k.keys, k.wts = k.keys[:0], k.wts[:0] }()
	if s.sp == nil {
		s.mu.Lock()
		b := &s.buckets[i]
		b.keys = append(b.keys, k.keys...)
		b.wts = append(b.wts, k.wts...)
		s.mu.Unlock()
		return
	}
	if s.sp.err.Load() != nil {
		return
	}
	f, err := s.sp.file()
	if err != nil {
		return
	}
	n := len(k.keys)
	if size := 8*n + 4*len(k.wts); cap(local.buf) < size {
		local.buf = make([]byte, size)
	}
	buf := local.buf[:8*n+4*len(k.wts)]
	for j, key := range k.keys {
		binary.LittleEndian.PutUint64(buf[8*j:], key)
	}
	for j, w := range k.wts {
		binary.LittleEndian.PutUint32(buf[8*n+4*j:], w)
	}
	off := s.sp.size.Add(int64(len(buf))) - int64(len(buf))
	if _, err := f.WriteAt(buf, off); err != nil {
		s.sp.fail(err)
		return
	}
	s.mu.Lock()
	s.buckets[i].ext = append(s.buckets[i].ext, extent{off: off, n: n})
	s.mu.Unlock()
}

// take returns bucket i's keys and weights (nil if unweighed), read back
// from the spill file if need be, and drops the bucket.
func (s *keyBuckets) take(i int) ([]uint64, []uint32) {
	b := &s.buckets[i]
	keys, wts := b.keys, b.wts
	if len(b.ext) > 0 && s.sp.err.Load() == nil {
		n := len(keys)
		for _, e := range b.ext {
			n += e.n
		}
		keys = make([]uint64, 0, n)
		if s.weighed {
			wts = make([]uint32, 0, n)
		}
		var buf []byte
		for _, e := range b.ext {
			size := 8 * e.n
			if s.weighed {
				size += 4 * e.n
			}
			if cap(buf) < size {
				buf = make([]byte, size)
			}
			buf = buf[:size]
			if _, err := s.sp.f.ReadAt(buf, e.off); err != nil {
				s.sp.fail(err)
				break
			}
			for j := range e.n {
				keys = append(keys, binary.LittleEndian.Uint64(buf[8*j:]))
			}
			if s.weighed {
				for j := range e.n {
					wts = append(wts, binary.LittleEndian.Uint32(buf[8*e.n+4*j:]))
				}
			}
		}
		keys = append(keys, b.keys...)
		wts = append(wts, b.wts...)
	}
	*b = keyBucket{}
	if !s.weighed {
		wts = nil
	}
	return keys, wts
}
