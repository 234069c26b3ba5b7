//! What the server hands out, shared between the thread that rebuilds (`serve::rebuild`) and
//! the threads that answer requests (`serve::respond`, [`super::events`]).

use std::collections::HashMap;
use std::sync::Arc;

/// What the server hands out: the last site that built, and the current problems.
#[derive(Debug, Default)]
pub struct Served {
    /// Output files by path.
    pub files: HashMap<String, Arc<[u8]>>,
    /// The problems of the last rebuild, if it failed.
    pub problems: Option<String>,
    /// Counts successful rebuilds.
    pub version: u64,
}
