package main

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"strconv"

	"github.com/churnalism/churn/corpus"
)

// bytesPerTextByte is the peak memory analysing one large document takes
// for each of its bytes, rounded up from the 174 measured on a 100 MB text
// (BENCHMARKS.md, "One large document"): the per-letter arrays of
// normalisation, shingle hashes, 5-grams and the verification views, and
// the collector's headroom.
const bytesPerTextByte = 200

// minDefaultMaxSize is the smallest default --max-size: 64 MiB, 20,000
// times a news article, so that a small machine still reads every real
// article.
const minDefaultMaxSize = 64 << 20

// defaultMaxSize returns the default --max-size: the memory churn may use
// (the --max-memory or GOMEMLIMIT limit, else the machine's memory, given
// as mem, 0 if unknown) over bytesPerTextByte, at least
// minDefaultMaxSize and at most corpus.MaxSize.
func defaultMaxSize(mem int64) int64 {
	if mem <= 0 {
		return corpus.MaxSize
	}
	return min(corpus.MaxSize, max(minDefaultMaxSize, mem/bytesPerTextByte))
}

// memoryBudget returns the memory limit the run is under: the soft limit
// if one is set (--max-memory or GOMEMLIMIT), else the machine's memory
// (MemTotal in /proc/meminfo), else 0.
func memoryBudget() int64 {
	if l := debug.SetMemoryLimit(-1); l > 0 && l < math.MaxInt64 {
		return l
	}
	return physicalMemory()
}

// physicalMemory returns the machine's memory in bytes from /proc/meminfo,
// or 0 where there is none.
func physicalMemory() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	return memTotal(b)
}

// memTotal parses the MemTotal line of /proc/meminfo ("MemTotal:
// 16318252 kB"), or returns 0.
func memTotal(meminfo []byte) int64 {
	sc := bufio.NewScanner(bytes.NewReader(meminfo))
	for sc.Scan() {
		f := bytes.Fields(sc.Bytes())
		if len(f) == 3 && string(f[0]) == "MemTotal:" && string(f[2]) == "kB" {
			if kb, err := strconv.ParseInt(string(f[1]), 10, 64); err == nil && kb > 0 && kb < math.MaxInt64/1024 {
				return kb * 1024
			}
		}
	}
	return 0
}

// maxSizeHelp is the --max-size flag's help text.
func maxSizeHelp() string {
	return fmt.Sprintf("largest document or record (100MB, 1GiB, or `bytes`); the default is\n"+
		"the memory churn may use (--max-memory, else this machine's) over %d,\n"+
		"at least %d MiB: analysing one document takes up to %d bytes a byte", bytesPerTextByte, minDefaultMaxSize>>20, bytesPerTextByte)
}
