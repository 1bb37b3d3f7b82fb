//! Classes found with the probe set of general news (`tests/data/news_quantities.txt`): match
//! scores, metres glued to a number in sport, spaced ranges, units of engines and tech specs,
//! changes restated in another unit. Phrasings are our own, apart from the probe's.

use super::tests_news::{rows, v, values};

#[test]
fn a_match_score_is_no_quantity() {
    assert_eq!(
        values("Arsenal won 3-1 at the Emirates in front of 60,000 fans."),
        [v(60000.0, Some("fan"))]
    );
    assert_eq!(values("Spain beat Italy 2-0 on Sunday."), []);
    assert_eq!(values("The hosts sealed a 4-2 victory in extra time."), []);
    assert_eq!(values("Leeds slumped to a 1-3 home defeat."), []);
    assert_eq!(values("The sides drew 1–1 in Madrid."), []);
    assert_eq!(values("The Celtics led 58-51 at half-time."), []);
    // A tally, a range of seats or of percent after a verb stays.
    let r = rows("The party won 2-3 seats.", "usd");
    assert_eq!(
        (r[0].2, r[0].3, r[0].4.as_deref()),
        (Some(2.0), Some(3.0), Some("seat"))
    );
    let r = rows("Shares lost 2-3% in early trade.", "usd");
    assert_eq!((r[0].2, r[0].3), (Some(2.0), Some(3.0)));
    assert_eq!(
        values("The committee voted 7-2 to approve it."),
        [v(7.0, Some("vote")), v(2.0, Some("vote"))]
    );
}
