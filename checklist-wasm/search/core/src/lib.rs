//! Platform-free search for Stepwise, shared by the generator (which builds the index) and the
//! search module in the reader's browser (which reads it): tokenising (`tokenise`), the files
//! of the sharded index (`format`, `meta`), building them (`build`) and answering queries over
//! the shards loaded so far (`engine`).
//!
//! Both sides must split and stem words identically, or queries would miss: that rule lives
//! only here.

pub mod build;
pub mod engine;
pub mod fold;
pub mod format;
pub mod meta;
pub mod tokenise;
