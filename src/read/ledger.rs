//! Fingerprints of what has been read: for each input named on the command line, how many files
//! were opened, how many bytes were read, and a SHA-256 chained over each file's name and size and
//! the bytes read from it (and over any problem met, such as an unreadable folder). A checkpoint
//! stores them; a resumed run re-reads the same prefix and must find the same fingerprints.

use crate::models::checksums::hex;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex};

/// What has been read so far of one input, as a checkpoint stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputPrint {
    pub input: String,
    pub files: u64,
    pub bytes: u64,
    pub sha256: String,
}

struct Running {
    input: String,
    files: u64,
    bytes: u64,
    hasher: Sha256,
    /// The file now being read, for messages.
    last_file: String,
}

/// The running fingerprints of all inputs; clones share them.
#[derive(Clone, Default)]
pub struct Ledger(Arc<Mutex<Vec<Running>>>);

impl Ledger {
    pub fn new(inputs: &[String]) -> Self {
        Ledger(Arc::new(Mutex::new(
            inputs
                .iter()
                .map(|i| Running {
                    input: i.clone(),
                    files: 0,
                    bytes: 0,
                    hasher: Sha256::new(),
                    last_file: String::new(),
                })
                .collect(),
        )))
    }

    fn with(&self, input: usize, f: impl FnOnce(&mut Running)) {
        if let Ok(mut all) = self.0.lock() {
            if let Some(r) = all.get_mut(input) {
                f(r);
            }
        }
    }

    /// A file of input number `input` is opened: its name and size go into the fingerprint.
    pub fn file(&self, input: usize, name: &str, size: u64) {
        self.with(input, |r| {
            r.files += 1;
            r.hasher.update(b"file\0");
            r.hasher.update(name.as_bytes());
            r.hasher.update(b"\0");
            r.hasher.update(size.to_le_bytes());
            r.last_file = name.to_string();
        });
    }

    /// Bytes read from the current file of input number `input`.
    pub fn bytes(&self, input: usize, bytes: &[u8]) {
        self.with(input, |r| {
            r.bytes += bytes.len() as u64;
            r.hasher.update(bytes);
        });
    }

    /// A problem met while reading input number `input` (it becomes part of what was read).
    pub fn note(&self, input: usize, text: &str) {
        self.with(input, |r| {
            r.hasher.update(b"note\0");
            r.hasher.update(text.as_bytes());
            r.hasher.update(b"\0");
        });
    }

    /// The fingerprints as they stand.
    pub fn snapshot(&self) -> Vec<InputPrint> {
        self.0
            .lock()
            .map(|all| {
                all.iter()
                    .map(|r| InputPrint {
                        input: r.input.clone(),
                        files: r.files,
                        bytes: r.bytes,
                        sha256: hex(&r.hasher.clone().finalize()),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The file of input number `input` read last.
    pub fn last_file(&self, input: usize) -> String {
        self.0
            .lock()
            .ok()
            .and_then(|all| all.get(input).map(|r| r.last_file.clone()))
            .unwrap_or_default()
    }
}

/// The first difference between the fingerprints of a checkpoint (`was`) and of the same prefix
/// read now, in words; `None` when they agree.
pub fn difference(was: &[InputPrint], now: &[InputPrint]) -> Option<String> {
    let names = |v: &[InputPrint]| v.iter().map(|p| p.input.clone()).collect::<Vec<_>>();
    if names(was) != names(now) {
        return Some(format!(
            "the inputs differ: the interrupted run read {:?}, this one names {:?}",
            names(was),
            names(now)
        ));
    }
    was.iter().zip(now).find(|(a, b)| a != b).map(|(a, b)| {
        format!(
            "input {} differs from what the interrupted run read (then {} files, {} bytes, sha256 {}; \
             now {} files, {} bytes, sha256 {}): a file was changed, replaced, added or removed",
            a.input, a.files, a.bytes, &a.sha256[..12], b.files, b.bytes, &b.sha256[..12]
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_reads_give_the_same_fingerprint_and_a_change_is_named() {
        let read = |content: &[u8]| {
            let l = Ledger::new(&["corpus.jsonl".to_string()]);
            l.file(0, "corpus.jsonl", 10);
            l.bytes(0, content);
            l.snapshot()
        };
        assert_eq!(read(b"abc"), read(b"abc"));
        assert_eq!(difference(&read(b"abc"), &read(b"abc")), None);
        let msg = difference(&read(b"abc"), &read(b"abd")).unwrap();
        assert!(msg.contains("input corpus.jsonl differs"), "{msg}");
        let other = Ledger::new(&["other.jsonl".to_string()]).snapshot();
        assert!(difference(&read(b"abc"), &other)
            .unwrap()
            .contains("inputs differ"));
    }
}
