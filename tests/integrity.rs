//! Model files are checked against their checksum lists before they are used: a corrupt head,
//! encoder graph or runtime library stops the run with exit 2, the file and the fix, never a run
//! with different claims or a crash. Each test corrupts a copy in a scratch models folder.

mod common;
use common::*;

/// Flips one byte in the middle: same size, different content.
fn flip_a_byte(path: &std::path::Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    std::fs::write(path, bytes).unwrap();
}

fn mine_with(models: &std::path::Path) -> std::process::Output {
    claimminer(
        &["mine", "-q", "--models", models.to_str().unwrap(), "seeds"],
        None,
    )
}

fn assert_refused(o: &std::process::Output, file: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(o.stdout.is_empty(), "nothing mined");
    assert!(
        err.contains(file)
            && err.contains("checksum")
            && (err.contains("git checkout") || err.contains("scripts/setup")),
        "names {file}, the check and the fix: {err}"
    );
}

#[test]
fn an_intact_copy_of_the_models_mines() {
    let dir = scratch("models-intact");
    copy_models(&dir);
    let o = mine_with(&dir);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!o.stdout.is_empty());
}

#[test]
fn a_head_changed_without_changing_its_size_is_refused() {
    for head in ["tagger.bin", "classifier.bin"] {
        let dir = scratch("models-head");
        let (classifier, tagger) = copy_models(&dir);
        let version = if head == "tagger.bin" {
            tagger
        } else {
            classifier
        };
        flip_a_byte(&dir.join(version).join(head));
        assert_refused(&mine_with(&dir), head);
    }
}

#[test]
fn a_changed_encoder_graph_is_refused() {
    let dir = scratch("models-graph");
    copy_models(&dir);
    let graph = copy_installed(&dir, "encoder/encoder.int8.onnx");
    flip_a_byte(&graph);
    assert_refused(&mine_with(&dir), "encoder.int8.onnx");
}

#[test]
fn a_truncated_runtime_library_is_refused_before_it_is_loaded() {
    let dir = scratch("models-runtime");
    copy_models(&dir);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let lib = manifest["encoder"]["onnxruntime"].as_str().unwrap();
    let copy = copy_installed(&dir, lib);
    let len = std::fs::metadata(&copy).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&copy)
        .unwrap()
        .set_len(len / 3)
        .unwrap();
    let o = mine_with(&dir);
    assert_refused(&o, "libonnxruntime");
}

#[test]
fn a_model_file_no_checksum_list_names_is_refused() {
    let dir = scratch("models-unlisted");
    copy_models(&dir);
    std::fs::write(dir.join("SHA256SUMS"), "").unwrap();
    let o = mine_with(&dir);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("not listed"), "{err}");
}
