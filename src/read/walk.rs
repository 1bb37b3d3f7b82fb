//! Which files the inputs name: a file as given, a folder walked recursively (extensions matched
//! case-insensitively), `-` for stdin. Problems met on the way (a missing path, an unreadable
//! folder, a symlink loop) become sources of their own, so that they end in an error record at their
//! place in the input order and the walk goes on. Ids of `.txt` files found in a folder are their
//! paths relative to the folder, without the extension (`a/report`).

use std::fs;
use std::path::{Path, PathBuf};

/// What a file's extension makes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Txt,
    Jsonl,
    /// `.json`: read as JSON lines only when it is JSON lines.
    Json,
}

/// One thing to read; `input` is the index of the command-line input it came from.
#[derive(Debug, PartialEq)]
pub enum Source {
    Txt {
        input: usize,
        path: PathBuf,
        id: String,
    },
    Jsonl {
        input: usize,
        path: PathBuf,
        /// A `.json` file: anything but JSON lines is an error, not a stream of bad lines.
        must_be_lines: bool,
    },
    Stdin {
        input: usize,
    },
    Problem {
        input: usize,
        path: String,
        error: String,
    },
}

pub fn kind(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" => Some(Kind::Txt),
        "jsonl" => Some(Kind::Jsonl),
        "json" => Some(Kind::Json),
        _ => None,
    }
}

/// A file name as text: valid UTF-8 as it is, each byte that is not as `\xNN`, so that two names
/// that differ only in such bytes keep different ids.
pub fn name_text(name: &std::ffi::OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut bytes = name.as_bytes();
    let mut out = String::new();
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                out.push_str(s);
                return out;
            }
            Err(e) => {
                let (good, bad) = bytes.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                let n = e.error_len().unwrap_or(bad.len());
                for b in &bad[..n] {
                    out.push_str(&format!("\\x{b:02X}"));
                }
                bytes = &bad[n..];
            }
        }
    }
}

/// The id of a text file: its path relative to the folder it was found in (or its name, if given
/// directly), without the extension, with `/` between folders.
pub fn id_of(relative: &Path) -> String {
    let parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| name_text(c.as_os_str()))
        .collect();
    parts.join("/")
}

fn source_for(input: usize, path: &Path, kind: Kind, id: String) -> Source {
    match kind {
        Kind::Txt => Source::Txt {
            input,
            path: path.to_path_buf(),
            id,
        },
        Kind::Jsonl | Kind::Json => Source::Jsonl {
            input,
            path: path.to_path_buf(),
            must_be_lines: kind == Kind::Json,
        },
    }
}

/// The sources of all inputs, in order.
pub fn expand(inputs: &[String]) -> Vec<Source> {
    let mut out = Vec::new();
    for (i, name) in inputs.iter().enumerate() {
        if name == "-" {
            out.push(Source::Stdin { input: i });
            continue;
        }
        let path = Path::new(name);
        if path.is_dir() {
            Walk {
                input: i,
                root: path,
                ancestors: Vec::new(),
                out: &mut out,
            }
            .folder(path);
        } else if path.exists() {
            let id = path.file_stem().map(name_text).unwrap_or_default();
            // A file named directly is read as text whatever its extension.
            out.push(source_for(i, path, kind(path).unwrap_or(Kind::Txt), id));
        } else {
            out.push(Source::Problem {
                input: i,
                path: name.clone(),
                error: format!("{name}: no such file or folder"),
            });
        }
    }
    out
}

struct Walk<'a> {
    input: usize,
    root: &'a Path,
    /// The folders (resolved) from the root down to the one being walked.
    ancestors: Vec<PathBuf>,
    out: &'a mut Vec<Source>,
}

impl Walk<'_> {
    fn problem(&mut self, path: &Path, error: String) {
        self.out.push(Source::Problem {
            input: self.input,
            path: path.display().to_string(),
            error,
        });
    }

    fn unreadable_folder(&mut self, dir: &Path, e: std::io::Error) {
        self.problem(
            dir,
            format!(
                "cannot read folder {}: {e}; its files were not mined",
                dir.display()
            ),
        )
    }

    fn folder(&mut self, dir: &Path) {
        let resolved = match fs::canonicalize(dir) {
            Ok(p) => p,
            Err(e) => return self.unreadable_folder(dir, e),
        };
        if let Some(ancestor) = self.ancestors.iter().find(|a| **a == resolved) {
            let msg = format!(
                "symlink loop: folder {} leads back to {}, which is being walked; not followed",
                dir.display(),
                ancestor.display()
            );
            return self.problem(dir, msg);
        }
        let entries = match fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => return self.unreadable_folder(dir, e),
        };
        let mut paths = Vec::new();
        for entry in entries {
            match entry {
                Ok(e) => paths.push(e.path()),
                Err(e) => self.problem(
                    dir,
                    format!("cannot read an entry of folder {}: {e}", dir.display()),
                ),
            }
        }
        paths.sort();
        self.ancestors.push(resolved);
        for path in paths {
            if path.is_dir() {
                self.folder(&path);
            } else if let Some(kind) = kind(&path) {
                let id = id_of(path.strip_prefix(self.root).unwrap_or(&path));
                self.out.push(source_for(self.input, &path, kind, id));
            }
        }
        self.ancestors.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn ids_keep_folders_and_odd_bytes_apart() {
        assert_eq!(id_of(Path::new("a/report.txt")), "a/report");
        assert_eq!(id_of(Path::new("report.TXT")), "report");
        let odd = std::ffi::OsStr::from_bytes(b"M\xfcnster.txt");
        let other = std::ffi::OsStr::from_bytes(b"M\xfdnster.txt");
        assert_eq!(id_of(Path::new(odd)), "M\\xFCnster");
        assert_ne!(id_of(Path::new(odd)), id_of(Path::new(other)));
    }

    #[test]
    fn extensions_match_in_any_case() {
        assert_eq!(kind(Path::new("UP.TXT")), Some(Kind::Txt));
        assert_eq!(kind(Path::new("up.JSONL")), Some(Kind::Jsonl));
        assert_eq!(kind(Path::new("arts.Json")), Some(Kind::Json));
        assert_eq!(kind(Path::new("notes.md")), None);
    }
}
