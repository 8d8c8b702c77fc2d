# The two commands: `make run` and `make test`. Both install what is missing first.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
RELEASE := build/release
ASAN := build/asan
COPYDESK := $(RELEASE)/services/copydesk/copydesk

.PHONY: all setup build build-asan run test test-unit bench eval format clean

all: build

setup:
	@scripts/setup

build: setup
	@cmake -S . -B $(RELEASE) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(RELEASE) -j $(JOBS)

# ASan+UBSan with clang, which also builds the libFuzzer targets.
build-asan: setup
	@CC=clang CXX=clang++ cmake -S . -B $(ASAN) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DCOPYDESK_SANITIZE=ON -DCOPYDESK_FUZZ=ON -DCOPYDESK_BENCH=OFF >/dev/null
	@cmake --build $(ASAN) -j $(JOBS)

run: build
	@mkdir -p build/run
	$(COPYDESK) demo --feed config/samples/feed.ndjson --output build/run/events.ndjson
	@echo
	@scripts/show-events build/run/events.ndjson
	@echo
	@echo "events: build/run/events.ndjson, one per input line (python3 -m json.tool shows one whole)"

# Both runs include -L integration: each starts its own Kafka broker (deploy/kafka-local), which
# costs about 10 s per run, so the sanitizer build checks the Kafka client code too.
test: build build-asan
	ctest --test-dir $(RELEASE) --output-on-failure -j $(JOBS)
	@grep -h '^crash: ' $(RELEASE)/Testing/Temporary/LastTest.log 2>/dev/null || true
	ctest --test-dir $(ASAN) --output-on-failure -j $(JOBS)

test-unit: build
	ctest --test-dir $(RELEASE) --output-on-failure -L unit -j $(JOBS)

bench: build
	scripts/bench

# Deduplication quality and the datasketch comparison; needs the corpora (scripts/eval).
eval: build
	scripts/eval

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf build
