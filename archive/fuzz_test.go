package archive

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzOpen opens and reads damaged copies of an archive: every one is an
// archive, or fails with an error naming the file, without a panic or a
// hang.
func FuzzOpen(f *testing.F) {
	dir := f.TempDir()
	path := filepath.Join(dir, "seed.churn")
	a, err := Open(context.Background(), path, Options{Create: true})
	if err != nil {
		f.Fatal(err)
	}
	if _, err := a.Add(context.Background(), seeds(f)[:2]); err != nil {
		f.Fatal(err)
	}
	a.Close()
	good, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(good[:100])
	f.Add([]byte("SQLite format 3\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.churn")
		if err := os.WriteFile(p, data, 0o666); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		a, err := Open(ctx, p, Options{ReadOnly: true})
		if err != nil {
			if !bytes.Contains([]byte(err.Error()), []byte(p)) {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		defer a.Close()
		if err := a.Verify(ctx); err != nil && !bytes.Contains([]byte(err.Error()), []byte(p)) {
			t.Fatalf("error %q does not name the file", err)
		}
		a.Walk(ctx, true, func(Entry) error { return nil })
		a.Stats(ctx)
	})
}
