//! The Stepwise search module: loaded only when a reader focuses the search field or opens the
//! search page, so the checklist module's budget is untouched. It holds the query engine
//! (`stepwise_search::engine`, shared with the build's tokeniser); its JS caller
//! (`js/search-ui.js`) fetches the files the engine asks for and draws the results.
//!
//! The module makes no request and touches no DOM: bytes in, plain strings out.

use stepwise_search::engine::Engine;

// Talc, as in the checklist module: smaller than the default allocator.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
use wasm_bindgen::prelude::*;

/// A search index as far as it is loaded.
#[wasm_bindgen]
pub struct Search(Engine);

#[wasm_bindgen]
impl Search {
    /// Opens the index whose (inflated) root file is `root`; `undefined` if it is not one.
    pub fn open(root: &[u8]) -> Option<Search> {
        Engine::new(root).map(Search)
    }

    /// How many pages the index holds.
    pub fn pages(&self) -> u32 {
        self.0.pages()
    }

    /// The names of the files `query` still needs.
    pub fn needed(&self, query: &str) -> Vec<String> {
        self.0.needed(query)
    }

    /// Takes a fetched (inflated) shard; `false` if it was refused.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> bool {
        self.0.add(name, bytes)
    }

    /// The ranked pages for `query`, best first.
    pub fn search(&mut self, query: &str) -> Vec<u32> {
        self.0.search(query)
    }

    /// The name of a page's metadata file.
    pub fn meta_name(&self, page: u32) -> Option<String> {
        self.0.meta_name(page)
    }

    /// Takes a page's fetched (inflated) metadata; `false` if it was refused.
    pub fn add_meta(&mut self, page: u32, bytes: &[u8]) -> bool {
        self.0.add_meta(page, bytes)
    }

    /// A result for the last search (see `Engine::result`).
    pub fn result(&self, page: u32) -> Option<String> {
        self.0.result(page)
    }
}
