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
