package corpus

import (
	"path"
	"strings"
)

// pattern is a compiled Include or Exclude pattern.
type pattern struct {
	src   string   // as given
	parts []string // split at "/"; "**" matches any number of elements
	name  bool     // no "/": matched against file names
}

// compilePatterns checks and compiles patterns.
func compilePatterns(pats []string) ([]pattern, error) {
	var out []pattern
	for _, p := range pats {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		clean := strings.Trim(p, "/")
		cp := pattern{src: p, parts: strings.Split(clean, "/"), name: !strings.Contains(clean, "/")}
		for _, part := range cp.parts {
			if part == "**" {
				continue
			}
			if _, err := path.Match(part, ""); err != nil {
				return nil, &patternError{p}
			}
		}
		out = append(out, cp)
	}
	return out, nil
}

// patternError is a malformed pattern.
type patternError struct{ pat string }

func (e *patternError) Error() string { return "malformed pattern " + quote(e.pat) }

func quote(s string) string { return `"` + s + `"` }

// matchAny returns the first pattern matching rel, a slash-separated path
// relative to the directory walked, and whether there is one.
func matchAny(pats []pattern, rel string) (string, bool) {
	for _, p := range pats {
		if p.match(rel) {
			return quote(p.src), true
		}
	}
	return "", false
}

// match reports whether p matches rel.
func (p pattern) match(rel string) bool {
	if p.name {
		return matchParts(p.parts, []string{path.Base(rel)})
	}
	return matchParts(p.parts, strings.Split(rel, "/"))
}

// matchParts matches pattern elements against path elements.
func matchParts(pat, elems []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(elems); i++ {
				if matchParts(pat[1:], elems[i:]) {
					return true
				}
			}
			return false
		}
		if len(elems) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], elems[0]); !ok {
			return false
		}
		pat, elems = pat[1:], elems[1:]
	}
	return len(elems) == 0
}
