#!/usr/bin/env bash
# Runs every test of Stepwise: formatting, lints (native and wasm32), docs, Rust unit and
# integration tests, the guide built in strict mode, and real-browser tests in headless
# Chromium. On a fresh machine it first installs what the tests need (the pinned Rust
# toolchain and wasm32 target, Debian's chromium, the npm test packages).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

step "Rust toolchain from rust-toolchain.toml (1.95.0, rustfmt, clippy, wasm32 target)"
rustup toolchain install

step "System packages (Debian's chromium for browser tests)"
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_if_needed apt-get update
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

step "npm packages for the browser tests (playwright-core drives the installed chromium; Lighthouse 12.2.3 and Node 22 for the Lighthouse gate)"
(cd tests/browser && npm ci --no-audit --no-fund)

step "Formatting"
cargo fmt --all --check

step "Lints (native)"
cargo clippy --locked --all-targets -- -D warnings

step "Lints (wasm32: the full module, then the base one without its optional parts)"
cargo clippy --locked -p checklist-wasm --target wasm32-unknown-unknown -- -D warnings
cargo clippy --locked -p search-wasm --target wasm32-unknown-unknown -- -D warnings
cargo clippy --locked -p checklist-wasm --no-default-features --target wasm32-unknown-unknown -- -D warnings

step "API docs"
RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps -p stepwise -p stepwise-core -p stepwise-search

step "Rust tests (unit, integration, snapshots)"
INSTA_UPDATE=no cargo test --locked

step "Browser tests (headless Chromium)"
cargo build --locked --bin stepwise
STEPWISE_BIN="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)/debug/stepwise" node --test --test-concurrency=1 tests/browser/

step "All tests passed"
