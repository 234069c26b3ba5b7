//! Integration tests: the `stepwise` binary run on fixture sites under `tests/fixtures/`.
//!
//! One test binary, one module per feature (as in mdBook's testsuite). Every test copies its
//! fixture into a fresh temporary folder, so tests never touch the fixtures or each other.

mod build;
mod calendar;
mod checklists;
mod cli;
mod compatibility;
mod composer_text;
mod content;
mod content_routes;
mod content_sources;
mod contract;
mod errors;
mod fuzz;
mod incremental;
mod limits;
mod publish;
mod serve;
mod serve_limits;
mod steps;
mod support;
mod variants;
mod weights;
