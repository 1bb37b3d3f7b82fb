use claimminer::{extract::extract_sentence, read::take_date_marker, split::split_sentences};
fn main() {
    for path in std::env::args().skip(1) {
        let raw = std::fs::read_to_string(&path).unwrap();
        let (_, text) = take_date_marker(&raw);
        for (span, _) in split_sentences(text) {
            let s = &text[span.start..span.end];
            for q in extract_sentence(s) {
                println!(
                    "{:<40} v={:?} l={:?} h={:?} {:<10} unit={:?} | {}",
                    &s[q.span.start..q.span.end],
                    q.value,
                    q.low,
                    q.high,
                    q.bound.as_str(),
                    q.unit.as_ref().map(|u| &u.text),
                    &s[..s.len().min(60)]
                );
            }
        }
    }
}
