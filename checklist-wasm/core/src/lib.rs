//! Logic that the Stepwise generator and the in-browser module must agree on.
//!
//! This crate is compiled twice: natively into the `stepwise` generator, which uses it to
//! emit and validate markup at build time, and to wasm32 into `checklist-wasm`, which uses it
//! to read that markup in the reader's browser. Keeping the rules here, and only here, means
//! build-time validation and in-browser behaviour cannot diverge.
//!
//! Architecture invariant: no IO, no platform APIs, no dependencies. Everything takes and
//! returns plain values, so it is tested natively with `cargo test`.

#![cfg_attr(not(test), no_std)]

extern crate alloc;

/// What every module needs from `alloc` (the crate is `no_std`, so the browser module can leave
/// out the standard library's panic and formatting machinery).
mod prelude {
    pub(crate) use alloc::borrow::ToOwned;
    pub(crate) use alloc::format;
    #[allow(unused_imports, reason = "used by native-only code and tests")]
    pub(crate) use alloc::string::{String, ToString};
    pub(crate) use alloc::vec;
    pub(crate) use alloc::vec::Vec;
}

pub mod composer;
pub mod date;
pub mod date_entry;
pub mod deadline;
pub mod dom;
pub mod ics;
pub mod ids;
pub mod manifest;
pub mod percent;
pub mod progress;
pub mod refs;
pub mod storage;
pub mod template;
pub mod text;
