//! Lists the funding model files under `data/funding-models` so the demo council can load
//! Bristol's published top-up model without reading files at run time: each file is embedded
//! with `include_bytes!` and the list is written to `$OUT_DIR/funding_models.rs`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files_under(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(std::io::Error::other)?);
    let root = manifest.join("data/funding-models/bristol-topup");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    files_under(&root, &mut files)?;
    files.sort();
    let mut code = String::from(
        "/// Bristol's published model files: (path in the model's folder, bytes).\npub const BRISTOL_TOPUP_FILES: &[(&str, &[u8])] = &[\n",
    );
    for file in &files {
        let relative = file
            .strip_prefix(&root)
            .map_err(std::io::Error::other)?
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({relative:?}, include_bytes!({:?})),",
            file.display().to_string()
        )
        .map_err(std::io::Error::other)?;
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(std::io::Error::other)?);
    std::fs::write(out.join("funding_models.rs"), code)
}
