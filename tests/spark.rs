//! scripts/spark_mine.py with Spark local[2] on the seed articles gives the claims of a plain run.

mod common;
use common::*;

#[test]
fn spark_run_equals_plain_run() {
    let dir = scratch("spark");
    let input = dir.join("seeds.jsonl");
    let mut lines = String::new();
    let mut names: Vec<_> = std::fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        let raw = std::fs::read_to_string(&path).unwrap();
        let (date, text) = claimminer::read::take_date_marker(&raw);
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        let mut obj = serde_json::json!({"id": id, "text": text});
        if let Some(d) = date {
            obj["date"] = d.to_string().into();
        }
        lines.push_str(&format!("{obj}\n"));
    }
    // A malformed line: it must come back as an error record, not vanish.
    lines.push_str("{not json\n");
    std::fs::write(&input, lines).unwrap();
    let out = dir.join("out");
    let o = std::process::Command::new("python3")
        .arg(root().join("scripts/spark_mine.py"))
        .args([
            input.to_str().unwrap(),
            out.to_str().unwrap(),
            "--master",
            "local[2]",
            "--partitions",
            "3",
            "--binary",
            env!("CARGO_BIN_EXE_claimminer"),
        ])
        .output()
        .expect("python3 runs scripts/spark_mine.py");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let read_parts = |sub: &str| {
        let mut parts: Vec<_> = std::fs::read_dir(out.join(sub))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("part-")
            })
            .collect();
        parts.sort();
        parts
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect::<String>()
    };
    let plain = claimminer(&["mine", "-q", input.to_str().unwrap()], None);
    assert_eq!(
        plain.status.code(),
        Some(3),
        "the malformed line fails in the plain run too"
    );
    let spark_claims = read_parts("claims");
    assert!(!spark_claims.is_empty());
    assert_eq!(spark_claims, String::from_utf8(plain.stdout).unwrap());
    let errors = jsonl(&read_parts("errors"));
    assert_eq!(errors.len(), 1);
    assert!(errors[0]["error"]
        .as_str()
        .unwrap()
        .contains("not valid JSON"));
}
