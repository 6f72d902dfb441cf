package corpus

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"

	"github.com/churnalism/churn/corpus/internal/htmltext"
)

// HTMLProcess extracts HTML pages in a helper process: a program that
// runs maintext.Serve (cmd/churn-html), started at the first page and
// fed one page after another over its standard input. Its Extract is a
// Reader.HTML; it gives what maintext.Extract gives in the same process,
// without linking go-trafilatura into the program that reads. An
// HTMLProcess is safe for concurrent use (pages are extracted one at a
// time); Close ends the helper.
type HTMLProcess struct {
	path string
	args []string

	mu     sync.Mutex
	cmd    *exec.Cmd
	in     io.WriteCloser
	w      *bufio.Writer
	r      *bufio.Reader
	stderr tailBuffer
	err    error // why the helper cannot be used, once it is known
}

// NewHTMLProcess returns an HTMLProcess that runs the program at path
// with args when it has a page to extract.
func NewHTMLProcess(path string, args ...string) *HTMLProcess {
	return &HTMLProcess{path: path, args: args}
}

// start starts the helper; p.mu is held.
func (p *HTMLProcess) start() error {
	cmd := exec.Command(p.path, p.args...)
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = &p.stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("corpus: starting the HTML helper: %w", err)
	}
	p.cmd, p.in = cmd, in
	p.w, p.r = bufio.NewWriterSize(in, 1<<16), bufio.NewReaderSize(out, 1<<16)
	return nil
}

// Extract extracts page (HTML in UTF-8, from pageURL if known) in the
// helper process. Its error says why the helper cannot be used (it could
// not start, or died, with the end of what it wrote on its standard
// error); every later call returns it too.
func (p *HTMLProcess) Extract(page []byte, pageURL string) (HTMLPage, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return HTMLPage{}, p.err
	}
	if p.cmd == nil {
		if err := p.start(); err != nil {
			p.err = err
			return HTMLPage{}, err
		}
	}
	err := htmltext.WriteRequest(p.w, page, pageURL)
	var res HTMLPage
	if err == nil {
		res, err = htmltext.ReadResponse(p.r, int64(len(page))+1<<20)
	}
	if err != nil {
		p.in.Close()
		werr := p.cmd.Wait()
		p.err = fmt.Errorf("corpus: the HTML helper %s failed: %w", p.path, errors.Join(err, werr))
		if s := strings.TrimSpace(p.stderr.String()); s != "" {
			p.err = fmt.Errorf("%w; it wrote: %s", p.err, s)
		}
		return HTMLPage{}, p.err
	}
	return res, nil
}

// Close ends the helper process, if it was started, and waits for it.
func (p *HTMLProcess) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil || p.err != nil {
		return nil
	}
	p.in.Close()
	err := p.cmd.Wait()
	p.err = errors.New("corpus: the HTML helper is closed")
	if err != nil {
		return fmt.Errorf("corpus: the HTML helper %s: %w", p.path, err)
	}
	return nil
}

// tailBuffer keeps the last 4 KiB written to it: a helper's last words.
type tailBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if over := len(t.b) - 4096; over > 0 {
		t.b = bytes.Clone(t.b[over:])
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}
