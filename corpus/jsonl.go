package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"strconv"
	"strings"
)

// jsonRecord is a JSON object as a record.
type jsonRecord map[string]json.RawMessage

// get implements record: strings are used as they are, numbers and
// booleans as written, arrays of strings joined by blank lines; null is
// absent, and objects and other arrays are unusable. A name is matched
// exactly, then ignoring case, then, if it has dots, as a path into
// nested objects.
func (r jsonRecord) get(name string) (string, bool, string) {
	raw, ok := r.lookup(name)
	if !ok {
		return "", false, ""
	}
	return jsonText(raw)
}

// utf8JSONRecord is a jsonRecord parsed from valid UTF-8, as all records
// are once decoded: its strings are not checked for invalid UTF-8 again.
type utf8JSONRecord jsonRecord

// get implements record, as jsonRecord.get does.
func (r utf8JSONRecord) get(name string) (string, bool, string) {
	raw, ok := jsonRecord(r).lookup(name)
	if !ok {
		return "", false, ""
	}
	return jsonTextOf(raw, true)
}

// utf8Values implements utf8Values: the text of valid UTF-8 JSON is valid
// UTF-8 (strings are cut from it at quotes, and escapes give valid UTF-8,
// U+FFFD for lone surrogates), and so is that of json.Unmarshal.
func (utf8JSONRecord) utf8Values() {}

// nonText implements typedRecord.
func (r jsonRecord) nonText(name string) string {
	raw, ok := r.lookup(name)
	if !ok {
		return ""
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"', '[', '{':
		return "" // get says what is wrong with arrays and objects
	case 'n':
		return "null"
	case 't', 'f':
		return "a boolean (" + string(raw) + "), not text"
	}
	return "a number (" + clip(string(raw), 20) + "), not text"
}

// nonText implements typedRecord.
func (r utf8JSONRecord) nonText(name string) string { return jsonRecord(r).nonText(name) }

// lookup finds the raw value of name.
func (r jsonRecord) lookup(name string) (json.RawMessage, bool) {
	if v, ok := r[name]; ok {
		return v, true
	}
	// Case-insensitively, in a fixed order so that "Text" and "TEXT" in
	// one object do not make the result depend on map order.
	var keys []string
	for k := range r {
		if strings.EqualFold(k, name) {
			keys = append(keys, k)
		}
	}
	if len(keys) > 0 {
		sort.Strings(keys)
		return r[keys[0]], true
	}
	for i := 0; i < len(name); i++ {
		if name[i] != '.' {
			continue
		}
		outer, ok := r.lookup(name[:i])
		if !ok {
			continue
		}
		var inner jsonRecord
		if json.Unmarshal(outer, &inner) != nil || inner == nil {
			continue
		}
		if v, ok := inner.lookup(name[i+1:]); ok {
			return v, true
		}
	}
	return nil, false
}

// jsonText converts a JSON value to text, for record.get. raw must be
// part of valid JSON, as the values of a jsonRecord are.
func jsonText(raw json.RawMessage) (string, bool, string) {
	return jsonTextOf(raw, false)
}

// jsonTextOf is jsonText for raw known to be valid UTF-8 if validUTF8 is
// set.
func jsonTextOf(raw json.RawMessage, validUTF8 bool) (string, bool, string) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", false, ""
	}
	switch raw[0] {
	case '"':
		if s, ok := jsonStringText(raw, validUTF8); ok {
			return s, true, ""
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false, "not a valid JSON string"
		}
		return s, true, ""
	case 'n':
		return "", false, ""
	case 't', 'f':
		return string(raw), true, ""
	case '{':
		return "", false, "a JSON object, not a string"
	case '[':
		var parts []string
		if err := json.Unmarshal(raw, &parts); err != nil {
			return "", false, "a JSON array of other things than strings"
		}
		return strings.Join(parts, "\n\n"), true, ""
	}
	return string(raw), true, "" // a number, as written
}

// readJSONL reads JSON Lines from r: one article a line. Lines are parsed
// concurrently when there are several of them and several CPUs (see
// readJSONLParallel), with the same result as one by one.
func (rd *reading) readJSONL(in *input, r *bufio.Reader) {
	workers := rd.jsonlWorkers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers > 1 {
		rd.readJSONLParallel(in, r, workers)
		return
	}
	rd.jsonlLines(in, r, func(loc string, line []byte) {
		rd.jsonLine(in, loc, line)
	}, rd.skip)
}

// jsonlLines reads the lines of the JSON Lines input r and gives them in
// order to line, with their number, if they are not blank (line's bytes
// are only valid until it returns), and to skip the lines or the input
// skipped, with the reason: too long, unreadable, "empty file".
func (rd *reading) jsonlLines(in *input, r *bufio.Reader, line func(loc string, line []byte), skip func(name, reason string)) {
	var buf []byte
	lineNo := 0
	nonBlank := 0
	for {
		l, tooLong, err := readLine(r, rd.max, buf[:0])
		buf = l
		if len(l) == 0 && !tooLong && err != nil {
			if err != io.EOF {
				skip(in.at(strconv.Itoa(lineNo+1)), in.readErr(err))
			}
			if lineNo == 0 && err != io.EOF {
				return
			}
			break
		}
		lineNo++
		loc := strconv.Itoa(lineNo)
		switch {
		case err != nil && err != io.EOF:
			// The line was cut short by the error.
			skip(in.at(loc), in.readErr(err))
			return
		case tooLong:
			nonBlank++
			skip(in.at(loc), fmt.Sprintf("line longer than the limit of %d bytes", rd.max))
		default:
			if len(bytes.TrimSpace(bytes.TrimPrefix(l, utf8BOM))) > 0 {
				nonBlank++
				line(loc, l)
			}
		}
		if err == io.EOF {
			break
		}
	}
	if nonBlank == 0 {
		skip(in.name, "empty file")
	}
}

// jsonLine reads one line of JSON Lines, the one numbered loc.
func (rd *reading) jsonLine(in *input, loc string, line []byte) {
	if loc == "1" {
		line = bytes.TrimPrefix(line, utf8BOM)
	}
	d := rd.decodeRecord(in, line, func() []byte { return line })
	rd.addJSONLine(rd, in, loc, d)
}

// jsonLineShared is jsonLine giving its result to out, for lines read
// concurrently: it changes nothing in rd or in, and so returns false,
// having done nothing, if the line is not valid UTF-8 and the charset of
// the input's records is still to be guessed (which jsonLine does).
func (rd *reading) jsonLineShared(out recordSink, in *input, loc string, line []byte) bool {
	if loc == "1" {
		line = bytes.TrimPrefix(line, utf8BOM)
	}
	d, ok := rd.decodeRecordShared(in, line)
	if !ok {
		return false
	}
	rd.addJSONLine(out, in, loc, d)
	return true
}

// addJSONLine adds the line numbered loc, decoded as d, to out: the
// document it is, or why it was skipped. d.text is valid UTF-8, as
// decodeRecord makes it.
func (rd *reading) addJSONLine(out recordSink, in *input, loc string, d decoded) {
	name := in.at(loc)
	rec, why := parseJSONObject(d.text)
	if why != "" {
		out.skip(name, why)
		return
	}
	rd.addRecordTo(out, in, name, loc, utf8JSONRecord(rec), d.notes, d.warn)
}

// parseJSONObject parses data as one JSON object, or returns why it is
// not one. The record's values may share data's bytes.
func parseJSONObject(data []byte) (jsonRecord, string) {
	t := bytes.TrimSpace(data)
	if rec, ok := scanJSONObject(t); ok {
		return rec, ""
	}
	return decodeJSONObject(t)
}

// decodeJSONObject is parseJSONObject with encoding/json, for what
// scanJSONObject leaves to it; t has no white space around it.
func decodeJSONObject(t []byte) (jsonRecord, string) {
	if len(t) > 0 && t[0] != '{' && json.Valid(t) {
		return nil, "not a JSON object but " + jsonKind(t[0])
	}
	var rec jsonRecord
	if err := json.Unmarshal(t, &rec); err != nil {
		return nil, jsonErr(err)
	}
	if rec == nil {
		return nil, "not a JSON object but null"
	}
	return rec, ""
}

// jsonKind names the kind of JSON value starting with c.
func jsonKind(c byte) string {
	switch c {
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 'n':
		return "null"
	case 't', 'f':
		return "a boolean"
	}
	return "a number"
}

// jsonErr turns a JSON decoding error into a reason.
func jsonErr(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("invalid JSON at byte %d: %s", se.Offset, strings.TrimPrefix(se.Error(), "json: "))
	}
	return "invalid JSON: " + strings.TrimPrefix(err.Error(), "json: ")
}

// readLine reads a line from r into buf (without its "\n" or "\r\n") and
// returns it. A line longer than max bytes is read to its end but not
// kept: tooLong is set and line is empty. err is io.EOF after the last
// line (which may then be non-empty, if it has no "\n"), or another error
// from r.
func readLine(r *bufio.Reader, max int64, buf []byte) (line []byte, tooLong bool, err error) {
	line = buf[:0]
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong {
			if int64(len(line))+int64(len(chunk)) > max+2 { // room for "\r\n"
				tooLong = true
				line = line[:0]
			} else {
				line = append(line, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if !tooLong {
			line = bytes.TrimSuffix(line, []byte{'\n'})
			line = bytes.TrimSuffix(line, []byte{'\r'})
			tooLong = int64(len(line)) > max
		}
		if tooLong {
			line = line[:0]
		}
		return line, tooLong, err
	}
}

// readJSON reads a .json file: one article object, an array of them, or
// several objects one after another.
func (rd *reading) readJSON(in *input, data []byte) {
	d, ok := rd.decodeFile(in, data)
	if !ok {
		return
	}
	text, notes := d.text, d.notes
	for _, w := range d.warn {
		rd.warn(in.name, w)
	}
	t := bytes.TrimLeft(text, " \t\r\n")
	if len(t) == 0 || t[0] != '{' && t[0] != '[' {
		rd.skip(in.name, "not a JSON object or array")
		return
	}
	base := len(text) - len(t)
	dec := json.NewDecoder(bytes.NewReader(t))
	lines := lineCounter{data: text}
	array := t[0] == '['
	if array {
		if _, err := dec.Token(); err != nil {
			rd.skip(in.name, jsonErr(err))
			return
		}
	}
	// The values, with their lines, to tell a file of one object from
	// others before naming them.
	type value struct {
		raw  json.RawMessage
		line int
	}
	var values []value
	var fail string
	failLine := 0
	for array && dec.More() || !array {
		off := base + int(dec.InputOffset())
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if err == io.EOF && !array {
			break
		}
		line := lines.lineAt(skipSpaceComma(text, off))
		if err != nil {
			fail, failLine = jsonErr(err), line
			break
		}
		values = append(values, value{raw, line})
	}
	if fail == "" && array {
		if _, err := dec.Token(); err != nil {
			fail, failLine = jsonErr(err), lines.lineAt(base+int(dec.InputOffset()))
		} else if rest := bytes.TrimSpace(t[dec.InputOffset():]); len(rest) > 0 {
			fail, failLine = "invalid JSON: data after the array", lines.lineAt(base+int(dec.InputOffset()))
		}
	}
	single := !array && len(values) == 1 && fail == ""
	for _, v := range values {
		loc := strconv.Itoa(v.line)
		name := in.at(loc)
		if single {
			name = in.name
		}
		rec, why := parseJSONObject(v.raw)
		if why != "" {
			rd.skip(name, why)
			continue
		}
		if single {
			rd.addWholeRecord(in, rec, notes)
			continue
		}
		rd.addRecord(in, name, loc, rec, notes)
	}
	if fail != "" {
		rd.skip(in.at(strconv.Itoa(failLine)), fail+"; the rest of the file is not read")
	}
	if len(values) == 0 && fail == "" {
		rd.skip(in.name, "empty JSON array")
	}
}

// addWholeRecord adds a .json file holding one article: named by its path
// and, unless it has an ID field, with the ID of a whole file.
func (rd *reading) addWholeRecord(in *input, rec jsonRecord, notes []string) {
	n := len(rd.docs)
	rd.addRecord(in, in.name, "", rec, notes)
	if len(rd.docs) > n {
		d := &rd.docs[n]
		if d.key == "" {
			d.file, d.stdin = "", in.stdin
		}
	}
}

// skipSpaceComma returns the offset of the first byte at or after off in
// data that is not white space or a comma.
func skipSpaceComma(data []byte, off int) int {
	for off < len(data) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',':
			off++
			continue
		}
		break
	}
	return off
}

// lineCounter finds the line numbers of increasing offsets in data.
type lineCounter struct {
	data []byte
	off  int // offset counted up to
	line int // lines before off, less 1
}

// lineAt returns the 1-based line of the byte at off, which must not be
// before the previous call's.
func (c *lineCounter) lineAt(off int) int {
	off = min(off, len(c.data))
	if off > c.off {
		c.line += bytes.Count(c.data[c.off:off], []byte{'\n'})
		c.off = off
	}
	return c.line + 1
}
