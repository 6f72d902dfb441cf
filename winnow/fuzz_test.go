package winnow

import (
	"encoding/binary"
	"testing"
)

// FuzzSelect decodes a hash sequence from data, one byte per hash (a small
// alphabet, so ties are common, and 0 is masked) or eight when wide is
// set, and checks Select against the reference and its invariants.
func FuzzSelect(f *testing.F) {
	f.Add([]byte{77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42, 17, 98}, uint8(4), false)
	f.Add([]byte{1, 1, 1, 1, 1, 1, 1, 1}, uint8(3), false)
	f.Add([]byte{0, 0, 0, 5, 0, 0}, uint8(2), false)
	f.Add([]byte{3, 0, 3, 0, 3}, uint8(1), false)
	f.Add([]byte{}, uint8(0), false)
	f.Add([]byte("0123456789abcdef0123456789abcdef"), uint8(2), true)
	f.Fuzz(func(t *testing.T, data []byte, w uint8, wide bool) {
		var hashes []uint64
		if wide {
			for len(data) >= 8 {
				hashes = append(hashes, binary.LittleEndian.Uint64(data))
				data = data[8:]
			}
		} else {
			for _, c := range data {
				hashes = append(hashes, uint64(c%16)) // 0 masked, many ties
			}
		}
		window := int(w % 40)
		checkSelect(t, hashes, window, Select(nil, hashes, window))
	})
}
