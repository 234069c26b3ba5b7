#!/usr/bin/env bash
# Runs Stepwise's fuzz targets (cargo-fuzz on libFuzzer, stable Rust, no sanitizer: the code is
# safe Rust) one after another, one job each, starting from the committed corpus.
#
#   bash tests/fuzz/run.sh [SECONDS] [TARGET...]
#
# SECONDS per target (default 60); TARGETs from yaml, markdown, template, storage, http
# (default: all). New inputs go to tests/fuzz/target/corpus/<target>/ and crashes to
# tests/fuzz/target/artifacts/<target>/ (both ignored by git). To keep a crash as a regression
# test, minimize it (`cargo fuzz tmin --fuzz-dir tests/fuzz -O -a -s none TARGET FILE`) and copy
# it to tests/fuzz/regressions/<target>/: `cargo test` replays that folder and the corpus.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${1:-60}"
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  targets=(yaml markdown template storage http)
fi

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --version 0.13.2 --locked
# -a: debug assertions and overflow checks, as in `cargo test`.
flags=(--fuzz-dir tests/fuzz -O -a -s none)
cargo fuzz build "${flags[@]}"

work=tests/fuzz/target
failed=()
for target in "${targets[@]}"; do
  mkdir -p "$work/corpus/$target" "$work/artifacts/$target"
  corpora=("$work/corpus/$target")
  for dir in "tests/fuzz/corpus/$target" "tests/fuzz/regressions/$target"; do
    if [ -d "$dir" ]; then corpora+=("$dir"); fi
  done
  touch "$work/$target.started"
  printf '\n\033[1m==> %s for %s s\033[0m\n' "$target" "$seconds"
  # The build uses rayon; one thread keeps the fuzzer to one core.
  if ! RAYON_NUM_THREADS=1 cargo fuzz run "${flags[@]}" "$target" "${corpora[@]}" -- \
    -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/$target/" 2>&1 | tee "$work/$target.log" |
    grep -E '^(#[0-9]+[[:space:]]+(INITED|DONE)|stat::number_of_executed_units|==[0-9]+==|thread .* panicked|SUMMARY)'; then
    :
  fi
  # A finding leaves a crash-, timeout- or oom- file in the artifacts folder; a run stopped by
  # a signal from outside leaves none.
  if [ -n "$(find "$work/artifacts/$target" -type f -newer "$work/$target.started")" ]; then
    failed+=("$target")
  elif ! grep -q '^Done ' "$work/$target.log"; then
    printf '%s stopped early, without a finding (see %s)\n' "$target" "$work/$target.log" >&2
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  printf '\nFindings in: %s (see %s/artifacts/)\n' "${failed[*]}" "$work" >&2
  exit 1
fi
printf '\nNo findings.\n'
