# churn: common tasks. `make help` lists them.
GO       ?= go
BENCH    ?= .
COUNT    ?= 6
FUZZTIME ?= 10s
SCALE    ?= 10000 100000 1000000
SCALEDIR ?= /tmp/churn-scale
SCALEFLAGS ?=

.PHONY: help build test fuzz bench bench-scale eval lint run clean

help:
	@echo "make build   build bin/churn and bin/churn-eval"
	@echo "make test    run every test of both modules (churn, report/browsertest) with the race detector (what CI runs)"
	@echo "make fuzz    run each fuzz target for FUZZTIME (default $(FUZZTIME))"
	@echo "make bench   run the benchmarks COUNT times into bench.txt, summarise them with benchstat into BENCHMARKS.md"
	@echo "make bench-scale  churn end to end on generated corpora of SCALE articles (default $(SCALE))"
	@echo "make eval    measure churn's defaults and planted-reuse accuracy on the seeds and ../shared/eval"
	@echo "make lint    gofmt and go vet"
	@echo "make run     churn on the embedded seeds"

build:
	$(GO) build -o bin/ ./cmd/...

# The browser test is a module of its own (report/browsertest/go.mod), so
# that churn's go.mod carries no browser automation: test both modules.
test:
	$(GO) test -race -count=1 ./...
	cd report/browsertest && $(GO) test -race -count=1 ./...

fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run=NONE -fuzz="^$$f$$" -fuzztime=$(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

# Runs the benchmarks into bench.txt, summarises them with benchstat and
# writes the summary, with the machine and the command, into the section
# of BENCHMARKS.md between the "make bench" markers.
bench:
	$(GO) test -run=NONE -bench='$(BENCH)' -benchmem -count=$(COUNT) ./... | tee bench.txt
	$(GO) tool benchstat bench.txt | tee benchstat.txt
	@{ echo '<!-- make bench: begin -->'; \
	  echo "Written by \`make bench\` (\`go test -run=NONE -bench='$(BENCH)' -benchmem -count=$(COUNT) ./...\`, then \`go tool benchstat\`)"; \
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
	  bin/churn-eval scale-report -n $$n -corpus $$f -truth $$t -out $$o -time $(SCALEDIR)/time-$$n.txt; \
	done

eval:
	$(GO) run ./cmd/churn-eval defaults
	$(GO) run ./cmd/churn-eval planted

lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	cd report/browsertest && $(GO) vet ./...

run:
	$(GO) run ./cmd/churn

clean:
	rm -rf bin bench.txt benchstat.txt
