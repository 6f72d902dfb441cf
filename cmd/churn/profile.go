package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
)

// profiles are the --cpuprofile and --memprofile files, for measuring
// churn on real corpora with go tool pprof, and the --max-memory limit.
type profiles struct {
	cpu, mem string
	cpuFile  *os.File
	memFile  *os.File // created by start, so that a bad path fails early
	// maxMemory is the soft memory limit in bytes, or 0.
	maxMemory int64
	oldLimit  int64
}

func (p *profiles) register(fs *flag.FlagSet) {
	fs.Func("max-memory", "soft memory `limit` (8GiB, 500MB): the garbage collector works\nharder to stay under it; the default is GOMEMLIMIT's, else none", func(s string) error {
		n, err := memorySize(s)
		p.maxMemory = n
		return err
	})
	fs.StringVar(&p.cpu, "cpuprofile", "", "write a CPU profile of the whole run to `file` (see go tool pprof)")
	fs.StringVar(&p.mem, "memprofile", "", "write a heap profile, taken after the analysis and before the\nreport (the analysis's indexes are freed by then), to `file`")
}

// start sets the memory limit and starts CPU profiling if asked for.
// After it succeeds, stop must be called.
func (p *profiles) start() (err error) {
	p.oldLimit = -1
	defer func() {
		if err != nil {
			p.stop()
		}
	}()
	if p.maxMemory > 0 {
		p.oldLimit = debug.SetMemoryLimit(p.maxMemory)
	}
	if p.mem != "" {
		f, err := os.Create(p.mem)
		if err != nil {
			return fmt.Errorf("memprofile: %w", err)
		}
		p.memFile = f
	}
	if p.cpu == "" {
		return nil
	}
	f, err := os.Create(p.cpu)
	if err != nil {
		return fmt.Errorf("cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("cpuprofile: %w", err)
	}
	p.cpuFile = f
	return nil
}

// heap writes the heap profile if asked for.
func (p *profiles) heap() error {
	f := p.memFile
	if f == nil {
		return nil
	}
	p.memFile = nil
	runtime.GC() // up-to-date figures of what is live
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("memprofile: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("memprofile: %w", err)
	}
	return nil
}

// stop stops CPU profiling and closes its file, and restores the memory
// limit.
func (p *profiles) stop() error {
	if p.oldLimit >= 0 {
		debug.SetMemoryLimit(p.oldLimit)
		p.oldLimit = -1
	}
	if p.memFile != nil { // the run ended before the heap profile
		p.memFile.Close()
		p.memFile = nil
	}
	if p.cpuFile == nil {
		return nil
	}
	pprof.StopCPUProfile()
	err := p.cpuFile.Close()
	p.cpuFile = nil
	if err != nil {
		return fmt.Errorf("cpuprofile: %w", err)
	}
	return nil
}

// minMemory is the smallest --max-memory accepted: a bare "8" is 8 bytes,
// surely meant as 8 GiB.
const minMemory = 16 << 20

// byteSize parses "8GiB", "500MB", "2g" or a plain number of bytes.
func byteSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := len(t)
	for i > 0 && (t[i-1] < '0' || t[i-1] > '9') && t[i-1] != '.' {
		i--
	}
	num, unit := t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("%q is not a size such as 8GiB or 500MB", s)
	}
	mult := map[string]float64{
		"": 1, "b": 1,
		"k": 1 << 10, "kb": 1e3, "kib": 1 << 10,
		"m": 1 << 20, "mb": 1e6, "mib": 1 << 20,
		"g": 1 << 30, "gb": 1e9, "gib": 1 << 30,
		"t": 1 << 40, "tb": 1e12, "tib": 1 << 40,
	}[unit]
	if mult == 0 {
		return 0, fmt.Errorf("%q: unknown unit %q (want B, KB, MB, GB, TB, KiB, MiB, GiB or TiB)", s, t[i:])
	}
	v := f * mult
	if v < 1 || v > math.MaxInt64/2 {
		return 0, fmt.Errorf("%q is out of range", s)
	}
	return int64(v), nil
}

// memorySize is byteSize for a memory limit: at least minMemory.
func memorySize(s string) (int64, error) {
	n, err := byteSize(s)
	if err == nil && n < minMemory {
		num := strings.TrimRight(strings.TrimSpace(s), "BbKkMmGgTtIi ")
		return 0, fmt.Errorf("%q is %d bytes, less than churn can run in (%d MiB); sizes take a unit, as in %sGiB", s, n, minMemory>>20, num)
	}
	return n, err
}
