package passage

import (
	"slices"
	"testing"
)

// FuzzAlign aligns two texts into both of which a shared chunk was
// inserted, and checks the passages' invariants (see checkPassages; the
// quoted originals must normalise back to the passages), that passing hash
// sets changes nothing, and that a reused Aligner gives what a fresh one
// does.
func FuzzAlign(f *testing.F) {
	shared := "Il presidente russo avrebbe chiesto a Musk di non attivare il suo servizio internet satellitare Starlink su Taiwan."
	f.Add([]byte("Ieri, "), []byte("Oggi "), []byte(shared), uint16(6), uint16(0), uint8(0))
	f.Add([]byte("abc"), []byte("xyz"), []byte(shared), uint16(1), uint16(2), uint8(10))
	f.Add([]byte("今天天气很好我们去公园散步吧"), []byte("这是另一篇完全不同的文章的开头"),
		[]byte("马斯克自去年底，以来一直与俄罗斯总统普京保持定期联系，双方讨论了个人事务、商业问题以及地缘政治紧张局势。"), uint16(9), uint16(45), uint8(5))
	f.Add([]byte("ﬁne ﬂow Straße"), []byte("fine flow STRASSE"), []byte(" ǅ ß ﬃ İ ΐ "), uint16(3), uint16(3), uint8(1))
	f.Add([]byte("\xff\xfe a"), []byte("b \xc3"), []byte("e\u0301\u0301 ş ţ \u00a0 x"), uint16(1), uint16(0), uint8(2))
	f.Add([]byte("la la la la la la la la la la la la"), []byte("la la la"), []byte("la la la la la"), uint16(0), uint16(0), uint8(3))
	f.Fuzz(func(t *testing.T, a, b, chunk []byte, pa, pb uint16, minLen uint8) {
		if len(a)+len(b)+len(chunk) > 4000 {
			return
		}
		insert := func(s []byte, at uint16) []byte {
			i := int(at) % (len(s) + 1)
			return slices.Concat(s[:i], chunk, s[i:])
		}
		da, db := prepare(insert(a, pa)), prepare(insert(b, pb))
		opts := Options{MinLen: int(minLen % 64)}
		al := NewAligner(testK, opts)
		ps := al.Align(nil, da.side(), db.side())
		checkPassages(t, da, db, ps, opts, true)
		if got := al.Align(nil, da.sideWithSet(), db.sideWithSet()); !slices.Equal(got, ps) {
			t.Fatalf("with sets: %v\nwithout: %v", got, ps)
		}
		if got := NewAligner(testK, opts).Align(nil, da.side(), db.side()); !slices.Equal(got, ps) {
			t.Fatalf("fresh Aligner: %v\nreused: %v", got, ps)
		}
	})
}
