// Package corpus reads the documents churn compares: text files, folders of
// text files, standard input and the embedded sample corpus (package seeds).
//
// Reading is where real-world input goes wrong: a folder of a thousand
// articles holds a stray PDF, an empty file, a .DS_Store, a file the user
// cannot read. None of these should abort the run, and none should vanish
// either. So problems with one input never stop the others: each becomes a
// churn.Skipped with a short reason ("empty file", "binary data: NUL byte at
// offset 12"), which the caller prints and carries into its report. Only
// mistakes in the call itself, such as "-" given twice, are errors (of type
// UsageError).
//
// The rules of Read:
//
//   - A path naming a file is read whatever its extension. A directory is
//     walked recursively in lexical order; in it, only files whose names
//     end in .txt (in any case) are documents, and every other entry is
//     listed as skipped: "not a .txt file", "hidden file" or "hidden
//     directory" for names starting with "." (not descended into), and
//     "symbolic link to a directory, not followed" (so links cannot make
//     the walk loop). Symbolic links to files are followed.
//   - A named pipe given as a path is read too, so that a shell's
//     process substitution works (churn <(command)); other special files,
//     and named pipes found in directories, are "not a regular file".
//     A directory that cannot be read is "cannot read directory: " and
//     the cause.
//   - "-" is standard input: Name "-", ID "stdin". It may be given once.
//   - Documents that are empty or whitespace-only, look binary (see
//     below), are larger than MaxSize or are the same file as an earlier
//     document are skipped.
//   - Documents and skipped inputs come in the order of the arguments, and
//     within a directory in lexical order, so the same arguments always
//     give the same result.
//
// Document IDs are short labels for tables: the file name without directory
// and extension ("story" for news/2024/story.txt). When several documents
// would share an ID, each of them gets its path without extension instead,
// relative to the deepest directory they have in common ("2024/story",
// "2025/story"), and any that still collide get "#2", "#3"... in input
// order. Names are the paths as given, joined with the entries found in
// directories.
//
// A document is binary if its first 8 KiB hold a NUL byte, start with a
// UTF-16 byte order mark, or are more than 30% invalid UTF-8 and control
// characters. Text in a legacy 8-bit encoding of a Latin-script language
// (an Italian article in Latin-1, say) stays well below that and is read,
// since churn tolerates invalid UTF-8; above it, shingles would be mostly
// U+FFFD and similarity meaningless.
//
// Each kind of source has its own method on the unexported reading state
// (file, directory, standard input); new kinds of input (JSONL, CSV, HTML,
// feeds) are meant to be added the same way, with any settings they need
// as fields of Reader.
package corpus

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/shingle"
)

// MaxSize is the largest document, in bytes, that the package reads: 2 GiB
// - 1, the most that shingle can map with its int32 offsets. Larger inputs
// are skipped without being read into memory.
const MaxSize = shingle.MaxTextLen

// Stdin is the path that stands for standard input.
const Stdin = "-"

// StdinID is the ID of the document read from standard input.
const StdinID = "stdin"

// UsageError reports a mistake in the arguments given to Read, such as "-"
// given twice, as opposed to a problem with one input (which is a
// churn.Skipped). A command line should report it as a usage error.
type UsageError struct {
	Err error // what is wrong, without the "corpus: " prefix
}

// Error returns the message prefixed with "corpus: ".
func (e UsageError) Error() string { return "corpus: " + e.Err.Error() }

// Unwrap returns e.Err.
func (e UsageError) Unwrap() error { return e.Err }

// Reader reads documents from paths. The zero value reads files and
// directories, with no standard input.
type Reader struct {
	// Stdin is read for the path "-". If it is nil, "-" is an error.
	Stdin io.Reader
	// MaxSize is the largest document accepted, in bytes; larger ones are
	// skipped. Zero, negative values and values above the package's
	// MaxSize mean MaxSize.
	MaxSize int64
}

// Read reads the documents named by paths with a Reader whose standard
// input is stdin. See (*Reader).Read.
func Read(paths []string, stdin io.Reader) (docs []churn.Document, skipped []churn.Skipped, err error) {
	r := Reader{Stdin: stdin}
	return r.Read(paths)
}

// Read reads the documents named by paths: files, directories (walked
// recursively for .txt files) and "-" for r.Stdin, following the rules in
// the package comment. Inputs that cannot be used are returned in skipped,
// in input order, with the reason. A nil or empty paths gives no
// documents. The error is non-nil only for a mistake in the call itself: a
// UsageError for "-" given twice or an empty path, or a plain error if "-"
// is given and r.Stdin is nil. Nothing is read in that case.
func (r *Reader) Read(paths []string) (docs []churn.Document, skipped []churn.Skipped, err error) {
	stdinSeen := false
	for _, p := range paths {
		switch p {
		case "":
			return nil, nil, UsageError{errors.New("empty path")}
		case Stdin:
			if stdinSeen {
				return nil, nil, UsageError{errors.New(`standard input ("-") given more than once`)}
			}
			stdinSeen = true
			if r.Stdin == nil {
				return nil, nil, errors.New(`corpus: "-" given but Reader.Stdin is nil`)
			}
		}
	}
	rd := reading{max: r.maxSize(), stdin: r.Stdin, seen: map[int64][]seenFile{}}
	for _, p := range paths {
		if p == Stdin {
			rd.readStdin()
		} else {
			rd.readPath(p)
		}
	}
	assignIDs(rd.docs)
	docs = make([]churn.Document, len(rd.docs))
	for i, d := range rd.docs {
		docs[i] = d.doc
	}
	return docs, rd.skipped, nil
}

func (r *Reader) maxSize() int64 {
	if r.MaxSize <= 0 || r.MaxSize > MaxSize {
		return MaxSize
	}
	return r.MaxSize
}

// reading is the state of one call to Reader.Read.
type reading struct {
	max     int64
	stdin   io.Reader
	docs    []found
	skipped []churn.Skipped
	seen    map[int64][]seenFile // regular files read, by size
}

// found is a document read, before IDs are assigned.
type found struct {
	doc   churn.Document
	stdin bool
}

// seenFile identifies a file already read, to skip it if named again.
type seenFile struct {
	name string
	info os.FileInfo
}

func (rd *reading) skip(name, reason string) {
	rd.skipped = append(rd.skipped, churn.Skipped{Name: name, Reason: reason})
}

func (rd *reading) add(name string, text []byte, stdin bool) {
	rd.docs = append(rd.docs, found{doc: churn.Document{Name: name, Text: text}, stdin: stdin})
}

// readStdin reads standard input as the document "-".
func (rd *reading) readStdin() {
	data, tooLarge, err := readLimited(rd.stdin, 0, rd.max)
	switch {
	case err != nil:
		rd.skip(Stdin, "cannot read standard input: "+reason(err))
	case tooLarge:
		rd.skip(Stdin, fmt.Sprintf("too large: more than %d bytes, the limit is %d bytes", rd.max, rd.max))
	default:
		if why := unusable(data); why != "" {
			rd.skip(Stdin, why)
			return
		}
		rd.add(Stdin, data, true)
	}
}

// readPath reads a path given as an argument: a file of any kind of name,
// or a directory.
func (rd *reading) readPath(p string) {
	fi, err := os.Stat(p)
	if err != nil {
		rd.skip(p, reason(err))
		return
	}
	switch {
	case fi.IsDir():
		rd.readDir(p)
	case fi.Mode().IsRegular(), fi.Mode()&fs.ModeNamedPipe != 0:
		// Named pipes are read so that churn <(command) works.
		rd.readFile(p)
	default:
		rd.skip(p, "not a regular file")
	}
}

// readDir walks the directory root for .txt files.
func (rd *reading) readDir(root string) {
	txt := 0                // .txt files found, used or not
	unreadableRoot := false // already reported
	var walk func(dir string)
	walk = func(dir string) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			// entries holds what was read before the error, if anything.
			rd.skip(dir, "cannot read directory: "+reason(err))
			unreadableRoot = dir == root && len(entries) == 0
		}
		for _, e := range entries {
			name := e.Name()
			path := filepath.Join(dir, name)
			typ := e.Type()
			if strings.HasPrefix(name, ".") {
				if typ.IsDir() {
					rd.skip(path, "hidden directory")
				} else {
					rd.skip(path, "hidden file")
				}
				continue
			}
			if typ.IsDir() {
				walk(path)
				continue
			}
			if typ&fs.ModeSymlink != 0 {
				fi, err := os.Stat(path)
				if err != nil {
					rd.skip(path, "broken symbolic link: "+reason(err))
					continue
				}
				if fi.IsDir() {
					rd.skip(path, "symbolic link to a directory, not followed")
					continue
				}
				typ = fi.Mode().Type()
			}
			if !isTxt(name) {
				rd.skip(path, "not a .txt file")
				continue
			}
			txt++
			if !typ.IsRegular() {
				// Opening a named pipe or device found in a folder could
				// block or never end.
				rd.skip(path, "not a regular file")
				continue
			}
			rd.readFile(path)
		}
	}
	walk(root)
	if txt == 0 && !unreadableRoot {
		rd.skip(root, "directory contains no .txt files")
	}
}

// readFile reads one file (regular or named pipe) as a document.
func (rd *reading) readFile(path string) {
	f, err := os.Open(path)
	if err != nil {
		rd.skip(path, reason(err))
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		rd.skip(path, reason(err))
		return
	}
	regular := fi.Mode().IsRegular()
	if regular {
		if fi.Size() > rd.max {
			rd.skip(path, fmt.Sprintf("too large: %d bytes, the limit is %d bytes", fi.Size(), rd.max))
			return
		}
		for _, s := range rd.seen[fi.Size()] {
			if os.SameFile(s.info, fi) {
				rd.skip(path, "same file as "+s.name)
				return
			}
		}
	}
	var size int64
	if regular {
		size = fi.Size()
	}
	data, tooLarge, err := readLimited(f, size, rd.max)
	switch {
	case err != nil:
		rd.skip(path, reason(err))
		return
	case tooLarge:
		rd.skip(path, fmt.Sprintf("too large: more than %d bytes, the limit is %d bytes", rd.max, rd.max))
		return
	}
	if regular {
		rd.seen[fi.Size()] = append(rd.seen[fi.Size()], seenFile{path, fi})
	}
	if why := unusable(data); why != "" {
		rd.skip(path, why)
		return
	}
	rd.add(path, data, false)
}

// readLimited reads r to the end, or until it has read more than max
// bytes, in which case it reports tooLarge and returns no data. size is
// the expected length, or 0 if unknown.
func readLimited(r io.Reader, size, max int64) (data []byte, tooLarge bool, err error) {
	n := size + 512 // room to see EOF without growing
	if size <= 0 || size > max || n > math.MaxInt {
		n = 512
	}
	buf := make([]byte, 0, n)
	lr := &io.LimitedReader{R: r, N: max + 1}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false, err
		}
	}
	if int64(len(buf)) > max {
		return nil, true, nil
	}
	return buf, false, nil
}

// reason turns an error from the file system into a short reason: the
// path is already the Skipped's Name, so only the cause is kept ("no such
// file or directory", "permission denied").
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// isTxt reports whether name ends in .txt, in any case.
func isTxt(name string) bool {
	return strings.EqualFold(filepath.Ext(name), ".txt")
}
