package report

import "strconv"

// Plural returns n followed by the singular noun for 1 or the plural for
// any other n: "1 pair", "0 pairs", "2 pairs".
func Plural(n int, one, many string) string {
	return strconv.Itoa(n) + " " + pluralNoun(n, one, many)
}

// pluralNoun returns the singular noun for 1, the plural for any other n.
func pluralNoun(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// clusterID is the ID of cluster (syndication group) i, counted from 0:
// "c1", "c2"… Every report names the groups so.
func clusterID(i int) string { return "c" + strconv.Itoa(i+1) }
