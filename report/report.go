// Package report renders a churn.Result for people and for programs.
//
// Table writes a text report for a terminal: a heading, the similarity
// matrix of a small corpus, the verified pairs and the inputs that were
// skipped. JSON writes the same Result as one JSON document for other
// tools. Neither computes anything: every figure comes from the Result, so
// the two reports always agree with each other and with the library.
//
// # Why it is built this way
//
// Both reports are byte-for-byte deterministic: the same Result always
// gives the same bytes, whatever the terminal, locale or machine. That
// makes them diffable, lets the tests compare them with golden files and
// lets a user check a corpus into version control next to its report.
// To that end Table uses no colours and no terminal-width detection, and
// measures characters as narrow whatever the locale (see Table); JSON
// defines its own structs, so field names and their order are fixed here
// rather than by the churn types, and rounds every float to 6 decimal
// places, so that the last bits of a float64 do not show in diffs.
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
