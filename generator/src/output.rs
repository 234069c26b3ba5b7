//! The output edge: writes a built site to disk so that readers never see half a site.
//!
//! Files are written into a staging folder next to the output folder (a [`Sink`] the build
//! renders into), which then replaces the output folder. If anything fails, the staging folder is removed and the previously
//! published output stays exactly as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::pipeline::{Build, BuildOutput, Sink};
use crate::render::OutputFile;

/// A file every output folder gets, so a later build knows it may replace the folder.
pub const MARKER: &str = ".stepwise-output";

/// An output problem, with the path it concerns.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The folder exists, is not empty, and was not written by Stepwise.
    #[error(
        "refusing to replace {0}: it is not empty and was not written by stepwise (no {MARKER} file)"
    )]
    NotOurs(PathBuf),
    /// A filesystem operation failed.
    #[error("{action} {path}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The path it was done to.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
}

fn io_error<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(io::Error) -> OutputError + 'a {
    move |source| OutputError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Replaces `out_dir` with exactly `files`.
pub fn write(out_dir: &Path, files: &[OutputFile]) -> Result<(), OutputError> {
    publish(out_dir, |staging| {
        files.par_iter().try_for_each(|file| staging.write(file))?;
        Ok(((), true))
    })
}

/// Renders `build` into a staging folder and makes it `out_dir` if the build succeeded (no
/// errors, and no warnings when `strict`). Returns every problem the build found, even when
/// writing failed, and whether publishing worked.
pub fn publish_build(
    build: &Build,
    out_dir: &Path,
    strict: bool,
) -> (BuildOutput, Result<(), OutputError>) {
    let mut report = None;
    let published = publish(out_dir, |staging| {
        let (output, written) = build.write_into(staging);
        let keep = output.succeeded(strict);
        report = Some(output);
        written.map(|()| ((), keep))
    });
    // Publishing can fail before anything was rendered (a folder that is not ours): the
    // problems found so far are still reported.
    let output = report.unwrap_or_else(|| build.output());
    (output, published)
}

/// A staging folder being filled with a new build.
pub struct Staging {
    dir: PathBuf,
}

impl Sink for Staging {
    type Error = OutputError;

    fn put(&self, file: &OutputFile) -> Result<(), OutputError> {
        self.write(file)
    }
}

impl Staging {
    /// Writes one file (creating its folders).
    pub fn write(&self, file: &OutputFile) -> Result<(), OutputError> {
        let path = self.dir.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_error("creating", parent))?;
        }
        fs::write(&path, &file.bytes).map_err(io_error("writing", &path))
    }
}

/// Lets `produce` write a new build into a staging folder next to `out_dir`, then, if it says
/// to keep it, makes that folder the output. Otherwise (or on any error) the staging folder is
/// removed and the previous output stays as it was.
pub fn publish<T>(
    out_dir: &Path,
    produce: impl FnOnce(&Staging) -> Result<(T, bool), OutputError>,
) -> Result<T, OutputError> {
    if out_dir.exists() && !is_replaceable(out_dir) {
        return Err(OutputError::NotOurs(out_dir.to_path_buf()));
    }
    let parent = match out_dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io_error("creating", &parent))?;
    let name = out_dir
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.old-{}", std::process::id()));

    let result = prepare(&staging).and_then(|()| {
        let (value, keep) = produce(&Staging {
            dir: staging.clone(),
        })?;
        if keep {
            finish(&staging)?;
            swap(&staging, out_dir, &retired)?;
        } else {
            let _ = fs::remove_dir_all(&staging);
        }
        Ok(value)
    });
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn is_replaceable(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
        || fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

fn prepare(staging: &Path) -> Result<(), OutputError> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(io_error("removing", staging))?;
    }
    fs::create_dir_all(staging).map_err(io_error("creating", staging))
}

fn finish(staging: &Path) -> Result<(), OutputError> {
    let marker = staging.join(MARKER);
    fs::write(
        &marker,
        "This folder is written by `stepwise build` and replaced on every build.\n",
    )
    .map_err(io_error("writing", &marker))
}

/// Moves the staging folder into place. The old output is moved aside first and deleted only
/// once the new one is in place (if that deletion fails, the build still succeeded: a warning
/// names the folder left behind).
fn swap(staging: &Path, out_dir: &Path, retired: &Path) -> Result<(), OutputError> {
    if out_dir.exists() {
        if retired.exists() {
            fs::remove_dir_all(retired).map_err(io_error("removing", retired))?;
        }
        fs::rename(out_dir, retired).map_err(io_error("moving aside", out_dir))?;
        if let Err(error) = fs::rename(staging, out_dir) {
            // Put the previous output back before reporting.
            let _ = fs::rename(retired, out_dir);
            return Err(io_error("replacing", out_dir)(error));
        }
        // The new output is in place: failing to tidy up the old one does not undo the build.
        if let Err(error) = fs::remove_dir_all(retired) {
            eprintln!(
                "{}: warning: the previous output was replaced but could not be deleted: {error}",
                retired.display()
            );
        }
        Ok(())
    } else {
        fs::rename(staging, out_dir).map_err(io_error("creating", out_dir))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("stepwise-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn replaces_previous_output_exactly() {
        let root = temp_dir("replace");
        let out = root.join("public");
        write(
            &out,
            &[
                OutputFile::new("a/index.html", b"one".to_vec()),
                OutputFile::new("gone.txt", b"x".to_vec()),
            ],
        )
        .expect("first write");
        write(&out, &[OutputFile::new("a/index.html", b"two".to_vec())]).expect("second write");
        assert_eq!(fs::read(out.join("a/index.html")).expect("read"), b"two");
        assert!(!out.join("gone.txt").exists());
        let leftovers: Vec<_> = fs::read_dir(&root)
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, ["public"]);
    }

    #[test]
    fn refuses_to_replace_a_foreign_folder() {
        let root = temp_dir("foreign");
        fs::write(root.join("precious.txt"), "keep").expect("write");
        let error = write(&root, &[]).expect_err("must refuse");
        assert!(matches!(error, OutputError::NotOurs(_)));
        assert!(root.join("precious.txt").exists());
    }

    #[test]
    fn a_failed_write_keeps_the_previous_output() {
        let root = temp_dir("failed");
        let out = root.join("public");
        write(&out, &[OutputFile::new("index.html", b"old".to_vec())]).expect("first write");
        // A file and a folder with the same path cannot both be written.
        let clash = [
            OutputFile::new("x", b"file".to_vec()),
            OutputFile::new("x/y", b"nested".to_vec()),
        ];
        assert!(write(&out, &clash).is_err());
        assert_eq!(fs::read(out.join("index.html")).expect("read"), b"old");
        let leftovers: Vec<_> = fs::read_dir(&root)
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, ["public"]);
    }
}
