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
	// 3 documents · 5-character shingles
	// Pairs reported: reuse ≥ 12% (partially derived; wholly from 45%), Jaccard ≥ 30%, distinctive
	// passages ≥ 5% of either document, or one ≥ 50 characters.
	//
	// Jaccard similarity, %
	//       a     b     c
	// --------------------
	//  a    —    68   1.9
	//  b   68     —  0.97
	//  c  1.9  0.97     —
	// Cells: shared 5-character shingles, % of all distinct ones in either document.
	//
	// 1 pair reported
	//  #  A  B  Derived  Class  Reuse %  Jaccard %  Passages  Cover A %  Cover B %
	// -----------------------------------------------------------------------------
	//  1  a  b  ?        whole       79         68         1         78         84
	// Derived: the later published (? without dates). Class: partially or wholly derived.
	// Reuse: % of the derived document's wording (letter 5-grams, weighed by rarity) found in
	// the other; without dates, the lower of the two. Cover: % of the document's bytes inside
	// shared passages.
	// Candidates: 1 pair proposed: 1 by LSH (14 bands × 4 rows), 1 by shared rare wording, 1 by shared
	// fingerprints; every pair was verified for the matrix.
	//
	// 1 syndication group (origin first; % of each member in text shared with the group):
	//   c1  a 78%, b 84% (origin a: contains what the others share)
	//
	// a ↔ b (wholly derived, reuse 79%): 1 shared passage, 78% of a and 84% of b
	//   [1] a bytes 0–57 · b bytes 10–67 · 57 chars · identical
	//       a: «The minister resigned on Tuesday after a week of protests»
	//       b: «the minister resigned on Tuesday after a week of protests»
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
	//   "schema_version": 2,
	//   "options": {
	//     "k": 5,
	//     "num_hashes": 64,
	//     "seed": 0,
	//     "threshold": 0.3,
	//     "containment": 0.05,
	//     "report_passage": 50,
	//     "derivation_partial": 0.12,
	//     "derivation_whole": 0.45,
	//     "rare_docs": 10,
	//     "lsh_threshold": 0.5,
	//     "window": 16,
	//     "min_fingerprints": 2,
	//     "boilerplate_docs": 50,
	//     "keep_lists": false,
	//     "min_passage": 50,
	//     "max_gap": 40,
	//     "keep_accents": false,
	//     "matrix_limit": 40
	//   },
	//   "lsh": {
	//     "bands": 14,
	//     "rows": 4
	//   },
	//   "documents": [
	//     {
	//       "id": "a",
	//       "name": "a.txt",
	//       "bytes": 73,
	//       "chars": 73,
	//       "shingles": 69,
	//       "boilerplate_bytes": 0,
	//       "url": "",
	//       "title": "",
	//       "outlet": "",
	//       "published": null,
	//       "lang": "",
	//       "notes": [],
	//       "offsets": "text"
	//     },
	//     {
	//       "id": "b",
	//       "name": "b.txt",
	//       "bytes": 68,
	//       "chars": 68,
	//       "shingles": 64,
	//       "boilerplate_bytes": 0,
	//       "url": "",
	//       "title": "",
	//       "outlet": "",
	//       "published": null,
	//       "lang": "",
	//       "notes": [],
	//       "offsets": "text"
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
	//       "estimate": 0.6875,
	//       "lsh_candidate": true,
	//       "shared_fingerprints": 5,
	//       "coverage_a": 0.780822,
	//       "coverage_b": 0.838235,
	//       "shared_grams": 10,
	//       "reuse": 0.785714,
	//       "reuse_a": 0.785714,
	//       "reuse_b": 0.846154,
	//       "derived": null,
	//       "class": "wholly_derived",
	//       "passages": [
	//         {
	//           "a_start": 0,
	//           "a_end": 57,
	//           "b_start": 10,
	//           "b_end": 67,
	//           "chars_a": 57,
	//           "chars_b": 57,
	//           "matched": 1,
	//           "identical": true,
	//           "rarity": 1,
	//           "text_a": "The minister resigned on Tuesday after a week of protests",
	//           "text_b": "the minister resigned on Tuesday after a week of protests"
	//         }
	//       ]
	//     }
	//   ],
	//   "candidates": 1,
	//   "lsh_candidates": 1,
	//   "fingerprint_candidates": 1,
	//   "gram_candidates": 1,
	//   "clusters": [
	//     {
	//       "id": "c1",
	//       "origin": "a",
	//       "origin_index": 0,
	//       "origin_by": "containment",
	//       "members": [
	//         {
	//           "id": "a",
	//           "index": 0,
	//           "share": 0.780822
	//         },
	//         {
	//           "id": "b",
	//           "index": 1,
	//           "share": 0.838235
	//         }
	//       ]
	//     }
	//   ],
	//   "skipped": []
	// }
}
