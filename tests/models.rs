//! The shipped models, loaded from models/ and run for real.

mod common;
use claimminer::models::{default_models_dir, load_encoder, Models};
use common::*;

fn models() -> Models {
    Models::load(&default_models_dir(), None, None).expect("shipped models load")
}

fn entities(m: &Models, s: &str) -> Vec<(String, &'static str)> {
    m.annotate_sentences(&[s], false, true).unwrap()[0]
        .1
        .iter()
        .map(|e| (s[e.span.start..e.span.end].to_string(), e.label.as_str()))
        .collect()
}

fn claim_score(m: &Models, s: &str) -> f32 {
    m.annotate_sentences(&[s], true, false).unwrap()[0].0
}

#[test]
fn tagger_finds_people_organisations_and_places() {
    let m = models();
    let got = entities(
        &m,
        "Russia has lost more than 1,800 tanks, according to NATO.",
    );
    assert!(got.contains(&("NATO".into(), "ORG")), "{got:?}");
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
    let s = "Angela Merkel met officials in Berlin.";
    let tagged = &m.annotate_sentences(&[s], false, true).unwrap()[0].1;
    assert!(!tagged.is_empty());
    for e in tagged {
        assert!(e.score > 0.0 && e.score <= 1.0);
    }
}

#[test]
fn an_article_tags_its_acronym_source_as_an_organisation() {
    // Alone, "according to CSIS." leaves the tagger unsure of an acronym it never saw in training;
    // in an article that spells the name out, every mention is the organisation.
    let pipeline = claimminer::pipeline::Pipeline::load(&Default::default()).unwrap();
    let text = "The Center for Strategic and International Studies (CSIS) published its estimate on Monday.\nRussia has lost more than 1,800 tanks, according to CSIS.\n";
    let doc = pipeline
        .analyze(claimminer::doc::Article {
            id: "csis".into(),
            text: text.into(),
            ..Default::default()
        })
        .unwrap();
    let last = doc.sentences.last().unwrap();
    let found: Vec<(&str, &str)> = last
        .entities
        .iter()
        .map(|e| (&text[e.span.start..e.span.end], e.label.as_str()))
        .collect();
    assert!(found.contains(&("CSIS", "ORG")), "{found:?}");
    assert!(found.contains(&("Russia", "LOC")), "{found:?}");
}

#[test]
fn classifier_prefers_factual_claims() {
    let m = models();
    let claim = claim_score(&m, "Russia has sustained more than 600,000 casualties during the war in Ukraine, Pentagon officials said.");
    let chatter = claim_score(
        &m,
        "Thank you all for coming tonight, it is wonderful to see you.",
    );
    assert!(claim > 0.5, "claim scored {claim}");
    assert!(chatter < 0.2, "chatter scored {chatter}");
}

#[test]
fn corrupt_or_missing_model_files_give_a_clear_error() {
    let dir = scratch("corrupt-models");
    let (classifier, tagger) = copy_models(&dir);
    // Without the encoder that scripts/setup installs, the error says to run it.
    std::fs::remove_file(dir.join("encoder")).unwrap();
    let err = format!("{:#}", Models::load(&dir, None, None).err().unwrap());
    assert!(
        err.contains("encoder") && err.contains("scripts/setup"),
        "{err}"
    );
    std::fs::remove_file(dir.join("runtime")).unwrap();
    link_installed(&dir);
    assert!(dir.join(&classifier).join("meta.json").exists());
    assert!(Models::load(&dir, None, None).is_ok());
    let bin = dir.join(&tagger).join("tagger.bin");
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

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / norm(a) / norm(b)
}

#[test]
fn encoder_gives_token_spans_and_meaningful_vectors() {
    let enc = load_encoder(&default_models_dir()).unwrap();
    let short = "Russia fired 45 drones at Kyiv.";
    let long = "The Pentagon said on Tuesday that more than 600,000 Russian soldiers had been killed or wounded since the invasion began in February 2022.";
    let alone = &enc.encode(&[short]).unwrap()[0];
    assert_eq!(alone.dim, 384);
    let pieces: Vec<&str> = alone
        .tokens
        .iter()
        .map(|t| &short[t.start..t.end])
        .collect();
    assert_eq!(
        pieces,
        ["Russia", "fired", "45", "drones", "at", "Kyiv", "."]
    );
    // Padded in a batch with a longer sentence, the same sentence keeps its tokens and its vectors
    // (activations are quantized per token, so batching changes nothing).
    let together = enc.encode(&[long, short]).unwrap();
    assert_eq!(together[1].tokens, alone.tokens);
    assert_eq!(together[1].vectors, alone.vectors);
    // Sentences that say the same are closer than sentences that do not.
    let v = |s: &str| enc.encode(&[s]).unwrap()[0].sentence_vector();
    let tanks = v("The army lost 300 tanks in the offensive.");
    let same = v("Three hundred tanks were destroyed during the attack.");
    let other = v("The bakery opens at nine on Sundays.");
    assert!(cosine(&tanks, &same) > cosine(&tanks, &other) + 0.2);
    // A word gets the mean of its sub-word tokens.
    let words = claimminer::models::features::word_tokens(short);
    let wv = alone.word_vectors(&words);
    assert_eq!(wv.len(), words.len());
    assert!((cosine(&wv[0], alone.token(0)) - 1.0).abs() < 1e-5);
}

/// The parser's arcs of `s` as (relation, head word, dependent word).
fn arcs(m: &Models, s: &str) -> Vec<(String, String, String)> {
    let heads = claimminer::models::Heads {
        parse: vec![true],
        ..Default::default()
    };
    let a = m.annotate_with(&[s], &heads).unwrap().remove(0);
    let parse = a.parse.expect("the shipped manifest names a parser");
    let words = claimminer::models::features::word_tokens(s);
    assert_eq!(parse.len(), words.len());
    let word = |i: usize| s[words[i].start..words[i].end].to_string();
    (0..words.len())
        .map(|i| {
            let head = parse.head(i).map_or("ROOT".to_string(), word);
            (parse.rel(i).to_string(), head, word(i))
        })
        .collect()
}

#[test]
fn parser_finds_the_arcs_a_reader_sees() {
    let m = models();
    let got = arcs(
        &m,
        "Russia has lost more than 1,800 tanks, according to CSIS.",
    );
    for want in [
        ("nummod", "tanks", "1,800"),
        ("obj", "lost", "tanks"),
        ("nsubj", "lost", "Russia"),
    ] {
        let want = (want.0.to_string(), want.1.to_string(), want.2.to_string());
        assert!(got.contains(&want), "{want:?} not in {got:?}");
    }
    let got = arcs(
        &m,
        "The jobless rate fell to 5.2%, the statistics office said.",
    );
    for want in [("nsubj", "fell", "rate"), ("nsubj", "said", "office")] {
        let want = (want.0.to_string(), want.1.to_string(), want.2.to_string());
        assert!(got.contains(&want), "{want:?} not in {got:?}");
    }
    // Exactly one root, and every word reaches it.
    assert_eq!(got.iter().filter(|a| a.0 == "root").count(), 1, "{got:?}");
}

#[test]
fn parse_command_prints_conllu_a_reader_can_check() {
    let out = claimminer(
        &["parse"],
        Some("The jobless rate fell to 5.2%, the statistics office said.\n\n"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("# text = The jobless rate fell"));
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    // One row per word, ten CoNLL-U columns, exactly one root.
    assert!(rows.iter().all(|r| r.len() == 10));
    assert_eq!(rows.iter().filter(|r| r[6] == "0").count(), 1);
    let form = |id: &str| rows.iter().find(|r| r[0] == id).map(|r| r[1]).unwrap();
    let rate = rows.iter().find(|r| r[1] == "rate").unwrap();
    assert_eq!((rate[7], form(rate[6])), ("nsubj", "fell"));
}

#[test]
fn parse_command_names_a_missing_file() {
    let out = claimminer(&["parse", "no/such/sentences.txt"], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/sentences.txt"));
}
