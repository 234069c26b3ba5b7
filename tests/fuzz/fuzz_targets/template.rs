//! Fuzz target: the composer's template parser and renderer (see `stepwise_fuzz::checks::template`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stepwise_fuzz::checks::template(data));
