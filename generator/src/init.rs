//! `stepwise init`: a small site that builds as it is, to start from.

use std::fs;
use std::io;
use std::path::Path;

/// The scaffold's files: `(path in the new site, contents)`.
const FILES: [(&str, &str); 5] = [
    ("site.yaml", include_str!("../scaffold/site.yaml")),
    (
        "content/_index.md",
        include_str!("../scaffold/content/_index.md"),
    ),
    (
        "content/steps/_index.md",
        include_str!("../scaffold/content/steps/_index.md"),
    ),
    (
        "content/steps/prepare.md",
        include_str!("../scaffold/content/steps/prepare.md"),
    ),
    (
        "content/steps/do-it.md",
        include_str!("../scaffold/content/steps/do-it.md"),
    ),
];

/// Creates the example site in `dir`, which must not exist or be empty.
pub fn create(dir: &Path) -> io::Result<()> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "the folder is not empty",
        ));
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(target, text)?;
    }
    Ok(())
}
