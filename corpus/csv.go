package corpus

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// csvRecord is a row of a CSV or TSV file as a record.
type csvRecord struct {
	cols  map[string]int // column of each header name, as written
	lower map[string]int // column of each lower-cased header name (first)
	row   []string
	rd    *reading
	in    *input
	notes *[]string // decoding notes, each once
	warn  *[]string // those of them to give Reader.Warn
}

// get implements record: an empty cell is present but blank.
func (r csvRecord) get(name string) (string, bool, string) {
	i, ok := r.cols[name]
	if !ok {
		i, ok = r.lower[strings.ToLower(name)]
	}
	if !ok || i >= len(r.row) {
		return "", false, ""
	}
	d := r.rd.decodeRecord(r.in, []byte(r.row[i]), func() []byte {
		return []byte(strings.Join(r.row, " "))
	})
	for _, n := range d.notes {
		addNote(r.notes, n)
	}
	for _, n := range d.warn {
		addNote(r.warn, n)
	}
	return string(d.text), true, ""
}

// addNote appends note to notes unless it is there already.
func addNote(notes *[]string, note string) {
	for _, n := range *notes {
		if n == note {
			return
		}
	}
	*notes = append(*notes, note)
}

// errRecordTooLong is returned by capReader.
var errRecordTooLong = errors.New("record too long")

// capReader fails once more than limit bytes have been read from it: it
// keeps csv.Reader from holding a runaway record (an unclosed quote in a
// large file) in memory.
type capReader struct {
	r     io.Reader
	n     int64 // bytes read
	limit int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.n > c.limit {
		return 0, errRecordTooLong
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// readCSV reads a CSV (comma ',') or TSV (comma '\t') file with a header
// row. CSV follows RFC 4180: a field with quotes, separators or line breaks
// is quoted, and a row with a stray quote is skipped. TSV is read with
// lazy quotes (a quote inside a field is a quote), as TSV files are often
// written without quoting.
func (rd *reading) readCSV(in *input, r io.Reader, comma rune) {
	// The slack covers what csv.Reader buffers ahead of the record.
	const slack = 64 << 10
	cr0 := &capReader{r: r, limit: rd.max + slack}
	cr := csv.NewReader(cr0)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = comma == '\t'
	header, err := cr.Read()
	switch {
	case err == io.EOF:
		rd.skip(in.name, "empty file")
		return
	case err != nil:
		rd.skip(in.at("1"), rd.csvErr(in, err)+"; the file is not read")
		return
	}
	cols := map[string]int{}
	lower := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		if _, ok := cols[h]; !ok {
			cols[h] = i
		}
		if _, ok := lower[strings.ToLower(h)]; !ok {
			lower[strings.ToLower(h)] = i
		}
	}
	textCol := false
	for _, n := range rd.fields.Text {
		if _, ok := cols[n]; ok {
			textCol = true
		} else if _, ok := lower[strings.ToLower(n)]; ok {
			textCol = true
		}
	}
	if !textCol {
		rd.skip(in.name, fmt.Sprintf("no text column: none of %s in the header (%s)", orList(rd.fields.Text), clip(strings.Join(header, ", "), 200)))
		return
	}
	nextLine := 2 // where the next record starts, at least
	if len(header) > 0 {
		l, _ := cr.FieldPos(len(header) - 1)
		nextLine = l + strings.Count(header[len(header)-1], "\n") + 1
	}
	rows := 0
	for {
		cr0.limit = cr.InputOffset() + rd.max + slack
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && !errors.Is(err, errRecordTooLong) && !errors.Is(pe.Err, io.ErrUnexpectedEOF) {
				// The reader goes on after the row.
				rd.skip(in.at(strconv.Itoa(pe.StartLine)), rd.csvErr(in, err))
				nextLine = pe.Line + 1
				continue
			}
			rd.skip(in.at(strconv.Itoa(nextLine)), rd.csvErr(in, err)+"; the rest of the file is not read")
			return
		}
		rows++
		line, _ := cr.FieldPos(0)
		last, _ := cr.FieldPos(len(row) - 1)
		nextLine = last + strings.Count(row[len(row)-1], "\n") + 1
		loc := strconv.Itoa(line)
		if len(row) != len(header) {
			rd.skip(in.at(loc), fmt.Sprintf("row has %s, header has %d", plural(len(row), "field", "fields"), len(header)))
			continue
		}
		var notes, warn []string
		rec := csvRecord{cols: cols, lower: lower, row: row, rd: rd, in: in, notes: &notes, warn: &warn}
		rd.addRecordNotes(in, in.at(loc), loc, rec, &notes, &warn)
	}
	if rows == 0 {
		rd.skip(in.name, "no rows after the header")
	}
}

// addRecordNotes is addRecord for records whose get adds decoding notes
// to *notes, and warnings to *warn, while the record is read.
func (rd *reading) addRecordNotes(in *input, name, loc string, rec record, notes, warn *[]string) {
	n := len(rd.docs)
	rd.addRecord(in, name, loc, rec, nil)
	if len(rd.docs) > n && len(*notes) > 0 {
		m := &rd.docs[n].doc.Meta
		m.Notes = append(append([]string(nil), *notes...), m.Notes...)
		rd.docs[n].warn = *warn
	}
}

// csvErr turns an error from csv.Reader into a reason.
func (rd *reading) csvErr(in *input, err error) string {
	if errors.Is(err, errRecordTooLong) {
		return fmt.Sprintf("record longer than the limit of %d bytes", rd.max)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
			return fmt.Sprintf("%v (line %d, column %d)", pe.Err, pe.Line, pe.Column)
		}
		err = pe.Err
	}
	return in.readErr(err)
}
