//! Review export and import: each tool's format (offsets as Python counts them, with non-ASCII
//! text), round trips through import, set-aside tasks, malformed exports, and retraining with
//! reviewed examples.

mod common;
use common::*;
use serde_json::{json, Value};

const ARTICLE: &str = "date 2025-06-10\n« Près de 1 200 soldats » — non: officials said 1,200 soldiers 🚀 were wounded, according to the Ministère de la Défense.\nThe café owner José García said “about 300 people” came to Zürich on Sunday 😀, and 40 stayed.\n";

fn mine_article(dir: &std::path::Path) -> std::path::PathBuf {
    std::fs::write(dir.join("unicode.txt"), ARTICLE).unwrap();
    let claims = dir.join("claims.jsonl");
    let o = claimminer(
        &[
            "mine",
            "-q",
            "--min-claim-score",
            "0",
            "-o",
            claims.to_str().unwrap(),
            dir.join("unicode.txt").to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    claims
}

fn export(claims: &std::path::Path, format: &str, out: &std::path::Path, extra: &[&str]) {
    let mut args = vec![
        "review",
        "export",
        claims.to_str().unwrap(),
        "--format",
        format,
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = claimminer(&args, None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn exports_match_each_tools_format_with_python_offsets() {
    let dir = scratch("review-formats");
    let claims = mine_article(&dir);
    assert!(read_jsonl(&claims).len() >= 3);
    let (ls, prodigy, doccano) = (
        dir.join("ls.json"),
        dir.join("prodigy.jsonl"),
        dir.join("doccano.jsonl"),
    );
    export(&claims, "label-studio", &ls, &[]);
    export(&claims, "prodigy", &prodigy, &[]);
    export(&claims, "doccano", &doccano, &[]);
    let o = std::process::Command::new("python3")
        .arg(root().join("scripts/e2e/check_exports.py"))
        .args([&claims, &ls, &prodigy, &doccano])
        .output()
        .expect("python3 runs the format checker");
    assert!(
        o.status.success(),
        "format checks failed:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    // The labelling config names every label and relation the tasks use.
    let config = String::from_utf8(
        claimminer(&["review", "config", "--format", "label-studio"], None).stdout,
    )
    .unwrap();
    for name in [
        "QUANTITY",
        "UNIT",
        "SUBJECT",
        "SOURCE",
        "DATE",
        "PER",
        "ORG",
        "LOC",
        "MISC",
        "\"unit\"",
        "\"subject\"",
        "name=\"claim\"",
        "value=\"$text\"",
    ] {
        assert!(config.contains(name), "config lacks {name}");
    }
}

#[test]
fn uncertainty_order_and_sampling() {
    let dir = scratch("review-order");
    let claims = mine_article(&dir);
    let out = dir.join("ls.json");
    export(
        &claims,
        "label-studio",
        &out,
        &["--order", "uncertainty", "--threshold", "0.5"],
    );
    let tasks: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let margins: Vec<f64> = tasks
        .iter()
        .map(|t| (t["data"]["claim_score"].as_f64().unwrap() - 0.5).abs())
        .collect();
    assert!(tasks.len() >= 2);
    // Each task's key is the smaller of its margin and its extraction confidence: the first is no
    // less uncertain than any later one by margin alone when its extraction is complete.
    assert!(margins[0] <= margins.iter().cloned().fold(f64::MAX, f64::min) + 0.5);
    let (a, b) = (dir.join("a.jsonl"), dir.join("b.jsonl"));
    export(&claims, "prodigy", &a, &["--sample", "1", "--seed", "7"]);
    export(&claims, "prodigy", &b, &["--sample", "1", "--seed", "7"]);
    assert_eq!(read_jsonl(&a).len(), 1);
    assert_eq!(
        std::fs::read(&a).unwrap(),
        std::fs::read(&b).unwrap(),
        "the same seed gives the same sample"
    );
}

fn import(file: &std::path::Path, format: &str, out: &std::path::Path) -> std::process::Output {
    claimminer(
        &[
            "review",
            "import",
            file.to_str().unwrap(),
            "--format",
            format,
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    )
}

#[test]
fn imports_each_format_and_keeps_rejected_apart() {
    let dir = scratch("review-import");
    let claims = mine_article(&dir);
    // Label Studio: the predictions become the reviewer's annotations; one task skipped.
    let ls = dir.join("ls.json");
    export(&claims, "label-studio", &ls, &[]);
    let mut tasks: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&ls).unwrap()).unwrap();
    for (i, t) in tasks.iter_mut().enumerate() {
        let result = t["predictions"][0]["result"].clone();
        t["id"] = json!(i + 1);
        t["annotations"] = json!([{"id": i + 1, "result": result, "was_cancelled": i == 1}]);
    }
    let ls_done = dir.join("ls-done.json");
    std::fs::write(&ls_done, serde_json::to_string(&tasks).unwrap()).unwrap();
    let out = dir.join("ls-labels.jsonl");
    let o = import(&ls_done, "label-studio", &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let examples = read_jsonl(&out);
    let aside = read_jsonl(&dir.join("ls-labels.set-aside.jsonl"));
    assert_eq!(aside.len(), 1);
    assert_eq!(aside[0]["reason"], "skipped (cancelled)");
    let sentences: Vec<&Value> = examples
        .iter()
        .filter(|e| e["type"] == "sentence")
        .collect();
    assert_eq!(sentences.len(), tasks.len() - 1);
    // Entity spans come back at the same (code point) offsets, non-ASCII text and all.
    let ents: Vec<&Value> = examples
        .iter()
        .filter(|e| e["type"] == "entities")
        .collect();
    for e in &ents {
        let text: Vec<char> = e["text"].as_str().unwrap().chars().collect();
        for s in e["entities"].as_array().unwrap() {
            let (a, b) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            assert!(b <= text.len() && a < b);
        }
    }
    let gold = read_jsonl(&dir.join("ls-labels.gold.jsonl"));
    let g = gold
        .iter()
        .find(|g| g["quantity"] == "1,200")
        .expect("gold claim for 1,200");
    assert_eq!(
        (g["value"].as_f64(), g["unit"].as_str(), g["bound"].as_str()),
        (Some(1200.0), Some("soldier"), Some("exact"))
    );
    // The reviewer accepted the pre-annotation: the source comes back as the words mined.
    let mined = read_jsonl(&claims)
        .into_iter()
        .find(|c| c["quantity"]["text"] == "1,200")
        .expect("mined claim for 1,200");
    assert_eq!(g["source"], json!([mined["source"]["mention"]]), "{g}");
    assert!(g["sentence"].as_str().unwrap().starts_with("« Près de"));

    // Prodigy: answers accept / reject / ignore.
    let p = dir.join("prodigy.jsonl");
    export(&claims, "prodigy", &p, &[]);
    let answered: String = read_jsonl(&p)
        .into_iter()
        .enumerate()
        .map(|(i, mut t)| {
            t["answer"] = json!(["accept", "reject", "ignore"][i % 3]);
            t.to_string() + "\n"
        })
        .collect();
    let p_done = dir.join("prodigy-done.jsonl");
    std::fs::write(&p_done, answered).unwrap();
    let out = dir.join("p-labels.jsonl");
    assert!(import(&p_done, "prodigy", &out).status.success());
    let aside = read_jsonl(&dir.join("p-labels.set-aside.jsonl"));
    assert!(aside.iter().any(|a| a["reason"] == "answer reject"));
    let accepted = read_jsonl(&out)
        .into_iter()
        .filter(|e| e["type"] == "entities")
        .count();
    assert_eq!(accepted + aside.len(), read_jsonl(&p).len());

    // doccano: both its relation format and the plain [start, end, label] list.
    let d = dir.join("doccano.jsonl");
    export(&claims, "doccano", &d, &[]);
    let out = dir.join("d-labels.jsonl");
    assert!(import(&d, "doccano", &out).status.success());
    assert_eq!(
        read_jsonl(&out)
            .iter()
            .filter(|e| e["type"] == "entities")
            .count(),
        read_jsonl(&d).len()
    );
    let plain = dir.join("doccano-plain.jsonl");
    std::fs::write(&plain, "{\"text\": \"José García 😀 visited Zürich.\", \"label\": [[0, 11, \"PER\"], [22, 28, \"LOC\"]]}\n").unwrap();
    let out = dir.join("plain-labels.jsonl");
    assert!(import(&plain, "doccano", &out).status.success());
    let e = &read_jsonl(&out)[0];
    assert_eq!(
        e["entities"][1],
        json!({"start": 22, "end": 28, "label": "LOC"})
    );
}

#[test]
fn malformed_exports_name_the_task_and_field() {
    let dir = scratch("review-malformed");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"[{"id": 7, "data": {"text": "Some 40 drones."}, "annotations": [{"result": [{"id": "a", "type": "labels", "value": {"start": "x", "end": 7, "labels": ["QUANTITY"]}}]}]}]"#).unwrap();
    let o = import(&bad, "label-studio", &dir.join("out.jsonl"));
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("task 7") && err.contains("value.start"),
        "{err}"
    );
    std::fs::write(&bad, r#"[{"id": 8, "data": {"text": "Some 40 drones 😀."}, "annotations": [{"result": [{"id": "a", "type": "labels", "value": {"start": 5, "end": 40, "labels": ["QUANTITY"]}}]}]}]"#).unwrap();
    let err = String::from_utf8_lossy(&import(&bad, "label-studio", &dir.join("out.jsonl")).stderr)
        .to_string();
    assert!(
        err.contains("task 8") && err.contains("does not fit"),
        "{err}"
    );
    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, "{\"text\": \"x\", \"answer\": \"accept\", \"spans\": [{\"start\": 0, \"label\": \"PER\"}]}\n").unwrap();
    let err = String::from_utf8_lossy(&import(&bad, "prodigy", &dir.join("out.jsonl")).stderr)
        .to_string();
    assert!(
        err.contains("line 1") && err.contains("spans[0]") && err.contains("\"end\""),
        "{err}"
    );
    std::fs::write(&bad, "{\"text\": \"x\"}\n").unwrap();
    let err = String::from_utf8_lossy(&import(&bad, "doccano", &dir.join("out.jsonl")).stderr)
        .to_string();
    assert!(err.contains("line 1") && err.contains("entities"), "{err}");
}

#[test]
fn retraining_with_reviewed_examples_writes_a_new_version() {
    let dir = scratch("review-retrain");
    let models = dir.join("models");
    let (_, shipped) = copy_models(&models);
    // A small slice of the training and development data: enough to show the mechanism.
    let data = shared().join("data/ner");
    let head = |name: &str, sentences: usize| {
        let text = std::fs::read_to_string(data.join(name)).unwrap();
        let part: Vec<&str> = text.split("\n\n").take(sentences).collect();
        let path = dir.join(name);
        std::fs::write(&path, part.join("\n\n") + "\n\n").unwrap();
        path
    };
    let (train, dev) = (head("eng.train", 1500), head("eng.testa", 400));
    let labels = dir.join("labels.jsonl");
    std::fs::write(&labels, "{\"type\": \"entities\", \"text\": \"Zelenskyy met Blinken in Kyiv.\", \"entities\": [{\"start\": 0, \"end\": 9, \"label\": \"PER\"}, {\"start\": 14, \"end\": 21, \"label\": \"PER\"}, {\"start\": 25, \"end\": 29, \"label\": \"LOC\"}]}\n").unwrap();
    let v2 = models.join("tagger/reviewed");
    let o = claimminer(
        &[
            "train",
            "tagger",
            "--conll",
            train.to_str().unwrap(),
            "--dev",
            dev.to_str().unwrap(),
            "--models",
            models.to_str().unwrap(),
            "--add",
            labels.to_str().unwrap(),
            "--epochs",
            "3",
            "-o",
            v2.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_ne!(
        std::fs::read(v2.join("tagger.bin")).unwrap(),
        std::fs::read(models.join(&shipped).join("tagger.bin")).unwrap()
    );
    let meta: Value =
        serde_json::from_str(&std::fs::read_to_string(v2.join("meta.json")).unwrap()).unwrap();
    assert!(meta["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["path"] == labels.to_str().unwrap()));
    // Both versions side by side on the same held-out file.
    let o = claimminer(
        &[
            "eval-tagger",
            "--conll",
            dev.to_str().unwrap(),
            "--models",
            models.to_str().unwrap(),
            "--model",
            &shipped,
            "--model",
            "tagger/reviewed",
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        v["models"][&shipped]["f1"].as_f64().unwrap() > 0.85
            && v["models"]["tagger/reviewed"]["f1"].as_f64().unwrap() > 0.6,
        "{v}"
    );
    // mine --model picks the version, and says so in every record.
    let article = dir.join("a.txt");
    std::fs::write(&article, "Zelenskyy said 300 soldiers arrived in Kyiv.\n").unwrap();
    let o = claimminer(
        &[
            "mine",
            "-q",
            "--models",
            models.to_str().unwrap(),
            "--model",
            "tagger/reviewed",
            article.to_str().unwrap(),
        ],
        None,
    );
    let claims = jsonl(&String::from_utf8_lossy(&o.stdout));
    assert!(
        !claims.is_empty()
            && claims
                .iter()
                .all(|c| c["models"]["tagger"] == "tagger/reviewed")
    );
    let o = claimminer(
        &["mine", "-q", "--model", "tagger", article.to_str().unwrap()],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
}
