package main

import (
	"io"
	"sync"
	"time"

	"github.com/churnalism/churn"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// progressDelay is how long work runs before a progress bar appears: short
// runs print nothing.
const progressDelay = time.Second

// progress shows bars on stderr, one per pipeline stage, once the work
// has taken longer than progressDelay. A nil *progress shows nothing.
type progress struct {
	w     io.Writer
	start time.Time

	mu   sync.Mutex
	p    *mpb.Progress
	bars map[string]*mpb.Bar
	// opts are more options for the bars' container (tests render to a
	// buffer with mpb.WithAutoRefresh).
	opts []mpb.ContainerOption
}

// newProgress returns a progress writing to w, or nil if !enabled.
func newProgress(w io.Writer, enabled bool) *progress {
	if !enabled {
		return nil
	}
	return &progress{w: w, start: time.Now(), bars: map[string]*mpb.Bar{}}
}

var stageNames = map[string]string{"sign": "signing", "verify": "verifying", "add": "adding"}

// callback returns the function to pass as churn.Options.Progress.
func (pr *progress) callback() func(stage churn.Stage, done, total int) {
	if pr == nil {
		return nil
	}
	return func(stage churn.Stage, done, total int) { pr.update(string(stage), done, total) }
}

func (pr *progress) update(stage string, done, total int) {
	if time.Since(pr.start) < progressDelay {
		return
	}
	pr.mu.Lock()
	defer pr.mu.Unlock()
	if pr.p == nil {
		pr.p = mpb.New(append([]mpb.ContainerOption{mpb.WithOutput(pr.w), mpb.WithWidth(40)}, pr.opts...)...)
	}
	bar := pr.bars[stage]
	if bar == nil {
		name := stageNames[stage]
		if name == "" {
			name = stage
		}
		// Total 0: the bar completes only in stop, as a stage's total may
		// grow between calls (churn.Options.Progress allows it, although
		// this version of Analyze knows every candidate before it verifies).
		bar = pr.p.AddBar(0,
			mpb.PrependDecorators(decor.Name(name, decor.WC{W: 10, C: decor.DindentRight}), decor.CountersNoUnit("%d / %d")),
			mpb.AppendDecorators(decor.Percentage(decor.WC{W: 5}), decor.Name(" "), decor.AverageETA(decor.ET_STYLE_GO)))
		pr.bars[stage] = bar
	}
	bar.SetTotal(int64(total), false)
	bar.SetCurrent(int64(done))
}

// stop completes the bars and waits for them to be drawn.
func (pr *progress) stop() {
	if pr == nil {
		return
	}
	pr.mu.Lock()
	defer pr.mu.Unlock()
	if pr.p == nil {
		return
	}
	for _, b := range pr.bars {
		if !b.Completed() {
			b.SetTotal(-1, true)
		}
	}
	pr.p.Wait()
}
