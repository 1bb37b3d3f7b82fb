//! Inputs as users give them: folders, .txt with a date line, JSONL files and stdin, bad lines.

mod common;
use common::*;

#[test]
fn txt_with_date_line_and_jsonl_on_stdin() {
    let dir = scratch("inputs");
    std::fs::write(dir.join("a.txt"), "date 2025-06-10\nRussia has lost more than 1,800 tanks since January 2024, according to CSIS.\n").unwrap();
    let o = claimminer(
        &[
            "mine",
            "-q",
            "--min-claim-score",
            "0",
            dir.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success());
    let claims = jsonl(&String::from_utf8_lossy(&o.stdout));
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0]["doc_id"], "a");
    assert_eq!(claims[0]["published"], "2025-06-10");
    assert_eq!(claims[0]["date"]["value"], "2024-01/2025-06");
    assert_eq!(claims[0]["sentence_start"], 0);

    let input = "{\"id\": \"x1\", \"text\": \"Officials said 5,000 homes were destroyed.\", \"date\": \"2024-03-01\", \"url\": \"https://example.org/a\", \"outlet\": \"Example\"}\n";
    let o = claimminer(&["mine", "-q", "--min-claim-score", "0", "-"], Some(input));
    assert!(o.status.success());
    let claims = jsonl(&String::from_utf8_lossy(&o.stdout));
    assert_eq!(claims.len(), 1);
    assert_eq!(
        (
            claims[0]["doc_id"].as_str(),
            claims[0]["outlet"].as_str(),
            claims[0]["url"].as_str()
        ),
        (Some("x1"), Some("Example"), Some("https://example.org/a"))
    );
    assert_eq!(claims[0]["unit"]["text"], "home");
}

#[test]
fn bad_lines_become_error_records_and_the_rest_runs() {
    let dir = scratch("bad-lines");
    let input = dir.join("in.jsonl");
    std::fs::write(&input, "{\"id\": \"ok1\", \"text\": \"About 300 people were evacuated.\"}\n{broken\n{\"id\": \"no-text\"}\n{\"id\": \"ok2\", \"text\": \"Some 40 drones were shot down.\"}\n").unwrap();
    let out = dir.join("claims.jsonl");
    let o = claimminer(
        &[
            "mine",
            "-q",
            "--min-claim-score",
            "0",
            "-o",
            out.to_str().unwrap(),
            input.to_str().unwrap(),
            "missing-folder",
        ],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(3),
        "some inputs failed but the run finished"
    );
    let claims = read_jsonl(&out);
    let ids: Vec<&str> = claims
        .iter()
        .map(|c| c["doc_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["ok1", "ok2"]);
    let errors = read_jsonl(&dir.join("claims.errors.jsonl"));
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert_eq!(errors[0]["line"], 2);
    assert!(errors[0]["error"]
        .as_str()
        .unwrap()
        .contains("not valid JSON"));
    assert_eq!(errors[1]["doc_id"], "no-text");
    assert!(errors[1]["error"].as_str().unwrap().contains("\"text\""));
    assert!(errors[2]["error"]
        .as_str()
        .unwrap()
        .contains("missing-folder"));
}

/// Mines `inputs` into a scratch output (every quantity kept): exit code, claims, error records.
fn mine_all(
    dir: &std::path::Path,
    inputs: &[&std::path::Path],
) -> (Option<i32>, Vec<serde_json::Value>, Vec<serde_json::Value>) {
    let out = dir.join("claims.jsonl");
    let mut args = vec![
        "mine".to_string(),
        "-q".into(),
        "--emit-empty".into(),
        "--min-claim-score".into(),
        "0".into(),
        "-o".into(),
        out.display().to_string(),
    ];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = claimminer(&args, None);
    let errors_path = dir.join("claims.errors.jsonl");
    let errors = if errors_path.exists() {
        read_jsonl(&errors_path)
    } else {
        Vec::new()
    };
    (o.status.code(), read_jsonl(&out), errors)
}

fn ids(claims: &[serde_json::Value]) -> Vec<String> {
    let mut ids: Vec<String> = claims
        .iter()
        .map(|c| c["doc_id"].as_str().unwrap().to_string())
        .collect();
    ids.dedup();
    ids
}

const ARTICLE: &str = "Officials said 5,000 homes were destroyed.";

fn line(id: &str) -> String {
    serde_json::json!({"id": id, "text": ARTICLE}).to_string() + "\n"
}

#[test]
fn extensions_match_in_any_case_and_json_is_read_only_as_json_lines() {
    let dir = scratch("extensions");
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("UP.TXT"), ARTICLE).unwrap();
    std::fs::write(docs.join("up.JSONL"), line("from-jsonl")).unwrap();
    std::fs::write(docs.join("lines.json"), line("from-json-lines")).unwrap();
    std::fs::write(docs.join("array.json"), format!("[{}]\n", line("x").trim())).unwrap();
    let direct = dir.join("arts.JSONL");
    std::fs::write(&direct, line("direct")).unwrap();
    let direct_json = dir.join("arts.json");
    std::fs::write(&direct_json, line("direct-json")).unwrap();
    let pretty = dir.join("pretty.json");
    std::fs::write(
        &pretty,
        "{\n  \"id\": \"p\",\n  \"text\": \"Some 40 drones.\"\n}\n",
    )
    .unwrap();
    let (code, claims, errors) = mine_all(&dir, &[&docs, &direct, &direct_json, &pretty]);
    assert_eq!(code, Some(3), "array.json is an error: {errors:?}");
    assert_eq!(
        ids(&claims),
        [
            "UP",
            "from-json-lines",
            "from-jsonl",
            "direct",
            "direct-json"
        ],
        "no file skipped, none mined as raw JSON text"
    );
    assert!(
        claims
            .iter()
            .all(|c| !c["sentence"].as_str().unwrap_or("").contains('{')),
        "JSON is never article text"
    );
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0]["input"].as_str().unwrap().ends_with("array.json"));
    assert!(errors[1]["input"]
        .as_str()
        .unwrap()
        .ends_with("pretty.json"));
    for e in &errors {
        assert!(
            e["error"].as_str().unwrap().contains("not JSON lines"),
            "{e}"
        );
    }
}

#[test]
fn an_unreadable_subfolder_is_named_and_the_walk_goes_on() {
    let dir = scratch("unreadable-folder");
    let docs = dir.join("docs");
    for sub in ["a", "b", "c"] {
        std::fs::create_dir_all(docs.join(sub)).unwrap();
        std::fs::write(docs.join(sub).join(format!("{sub}.txt")), ARTICLE).unwrap();
    }
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(docs.join("b"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = dir.join("claims.jsonl");
    // Root reads any folder: drop that power so that the folder is unreadable to the run too.
    let mut cmd = if unsafe_is_root() {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--bounding-set", "-dac_override,-dac_read_search", "--"])
            .arg(env!("CARGO_BIN_EXE_claimminer"));
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_claimminer"))
    };
    let o = cmd
        .args(["mine", "-q", "--min-claim-score", "0", "-o"])
        .arg(&out)
        .arg(&docs)
        .current_dir(root())
        .output()
        .expect("run claimminer (setpriv when run as root)");
    std::fs::set_permissions(docs.join("b"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        ids(&read_jsonl(&out)),
        ["a/a", "c/c"],
        "files after it are mined"
    );
    let errors = read_jsonl(&dir.join("claims.errors.jsonl"));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["input"], docs.join("b").display().to_string());
    assert!(errors[0]["error"]
        .as_str()
        .unwrap()
        .contains("cannot read folder"));
}

fn unsafe_is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

#[test]
fn a_symlink_loop_is_reported_once_and_not_followed() {
    let dir = scratch("symlink-loop");
    let docs = dir.join("docs");
    std::fs::create_dir_all(docs.join("sub")).unwrap();
    std::fs::write(docs.join("sub/x.txt"), ARTICLE).unwrap();
    std::os::unix::fs::symlink("..", docs.join("sub/back")).unwrap();
    let (code, claims, errors) = mine_all(&dir, &[&docs]);
    assert_eq!(code, Some(3));
    assert_eq!(ids(&claims), ["sub/x"], "mined once, no duplicates");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0]["error"]
        .as_str()
        .unwrap()
        .contains("symlink loop"));
    assert!(errors[0]["input"].as_str().unwrap().ends_with("sub/back"));
}

#[test]
fn ids_from_files_are_unique_by_their_path_in_the_folder() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("ids");
    let docs = dir.join("docs");
    for sub in ["a", "b"] {
        std::fs::create_dir_all(docs.join(sub)).unwrap();
        std::fs::write(docs.join(sub).join("report.txt"), ARTICLE).unwrap();
    }
    for name in [&b"M\xfcnster.txt"[..], &b"M\xfdnster.txt"[..]] {
        std::fs::write(docs.join(std::ffi::OsStr::from_bytes(name)), ARTICLE).unwrap();
    }
    let (code, claims, errors) = mine_all(&dir, &[&docs]);
    assert_eq!(code, Some(0), "{errors:?}");
    assert_eq!(
        ids(&claims),
        ["M\\xFCnster", "M\\xFDnster", "a/report", "b/report"]
    );
}

#[test]
fn jsonl_ids_are_non_empty_strings() {
    let dir = scratch("json-ids");
    let input = dir.join("in.jsonl");
    std::fs::write(
        &input,
        format!(
            "{}{{\"id\": 7, \"text\": \"{ARTICLE}\"}}\n{}",
            line("7"),
            line("")
        ),
    )
    .unwrap();
    let (code, claims, errors) = mine_all(&dir, &[&input]);
    assert_eq!(code, Some(3));
    assert_eq!(ids(&claims), ["7"]);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0]["error"]
        .as_str()
        .unwrap()
        .contains("must be strings"));
    assert!(errors[1]["error"].as_str().unwrap().contains("empty"));
}

#[test]
fn a_byte_order_mark_is_accepted_at_the_start_of_txt_and_jsonl_files() {
    let dir = scratch("bom");
    let txt = dir.join("bom.txt");
    std::fs::write(&txt, format!("\u{feff}date 2024-03-01\n{ARTICLE}\n")).unwrap();
    let jsonl = dir.join("bom.jsonl");
    std::fs::write(
        &jsonl,
        format!("\u{feff}{}{}", line("first"), line("second")),
    )
    .unwrap();
    let (code, claims, errors) = mine_all(&dir, &[&txt, &jsonl]);
    assert_eq!(code, Some(0), "{errors:?}");
    assert_eq!(ids(&claims), ["bom", "first", "second"]);
    assert_eq!(claims[0]["published"], "2024-03-01");
    assert_eq!(claims[0]["sentence_start"], 0);
    assert_eq!(claims[0]["sentence"], ARTICLE);
}

#[test]
fn an_unusable_date_is_reported_and_the_article_still_mined() {
    let dir = scratch("dates");
    let txt = dir.join("bad-date.txt");
    std::fs::write(&txt, format!("date 2024-13-45\n{ARTICLE}\n")).unwrap();
    let jsonl = dir.join("in.jsonl");
    std::fs::write(
        &jsonl,
        format!(
            "{}\n{}\n",
            serde_json::json!({"id": "string-date", "text": ARTICLE, "date": "2024-13-45"}),
            serde_json::json!({"id": "number-date", "text": ARTICLE, "date": 20240301})
        ),
    )
    .unwrap();
    let (code, claims, errors) = mine_all(&dir, &[&txt, &jsonl]);
    assert_eq!(code, Some(3), "a date problem shows in the exit code");
    assert_eq!(ids(&claims), ["bad-date", "string-date", "number-date"]);
    for c in &claims {
        assert!(c["published"].is_null(), "{c}");
        assert_eq!(c["sentence"], ARTICLE, "the date line is not article text");
    }
    assert_eq!(errors.len(), 3, "{errors:?}");
    for (e, id) in errors
        .iter()
        .zip(["bad-date", "string-date", "number-date"])
    {
        assert_eq!(e["doc_id"], id);
        assert_eq!(e["still_mined"], true);
    }
    assert!(errors[0]["error"].as_str().unwrap().contains("2024-13-45"));
    assert!(errors[2]["error"].as_str().unwrap().contains("number"));
}
