# Loom — the two commands a fresh machine needs:
#   make demo   install dependencies, build, and run the demo
#   make test   install dependencies, build, and run every test
# While developing: make unit   the unit test targets only (no PostgreSQL, processes or sockets)
SWIFT ?= swift
CONFIG ?= Configs/users.yaml
# Test targets of pure logic; every other test target (LoomIntegrationTests, LoomCLITests,
# LoomWireTests) starts PostgreSQL, loom processes or ZeroMQ sockets.
UNIT_TESTS = LoomSpecTests|LoomGenTests|LoomStatsTests|LoomProfileTests|LoomProtocolTests|LoomValidateTests|LoomLoadTests|LoomMonitorTests

.PHONY: deps build release demo test unit bench clean

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

unit:
	$(SWIFT) test --disable-xctest --filter '$(UNIT_TESTS)'

bench: release
	./Benchmarks/run.sh

clean:
	rm -rf .build out
