//! `--resume` proves what it resumes: a checkpoint whose output or error file was truncated,
//! deleted or changed, whose inputs changed, whose options differ, or which was edited by hand is
//! refused with exit 2 and what differs named, and nothing is padded or written.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A JSONL corpus of short articles from seed paragraphs, with a bad line and a bad date early on,
/// so that the error file has records at the checkpoint.
fn corpus(path: &Path, n: usize) {
    let paragraphs = seed_paragraphs();
    let mut out = String::from("{broken\n");
    for i in 0..n {
        let date = if i == 3 { "2024-13-45" } else { "2025-06-01" };
        let text = &paragraphs[i % paragraphs.len()];
        out.push_str(
            &serde_json::json!({"id": format!("a{i}"), "text": text, "date": date}).to_string(),
        );
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

struct Run {
    input: PathBuf,
    output: PathBuf,
    errors: PathBuf,
    checkpoint: PathBuf,
}

impl Run {
    fn resume(&self, extra: &[&str]) -> std::process::Output {
        let mut args = vec![
            "mine",
            "-q",
            "--resume",
            "-o",
            self.output.to_str().unwrap(),
        ];
        args.extend(extra);
        args.push(self.input.to_str().unwrap());
        claimminer(&args, None)
    }
    /// The files of the interrupted run, to put back after each tampering.
    fn state(&self) -> Vec<(PathBuf, Vec<u8>)> {
        [&self.input, &self.output, &self.errors, &self.checkpoint]
            .iter()
            .map(|p| (p.to_path_buf(), std::fs::read(p).unwrap()))
            .collect()
    }
}

fn restore(state: &[(PathBuf, Vec<u8>)]) {
    for (p, bytes) in state {
        std::fs::write(p, bytes).unwrap();
    }
}

/// Checks a refusal: exit 2, a message with `names`, and every file as it was before the attempt.
fn assert_refused(o: &std::process::Output, names: &[&str], before: &[(PathBuf, Option<Vec<u8>>)]) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("--resume refused"), "{err}");
    for n in names {
        assert!(err.contains(n), "the message names {n}: {err}");
    }
    for (p, bytes) in before {
        assert_eq!(
            &std::fs::read(p).ok(),
            bytes,
            "{} left as it was",
            p.display()
        );
    }
}

fn snapshot(run: &Run) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    [&run.output, &run.errors, &run.checkpoint]
        .iter()
        .map(|p| (p.to_path_buf(), std::fs::read(p).ok()))
        .collect()
}

fn truncate(p: &Path, len: u64) {
    std::fs::OpenOptions::new()
        .write(true)
        .open(p)
        .unwrap()
        .set_len(len)
        .unwrap();
}

#[test]
fn resume_refuses_what_it_cannot_prove_and_resumes_what_it_can() {
    let dir = scratch("resume-proof");
    let run = Run {
        input: dir.join("corpus.jsonl"),
        output: dir.join("part.jsonl"),
        errors: dir.join("part.errors.jsonl"),
        checkpoint: dir.join("part.checkpoint.json"),
    };
    corpus(&run.input, 300);
    let full = dir.join("full.jsonl");
    let o = claimminer(
        &[
            "mine",
            "-q",
            "-o",
            full.to_str().unwrap(),
            run.input.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_claimminer"))
        .args(["mine", "-q", "--threads", "1", "-o"])
        .arg(&run.output)
        .arg(&run.input)
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !run.checkpoint.exists() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(
        run.checkpoint.exists(),
        "killed after a checkpoint, before the end"
    );
    let cp: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&run.checkpoint).unwrap()).unwrap();
    let out_bytes = cp["checkpoint"]["output"]["bytes"].as_u64().unwrap();
    assert!(
        cp["checkpoint"]["errors"]["bytes"].as_u64().unwrap() > 0,
        "{cp}"
    );
    let state = run.state();

    // The output truncated by hand: refused, never padded.
    truncate(&run.output, out_bytes / 2);
    let before = snapshot(&run);
    assert_refused(&run.resume(&[]), &["output file", "shorter"], &before);

    // The output deleted.
    restore(&state);
    std::fs::remove_file(&run.output).unwrap();
    let before = snapshot(&run);
    assert_refused(
        &run.resume(&[]),
        &["output file", "cannot be opened"],
        &before,
    );

    // The output changed within what the checkpoint vouches for.
    restore(&state);
    let mut changed = std::fs::read(&run.output).unwrap();
    changed[10] ^= 1;
    std::fs::write(&run.output, &changed).unwrap();
    let before = snapshot(&run);
    assert_refused(&run.resume(&[]), &["output file", "differ"], &before);

    // The error file truncated.
    restore(&state);
    truncate(&run.errors, 5);
    let before = snapshot(&run);
    assert_refused(&run.resume(&[]), &["errors file", "shorter"], &before);

    // A different file at the same input path.
    restore(&state);
    let text = String::from_utf8(std::fs::read(&run.input).unwrap()).unwrap();
    std::fs::write(&run.input, text.replacen("a1\"", "b1\"", 1)).unwrap();
    let before = snapshot(&run);
    assert_refused(
        &run.resume(&[]),
        &["input", "corpus.jsonl", "differs"],
        &before,
    );

    // A shorter input.
    restore(&state);
    let head: String = text.lines().take(5).map(|l| format!("{l}\n")).collect();
    std::fs::write(&run.input, head).unwrap();
    let before = snapshot(&run);
    assert_refused(&run.resume(&[]), &["fewer"], &before);

    // Other options than the interrupted run's.
    restore(&state);
    let before = snapshot(&run);
    assert_refused(
        &run.resume(&["--min-claim-score", "0.99"]),
        &["min_claim_score"],
        &before,
    );
    assert_refused(&run.resume(&["--emit-empty"]), &["emit_empty"], &before);

    // A record count edited by hand.
    restore(&state);
    let cp_text = String::from_utf8(std::fs::read(&run.checkpoint).unwrap()).unwrap();
    let records = cp["checkpoint"]["records"].as_u64().unwrap();
    std::fs::write(
        &run.checkpoint,
        cp_text.replace(
            &format!("\"records\":{records}"),
            &format!("\"records\":{}", records + 5),
        ),
    )
    .unwrap();
    let before = snapshot(&run);
    assert_refused(&run.resume(&[]), &["checkpoint", "edited"], &before);

    // A checkpoint of the earlier layout, which proved nothing.
    restore(&state);
    std::fs::write(&run.checkpoint, format!("{{\"inputs\":[{:?}],\"records\":{records},\"output_bytes\":{out_bytes},\"errors_bytes\":0}}", run.input.display().to_string())).unwrap();
    let before = snapshot(&run);
    assert_refused(
        &run.resume(&[]),
        &["checkpoint", "another version"],
        &before,
    );

    // Untouched, it resumes to exactly the output of an uninterrupted run.
    restore(&state);
    let o = run.resume(&[]);
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        std::fs::read(&full).unwrap() == std::fs::read(&run.output).unwrap(),
        "resumed output differs"
    );
    assert_eq!(
        std::fs::read(dir.join("full.errors.jsonl")).unwrap(),
        std::fs::read(&run.errors).unwrap()
    );
    assert!(!run.checkpoint.exists());
}
