//! Checksums of model files: every file `mine` loads (the heads, their metadata, the manifest, the
//! encoder graph, its tokenizer and the ONNX Runtime library) is checked against the `SHA256SUMS`
//! list that names it before it is used, once per process. A mismatch, a missing file or a file no
//! list names stops with the file and the fix. The digests also fingerprint a run's models.

use anyhow::{anyhow, bail, Context, Result};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The list of the shipped heads and the manifest, in the models folder.
pub const HEADS_SUMS: &str = "SHA256SUMS";
/// The list of the installed encoder files and runtime library, in the models folder.
pub const ENCODER_SUMS: &str = "encoder.SHA256SUMS";

/// Lowercase hex SHA-256 of a reader's bytes, and how many there were.
pub fn sha256_of(mut reader: impl Read) -> std::io::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    Ok((total, hex(&hasher.finalize())))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Parses a checksum list as `sha256sum` writes it: `<64 hex> <space> <space or *><name>` a line.
pub fn parse_sums(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter_map(|line| {
            let (digest, rest) = line.split_once(' ')?;
            let name = rest.strip_prefix([' ', '*']).unwrap_or(rest);
            (digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| (name.trim_end().to_string(), digest.to_ascii_lowercase()))
        })
        .collect()
}

/// The lists that may name `file`, nearest first: its own folder's `SHA256SUMS` (written by
/// `claimminer train` for a new version), then the models folder's two lists.
fn candidate_lists(models_dir: &Path, file: &Path) -> Vec<PathBuf> {
    let mut lists = Vec::new();
    if let Some(folder) = file.parent() {
        if folder != models_dir {
            lists.push(folder.join(HEADS_SUMS));
        }
    }
    lists.push(models_dir.join(HEADS_SUMS));
    lists.push(models_dir.join(ENCODER_SUMS));
    lists
}

/// The digest a list gives for `file`, and the list's path.
fn expected_digest(models_dir: &Path, file: &Path) -> Result<Option<(String, PathBuf)>> {
    for list in candidate_lists(models_dir, file) {
        let Some(folder) = list.parent() else {
            continue;
        };
        let Ok(name) = file.strip_prefix(folder) else {
            continue;
        };
        let text = match std::fs::read_to_string(&list) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", list.display())),
        };
        let name = name.to_string_lossy().replace('\\', "/");
        if let Some(digest) = parse_sums(&text).remove(&name) {
            return Ok(Some((digest, list)));
        }
    }
    Ok(None)
}

/// Checks `file` (a path inside `models_dir`) against the checksum list that names it and returns
/// its digest; `fix` says how to restore it. Each file is hashed once per process.
pub fn verify(models_dir: &Path, file: &Path, fix: &str) -> Result<String> {
    static CHECKED: Mutex<Option<HashMap<PathBuf, String>>> = Mutex::new(None);
    if let Some(d) = CHECKED
        .lock()
        .ok()
        .and_then(|m| m.as_ref().and_then(|m| m.get(file).cloned()))
    {
        return Ok(d);
    }
    let (expected, list) = expected_digest(models_dir, file)?.ok_or_else(|| {
        anyhow!(
            "model file {} is not listed in any checksum file ({}), so it cannot be checked: {fix}; \
             for a model you trained or built yourself, add its line with \
             `sha256sum FILE >> SHA256SUMS` in its folder",
            file.display(),
            candidate_lists(models_dir, file)
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })?;
    let f = std::fs::File::open(file).with_context(|| {
        format!(
            "model file {} is missing or unreadable: {fix}",
            file.display()
        )
    })?;
    let (_, actual) = sha256_of(std::io::BufReader::new(f))
        .with_context(|| format!("cannot read model file {}: {fix}", file.display()))?;
    if actual != expected {
        bail!(
            "model file {} does not match its checksum in {} (corrupt, truncated or replaced): {fix}",
            file.display(),
            list.display()
        );
    }
    if let Ok(mut m) = CHECKED.lock() {
        m.get_or_insert_with(HashMap::new)
            .insert(file.to_path_buf(), actual.clone());
    }
    Ok(actual)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_lines_as_sha256sum_writes_them() {
        let a = "a".repeat(64);
        let b = "B".repeat(64);
        let sums = parse_sums(&format!(
            "{a}  tagger/v2/tagger.bin\n{b} *manifest.json\nnot a line\n"
        ));
        assert_eq!(sums.get("tagger/v2/tagger.bin"), Some(&a));
        assert_eq!(sums.get("manifest.json"), Some(&"b".repeat(64)));
        assert_eq!(sums.len(), 2);
    }

    #[test]
    fn a_changed_file_of_the_same_size_is_refused() {
        let dir = std::env::temp_dir().join(format!("claimminer-sums-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("v")).unwrap();
        let file = dir.join("v/model.bin");
        std::fs::write(&file, b"weights").unwrap();
        let (_, digest) = sha256_of(&b"weights"[..]).unwrap();
        std::fs::write(dir.join(HEADS_SUMS), format!("{digest}  v/model.bin\n")).unwrap();
        assert_eq!(verify(&dir, &file, "restore it").unwrap(), digest);
        let other = dir.join("v/other.bin");
        std::fs::write(&other, b"weightz").unwrap();
        std::fs::write(
            dir.join(HEADS_SUMS),
            format!("{digest}  v/model.bin\n{digest}  v/other.bin\n"),
        )
        .unwrap();
        let err = verify(&dir, &other, "restore it").unwrap_err().to_string();
        assert!(
            err.contains("other.bin") && err.contains("does not match"),
            "{err}"
        );
        let unlisted = dir.join("v/new.bin");
        std::fs::write(&unlisted, b"x").unwrap();
        let err = verify(&dir, &unlisted, "restore it")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not listed"), "{err}");
        // A version folder's own list (as `train` writes it) is read first.
        std::fs::write(
            dir.join("v").join(HEADS_SUMS),
            format!("{}  new.bin\n", sha256_of(&b"x"[..]).unwrap().1),
        )
        .unwrap();
        assert!(verify(&dir, &unlisted, "restore it").is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
