# Loom — the two commands a fresh machine needs:
#   make demo   install dependencies, build, and run the demo
#   make test   install dependencies, build, and run every test
SWIFT ?= swift
CONFIG ?= Configs/users.yaml

.PHONY: deps build release demo test bench clean

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

bench: release
	./Benchmarks/run.sh

clean:
	rm -rf .build out
