package report

import (
	"math"
	"strconv"
)

// Percent formats a fraction such as a Jaccard similarity as a percentage
// with two significant digits and no percent sign: 0.17 is "17", 0.08 is
// "8.0", 0.0095 is "0.95" and 0.00012 is "0.012".
//
// Three cases are kept apart from plain rounding so that a cell never
// claims more than the figure says: 0 is "0" and 1 is "100", exactly;
// a fraction below 1 never rounds up to "100" (0.999 is "99.9", and
// anything from 0.9995 up is ">99.9"); and a positive fraction below
// 0.0001 is "<0.01" rather than a long run of zeros. NaN is "NaN".
func Percent(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case x == 0:
		return "0"
	case x == 1:
		return "100"
	case x < 0:
		return "-" + Percent(-x)
	}
	p := x * 100
	switch {
	case p < 0.01:
		return "<0.01"
	case p >= 100:
		return strconv.FormatFloat(p, 'f', 0, 64)
	}
	s := sigFigs(p, 2)
	if s == "100" { // x < 1 rounded up: keep what distinguishes it from 1
		if s = strconv.FormatFloat(p, 'f', 1, 64); s == "100.0" {
			return ">99.9"
		}
	}
	return s
}

// sigFigs formats p > 0 with n significant digits in fixed-point notation,
// keeping trailing zeros ("8.0"), and with no exponent.
func sigFigs(p float64, n int) string {
	mag := int(math.Floor(math.Log10(p))) // p is in [10^mag, 10^(mag+1))
	dec := max(n-1-mag, 0)
	s := strconv.FormatFloat(p, 'f', dec, 64)
	// Rounding can carry into a new leading digit (9.96 -> "10.0"): then
	// one decimal fewer gives n significant digits again.
	if v, _ := strconv.ParseFloat(s, 64); v >= math.Pow10(mag+1) && dec > 0 {
		s = strconv.FormatFloat(p, 'f', dec-1, 64)
	}
	return s
}
