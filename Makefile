# varn — make targets. `make run` and `make test` are all a newcomer needs.

GO       ?= go
BIN      := bin/varn
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
STATICCHECK ?= $(shell $(GO) env GOPATH)/bin/staticcheck
DEMO_DIR ?= $(CURDIR)/demo-vault

.PHONY: all run build test unit e2e journeys vet lint bench latency fuzz fuzz-short soak demo clean

all: build

## build: static binary in bin/varn (CGO off, trimmed paths, version stamped)
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/varn

## run: build and open the TUI (walks you through creating a vault the first time)
run: build
	./$(BIN) $(ARGS)

## test: vet, then every test with the race detector — unit, golden-screen and the
## end-to-end tests that drive the real binary in tmux and through OpenSSH — and a
## short fuzzing run of the bundle reader (every fuzz target's seeds run as tests)
test: vet unit fuzz-short

vet:
	$(GO) vet ./...

unit:
	$(GO) test -race -count=1 -timeout 15m ./...

## fuzz-short: the bundle reader's fuzz targets for $(FUZZSHORT) executions each (make
## fuzz runs every target longer). A count, not a duration: with a duration, Go 1.26's
## fuzzing coordinator can report its own deadline as a failure ("context deadline
## exceeded", no failing input; golang/go#75804, fixed in Go 1.27).
FUZZSHORT ?= 3000x
fuzz-short:
	$(GO) test -run '^$$' -fuzz '^FuzzBundlePlaintext$$' -fuzztime $(FUZZSHORT) -fuzzminimizetime 2s ./vault/bundle/
	$(GO) test -run '^$$' -fuzz '^FuzzBundleSigned$$' -fuzztime $(FUZZSHORT) -fuzzminimizetime 2s ./vault/bundle/

## e2e: only the end-to-end tests, verbosely (they are part of `make test` too):
## the real binary under SIGKILL, tampering, a real sshd in tmux, a hostile
## environment; each case logs what it did and checked. VARN_SOAK=1 for the long runs.
e2e:
	$(GO) test -count=1 -v -timeout 10m -run 'E2E' ./cmd/...
	$(GO) test -count=1 -v -timeout 10m ./tui/e2e/...

## journeys: the whole simulated year of three vaults (Lomma, Lund, Länsstyrelsen
## Skåne) against the real binary, every step in a readable transcript
## (journey-transcript.txt); `make test` walks a short year of it
journeys:
	VARN_JOURNEY=full VARN_JOURNEY_LOG=$(CURDIR)/journey-transcript.txt $(GO) test -count=1 -v -timeout 60m -run 'TestJourney' ./cmd/journey/

## lint: gofmt, go vet, staticcheck
lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt: files above need formatting"; exit 1; }
	$(GO) vet ./...
	@test -x $(STATICCHECK) || $(GO) install honnef.co/go/tools/cmd/staticcheck@latest
	$(STATICCHECK) ./...

## bench: the performance figures named in the issues (medians over -count runs)
bench:
	$(GO) test -run '^$$' -bench . -skip 'BenchmarkExchangeImport100k|BenchmarkAgedVault' -benchmem -count 5 -timeout 60m ./model/... ./vault/... ./tui/... | tee bench.txt
	$(GO) test -run '^$$' -bench 'BenchmarkExchangeImport100k' -benchtime 1x -count 5 -timeout 30m ./vault/ | tee -a bench.txt
	$(GO) test -run '^$$' -bench 'BenchmarkAgedVault' -benchtime 1x -count 1 -timeout 60m ./vault/ | tee -a bench.txt
	$(MAKE) latency | tee -a bench.txt

## latency: the real binary in a pty on a ~100k-observation demo vault (kept in
## $TMPDIR between runs): first frame after unlock, keypress to first output
## byte p50/p90, memory. VARN_LATENCY_RUNS, VARN_LATENCY_KEYS tune it.
latency:
	VARN_LATENCY=1 $(GO) test -count=1 -v -timeout 30m -run 'TestPTYLatency' ./tui/e2e/

## fuzz: each fuzz target of the repository for $(FUZZTIME) (default 30 s),
## one after the other, printing the executions each made. The seeds (f.Add
## and testdata/fuzz/<Target>) also run in every `make test`. Minimising a
## new input is capped at $(FUZZMINIMIZE): for a slow target (the bundle
## reader) Go's default of 60 s would take the whole run.
FUZZTIME ?= 30s
FUZZMINIMIZE ?= 3s
fuzz:
	@set -e; for dir in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
		for f in $$(grep -h '^func Fuzz' $$dir/*_test.go | sed 's/^func \(Fuzz[A-Za-z0-9_]*\).*/\1/'); do \
			out=$$(mktemp); \
			if ! $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) $$dir >$$out 2>&1; then \
				cat $$out; rm -f $$out; echo "fuzz: $$dir $$f FAILED (the failing input is in $$dir/testdata/fuzz/$$f)"; exit 1; \
			fi; \
			echo "fuzz: $$dir $$f: $$(grep -o 'execs: [0-9]*' $$out | tail -1 | cut -d' ' -f2) execs in $(FUZZTIME)"; \
			rm -f $$out; \
		done; \
	done

## soak: the long fault and crash runs, verbosely: each case logs what it did
## and checked (grep the output for "tally:", "trials", "rounds")
soak:
	VARN_SOAK=1 $(GO) test -count=1 -v -timeout 60m -run 'E2E' ./cmd/...
	VARN_SOAK=1 $(GO) test -count=1 -v -timeout 60m -skip 'E2E' ./...

## demo: a vault of clearly fictional data in ./demo-vault (prints its passphrase)
demo: build
	./$(BIN) demo --vault $(DEMO_DIR)

clean:
	rm -rf bin bench.txt journey-transcript.txt $(DEMO_DIR)
