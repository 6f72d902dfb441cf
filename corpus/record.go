package corpus

import (
	"fmt"
	"strings"

	"github.com/churnalism/churn"
)

// record is one article of a JSON, JSONL, CSV or TSV file.
type record interface {
	// get returns the value of the field name as text and true, or ""
	// and false if the record has no such field or it is null.
	// bad is set, with ok false, when the field is there but unusable:
	// "a JSON object".
	get(name string) (val string, ok bool, bad string)
}

// fieldValue returns the value of the first field of names that rec has
// with some text that is not white space, with its name; or, if there is
// none, "" and the name of the first field present but blank, if any.
// Fields present but unusable are noted in notes.
func fieldValue(rec record, names []string, notes *[]string) (val, name string) {
	blank := ""
	for _, n := range names {
		v, ok, bad := rec.get(n)
		switch {
		case ok && strings.TrimSpace(v) != "":
			return v, n
		case ok && blank == "":
			blank = n
		case bad != "" && notes != nil:
			*notes = append(*notes, fmt.Sprintf("field %q ignored: %s", n, bad))
		}
	}
	return "", blank
}

// addRecord adds the document that rec is, or skips it if it has no
// usable text: name is its Name, loc its place in the file (a line or
// record number, used in the IDs of records without an ID field), notes
// what was done to it on the way in.
func (rd *reading) addRecord(in *input, name, loc string, rec record, notes []string) {
	rd.addRecordTo(rd, in, name, loc, rec, notes, nil)
}

// recordSink receives the documents and skipped entries that records
// give, in order: the reading itself, or a batch of lines read
// concurrently (see jsonlBatch).
type recordSink interface {
	skip(name, reason string)
	add(f found)
}

// utf8Values is implemented by records whose values, as get returns
// them, are known to be valid UTF-8.
type utf8Values interface {
	record
	utf8Values()
}

// addRecordTo is addRecord giving its result to out, with warn the notes
// to give Reader.Warn. It reads rd but does not change it, and so may be
// called concurrently.
func (rd *reading) addRecordTo(out recordSink, in *input, name, loc string, rec record, notes, warn []string) {
	f := rd.fields
	text, textField, textNotes := textValue(rec, f.Text)
	if textField == "" {
		if len(textNotes) > 0 {
			out.skip(name, "no text: "+strings.Join(textNotes, "; "))
		} else {
			out.skip(name, "no text: no field "+orList(f.Text))
		}
		return
	}
	if strings.TrimSpace(text) == "" {
		out.skip(name, fmt.Sprintf("empty text in field %q", textField))
		return
	}
	textBytes := []byte(text)
	evidence := binaryEvidence
	if _, ok := rec.(utf8Values); ok {
		evidence = binaryEvidenceUTF8
	}
	if why := evidence(textBytes); why != "" {
		out.skip(name, why)
		return
	}
	meta := churn.Meta{Notes: append(append([]string(nil), in.notes...), notes...), Offsets: churn.OffsetsField}
	key, _ := fieldValue(rec, f.ID, &meta.Notes)
	key = strings.TrimSpace(key)
	meta.Title = strings.TrimSpace(firstLine(fieldValue(rec, f.Title, &meta.Notes)))
	meta.URL = strings.TrimSpace(firstLine(fieldValue(rec, f.URL, &meta.Notes)))
	meta.Outlet = strings.TrimSpace(firstLine(fieldValue(rec, f.Outlet, &meta.Notes)))
	if meta.Outlet == "" {
		meta.Outlet = hostOf(meta.URL)
	}
	meta.Lang = strings.TrimSpace(firstLine(fieldValue(rec, f.Lang, &meta.Notes)))
	if v, n := fieldValue(rec, f.Published, &meta.Notes); n != "" {
		if t, ok := ParseTime(v); ok {
			meta.Published = t
		} else {
			meta.Notes = append(meta.Notes, fmt.Sprintf("publication time %q in field %q not understood", clip(v, 40), n))
		}
	}
	t := rd.repairText(textBytes, &meta)
	if len(meta.Notes) == 0 {
		meta.Notes = nil
	}
	file := in.name
	out.add(found{
		doc:  churn.Document{Name: name, Text: t, Meta: meta},
		file: file,
		key:  key,
		loc:  loc,
		warn: warn,
	})
}

// typedRecord is implemented by records whose values have types (JSON
// objects): nonText describes a field present whose value is not text
// (null, a number, a boolean), or returns "".
type typedRecord interface {
	record
	nonText(name string) string
}

// textValue is fieldValue for the text: a field whose value is null, a
// number or a boolean (in a typedRecord) has no text, unlike in other
// fields, where numbers are taken as their digits and null as absent. It
// returns why each field present was not used ("field \"text\" is
// null").
func textValue(rec record, names []string) (val, name string, why []string) {
	tr, typed := rec.(typedRecord)
	blank := ""
	for _, n := range names {
		if typed {
			if w := tr.nonText(n); w != "" {
				why = append(why, fmt.Sprintf("field %q is %s", n, w))
				continue
			}
		}
		v, ok, bad := rec.get(n)
		switch {
		case ok && strings.TrimSpace(v) != "":
			return v, n, nil
		case ok && blank == "":
			blank = n
		case bad != "":
			why = append(why, fmt.Sprintf("field %q is %s", n, bad))
		}
	}
	return "", blank, why
}

// firstLine returns the value of a (val, name) pair, as fieldValue
// returns it, up to its first line break: metadata is one line.
func firstLine(val, _ string) string {
	val = strings.TrimSpace(val)
	if i := strings.IndexAny(val, "\r\n"); i >= 0 {
		return val[:i]
	}
	return val
}

// orList writes names as `"a", "b" or "c"`.
func orList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// clip shortens s to at most n runes, with "…" if it was cut, for
// quoting input in messages.
func clip(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j] + "…"
		}
		i++
	}
	return s
}
