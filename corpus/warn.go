package corpus

import "fmt"

// warning is a warning about a file, or about records of one file.
type warning struct {
	name, msg string
	records   int    // records it is about, 0 for the file itself
	first     string // the first of those records
}

// warn records a warning about the file name as a whole.
func (rd *reading) warn(name, msg string) {
	rd.warnings = append(rd.warnings, warning{name: name, msg: msg})
}

// giveWarnings tells Reader.Warn the warnings about files, then those
// about documents (the same one about several records of a file once,
// with their count), then the number of documents renamed because their
// IDs collided (example is the first).
func (rd *reading) giveWarnings(renamed int, example string) {
	for _, w := range rd.warnings {
		rd.warnFunc(w.name, w.msg)
	}
	type key struct{ file, msg string }
	var docWarns []warning
	at := map[key]int{}
	for _, f := range rd.docs {
		for _, msg := range f.warn {
			if f.file == "" {
				docWarns = append(docWarns, warning{name: f.doc.Name, msg: msg})
				continue
			}
			k := key{f.file, msg}
			i, ok := at[k]
			if !ok {
				i = len(docWarns)
				at[k] = i
				docWarns = append(docWarns, warning{name: f.file, msg: msg, first: f.doc.Name})
			}
			docWarns[i].records++
		}
	}
	for _, w := range docWarns {
		msg := w.msg
		if w.records > 0 {
			msg = fmt.Sprintf("%s: %s", plural(w.records, "record", "records"), msg)
			if w.records > 1 {
				msg += ", the first " + w.first
			} else {
				msg = w.first + ": " + w.msg
			}
		}
		rd.warnFunc(w.name, msg)
	}
	if renamed > 0 {
		rd.warnFunc("", fmt.Sprintf("%s given an ID already taken, renamed with a suffix such as %s (set an ID field, or name files apart)", plural(renamed, "document was", "documents were"), example))
	}
}

func (r *Reader) maxSize() int64 {
	if r.MaxSize <= 0 || r.MaxSize > MaxSize {
		return MaxSize
	}
	return r.MaxSize
}
