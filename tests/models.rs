//! The shipped models, loaded from models/ and run for real.

mod common;
use claimminer::models::{default_models_dir, Models};
use common::*;

fn models() -> Models {
    Models::load(&default_models_dir(), None, None).expect("shipped models load")
}

fn entities(m: &Models, s: &str) -> Vec<(String, &'static str)> {
    m.tagger
        .tag(s)
        .into_iter()
        .map(|e| (s[e.span.start..e.span.end].to_string(), e.label.as_str()))
        .collect()
}

#[test]
fn tagger_finds_people_organisations_and_places() {
    let m = models();
    let got = entities(
        &m,
        "Russia has lost more than 1,800 tanks, according to CSIS.",
    );
    assert!(got.contains(&("CSIS".into(), "ORG")), "{got:?}");
    assert!(got.contains(&("Russia".into(), "LOC")), "{got:?}");
    let got = entities(&m, "The war has taken its toll, with Ukrainian President Volodymyr Zelensky acknowledging the deaths of 55,000 Ukrainian soldiers.");
    assert!(
        got.contains(&("Volodymyr Zelensky".into(), "PER")),
        "{got:?}"
    );
    assert!(got.contains(&("Ukrainian".into(), "MISC")), "{got:?}");
    let got = entities(&m, "Kremlin spokesperson Dmitry Peskov on Saturday told CNN that Moscow will need to consider the proposal.");
    assert!(got.contains(&("Dmitry Peskov".into(), "PER")), "{got:?}");
    assert!(got.contains(&("Moscow".into(), "LOC")), "{got:?}");
    for e in m.tagger.tag("Angela Merkel met officials in Berlin.") {
        assert!(e.score > 0.0 && e.score <= 1.0);
    }
}

#[test]
fn classifier_prefers_factual_claims() {
    let m = models();
    let claim = m.classifier.score("Russia has sustained more than 600,000 casualties during the war in Ukraine, Pentagon officials said.");
    let chatter = m
        .classifier
        .score("Thank you all for coming tonight, it is wonderful to see you.");
    assert!(claim > 0.5, "claim scored {claim}");
    assert!(chatter < 0.2, "chatter scored {chatter}");
}

#[test]
fn corrupt_or_missing_model_files_give_a_clear_error() {
    let dir = scratch("corrupt-models");
    let src = default_models_dir();
    for sub in ["classifier/v1", "tagger/v1"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for f in std::fs::read_dir(src.join(sub)).unwrap() {
            let f = f.unwrap().path();
            std::fs::copy(&f, dir.join(sub).join(f.file_name().unwrap())).unwrap();
        }
    }
    std::fs::copy(src.join("manifest.json"), dir.join("manifest.json")).unwrap();
    assert!(Models::load(&dir, None, None).is_ok());
    let bin = dir.join("tagger/v1/tagger.bin");
    let bytes = std::fs::read(&bin).unwrap();
    std::fs::write(&bin, &bytes[..bytes.len() / 2]).unwrap();
    let err = format!(
        "{:#}",
        Models::load(&dir, None, None)
            .err()
            .expect("truncated file fails")
    );
    assert!(
        err.contains("tagger.bin") && err.contains("truncated"),
        "{err}"
    );
    std::fs::write(&bin, b"not a model").unwrap();
    let err = format!("{:#}", Models::load(&dir, None, None).err().unwrap());
    assert!(
        err.contains("tagger.bin") && err.contains("corrupt"),
        "{err}"
    );
    std::fs::remove_file(&bin).unwrap();
    let err = format!("{:#}", Models::load(&dir, None, None).err().unwrap());
    assert!(
        err.contains("tagger.bin") && err.contains("missing"),
        "{err}"
    );
    // The command line says the same, with exit code 2.
    let o = claimminer(&["mine", "-q", "--models", dir.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("tagger.bin"));
}

#[test]
fn eval_commands_print_scores() {
    let o = claimminer(
        &[
            "eval-tagger",
            "--conll",
            shared().join("data/ner/eng.testa").to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["f1"].as_f64().unwrap() > 0.85, "{v}");
    assert!(v["per_type"]["PER"]["f1"].as_f64().unwrap() > 0.8, "{v}");
    let o = claimminer(
        &[
            "eval-classifier",
            "--tsv",
            shared()
                .join("data/checkworthiness/CT24_checkworthy_english_dev-test.tsv")
                .to_str()
                .unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for k in ["precision", "recall", "f1"] {
        let x = v[k].as_f64().unwrap();
        assert!(x > 0.4 && x <= 1.0, "{k}: {v}");
    }
}

#[test]
fn bench_models_reports_each_model_and_both() {
    let o = claimminer(&["bench-models", "--min-sentences", "200"], None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for k in ["tagger", "classifier", "both"] {
        assert!(v[k]["sentences_per_sec"].as_f64().unwrap() > 0.0, "{v}");
        assert!(v[k]["sentences"].as_u64().unwrap() >= 200);
        assert!(v[k]["threads"].as_u64().unwrap() >= 1);
    }
}
