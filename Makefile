# Thin wrapper over the CMake presets. `make report`: the main job (quick suite + report).
# `make test`: build and pass the tests. Both install missing packages first (ci/install-deps).
PRESET ?= default
BUILD  := build/$(PRESET)
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
OUT    ?= results

.PHONY: all deps build test report full sanitize clean
all: build

deps:
	ci/install-deps

build: deps
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET) -j$(JOBS)

test: build
	ctest --preset $(PRESET) -j$(JOBS)

report: build
	$(BUILD)/wtbench run --quick --out $(OUT)

full: build
	$(BUILD)/wtbench run --full --out $(OUT)

sanitize: deps
	ci/sanitize

clean:
	rm -rf build
