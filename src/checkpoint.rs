//! Checkpoints of a resumable `mine` run: where it stands (records handed on; the length and
//! SHA-256 of the output and error files) and what it is (every option that changes the output,
//! the program version, the hash of every model file, and fingerprints of the inputs read so far).
//! The file carries a hash of its own content. `--resume` checks all of it and refuses, naming what
//! differs, rather than pad a file or mix two runs.

use crate::read::ledger::InputPrint;
use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The layout of the checkpoint file; another layout is refused.
pub const FORMAT: u32 = 2;

/// A file as the run had written it at the checkpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FilePrint {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub format: u32,
    /// Every option that changes the output, by name (values as text).
    pub options: BTreeMap<String, String>,
    /// Input records handed on (articles and error records).
    pub records: u64,
    /// Of those: articles (mined or failed), failed, and problems reported on mined articles, so
    /// that a resumed run ends with the exit code of the whole run.
    pub articles: u64,
    pub failed: u64,
    pub warned: u64,
    pub inputs: Vec<InputPrint>,
    pub output: FilePrint,
    pub errors: Option<FilePrint>,
}

#[derive(Serialize, Deserialize)]
struct OnDisk {
    checkpoint: Checkpoint,
    /// SHA-256 of `checkpoint` as serialized: a hand edit shows.
    sha256: String,
}

fn digest(cp: &Checkpoint) -> Result<String> {
    Ok(crate::models::checksums::hex(&Sha256::digest(
        serde_json::to_string(cp)?.as_bytes(),
    )))
}

/// The checkpoint of the output `output`: `claims.jsonl` → `claims.checkpoint.json`.
pub fn path_for(output: &Path) -> PathBuf {
    output.with_extension("checkpoint.json")
}

pub fn write(path: &Path, cp: &Checkpoint) -> Result<()> {
    let tmp = path.with_extension("tmp");
    let text = serde_json::to_string(&OnDisk {
        checkpoint: cp.clone(),
        sha256: digest(cp)?,
    })?;
    let write = || -> io::Result<()> {
        std::fs::write(&tmp, &text)?;
        File::open(&tmp)?.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().with_context(|| format!("cannot write checkpoint {}", path.display()))
}

/// The checkpoint at `path`, if there is one; one that was edited, is corrupt or has another
/// layout is refused.
pub fn read(path: &Path) -> Result<Option<Checkpoint>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let start_over = "delete it to start over";
    let disk: OnDisk = serde_json::from_str(&text).with_context(|| {
        format!(
            "--resume refused: checkpoint {} is corrupt or from another version of claimminer: {start_over}",
            path.display()
        )
    })?;
    if disk.checkpoint.format != FORMAT {
        bail!(
            "--resume refused: checkpoint {} has layout {}, this claimminer writes {FORMAT}: {start_over}",
            path.display(),
            disk.checkpoint.format
        );
    }
    if digest(&disk.checkpoint)? != disk.sha256 {
        bail!(
            "--resume refused: checkpoint {} was edited or is corrupt (its content does not match its own hash): {start_over}",
            path.display()
        );
    }
    Ok(Some(disk.checkpoint))
}

/// The options that differ between a checkpoint and this run, in words.
pub fn option_differences(
    was: &BTreeMap<String, String>,
    now: &BTreeMap<String, String>,
) -> Vec<String> {
    let none = String::from("(none)");
    let mut keys: Vec<&String> = was.keys().chain(now.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| was.get(*k) != now.get(*k))
        .map(|k| {
            format!(
                "{k} was {}, now {}",
                was.get(k).unwrap_or(&none),
                now.get(k).unwrap_or(&none)
            )
        })
        .collect()
}

/// Checks that a file still begins with what the checkpoint vouches for (`what`: "output",
/// "errors"); returns the hash state of those bytes, to write on after them.
pub fn verify_file(print: &FilePrint, what: &str, checkpoint: &Path) -> Result<Sha256> {
    let start_over = format!("delete {} to start over", checkpoint.display());
    let f = match File::open(&print.path) {
        Ok(f) => f,
        Err(e) => bail!(
            "--resume refused: the {what} file {} cannot be opened ({e}), but the checkpoint vouches for its first {} bytes: {start_over}",
            print.path,
            print.bytes
        ),
    };
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    if len < print.bytes {
        bail!(
            "--resume refused: the {what} file {} is {len} bytes, shorter than the {} the checkpoint vouches for (it was truncated or replaced): {start_over}",
            print.path,
            print.bytes
        );
    }
    let mut hasher = Sha256::new();
    let mut rest = f.take(print.bytes);
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = rest
            .read(&mut buf)
            .with_context(|| format!("cannot read {}", print.path))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    if crate::models::checksums::hex(&hasher.clone().finalize()) != print.sha256 {
        bail!(
            "--resume refused: the first {} bytes of the {what} file {} differ from what the interrupted run wrote (it was changed): {start_over}",
            print.bytes,
            print.path
        );
    }
    Ok(hasher)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Checkpoint {
        Checkpoint {
            format: FORMAT,
            options: BTreeMap::from([("min_claim_score".to_string(), "0.37".to_string())]),
            records: 32,
            articles: 31,
            failed: 1,
            warned: 0,
            inputs: vec![],
            output: FilePrint {
                path: "claims.jsonl".into(),
                bytes: 10,
                sha256: "ab".into(),
            },
            errors: None,
        }
    }

    #[test]
    fn an_edited_checkpoint_is_refused() {
        let dir = std::env::temp_dir().join(format!("claimminer-cp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("c.checkpoint.json");
        write(&path, &sample()).unwrap();
        assert_eq!(read(&path).unwrap(), Some(sample()));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("\"records\":32", "\"records\":33")).unwrap();
        let err = read(&path).unwrap_err().to_string();
        assert!(err.contains("edited"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn differing_options_are_named() {
        let mut now = sample().options;
        now.insert("min_claim_score".into(), "0.99".into());
        assert_eq!(
            option_differences(&sample().options, &now),
            vec!["min_claim_score was 0.37, now 0.99"]
        );
    }
}
