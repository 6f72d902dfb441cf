package corpus

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httputil"
	"sort"
	"strconv"
	"strings"

	"github.com/churnalism/churn"
)

// WARC limits: a header line, and a record's header block.
const (
	warcMaxLine   = 64 << 10
	warcMaxHeader = 1 << 20
)

// warcReader reads a WARC stream, counting the bytes consumed.
type warcReader struct {
	r   *bufio.Reader
	off int64 // bytes consumed: the offset of what comes next
	buf []byte
}

// line reads a line, without its line break, of at most warcMaxLine
// bytes (longer lines are consumed, and tooLong set).
func (w *warcReader) line() (line []byte, tooLong bool, err error) {
	w.buf = w.buf[:0]
	for {
		chunk, err := w.r.ReadSlice('\n')
		w.off += int64(len(chunk))
		if !tooLong {
			if len(w.buf)+len(chunk) > warcMaxLine+2 {
				tooLong = true
			} else {
				w.buf = append(w.buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if tooLong {
			return nil, true, err
		}
		line = bytes.TrimSuffix(w.buf, []byte{'\n'})
		return bytes.TrimSuffix(line, []byte{'\r'}), false, err
	}
}

// read reads exactly n bytes.
func (w *warcReader) read(n int64) ([]byte, error) {
	buf := make([]byte, n)
	m, err := io.ReadFull(w.r, buf)
	w.off += int64(m)
	return buf, err
}

// discard skips n bytes.
func (w *warcReader) discard(n int64) error {
	m, err := io.CopyN(io.Discard, w.r, n)
	w.off += m
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return err
}

// warcRecord is a record's header.
type warcRecord struct {
	num    int   // 1-based
	offset int64 // where it starts in the (decompressed) stream
	header map[string]string
}

// get returns a header's value (names in lower case).
func (r *warcRecord) get(name string) string { return r.header[name] }

// readWARC reads a WARC file: each HTML page in a response or resource
// record is a document; the other records are counted.
func (rd *reading) readWARC(in *input, r *bufio.Reader) {
	w := &warcReader{r: r}
	other := map[string]int{}
	recNum := 0
	junk := false // skipping bytes that are not a record, to the next
	for {
		start := w.off
		line, tooLong, err := w.line()
		if err != nil && err != io.EOF {
			if recNum == 0 && start == 0 {
				rd.skip(in.name, in.readErr(err))
			} else {
				rd.skip(in.at(fmt.Sprintf("offset %d", start)), rd.warcErr(in, err))
			}
			break
		}
		if err == io.EOF && len(line) == 0 && !tooLong {
			break
		}
		if tooLong || !bytes.HasPrefix(line, []byte("WARC/")) {
			if len(bytes.TrimSpace(line)) == 0 && !tooLong {
				if err == io.EOF {
					break
				}
				continue // blank lines between records
			}
			if !junk {
				junk = true
				rd.skip(in.at(fmt.Sprintf("offset %d", start)), `not a WARC record (no "WARC/1.x" line): skipped to the next record`)
			}
			if err == io.EOF {
				break
			}
			continue
		}
		junk = false
		recNum++
		rec := &warcRecord{num: recNum, offset: start, header: map[string]string{}}
		name := in.at(fmt.Sprintf("record %d (offset %d)", rec.num, rec.offset))
		if err == io.EOF {
			rd.skip(name, "truncated")
			break
		}
		why, fatal, err := w.header(rec)
		if err != nil {
			rd.skip(name, rd.warcErr(in, err))
			break
		}
		if why != "" {
			if fatal {
				rd.skip(name, why)
				break
			}
			rd.skip(name, why)
			junk = true
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(rec.get("content-length")), 10, 64)
		if err != nil || n < 0 {
			rd.skip(name, "missing or invalid Content-Length: skipped to the next record")
			junk = true
			continue
		}
		kind, page := warcKind(rec)
		if page && n > rd.max+warcMaxHeader {
			rd.skip(name, fmt.Sprintf("too large: %d bytes, the limit is %d bytes", n, rd.max))
			page = false
			kind = ""
		}
		if !page {
			if err := w.discard(n); err != nil {
				rd.skip(name, rd.warcErr(in, err))
				break
			}
			if kind != "" {
				other[kind]++
			}
			continue
		}
		block, err := w.read(n)
		if err != nil {
			rd.skip(name, rd.warcErr(in, err))
			break
		}
		if kind := rd.warcPage(in, rec, name, block); kind != "" {
			other[kind]++
		}
	}
	if recNum == 0 && len(other) == 0 && w.off == 0 {
		rd.skip(in.name, "empty file")
		return
	}
	if len(other) > 0 {
		rd.ignore(in.name, reasonWARCOther+countList(other))
	}
}

// warcErr turns an error met inside a record into a reason.
func (rd *reading) warcErr(in *input, err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
		if in.gz {
			return "truncated (truncated gzip data)"
		}
		return "truncated"
	}
	return in.readErr(err)
}

// header reads a record's header lines into rec, up to the blank line
// ending them. It returns why it could not, and whether reading must stop
// there (at the end of the input), or the error that stopped it.
func (w *warcReader) header(rec *warcRecord) (why string, fatal bool, err error) {
	size := 0
	last := ""
	for {
		line, tooLong, err := w.line()
		if err != nil && err != io.EOF {
			return "", true, err
		}
		if tooLong {
			return "header line too long: skipped to the next record", false, nil
		}
		size += len(line)
		if size > warcMaxHeader {
			return "header too long: skipped to the next record", false, nil
		}
		if len(line) == 0 {
			if err == io.EOF {
				return "truncated", true, nil
			}
			return "", false, nil
		}
		if (line[0] == ' ' || line[0] == '\t') && last != "" {
			rec.header[last] += " " + string(bytes.TrimSpace(line))
		} else if k, v, ok := bytes.Cut(line, []byte{':'}); ok {
			last = strings.ToLower(string(bytes.TrimSpace(k)))
			if _, dup := rec.header[last]; !dup {
				rec.header[last] = string(bytes.TrimSpace(v))
			}
		}
		if err == io.EOF {
			return "truncated", true, nil
		}
	}
}

// warcKind returns what a record is for counting ("request", "response
// image/jpeg"...), and whether its block is to be read as a page.
func warcKind(rec *warcRecord) (kind string, page bool) {
	typ := strings.ToLower(rec.get("warc-type"))
	ct := strings.ToLower(rec.get("content-type"))
	switch typ {
	case "response":
		if strings.HasPrefix(ct, "application/http") || ct == "" {
			return "", true
		}
		return "response " + mediaType(ct), false
	case "resource":
		if isHTMLType(mediaType(ct)) {
			return "", true
		}
		return "resource " + mediaType(ct), false
	case "":
		return "record without WARC-Type", false
	}
	return clip(typ, 40), false
}

// mediaType returns the media type of a Content-Type value, lower case,
// without parameters, or "unknown type".
func mediaType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt, _, _ = strings.Cut(ct, ";")
	}
	mt = strings.ToLower(strings.TrimSpace(mt))
	if mt == "" {
		return "unknown type"
	}
	return clip(mt, 60)
}

// isHTMLType reports whether a media type is HTML.
func isHTMLType(mt string) bool {
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// warcPage reads the block of a response or resource record as an HTML
// page, and returns "" or, if it is not a page, the kind to count it as.
func (rd *reading) warcPage(in *input, rec *warcRecord, name string, block []byte) (kind string) {
	var payload []byte
	ct := ""
	if strings.EqualFold(rec.get("warc-type"), "resource") {
		payload, ct = block, rec.get("content-type")
	} else {
		if !bytes.HasPrefix(block, []byte("HTTP/")) {
			return "response (not HTTP)"
		}
		status, header, body, ok := splitHTTP(block)
		if !ok {
			rd.skip(name, "malformed HTTP response: no end of headers")
			return ""
		}
		if status < 200 || status > 299 {
			return fmt.Sprintf("response status %d", status)
		}
		ct = header["content-type"]
		if ct == "" {
			ct = rec.get("warc-identified-payload-type")
		}
		if ct == "" {
			ct = http.DetectContentType(body)
		}
		if !isHTMLType(mediaType(ct)) {
			return "response " + mediaType(ct)
		}
		var err error
		if body, err = decodeHTTPBody(body, header, rd.max); err != nil {
			rd.skip(name, err.Error())
			return ""
		}
		payload = body
	}
	target := strings.Trim(rec.get("warc-target-uri"), "<>")
	if isBlank(payload) {
		rd.skip(name, "empty page")
		return ""
	}
	p, why := rd.extractHTML(name, payload, ct, target)
	if why != "" {
		rd.skip(name, why)
		return ""
	}
	if target != "" {
		p.meta.URL = target
		if h := hostOf(target); h != "" {
			p.meta.Outlet = h
		}
	}
	if p.meta.Published.IsZero() {
		if t, ok := ParseTime(rec.get("warc-date")); ok {
			p.meta.Published = t
			p.meta.Notes = append(p.meta.Notes, "publication time from WARC-Date (when the page was crawled)")
		}
	}
	p.meta.Notes = append(append([]string(nil), in.notes...), p.meta.Notes...)
	if len(p.meta.Notes) == 0 {
		p.meta.Notes = nil
	}
	loc := strconv.Itoa(rec.num)
	rd.add(found{
		doc:  churn.Document{Name: in.at("record " + loc), Text: p.text, Meta: p.meta},
		file: in.name,
		loc:  loc,
		warn: p.warn,
	})
	return ""
}

// splitHTTP splits an HTTP response into its status code, headers (names
// in lower case) and body. It is lenient: bare "\n" line ends are
// accepted and malformed header lines ignored.
func splitHTTP(block []byte) (status int, header map[string]string, body []byte, ok bool) {
	end, sep := bytes.Index(block, []byte("\r\n\r\n")), 4
	if i := bytes.Index(block, []byte("\n\n")); i >= 0 && (end < 0 || i < end) {
		end, sep = i, 2
	}
	if end < 0 {
		return 0, nil, nil, false
	}
	head := strings.ReplaceAll(string(block[:end]), "\r\n", "\n")
	body = block[end+sep:]
	lines := strings.Split(head, "\n")
	fields := strings.Fields(lines[0])
	if len(fields) >= 2 {
		status, _ = strconv.Atoi(fields[1])
	}
	header = map[string]string{}
	for _, l := range lines[1:] {
		if k, v, ok := strings.Cut(l, ":"); ok {
			k = strings.ToLower(strings.TrimSpace(k))
			if _, dup := header[k]; !dup {
				header[k] = strings.TrimSpace(v)
			}
		}
	}
	return status, header, body, true
}

// decodeHTTPBody undoes chunked transfer coding and gzip or deflate
// content coding, as a WARC keeps the payload as it was sent.
func decodeHTTPBody(body []byte, header map[string]string, max int64) ([]byte, error) {
	if strings.Contains(strings.ToLower(header["transfer-encoding"]), "chunked") {
		// Common Crawl stores bodies de-chunked but keeps the header
		// under another name; trust the body when it does not parse.
		if b, err := io.ReadAll(io.LimitReader(httputil.NewChunkedReader(bytes.NewReader(body)), max+1)); err == nil {
			body = b
		}
	}
	var zr io.Reader
	switch enc := strings.ToLower(strings.TrimSpace(header["content-encoding"])); enc {
	case "", "identity":
		return body, nil
	case "gzip", "x-gzip":
		r, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("cannot decompress the page (Content-Encoding %s): %v", enc, err)
		}
		zr = r
	case "deflate":
		zr = flate.NewReader(bytes.NewReader(body))
	default:
		return nil, fmt.Errorf("page compressed with %q, which is not supported", clip(enc, 20))
	}
	b, err := io.ReadAll(io.LimitReader(zr, max+1))
	if err != nil {
		return nil, fmt.Errorf("cannot decompress the page (Content-Encoding %s): %v", header["content-encoding"], err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("too large: more than %d bytes decompressed, the limit is %d bytes", max, max)
	}
	return b, nil
}

// countList writes counts as "3 request, 1 warcinfo", by kind.
func countList(counts map[string]int) string {
	kinds := make([]string, 0, len(counts))
	for k := range counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%d %s", counts[k], k)
	}
	return strings.Join(parts, ", ")
}
