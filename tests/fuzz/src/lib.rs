//! Stepwise's fuzz targets: the binaries in `fuzz_targets/` each run one check of [`checks`]
//! on libFuzzer's input. See `tests/fuzz/run.sh`.

pub mod checks;
