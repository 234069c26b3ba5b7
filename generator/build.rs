//! Builds the `checklist-wasm` browser module from source and generates its JS glue, so that
//! `cargo build` alone produces a generator that embeds a working module.
//!
//! Steps: make sure the wasm32 target is installed (rustup); then, for each variant of the
//! module ([`VARIANTS`]), run a nested `cargo build` of `checklist-wasm` for wasm32 with the
//! size-oriented `wasm-release` profile and the variant's cargo features, and run wasm-bindgen
//! as a library (pinned to the exact `wasm-bindgen` version) to write `checklist_wasm.js` and
//! `checklist_wasm_bg.wasm` into `OUT_DIR/pkg/<variant>/`. The variants' builds share one
//! target directory, so the dependencies (the same for every variant) compile once.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "build/scripts.rs"]
mod scripts;

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The variants of the browser module: a name (the folder under `OUT_DIR/pkg`, read by
/// `render::assets`) and the cargo features of `checklist-wasm` it is built with. `base` is on
/// pages without a composer; `full` has every optional part (the deadlines feature joins it).
const VARIANTS: [(&str, &str); 2] = [("base", ""), ("full", "composer,deadlines")];

fn main() {
    if let Err(message) = run() {
        println!("cargo::error={message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let manifest_dir = PathBuf::from(env_var("CARGO_MANIFEST_DIR")?);
    let workspace = manifest_dir
        .parent()
        .ok_or("the generator crate must live inside the workspace")?
        .to_path_buf();
    let out_dir = PathBuf::from(env_var("OUT_DIR")?);
    for watched in [
        "checklist-wasm/src",
        "checklist-wasm/Cargo.toml",
        "checklist-wasm/core/src",
        "checklist-wasm/core/Cargo.toml",
        "Cargo.toml",
        "Cargo.lock",
        "themes/default",
    ]
    .into_iter()
    .chain(scripts::WATCHED)
    {
        println!(
            "cargo::rerun-if-changed={}",
            workspace.join(watched).display()
        );
    }

    embed_theme(
        &workspace.join("themes/default"),
        &out_dir.join("embedded_theme.rs"),
    )?;
    ensure_wasm_target()?;
    let tools = tools_dir(&out_dir);
    let optimizer = wasm_opt(&tools);
    let terser = scripts::terser(&tools);
    for (variant, features) in VARIANTS {
        let wasm = build_wasm(&workspace, &out_dir, features)?;
        // Read before the next variant's build replaces the file.
        let pkg = out_dir.join("pkg").join(variant);
        generate_glue(&wasm, &pkg)?;
        if let Some(optimizer) = &optimizer {
            optimize(optimizer, &pkg.join("checklist_wasm_bg.wasm"))?;
        }
        scripts::write_page_scripts(&workspace, &pkg, terser.as_deref())?;
    }
    build_search(
        &workspace,
        &out_dir,
        optimizer.as_deref(),
        terser.as_deref(),
    )
}

/// Builds the search module (`checklist-wasm/search`, loaded only when a reader searches) the
/// same way as the checklist module, into `OUT_DIR/search-pkg`.
fn build_search(
    workspace: &Path,
    out_dir: &Path,
    optimizer: Option<&Path>,
    terser: Option<&Path>,
) -> Result<(), String> {
    for watched in [
        "checklist-wasm/search/src",
        "checklist-wasm/search/core/src",
        "checklist-wasm/search/Cargo.toml",
        "checklist-wasm/search/core/Cargo.toml",
        "checklist-wasm/search/js",
    ] {
        println!(
            "cargo::rerun-if-changed={}",
            workspace.join(watched).display()
        );
    }
    let target_dir = nested_target_dir(out_dir);
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command
        .current_dir(workspace)
        .args([
            "build",
            "--locked",
            "--package",
            "search-wasm",
            "--target",
            WASM_TARGET,
        ])
        .args(["--profile", "wasm-release", "--target-dir"])
        .arg(&target_dir);
    scrub_environment(&mut command);
    let mut rustflags = Vec::new();
    if let Ok(home) = env::var("CARGO_HOME") {
        rustflags.push(format!("--remap-path-prefix={home}=/cargo"));
    }
    rustflags.push(format!(
        "--remap-path-prefix={}=/stepwise",
        workspace.display()
    ));
    command.env("CARGO_ENCODED_RUSTFLAGS", rustflags.join("\x1f"));
    let status = command
        .status()
        .map_err(|error| format!("running the nested search build: {error}"))?;
    if !status.success() {
        return Err(format!("the nested build of search-wasm failed ({status})"));
    }
    let wasm = target_dir
        .join(WASM_TARGET)
        .join("wasm-release")
        .join("search_wasm.wasm");
    // The glue writer names its files as the checklist module's: `search-pkg/checklist_wasm*`.
    let pkg = out_dir.join("search-pkg");
    generate_glue(&wasm, &pkg)?;
    if let Some(optimizer) = optimizer {
        optimize(optimizer, &pkg.join("checklist_wasm_bg.wasm"))?;
    }
    scripts::write_search_scripts(workspace, &pkg, terser)
}

/// The binaryen release whose `wasm-opt` shrinks the module (npm's build: Debian's binaryen 108
/// corrupts wasm-bindgen output).
const BINARYEN: &str = "binaryen@132.0.0";

/// `wasm-opt` from npm's `binaryen`, installed once into `<tools>/binaryen`. Without npm the
/// module is left as wasm-bindgen wrote it (about 1.5 KB gzipped larger; the size budget tests
/// then fail) and the build says so.
fn wasm_opt(tools: &Path) -> Option<PathBuf> {
    npm_tool(tools, "binaryen", BINARYEN, "wasm-opt")
}

/// `<target>/tools`: the build tools installed from npm, one folder each.
fn tools_dir(out_dir: &Path) -> PathBuf {
    nested_target_dir(out_dir).with_file_name("tools")
}

/// The program `bin` of npm's `package` (`name@version`), installed once with npm into
/// `<tools>/<folder>` (a folder per tool: npm removes from a folder what it was not asked for).
/// `None`, with a warning, when npm cannot install it.
fn npm_tool(tools: &Path, folder: &str, package: &str, bin: &str) -> Option<PathBuf> {
    let prefix = tools.join(folder);
    let binary = prefix.join("node_modules/.bin").join(bin);
    let stamp = prefix.join("installed");
    // The stamp names the version, so pinning another one installs it.
    if binary.is_file() && std::fs::read_to_string(&stamp).is_ok_and(|text| text == package) {
        return Some(binary);
    }
    let installed = Command::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(&prefix)
        .args([
            "--no-audit",
            "--no-fund",
            "--no-save",
            "--loglevel=error",
            package,
        ])
        .status()
        .is_ok_and(|status| status.success());
    if installed && binary.is_file() {
        let _ = std::fs::write(&stamp, package);
        Some(binary)
    } else if binary.is_file() {
        // Offline, say: the copy installed before is better than none.
        println!("cargo::warning=npm could not install {package}: using the copy installed before");
        Some(binary)
    } else {
        println!(
            "cargo::warning=npm could not install {package}: the browser scripts are not as small as they should be (install Node.js and npm)"
        );
        None
    }
}

/// Runs `wasm-opt -Oz` on `wasm` in place, with the WebAssembly features wasm-bindgen's output
/// uses (all supported by every current browser).
fn optimize(wasm_opt: &Path, wasm: &Path) -> Result<(), String> {
    let status = Command::new(wasm_opt)
        .arg(wasm)
        .args([
            "-Oz",
            // The features section served wasm-bindgen, which has run.
            "--strip-target-features",
            "--enable-reference-types",
            "--enable-multivalue",
            "--enable-bulk-memory",
            "--enable-sign-ext",
            "--enable-nontrapping-float-to-int",
            "--enable-mutable-globals",
            "-o",
        ])
        .arg(wasm)
        .status()
        .map_err(|error| format!("running {}: {error}", wasm_opt.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("wasm-opt failed on {} ({status})", wasm.display()))
    }
}

/// Writes `EMBEDDED_THEME`, a list of `(path inside the theme, bytes)` for every file of the
/// default theme, so the binary works without the `themes/` folder.
fn embed_theme(theme: &Path, out: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    collect_files(theme, theme, &mut files)?;
    files.sort();
    let mut code = String::from(
        "/// The default theme's files, embedded at build time: `(path inside the theme, bytes)`.\n\
         pub static EMBEDDED_THEME: &[(&str, &[u8])] = &[\n",
    );
    for (relative, absolute) in files {
        code.push_str(&format!(
            "    ({relative:?}, include_bytes!({absolute:?})),\n"
        ));
    }
    code.push_str("];\n");
    std::fs::write(out, code).map_err(|error| format!("writing {}: {error}", out.display()))
}

fn collect_files(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|error| format!("reading {}: {error}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|error| error.to_string())?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        if path.is_dir() {
            collect_files(root, &path, files)?;
        } else {
            let relative = path
                .strip_prefix(root)
                .map_err(|error| error.to_string())?
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.push((relative, path.display().to_string()));
        }
    }
    Ok(())
}

fn env_var(name: &str) -> Result<String, String> {
    env::var(name).map_err(|_| format!("cargo did not set {name}"))
}

/// Installs the wasm32 standard library with rustup when it is missing (fresh machines, or
/// rustup configured with `RUSTUP_AUTO_INSTALL=0`). rustup passes `RUSTUP_TOOLCHAIN` to build
/// scripts, so the target is added to the pinned toolchain.
fn ensure_wasm_target() -> Result<(), String> {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let sysroot = Command::new(&rustc)
        .args(["--print", "sysroot"])
        .output()
        .map_err(|error| format!("running `{rustc} --print sysroot`: {error}"))?;
    let sysroot = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim());
    if sysroot
        .join("lib/rustlib")
        .join(WASM_TARGET)
        .join("lib")
        .is_dir()
    {
        return Ok(());
    }
    let status = Command::new("rustup")
        .args(["target", "add", WASM_TARGET])
        .status()
        .map_err(|error| {
            format!(
                "the {WASM_TARGET} target is missing and rustup could not be run ({error}); \
                 install it with `rustup target add {WASM_TARGET}`"
            )
        })?;
    if !status.success() {
        return Err(format!(
            "`rustup target add {WASM_TARGET}` failed ({status})"
        ));
    }
    Ok(())
}

/// Runs the nested wasm32 build with `features` (comma-separated, none for the base variant)
/// and returns the path of the raw `.wasm` file.
fn build_wasm(workspace: &Path, out_dir: &Path, features: &str) -> Result<PathBuf, String> {
    let target_dir = nested_target_dir(out_dir);
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command
        .current_dir(workspace)
        .args([
            "build",
            "--locked",
            "--package",
            "checklist-wasm",
            "--target",
            WASM_TARGET,
            "--no-default-features",
            "--features",
            features,
        ])
        .args(["--profile", "wasm-release", "--target-dir"])
        .arg(&target_dir);
    scrub_environment(&mut command);
    // Make the module's embedded panic paths independent of where the sources live.
    let mut rustflags = Vec::new();
    if let Ok(home) = env::var("CARGO_HOME") {
        rustflags.push(format!("--remap-path-prefix={home}=/cargo"));
    }
    rustflags.push(format!(
        "--remap-path-prefix={}=/stepwise",
        workspace.display()
    ));
    command.env("CARGO_ENCODED_RUSTFLAGS", rustflags.join("\x1f"));

    let status = command
        .status()
        .map_err(|error| format!("running the nested wasm build: {error}"))?;
    if !status.success() {
        return Err(format!(
            "the nested build of checklist-wasm (features `{features}`) failed ({status})"
        ));
    }
    Ok(target_dir
        .join(WASM_TARGET)
        .join("wasm-release")
        .join("checklist_wasm.wasm"))
}

/// `<target>/wasm-nested`: shared by dev, release and check builds, and separate from the
/// outer build's own directories so the two cargo processes never wait on each other's lock.
fn nested_target_dir(out_dir: &Path) -> PathBuf {
    // OUT_DIR is `<target>[/<triple>]/<profile>/build/<pkg>-<hash>/out`.
    out_dir
        .ancestors()
        .find(|dir| dir.file_name().is_some_and(|name| name == "build"))
        .and_then(|build| build.parent())
        .and_then(|profile| profile.parent())
        .unwrap_or(out_dir)
        .join("wasm-nested")
}

/// Removes the variables cargo sets for build scripts, which a nested cargo would otherwise
/// read as its own (host rustflags, clippy's wrapper, the outer profile).
fn scrub_environment(command: &mut Command) {
    const KEEP: [&str; 6] = [
        "CARGO_HOME",
        "CARGO_MAKEFLAGS",
        "CARGO_NET_",
        "CARGO_HTTP_",
        "CARGO_REGISTRY_",
        "CARGO_REGISTRIES_",
    ];
    const REMOVE: [&str; 14] = [
        "RUSTFLAGS",
        "RUSTC",
        "RUSTDOC",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "RUSTC_LINKER",
        "TARGET",
        "HOST",
        "OUT_DIR",
        "PROFILE",
        "OPT_LEVEL",
        "DEBUG",
        "NUM_JOBS",
        "CARGO_ENCODED_RUSTFLAGS",
    ];
    for (name, _) in env::vars_os() {
        let Some(name) = name.to_str() else { continue };
        let cargo_var = name.starts_with("CARGO_") && !KEEP.iter().any(|k| name.starts_with(k));
        if cargo_var || REMOVE.contains(&name) {
            command.env_remove(name);
        }
    }
}

fn generate_glue(wasm: &Path, pkg_dir: &Path) -> Result<(), String> {
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(wasm)
        .web(true)
        .map_err(|error| error.to_string())?
        .typescript(false)
        .omit_default_module_path(false)
        .remove_name_section(true)
        .remove_producers_section(true);
    let mut output = bindgen
        .generate_output()
        .map_err(|error| format!("wasm-bindgen: {error:#}"))?;
    if output.snippets().values().any(|list| !list.is_empty()) || !output.local_modules().is_empty()
    {
        return Err("the browser module must not carry JS snippets of its own".to_owned());
    }
    let renamed = shorten_import_names(output.wasm_mut());
    let mut js = output.js().to_owned();
    for (long, short) in &renamed {
        js = js.replace(long.as_str(), short);
    }
    std::fs::create_dir_all(pkg_dir)
        .map_err(|error| format!("creating {}: {error}", pkg_dir.display()))?;
    let wasm_bytes = output.wasm_mut().emit_wasm();
    for (name, bytes) in [
        ("checklist_wasm_bg.wasm", wasm_bytes.as_slice()),
        ("checklist_wasm.js", js.as_bytes()),
    ] {
        let path = pkg_dir.join(name);
        std::fs::write(&path, bytes)
            .map_err(|error| format!("writing {}: {error}", path.display()))?;
    }
    Ok(())
}

/// Renames the module's imports from wasm-bindgen's names (`__wbg_appendChild_dbf7ad2f48413560`,
/// the function and a 16-digit hash, written once in the module and once in the glue) to short
/// ones (`$0`, `$1`, …): the hashes are random, so they cost their full length even gzipped, about
/// 2 KB over the module and its glue. Only names carrying such a hash are renamed, so a name
/// cannot match anything else in the glue. Returns `(old, new)` pairs.
fn shorten_import_names(module: &mut walrus::Module) -> Vec<(String, String)> {
    let is_hashed = |name: &str| {
        name.starts_with("__wbg")
            && name.rsplit_once('_').is_some_and(|(_, hash)| {
                hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
            })
    };
    let mut renamed = Vec::new();
    for import in module.imports.iter_mut() {
        if is_hashed(&import.name) {
            let short = format!("${}", renamed.len());
            renamed.push((std::mem::replace(&mut import.name, short.clone()), short));
        }
    }
    // Longest first, so no name is replaced inside a longer one (hashes make that moot anyway).
    renamed.sort_by_key(|(long, _)| std::cmp::Reverse(long.len()));
    renamed
}
