//! `claimminer eval-quantities` on the public quantity test sets (no models): the grammar's figures
//! stay above floors measured on the current code, so a regression fails.

mod common;
use common::*;

/// (file, value F1 floor, value+unit F1 floor): a little under what the grammar reaches, and not
/// under issue 11's targets (quantulum3 value 0.95, value+unit 0.85; Recognizers-Text numbers,
/// currency and dimensions value 0.92).
const FLOORS: &[(&str, f64, f64)] = &[
    ("quantities.json", 0.95, 0.89),
    ("quantities.ambiguity.json", 0.89, 0.74),
    ("NumberWithUnit_English_AgeModel.json", 0.89, 0.89),
    ("NumberWithUnit_English_CurrencyModel.json", 0.92, 0.92),
    ("NumberWithUnit_English_DimensionModel.json", 0.94, 0.90),
    ("NumberWithUnit_English_TemperatureModel.json", 0.94, 0.94),
    ("Number_English_NumberModel.json", 0.92, 0.92),
    ("Number_English_NumberRangeModel.json", 0.82, 0.80),
    ("Number_English_PercentModel.json", 0.83, 0.83),
];

#[test]
fn grammar_scores_stay_above_their_floors() {
    let dir = shared().join("data/quantities");
    let o = claimminer(&["eval-quantities", dir.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let files: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files = files.as_array().unwrap();
    for (name, value_floor, unit_floor) in FLOORS {
        let f = files
            .iter()
            .find(|f| f["file"] == *name)
            .unwrap_or_else(|| panic!("{name} not scored"));
        let value = f["value"]["f1"].as_f64().unwrap();
        let value_unit = f["value_unit"]["f1"].as_f64().unwrap();
        assert!(
            value >= *value_floor,
            "{name}: value F1 {value} < {value_floor}"
        );
        assert!(
            value_unit >= *unit_floor,
            "{name}: value+unit F1 {value_unit} < {unit_floor}"
        );
        assert!(f["rule"].as_str().is_some_and(|r| !r.is_empty()));
    }
}

/// The project's own general-news sentences (`tests/data/news-quantities`, annotated by
/// ANNOTATION.md's conventions, two files by two hands): the build scores value F1 0.967 and
/// 0.960, value+unit 0.913 and 0.905; the floors are issue 11's targets for the kept-back
/// general-news benchmark.
#[test]
fn news_sentences_stay_above_the_targets() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/news-quantities");
    let o = claimminer(&["eval-quantities", dir.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let files: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for (k, (name, gold)) in [("news.json", 302), ("news2.json", 334)]
        .into_iter()
        .enumerate()
    {
        let news = &files[k];
        assert_eq!(news["file"], name);
        assert_eq!(news["gold"], gold);
        let value = news["value"]["f1"].as_f64().unwrap();
        let value_unit = news["value_unit"]["f1"].as_f64().unwrap();
        assert!(value >= 0.93, "{name}: value F1 {value}");
        assert!(value_unit >= 0.87, "{name}: value+unit F1 {value_unit}");
        assert!(news["rule"]
            .as_str()
            .unwrap()
            .contains("counted nouns are units"));
    }
}

#[test]
fn a_folder_without_test_files_is_named_in_the_error() {
    let dir = scratch("no-quantities");
    let o = claimminer(&["eval-quantities", dir.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(dir.to_str().unwrap()), "{err}");
}
