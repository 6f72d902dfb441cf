package corpus

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// referenceJSONObject is parseJSONObject as it was before scanJSONObject,
// with encoding/json only: the reference the scanner must agree with.
func referenceJSONObject(data []byte) (jsonRecord, string) {
	t := bytes.TrimSpace(data)
	if len(t) > 0 && t[0] != '{' && json.Valid(t) {
		return nil, "not a JSON object but " + jsonKind(t[0])
	}
	var rec jsonRecord
	if err := json.Unmarshal(t, &rec); err != nil {
		return nil, jsonErr(err)
	}
	if rec == nil {
		return nil, "not a JSON object but null"
	}
	return rec, ""
}

// referenceJSONText is jsonText as it was before jsonStringText, with
// encoding/json only.
func referenceJSONText(raw json.RawMessage) (string, bool, string) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", false, ""
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false, "not a valid JSON string"
		}
		return s, true, ""
	case 'n':
		return "", false, ""
	case 't', 'f':
		return string(raw), true, ""
	case '{':
		return "", false, "a JSON object, not a string"
	case '[':
		var parts []string
		if err := json.Unmarshal(raw, &parts); err != nil {
			return "", false, "a JSON array of other things than strings"
		}
		return strings.Join(parts, "\n\n"), true, ""
	}
	return string(raw), true, ""
}

// checkSameObject checks that parseJSONObject gives for data what
// referenceJSONObject gives: the same reason, or the same keys with the
// same raw values and the same text for each.
func checkSameObject(t *testing.T, data []byte) {
	t.Helper()
	want, wantWhy := referenceJSONObject(data)
	got, gotWhy := parseJSONObject(data)
	if gotWhy != wantWhy {
		t.Fatalf("%q: reason %q, want %q", data, gotWhy, wantWhy)
	}
	if (got == nil) != (want == nil) {
		t.Fatalf("%q: record %v, want %v", data, got, want)
	}
	if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))) {
		t.Fatalf("%q: keys %q, want %q", data, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
	for k, w := range want {
		g := got[k]
		if !bytes.Equal(g, w) {
			t.Fatalf("%q: value of %q is %q, want %q", data, k, g, w)
		}
		gs, gok, gbad := jsonText(g)
		ws, wok, wbad := referenceJSONText(w)
		if gs != ws || gok != wok || gbad != wbad {
			t.Fatalf("%q: text of %q is (%q, %v, %q), want (%q, %v, %q)", data, k, gs, gok, gbad, ws, wok, wbad)
		}
		if utf8.Valid(data) {
			gs, gok, gbad = utf8JSONRecord(got).get(k)
			if gs != ws || gok != wok || gbad != wbad {
				t.Fatalf("%q: text of %q as UTF-8 is (%q, %v, %q), want (%q, %v, %q)", data, k, gs, gok, gbad, ws, wok, wbad)
			}
		}
	}
	if trimmed := bytes.TrimSpace(data); !json.Valid(trimmed) {
		if _, ok := scanJSONObject(trimmed); ok {
			t.Fatalf("%q: scanned but not valid JSON", data)
		}
	}
}

// checkSameString checks jsonStringText against json.Unmarshal for data,
// if data is a valid JSON string.
func checkSameString(t *testing.T, data []byte) {
	t.Helper()
	if len(data) == 0 || data[0] != '"' || !json.Valid(data) {
		return
	}
	var want string
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatalf("%q: %v", data, err)
	}
	if got, ok := jsonStringText(data, false); ok && got != want {
		t.Fatalf("%q: text %q, want %q", data, got, want)
	}
	if got, ok := unquoteJSON(data, false); !ok || got != want {
		t.Fatalf("%q: unquoted %q, %v, want %q", data, got, ok, want)
	}
	if utf8.Valid(data) {
		if got, ok := jsonStringText(data, true); !ok || got != want {
			t.Fatalf("%q: text as UTF-8 %q, %v, want %q", data, got, ok, want)
		}
	}
}

// jsonObjectSeeds are inputs for the scanner tests: ordinary objects,
// escapes of every kind, surrogates good and bad, invalid UTF-8, nesting,
// numbers, and invalid JSON of many kinds.
var jsonObjectSeeds = []string{
	``, ` `, `{}`, ` { } `, "\t{\r\n}\n", `{"a":1}`, `{"a" : "b" , "c" : [1, 2, {"d": null}] }`,
	`{"text": "a", "id": 12, "ok": true, "no": false, "none": null}`,
	`{"text": ["a", "b"]}`, `{"text": [1]}`, `{"text": {"x": "y"}}`, `{"source": {"name": "x"}, "text": "a"}`,
	`{"a": 1, "a": 2}`, `{"a": "x", "A": "y", "a": "z"}`,
	`{"t\u0065xt": "\u00e9\n\t\"\\\/\b\f\r"}`, `{"k\"ey": 1}`, `{"\\": 2}`, `{"": 3}`,
	`{"a": "\ud83d\ude00"}`, `{"a": "\ud83d"}`, `{"a": "\ude00"}`, `{"a": "\ud83d\u0041"}`, `{"a": "\ud83dx"}`,
	`{"a": "\ud83d\ud83d\ude00"}`, `{"\ud83d": 1}`, `{"a": "\uDBFF\uDFFF"}`, `{"a": "\u0000"}`,
	"{\"a\": \"\xff\xfe\"}", "{\"\xff\": 1}", "{\"a\": \"\xe2\x82\\n\xac\"}", "{\"a\": \"caf\xc3\xa9\"}",
	`{"n": -0}`, `{"n": 0.5e+10}`, `{"n": 1E-3}`, `{"n": 1e999}`, `{"n": -12.50}`,
	`{"n": 01}`, `{"n": 1.}`, `{"n": .5}`, `{"n": 1e}`, `{"n": -}`, `{"n": +1}`, `{"n": 0x1}`, `{"n": NaN}`,
	`{"a": tru}`, `{"a": truex}`, `{"a": nul}`, `{"a": True}`,
	`{"a": 1,}`, `{"a": 1 "b": 2}`, `{"a" 1}`, `{a: 1}`, `{'a': 1}`, `{"a": 1}}`, `{"a": 1} x`, `{"a": 1}{"b": 2}`,
	`{"a": [1, 2,]}`, `{"a": [1 2]}`, `{"a": [}`, `{"a": {"b"}}`, `{"a": {"b": }}`, `{"a"`, `{"a":`, `{`, `{"`,
	`{"a": "b`, `{"a": "b\"}`, `{"a": "\x"}`, `{"a": "\u12"}`, `{"a": "\u12g4"}`, `{"a": "\'"}`,
	"{\"a\": \"line\nbreak\"}", "{\"a\": \"tab\there\"}", "{\"a\": \"\x7f\"}",
	`[]`, `[{"text": "a"}]`, `"text"`, `12`, `-1.5`, `true`, `false`, `null`, ` null `, `nul`, `x`, `"unterminated`,
	"\xef\xbb\xbf{\"text\": \"bom\"}", "{\"a\": 1}\u00a0", "\u00a0{\"a\": 1}", "{\"a\":\u00a01}", "{\"a\":\f1}",
	`{"text": "Ã®nsÄƒ È™i"}`,
	`{"a": "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\"0123456789"}`,
	`{"a": "01234567\\89abcdef"}`, `{"a": "0123456\"89abcdef"}`,
	strings.Repeat(`{"a":`, 600) + `1` + strings.Repeat(`}`, 600),
	`{"a":` + strings.Repeat(`[`, 20000) + strings.Repeat(`]`, 20000) + `}`,
}

func TestScanJSONObject(t *testing.T) {
	for _, s := range jsonObjectSeeds {
		checkSameObject(t, []byte(s))
	}
	// Every control character and byte, raw and escaped, in keys and
	// values, at every offset of an 8-byte word.
	for c := 0; c < 256; c++ {
		for pad := 0; pad < 9; pad++ {
			p := strings.Repeat("x", pad)
			checkSameObject(t, []byte(`{"`+p+string(rune(c))+`": "`+p+string([]byte{byte(c)})+p+`"}`))
			checkSameObject(t, []byte(`{"a": "`+p+`\`+string([]byte{byte(c)})+p+`"}`))
		}
	}
}

// TestScanJSONObjectCases checks the scanner's own results, beyond
// agreeing with encoding/json: the cases it handles itself and those it
// leaves to encoding/json.
func TestScanJSONObjectCases(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want map[string]string // nil: left to encoding/json
	}{
		{`{}`, map[string]string{}},
		{` {"a" :1 } `, map[string]string{"a": "1"}},
		{`{"a": "x", "a": "y"}`, map[string]string{"a": `"y"`}},
		{`{"a": {"b": [1, "c"]}, "d": null}`, map[string]string{"a": `{"b": [1, "c"]}`, "d": "null"}},
		{`{"t\u00e9xt": true}`, map[string]string{"téxt": "true"}},
		{`{"\ud83d\ude00": false}`, map[string]string{"😀": "false"}},
		{`{"\ud83d": -1.5e3}`, map[string]string{"\uFFFD": "-1.5e3"}},
		{"{\"\xff\": 1}", nil}, // invalid UTF-8 in a key
		{`{"a": 01}`, nil},
		{`{"a": 1,}`, nil},
		{`{"a": "\'"}`, nil},
		{"{\"a\": \"\x01\"}", nil},
		{`[1]`, nil},
		{`null`, nil},
		{`{"a": 1} {}`, nil},
		{`{"a":` + strings.Repeat(`[`, maxScanDepth) + strings.Repeat(`]`, maxScanDepth) + `}`, nil},
		{`{"a":` + strings.Repeat(`[`, maxScanDepth-1) + strings.Repeat(`]`, maxScanDepth-1) + `}`,
			map[string]string{"a": strings.Repeat(`[`, maxScanDepth-1) + strings.Repeat(`]`, maxScanDepth-1)}},
	} {
		rec, ok := scanJSONObject([]byte(tc.in))
		if ok != (tc.want != nil) {
			t.Errorf("%q: ok %v", tc.in, ok)
			continue
		}
		got := map[string]string{}
		for k, v := range rec {
			got[k] = string(v)
		}
		if ok && !maps.Equal(got, tc.want) {
			t.Errorf("%q: %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestUnquoteJSON(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{`""`, "", true},
		{`"abc"`, "abc", true},
		{`"a\nb\\c\/d\"e\tf\rg\bh\fi"`, "a\nb\\c/d\"e\tf\rg\bh\fi", true},
		{`"\u00e9\u00E9"`, "éé", true},
		{`"\ud83d\ude00"`, "😀", true},
		{`"\ud83d"`, "\uFFFD", true},
		{`"\ude00\ud83d"`, "\uFFFD\uFFFD", true},
		{`"\ud83d\u0041"`, "\uFFFDA", true},
		{`"\ud83d\n"`, "\uFFFD\n", true},
		{"\"\xe2\x82\\n\"", "\uFFFD\uFFFD\n", true},
		{"\"a\xffb\"", "a\uFFFDb", true},
		{`"\x"`, "", false},
		{`"\u12"`, "", false},
		{`"\"`, "", false},
		{`"abc`, "", false},
		{`abc"`, "", false},
	} {
		got, ok := unquoteJSON([]byte(tc.in), false)
		if got != tc.want || ok != tc.ok {
			t.Errorf("unquoteJSON(%q) = %q, %v, want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
		checkSameString(t, []byte(tc.in))
	}
}

func TestPlainWord(t *testing.T) {
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			for _, fill := range []byte{'a', 0xFF, 0x20, 0x80, '"' + 1, '\\' - 1} {
				var w [8]byte
				for i := range w {
					w[i] = fill
				}
				w[pos] = byte(c)
				x := uint64(0)
				for i := 7; i >= 0; i-- {
					x = x<<8 | uint64(w[i])
				}
				want := true
				for _, b := range w {
					want = want && plainInString[b]
				}
				if got := plainWord(x); got != want {
					t.Fatalf("plainWord(%q) = %v", w, got)
				}
			}
		}
	}
}

// FuzzJSONObject checks that parseJSONObject, with its scanner, gives for
// any input what encoding/json gives: the same reason for refusing it,
// or the same members with the same text.
func FuzzJSONObject(f *testing.F) {
	for _, s := range jsonObjectSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSameObject(t, data)
		checkSameString(t, bytes.TrimSpace(data))
	})
}
