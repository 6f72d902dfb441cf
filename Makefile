# churn: common tasks. `make help` lists them.
GO       ?= go
BENCH    ?= .
COUNT    ?= 6
FUZZTIME ?= 10s

.PHONY: help build test fuzz bench eval lint run clean

help:
	@echo "make build   build bin/churn and bin/churn-eval"
	@echo "make test    run every test with the race detector (what CI runs)"
	@echo "make fuzz    run each fuzz target for FUZZTIME (default $(FUZZTIME))"
	@echo "make bench   run the benchmarks COUNT times into bench.txt and summarise them with benchstat"
	@echo "make eval    measure churn's defaults on the seeds and ../shared/eval"
	@echo "make lint    gofmt and go vet"
	@echo "make run     churn on the embedded seeds"

build:
	$(GO) build -o bin/ ./cmd/...

test:
	$(GO) test -race -count=1 ./...

fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run=NONE -fuzz="^$$f$$" -fuzztime=$(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

bench:
	$(GO) test -run=NONE -bench='$(BENCH)' -benchmem -count=$(COUNT) ./... | tee bench.txt
	$(GO) tool benchstat bench.txt

eval:
	$(GO) run ./cmd/churn-eval defaults
	$(GO) run ./cmd/churn-eval planted

lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

run:
	$(GO) run ./cmd/churn

clean:
	rm -rf bin bench.txt
