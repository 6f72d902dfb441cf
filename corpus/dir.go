package corpus

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// readDir walks the directory root for files of supported formats.
func (rd *reading) readDir(root string) {
	read := 0               // files chosen to be read, usable or not
	unreadableRoot := false // already reported
	var walk func(dir, rel string)
	walk = func(dir, rel string) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			// entries holds what was read before the error, if anything.
			rd.unreadable(dir, "cannot read directory: "+reason(err))
			unreadableRoot = dir == root && len(entries) == 0
		}
		for _, e := range entries {
			name := e.Name()
			path := filepath.Join(dir, name)
			relPath := name
			if rel != "" {
				relPath = rel + "/" + name
			}
			typ := e.Type()
			if strings.HasPrefix(name, ".") {
				if typ.IsDir() {
					rd.ignore(path, reasonHiddenDir)
				} else {
					rd.ignore(path, reasonHidden)
				}
				continue
			}
			if p, ok := matchAny(rd.exclude, relPath); ok {
				rd.ignore(path, reasonExcluded+p)
				continue
			}
			if typ.IsDir() {
				walk(path, relPath)
				continue
			}
			if typ&fs.ModeSymlink != 0 {
				fi, err := os.Stat(path)
				if err != nil {
					rd.unreadable(path, "broken symbolic link: "+reason(err))
					continue
				}
				if fi.IsDir() {
					rd.ignore(path, reasonDirLink)
					continue
				}
				typ = fi.Mode().Type()
			}
			if len(rd.include) > 0 {
				if _, ok := matchAny(rd.include, relPath); !ok {
					rd.ignore(path, reasonNotIncluded)
					continue
				}
			} else if !supportedName(name) {
				if otherExts[ext(name)] || !typ.IsRegular() {
					rd.ignore(path, reasonUnsupported)
					continue
				}
				if !sniffFile(path) {
					rd.ignore(path, reasonUnsniffed)
					continue
				}
			}
			read++
			if !typ.IsRegular() {
				// Opening a named pipe or device found in a folder could
				// block or never end.
				rd.unreadable(path, "not a regular file")
				continue
			}
			rd.readFile(path)
		}
	}
	walk(root, "")
	if read == 0 && !unreadableRoot {
		rd.skip(root, "directory contains no supported files")
	}
}

// sniffFile reports whether the file at path, found in a directory with
// an extension of no supported format, is to be read for its content
// (see sniffable). A file that cannot be read is, so that readFile
// reports why.
func sniffFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return true
	}
	defer f.Close()
	var r io.Reader = f
	br := bufio.NewReaderSize(f, sniffLen)
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == gzipMagic[0] && head[1] == gzipMagic[1] {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return false
		}
		r = zr
	} else {
		r = br
	}
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return !errors.Is(err, gzip.ErrChecksum) && !errors.Is(err, gzip.ErrHeader) && !isFlateError(err)
	}
	_, ok := sniffable(head[:n])
	return ok
}

// readFile reads one file (regular or named pipe).
func (rd *reading) readFile(path string) {
	f, err := os.Open(path)
	if err != nil {
		rd.unreadable(path, reason(err))
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		rd.unreadable(path, reason(err))
		return
	}
	regular := fi.Mode().IsRegular()
	var size int64
	if regular {
		for _, s := range rd.seen[fi.Size()] {
			if os.SameFile(s.info, fi) {
				rd.ignore(path, reasonSameFile+s.name)
				return
			}
		}
		rd.seen[fi.Size()] = append(rd.seen[fi.Size()], seenFile{path, fi})
		size = fi.Size()
		// Files read whole can be refused before reading them.
		form := rd.format
		if form == Auto {
			form = formatOfName(path)
		}
		_, gz := trimGz(path)
		if form != Auto && !form.streamed() && !gz && size > rd.max {
			rd.skip(path, fmt.Sprintf("too large: %d bytes, the limit is %d bytes", size, rd.max))
			return
		}
	}
	rd.readStream(path, f, size, false)
}
