package corpus

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// assignIDs sets the ID of every document. A document's ID is the last of
// its ID elements: for a whole file, its path without extensions, split at
// "/" (so the ID is the file stem); for a record with a key, the path of
// its file and the key; for a record without one, the path of its file
// with ":" and the record's place added to the stem. Standard input read
// whole is StdinID. Documents whose IDs collide get their elements
// relative to the deepest directory they share, and any IDs still equal
// get "#2", "#3"... in input order, skipping suffixed IDs that another
// document already has. It returns how many documents got a suffix, and
// the first of them.
func assignIDs(docs []found) (renamed int, example string) {
	ids := make([]string, len(docs))
	elems := make([][]string, len(docs))
	groups := map[string][]int{}
	for i, d := range docs {
		if d.stdin {
			ids[i] = StdinID
		} else {
			elems[i] = idElems(d)
			ids[i] = elems[i][len(elems[i])-1]
		}
		groups[ids[i]] = append(groups[ids[i]], i)
	}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		var paths [][]string
		var idx []int
		for _, i := range g {
			if docs[i].stdin {
				continue
			}
			paths = append(paths, elems[i])
			idx = append(idx, i)
		}
		common := commonDirs(paths)
		for k, i := range idx {
			if rel := strings.Join(paths[k][common:], "/"); rel != "" {
				ids[i] = rel
			}
		}
	}
	all := make(map[string]bool, len(ids))
	for _, id := range ids {
		all[id] = true
	}
	used := make(map[string]bool, len(ids))
	for i, id := range ids {
		if used[id] {
			for n := 2; ; n++ {
				s := id + "#" + strconv.Itoa(n)
				if !all[s] && !used[s] {
					id = s
					break
				}
			}
			if renamed == 0 {
				example = fmt.Sprintf("%s for %s", id, docs[i].doc.Name)
			}
			renamed++
		}
		used[id] = true
		docs[i].doc.ID = id
	}
	return renamed, example
}

// idElems returns the ID elements of a document that is not standard
// input read whole.
func idElems(d found) []string {
	if d.file == "" {
		return pathElems(d.doc.Name)
	}
	e := pathElems(d.file)
	if d.file == Stdin {
		e = []string{StdinID}
	}
	if d.key != "" {
		return append(e, d.key)
	}
	e[len(e)-1] += ":" + d.loc
	return e
}

// pathElems splits a path without its extensions at "/".
func pathElems(path string) []string {
	p := filepath.ToSlash(filepath.Clean(path))
	p = strings.TrimSuffix(p, filepath.Base(p)) + stem(p)
	return strings.Split(p, "/")
}

// commonDirs returns how many leading directory elements all paths share
// (never counting a path's last element, its file).
func commonDirs(paths [][]string) int {
	if len(paths) == 0 {
		return 0
	}
	n := len(paths[0]) - 1
	for _, p := range paths[1:] {
		n = min(n, len(p)-1)
		for j := 0; j < n; j++ {
			if p[j] != paths[0][j] {
				n = j
				break
			}
		}
	}
	return n
}

// stem returns the file name of path without a ".gz" and then its
// extension, or the whole file name if that would leave nothing
// (".profile").
func stem(path string) string {
	base := filepath.Base(path)
	if b, gz := trimGz(base); gz && filepath.Ext(b) != "" {
		base = b
	}
	if s := strings.TrimSuffix(base, filepath.Ext(base)); s != "" {
		return s
	}
	return base
}
