//! ` ```composer ` blocks: message composers (see the composer issue).

use super::{Events, PageContext, Rendered};

/// A composer defined on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposerInfo {
    /// Site-unique id.
    pub id: String,
}

/// Rewrites composer blocks. Composer blocks are not recognised yet, so events pass through.
pub fn rewrite<'a>(
    events: Events<'a>,
    _ctx: &PageContext<'_>,
    _rendered: &mut Rendered,
) -> Events<'a> {
    events
}
