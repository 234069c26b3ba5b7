//! Fuzz target: the dev server's request-head parser and path rules (see `stepwise_fuzz::checks::http`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stepwise_fuzz::checks::http(data));
