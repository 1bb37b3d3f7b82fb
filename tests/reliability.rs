//! Corpus runs: bad inputs never lost, output identical across thread counts, and a run killed with
//! SIGKILL resumes to exactly the output of an uninterrupted run.

mod common;
use common::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A JSONL corpus of `n` short articles made from seed paragraphs.
fn corpus(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let paragraphs = seed_paragraphs();
    let path = dir.join("corpus.jsonl");
    let mut out = String::new();
    for i in 0..n {
        let text = format!(
            "{} {}",
            paragraphs[i % paragraphs.len()],
            paragraphs[(i * 7 + 3) % paragraphs.len()]
        );
        out.push_str(
            &serde_json::json!({"id": format!("a{i}"), "text": text, "date": "2025-06-01"})
                .to_string(),
        );
        out.push('\n');
    }
    std::fs::write(&path, out).unwrap();
    path
}

#[test]
fn output_is_identical_across_thread_counts() {
    let dir = scratch("threads");
    let input = corpus(&dir, 300);
    let run = |threads: &str| {
        let o = claimminer(
            &["mine", "-q", "--threads", threads, input.to_str().unwrap()],
            None,
        );
        assert!(o.status.success());
        o.stdout
    };
    let one = run("1");
    assert!(one.len() > 10_000);
    assert_eq!(one, run("2"));
    assert_eq!(one, run("2"));
}

#[test]
fn killed_run_resumes_to_the_same_output() {
    let dir = scratch("resume");
    let input = corpus(&dir, 1_500);
    let full = dir.join("full.jsonl");
    let o = claimminer(
        &[
            "mine",
            "-q",
            "-o",
            full.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success());

    let part = dir.join("part.jsonl");
    let checkpoint = dir.join("part.checkpoint.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimminer"))
        .args([
            "mine",
            "-q",
            "-o",
            part.to_str().unwrap(),
            input.to_str().unwrap(),
        ])
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !checkpoint.exists() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(
        checkpoint.exists(),
        "the run was killed after a checkpoint and before the end"
    );
    let partial = std::fs::metadata(&part).unwrap().len();
    assert!(
        partial < std::fs::metadata(&full).unwrap().len(),
        "killed before the end"
    );

    let o = claimminer(
        &[
            "mine",
            "-q",
            "--resume",
            "-o",
            part.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        std::fs::read(&full).unwrap() == std::fs::read(&part).unwrap(),
        "resumed output differs from an uninterrupted run"
    );
    assert!(!checkpoint.exists(), "a finished run leaves no checkpoint");
}

#[test]
fn every_bad_input_ends_in_an_error_record_or_the_output() {
    let dir = scratch("bad-inputs");
    let docs = dir.join("docs");
    std::fs::create_dir_all(docs.join("sub.txt")).unwrap(); // a folder named like a file
    std::fs::write(docs.join("empty.txt"), "").unwrap();
    std::os::unix::fs::symlink("/nonexistent/claimminer-test", docs.join("unreadable.txt"))
        .unwrap();
    std::fs::write(
        docs.join("binary.txt"),
        [0x7f, b'E', b'L', b'F', 0, 0, 1, 2, 3],
    )
    .unwrap();
    std::fs::write(
        docs.join("latin1.txt"),
        b"Officials said 1,200 homes were destroyed in M\xfcnster.\n",
    )
    .unwrap();
    // A 50 MB article with no line breaks.
    let sentence =
        "Officials said 45 soldiers were wounded near the front, according to the ministry. ";
    std::fs::write(
        docs.join("huge.txt"),
        sentence.repeat(50_000_000 / sentence.len()),
    )
    .unwrap();
    let jsonl = dir.join("in.jsonl");
    std::fs::write(&jsonl, "{\"id\": \"dup\", \"text\": \"About 300 people were evacuated.\"}\n{\"id\": \"dup\", \"text\": \"Some 40 drones were shot down.\"}\n[1, 2]\n").unwrap();
    let out = dir.join("claims.jsonl");
    let o = claimminer(
        &[
            "mine",
            "-q",
            "--emit-empty",
            "--min-claim-score",
            "0",
            "-o",
            out.to_str().unwrap(),
            docs.to_str().unwrap(),
            jsonl.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let claims = read_jsonl(&out);
    let errors = read_jsonl(&dir.join("claims.errors.jsonl"));
    let error_of = |id: &str| {
        errors
            .iter()
            .find(|e| e["doc_id"] == id)
            .unwrap_or_else(|| panic!("no error record for {id}: {errors:?}"))
    };
    assert!(error_of("unreadable")["error"]
        .as_str()
        .unwrap()
        .contains("cannot read"));
    assert!(error_of("binary")["error"]
        .as_str()
        .unwrap()
        .contains("binary"));
    assert!(error_of("dup")["error"]
        .as_str()
        .unwrap()
        .contains("duplicate"));
    assert!(errors.iter().any(|e| e["error"]
        .as_str()
        .unwrap()
        .contains("expected a JSON object")));
    assert_eq!(
        claims
            .iter()
            .filter(|c| c["doc_id"] == "empty" && c["status"] == "no_claims")
            .count(),
        1
    );
    let latin1: Vec<_> = claims.iter().filter(|c| c["doc_id"] == "latin1").collect();
    assert_eq!(latin1.len(), 1);
    assert!(
        latin1[0]["sentence"].as_str().unwrap().contains('\u{fffd}'),
        "invalid UTF-8 is replaced"
    );
    let huge = claims.iter().filter(|c| c["doc_id"] == "huge").count();
    assert!(
        huge > 500_000,
        "the 50 MB article is mined whole: {huge} claims"
    );
    assert_eq!(
        claims.iter().filter(|c| c["doc_id"] == "dup").count(),
        1,
        "the first of two duplicate ids is mined"
    );
    // The folder named sub.txt holds nothing: it is walked, not read as a file.
}
