//! What the vector tests share: finding the vectors, reading an input, comparing with (or, with
//! `UPDATE_VECTORS=1`, rewriting) an expected file.

#![allow(dead_code, clippy::expect_used)] // each test uses some of these; a test may panic

use coolify_k8s_core::{output, Problem};
use std::fs;
use std::path::{Path, PathBuf};

/// The folders of `tests/vectors/<kind>`, sorted; at least one.
pub fn vectors(kind: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors").join(kind);
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root).expect("vector folder").map(|e| e.expect("entry").path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no vectors in {}", root.display());
    dirs
}

/// A vector's `input.json` or `input.yaml`.
pub fn input(dir: &Path) -> String {
    for name in ["input.json", "input.yaml"] {
        if let Ok(text) = fs::read_to_string(dir.join(name)) {
            return text;
        }
    }
    panic!("{}: no input.json or input.yaml", dir.display());
}

/// Problems as the vectors hold them.
pub fn problems_json(problems: &[Problem]) -> String {
    output::to_json_pretty(&problems)
}

/// Compares `actual` with `dir/file` (a difference is pushed to `failures`), or rewrites the
/// file when `UPDATE_VECTORS` is set.
pub fn check(dir: &Path, file: &str, actual: &str, failures: &mut Vec<String>) {
    let path = dir.join(file);
    if std::env::var_os("UPDATE_VECTORS").is_some() {
        fs::write(&path, actual).expect("write vector");
        return;
    }
    match fs::read_to_string(&path) {
        Ok(expected) if expected == actual => {}
        Ok(_) => failures.push(format!("{}: output differs from {file}", dir.display())),
        Err(_) => failures.push(format!("{}: {file} is missing", dir.display())),
    }
}
