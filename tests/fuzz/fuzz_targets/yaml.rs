//! Fuzz target: front matter, `site.yaml` and plain YAML parsing (see `stepwise_fuzz::checks::yaml`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stepwise_fuzz::checks::yaml(data));
