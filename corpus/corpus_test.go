package corpus

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/churnalism/churn"
)

// doc is an expected document.
type doc struct{ ID, Name, Text string }

// skip is an expected skipped input.
type skip struct{ Name, Reason string }

// writeFiles creates files (path → content) under the current directory.
func writeFiles(t *testing.T, files map[string]string) {
	t.Helper()
	for name, text := range files {
		name = filepath.FromSlash(name)
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, string(filepath.Separator)) {
			continue // just the directory
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Skipf("cannot create symbolic links: %v", err)
	}
}

func TestRead(t *testing.T) {
	garbage := make([]byte, 256)
	for i := range garbage {
		garbage[i] = byte(0x80 + i%128)
	}
	tests := []struct {
		name  string
		files map[string]string
		setup func(t *testing.T)
		args  []string
		stdin string
		docs  []doc
		skips []skip
	}{
		{
			name:  "nil paths",
			files: map[string]string{"a.txt": "alpha"},
		},
		{
			name:  "single file",
			files: map[string]string{"a.txt": "alpha"},
			args:  []string{"a.txt"},
			docs:  []doc{{"a", "a.txt", "alpha"}},
		},
		{
			name:  "named file of any extension",
			files: map[string]string{"notes.md": "alpha", "README": "beta", ".profile": "gamma"},
			args:  []string{"notes.md", "README", ".profile"},
			docs:  []doc{{"notes", "notes.md", "alpha"}, {"README", "README", "beta"}, {".profile", ".profile", "gamma"}},
		},
		{
			name:  "missing path",
			files: map[string]string{"a.txt": "alpha", "b.txt": "beta"},
			args:  []string{"a.txt", "nope.txt", "b.txt", "nodir/"},
			docs:  []doc{{"a", "a.txt", "alpha"}, {"b", "b.txt", "beta"}},
			skips: []skip{{"nope.txt", "no such file or directory"}, {"nodir/", "no such file or directory"}},
		},
		{
			name:  "directory with no supported files",
			files: map[string]string{"d/x.md": "alpha", "d/sub/y.pdf": "%PDF-1.4", "a.txt": "alpha"},
			args:  []string{"d", "a.txt"},
			docs:  []doc{{"a", "a.txt", "alpha"}},
			skips: []skip{
				{"d/sub/y.pdf", "not a supported file type"},
				{"d/x.md", reasonUnsniffed},
				{"d", "directory contains no supported files"},
			},
		},
		{
			name:  "empty directory",
			files: map[string]string{"d/": ""},
			args:  []string{"d"},
			skips: []skip{{"d", "directory contains no supported files"}},
		},
		{
			name:  "directory of unusable .txt files",
			files: map[string]string{"d/a.txt": ""},
			args:  []string{"d"},
			skips: []skip{{"d/a.txt", "empty file"}},
		},
		{
			name:  "empty file",
			files: map[string]string{"e.txt": "", "a.txt": "alpha"},
			args:  []string{"e.txt", "a.txt"},
			docs:  []doc{{"a", "a.txt", "alpha"}},
			skips: []skip{{"e.txt", "empty file"}},
		},
		{
			name: "whitespace-only file",
			files: map[string]string{
				"ws.txt":   " \n\t\r\n  \v\f",
				"nbsp.txt": "\u00a0\u3000\n",
				"bom.txt":  "\ufeff \n",
			},
			args:  []string{"ws.txt", "nbsp.txt", "bom.txt"},
			skips: []skip{{"ws.txt", "empty file"}, {"nbsp.txt", "empty file"}, {"bom.txt", "empty file"}},
		},
		{
			name:  "binary file with NUL",
			files: map[string]string{"bin.txt": "hello world\x00\x01\x02", "a.txt": "alpha"},
			args:  []string{"bin.txt", "a.txt"},
			docs:  []doc{{"a", "a.txt", "alpha"}},
			skips: []skip{{"bin.txt", "binary data: NUL byte at offset 11"}},
		},
		{
			name:  "invalid UTF-8 garbage",
			files: map[string]string{"g.txt": string(garbage)},
			args:  []string{"g.txt"},
			skips: []skip{{"g.txt", "binary data: 256 of 256 bytes are invalid UTF-8 or control characters"}},
		},
		{
			name:  "UTF-16 with a byte order mark is decoded",
			files: map[string]string{"u.txt": "\xff\xfeh\x00i\x00", "b.txt": "\xfe\xff\x00h\x00i"},
			args:  []string{"u.txt", "b.txt"},
			docs:  []doc{{"u", "u.txt", "hi"}, {"b", "b.txt", "hi"}},
		},
		{
			name:  "Latin-1 text is decoded",
			files: map[string]string{"it.txt": "Perch\xe9 la citt\xe0 \xe8 cos\xec bella?\n"},
			args:  []string{"it.txt"},
			docs:  []doc{{"it", "it.txt", "Perché la città è così bella?\n"}},
		},
		{
			name: "nested directories",
			files: map[string]string{
				"d/a.txt":               "alpha",
				"d/b.md":                "not me",
				"d/sub/b.txt":           "beta",
				"d/sub/deeper/c.TXT":    "gamma",
				"d/sub/deeper/c.txt.gz": "\x1f\x8b",
				"d/z.Txt":               "zeta",
			},
			args: []string{"d/"},
			docs: []doc{
				{"a", "d/a.txt", "alpha"},
				{"b", "d/sub/b.txt", "beta"},
				{"c", "d/sub/deeper/c.TXT", "gamma"},
				{"z", "d/z.Txt", "zeta"},
			},
			skips: []skip{{"d/b.md", reasonUnsniffed}, {"d/sub/deeper/c.txt.gz", "truncated gzip data"}},
		},
		{
			name: "hidden files and directories",
			files: map[string]string{
				"d/.hidden.txt": "alpha",
				"d/.git/config": "[core]",
				"d/a.txt":       "alpha",
				"d/.DS_Store":   "\x00\x00",
			},
			args: []string{"d"},
			docs: []doc{{"a", "d/a.txt", "alpha"}},
			skips: []skip{
				{"d/.DS_Store", "hidden file"},
				{"d/.git", "hidden directory"},
				{"d/.hidden.txt", "hidden file"},
			},
		},
		{
			name:  "hidden only",
			files: map[string]string{"d/.a.txt": "alpha"},
			args:  []string{"d"},
			skips: []skip{
				{"d/.a.txt", "hidden file"},
				{"d", "directory contains no supported files"},
			},
		},
		{
			name:  "named directory may be hidden",
			files: map[string]string{".d/a.txt": "alpha"},
			args:  []string{".d"},
			docs:  []doc{{"a", ".d/a.txt", "alpha"}},
		},
		{
			name: "ID collisions in a directory",
			files: map[string]string{
				"d/2024/story.txt": "one",
				"d/2025/story.txt": "two",
				"d/other.txt":      "three",
			},
			args: []string{"d"},
			docs: []doc{
				{"2024/story", "d/2024/story.txt", "one"},
				{"2025/story", "d/2025/story.txt", "two"},
				{"other", "d/other.txt", "three"},
			},
		},
		{
			name: "ID collisions across arguments",
			files: map[string]string{
				"a/x.txt":   "one",
				"b/c/x.txt": "two",
				"b/c/y.txt": "three",
				"y.md":      "four",
			},
			args: []string{"a/x.txt", "b", "y.md"},
			docs: []doc{
				{"a/x", "a/x.txt", "one"},
				{"b/c/x", "b/c/x.txt", "two"},
				{"b/c/y", "b/c/y.txt", "three"},
				{"y", "y.md", "four"},
			},
		},
		{
			name: "ID collisions with the same path",
			files: map[string]string{
				"d/s.txt":   "one",
				"d/s.TXT":   "two",
				"d/s#2.txt": "three",
			},
			args: []string{"d/s.txt", "d/s.TXT", "d/s#2.txt"},
			docs: []doc{
				{"s", "d/s.txt", "one"},
				{"s#3", "d/s.TXT", "two"},
				{"s#2", "d/s#2.txt", "three"},
			},
		},
		{
			name:  "stdin",
			files: map[string]string{"a.txt": "alpha"},
			args:  []string{"a.txt", "-"},
			stdin: "from stdin\n",
			docs:  []doc{{"a", "a.txt", "alpha"}, {"stdin", "-", "from stdin\n"}},
		},
		{
			name:  "stdin ID collision",
			files: map[string]string{"d/stdin.txt": "alpha"},
			args:  []string{"-", "d"},
			stdin: "from stdin",
			docs:  []doc{{"stdin", "-", "from stdin"}, {"stdin#2", "d/stdin.txt", "alpha"}},
		},
		{
			name:  "empty stdin",
			args:  []string{"-"},
			skips: []skip{{"-", "empty file"}},
		},
		{
			name:  "binary stdin",
			args:  []string{"-"},
			stdin: "\x7fELF\x02\x01\x01\x00",
			skips: []skip{{"-", "binary data: NUL byte at offset 7"}},
		},
		{
			name:  "same file twice",
			files: map[string]string{"d/a.txt": "alpha", "d/b.txt": "beta"},
			args:  []string{"d/a.txt", "d", "./d/b.txt"},
			docs:  []doc{{"a", "d/a.txt", "alpha"}, {"b", "d/b.txt", "beta"}},
			skips: []skip{{"d/a.txt", "same file as d/a.txt"}, {"./d/b.txt", "same file as d/b.txt"}},
		},
		{
			name:  "symbolic links",
			files: map[string]string{"d/a.txt": "alpha", "e/b.txt": "beta"},
			setup: func(t *testing.T) {
				symlink(t, ".", "d/loop")
				symlink(t, "../e", "d/e")
				symlink(t, "../e/b.txt", "d/link.txt")
				symlink(t, "nowhere.txt", "d/broken.txt")
				symlink(t, "d", "dlink")
			},
			args: []string{"d", "dlink"},
			docs: []doc{
				{"a", "d/a.txt", "alpha"},
				{"link", "d/link.txt", "beta"},
			},
			skips: []skip{
				{"d/broken.txt", "broken symbolic link: no such file or directory"},
				{"d/e", "symbolic link to a directory, not followed"},
				{"d/loop", "symbolic link to a directory, not followed"},
				{"dlink/a.txt", "same file as d/a.txt"},
				{"dlink/broken.txt", "broken symbolic link: no such file or directory"},
				{"dlink/e", "symbolic link to a directory, not followed"},
				{"dlink/link.txt", "same file as d/link.txt"},
				{"dlink/loop", "symbolic link to a directory, not followed"},
			},
		},
		{
			name:  "too large",
			files: map[string]string{"a.txt": "alpha"},
			setup: func(t *testing.T) {
				f, err := os.Create("big.txt")
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				// A sparse file: nothing is written or read.
				if err := f.Truncate(MaxSize + 1); err != nil {
					t.Skipf("cannot make a %d-byte sparse file: %v", int64(MaxSize+1), err)
				}
			},
			args:  []string{"big.txt", "a.txt"},
			docs:  []doc{{"a", "a.txt", "alpha"}},
			skips: []skip{{"big.txt", "too large: 2147483648 bytes, the limit is 2147483647 bytes"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			writeFiles(t, tt.files)
			if tt.setup != nil {
				tt.setup(t)
			}
			docs, skipped, err := Read(tt.args, strings.NewReader(tt.stdin))
			if err != nil {
				t.Fatalf("Read(%q): %v", tt.args, err)
			}
			checkDocs(t, docs, tt.docs)
			checkSkipped(t, skipped, tt.skips)
		})
	}
}

func checkDocs(t *testing.T, got []churn.Document, want []doc) {
	t.Helper()
	var g []doc
	for _, d := range got {
		g = append(g, doc{d.ID, filepath.ToSlash(d.Name), string(d.Text)})
	}
	if fmt.Sprint(g) != fmt.Sprint(want) {
		t.Errorf("docs:\ngot  %q\nwant %q", g, want)
	}
}

func checkSkipped(t *testing.T, got []churn.Skipped, want []skip) {
	t.Helper()
	var g []skip
	for _, s := range got {
		g = append(g, skip{filepath.ToSlash(s.Name), s.Reason})
	}
	if fmt.Sprint(g) != fmt.Sprint(want) {
		t.Errorf("skipped:\ngot  %q\nwant %q", g, want)
	}
}

func TestReadUnreadable(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFiles(t, map[string]string{
		"secret.txt":     "alpha",
		"d/a.txt":        "beta",
		"d/locked/b.txt": "gamma",
		"e/c.txt":        "delta",
	})
	for _, name := range []string{"secret.txt", "d/locked", "e"} {
		if err := os.Chmod(name, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(name, 0o755) })
	}
	if f, err := os.Open("secret.txt"); err == nil {
		f.Close()
		t.Skip("a file with mode 000 is readable (running as root?)")
	}
	docs, skipped, err := Read([]string{"secret.txt", "d", "e"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkDocs(t, docs, []doc{{"a", "d/a.txt", "beta"}})
	checkSkipped(t, skipped, []skip{
		{"secret.txt", "permission denied"},
		{"d/locked", "cannot read directory: permission denied"},
		{"e", "cannot read directory: permission denied"},
	})
}

func TestReadUsageErrors(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFiles(t, map[string]string{"a.txt": "alpha"})
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"stdin twice", []string{"-", "a.txt", "-"}, `corpus: standard input ("-") given more than once`},
		{"empty path", []string{"a.txt", ""}, "corpus: empty path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdin := strings.NewReader("from stdin")
			docs, skipped, err := Read(tt.args, stdin)
			var ue UsageError
			if !errors.As(err, &ue) {
				t.Fatalf("Read(%q) error = %v, want a UsageError", tt.args, err)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %q, want %q", err, tt.want)
			}
			if docs != nil || skipped != nil {
				t.Errorf("got docs %v and skipped %v with the error", docs, skipped)
			}
			if stdin.Len() != len("from stdin") {
				t.Errorf("standard input was read despite the error")
			}
		})
	}
	t.Run("no stdin", func(t *testing.T) {
		var r Reader
		_, _, err := r.Read([]string{"-"})
		var ue UsageError
		if err == nil || errors.As(err, &ue) || !strings.HasPrefix(err.Error(), "corpus: ") {
			t.Errorf("Read with nil Stdin: error = %v, want a plain corpus error", err)
		}
	})
}

// errReader fails after returning some data.
type errReader struct{ n int }

func (r *errReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, errors.New("connection reset")
	}
	r.n--
	return copy(p, "x"), nil
}

func TestReaderStdin(t *testing.T) {
	tests := []struct {
		name  string
		r     Reader
		docs  []doc
		skips []skip
	}{
		{
			name:  "over MaxSize",
			r:     Reader{Stdin: strings.NewReader("0123456789ab"), MaxSize: 10},
			skips: []skip{{"-", "too large: more than 10 bytes, the limit is 10 bytes"}},
		},
		{
			name: "at MaxSize",
			r:    Reader{Stdin: strings.NewReader("0123456789"), MaxSize: 10},
			docs: []doc{{"stdin", "-", "0123456789"}},
		},
		{
			name:  "read error",
			r:     Reader{Stdin: &errReader{n: 3}},
			skips: []skip{{"-", "cannot read standard input: connection reset"}},
		},
		{
			name: "large input",
			r:    Reader{Stdin: strings.NewReader(strings.Repeat("abc ", 100000))},
			docs: []doc{{"stdin", "-", strings.Repeat("abc ", 100000)}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, skipped, err := tt.r.Read([]string{"-"})
			if err != nil {
				t.Fatal(err)
			}
			checkDocs(t, docs, tt.docs)
			checkSkipped(t, skipped, tt.skips)
		})
	}
}

func TestReaderMaxSizeFile(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFiles(t, map[string]string{"a.txt": "0123456789", "b.txt": "0123456789ab"})
	r := Reader{MaxSize: 10}
	docs, skipped, err := r.Read([]string{"a.txt", "b.txt"})
	if err != nil {
		t.Fatal(err)
	}
	checkDocs(t, docs, []doc{{"a", "a.txt", "0123456789"}})
	checkSkipped(t, skipped, []skip{{"b.txt", "too large: 12 bytes, the limit is 10 bytes"}})
}

func TestReadDeterministic(t *testing.T) {
	t.Chdir(t.TempDir())
	files := map[string]string{}
	for i := range 50 {
		files[fmt.Sprintf("d/%c/%02d.txt", 'a'+i%5, i)] = fmt.Sprint("text ", i)
		files[fmt.Sprintf("d/%c/x.txt", 'a'+i%5)] = "same stem"
	}
	writeFiles(t, files)
	first, _, err := Read([]string{"d"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 55 {
		t.Fatalf("got %d documents, want 55", len(first))
	}
	ids := map[string]bool{}
	for _, d := range first {
		if ids[d.ID] {
			t.Errorf("duplicate ID %q", d.ID)
		}
		ids[d.ID] = true
	}
	for range 3 {
		again, _, err := Read([]string{"d"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(again) != fmt.Sprint(first) {
			t.Fatal("Read gave different results for the same input")
		}
	}
}

func TestAssignIDs(t *testing.T) {
	tests := []struct {
		names []string // "-" is standard input
		want  []string
	}{
		{[]string{"a.txt", "b.txt"}, []string{"a", "b"}},
		{[]string{"x/a.txt", "y/a.txt"}, []string{"x/a", "y/a"}},
		{[]string{"/abs/x/a.txt", "rel/a.txt"}, []string{"/abs/x/a", "rel/a"}},
		{[]string{"../up/a.txt", "./a.txt"}, []string{"../up/a", "a"}},
		{[]string{"r/2024/01/a.txt", "r/2024/02/a.txt", "r/2024/b.txt"}, []string{"01/a", "02/a", "b"}},
		{[]string{"a.txt", "a.md", "a"}, []string{"a", "a#2", "a#3"}},
		{[]string{"a.b.txt", "a.b"}, []string{"a.b", "a"}},
		{[]string{"-", "-"}, []string{"stdin", "stdin#2"}},
		{[]string{"d/.profile", "e/.profile"}, []string{"d/.profile", "e/.profile"}},
	}
	for _, tt := range tests {
		docs := make([]found, len(tt.names))
		for i, n := range tt.names {
			docs[i] = found{doc: churn.Document{Name: n}, stdin: n == "-"}
		}
		assignIDs(docs)
		var got []string
		for _, d := range docs {
			got = append(got, d.doc.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("IDs of %q = %q, want %q", tt.names, got, tt.want)
		}
	}
}

func TestSeeds(t *testing.T) {
	docs, err := Seeds()
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 5 {
		t.Fatalf("got %d seeds, want 5", len(docs))
	}
	for i, d := range docs {
		if want := fmt.Sprintf("%03d", i); d.ID != want {
			t.Errorf("seed %d: ID %q, want %q", i, d.ID, want)
		}
		if !strings.HasPrefix(d.Name, "seeds/"+d.ID+"_") || !strings.HasSuffix(d.Name, ".txt") {
			t.Errorf("seed %d: Name %q", i, d.Name)
		}
		if why := unusable(d.Text); why != "" {
			t.Errorf("seed %s is unusable: %s", d.ID, why)
		}
	}
	// Every call returns its own copies.
	docs[0].Text[0] ^= 0xFF
	again, err := Seeds()
	if err != nil {
		t.Fatal(err)
	}
	if again[0].Text[0] == docs[0].Text[0] {
		t.Error("Seeds returned shared text")
	}
}
