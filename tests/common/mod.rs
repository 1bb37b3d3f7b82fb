//! Helpers shared by the integration tests: run the real binary, make scratch folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn shared() -> PathBuf {
    root().join("..").join("shared")
}

/// A fresh scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir =
        std::env::temp_dir().join(format!("claimminer-test-{}-{n}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn claimminer(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_claimminer"));
    cmd.args(args)
        .current_dir(root())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run claimminer");
    if let Some(input) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    child.wait_with_output().unwrap()
}

pub fn jsonl(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {e}: {l}")))
        .collect()
}

pub fn read_jsonl(path: &Path) -> Vec<serde_json::Value> {
    jsonl(&std::fs::read_to_string(path).unwrap())
}

/// A models folder at `dir` with the shipped heads (and parser) copied (free to corrupt or add to) and the
/// installed encoder and runtime linked in; returns the manifest's (classifier, tagger) versions.
pub fn copy_models(dir: &Path) -> (String, String) {
    let src = root().join("models");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(src.join("manifest.json")).unwrap()).unwrap();
    let versions = (
        manifest["classifier"].as_str().unwrap().to_string(),
        manifest["tagger"].as_str().unwrap().to_string(),
    );
    let parser = manifest["parser"].as_str().map(str::to_string);
    let attribution = manifest["attribution"].as_str().map(str::to_string);
    for sub in [
        Some(&versions.0),
        Some(&versions.1),
        parser.as_ref(),
        attribution.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for f in std::fs::read_dir(src.join(sub)).unwrap() {
            let f = f.unwrap().path();
            std::fs::copy(&f, dir.join(sub).join(f.file_name().unwrap())).unwrap();
        }
    }
    for file in ["manifest.json", "SHA256SUMS", "encoder.SHA256SUMS"] {
        std::fs::copy(src.join(file), dir.join(file)).unwrap();
    }
    link_installed(dir);
    versions
}

/// Replaces the link to an installed file of the models folder `dir` (a path under `runtime/` or
/// `encoder/`, as the manifest names it) by a real copy, free to corrupt; the rest stays linked.
pub fn copy_installed(dir: &Path, file: &str) -> PathBuf {
    let top = file.split('/').next().unwrap();
    let link = dir.join(top);
    let target = std::fs::read_link(&link).unwrap();
    std::fs::remove_file(&link).unwrap();
    std::fs::create_dir_all(&link).unwrap();
    for entry in std::fs::read_dir(&target).unwrap() {
        let entry = entry.unwrap();
        std::os::unix::fs::symlink(entry.path(), link.join(entry.file_name())).unwrap();
    }
    // Copy each folder on the way down, linking what sits beside it.
    let mut here = link;
    let parts: Vec<&str> = file.split('/').skip(1).collect();
    for (i, part) in parts.iter().enumerate() {
        let next = here.join(part);
        let real = std::fs::canonicalize(&next).unwrap();
        std::fs::remove_file(&next).unwrap();
        if i + 1 == parts.len() {
            std::fs::copy(&real, &next).unwrap();
        } else {
            std::fs::create_dir_all(&next).unwrap();
            for entry in std::fs::read_dir(&real).unwrap() {
                let entry = entry.unwrap();
                std::os::unix::fs::symlink(entry.path(), next.join(entry.file_name())).unwrap();
            }
        }
        here = next;
    }
    here
}

/// Links the encoder and runtime that scripts/setup installed into the models folder `dir`.
pub fn link_installed(dir: &Path) {
    let src = root().join("models");
    for installed in ["runtime", "encoder"] {
        std::os::unix::fs::symlink(
            std::fs::canonicalize(src.join(installed)).unwrap(),
            dir.join(installed),
        )
        .unwrap();
    }
}

/// The seed articles' paragraphs longer than 80 bytes, sorted: material for made-up corpora.
pub fn seed_paragraphs() -> Vec<String> {
    let mut paragraphs = Vec::new();
    for f in std::fs::read_dir(root().join("seeds")).unwrap() {
        let raw = std::fs::read_to_string(f.unwrap().path()).unwrap();
        let (_, text) = claimminer::read::take_date_marker(&raw);
        paragraphs.extend(text.lines().filter(|l| l.len() > 80).map(str::to_string));
    }
    paragraphs.sort();
    paragraphs
}
