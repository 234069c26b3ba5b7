//! Fuzz target: a whole in-memory build of a tiny site with the input as one of its pages (see `stepwise_fuzz::checks::markdown`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stepwise_fuzz::checks::markdown(data));
