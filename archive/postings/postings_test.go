package postings

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// reference is the slow index the runs are checked against.
type reference map[uint32][]uint32

func (ref reference) add(es []Entry) {
	for _, e := range es {
		if !slices.Contains(ref[e.Key()], e.Doc()) {
			ref[e.Key()] = append(ref[e.Key()], e.Doc())
		}
	}
	for k := range ref {
		slices.Sort(ref[k])
	}
}

// randomEntries returns n entries with keys from a space of keys values,
// so that keys repeat, plus runs of one key in many documents.
func randomEntries(rng *rand.Rand, n int, keys uint32) []Entry {
	es := make([]Entry, 0, n)
	for len(es) < n {
		k := rng.Uint32N(keys) * (0xffffffff / keys)
		if rng.IntN(50) == 0 {
			for range rng.IntN(200) {
				es = append(es, MakeEntry(k, rng.Uint32N(1<<20)))
			}
			continue
		}
		es = append(es, MakeEntry(k, rng.Uint32()))
	}
	return es
}

func TestRunMatchesReference(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 63, 64, 65, 1000, 100_000} {
		for _, keys := range []uint32{1, 7, 1 << 10, 1 << 31} {
			es := randomEntries(rng, n, keys)
			ref := reference{}
			ref.add(es)
			path, err := WriteRun(dir, "t", slices.Clone(es))
			if err != nil {
				t.Fatal(err)
			}
			r, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Verify(); err != nil {
				t.Fatal(err)
			}
			total := 0
			for k, docs := range ref {
				total += len(docs)
				if got := r.Lookup(nil, k); !slices.Equal(got, docs) {
					t.Fatalf("n=%d keys=%d: Lookup(%#x) = %v, want %v", n, keys, k, got, docs)
				}
				if r.Count(k) != len(docs) {
					t.Fatalf("Count(%#x) = %d, want %d", k, r.Count(k), len(docs))
				}
			}
			if r.Len() != total {
				t.Fatalf("n=%d: Len %d, want %d distinct entries", n, r.Len(), total)
			}
			for range 100 {
				k := rng.Uint32()
				if _, ok := ref[k]; !ok && r.Count(k) != 0 {
					t.Fatalf("Count of an absent key %#x = %d", k, r.Count(k))
				}
			}
			for _, k := range []uint32{0, 1, 0xffffffff} {
				if got := r.Lookup(nil, k); !slices.Equal(got, ref[k]) {
					t.Fatalf("Lookup(%#x) = %v, want %v", k, got, ref[k])
				}
			}
			r.Close()
		}
	}
}

func TestMerge(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 4))
	ref := reference{}
	var runs []*Run
	for range 5 {
		es := randomEntries(rng, 5000, 1<<12)
		path, err := WriteRun(dir, "in", slices.Clone(es))
		if err != nil {
			t.Fatal(err)
		}
		r, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		runs = append(runs, r)
		ref.add(es)
	}
	// The same entries in two runs are kept once; odd documents go.
	runs = append(runs, runs[0])
	keep := func(doc uint32) bool { return doc%2 == 0 }
	path, err := Merge(dir, "merged", runs, keep)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if err := m.Verify(); err != nil {
		t.Fatal(err)
	}
	for k, docs := range ref {
		want := slices.DeleteFunc(slices.Clone(docs), func(d uint32) bool { return !keep(d) })
		if got := m.Lookup(nil, k); !slices.Equal(got, want) && (len(got) > 0 || len(want) > 0) {
			t.Fatalf("merged Lookup(%#x) = %v, want %v", k, got, want)
		}
	}
}

func TestDamagedRuns(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(5, 6))
	path, err := WriteRun(dir, "d", randomEntries(rng, 10_000, 1<<16))
	if err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	damage := map[string]func([]byte) []byte{
		"cut short":  func(b []byte) []byte { return b[:len(b)-8] },
		"empty":      func(b []byte) []byte { return nil },
		"not a run":  func(b []byte) []byte { return []byte("id,text\n1,hello\n") },
		"newer":      func(b []byte) []byte { b[8] = 9; return b },
		"flipped":    func(b []byte) []byte { b[len(b)/2] ^= 0x10; return b },
		"fan-out":    func(b []byte) []byte { b[headerSize+40] ^= 0xff; return b },
		"bad header": func(b []byte) []byte { b[16] = 0xff; return b },
	}
	for name, fn := range damage {
		p := filepath.Join(dir, name+".run")
		os.WriteFile(p, fn(slices.Clone(good)), 0o666)
		r, err := Open(p)
		if err == nil {
			err = r.Verify()
			// Lookups in a damaged run must not panic.
			for range 1000 {
				r.Lookup(nil, rng.Uint32())
			}
			r.Close()
		}
		if !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: %v, want ErrDamaged", name, err)
		}
	}
}

func FuzzOpen(f *testing.F) {
	dir := f.TempDir()
	path, err := WriteRun(dir, "f", randomEntries(rand.New(rand.NewPCG(7, 8)), 300, 64))
	if err != nil {
		f.Fatal(err)
	}
	good, _ := os.ReadFile(path)
	f.Add(good)
	f.Add(good[:headerSize])
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "x.run")
		os.WriteFile(p, data, 0o666)
		r, err := Open(p)
		if err != nil {
			if !errors.Is(err, ErrDamaged) && len(data) > 0 {
				t.Fatalf("error %v does not wrap ErrDamaged", err)
			}
			return
		}
		defer r.Close()
		verr := r.Verify()
		for _, k := range []uint32{0, 1, 0x80000000, 0xffffffff} {
			docs := r.Lookup(nil, k)
			if verr == nil && !slices.IsSorted(docs) {
				t.Fatalf("a verified run gave unsorted documents %v", docs)
			}
		}
	})
}

// TestCounts checks count files, written and merged, against a map.
func TestCounts(t *testing.T) {
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(9, 10))
	want := map[uint64]int{}
	var files []*Counts
	for f := 0; f < 4; f++ {
		var cs []Count
		for range 3000 {
			k := r.Uint64() >> uint(r.IntN(40)) // clustered and spread keys
			n := int32(r.IntN(5) - 2)
			cs = append(cs, Count{k, n})
			want[k] += int(n)
		}
		path, err := WriteCounts(dir, "c", cs)
		if err != nil {
			t.Fatal(err)
		}
		c, err := OpenCounts(path)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if err := c.Verify(); err != nil {
			t.Fatal(err)
		}
		files = append(files, c)
	}
	path, err := MergeCounts(dir, "m", files)
	if err != nil {
		t.Fatal(err)
	}
	m, err := OpenCounts(path)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	nonzero := 0
	for k, n := range want {
		sum := 0
		for _, f := range files {
			sum += f.Get(k)
		}
		if sum != n || m.Get(k) != n {
			t.Fatalf("key %x: files sum to %d, merged %d, want %d", k, sum, m.Get(k), n)
		}
		if n != 0 {
			nonzero++
		}
	}
	if m.Len() != nonzero {
		t.Errorf("merged file holds %d keys, want %d (no zero counts)", m.Len(), nonzero)
	}
	var got []uint64
	m.Range(1<<40, 1<<50, func(k uint64, _ int) { got = append(got, k) })
	for _, k := range got {
		if k < 1<<40 || k > 1<<50 {
			t.Fatalf("Range returned %x", k)
		}
	}
	inRange := 0
	for k, n := range want {
		if n != 0 && k >= 1<<40 && k <= 1<<50 {
			inRange++
		}
	}
	if len(got) != inRange || inRange == 0 {
		t.Errorf("Range: %d keys, want %d", len(got), inRange)
	}
	data, _ := os.ReadFile(path)
	data[len(data)-3] ^= 1
	bad := filepath.Join(dir, "bad.cnt")
	os.WriteFile(bad, data, 0o666)
	if c, err := OpenCounts(bad); err != nil {
		t.Fatal(err)
	} else if err := c.Verify(); !errors.Is(err, ErrDamaged) {
		t.Errorf("flipped bit: Verify = %v", err)
	}
	os.WriteFile(bad, data[:len(data)-1], 0o666)
	if _, err := OpenCounts(bad); !errors.Is(err, ErrDamaged) {
		t.Errorf("short file: %v", err)
	}
}
