package eval

import (
	"math/rand/v2"
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

// lightEdit returns a lightly edited copy of passage: 5–15% of its words
// inserted, deleted or replaced (by words of the host, hostWords), some
// words' case changed, accents stripped or added, punctuation changed,
// quotes restyled and Romanian ş/ș, ţ/ț respelled.
func lightEdit(rng *rand.Rand, passage string, hostWords []string) string {
	// Tokens alternate: white space (possibly empty), word, white space...
	type tok struct{ space, word string }
	var toks []tok
	rest := passage
	for rest != "" {
		sp := len(rest) - len(strings.TrimLeftFunc(rest, unicode.IsSpace))
		w := strings.IndexFunc(rest[sp:], unicode.IsSpace)
		if w < 0 {
			w = len(rest) - sp
		}
		toks = append(toks, tok{rest[:sp], rest[sp : sp+w]})
		rest = rest[sp+w:]
	}
	if len(toks) == 0 {
		return passage
	}
	hostWord := func() string {
		if len(hostWords) == 0 {
			return "și"
		}
		return hostWords[rng.IntN(len(hostWords))]
	}
	// Word operations: 5–15% of the words, at least one.
	rate := 0.05 + 0.10*rng.Float64()
	nops := max(1, int(rate*float64(len(toks))+0.5))
	ops := map[int]int{} // token → 0 delete, 1 insert after, 2 replace
	for _, i := range rng.Perm(len(toks))[:min(nops, len(toks))] {
		ops[i] = rng.IntN(3)
	}
	quote := quoteStyles[rng.IntN(len(quoteStyles))]
	restyle := rng.IntN(2) == 0
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
		if core != "" {
			switch x := rng.Float64(); {
			case x < 0.08:
				core = changeCase(rng, core)
			case x < 0.12:
				core = changeAccents(rng, core)
			}
		}
		if rng.Float64() < 0.03 && i < len(toks)-1 {
			post = changePunct(rng, post)
		}
		if restyle {
			pre, post = restyleQuotes(pre, quote[0]), restyleQuotes(post, quote[1])
		}
		space := t.space
		if b.Len() == 0 {
			space = ""
		}
		b.WriteString(space + pre + core + post)
		if has && op == 1 {
			b.WriteString(" " + hostWord())
		}
	}
	out := b.String()
	if strings.ContainsAny(out, "şţŞŢșțȘȚ") && rng.IntN(2) == 0 {
		if strings.ContainsAny(out, "şţŞŢ") {
			out = toComma.Replace(out)
		} else {
			out = toCedilla.Replace(out)
		}
	}
	return out
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
