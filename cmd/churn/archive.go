package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/archive"
	"github.com/churnalism/churn/corpus"
	"github.com/churnalism/churn/report"
)

// The commands on an archive (see package archive).
var archiveCommands = []command{
	{
		name: "add", summary: "add articles to an archive (made if missing); a known ID's new text replaces the old",
		usage: "[flags] ARCHIVE PATH...",
		examples: `  churn add news.churn articles/           # a summary line: added, updated, unchanged, duplicates
  churn add news.churn export.jsonl feeds/
  cat wire.jsonl | churn add news.churn -   # - is standard input`,
	},
	{
		name: "check", summary: "check one article against an archive without adding it (as compare does)",
		usage: "[flags] ARCHIVE ARTICLE", sections: report.Sections{Pairs: true, Passages: true, Clusters: true}, table: report.TablePairs,
		examples: `  churn check --exit-code news.churn draft.txt; [ $? -eq 1 ] && echo "the draft reuses archived text"
  cat release.txt | churn check --format json news.churn -`,
	},
	{
		name: "rm", summary: "remove documents from an archive by ID (takedowns: their text is overwritten)",
		usage:    "[flags] ARCHIVE ID...",
		examples: `  churn rm news.churn a0000017 a0000018`,
	},
	{
		name: "ls", summary: "list an archive's documents (no texts), in the order they were added",
		usage: "[flags] ARCHIVE",
		examples: `  churn ls news.churn
  churn ls --format jsonl news.churn | jq -r 'select(.outlet == "agerpres.ro") | .id'
  churn ls --verify news.churn                  # also check the whole file`,
	},
	{
		name: "export", summary: "write an archive's documents, texts included, as JSON Lines that churn reads back",
		usage: "[flags] ARCHIVE",
		examples: `  churn export -o backup.jsonl news.churn
  churn export news.churn | gzip > news.jsonl.gz`,
	},
}

// addBatch is the number of documents churn add commits at once: each
// batch is one transaction, and an interrupted add keeps the batches
// committed before.
const addBatch = 1000

// archiveCommand runs a command on an archive, cfg.paths[0]; rd reads
// any other inputs into texts. It returns what analyse returns.
func archiveCommand(ctx context.Context, cfg *config, cmd command, rd *corpus.Reader, texts *churn.TextStore, warns *[]string, stdout, stderr io.Writer) (bool, error) {
	need := map[string]int{"add": 2, "check": 2, "rm": 2, "ls": 1, "export": 1, "report": 1}[cmd.name]
	if len(cfg.paths) < need {
		return false, usageError{fmt.Errorf("%s needs %s", cmd.name, strings.TrimPrefix(cmd.usage, "[flags] ")), cmd.name}
	}
	if (cmd.name == "ls" || cmd.name == "export") && len(cfg.paths) > 1 || cmd.name == "check" && len(cfg.paths) > 2 {
		return false, usageError{fmt.Errorf("%s takes %s, not %s", cmd.name, strings.TrimPrefix(cmd.usage, "[flags] "), strings.Join(cfg.paths, " ")), cmd.name}
	}
	path := cfg.paths[0]
	switch cmd.name {
	case "add":
		return archiveAdd(ctx, cfg, rd, texts, warns, stdout, stderr)
	case "check":
		return archiveCheck(ctx, cfg, cmd, rd, texts, warns, stdout, stderr)
	}
	a, err := archive.Open(ctx, path, archive.Options{ReadOnly: cmd.name == "ls" || cmd.name == "export"})
	if err != nil {
		return false, err
	}
	defer a.Close()
	switch cmd.name {
	case "rm":
		return archiveRemove(ctx, cfg, a, stdout, stderr)
	case "ls", "export":
		return archiveList(ctx, cfg, cmd, a, stdout)
	}
	prog := newProgress(stderr, cfg.progress && !cfg.quiet)
	cfg.opts.Progress = prog.callback()
	an, err := a.Report(ctx, "", cfg.opts)
	prog.stop()
	if err != nil {
		return false, err
	}
	return writeArchived(ctx, cfg, cmd, a, an, stdout)
}

// writeArchived writes an analysis of archived documents in the
// configured format; the HTML page shows their texts, read back.
func writeArchived(ctx context.Context, cfg *config, cmd command, a *archive.Archive, an *archive.Analysis, stdout io.Writer) (bool, error) {
	docs := an.Docs
	if cfg.format == "html" {
		docs = append([]churn.Document(nil), docs...)
		byID := map[string]int{}
		for i := range docs {
			byID[docs[i].ID] = i
		}
		err := a.Walk(ctx, true, func(e archive.Entry) error {
			if i, ok := byID[e.ID]; ok {
				docs[i].Text = e.Text
			}
			return nil
		})
		if err != nil {
			return false, err
		}
	}
	if err := write(cfg, cmd, an.Result, docs, stdout); err != nil {
		return false, err
	}
	if cfg.exitCode && len(an.Pairs) > 0 {
		return true, errFound
	}
	return true, nil
}

func archiveAdd(ctx context.Context, cfg *config, rd *corpus.Reader, texts *churn.TextStore, warns *[]string, stdout, stderr io.Writer) (bool, error) {
	path, inputs := cfg.paths[0], cfg.paths[1:]
	docs, skipped, err := rd.Read(inputs)
	if err != nil {
		return false, err
	}
	if err := texts.Flush(); err != nil {
		return false, err
	}
	problems, unreadable := reportSkipped(stderr, skipped, *warns, inputs)
	a, err := archive.Open(ctx, path, archive.Options{Create: true, Keys: cfg.opts})
	if err != nil {
		return false, err
	}
	defer a.Close()
	prog := newProgress(stderr, cfg.progress && !cfg.quiet)
	progress := prog.callback()
	var total archive.AddStats
	for start := 0; start < len(docs); start += addBatch {
		batch := docs[start:min(start+addBatch, len(docs))]
		for i := range batch {
			if batch[i].Text, err = texts.Text(nil, start+i); err != nil {
				return false, err
			}
		}
		st, err := a.Add(ctx, batch)
		for i := range batch {
			batch[i].Text = nil
		}
		if err != nil {
			prog.stop()
			if start > 0 {
				err = fmt.Errorf("%w\n(the %d documents before it were added)", err, start)
			}
			return false, err
		}
		total.Added += st.Added
		total.Updated += st.Updated
		total.Unchanged += st.Unchanged
		total.Duplicates += st.Duplicates
		if progress != nil {
			progress("add", start+len(batch), len(docs))
		}
	}
	prog.stop()
	st, err := a.Stats(ctx)
	if err != nil {
		return false, err
	}
	fmt.Fprintf(stdout, "%s: %d added, %d updated, %d unchanged (%s of archived texts), %d skipped; %s in the archive\n",
		path, total.Added, total.Updated, total.Unchanged, report.Plural(total.Duplicates, "exact copy", "exact copies"),
		problems, report.Plural(st.Documents, "document", "documents"))
	switch {
	case len(unreadable) > 0:
		return true, fmt.Errorf("%s could not be read: %s", report.Plural(len(unreadable), "input named", "inputs named"), strings.Join(unreadable, ", "))
	case cfg.strict && problems > 0:
		return true, fmt.Errorf("%s skipped (--strict)", report.Plural(problems, "input", "inputs"))
	}
	return true, nil
}

func archiveCheck(ctx context.Context, cfg *config, cmd command, rd *corpus.Reader, texts *churn.TextStore, warns *[]string, stdout, stderr io.Writer) (bool, error) {
	path, input := cfg.paths[0], cfg.paths[1]
	a, err := archive.Open(ctx, path, archive.Options{ReadOnly: true})
	if err != nil {
		return false, err
	}
	defer a.Close()
	docs, skipped, err := rd.Read([]string{input})
	if err != nil {
		return false, err
	}
	if err := texts.Flush(); err != nil {
		return false, err
	}
	reportSkipped(stderr, nil, *warns, nil)
	if len(docs) != 1 {
		for _, s := range skipped {
			return false, fmt.Errorf("check: %s: %s", s.Name, s.Reason)
		}
		return false, usageError{fmt.Errorf("check: %s holds %d documents, want one article", input, len(docs)), "check"}
	}
	if docs[0].Text, err = texts.Text(nil, 0); err != nil {
		return false, err
	}
	prog := newProgress(stderr, cfg.progress && !cfg.quiet)
	cfg.opts.Progress = prog.callback()
	an, err := a.Check(ctx, "", docs[0], cfg.opts)
	prog.stop()
	if err != nil {
		return false, err
	}
	if an.Unindexed != "" {
		fmt.Fprintf(stderr, "churn: warning: %s: checked against every archived text: %s\n", path, an.Unindexed)
	}
	if cfg.format == "html" {
		// The article is not archived: writeArchived reads the others.
		an.Docs = append([]churn.Document(nil), an.Docs...)
		an.Docs[0].Text = docs[0].Text
	}
	return writeArchived(ctx, cfg, cmd, a, an, stdout)
}

func archiveRemove(ctx context.Context, cfg *config, a *archive.Archive, stdout, stderr io.Writer) (bool, error) {
	ids := cfg.paths[1:]
	var missing []string
	for _, id := range ids {
		if _, err := a.Get(ctx, id); errors.Is(err, archive.ErrNotFound) {
			missing = append(missing, id)
		} else if err != nil {
			return false, err
		}
	}
	n, err := a.Delete(ctx, ids...)
	if err != nil {
		return false, err
	}
	st, err := a.Stats(ctx)
	if err != nil {
		return false, err
	}
	fmt.Fprintf(stdout, "%s: %d removed; %s in the archive\n", a.Path(), n, report.Plural(st.Documents, "document", "documents"))
	if len(missing) > 0 {
		fmt.Fprintf(stderr, "churn: warning: %s: no %s %s\n", a.Path(), map[bool]string{true: "document", false: "documents"}[len(missing) == 1], strings.Join(missing, ", "))
		if cfg.strict {
			return true, fmt.Errorf("%s not in the archive (--strict)", report.Plural(len(missing), "ID", "IDs"))
		}
	}
	return true, nil
}

// listed is a line of churn ls --format jsonl and churn export: the
// field names churn's JSON Lines reader takes, so that an export is read
// back as it was added.
type listed struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	URL       string   `json:"url,omitempty"`
	Title     string   `json:"title,omitempty"`
	Outlet    string   `json:"outlet,omitempty"`
	Published string   `json:"published,omitempty"`
	Lang      string   `json:"lang,omitempty"`
	Notes     []string `json:"notes,omitempty"`
	Bytes     int      `json:"bytes"`
	SHA256    string   `json:"sha256"`
	Added     string   `json:"added"`
	Updated   string   `json:"updated"`
	Text      *string  `json:"text,omitempty"`
}

func archiveList(ctx context.Context, cfg *config, cmd command, a *archive.Archive, stdout io.Writer) (bool, error) {
	format := cfg.format
	if cmd.name == "export" {
		format = "jsonl"
	}
	if format != "table" && format != "jsonl" {
		return false, usageError{fmt.Errorf("-format %s: %s writes table or jsonl", format, cmd.name), cmd.name}
	}
	if cmd.name == "ls" && cfg.verify {
		if err := a.Verify(ctx); err != nil {
			return false, err
		}
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	if format == "table" {
		fmt.Fprintln(tw, "#\tID\tBYTES\tPUBLISHED\tOUTLET\tTITLE")
	}
	n := 0
	err := a.Walk(ctx, cmd.name == "export", func(e archive.Entry) error {
		n++
		if format == "table" {
			published := ""
			if !e.Meta.Published.IsZero() {
				published = e.Meta.Published.Format("2006-01-02 15:04")
			}
			_, err := fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\n", n, oneLine(e.ID, 40), e.Bytes, published, oneLine(e.Meta.Outlet, 30), oneLine(e.Meta.Title, 60))
			return err
		}
		l := listed{
			ID: e.ID, Name: e.Name, URL: e.Meta.URL, Title: e.Meta.Title, Outlet: e.Meta.Outlet, Lang: e.Meta.Lang,
			Notes: e.Meta.Notes, Bytes: e.Bytes, SHA256: e.SHA256,
			Added: e.Added.UTC().Format(time.RFC3339), Updated: e.Updated.UTC().Format(time.RFC3339),
		}
		if !e.Meta.Published.IsZero() {
			l.Published = e.Meta.Published.Format(time.RFC3339Nano)
		}
		if cmd.name == "export" {
			s := string(e.Text)
			l.Text = &s
		}
		return enc.Encode(l)
	})
	if err != nil {
		return false, err
	}
	if format == "table" {
		if err := tw.Flush(); err != nil {
			return false, err
		}
	}
	return true, nil
}

// oneLine shortens s to n runes on one line, for a table cell.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// isArchiveCommand reports whether cmd works on an archive: the archive
// commands, and the analysis commands given one path that is an archive.
func isArchiveCommand(cmd command, paths []string) bool {
	for _, c := range archiveCommands {
		if c.name == cmd.name {
			return true
		}
	}
	return cmd.name != "compare" && len(paths) == 1 && archive.IsArchive(paths[0])
}
