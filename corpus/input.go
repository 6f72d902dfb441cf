package corpus

// This file reads one input: decompression, format detection, charset
// decoding, repair and the size limit; corpus.go finds the inputs and
// gathers what they hold.

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/churnalism/churn"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// gzipMagic starts every gzip stream.
var gzipMagic = []byte{0x1f, 0x8b}

// readStream reads one input, a file or standard input, named name, of
// size bytes if known (else 0): it decompresses it if need be, finds its
// format and reads it as that format.
func (rd *reading) readStream(name string, r io.Reader, size int64, stdin bool) {
	br := bufio.NewReaderSize(r, 64<<10)
	inner, gz := trimGz(name)
	if stdin {
		inner = ""
	}
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == gzipMagic[0] && head[1] == gzipMagic[1] {
		gz = true
	}
	in := &input{name: name, stdin: stdin, gz: gz}
	var src io.Reader = br
	if gz {
		zr, err := gzip.NewReader(br)
		if err != nil {
			if err == io.EOF {
				rd.skip(name, "empty file")
			} else {
				rd.skipAs(name, in.errKind(err), in.readErr(err))
			}
			return
		}
		src = zr
		size = 0
	}
	bz := bufio.NewReaderSize(src, 64<<10)
	format := rd.format
	if format == Auto {
		format = formatOfName(inner)
	}
	if format == Auto {
		head, _ := bz.Peek(sniffLen)
		format = sniff(head)
	}
	if format.streamed() {
		// A byte order mark applies to the whole stream.
		if head, _ := bz.Peek(3); len(head) >= 2 {
			var enc *unicode.Endianness
			switch {
			case head[0] == 0xFF && head[1] == 0xFE:
				e := unicode.LittleEndian
				enc = &e
				in.notes = []string{"decoded from utf-16le (byte order mark)"}
			case head[0] == 0xFE && head[1] == 0xFF:
				e := unicode.BigEndian
				enc = &e
				in.notes = []string{"decoded from utf-16be (byte order mark)"}
			case len(head) == 3 && string(head) == string(utf8BOM):
				bz.Discard(3)
			}
			if enc != nil {
				bz.Discard(2)
			} else if head, _ := bz.Peek(sniffLen); len(head) > 0 {
				if cs, ok := utf16NoBOM(head); ok {
					e := unicode.LittleEndian
					if cs.name == utf16BECharset.name {
						e = unicode.BigEndian
					}
					enc = &e
					in.notes = []string{utf16Note(cs)}
					rd.warn(name, utf16Note(cs))
				}
			}
			if enc != nil {
				dec := unicode.UTF16(*enc, unicode.IgnoreBOM).NewDecoder()
				bz = bufio.NewReaderSize(transform.NewReader(bz, dec), 64<<10)
			}
		}
	}
	switch format {
	case JSONL:
		rd.readJSONL(in, bz)
	case CSV:
		rd.readCSV(in, bz, ',')
	case TSV:
		rd.readCSV(in, bz, '\t')
	case WARC:
		rd.readWARC(in, bz)
	default:
		data, tooLarge, err := readLimited(bz, size, rd.max)
		switch {
		case err != nil:
			rd.skipAs(name, in.errKind(err), in.readErr(err))
			return
		case tooLarge:
			rd.skip(name, fmt.Sprintf("too large: more than %d bytes, the limit is %d bytes", rd.max, rd.max))
			return
		}
		switch format {
		case HTML:
			rd.readHTML(in, data)
		case Feed:
			rd.readFeed(in, data)
		case JSON:
			rd.readJSON(in, data)
		default:
			rd.readText(in, data)
		}
	}
}

// input is the input being read.
type input struct {
	name  string   // path or "-"
	stdin bool     // standard input
	gz    bool     // gzip-compressed
	notes []string // notes for every document of the input
	// guess is the charset guessed for the records of the input that are
	// not valid UTF-8, from the first of them, and how; nil until then.
	// It is set once, by the goroutine that reads the records in order,
	// and may be read by others (see readJSONLParallel).
	guess atomic.Pointer[recordGuess]
}

// at returns the name of a place in the input: "path:12",
// "path:item 3"...
func (in *input) at(loc string) string { return in.name + ":" + loc }

// readErr turns an error met while reading the input into a reason.
func (in *input) readErr(err error) string {
	switch {
	case in.gz && errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated gzip data"
	case in.gz && (errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader)):
		return "corrupt gzip data: " + err.Error()
	case in.gz && isFlateError(err):
		return "corrupt gzip data: " + err.Error()
	case in.stdin:
		return "cannot read standard input: " + reason(err)
	}
	return reason(err)
}

// errKind is the kind of a skipped input that readErr describes: a
// problem for damaged gzip data, unreadable for the input itself.
func (in *input) errKind(err error) churn.SkipKind {
	if in.gz && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) ||
		errors.Is(err, gzip.ErrHeader) || isFlateError(err)) {
		return churn.SkipProblem
	}
	return churn.SkipUnreadable
}

// isFlateError reports whether err comes from decompression.
func isFlateError(err error) bool {
	return strings.HasPrefix(err.Error(), "flate: ")
}

// readText reads data as one plain-text document.
func (rd *reading) readText(in *input, data []byte) {
	d, ok := rd.decodeFile(in, data)
	if !ok {
		return
	}
	if isBlank(d.text) {
		rd.skip(in.name, "empty file")
		return
	}
	meta := churn.Meta{Notes: d.notes, Offsets: churn.OffsetsFile}
	text := rd.repairText(d.text, &meta)
	if d.changed(data) || !bytes.Equal(text, d.text) || len(in.notes) > 0 {
		meta.Offsets = churn.OffsetsDecoded
	}
	rd.add(found{doc: churn.Document{Name: in.name, Text: text, Meta: meta}, stdin: in.stdin, warn: d.warn})
}

// decodeFile decodes a whole file's bytes to UTF-8. An empty or binary
// file is skipped, with ok false.
func (rd *reading) decodeFile(in *input, data []byte) (d decoded, ok bool) {
	if isBlank(data) {
		rd.skip(in.name, "empty file")
		return d, false
	}
	d = decode(data, nil, rd.charset, false)
	if why := rd.binary(data, d.text, d.known); why != "" {
		rd.skip(in.name, why)
		return decoded{}, false
	}
	return d, true
}

// binary returns why raw, decoded to text, is binary data, or "". The
// share of invalid UTF-8 is judged on the raw bytes when the charset was
// not known but guessed, and NUL bytes always count unless the input was
// UTF-16.
func (rd *reading) binary(raw, text []byte, known bool) string {
	if known {
		return binaryEvidence(text)
	}
	return binaryEvidence(raw)
}

// repairText repairs double-encoded UTF-8 in text and meta.Title, if
// repairs are on, noting what was done in meta.
func (rd *reading) repairText(text []byte, meta *churn.Meta) []byte {
	if !rd.repair {
		return text
	}
	out, n, ex := repairMojibake(text)
	if n > 0 {
		meta.Notes = append(meta.Notes, repairNote(n, ex))
	}
	if meta.Title != "" {
		if t, n, _ := repairMojibake([]byte(meta.Title)); n > 0 {
			meta.Title = string(t)
			meta.Notes = append(meta.Notes, "repaired double-encoded UTF-8 in the title")
		}
	}
	return out
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
