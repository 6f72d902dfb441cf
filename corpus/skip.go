package corpus

import "github.com/churnalism/churn"

// skip records an input, or a record in it, that cannot be used.
func (rd *reading) skip(name, reason string) {
	rd.skipAs(name, churn.SkipProblem, reason)
}

// skipAs records a skipped input of the given kind.
func (rd *reading) skipAs(name string, kind churn.SkipKind, reason string) {
	rd.skipped = append(rd.skipped, churn.Skipped{Name: name, Reason: reason, Kind: kind})
}

// ignore records an input left out by rule.
func (rd *reading) ignore(name, reason string) {
	rd.skipAs(name, churn.SkipIgnored, reason)
}

// unreadable records an input that cannot be read at all.
func (rd *reading) unreadable(name, reason string) {
	rd.skipAs(name, churn.SkipUnreadable, reason)
}

// Reasons for entries left out by rule rather than for a problem (of
// kind churn.SkipIgnored).
const (
	reasonHidden      = "hidden file"
	reasonHiddenDir   = "hidden directory"
	reasonUnsupported = "not a supported file type"
	reasonUnsniffed   = "not a supported file type, by name or content"
	reasonNotIncluded = "not matched by an include pattern"
	reasonExcluded    = "excluded by pattern "
	reasonDirLink     = "symbolic link to a directory, not followed"
	reasonSameFile    = "same file as "
	reasonWARCOther   = "WARC records that are not pages: "
)

// Ignored reports whether s is an input left out by rule rather than a
// problem with the input (s.Kind is churn.SkipIgnored): a hidden file or
// directory, a file of an unsupported type or not matched by
// Reader.Include, an entry matched by Reader.Exclude, a symbolic link to a
// directory, a file named twice, or the count of a WARC file's records
// that are not pages (requests, metadata, images, redirects). A command
// line's --strict should fail for the others only.
func Ignored(s churn.Skipped) bool {
	return s.Kind == churn.SkipIgnored
}
