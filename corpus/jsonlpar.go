package corpus

import (
	"bufio"
	"sync"
)

// jsonlBatchBytes is the size of the batches of lines in which JSON Lines
// are parsed concurrently: large enough that handing a batch over costs
// little, small enough that each goroutine gets many of them.
const jsonlBatchBytes = 1 << 20

// jsonlBatchLines is the most items a batch holds, so that a file of
// short or skipped lines is also cut into batches.
const jsonlBatchLines = 4096

// jsonlBatch is a run of consecutive lines of a JSON Lines input, read in
// order by one goroutine, parsed by another, and added to the reading in
// order by a third.
type jsonlBatch struct {
	buf   []byte       // the bytes of the lines, which the batch owns
	items []jsonlItem  // the lines and the entries skipped, in order
	out   []jsonlEvent // what the items gave, in order, once parsed
	// done is closed when out is complete.
	done chan struct{}
	// tokens is the share of the memory budget the batch holds.
	tokens int
}

// jsonlItem is a line of a batch, to be parsed, or, if reason is set, an
// entry that reading the lines skipped (a line too long, a read error,
// "empty file").
type jsonlItem struct {
	loc          string // the line's number
	start, end   int    // its bytes in the batch's buf
	name, reason string // for an entry skipped
}

// jsonlEvent is what an item of a batch gave: a document, an entry
// skipped, or, if deferred is set, nothing yet, because the item is a line
// that needs the charset guessed for the input (see jsonLineShared).
type jsonlEvent struct {
	doc          found
	isDoc        bool
	name, reason string // for an entry skipped
	deferred     bool
	item         int // the index of the deferred item
}

// skip implements recordSink.
func (b *jsonlBatch) skip(name, reason string) {
	b.out = append(b.out, jsonlEvent{name: name, reason: reason})
}

// add implements recordSink.
func (b *jsonlBatch) add(f found) {
	b.out = append(b.out, jsonlEvent{doc: f, isDoc: true})
}

// line returns the bytes of the item it, a line.
func (b *jsonlBatch) line(it *jsonlItem) []byte {
	return b.buf[it.start:it.end:it.end]
}

// readJSONLParallel is readJSONL with workers goroutines parsing batches
// of lines while the calling goroutine reads the next ones and another
// goroutine adds the results to rd in input order, so that rd.docs and
// rd.skipped come out as when reading line by line. At most 2×workers
// batches (about jsonlBatchBytes each, more for a longer line) are handed
// over and not yet merged at any time, besides the one being filled: a
// batch of n×jsonlBatchBytes counts as n of them, up to all. Up to
// 2×workers merged batches of at most 2×jsonlBatchBytes are kept for
// reuse, so the buffers total at most about 6×workers×jsonlBatchBytes
// plus the longest line. An input that fits in one batch is read line by
// line, without goroutines.
//
// The goroutines share rd and in without changing them, but for the
// charset guessed for the records that are not valid UTF-8, which the
// goroutine adding the results sets from the first of them, in order: a
// line that needs it while it is not set yet is left to that goroutine.
func (rd *reading) readJSONLParallel(in *input, r *bufio.Reader, workers int) {
	size := rd.jsonlBatchBytes
	if size <= 0 {
		size = jsonlBatchBytes
	}
	maxBatches := 2 * workers
	var (
		cur    = &jsonlBatch{buf: make([]byte, 0, size)}
		work   chan *jsonlBatch // to the parsing goroutines
		order  chan *jsonlBatch // to the merging goroutine, in order
		tokens chan struct{}    // the memory budget: one token a batch of size bytes
		free   chan *jsonlBatch // batches merged, for reuse
		merged chan struct{}    // closed when the merging goroutine is done
		wg     sync.WaitGroup   // the parsing goroutines
	)
	launch := func() {
		work = make(chan *jsonlBatch, maxBatches)
		order = make(chan *jsonlBatch, maxBatches)
		tokens = make(chan struct{}, maxBatches)
		free = make(chan *jsonlBatch, maxBatches)
		merged = make(chan struct{})
		for range workers {
			wg.Go(func() {
				for b := range work {
					rd.parseBatch(in, b)
					close(b.done)
				}
			})
		}
		go func() {
			defer close(merged)
			for b := range order {
				<-b.done
				rd.mergeBatch(in, b)
				for range b.tokens {
					<-tokens
				}
				if cap(b.buf) <= 2*size {
					clear(b.out)
					b.buf, b.items, b.out = b.buf[:0], b.items[:0], b.out[:0]
					select {
					case free <- b:
					default:
					}
				}
			}
		}()
	}
	// If reading panics (a caller's io.Reader may), the goroutines are
	// still told to finish, so that none is left waiting.
	closed := false
	defer func() {
		if work != nil && !closed {
			close(work)
			close(order)
		}
	}()
	// flush hands the current batch over and starts another.
	flush := func() {
		if work == nil {
			launch()
		}
		n := min(max((len(cur.buf)+size-1)/size, 1), maxBatches)
		for range n {
			tokens <- struct{}{}
		}
		cur.tokens, cur.done = n, make(chan struct{})
		// Neither send blocks: a batch in flight holds a token.
		order <- cur
		work <- cur
		select {
		case cur = <-free:
		default:
			cur = &jsonlBatch{buf: make([]byte, 0, size)}
		}
	}
	rd.jsonlLines(in, r, func(loc string, line []byte) {
		if len(cur.items) >= jsonlBatchLines || len(cur.buf) > 0 && len(cur.buf)+len(line) > size {
			flush()
		}
		off := len(cur.buf)
		cur.buf = append(cur.buf, line...)
		cur.items = append(cur.items, jsonlItem{loc: loc, start: off, end: len(cur.buf)})
	}, func(name, reason string) {
		if len(cur.items) >= jsonlBatchLines {
			flush()
		}
		cur.items = append(cur.items, jsonlItem{name: name, reason: reason})
	})
	if work == nil {
		// One batch: no need for goroutines.
		for i := range cur.items {
			it := &cur.items[i]
			if it.reason != "" {
				rd.skip(it.name, it.reason)
			} else {
				rd.jsonLine(in, it.loc, cur.line(it))
			}
		}
		return
	}
	if len(cur.items) > 0 {
		flush()
	}
	closed = true
	close(work)
	close(order)
	<-merged
	wg.Wait()
}

// parseBatch parses the lines of b into b.out. It changes nothing but b,
// and so may run concurrently.
func (rd *reading) parseBatch(in *input, b *jsonlBatch) {
	for i := range b.items {
		it := &b.items[i]
		if it.reason != "" {
			b.skip(it.name, it.reason)
			continue
		}
		if !rd.jsonLineShared(b, in, it.loc, b.line(it)) {
			b.out = append(b.out, jsonlEvent{deferred: true, item: i})
		}
	}
}

// mergeBatch adds what the lines of b gave to rd, reading the lines left
// to it.
func (rd *reading) mergeBatch(in *input, b *jsonlBatch) {
	for i := range b.out {
		ev := &b.out[i]
		switch {
		case ev.deferred:
			it := &b.items[ev.item]
			rd.jsonLine(in, it.loc, b.line(it))
		case ev.isDoc:
			rd.add(ev.doc)
		default:
			rd.skip(ev.name, ev.reason)
		}
	}
}
