# churn: common tasks. `make help` lists them.
GO       ?= go
BENCH    ?= .
COUNT    ?= 6
FUZZTIME ?= 10s
# Minimising each new interesting input took up to 60 s (go test's
# default): FuzzCSV ran 13 executions in 2 minutes. 1s leaves the time to
# fuzzing.
FUZZMINIMIZETIME ?= 1s
FUZZLONGTIME ?= 2m
FUZZ ?= .
# Every go test has an explicit timeout: one package of make test is
# meant to take under 2 minutes on an idle 2-core machine (CI prints the
# slowest; see .ci/testreport.go), so 10m leaves room for a busy one.
TESTTIMEOUT  ?= 10m
FUZZTIMEOUT  ?= 30m
BENCHTIMEOUT ?= 3h
SLOWEST ?= 20
SCALE    ?= 10000 100000 1000000
SCALEDIR ?= /tmp/churn-scale
SCALEFLAGS ?=
SCALECHECK ?= 2000

.PHONY: help build test test-report fuzz fuzz-long bench bench-scale eval lint run clean

help:
	@echo "make build   build bin/churn and bin/churn-eval"
	@echo "make test    run every test of both modules (churn, report/browsertest) with the race detector, timeout TESTTIMEOUT (default $(TESTTIMEOUT))"
	@echo "make test-report  make test, then each package's time and the SLOWEST tests (what CI runs)"
	@echo "make fuzz    run each fuzz target for FUZZTIME (default $(FUZZTIME)), minimising for FUZZMINIMIZETIME"
	@echo "make fuzz-long  run each fuzz target for FUZZLONGTIME (default $(FUZZLONGTIME)) and list the executions each reached"
	@echo "             (FUZZ=regexp chooses the targets of make fuzz and make fuzz-long)"
	@echo "make bench   run the benchmarks COUNT times into bench.txt, summarise them with benchstat into BENCHMARKS.md"
	@echo "make bench-scale  churn end to end on generated corpora of SCALE articles (default $(SCALE)), with every pair of SCALECHECK of them verified"
	@echo "make eval    measure churn's defaults, planted-reuse and COUNTER derivation accuracy on the seeds and ../shared/eval"
	@echo "make lint    gofmt and go vet"
	@echo "make run     churn on the embedded seeds"

build:
	$(GO) build -o bin/ ./cmd/...

# The browser test is a module of its own (report/browsertest/go.mod), so
# that churn's go.mod carries no browser automation: test both modules.
test:
	$(GO) test -race -count=1 -timeout=$(TESTTIMEOUT) ./...
	cd report/browsertest && $(GO) test -race -count=1 -timeout=$(TESTTIMEOUT) ./...

# The same tests, reported by .ci/testreport.go: the output of failures,
# then each package's time and the slowest tests. It fails if a test does.
test-report:
	$(GO) test -race -count=1 -timeout=$(TESTTIMEOUT) -json ./... | $(GO) run .ci/testreport.go -slowest $(SLOWEST)
	cd report/browsertest && $(GO) test -race -count=1 -timeout=$(TESTTIMEOUT) ./...

# FUZZTARGETS lists "package target" for every fuzz target whose name
# matches the regular expression FUZZ.
FUZZTARGETS = for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' -timeout=5m $$pkg | grep '^Fuzz' | grep -E '$(FUZZ)'); do echo "$$pkg $$f"; done; \
	done

# A target that fails with a bare "context deadline exceeded" and writes
# no failing input hit the Go 1.26 fuzz coordinator's race at the end of
# -fuzztime (go.dev/issue/75804, fixed in Go 1.27), not a bug: it runs
# once more, and fails make fuzz only if it fails again. Any other failure
# fails at once.
fuzz:
	@log=$$(mktemp); $(FUZZTARGETS) | while read pkg f; do \
	  echo "== $$pkg $$f"; \
	  for try in 1 2; do \
	    if $(GO) test -run=NONE -fuzz="^$$f$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMINIMIZETIME) -timeout=$(FUZZTIMEOUT) $$pkg > $$log 2>&1; then cat $$log; break; fi; \
	    cat $$log; \
	    if [ $$try = 1 ] && grep -q 'context deadline exceeded' $$log && ! grep -q 'Failing input written' $$log; then \
	      echo "(no failing input: the fuzz coordinator's deadline race, go.dev/issue/75804; running $$f once more)"; continue; \
	    fi; \
	    rm -f $$log; exit 1; \
	  done; \
	done; st=$$?; rm -f $$log; exit $$st

# Runs every fuzz target for FUZZLONGTIME and writes, into fuzz-long.txt,
# the executions and new inputs each reached (docs/fuzzing.md records a
# run). A target that fails is reported and the others still run; the
# failing input is in the package's testdata/fuzz.
fuzz-long:
	@echo "# make fuzz-long FUZZLONGTIME=$(FUZZLONGTIME) FUZZMINIMIZETIME=$(FUZZMINIMIZETIME), $$(date -u +%Y-%m-%d), $$(nproc) CPUs, load $$(cut -d' ' -f1-3 /proc/loadavg)" > fuzz-long.txt
	@log=$$(mktemp); $(FUZZTARGETS) | { failed=0; while read pkg f; do \
	  echo "== $$pkg $$f"; \
	  if $(GO) test -run=NONE -fuzz="^$$f$$" -fuzztime=$(FUZZLONGTIME) -fuzzminimizetime=$(FUZZMINIMIZETIME) -timeout=$(FUZZTIMEOUT) $$pkg > $$log 2>&1; then \
	    res=$$(grep '^fuzz: elapsed: .*execs:' $$log | tail -1 | sed 's/^fuzz: //'); \
	  else \
	    cat $$log; failed=1; \
	    res="FAILED after $$(grep '^fuzz: elapsed: .*execs:' $$log | tail -1 | sed 's/^fuzz: //')"; \
	  fi; \
	  echo "$$res"; echo "$${pkg#github.com/churnalism/churn/} $$f: $$res" >> fuzz-long.txt; \
	done; rm -f $$log; cat fuzz-long.txt; exit $$failed; }

# Runs the benchmarks into bench.txt, summarises them with benchstat and
# writes the summary, with the machine and the command, into the section
# of BENCHMARKS.md between the "make bench" markers.
bench:
	$(GO) test -run=NONE -bench='$(BENCH)' -benchmem -count=$(COUNT) -timeout=$(BENCHTIMEOUT) ./... | tee bench.txt
	$(GO) tool benchstat bench.txt | tee benchstat.txt
	@{ echo '<!-- make bench: begin -->'; \
	  echo "Written by \`make bench\` (\`go test -run=NONE -bench='$(BENCH)' -benchmem -count=$(COUNT) -timeout=$(BENCHTIMEOUT) ./...\`, then \`go tool benchstat\`)"; \
	  echo "on $$(date -u +%Y-%m-%d), $$($(GO) version | cut -d' ' -f3-), $$(nproc) CPUs: $$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')."; \
	  echo; echo '```'; cat benchstat.txt; echo '```'; echo '<!-- make bench: end -->'; } > bench-section.md
	@awk 'BEGIN { while ((getline l < "bench-section.md") > 0) sec = sec l "\n" } \
	  /<!-- make bench: begin -->/ { printf "%s", sec; skip = 1; done = 1; next } \
	  /<!-- make bench: end -->/ { skip = 0; next } \
	  !skip { print } \
	  END { if (!done) printf "\n## All benchmarks\n\n%s", sec }' BENCHMARKS.md > BENCHMARKS.md.new && mv BENCHMARKS.md.new BENCHMARKS.md
	@rm -f bench-section.md
	@echo "BENCHMARKS.md: section between the make bench markers updated"

# Generates JSONL corpora in SCALEDIR (kept between runs), runs churn on
# each (with SCALEFLAGS, e.g. SCALEFLAGS="--max-memory 7GiB") and prints
# wall time, throughput, peak RSS and recall of the planted reuse.
bench-scale: build
	@mkdir -p $(SCALEDIR)
	@for n in $(SCALE); do \
	  f=$(SCALEDIR)/corpus-$$n.jsonl; t=$(SCALEDIR)/truth-$$n.jsonl; o=$(SCALEDIR)/out-$$n.jsonl; \
	  [ -s $$f ] || bin/churn-eval corpus -n $$n -o $$f -truth $$t || exit 1; \
	  /usr/bin/time -o $(SCALEDIR)/time-$$n.txt -f "%e %M" bin/churn --quiet --format jsonl $(SCALEFLAGS) $$f > $$o || exit 1; \
	  bin/churn-eval scale-report -n $$n -corpus $$f -truth $$t -out $$o -time $(SCALEDIR)/time-$$n.txt -check $(SCALECHECK); \
	done

eval:
	$(GO) run ./cmd/churn-eval defaults
	$(GO) run ./cmd/churn-eval planted
	$(GO) run ./cmd/churn-eval counter

lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	cd report/browsertest && $(GO) vet ./...

run:
	$(GO) run ./cmd/churn

clean:
	rm -rf bin bench.txt benchstat.txt fuzz-long.txt
