//! Fuzz target: the reader's saved-progress decoder and its encode/decode round trip (see `stepwise_fuzz::checks::storage`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stepwise_fuzz::checks::storage(data));
