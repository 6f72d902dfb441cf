package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// outputFile is the file that -o names, written as a temporary file in
// the same folder and renamed to its name only once the report is
// complete: an interrupted or failed run leaves the file as it was.
type outputFile struct {
	path string // as given
	tmp  string // the temporary file
	f    *os.File
}

// createOutput creates the temporary file for path. It is created with
// O_EXCL, and with the permissions a new file would get (0666 less the
// umask); its name starts with "." so that churn does not read it from a
// folder.
func createOutput(path string) (*outputFile, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("-o %s: is a directory", path)
	}
	dir, base := filepath.Split(path)
	for range 100 {
		var b [6]byte
		rand.Read(b[:])
		tmp := filepath.Join(dir, "."+base+".churn-"+hex.EncodeToString(b[:])+".tmp")
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, fmt.Errorf("-o %s: cannot create a file in %s: %w", path, filepath.Clean(dir+"."), err)
		}
		return &outputFile{path: path, tmp: tmp, f: f}, nil
	}
	return nil, fmt.Errorf("-o %s: cannot create a temporary file", path)
}

// commit closes the temporary file and renames it to the output's name.
func (o *outputFile) commit() error {
	if err := o.f.Sync(); err != nil {
		o.abort()
		return fmt.Errorf("-o %s: %w", o.path, err)
	}
	if err := o.f.Close(); err != nil {
		o.abort()
		return fmt.Errorf("-o %s: %w", o.path, err)
	}
	if err := os.Rename(o.tmp, o.path); err != nil {
		os.Remove(o.tmp)
		return fmt.Errorf("-o %s: %w", o.path, err)
	}
	return nil
}

// abort closes and removes the temporary file. It may be called after
// commit, and does nothing then.
func (o *outputFile) abort() {
	o.f.Close()
	os.Remove(o.tmp)
}

// gate passes writes through to w until ctx is cancelled or the gate is
// closed; writes after that fail. The work of an interrupted run goes on
// in its goroutine for a while, and must not write to standard output or
// error once the signal came, nor after run has returned.
type gate struct {
	ctx    context.Context
	mu     sync.Mutex
	w      io.Writer
	closed bool
}

// errClosed is the error of writes through a closed gate.
var errClosed = errors.New("output closed")

func (g *gate) Write(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed || g.ctx.Err() != nil {
		return 0, errClosed
	}
	return g.w.Write(p)
}

// gateWait is how long close waits for a write in progress, which a
// reader that has stopped reading (a pager) can block.
const gateWait = time.Second

// close closes g once a write in progress, if any, has returned, or after
// gateWait.
func (g *gate) close() {
	done := make(chan struct{})
	go func() {
		g.mu.Lock()
		g.closed = true
		g.mu.Unlock()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(gateWait):
	}
}
