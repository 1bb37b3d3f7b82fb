//! `claimminer mine` on the seed articles: every line valid against the schema, offsets right,
//! known claims right field by field, and `claimminer eval` equal to the reference scorer.

mod common;
use common::*;
use serde_json::Value;

fn mine_seeds() -> (Vec<Value>, std::path::PathBuf) {
    let dir = scratch("seeds");
    let out = dir.join("claims.jsonl");
    let o = claimminer(&["mine", "-q", "-o", out.to_str().unwrap()], None);
    assert!(
        o.status.success(),
        "mine failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    (read_jsonl(&out), out)
}

fn find<'a>(claims: &'a [Value], doc: &str, quantity: &str) -> &'a Value {
    claims
        .iter()
        .find(|c| {
            c["doc_id"].as_str().unwrap().starts_with(doc) && c["quantity"]["text"] == quantity
        })
        .unwrap_or_else(|| panic!("no claim {quantity:?} in {doc}"))
}

#[test]
fn every_line_matches_the_schema_and_its_offsets() {
    let (claims, _) = mine_seeds();
    assert!(claims.len() >= 40, "only {} claims", claims.len());
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/claim.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    // The schema is strict: a wrong bound or a missing field is caught.
    let mut bad = claims[0].clone();
    bad["quantity"]["bound"] = "roughly".into();
    assert!(!validator.is_valid(&bad));
    let mut bad = claims[0].clone();
    bad.as_object_mut().unwrap().remove("source");
    assert!(!validator.is_valid(&bad));
    for c in &claims {
        if let Err(e) = validator.validate(c) {
            panic!("schema violation: {e}\n{c}");
        }
        // Offsets are characters of the article text the output names.
        let path = root()
            .join("seeds")
            .join(format!("{}.txt", c["doc_id"].as_str().unwrap()));
        let raw = std::fs::read_to_string(path).unwrap();
        let (_, text) = claimminer::read::take_date_marker(&raw);
        let chars: Vec<char> = text.chars().collect();
        let slice = |s: &Value, e: &Value| {
            chars[s.as_u64().unwrap() as usize..e.as_u64().unwrap() as usize]
                .iter()
                .collect::<String>()
        };
        assert_eq!(
            slice(&c["sentence_start"], &c["sentence_end"]),
            c["sentence"].as_str().unwrap()
        );
        assert_eq!(
            slice(&c["quantity"]["start"], &c["quantity"]["end"]),
            c["quantity"]["text"].as_str().unwrap()
        );
        if !c["subject"].is_null() {
            assert_eq!(
                slice(&c["subject"]["start"], &c["subject"]["end"]),
                c["subject"]["mention"].as_str().unwrap()
            );
        }
        // A written date and a source's cue point at their words.
        if !c["date"]["start"].is_null() {
            assert_eq!(
                slice(&c["date"]["start"], &c["date"]["end"]),
                c["date"]["text"].as_str().unwrap()
            );
        }
        if !c["source"]["start"].is_null() {
            assert_eq!(
                slice(&c["source"]["start"], &c["source"]["end"]),
                c["source"]["mention"].as_str().unwrap()
            );
        }
        for e in c["entities"].as_array().unwrap() {
            assert_eq!(slice(&e["start"], &e["end"]), e["text"].as_str().unwrap());
        }
    }
}

#[test]
fn known_claims_field_by_field() {
    let (claims, _) = mine_seeds();
    let c = find(&claims, "000", "30,000 to 35,000");
    assert_eq!(
        (
            c["quantity"]["low"].as_f64(),
            c["quantity"]["high"].as_f64(),
            c["quantity"]["value"].is_null()
        ),
        (Some(30000.0), Some(35000.0), true)
    );
    assert_eq!(c["quantity"]["bound"], "range");
    assert_eq!(c["unit"]["text"], "soldier per month");
    assert_eq!(c["date"]["value"], "2025-11/2026-02");
    assert_eq!(c["source"]["text"], "a Western official");
    assert_eq!(c["subject"]["text"], "Russia");

    let c = find(&claims, "000", "some 1.2 million");
    assert_eq!(
        (
            c["quantity"]["value"].as_f64(),
            c["quantity"]["bound"].as_str()
        ),
        (Some(1.2e6), Some("approx"))
    );
    assert_eq!(c["unit"]["text"], "casualty");
    assert_eq!(c["source"]["text"], "CSIS");
    assert_eq!(c["date"]["value"], "2026-02-24");
    assert_eq!(c["date"]["kind"], "publication");

    let c = find(&claims, "002", "3,000");
    assert_eq!(
        (
            c["quantity"]["low"].as_f64(),
            c["quantity"]["bound"].as_str()
        ),
        (Some(3000.0), Some("more_than"))
    );
    assert_eq!(c["unit"]["text"], "infantry fighting vehicle");
    assert_eq!(c["subject"]["text"], "Russia");
    assert_eq!(c["source"]["text"], "CSIS");
    assert!(
        c["date"].is_null(),
        "no publication date, 'since January 2024' is open-ended: {}",
        c["date"]
    );

    let c = find(&claims, "002", "up to 250,000");
    assert_eq!(c["unit"]["text"], "death");
    assert_eq!(c["source"]["cue"], "carried");

    let c = find(&claims, "003", "Fifty thousand");
    assert_eq!(c["quantity"]["value"].as_f64(), Some(50000.0));
    assert_eq!(c["source"]["label"], "PER");
    assert!(c["source"]["text"].as_str().unwrap().contains("Zelenskyy"));

    let c = find(&claims, "004", "32");
    assert_eq!(c["unit"]["text"], "vessel");
    assert!(
        c["source"]["text"]
            .as_str()
            .unwrap()
            .contains("defense official"),
        "{}",
        c["source"]
    );

    // Not claims: years, dates, names, ordinals, advertising.
    for bad in ["2022", "2025", "June 4", "32.95", "$3", "80th", "One", "2"] {
        assert!(
            !claims.iter().any(|c| c["quantity"]["text"] == bad),
            "{bad} is not a claim"
        );
    }
}

#[test]
fn eval_agrees_with_the_reference_scorer_and_meets_the_bar() {
    let (_, out) = mine_seeds();
    let gold = shared().join("eval/seeds.gold.jsonl");
    let (ours, reference) = both_scorers(&gold, &out);
    assert_eq!(ours, reference);
    assert!(ours["f1"].as_f64().unwrap() >= 0.85, "{ours}");
    assert!(
        ours["accuracy_on_matched"]["all"].as_f64().unwrap() >= 0.60,
        "{ours}"
    );
    for field in ["value", "unit", "subject", "source", "date"] {
        assert!(
            ours["accuracy_on_matched"][field].as_f64().unwrap() >= 0.75,
            "{field}: {ours}"
        );
    }
}

#[test]
fn min_claim_score_zero_keeps_at_least_as_many() {
    let (claims, _) = mine_seeds();
    let o = claimminer(&["mine", "-q", "--min-claim-score", "0"], None);
    assert!(o.status.success());
    let all = jsonl(&String::from_utf8_lossy(&o.stdout));
    assert!(all.len() >= claims.len());
    let o = claimminer(&["mine", "-q", "--min-claim-score", "1.01"], None);
    assert!(jsonl(&String::from_utf8_lossy(&o.stdout)).is_empty());
}

/// Runs `claimminer eval --json` and the reference scorer on the same files; both outputs.
fn both_scorers(gold: &std::path::Path, pred: &std::path::Path) -> (Value, Value) {
    let (g, p) = (gold.to_str().unwrap(), pred.to_str().unwrap());
    let ours = claimminer(&["eval", "--gold", g, "--pred", p, "--json"], None);
    assert!(ours.status.success());
    let reference = std::process::Command::new("python3")
        .arg(shared().join("eval/score_claims.py"))
        .args([g, "--pred", p, "--json"])
        .output()
        .expect("python3 runs the reference scorer");
    assert!(
        reference.status.success(),
        "{}",
        String::from_utf8_lossy(&reference.stderr)
    );
    (
        serde_json::from_slice(&ours.stdout).unwrap(),
        serde_json::from_slice(&reference.stdout).unwrap(),
    )
}

#[test]
fn eval_agrees_with_the_reference_scorer_on_date_lists_and_intervals() {
    let dir = scratch("eval-dates");
    // Each gold date against a predicted one: lists of readings (null among them), intervals end
    // by end at the coarser precision, an interval against a single date.
    let cases: [(Value, Value); 8] = [
        (
            serde_json::json!(["2018-07-23/2018-07-29", "2018-07-31"]),
            serde_json::json!("2018-07-31"),
        ),
        (
            serde_json::json!(["2018-07-23/2018-07-29", "2018-07-31"]),
            serde_json::json!("2018-06"),
        ),
        (serde_json::json!([null, "2024"]), Value::Null),
        (
            serde_json::json!("2022/2024-08-01"),
            serde_json::json!("2022-01-01/2024-08-01"),
        ),
        (
            serde_json::json!("2022-01-01/2024-08-01"),
            serde_json::json!("2022/2024-08"),
        ),
        (
            serde_json::json!("2022/2024-08-01"),
            serde_json::json!("2023-01-01/2024-08-01"),
        ),
        (serde_json::json!("2022/2024"), serde_json::json!("2022")),
        (serde_json::json!("2025"), serde_json::json!("2025-06-04")),
    ];
    let mut gold = String::new();
    let mut pred = String::new();
    for (i, (g, p)) in cases.iter().enumerate() {
        let sentence = format!("Case {i} counted {} things.", 100 + i);
        gold += &serde_json::json!({"doc": "d", "sentence": sentence, "quantity": format!("{}", 100 + i),
            "value": 100 + i, "low": null, "high": null, "bound": "exact", "unit": "thing",
            "subject": null, "source": null, "date": g})
        .to_string();
        gold.push('\n');
        let date = if p.is_null() {
            Value::Null
        } else {
            serde_json::json!({"value": p})
        };
        pred += &serde_json::json!({"doc_id": "d", "sentence": sentence,
            "quantity": {"text": format!("{}", 100 + i), "value": 100 + i, "low": null, "high": null, "bound": "exact"},
            "unit": {"text": "thing"}, "subject": null, "source": null, "date": date})
        .to_string();
        pred.push('\n');
    }
    std::fs::write(dir.join("gold.jsonl"), gold).unwrap();
    std::fs::write(dir.join("pred.jsonl"), pred).unwrap();
    let (ours, reference) = both_scorers(&dir.join("gold.jsonl"), &dir.join("pred.jsonl"));
    assert_eq!(ours, reference);
    // Cases 0, 2, 3, 4 and 7 are right: 5 of 8.
    assert_eq!(ours["accuracy_on_matched"]["date"], 0.625, "{ours}");
}

#[test]
fn eval_by_doc_scores_each_article_alone() {
    let dir = scratch("eval-by-doc");
    let row = |doc: &str, n: u32, unit: &str| {
        (
            serde_json::json!({"doc": doc, "sentence": format!("It had {n} units."), "quantity": n.to_string(),
                "value": n, "low": null, "high": null, "bound": "exact", "unit": "unit",
                "subject": null, "source": null, "date": null}),
            serde_json::json!({"doc_id": doc, "sentence": format!("It had {n} units."),
                "quantity": {"text": n.to_string(), "value": n, "low": null, "high": null, "bound": "exact"},
                "unit": {"text": unit}, "subject": null, "source": null, "date": null}),
        )
    };
    let rows = [row("a", 1, "unit"), row("a", 2, "unit"), row("b", 3, "car")];
    let gold: String = rows.iter().map(|(g, _)| format!("{g}\n")).collect();
    let pred: String = rows.iter().map(|(_, p)| format!("{p}\n")).collect();
    std::fs::write(dir.join("gold.jsonl"), gold).unwrap();
    std::fs::write(dir.join("pred.jsonl"), pred).unwrap();
    let o = claimminer(
        &[
            "eval",
            "--gold",
            dir.join("gold.jsonl").to_str().unwrap(),
            "--pred",
            dir.join("pred.jsonl").to_str().unwrap(),
            "--json",
            "--by-doc",
        ],
        None,
    );
    assert!(o.status.success());
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["by_doc"]["a"]["accuracy_on_matched"]["unit"], 1.0, "{v}");
    assert_eq!(v["by_doc"]["b"]["accuracy_on_matched"]["unit"], 0.0, "{v}");
    assert_eq!(v["overall"]["matched"], 3, "{v}");
}
