//! The shipped attribution head, run for real: spans on sentences a person judges easily, and the
//! sources `mine` gives claims through it.

mod common;
use claimminer::doc::{Article, Claim, Doc};
use claimminer::pipeline::Pipeline;
use common::*;

fn pipeline() -> Pipeline {
    let p = Pipeline::load(&Default::default()).expect("shipped models load");
    assert!(
        p.models.attribution.is_some(),
        "models/manifest.json names an attribution head"
    );
    p
}

/// The pipeline with each shipped attribution model in place of its attribution head (the
/// manifest names v5): v1 (the perceptron), v2 (with a BiLSTM context layer), v3 (the layer
/// reading paragraphs and word shapes), v4 (v3 reading the parser's trees), v5 (v1 reading
/// them), v6 (MiniLM fine-tuned on PolNeAR, a graph of its own), v7 (fine-tuned longer,
/// decoded with the tag transitions), v8 (trained as a CRF) and v9 (v8's training from another
/// seed): the judgements below hold for all nine.
fn pipelines() -> Vec<(&'static str, Pipeline)> {
    let finetuned = |version: &'static str| {
        let p = Pipeline::load(&claimminer::pipeline::Config {
            attribution_version: Some(version.into()),
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("{version} loads: {e}"));
        assert!(p.models.attribution.is_none(), "{version} is no perceptron");
        let head = p.models.finetuned.as_ref().expect("a fine-tuned head");
        assert_eq!(head.version, version);
        (version, p)
    };
    let with = |version: &'static str, context: bool, parse: bool| {
        let p = Pipeline::load(&claimminer::pipeline::Config {
            attribution_version: Some(version.into()),
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("{version} loads: {e}"));
        let head = p.models.attribution.as_ref().expect("an attribution head");
        assert_eq!(head.context.is_some(), context, "{version}'s context layer");
        assert_eq!(
            head.parser.as_deref(),
            parse.then_some("parser/v2"),
            "the parser {version} reads"
        );
        (version, p)
    };
    let manifest = pipeline();
    let named = manifest
        .models
        .attribution
        .as_ref()
        .map(|a| a.version().to_string());
    assert_eq!(
        named.as_deref(),
        Some("attribution/v5"),
        "the manifest's head"
    );
    vec![
        with("attribution/v1", false, false),
        with("attribution/v2", true, false),
        with("attribution/v3", true, false),
        with("attribution/v4", true, true),
        with("attribution/v5", false, true),
        finetuned("attribution/v6"),
        finetuned("attribution/v7"),
        finetuned("attribution/v8"),
        finetuned("attribution/v9"),
    ]
}

fn mine(p: &Pipeline, text: &str) -> (Doc, Vec<Claim>) {
    let doc = p
        .mine(Article {
            id: "t".into(),
            text: text.into(),
            ..Default::default()
        })
        .unwrap();
    let claims = doc.claims.clone();
    (doc, claims)
}

/// (source, cue, content) texts of the document's attribution layer.
fn layer(doc: &Doc) -> Vec<(String, String, String)> {
    let t = |s: Option<claimminer::doc::Span>| s.map_or(String::new(), |s| doc.slice(s).into());
    doc.attributions
        .as_ref()
        .expect("an attribution layer")
        .iter()
        .map(|a| (t(a.source), t(a.cue), t(Some(a.content))))
        .collect()
}

#[test]
fn the_organisation_that_said_it_is_the_source() {
    for (version, p) in pipelines() {
        organisation_that_said_it(version, &p);
    }
}

fn organisation_that_said_it(version: &str, p: &Pipeline) {
    let text = "The World Health Organization, in its weekly bulletin released on Monday, said 4,212 cases had been confirmed.";
    let (doc, claims) = mine(p, text);
    let got = layer(&doc);
    // PolNeAR's sources keep their appositives and asides ("X, a spokeswoman for Y,"): the
    // span starts with the organisation; the claim's source is the organisation itself.
    assert!(
        got.iter().any(
            |(s, c, content)| s.starts_with("The World Health Organization")
                && c == "said"
                && content.contains("4,212")
        ),
        "{version}: {got:?}"
    );
    let source = claims[0].source.as_ref().expect("a source");
    // The tagger may take a sentence-opening "The" into the name (the scorer ignores it).
    assert_eq!(
        source.text.trim_start_matches("The "),
        "World Health Organization"
    );
    assert_eq!(source.mention, "The World Health Organization");
    assert_eq!(source.cue, "said");
}

#[test]
fn the_ministry_said_not_the_hospitals() {
    for (version, p) in pipelines() {
        the_ministry_said(version, &p);
    }
}

fn the_ministry_said(version: &str, p: &Pipeline) {
    let text = "The Health Ministry of Ruritania published new figures on Tuesday.\nTwelve regional hospitals have treated 840 patients, the ministry said.\n";
    let (doc, claims) = mine(p, text);
    let got = layer(&doc);
    assert!(
        got.iter()
            .any(|(s, c, content)| s == "the ministry" && c == "said" && content.contains("840")),
        "{version}: {got:?}"
    );
    let claim = claims
        .iter()
        .find(|c| doc.slice(c.quantity.span) == "840")
        .expect("the 840 claim");
    let source = claim.source.as_ref().expect("a source");
    assert_eq!(source.mention, "the ministry");
    // Resolved to the body named before (the tagger may or may not take "of Ruritania" in).
    assert!(source.text.starts_with("Health Ministry"), "{source:?}");
    // The offsets of the mention and the cue, relative to the source's sentence.
    let sentence = doc.sentence_text(source.sentence_index);
    let m = source.mention_span.unwrap();
    let c = source.cue_span.unwrap();
    assert_eq!(&sentence[m.start..m.end], "the ministry");
    assert_eq!(&sentence[c.start..c.end], "said");
}

/// Findings named as the source ("a survey released Tuesday") are their author's, named after
/// "by", whatever span each model gives the source.
#[test]
fn findings_are_their_authors() {
    for (version, p) in pipelines() {
        let text = "Small-business confidence fell 12% in March, according to a survey released \
                    Tuesday by the Federation of Small Businesses.";
        let (doc, claims) = mine(&p, text);
        let claim = claims
            .iter()
            .find(|c| doc.slice(c.quantity.span) == "12%")
            .unwrap_or_else(|| panic!("{version}: the 12% claim in {claims:?}"));
        let source = claim.source.as_ref().expect("a source");
        assert!(
            source.text.ends_with("Federation of Small Businesses"),
            "{version}: {source:?}"
        );
    }
}

#[test]
fn the_articles_own_voice_has_no_source() {
    for (version, p) in pipelines() {
        let text =
            "The bridge, which opened in 1998, carries 45,000 vehicles a day across the river.";
        let (doc, claims) = mine(&p, text);
        assert!(layer(&doc).is_empty(), "{version}: {:?}", layer(&doc));
        assert!(
            claims.iter().all(|c| c.source.is_none()),
            "{version}: {claims:?}"
        );
    }
}

#[test]
fn mine_writes_the_offsets_of_mention_and_cue() {
    let dir = scratch("attribution-offsets");
    let input = dir.join("a.txt");
    let text = "Officials at the port said 3,100 containers were waiting.\n";
    std::fs::write(&input, text).unwrap();
    // The manifest's head, then the fine-tuned ones: each record names the head that ran.
    for (extra, model) in [
        (vec![], "attribution/v5"),
        (vec!["--model", "attribution/v6"], "attribution/v6"),
        (vec!["--model", "attribution/v7"], "attribution/v7"),
        (vec!["--model", "attribution/v8"], "attribution/v8"),
        (vec!["--model", "attribution/v9"], "attribution/v9"),
    ] {
        let mut args = vec!["mine", "-q", input.to_str().unwrap()];
        args.extend(extra);
        let o = claimminer(&args, None);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let lines = jsonl(&String::from_utf8_lossy(&o.stdout));
        assert_eq!(lines[0]["models"]["attribution"], model);
        let source = &lines[0]["source"];
        let chars: Vec<char> = text.chars().collect();
        let span = |a: &str, b: &str| -> String {
            let (a, b) = (source[a].as_u64().unwrap(), source[b].as_u64().unwrap());
            chars[a as usize..b as usize].iter().collect()
        };
        assert_eq!(
            span("start", "end"),
            source["mention"].as_str().unwrap(),
            "{model}"
        );
        assert_eq!(span("cue_start", "cue_end"), "said", "{model}");
    }
}

const ONE_ARTICLE: &str = "Twelve regional hospitals have treated 840 patients, the ministry said.";

/// A one-article folder laid out like the corpus: `ONE_ARTICLE` with the ministry as source and
/// "said" as cue, and the content annotation line `content` (brat `T1`).
fn polnear_folder(name: &str, content: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    std::fs::create_dir_all(dir.join("text")).unwrap();
    std::fs::create_dir_all(dir.join("attributions")).unwrap();
    std::fs::write(dir.join("text/one.txt"), ONE_ARTICLE).unwrap();
    std::fs::write(
        dir.join("attributions/one_a1.ann"),
        format!(
            "{content}T2\tSource 53 65\tthe ministry\nT3\tCue 66 70\tsaid\n\
             E1\tAttribution:T3 Content:T1 Cue:T3 Source:T2\n"
        ),
    )
    .unwrap();
    dir
}

#[test]
fn eval_attribution_scores_a_polnear_folder() {
    let dir = polnear_folder(
        "polnear-eval",
        "T1\tContent 0 51\tTwelve regional hospitals have treated 840 patients\n",
    );
    // The manifest's head, then the fine-tuned ones.
    for (extra, model) in [
        (vec![], "attribution/v5"),
        (vec!["--model", "attribution/v6"], "attribution/v6"),
        (vec!["--model", "attribution/v7"], "attribution/v7"),
        (vec!["--model", "attribution/v8"], "attribution/v8"),
        (vec!["--model", "attribution/v9"], "attribution/v9"),
    ] {
        let mut args = vec!["eval-attribution", "--polnear", dir.to_str().unwrap()];
        args.extend(extra);
        let o = claimminer(&args, None);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["model"], model);
        for role in ["source", "cue", "content"] {
            for kind in ["exact", "overlap"] {
                let f1 = v[role][kind]["f1"].as_f64().unwrap();
                assert!((0.0..=1.0).contains(&f1), "{v}");
            }
        }
        assert_eq!(v["source"]["exact"]["f1"].as_f64(), Some(1.0), "{v}");
        assert_eq!(v["cue"]["exact"]["f1"].as_f64(), Some(1.0), "{v}");
        assert_eq!(v["articles"].as_u64(), Some(1));
    }
}

/// What the fine-tuning script reads: each word of each sentence with its gold tag.
#[test]
fn polnear_words_writes_each_word_with_its_gold_tag() {
    let dir = polnear_folder(
        "polnear-words",
        "T1\tContent 0 51\tTwelve regional hospitals have treated 840 patients\n",
    );
    let out = dir.join("words.jsonl");
    let o = claimminer(
        &[
            "train",
            "polnear-words",
            "--polnear",
            dir.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines = read_jsonl(&out);
    assert_eq!(lines.len(), 1);
    let article = &lines[0];
    let text = article["text"].as_str().unwrap();
    // (word, tag) pairs of every sentence, tags named (the file's indices are into TAGS).
    let tags = claimminer::models::attribution::TAGS;
    let words: Vec<(String, &str)> = article["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            let spans = s["words"].as_array().unwrap().clone();
            let gold = s["gold"].as_array().unwrap().clone();
            spans.into_iter().zip(gold).map(|(w, g)| {
                let (a, b) = (
                    w[0].as_u64().unwrap() as usize,
                    w[1].as_u64().unwrap() as usize,
                );
                (text[a..b].to_string(), tags[g.as_u64().unwrap() as usize])
            })
        })
        .collect();
    let tag_of = |w: &str| words.iter().find(|(x, _)| x == w).map(|(_, t)| *t);
    assert_eq!(tag_of("Twelve"), Some("B-CONTENT"), "{words:?}");
    assert_eq!(tag_of("840"), Some("I-CONTENT"));
    assert_eq!(tag_of("ministry"), Some("I-SOURCE"));
    assert_eq!(tag_of("said"), Some("B-CUE"));
    assert_eq!(article["gold"]["cue"][0], serde_json::json!([66, 70]));
}

#[test]
fn eval_attribution_writes_each_wrong_span() {
    // A content that starts one word late: no prediction can match it exactly.
    let dir = polnear_folder(
        "polnear-errors",
        "T1\tContent 7 51\tregional hospitals have treated 840 patients\n",
    );
    let text = ONE_ARTICLE;
    let errors = dir.join("errors.jsonl");
    let o = claimminer(
        &[
            "eval-attribution",
            "--polnear",
            dir.to_str().unwrap(),
            "--errors",
            errors.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let records = read_jsonl(&errors);
    // One record for each prediction with no exact match and each gold span none overlaps.
    let expected: u64 = ["source", "cue", "content"]
        .iter()
        .map(|r| v[r]["exact"]["fp"].as_u64().unwrap() + v[r]["overlap"]["fn"].as_u64().unwrap())
        .sum();
    assert!(expected >= 1, "{v}");
    assert_eq!(records.len() as u64, expected, "{records:?}");
    for r in &records {
        let span = &r["span"];
        let (a, b) = (
            span["start"].as_u64().unwrap(),
            span["end"].as_u64().unwrap(),
        );
        assert_eq!(span["text"], text[a as usize..b as usize], "{r}");
        assert!(
            ["predicted", "missed"].contains(&r["kind"].as_str().unwrap()),
            "{r}"
        );
    }
    let content = records.iter().find(|r| r["role"] == "content").unwrap();
    let gold = match content["kind"].as_str() {
        Some("predicted") => &content["gold"],
        _ => &content["span"],
    };
    assert_eq!(gold["text"], "regional hospitals have treated 840 patients");
    // Two versions and one errors file: refused, naming why.
    let o = claimminer(
        &[
            "eval-attribution",
            "--polnear",
            dir.to_str().unwrap(),
            "--model",
            "attribution/v1",
            "--model",
            "attribution/v1",
            "--errors",
            errors.to_str().unwrap(),
        ],
        None,
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("one --model"));
}

/// The meta.json of a trained model folder.
fn meta_of(out: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("meta.json")).unwrap()).unwrap()
}

/// `train attribution` for one epoch on the first 6 PolNeAR training articles, with a development
/// folder of one article made up for the test (`name`), into `out`, with `extra` arguments; it
/// must succeed. Gives its log and the development folder.
fn train_on_six_articles(
    name: &str,
    out: &std::path::Path,
    extra: &[&str],
) -> (String, std::path::PathBuf) {
    let dev = polnear_folder(
        name,
        "T1\tContent 0 51\tTwelve regional hospitals have treated 840 patients\n",
    );
    let train = shared().join("data/attribution/polnear/train");
    let mut args = vec![
        "train",
        "attribution",
        "--polnear-train",
        train.to_str().unwrap(),
        "--max-articles",
        "6",
        "--dev",
        dev.to_str().unwrap(),
        "--epochs",
        "1",
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = claimminer(&args, None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (String::from_utf8_lossy(&o.stderr).into_owned(), dev)
}

/// `train attribution` with v3's context layer, on a few PolNeAR articles: the layer it writes
/// reads paragraphs and word shapes and gives the perceptron log-probabilities, as asked, and the
/// model loads back with it.
#[test]
fn train_attribution_writes_a_context_layer_as_asked() {
    let out = scratch("attribution-v3-small")
        .join("attribution")
        .join("t");
    let (log, _) = train_on_six_articles(
        "polnear-train-dev",
        &out,
        &[
            "--context",
            "8",
            "--context-epochs",
            "1",
            "--context-reach",
            "paragraph",
            "--context-shape",
            "--context-log",
            "--context-folds",
            "3",
        ],
    );
    assert!(log.contains("fold 2 of 3"), "{log}");
    let meta = meta_of(&out);
    let settings = &meta["settings"];
    assert_eq!(settings["context_reach"], "paragraph", "{meta}");
    assert_eq!(settings["context_folds"], 3, "{meta}");
    assert!(meta["kind"].as_str().unwrap().contains("log-probabilities"));
    let model =
        claimminer::models::attribution::AttributionTagger::load(&out.join("attribution.bin"), "t")
            .unwrap();
    let c = model.context.as_ref().expect("a context layer beside it");
    assert_eq!(
        c.reach,
        claimminer::models::attribution_context::Reach::Paragraph
    );
    assert!(c.shape && c.log);
    assert_eq!(
        c.input,
        384 + claimminer::models::attribution::SHAPE_FEATURES
    );
    assert_eq!(c.width, 8);
}

/// `train attribution --parser`: the perceptron reads the parser's trees, its `meta.json` says
/// which parser, `eval-attribution` parses with it, and `mine` runs it only with that parser loaded
/// (a models folder without it is refused, naming it).
#[test]
fn train_attribution_reads_the_parse_it_is_given() {
    let models = scratch("attribution-parse-models");
    copy_models(&models);
    let out = models.join("attribution").join("tp");
    let (log, dev) = train_on_six_articles(
        "polnear-parse-dev",
        &out,
        &[
            "--models",
            models.to_str().unwrap(),
            "--parser",
            "parser/v2",
        ],
    );
    assert!(
        log.contains("parsed every sentence with parser/v2"),
        "{log}"
    );
    let meta = meta_of(&out);
    assert_eq!(meta["settings"]["parser"], "parser/v2", "{meta}");
    assert!(meta["kind"]
        .as_str()
        .unwrap()
        .contains("parser/v2 dependency tree"));
    // eval-attribution reads the tree the model needs.
    let o = claimminer(
        &[
            "eval-attribution",
            "--models",
            models.to_str().unwrap(),
            "--model",
            "attribution/tp",
            "--polnear",
            dev.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["model"], "attribution/tp");
    // mine: with the checksums of the new files, it runs; without the parser, it is refused.
    let sum = |rel: &str| {
        use sha2::Digest;
        let bytes = std::fs::read(models.join(rel)).unwrap();
        format!("{:x}  {rel}\n", sha2::Sha256::digest(&bytes))
    };
    let mut sums = std::fs::read_to_string(models.join("SHA256SUMS")).unwrap();
    sums.push_str(&sum("attribution/tp/attribution.bin"));
    sums.push_str(&sum("attribution/tp/meta.json"));
    std::fs::write(models.join("SHA256SUMS"), &sums).unwrap();
    let mine = |models: &std::path::Path| {
        claimminer(
            &[
                "mine",
                "-q",
                "--models",
                models.to_str().unwrap(),
                "--model",
                "attribution/tp",
                "-",
            ],
            Some("{\"id\": \"a\", \"text\": \"Twelve regional hospitals have treated 840 patients, the ministry said.\"}\n"),
        )
    };
    let o = mine(&models);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let claims = jsonl(&String::from_utf8_lossy(&o.stdout));
    assert!(
        claims.iter().any(|c| c["quantity"]["value"] == 840.0),
        "{claims:?}"
    );
    let manifest = models.join("manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    m["parser"] = serde_json::Value::Null;
    std::fs::write(&manifest, m.to_string()).unwrap();
    let resummed: String = sums
        .lines()
        .filter(|l| !l.ends_with("  manifest.json"))
        .map(|l| format!("{l}\n"))
        .chain([sum("manifest.json")])
        .collect();
    std::fs::write(models.join("SHA256SUMS"), resummed).unwrap();
    let o = mine(&models);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("reads the trees of parser/v2") && err.contains("no parser"),
        "{err}"
    );
}
