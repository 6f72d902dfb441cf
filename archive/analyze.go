package archive

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/churnalism/churn"
)

// Analysis is what Report found in the archive.
type Analysis struct {
	*churn.Result
	// Docs are the documents analysed, in corpus order, without their
	// texts (Get reads one).
	Docs []churn.Document
	// Generation is the archive's generation they were read at.
	Generation int64
	// Indexed reports that a check found its candidates through the
	// archive's index and read only their texts: Docs then lists the
	// article and those documents, not the whole archive.
	Indexed bool
	// Unindexed says why a check read every text instead (the same
	// answer, slower): the index missing or damaged, or other key
	// options. Programs should pass it on.
	Unindexed string
}

// Report analyses every archived document (churn.AnalyzeStored, in
// corpus order) and, unless the archive was opened read-only or its
// documents changed meanwhile, replaces the pairs, passages and clusters
// tables with what it found, in one transaction: the result is the one `churn report` gives on the same
// documents in the same order. Texts are copied to a temporary file in
// tmp (the default temporary folder if tmp is "") for the analysis.
func (a *Archive) Report(ctx context.Context, tmp string, opts churn.Options) (*Analysis, error) {
	docs, texts, gen, err := a.snapshot(ctx, tmp, nil)
	if err != nil {
		return nil, err
	}
	defer texts.Close()
	if len(docs) == 0 {
		return nil, fmt.Errorf("archive %s: no documents to compare (churn add adds some)", a.path)
	}
	res, err := churn.AnalyzeStored(ctx, docs, texts, opts)
	if err != nil {
		return nil, a.wrap("analysing its documents", err)
	}
	if a.w != nil {
		if err := a.storeReport(ctx, gen, res); err != nil {
			return nil, err
		}
	}
	return &Analysis{Result: res, Docs: docs, Generation: gen}, nil
}

// Check compares article with every archived document without adding it:
// the pairs, passages and clusters are the ones `churn compare` gives for
// the article and the archived documents in corpus order, with the
// article first (Result.Docs[0]). If the archive holds a document with
// the article's ID, the article's ID is prefixed with "new:", as churn
// compare does.
//
// Through the archive's index (Analysis.Indexed), the result's documents
// are the article and the archived documents that could pair with it, in
// corpus order; without it (an index missing or damaged in an archive
// opened read-only, or opts with other values of the options the index's
// keys depend on: Options.Keys), Check reads and compares every archived
// text (churn.CompareStored) and the result lists them all.
func (a *Archive) Check(ctx context.Context, tmp string, article churn.Document, opts churn.Options) (*Analysis, error) {
	an, why, err := a.indexCheck(ctx, tmp, article, opts)
	if an != nil || err != nil {
		return an, err
	}
	docs, texts, gen, err := a.snapshot(ctx, tmp, &article)
	if err != nil {
		return nil, err
	}
	defer texts.Close()
	if len(docs) == 1 {
		return nil, fmt.Errorf("archive %s: nothing to check %s against: the archive is empty", a.path, article.Name)
	}
	res, err := churn.CompareStored(ctx, docs, texts, opts)
	if err != nil {
		return nil, a.wrap("checking "+article.Name, err)
	}
	return &Analysis{Result: res, Docs: docs, Generation: gen, Unindexed: why}, nil
}

// snapshot reads the archived documents, preceded by first if it is not
// nil, into a text store.
func (a *Archive) snapshot(ctx context.Context, tmp string, first *churn.Document) ([]churn.Document, *churn.TextStore, int64, error) {
	texts, err := churn.NewTextStore(tmp)
	if err != nil {
		return nil, nil, 0, err
	}
	var docs []churn.Document
	if first != nil {
		d := *first
		if _, err := texts.Add(d.Text); err != nil {
			texts.Close()
			return nil, nil, 0, err
		}
		d.Text = nil
		docs = append(docs, d)
	}
	gen, err := a.walk(ctx, true, func(e Entry) error {
		if first != nil && e.ID == docs[0].ID {
			docs[0].ID = "new:" + docs[0].ID
		}
		_, err := texts.Add(e.Text)
		e.Text = nil
		docs = append(docs, e.Document)
		return err
	})
	if err == nil {
		err = texts.Flush()
	}
	if err != nil {
		texts.Close()
		return nil, nil, 0, err
	}
	return docs, texts, gen, nil
}

// storeReport replaces the report tables with res, the analysis of
// generation gen.
func (a *Archive) storeReport(ctx context.Context, gen int64, res *churn.Result) error {
	err := a.update(ctx, a.w, func(tx *sql.Tx) error {
		// If documents changed since the snapshot, the report is not
		// stored: it could put back the passages of a removed document.
		now, err := metaInt(ctx, tx, "generation")
		if err != nil {
			return err
		}
		if now != gen {
			return nil
		}
		for _, t := range []string{"report", "pairs", "passages", "clusters"} {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO report (generation, documents, made) VALUES (?, ?, ?)`,
			gen, len(res.Docs), a.now().UTC().Format(time.RFC3339Nano)); err != nil {
			return err
		}
		pair, err := tx.PrepareContext(ctx, `INSERT INTO pairs (a, b, class, derived, reuse, reuse_a, reuse_b, jaccard,
			containment_a, containment_b, coverage_a, coverage_b, shared, passages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer pair.Close()
		pass, err := tx.PrepareContext(ctx, `INSERT INTO passages (a, b, n, a_start, a_end, b_start, b_end, chars_a, chars_b,
			matched, identical, rarity, text_a, text_b) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer pass.Close()
		id := func(i int) string { return res.Docs[i].ID }
		for _, p := range res.Pairs {
			if err := ctx.Err(); err != nil {
				return err
			}
			var derived sql.NullString
			switch p.Derived {
			case churn.SideA:
				derived = sql.NullString{String: id(p.A), Valid: true}
			case churn.SideB:
				derived = sql.NullString{String: id(p.B), Valid: true}
			}
			if _, err := pair.ExecContext(ctx, id(p.A), id(p.B), p.Class.Code(), derived, p.Reuse, p.ReuseA, p.ReuseB, p.Jaccard,
				p.ContainmentA, p.ContainmentB, p.CoverageA, p.CoverageB, p.Shared, len(p.Passages)); err != nil {
				return err
			}
			for n, q := range p.Passages {
				if _, err := pass.ExecContext(ctx, id(p.A), id(p.B), n+1, q.A.Start, q.A.End, q.B.Start, q.B.End, q.CharsA, q.CharsB,
					q.Matched, q.Identical, q.Rarity, q.TextA, q.TextB); err != nil {
					return err
				}
			}
		}
		member, err := tx.PrepareContext(ctx, `INSERT INTO clusters (cluster, doc, share, origin, origin_by) VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer member.Close()
		for c, cl := range res.Clusters {
			for _, m := range cl.Members {
				if _, err := member.ExecContext(ctx, c+1, id(m.Doc), m.Share, m.Doc == cl.Origin, cl.OriginBy.String()); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return a.wrap("storing the report", err)
}
