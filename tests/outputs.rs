//! Outputs that cannot be written are never lost silently: a closed stdout and a full disk stop the
//! run with exit 2 and the destination named; a reader that stops early (`| head`) ends the run as
//! Unix tools end there (SIGPIPE), with a message saying so.

mod common;
use common::*;
use std::process::{Command, Stdio};

#[test]
fn a_closed_stdout_is_an_error() {
    let o = Command::new("sh")
        .args(["-c", "exec \"$0\" mine -q seeds >&-"])
        .arg(env!("CARGO_BIN_EXE_claimminer"))
        .current_dir(root())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("stdout is closed"), "{err}");
}

#[test]
fn a_full_disk_names_the_file() {
    let o = Command::new(env!("CARGO_BIN_EXE_claimminer"))
        .args(["mine", "-q", "seeds"])
        .current_dir(root())
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("cannot write stdout") && err.contains("No space left"),
        "{err}"
    );

    let dir = scratch("full-errors");
    let out = dir.join("claims.jsonl");
    let o = claimminer(
        &[
            "mine",
            "-q",
            "-o",
            out.to_str().unwrap(),
            "--errors",
            "/dev/full",
            "seeds",
            "no-such-input",
        ],
        None,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("cannot write /dev/full") && err.contains("No space left"),
        "{err}"
    );
}

#[test]
fn a_reader_that_stops_early_ends_the_run_quietly_with_a_message() {
    use std::os::unix::process::ExitStatusExt;
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimminer"))
        .args(["mine", "-q", "seeds"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes before the first claim is written (the models take longer to load).
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.signal(), Some(libc::SIGPIPE), "{err}");
    assert!(
        err.contains("broken pipe") && err.contains("stopped"),
        "{err}"
    );
}

#[test]
fn dash_as_the_output_is_stdout() {
    let stray = root().join("-");
    let o = claimminer(
        &["mine", "-q", "-o", "-", "seeds/000_bb65397d9c8dbc59.txt"],
        None,
    );
    let made_a_file = stray.exists();
    let _ = std::fs::remove_file(&stray);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!made_a_file, "`-o -` wrote a file named -");
    let claims = jsonl(&String::from_utf8_lossy(&o.stdout));
    assert!(!claims.is_empty());
    assert!(claims.iter().all(|c| c["doc_id"] == "000_bb65397d9c8dbc59"));
}
