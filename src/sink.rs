//! Where `mine` writes lines: a file or stdout. Every line is counted and hashed (a checkpoint
//! records both); every write error names its destination; a reader that closes stdout early
//! (`| head`) is told apart from a failure, so that the command can stop as Unix tools do.

use anyhow::{anyhow, Context, Result};
use sha2::{Digest, Sha256};
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

/// Stdout was closed by the program reading it (a broken pipe, as with `| head`).
#[derive(Debug)]
pub struct StdoutClosed;

impl std::fmt::Display for StdoutClosed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "stdout was closed by the program reading it (broken pipe, as with `| head`)"
        )
    }
}

impl std::error::Error for StdoutClosed {}

pub struct Sink {
    /// The file's path, or "stdout", for messages.
    pub name: String,
    file: Option<File>,
    writer: Box<dyn Write>,
    pub bytes: u64,
    hasher: Sha256,
}

impl Sink {
    pub fn stdout() -> Self {
        Sink {
            name: "stdout".to_string(),
            file: None,
            writer: Box::new(BufWriter::new(io::stdout().lock())),
            bytes: 0,
            hasher: Sha256::new(),
        }
    }

    /// Opens `path`: a new file, or with `keep` the first bytes of an existing one (their count and
    /// the hash state of those bytes, checked by the caller) to write on after.
    pub fn file(path: &Path, keep: Option<(u64, Sha256)>) -> Result<Self> {
        let (bytes, hasher) = keep.unwrap_or((0, Sha256::new()));
        let open = || -> io::Result<File> {
            let mut f = OpenOptions::new()
                .create(true)
                .write(true)
                .truncate(bytes == 0)
                .open(path)?;
            if bytes > 0 {
                let len = f.metadata()?.len();
                if len < bytes {
                    return Err(io::Error::other(format!(
                        "it is {len} bytes, shorter than the {bytes} to keep"
                    )));
                }
                f.set_len(bytes)?;
                f.seek(SeekFrom::End(0))?;
            }
            Ok(f)
        };
        let f = open().with_context(|| format!("cannot open {}", path.display()))?;
        let writer = Box::new(BufWriter::new(
            f.try_clone()
                .with_context(|| format!("cannot open {}", path.display()))?,
        ));
        Ok(Sink {
            name: path.display().to_string(),
            file: Some(f),
            writer,
            bytes,
            hasher,
        })
    }

    /// Whether this is a regular file (which a checkpoint can vouch for).
    pub fn is_regular_file(&self) -> bool {
        self.file
            .as_ref()
            .and_then(|f| f.metadata().ok())
            .is_some_and(|m| m.is_file())
    }

    fn failed(&self, e: io::Error) -> anyhow::Error {
        if self.file.is_none() && e.kind() == io::ErrorKind::BrokenPipe {
            anyhow!(StdoutClosed)
        } else {
            anyhow!("cannot write {}: {e}", self.name)
        }
    }

    pub fn line(&mut self, text: &str) -> Result<()> {
        let written = self
            .writer
            .write_all(text.as_bytes())
            .and_then(|_| self.writer.write_all(b"\n"));
        written.map_err(|e| self.failed(e))?;
        self.hasher.update(text.as_bytes());
        self.hasher.update(b"\n");
        self.bytes += text.len() as u64 + 1;
        Ok(())
    }

    /// Flushes, and for a file makes it durable.
    pub fn sync(&mut self) -> Result<()> {
        self.writer.flush().map_err(|e| self.failed(e))?;
        if let Some(f) = &self.file {
            if let Err(e) = f.sync_data() {
                // Devices and pipes cannot be synced; a file that cannot be is a failure.
                if f.metadata().is_ok_and(|m| m.is_file()) {
                    return Err(self.failed(e));
                }
            }
        }
        Ok(())
    }

    /// The SHA-256 of everything the file holds so far.
    pub fn sha256(&self) -> String {
        crate::models::checksums::hex(&self.hasher.clone().finalize())
    }
}
