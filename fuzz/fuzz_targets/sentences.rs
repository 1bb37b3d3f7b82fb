//! The sentence splitter on arbitrary text: no panic, sorted non-overlapping trimmed spans on char
//! boundaries, none longer than the cap.
#![no_main]
use claimminer::split::{split_sentences, MAX_SENTENCE_BYTES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let mut last_end = 0;
    for (span, _) in split_sentences(s) {
        assert!(span.start >= last_end && span.start < span.end && span.end <= s.len());
        assert!(s.is_char_boundary(span.start) && s.is_char_boundary(span.end));
        assert!(span.end - span.start <= MAX_SENTENCE_BYTES);
        let piece = &s[span.start..span.end];
        assert_eq!(piece, piece.trim());
        last_end = span.end;
    }
});
