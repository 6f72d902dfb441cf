package eval

import (
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

type sentence struct {
	start, end         int
	startRune, endRune int
}

// sentences splits text into sentences: a sentence ends at a line break,
// or after a full stop, question or exclamation mark (and any closing
// quotes or brackets) followed by white space and a capital letter, a
// digit, an opening quote or bracket or a letter of a script without
// case; the CJK full stops end a sentence by themselves.
func sentences(text string) []sentence {
	var out []sentence
	start, startRune := -1, 0
	end, endRune := 0, 0 // just after the last non-space rune
	closeAt := func(e, er int) {
		if start >= 0 && e > start {
			out = append(out, sentence{start, e, startRune, er})
		}
		start = -1
	}
	for i, rn := 0, 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		next, nextRune := i+size, rn+1
		switch {
		case r == '\n':
			closeAt(end, endRune)
		case unicode.IsSpace(r):
		default:
			if start < 0 {
				start, startRune = i, rn
			}
			end, endRune = next, nextRune
			switch r {
			case '。', '！', '？':
				closeAt(end, endRune)
			case '.', '!', '?', '…', '؟':
				// Take further stops and closing quotes or brackets.
				j, jr := next, nextRune
				for j < len(text) {
					r2, s2 := utf8.DecodeRuneInString(text[j:])
					if !strings.ContainsRune(".!?…؟\"'”’»)]“", r2) {
						break
					}
					j, jr = j+s2, jr+1
				}
				if sentenceFollows(text[j:]) {
					end, endRune = j, jr
					closeAt(end, endRune)
					next, nextRune = j, jr
				}
			}
		}
		i, rn = next, nextRune
	}
	closeAt(end, endRune)
	return out
}

// sentenceFollows reports whether rest, the text after a full stop,
// starts with white space and then something that can begin a sentence.
func sentenceFollows(rest string) bool {
	if rest == "" {
		return true
	}
	r, size := utf8.DecodeRuneInString(rest)
	if !unicode.IsSpace(r) {
		return false
	}
	rest = strings.TrimLeftFunc(rest[size:], unicode.IsSpace)
	if rest == "" {
		return true
	}
	r, _ = utf8.DecodeRuneInString(rest)
	switch {
	case unicode.IsUpper(r), unicode.IsDigit(r), unicode.IsTitle(r):
		return true
	case unicode.IsLetter(r):
		return !unicode.IsLower(r) && unicode.SimpleFold(r) == r // uncased script
	}
	return strings.ContainsRune("\"'“„«‘(['‚¿¡–—-", r)
}

// splitToken splits a white-space-delimited token into leading
// punctuation, the word, and trailing punctuation.
func splitToken(tok string) (pre, core, post string) {
	isWordRune := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	i := strings.IndexFunc(tok, isWordRune)
	if i < 0 {
		return tok, "", ""
	}
	j := strings.LastIndexFunc(tok, isWordRune)
	_, size := utf8.DecodeRuneInString(tok[j:])
	return tok[:i], tok[i : j+size], tok[j+size:]
}

// Quote styles a light edit may switch a passage to: opening and closing.
var quoteStyles = [][2]string{{"“", "”"}, {"„", "“"}, {"«", "»"}, {"\"", "\""}, {"»", "«"}}

// isQuote reports whether r is a double quotation mark.
func isQuote(r rune) bool { return strings.ContainsRune("\"“”„«»‟", r) }

// Romanian spellings: cedilla and comma below.
var (
	toComma   = strings.NewReplacer("ş", "ș", "Ş", "Ș", "ţ", "ț", "Ţ", "Ț")
	toCedilla = strings.NewReplacer("ș", "ş", "Ș", "Ş", "ț", "ţ", "Ț", "Ţ")
)

// token is a word of a passage (a run of non-space characters) and the
// white space before it.
type token struct{ space, word string }

// tokens splits text into tokens; joined, they give text back but for
// trailing white space.
func tokens(text string) []token {
	var toks []token
	rest := text
	for rest != "" {
		sp := len(rest) - len(strings.TrimLeftFunc(rest, unicode.IsSpace))
		w := strings.IndexFunc(rest[sp:], unicode.IsSpace)
		if w < 0 {
			w = len(rest) - sp
		}
		toks = append(toks, token{rest[:sp], rest[sp : sp+w]})
		rest = rest[sp+w:]
	}
	return toks
}

// hostWordFunc returns a function that draws a word of the host at random
// ("și" if the host has none).
func hostWordFunc(rng *rand.Rand, hostWords []string) func() string {
	return func() string {
		if len(hostWords) == 0 {
			return "și"
		}
		return hostWords[rng.IntN(len(hostWords))]
	}
}

// surface holds the per-passage choices of a light edit's surface
// changes: the quote style and whether to switch to it.
type surface struct {
	quote   [2]string
	restyle bool
}

// newSurface draws a passage's surface choices.
func newSurface(rng *rand.Rand) surface {
	quote := quoteStyles[rng.IntN(len(quoteStyles))]
	return surface{quote: quote, restyle: rng.IntN(2) == 0}
}

// token applies the surface changes to one token split by splitToken: the
// word's case changed (8%) or its accents stripped or added (4%), the
// punctuation after it changed (3%, never after the passage's last word,
// last) and its quotes restyled.
func (s surface) token(rng *rand.Rand, pre, core, post string, last bool) (string, string, string) {
	if core != "" {
		switch x := rng.Float64(); {
		case x < 0.08:
			core = changeCase(rng, core)
		case x < 0.12:
			core = changeAccents(rng, core)
		}
	}
	if rng.Float64() < 0.03 && !last {
		post = changePunct(rng, post)
	}
	if s.restyle {
		pre, post = restyleQuotes(pre, s.quote[0]), restyleQuotes(post, s.quote[1])
	}
	return pre, core, post
}

// respell switches, half the time, a text with Romanian ş/ș or ţ/ț to the
// other spelling (cedilla or comma below).
func respell(rng *rand.Rand, text string) string {
	if strings.ContainsAny(text, "şţŞŢșțȘȚ") && rng.IntN(2) == 0 {
		if strings.ContainsAny(text, "şţŞŢ") {
			return toComma.Replace(text)
		}
		return toCedilla.Replace(text)
	}
	return text
}

// lightEdit returns a lightly edited copy of passage: 5–15% of its words
// inserted, deleted or replaced (by words of the host, hostWords), some
// words' case changed, accents stripped or added, punctuation changed,
// quotes restyled and Romanian ş/ș, ţ/ț respelled.
func lightEdit(rng *rand.Rand, passage string, hostWords []string) string {
	// Tokens alternate: white space (possibly empty), word, white space...
	toks := tokens(passage)
	if len(toks) == 0 {
		return passage
	}
	hostWord := hostWordFunc(rng, hostWords)
	// Word operations: 5–15% of the words, at least one.
	rate := 0.05 + 0.10*rng.Float64()
	nops := max(1, int(rate*float64(len(toks))+0.5))
	ops := map[int]int{} // token → 0 delete, 1 insert after, 2 replace
	for _, i := range rng.Perm(len(toks))[:min(nops, len(toks))] {
		ops[i] = rng.IntN(3)
	}
	sf := newSurface(rng)
	var b strings.Builder
	for i, t := range toks {
		op, has := ops[i]
		if has && op == 0 && len(toks) > 1 {
			continue // deleted, with the space before it
		}
		pre, core, post := splitToken(t.word)
		if has && op == 2 {
			core = hostWord()
		}
		pre, core, post = sf.token(rng, pre, core, post, i == len(toks)-1)
		space := t.space
		if b.Len() == 0 {
			space = ""
		}
		b.WriteString(space + pre + core + post)
		if has && op == 1 {
			b.WriteString(" " + hostWord())
		}
	}
	return respell(rng, b.String())
}

// Heavy edits: the share of a passage's words replaced, and the chance
// that a sentence of two clauses or more loses one.
const (
	heavyMinRate, heavyMaxRate = 0.20, 0.30
	heavyClauseDrop            = 0.5
)

// heavyEdit returns a heavily edited copy of passage. Each sentence of two
// clauses or more (delimited by a comma or semicolon after a word) loses,
// with probability one half, one clause holding at most half its words;
// the sentence's final punctuation is kept. The sentences are then put in
// another order (when there are two or more), keeping the white space
// between them in place, and 20–30% of the remaining words (25% on
// average, at least one) are replaced by words of the host, hostWords,
// keeping their punctuation. Last come light's surface changes: words'
// case changed, accents stripped or added, punctuation changed, quotes
// restyled and Romanian ş/ș, ţ/ț respelled. The result is never empty
// and, for a given state of rng, always the same.
func heavyEdit(rng *rand.Rand, passage string, hostWords []string) string {
	sents := sentences(passage)
	if len(sents) == 0 {
		return passage
	}
	hostWord := hostWordFunc(rng, hostWords)
	// Sentences as words, with clauses dropped.
	ws := make([][]word, len(sents))
	for i, s := range sents {
		for _, t := range tokens(passage[s.start:s.end]) {
			pre, core, post := splitToken(t.word)
			ws[i] = append(ws[i], word{t.space, pre, core, post})
		}
		ws[i] = dropClause(rng, ws[i])
	}
	// Another order of the sentences.
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	if len(order) >= 2 {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		if slices.IsSorted(order) { // the same order: rotate by one
			order = append(order[1:], order[0])
		}
	}
	// Word substitutions.
	var cores []*word
	for _, si := range order {
		for k := range ws[si] {
			if ws[si][k].core != "" {
				cores = append(cores, &ws[si][k])
			}
		}
	}
	rate := heavyMinRate + (heavyMaxRate-heavyMinRate)*rng.Float64()
	nsub := max(1, int(rate*float64(len(cores))+0.5))
	for _, k := range rng.Perm(len(cores))[:min(nsub, len(cores))] {
		cores[k].core = hostWord()
	}
	// Surface changes, and the text, with the white space between
	// sentences in place.
	sf := newSurface(rng)
	var b strings.Builder
	for n, si := range order {
		if n > 0 {
			b.WriteString(passage[sents[n-1].end:sents[n].start])
		}
		for k, w := range ws[si] {
			pre, core, post := sf.token(rng, w.pre, w.core, w.post, n == len(order)-1 && k == len(ws[si])-1)
			if k > 0 {
				b.WriteString(w.space)
			}
			b.WriteString(pre + core + post)
		}
	}
	return respell(rng, b.String())
}

// word is a token of a sentence split by splitToken, with the white space
// before it.
type word struct{ space, pre, core, post string }

// dropClause drops, with probability heavyClauseDrop, one clause of a
// sentence of two clauses or more, given as its words; a clause ends at a
// word followed by a comma or semicolon. The clause dropped holds at most
// half the sentence's words. Dropping the last clause moves the
// sentence's final punctuation to the word before it; dropping the first
// capitalises the new first word if the old one was capitalised.
func dropClause(rng *rand.Rand, ws []word) []word {
	var ends []int // index after each clause's last word
	for k, w := range ws[:max(len(ws)-1, 0)] {
		if w.core != "" && strings.ContainsAny(w.post, ",;") {
			ends = append(ends, k+1)
		}
	}
	if len(ends) == 0 || rng.Float64() >= heavyClauseDrop {
		return ws
	}
	ends = append(ends, len(ws))
	start := func(c int) int {
		if c == 0 {
			return 0
		}
		return ends[c-1]
	}
	var can []int // clauses short enough to drop
	for c, e := range ends {
		if 2*(e-start(c)) <= len(ws) {
			can = append(can, c)
		}
	}
	if len(can) == 0 {
		return ws
	}
	c := can[rng.IntN(len(can))]
	s, e := start(c), ends[c]
	out := slices.Clone(ws[:s])
	switch {
	case c == len(ends)-1:
		// The sentence's final punctuation replaces the comma or
		// semicolon before the clause.
		last := &out[len(out)-1]
		i := strings.LastIndexAny(last.post, ",;")
		last.post = last.post[:i] + last.post[i+1:] + ws[len(ws)-1].post
		return out
	case c == 0:
		first := ws[e]
		first.space = ws[0].space
		if r, _ := utf8.DecodeRuneInString(ws[0].core); unicode.IsUpper(r) && first.core != "" {
			r2, size := utf8.DecodeRuneInString(first.core)
			first.core = string(unicode.ToUpper(r2)) + first.core[size:]
		}
		return append(append(out, first), ws[e+1:]...)
	}
	return append(out, ws[e:]...)
}

// changeCase returns w in another case: lower, upper or title.
func changeCase(rng *rand.Rand, w string) string {
	for range 3 {
		var v string
		switch rng.IntN(3) {
		case 0:
			v = strings.ToLower(w)
		case 1:
			v = strings.ToUpper(w)
		default:
			r, size := utf8.DecodeRuneInString(w)
			v = string(unicode.ToUpper(r)) + strings.ToLower(w[size:])
		}
		if v != w {
			return v
		}
	}
	return w
}

// accented holds vowels and an accented form of each.
var accented = map[rune]rune{'a': 'á', 'e': 'é', 'i': 'í', 'o': 'ó', 'u': 'ú', 'A': 'Á', 'E': 'É', 'I': 'Í', 'O': 'Ó', 'U': 'Ú'}

// changeAccents strips w's accents if it has any, and else adds one to a
// vowel.
func changeAccents(rng *rand.Rand, w string) string {
	d := norm.NFD.String(w)
	stripped := strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, d)
	if stripped = norm.NFC.String(stripped); stripped != w {
		return stripped
	}
	rs := []rune(w)
	var vowels []int
	for i, r := range rs {
		if _, ok := accented[r]; ok {
			vowels = append(vowels, i)
		}
	}
	if len(vowels) == 0 {
		return w
	}
	i := vowels[rng.IntN(len(vowels))]
	rs[i] = accented[rs[i]]
	return string(rs)
}

// changePunct changes the punctuation after a word: a comma is dropped or
// becomes a semicolon; a word without punctuation gets a comma.
func changePunct(rng *rand.Rand, post string) string {
	switch {
	case post == "":
		return ","
	case strings.HasPrefix(post, ","):
		if rng.IntN(2) == 0 {
			return post[1:]
		}
		return ";" + post[1:]
	case strings.HasPrefix(post, ";"), strings.HasPrefix(post, ":"):
		return "," + post[1:]
	}
	return post
}

// restyleQuotes replaces the double quotation marks in s by q.
func restyleQuotes(s, q string) string {
	if strings.IndexFunc(s, isQuote) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isQuote(r) {
			b.WriteString(q)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
