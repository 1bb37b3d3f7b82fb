//! The quantity grammar and the date finder on arbitrary text: no panic, spans on char boundaries
//! inside the text, values consistent with their bound.
#![no_main]
use claimminer::attach::date::find_time_expressions;
use claimminer::doc::Bound;
use claimminer::extract::{extract_sentence, tokens::tokenize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    for q in extract_sentence(s) {
        assert!(q.span.start < q.span.end && q.span.end <= s.len());
        assert!(s.is_char_boundary(q.span.start) && s.is_char_boundary(q.span.end));
        match q.bound {
            Bound::Range => assert!(q.value.is_none() && q.low.is_some() && q.high.is_some()),
            _ => assert!(q.value.is_some()),
        }
        if let Some(span) = q.unit.and_then(|u| u.span) {
            assert!(span.end <= s.len() && s.is_char_boundary(span.start) && s.is_char_boundary(span.end));
        }
    }
    let toks = tokenize(s);
    for e in find_time_expressions(&toks, chrono::NaiveDate::from_ymd_opt(2025, 6, 1)) {
        assert!(e.start <= e.end && e.end <= s.len());
    }
});
