package reuse

import "math/bits"

// table is an open-addressing hash table from gram hashes (never 0, which
// marks an empty slot) to 64-bit values, with linear probing. Slots are
// chosen by Fibonacci hashing of the key, so even similar keys spread.
type table struct {
	keys  []uint64
	vals  []uint64
	shift uint // 64 - log2(len(keys))
	n     int
}

// reset empties t and sizes it for n keys at most half full.
func (t *table) reset(n int) {
	size := 1 << bits.Len(uint(max(8, 2*n)-1))
	if cap(t.keys) < size {
		t.keys = make([]uint64, size)
		t.vals = make([]uint64, size)
	}
	t.keys, t.vals = t.keys[:size], t.vals[:size]
	clear(t.keys)
	clear(t.vals)
	t.shift = uint(64 - bits.Len(uint(size-1)))
	t.n = 0
}

// slot returns the slot of key k: where it is, or where it would go.
func (t *table) slot(k uint64) int {
	mask := len(t.keys) - 1
	for i := int(k * 0x9e3779b97f4a7c15 >> t.shift); ; i = (i + 1) & mask {
		if t.keys[i] == k || t.keys[i] == 0 {
			return i
		}
	}
}

// get returns the value of key k, and whether it is present.
func (t *table) get(k uint64) (uint64, bool) {
	if t.n == 0 {
		return 0, false
	}
	i := t.slot(k)
	return t.vals[i], t.keys[i] == k
}

// ref returns a pointer to the value of key k, inserting it with value 0
// if absent (and growing the table when it is half full).
func (t *table) ref(k uint64) *uint64 {
	if len(t.keys) == 0 || 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	i := t.slot(k)
	if t.keys[i] == 0 {
		t.keys[i] = k
		t.n++
	}
	return &t.vals[i]
}

func (t *table) grow() {
	keys, vals := t.keys, t.vals
	var g table
	g.reset(max(8, 2*t.n))
	for i, k := range keys {
		if k != 0 {
			j := g.slot(k)
			g.keys[j], g.vals[j] = k, vals[i]
			g.n++
		}
	}
	*t = g
}
