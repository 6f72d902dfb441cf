// Package report renders a churn.Result for people and for programs.
//
// For people: Table writes a text report for a terminal (a heading, the
// similarity matrix of a small corpus, the verified pairs, their
// passages, the syndication groups and the inputs that were skipped),
// Markdown the same sections for pasting into an issue or a chat, and
// HTML a self-contained page with a heatmap, the groups and the pairs'
// passages side by side. For programs: JSON writes the Result as one JSON
// document, JSONL as JSON Lines records, CSV and CSVWith one table of
// records (see Tables) as CSV or TSV, and MatrixCSV the similarity
// matrix. None of them computes anything: every figure comes from the
// Result, so the reports always agree with each other and with the
// library.
//
// # Why it is built this way
//
// Every report is byte-for-byte deterministic: the same Result always
// gives the same bytes, whatever the terminal, locale or machine. That
// makes them diffable, lets the tests compare them with golden files and
// lets a user check a corpus into version control next to its report.
// To that end Table uses ANSI colours only when TableOptions.Color asks
// for them (churn --color, by default on a terminal without NO_COLOR),
// no terminal-width detection, and measures characters as narrow
// whatever the locale (see Table); the HTML page's colours (heatmap
// shading, passage highlights) are fixed in its inline style sheet, and
// the page has no timestamp. JSON defines its own structs, so field names
// and their order are fixed here rather than by the churn types, and
// rounds every float to 6 decimal places, so that the last bits of a
// float64 do not show in diffs.
//
// Percentages in tables have two significant digits (see Percent): the
// figures are estimates of text reuse, and a third digit would suggest a
// precision the measure does not have while making the matrix wider.
//
// # JSON schema
//
// The JSON schema, field by field, is documented in docs/json.md at the
// root of the repository; the tests check that the keys and their order
// match it.
package report
