package report_test

import (
	"fmt"
	"os"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/report"
)

// exampleDocs are three short texts: b copies most of a, c is unrelated.
var exampleDocs = []churn.Document{
	{ID: "a", Name: "a.txt", Text: []byte("The minister resigned on Tuesday after a week of protests in the capital.")},
	{ID: "b", Name: "b.txt", Text: []byte("Breaking: the minister resigned on Tuesday after a week of protests.")},
	{ID: "c", Name: "c.txt", Text: []byte("Local team wins the cup final in extra time.")},
}

// exampleOptions are explicit so that the examples do not change when
// churn's defaults are tuned.
var exampleOptions = churn.Options{K: 5, NumHashes: 64, Threshold: 0.3}

func ExampleTable() {
	res, err := churn.Analyze(exampleDocs, exampleOptions)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := report.Table(os.Stdout, res, report.TableOptions{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 3 documents · 5-character shingles · pairs at Jaccard ≥ 30%
	//
	// Jaccard similarity, %
	//       a     b     c
	// --------------------
	//  a    —    68   1.9
	//  b   68     —  0.97
	//  c  1.9  0.97     —
	// Cells: shared 5-character shingles, % of all distinct ones in either document.
	//
	// 1 pair at Jaccard ≥ 30%
	//  #  A  B  Jaccard %  A in B %  B in A %  Shared  MinHash %
	// -----------------------------------------------------------
	//  1  a  b         68        78        84      54         73
	// A in B: % of A's shingles also in B. MinHash: Jaccard % estimated by MinHash.
	// LSH (21 bands × 3 rows) proposed 1 candidate pair.
}

func ExampleJSON() {
	res, err := churn.Analyze(exampleDocs[:2], exampleOptions)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := report.JSON(os.Stdout, res); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "schema_version": 1,
	//   "options": {
	//     "k": 5,
	//     "num_hashes": 64,
	//     "seed": 0,
	//     "threshold": 0.3,
	//     "keep_accents": false,
	//     "matrix_limit": 40
	//   },
	//   "lsh": {
	//     "bands": 21,
	//     "rows": 3
	//   },
	//   "documents": [
	//     {
	//       "id": "a",
	//       "name": "a.txt",
	//       "bytes": 73,
	//       "chars": 73,
	//       "shingles": 69
	//     },
	//     {
	//       "id": "b",
	//       "name": "b.txt",
	//       "bytes": 68,
	//       "chars": 68,
	//       "shingles": 64
	//     }
	//   ],
	//   "matrix": [
	//     [1, 0.683544],
	//     [0.683544, 1]
	//   ],
	//   "pairs": [
	//     {
	//       "a": "a",
	//       "b": "b",
	//       "a_index": 0,
	//       "b_index": 1,
	//       "jaccard": 0.683544,
	//       "containment_a": 0.782609,
	//       "containment_b": 0.84375,
	//       "shared_shingles": 54,
	//       "estimate": 0.734375,
	//       "lsh_candidate": true
	//     }
	//   ],
	//   "candidates": 1,
	//   "skipped": []
	// }
}
