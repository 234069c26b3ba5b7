//! The search index, built from every page (see `stepwise_search` for the format and the
//! ranking). Each page's part is made when its Markdown is rendered ([`page_doc`]: its terms
//! counted, its metadata file written and gzipped), so an edit redoes one page's; the index
//! is assembled from those parts by the `search index` entry of the site-file registry
//! ([`index_files`]).
//!
//! Files: `search/index.bin` (the root, fixed name, revalidated) and, under
//! `assets/search/`, term and dictionary shards and one metadata file per page, named by the
//! hash of their bytes (cached for a year). All are gzipped; the browser inflates them.
//! Shards whose bytes did not change keep their names, so after an edit `serve` sends only
//! the shards the edit affected (and gzips only those: a shard already gzipped is taken from
//! a cache keyed by the SHA-256 of its bytes).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use stepwise_core::ids;
use stepwise_search::build::{self, DocTerms, TermMemo};
use stepwise_search::meta::{Kind, PageMeta, Record};
use stepwise_search::tokenise::{Language, Tokeniser};

use crate::markdown::Rendered;
use crate::model::{PageId, SiteModel};
use crate::render::OutputFile;
use crate::render::assets::ASSETS_DIR;

/// The index's root file.
pub const ROOT_PATH: &str = "search/index.bin";
/// The search page (without JavaScript: every page A to Z).
pub const PAGE_PATH: &str = "search/index.html";
/// The folder of shards and metadata files, inside the assets folder.
pub const SHARDS_FOLDER: &str = "search";

/// One page as the index needs it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchDoc {
    /// Its terms, length and metadata hash.
    pub terms: DocTerms,
    /// Its metadata file, gzipped.
    pub meta_gz: Vec<u8>,
}

/// The site's tokeniser.
pub fn tokeniser(model: &SiteModel) -> Tokeniser {
    Tokeniser::new(Language::from_tag(&model.config.language))
}

/// Makes page `id`'s part of the index from its rendered Markdown (whose search text it takes).
pub fn page_doc(model: &SiteModel, id: PageId, rendered: &mut Rendered) -> SearchDoc {
    let sections = std::mem::take(&mut rendered.search_sections);
    let composers = std::mem::take(&mut rendered.search_composers);
    if !model.config.search {
        return SearchDoc::default();
    }
    let anchors: Vec<String> = sections.iter().map(|s| s.anchor.clone()).collect();
    // The sections' text is moved into the records, not copied: it is every word of the page.
    let mut records: Vec<Record> = sections
        .into_iter()
        .filter(|s| !s.heading.is_empty() || !s.text.trim().is_empty())
        .map(|s| Record {
            kind: Kind::Section,
            anchor: s.anchor,
            heading: s.heading,
            text: s.text,
        })
        .collect();
    for list in &rendered.checklists {
        for item in &list.items {
            records.push(build::record(
                Kind::Item,
                &ids::item_element_id(&item.id),
                &list.title,
                &item.text,
            ));
        }
    }
    for (composer, &section) in rendered.composers.iter().zip(&composers) {
        let anchor = anchors.get(section).map_or("", String::as_str);
        records.push(build::record(
            Kind::Composer,
            anchor,
            &composer.title,
            composer.intro.as_deref().unwrap_or_default(),
        ));
    }
    let meta = PageMeta {
        url: model.url(id),
        title: model.page(id).front.title.clone(),
        records,
    };
    let tokeniser = tokeniser(model);
    // Each thread keeps the terms of the words it has seen, for the site's language.
    let doc = MEMO.with_borrow_mut(|(language, memo)| {
        let wanted = Language::from_tag(&model.config.language);
        if *language != Some(wanted) {
            *language = Some(wanted);
            *memo = TermMemo::default();
        }
        build::page_doc_with(&tokeniser, &meta, memo)
    });
    SearchDoc {
        terms: doc.terms,
        // The default level: one file a page, so time counts more than the last 1 % of bytes.
        meta_gz: gzip_with(doc.meta.as_bytes(), flate2::Compression::default()),
    }
}

thread_local! {
    /// The terms of the words a thread has indexed, and the language they were made for.
    static MEMO: std::cell::RefCell<(Option<Language>, TermMemo)> = std::cell::RefCell::default();
}

/// Every file of the index.
pub fn index_files(model: &SiteModel, rendered: &[Rendered]) -> Vec<OutputFile> {
    if !model.config.search {
        return Vec::new();
    }
    // In the order of the pages' sources, not of their places in the model: an incremental
    // build keeps a broken page's place where a full build may give it another, and both must
    // write the same index.
    let mut order: Vec<usize> = (0..rendered.len()).collect();
    order.sort_by(|&a, &b| {
        let path = |index: usize| model.pages.get(index).map(|page| page.source_path.as_str());
        path(a).cmp(&path(b))
    });
    let docs: Vec<&DocTerms> = order.iter().map(|&i| &rendered[i].search.terms).collect();
    let language = Language::from_tag(&model.config.language);
    let index = build::build_index(language, &docs);
    let mut files = vec![OutputFile::new(ROOT_PATH, gzip(&index.root))];
    let shards: Vec<OutputFile> = index
        .shards
        .par_iter()
        .map(|(name, bytes)| {
            OutputFile::new(
                format!("{ASSETS_DIR}/{SHARDS_FOLDER}/{name}"),
                gzip_cached(bytes).to_vec(),
            )
        })
        .collect();
    files.extend(shards);
    for page in rendered {
        let name = stepwise_search::format::name('m', page.search.terms.meta_hash);
        files.push(OutputFile::new(
            format!("{ASSETS_DIR}/{SHARDS_FOLDER}/{name}"),
            page.search.meta_gz.clone(),
        ));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    files
}

/// `bytes` gzipped (best compression, no timestamp: the same bytes give the same file).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    gzip_with(bytes, flate2::Compression::best())
}

/// `bytes` gzipped at `level` (with the header `flate2::write::GzEncoder` writes), with the
/// thread's compressor for that level made once: making one costs about as much as
/// compressing a page's metadata.
fn gzip_with(bytes: &[u8], level: flate2::Compression) -> Vec<u8> {
    use flate2::{Compress, FlushCompress, Status};
    thread_local! {
        static COMPRESSORS: std::cell::RefCell<Vec<(u32, Compress)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    // The header GzEncoder writes: no name, no time, the level's hint, an unknown system.
    let hint = if level.level() >= flate2::Compression::best().level() {
        2
    } else if level.level() <= flate2::Compression::fast().level() {
        4
    } else {
        0
    };
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, hint, 255]);
    let finished = COMPRESSORS.with_borrow_mut(|compressors| {
        let at = match compressors.iter().position(|(l, _)| *l == level.level()) {
            Some(at) => at,
            None => {
                compressors.push((level.level(), Compress::new(level, false)));
                compressors.len() - 1
            }
        };
        let compress = &mut compressors[at].1;
        compress.reset();
        loop {
            let read = compress.total_in() as usize;
            out.reserve(bytes.len() / 4 + 64);
            match compress.compress_vec(&bytes[read..], &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => return true,
                Ok(_) => continue,
                Err(_) => {
                    compressors.remove(at);
                    return false;
                }
            }
        }
    });
    // Compressing into a Vec with room to grow does not fail; if it did, the plain way.
    if !finished {
        return gzip_plain(bytes, level);
    }
    let mut crc = flate2::Crc::new();
    crc.update(bytes);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out
}

/// `bytes` gzipped at `level` with a compressor of its own.
fn gzip_plain(bytes: &[u8], level: flate2::Compression) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), level);
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// Shards gzipped before, by the SHA-256 of their bytes: an edit gzips only what it changed.
static GZIPPED: Mutex<Option<GzipCache>> = Mutex::new(None);

/// Gzipped shards by the SHA-256 of their bytes.
type GzipCache = HashMap<[u8; 32], Arc<Vec<u8>>>;

/// At most this many shards are remembered (a large site has a few thousand).
const CACHE_LIMIT: usize = 20_000;

fn gzip_cached(bytes: &[u8]) -> Arc<Vec<u8>> {
    let key: [u8; 32] = Sha256::digest(bytes).into();
    if let Ok(cache) = GZIPPED.lock()
        && let Some(found) = cache.as_ref().and_then(|c| c.get(&key))
    {
        return Arc::clone(found);
    }
    let gzipped = Arc::new(gzip(bytes));
    if let Ok(mut cache) = GZIPPED.lock() {
        let cache = cache.get_or_insert_with(HashMap::new);
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key, Arc::clone(&gzipped));
    }
    gzipped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_with_a_kept_compressor_is_gzip_and_the_same_every_time() {
        use std::io::Read as _;
        let text: String = (0..3000).map(|i| format!("word{} ", i % 97)).collect();
        for bytes in [&b""[..], b"a", text.as_bytes(), &[0u8, 255, 7, 7, 7][..]] {
            for level in [
                flate2::Compression::fast(),
                flate2::Compression::default(),
                flate2::Compression::best(),
            ] {
                let first = gzip_with(bytes, level);
                // Again, with the thread's compressor used before.
                assert!(first == gzip_with(bytes, level), "not the same twice");
                let plain = gzip_plain(bytes, level);
                assert_eq!(first[..10], plain[..10], "the header GzEncoder writes");
                let mut read = Vec::new();
                flate2::read::GzDecoder::new(&first[..])
                    .read_to_end(&mut read)
                    .expect("gzip");
                assert!(read == bytes, "round trip at level {}", level.level());
            }
        }
    }
}
