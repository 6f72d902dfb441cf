package corpus

import (
	"path/filepath"
	"strconv"
	"strings"
)

// assignIDs sets the ID of every document: its file stem, or StdinID for
// standard input; documents whose stems collide get their paths relative
// to the deepest directory they share; any IDs still equal get "#2", "#3"...
// in input order, skipping suffixed IDs that another document already has.
func assignIDs(docs []found) {
	ids := make([]string, len(docs))
	groups := map[string][]int{}
	for i, d := range docs {
		if d.stdin {
			ids[i] = StdinID
		} else {
			ids[i] = stem(d.doc.Name)
		}
		groups[ids[i]] = append(groups[ids[i]], i)
	}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		var paths [][]string // the group's paths, split at "/", without extension
		var idx []int
		for _, i := range g {
			if docs[i].stdin {
				continue
			}
			p := filepath.ToSlash(filepath.Clean(docs[i].doc.Name))
			p = strings.TrimSuffix(p, filepath.Base(p)) + stem(p)
			paths = append(paths, strings.Split(p, "/"))
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
		}
		used[id] = true
		docs[i].doc.ID = id
	}
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

// stem returns the file name of path without its extension, or the whole
// file name if that would leave nothing (".profile").
func stem(path string) string {
	base := filepath.Base(path)
	if s := strings.TrimSuffix(base, filepath.Ext(base)); s != "" {
		return s
	}
	return base
}
