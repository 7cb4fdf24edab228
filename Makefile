# Loom — the two commands a fresh machine needs:
#   make demo   install dependencies, build, and run the demo
#   make test   install dependencies, build, and run every test
# While developing: make unit   the unit test targets only (no PostgreSQL, processes or sockets)
#                  make fuzz   fuzz every target FUZZ_SECONDS with libFuzzer + ASan (docs/TESTING.md)
SWIFT ?= swift
CONFIG ?= Configs/users.yaml
# Test targets of pure logic; every other test target (LoomIntegrationTests, LoomCLITests,
# LoomWireTests) starts PostgreSQL, loom processes or ZeroMQ sockets.
UNIT_TESTS = LoomSpecTests|LoomGenTests|LoomLiveTests|LoomStatsTests|LoomProfileTests|LoomProtocolTests|LoomValidateTests|LoomLoadTests|LoomMonitorTests

# Fuzzing (scripts/fuzz.sh, docs/TESTING.md): seconds per target for `make fuzz` and for CI's short run.
FUZZ_SECONDS ?= 60
FUZZ_CI_SECONDS ?= 20

.PHONY: deps build release demo test unit bench clean fuzz fuzz-replay fuzz-ci

deps:
	./scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product loom

demo: release
	./scripts/demo.sh $(CONFIG)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest
	SWIFT=$(SWIFT) ./scripts/fuzz.sh replay

unit:
	$(SWIFT) test --disable-xctest --filter '$(UNIT_TESTS)'

# Each fuzz target for FUZZ_SECONDS on a copy of its corpus (Tests/FuzzCorpus); new inputs and
# crashes stay in .build-fuzz/work. Fails on a crash that is not a listed open failure.
fuzz: deps
	SWIFT=$(SWIFT) ./scripts/fuzz.sh build
	SWIFT=$(SWIFT) FUZZ_SECONDS=$(FUZZ_SECONDS) ./scripts/fuzz.sh run

# The committed corpora through the plain builds of the fuzz targets: seconds, part of `make test`.
fuzz-replay:
	SWIFT=$(SWIFT) ./scripts/fuzz.sh replay

# CI's short run: unoptimised fuzz builds (a release build with the sanitizer takes several
# minutes more on two cores) and FUZZ_CI_SECONDS per target.
fuzz-ci: deps
	SWIFT=$(SWIFT) FUZZ_CONFIG=debug ./scripts/fuzz.sh build
	SWIFT=$(SWIFT) FUZZ_CONFIG=debug FUZZ_SECONDS=$(FUZZ_CI_SECONDS) ./scripts/fuzz.sh run

bench: release
	./Benchmarks/run.sh

clean:
	rm -rf .build .build-fuzz .build-fuzz-debug out
