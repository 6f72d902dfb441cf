// Package corpus reads the documents churn compares: plain text, JSON Lines
// and JSON exports, CSV and TSV tables, saved HTML pages, RSS, Atom and
// JSON Feed files, WARC crawls, folders of any of these, standard input, and
// the embedded sample corpus (package seeds).
//
// Reading is where real-world input goes wrong: a folder of a thousand
// articles holds a stray PDF, an empty file, a .DS_Store, a file the user
// cannot read; an export has a broken line, a ragged row, a 100 MB field; a
// crawl was cut short. None of these should abort the run, and none should
// vanish either. So problems with one input never stop the others: each
// becomes a churn.Skipped naming the file, and the line, item or record
// inside it, with a short reason ("empty file", "binary data: NUL byte at
// offset 12", "row has 3 fields, header has 4"), which the caller prints
// and carries into its report. Only mistakes in the call itself, such as
// "-" given twice or an unknown charset, are errors (of type UsageError).
// Some skipped entries are not problems but inputs left out by rule, such
// as hidden files; Ignored tells them apart, for a caller's --strict.
//
// # Paths
//
//   - A path naming a file is read whatever its name, in the format its
//     name or content shows (see DetectFormat) or Reader.Format. A
//     directory is walked recursively in lexical order; in it, files are
//     read if their extension (before any "?", as in "index.html?id=3")
//     is of a supported format (.txt, .jsonl, .ndjson, .json, .csv, .tsv,
//     .html, .htm, .xml, .rss, .atom, .warc, any of them followed by .gz),
//     or, when Reader.Include is set, if they match one of its patterns.
//     Files with other extensions (.php, .aspx, none) are read if their
//     content is HTML, a feed, JSON, JSON Lines or WARC (see
//     DetectFormat), else skipped as "not a supported file type, by name
//     or content"; files of images, styles, scripts, fonts, archives and
//     office documents are "not a supported file type" unread; with
//     Include, files it does not match are "not matched by an include
//     pattern". Entries
//     matching a Reader.Exclude pattern are skipped as "excluded by
//     pattern ..." (directories are then not descended into). Names
//     starting with "." are "hidden file" or "hidden directory" (not
//     descended into), and "symbolic link to a directory, not followed"
//     stops links from making the walk loop. Symbolic links to files are
//     followed. A directory in which nothing is read is reported as
//     "directory contains no supported files".
//   - A named pipe given as a path is read too, so that a shell's
//     process substitution works (churn <(command)); other special files,
//     and named pipes found in directories, are "not a regular file".
//     A directory that cannot be read is "cannot read directory: " and
//     the cause.
//   - "-" is standard input. It may be given once. Read whole, it is the
//     document with Name "-" and ID "stdin"; read as records, its records
//     are named "-:12" and so on.
//   - A file named again (directly or through a link) is skipped as
//     "same file as ..." .
//   - Documents and skipped inputs come in the order of the arguments, and
//     within a directory in lexical order, and within a file in the order
//     of its records, so the same arguments always give the same result.
//
// # Formats
//
// Files ending in .gz, or starting with the gzip magic number, are
// decompressed on the fly, in any format (news.jsonl.gz, crawl.warc.gz);
// concatenated gzip members are read as one stream. A truncated or corrupt
// gzip stream is skipped with "truncated gzip data" or "corrupt gzip data",
// keeping the records read before the damage.
//
//   - Text: the whole file is one document; its Name is the path and its
//     ID the file name without directory and extensions.
//   - JSONL (.jsonl, .ndjson): one JSON object a line, of any length up to
//     the size limit (longer lines are skipped, never held in memory
//     whole). Each object is an article whose fields Reader.Fields names
//     (by default id, text or maintext or content, title, url,
//     source_domain or outlet, date_publish or published, lang). Its Name
//     is "path:LINE". Blank lines are ignored. The text must be a string
//     or an array of strings: a text that is null, a number or a boolean
//     is no text ("field "text" is null"), while in other fields numbers
//     are used as written and null is absent.
//   - JSON (.json): one article object ("path" is its Name), an array of
//     them, or several objects one after another ("path:LINE").
//   - CSV and TSV (.csv, .tsv): a header row names the columns, chosen by
//     Reader.Fields as for JSON; a UTF-8 byte order mark is removed, and
//     quoted fields may hold separators and line breaks. Each row is a
//     document named "path:LINE", LINE being where the row starts.
//   - HTML (.html, .htm): the main text of the page, without menus, ads
//     and comments, as github.com/markusmobius/go-trafilatura finds it, with
//     a blank line between paragraphs; its title, publication date, URL
//     and site become the metadata. Reader.HTML does the extraction
//     (package corpus/maintext, in this process or in a helper process):
//     corpus itself does not link trafilatura, whose initialisation costs
//     0.3 s of CPU and 78 MB at every start of a program that links it.
//   - Feeds (.rss, .atom, .xml, or a JSON Feed): through
//     github.com/mmcdole/gofeed, each item is a document named
//     "path:item N": its content, or else its description, converted from
//     HTML to text; its link, title and publication time; the outlet is the
//     host of the feed's link.
//   - WARC (.warc, .warc.gz): each response (or resource) record holding
//     an HTML page with a 2xx status is read as HTML above, with the
//     record's WARC-Target-URI as URL and, when the page gives no date,
//     its WARC-Date. It is named "path:record N". Other records (requests,
//     metadata, images, redirects...) are not articles; they are counted
//     in one entry per file, "WARC records that are not pages: ...", which
//     Ignored reports as ignored. Problems with a record are reported as
//     "path:record N (offset X)", X being where the record starts in the
//     decompressed stream; a truncated record ends the file ("truncated"),
//     and bytes that are not a record are skipped up to the next
//     "WARC/1.x" line.
//
// Documents found inside a file have IDs from the data when it has them
// (the ID field of JSON and CSV records), else the file's ID and the line,
// item or record number ("news:12", "feed:3", "crawl:7").
//
// # Text and encodings
//
// A Document's Text is the input converted to UTF-8: the offsets churn
// reports are byte offsets into that UTF-8 text, and Meta.Offsets says
// what it is: the file's own bytes (churn.OffsetsFile: UTF-8 text read
// unchanged), the file converted to UTF-8 (churn.OffsetsDecoded: decoded
// from another charset, a byte order mark removed, invalid bytes
// replaced or double-encoded UTF-8 repaired), the value of a record's
// text field (churn.OffsetsField) or text extracted from markup
// (churn.OffsetsExtracted: HTML pages, WARC records, feed items).
//
// The charset is the one the input declares (a byte order mark, the HTTP
// Content-Type of a WARC record, an HTML <meta charset>, an XML
// declaration), else Reader.Charset, else UTF-8 if the bytes are valid
// UTF-8, else a guess from the bytes (windows-1252 when the guess is
// weak). Before any declaration come UTF-16 without a byte order mark,
// found by its NUL bytes at every other byte, and UTF-8: text that is
// valid UTF-8 is read as UTF-8 even when labelled otherwise, and so is
// text that is valid UTF-8 but for a few stray bytes (at most one for
// every two multi-byte characters; text in a legacy charset has almost
// none), each stray byte becoming U+FFFD: one bad byte must not garble a
// whole article. A guess is made from the lines with non-ASCII bytes of
// the whole input and must be strong (a confidence of 30% or more and
// half again that of any other charset). Double-encoded UTF-8 ("Ã®" for
// "î", "È™" for "ș") is repaired when there is enough of it (unless
// Reader.NoRepair). Whatever was done is said in Document.Meta.Notes:
// "decoded from windows-1250 (declared in <meta>)", "repaired
// double-encoded UTF-8: 12 characters (such as ...)", "1 invalid UTF-8
// byte replaced by U+FFFD (at byte 301; ...)"; guesses, replaced bytes and
// UTF-16 found without a byte order mark are also given to Reader.Warn,
// for a command line's standard error.
//
// A document is binary if its first 8 KiB hold a NUL byte or are more than
// 30% invalid UTF-8 and control characters (before decoding, when no
// charset is declared or set). Text in a legacy 8-bit encoding of a
// Latin-script language stays well below that.
//
// # Document IDs
//
// Document IDs are short labels for tables: the file name without directory
// and extensions ("story" for news/2024/story.txt), or a record's ID. When
// several documents would share an ID, each of them gets its path without
// extension instead, relative to the deepest directory they have in common
// ("2024/story", "2025/story"; "a/17" and "b/17" for records with ID 17 in
// a.jsonl and b.jsonl), and any that still collide get "#2", "#3"... in
// input order.
//
// Each kind of source has its own method on the unexported reading state;
// new kinds of input are meant to be added the same way, with any settings
// they need as fields of Reader.
package corpus

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
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
// directories of every supported format, detecting each file's format,
// with no standard input.
type Reader struct {
	// Stdin is read for the path "-". If it is nil, "-" is an error.
	Stdin io.Reader
	// MaxSize is the largest document accepted, in bytes; larger ones are
	// skipped. For files read record by record (JSONL, CSV, TSV, WARC) it
	// limits each record, and the file may be larger; for other files,
	// the whole file after decompression. Zero, negative values and
	// values above the package's MaxSize mean MaxSize.
	MaxSize int64
	// Format, if not Auto, is the format of every file read, whatever
	// its name or content. Files in directories are still chosen by their
	// extension or by Include.
	Format Format
	// Include, if not empty, chooses the files read in directories: those
	// whose name, or path relative to the directory given, matches one of
	// these patterns, whatever their extension. Exclude leaves out files
	// and directories in the same way. Patterns are those of path.Match,
	// plus "**" for any number of directories; a pattern without "/"
	// matches names ("*.json"), one with "/" paths ("2024/**/*.html").
	// Paths given as arguments are always read.
	Include, Exclude []string
	// Fields names the fields of JSON, JSONL, CSV and TSV records to use;
	// nil lists mean DefaultFields.
	Fields Fields
	// Charset is the character encoding of inputs that do not declare
	// one (text, CSV, TSV, JSON, and HTML pages and feeds without a
	// declaration), by any WHATWG label: "windows-1250", "iso-8859-2",
	// "latin1"... Empty means UTF-8, or a guess for text that is not
	// valid UTF-8. Files that are valid UTF-8 are read as UTF-8 whatever
	// it says.
	Charset string
	// NoRepair leaves double-encoded UTF-8 ("Ã®" for "î") as it is.
	NoRepair bool
	// Warn, if not nil, is told, once Read has read everything, what a
	// user should know about documents that were read: a charset
	// guessed rather than declared, invalid UTF-8 bytes replaced by
	// U+FFFD, UTF-16 without a byte order mark, IDs taken by another
	// document and given a "#2" suffix. name is the file (or "" for a
	// warning about the whole corpus); the same warnings about one
	// file's records are told once, with their count. The documents'
	// Meta.Notes say the same. Calls come in input order.
	Warn func(name, message string)
	// Texts, if not nil, receives every document's text as it is read,
	// in document order (text i for the i-th document returned), and the
	// documents Read returns have no Text: for corpora too large to hold
	// in memory, analysed with churn.AnalyzeStored. A store that cannot
	// be written (a full disk) stops the reading with its error.
	Texts *churn.TextStore

	// HTML extracts the main text of HTML pages (files and WARC records):
	// maintext.Extract (package corpus/maintext, go-trafilatura in this
	// process), or the Extract method of an HTMLProcess (the same in a
	// helper process, so that a program that seldom reads pages does not
	// link trafilatura and pay its start-up cost). Without it, reading a
	// page is an error.
	HTML HTMLExtractor

	// For tests: the number of goroutines parsing JSON Lines (0 means
	// runtime.GOMAXPROCS(0), 1 one line after another on the calling
	// goroutine), and the size of their batches in bytes (0 means
	// jsonlBatchBytes).
	jsonlWorkers    int
	jsonlBatchBytes int
}

// Read reads the documents named by paths with a Reader whose standard
// input is stdin. See (*Reader).Read.
func Read(paths []string, stdin io.Reader) (docs []churn.Document, skipped []churn.Skipped, err error) {
	r := Reader{Stdin: stdin}
	return r.Read(paths)
}

// Read reads the documents named by paths: files, directories (walked
// recursively) and "-" for r.Stdin, following the rules in the package
// comment. Inputs that cannot be used are returned in skipped, in input
// order, with the reason. A nil or empty paths gives no documents. The
// error is non-nil only for a mistake in the call itself: a UsageError for
// "-" given twice, an empty path, an unknown Format or Charset or a
// malformed pattern, or a plain error if "-" is given and r.Stdin is nil
// (nothing is read in that case), or the error of r.HTML when it cannot
// extract pages at all, or of its absence when there is a page to read
// (reading stops after the path being read).
func (r *Reader) Read(paths []string) (docs []churn.Document, skipped []churn.Skipped, err error) {
	rd, err := r.start(paths)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range paths {
		if p == Stdin {
			rd.readStdin()
		} else {
			rd.readPath(p)
		}
		if rd.err != nil {
			return nil, nil, rd.err
		}
	}
	return rd.finish()
}

// start checks the call and sets up the reading state.
func (r *Reader) start(paths []string) (*reading, error) {
	stdinSeen := false
	for _, p := range paths {
		switch p {
		case "":
			return nil, UsageError{errors.New("empty path")}
		case Stdin:
			if stdinSeen {
				return nil, UsageError{errors.New(`standard input ("-") given more than once`)}
			}
			stdinSeen = true
			if r.Stdin == nil {
				return nil, errors.New(`corpus: "-" given but Reader.Stdin is nil`)
			}
		}
	}
	rd := &reading{
		max:    r.maxSize(),
		stdin:  r.Stdin,
		seen:   map[int64][]seenFile{},
		fields: r.Fields.withDefaults(),
		repair: !r.NoRepair,
		html:   r.HTML,
		texts:  r.Texts,

		jsonlWorkers:    r.jsonlWorkers,
		jsonlBatchBytes: r.jsonlBatchBytes,
		warnFunc:        r.Warn,
	}
	f, err := ParseFormat(string(r.Format))
	if err != nil {
		return nil, UsageError{err}
	}
	rd.format = f
	if rd.html == nil {
		rd.html = defaultHTML
	}
	if strings.TrimSpace(r.Charset) != "" {
		cs, err := lookupCharset(r.Charset)
		if err != nil {
			return nil, UsageError{err}
		}
		rd.charset = &cs
	}
	if rd.include, err = compilePatterns(r.Include); err != nil {
		return nil, UsageError{fmt.Errorf("include pattern: %w", err)}
	}
	if rd.exclude, err = compilePatterns(r.Exclude); err != nil {
		return nil, UsageError{fmt.Errorf("exclude pattern: %w", err)}
	}
	return rd, nil
}

// finish assigns IDs, gives the warnings and returns what was read.
func (rd *reading) finish() ([]churn.Document, []churn.Skipped, error) {
	renamed, example := assignIDs(rd.docs)
	docs := make([]churn.Document, len(rd.docs))
	for i, d := range rd.docs {
		docs[i] = d.doc
	}
	if rd.warnFunc != nil {
		rd.giveWarnings(renamed, example)
	}
	return docs, rd.skipped, nil
}

// reading is the state of one call to Reader.Read.
type reading struct {
	texts   *churn.TextStore
	max     int64
	stdin   io.Reader
	format  Format
	fields  Fields
	charset *charset // Reader.Charset, if set
	repair  bool
	include []pattern
	exclude []pattern
	docs    []found
	skipped []churn.Skipped
	seen    map[int64][]seenFile // regular files read, by size
	html    HTMLExtractor        // Reader.HTML, or defaultHTML
	err     error                // the error that stops the reading, if any

	jsonlWorkers    int // see Reader.jsonlWorkers
	jsonlBatchBytes int // see Reader.jsonlBatchBytes

	warnFunc func(name, msg string) // Reader.Warn
	warnings []warning              // about whole files, in input order
}

// found is a document read, before IDs are assigned.
type found struct {
	doc churn.Document
	// stdin is set for standard input read whole: ID StdinID.
	stdin bool
	// file is the path of the file a record came from ("-" for standard
	// input), or "" for a whole file (whose path is doc.Name).
	file string
	// key is the ID the record gives itself, if any.
	key string
	// loc is the record's place in the file for records without a key:
	// "12" for line 12, item 12 or record 12.
	loc string
	// warn are the notes on the document to give Reader.Warn.
	warn []string
}

// seenFile identifies a file already read, to skip it if named again.
type seenFile struct {
	name string
	info os.FileInfo
}

// fail records the first error that stops the reading.
func (rd *reading) fail(err error) {
	if rd.err == nil {
		rd.err = err
	}
}

// add adds a document found.
func (rd *reading) add(f found) {
	if rd.texts != nil {
		if _, err := rd.texts.Add(f.doc.Text); err != nil {
			rd.fail(err)
			return
		}
		f.doc.Text = nil
	}
	rd.docs = append(rd.docs, f)
}

// readStdin reads standard input as the document "-", or the records
// in it.
func (rd *reading) readStdin() {
	rd.readStream(Stdin, rd.stdin, 0, true)
}

// readPath reads a path given as an argument: a file of any kind of name,
// or a directory.
func (rd *reading) readPath(p string) {
	fi, err := os.Stat(p)
	if err != nil {
		rd.unreadable(p, reason(err))
		return
	}
	switch {
	case fi.IsDir():
		rd.readDir(p)
	case fi.Mode().IsRegular(), fi.Mode()&fs.ModeNamedPipe != 0:
		// Named pipes are read so that churn <(command) works.
		rd.readFile(p)
	default:
		rd.unreadable(p, "not a regular file")
	}
}
