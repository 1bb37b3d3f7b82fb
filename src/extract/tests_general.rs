//! Classes found with the probe set of general news (`tests/data/news_quantities.txt`): match
//! scores, metres glued to a number in sport, spaced ranges, units of engines and tech specs,
//! changes restated in another unit. Phrasings are our own, apart from the probe's.

use super::tests_news::{rows, v, values};
use crate::doc::Change;

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
    assert_eq!(values("Djokovic won 6-3, 6-4, 7-5 on Sunday."), []);
    assert_eq!(values("Swiatek beat her 6-1 and 6-2."), []);
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

#[test]
fn an_m_of_a_distance_in_sport_is_metres() {
    assert_eq!(
        values("Bolt ran 100m in 9.58 seconds."),
        [v(100.0, Some("meter")), v(9.58, Some("second"))]
    );
    assert_eq!(
        values("She swam the 200m freestyle in 1:54.3."),
        [v(200.0, Some("meter")), v(114.3, Some("second"))]
    );
    assert_eq!(
        values("He won the 400m hurdles."),
        [v(400.0, Some("meter"))]
    );
    assert_eq!(
        values("She cleared 2.01m to take gold."),
        [v(2.01, Some("meter"))]
    );
    assert_eq!(
        values("The Pole threw 68.5m with his last attempt."),
        [v(68.5, Some("meter"))]
    );
    // Millions stay millions.
    assert_eq!(
        values("The bank cleared 1.2m cheques last year."),
        [v(1.2e6, Some("cheque"))]
    );
    assert_eq!(
        values("The app gained 2m users in 24 hours."),
        [v(2e6, Some("user")), v(24.0, Some("hour"))]
    );
    assert_eq!(
        values("The club sold 1.5m shirts."),
        [v(1.5e6, Some("shirt"))]
    );
}

#[test]
fn a_range_may_be_written_with_a_spaced_hyphen() {
    let r = rows("Prices range from 1000 - 5000 dollars.", "usd");
    assert_eq!(
        (r.len(), r[0].2, r[0].3, r[0].4.as_deref()),
        (1, Some(1000.0), Some(5000.0), Some("usd"))
    );
    let r = rows("Each site employs 40 - 60 staff.", "usd");
    assert_eq!(
        (r[0].2, r[0].3, r[0].4.as_deref()),
        (Some(40.0), Some(60.0), Some("staff"))
    );
}

#[test]
fn news_of_a_free_trial_is_no_advertising() {
    assert_eq!(
        values("The streaming service will cost £1.99 a month following a free trial."),
        [v(1.99, Some("gbp per month"))]
    );
    assert_eq!(
        values("Sign-ups to the free trial rose 40% in May."),
        [v(40.0, Some("percent"))]
    );
    assert_eq!(
        values("Start your free trial today for just £4.99 a month."),
        []
    );
}

#[test]
fn engines_are_rated_in_torque_and_metric_horsepower() {
    assert_eq!(
        values("The diesel makes 400Nm of torque."),
        [v(400.0, Some("newton meter"))]
    );
    assert_eq!(
        values("Torque rises to 320 Nm in the sport version."),
        [v(320.0, Some("newton meter"))]
    );
    assert_eq!(
        values("It delivers 350 newton metres from 1,500rpm."),
        [
            v(350.0, Some("newton meter")),
            v(1500.0, Some("revolution per minute"))
        ]
    );
    assert_eq!(
        values("The 2.0-litre unit develops 190PS."),
        [v(2.0, Some("liter")), v(190.0, Some("metric horsepower"))]
    );
    assert_eq!(
        values("Sony sold 50 million PS5 consoles."),
        [v(5e7, Some("console"))]
    );
}

#[test]
fn a_magnitude_of_a_number_is_a_magnitude() {
    assert_eq!(
        values("The tremor had a magnitude of 5.4, the survey said."),
        [v(5.4, Some("magnitude"))]
    );
    assert_eq!(
        values("A quake with a preliminary magnitude of 6.1 struck at a depth of 10km."),
        [v(6.1, Some("magnitude")), v(10.0, Some("kilometer"))]
    );
}

#[test]
fn a_change_restated_in_another_unit_keeps_its_direction() {
    let changes = |s: &str| rows(s, "usd").into_iter().map(|r| r.6).collect::<Vec<_>>();
    let down = Some(Change::Decrease);
    let up = Some(Change::Increase);
    assert_eq!(
        changes("Sales declined by $450 million, or 6%."),
        [down, down]
    );
    assert_eq!(
        changes("The Nasdaq shed 1.2%, or 190 points, on Monday."),
        [down, down]
    );
    assert_eq!(changes("Exports rose 12% (£3bn) last year."), [up, up]);
    assert_eq!(changes("Profit grew £40m, or about 9 per cent."), [up, up]);
    // A level after "or" is no restatement of a change.
    assert_eq!(changes("Profit grew 9% to £480m."), [up, None]);
}

#[test]
fn a_verb_of_change_in_the_present_or_participle_states_a_change() {
    let changes = |s: &str| rows(s, "usd").into_iter().map(|r| r.6).collect::<Vec<_>>();
    let down = Some(Change::Decrease);
    let up = Some(Change::Increase);
    assert_eq!(changes("The grocer is cutting prices by 5%."), [down]);
    assert_eq!(
        changes("The bank lowers its forecast by 0.3 percentage points."),
        [down]
    );
    assert_eq!(
        changes("Shares were trading 4% lower, shedding 12p."),
        [down, down]
    );
    assert_eq!(changes("The firm is raising prices by 8% in April."), [up]);
    assert_eq!(changes("The index is adding 40 points."), [up]);
    // Money raised is collected, not a change.
    assert_eq!(changes("The startup is raising $20m."), [None]);
}

#[test]
fn a_number_then_higher_or_lower_is_a_change() {
    let changes = |s: &str| rows(s, "usd").into_iter().map(|r| r.6).collect::<Vec<_>>();
    assert_eq!(
        changes("The FTSE closed 0.4% higher."),
        [Some(Change::Increase)]
    );
    assert_eq!(
        changes("Brent settled $1.20 lower at $81.40."),
        [Some(Change::Decrease), None]
    );
}

#[test]
fn a_count_per_a_counted_thing_is_a_rate() {
    assert_eq!(
        values("He is averaging 27.4 points per game."),
        [v(27.4, Some("point per game"))]
    );
    assert_eq!(
        values("The fertility rate fell to 1.49 children per woman."),
        [v(1.49, Some("child per woman"))]
    );
    assert_eq!(
        values("The striker scored 0.8 goals per match last season."),
        [v(0.8, Some("goal per match"))]
    );
    // "per" before a number or a name is no rate of a counted thing.
    assert_eq!(
        values("There were 15 deaths per 100,000 people."),
        [v(15.0, Some("death")), v(100000.0, Some("person"))]
    );
}

#[test]
fn a_word_of_addition_names_no_kind_of_thing() {
    assert_eq!(
        values("The retailer will open 50 new stores."),
        [v(50.0, Some("store"))]
    );
    assert_eq!(
        values("The Pentagon is sending 2,000 additional troops."),
        [v(2000.0, Some("troop"))]
    );
    assert_eq!(
        values("Employers added 275,000 new jobs in February."),
        [v(275000.0, Some("job"))]
    );
    // A kind stays: "electric vehicles", "registered voters".
    assert_eq!(
        values("The firm built 40,000 new electric vehicles."),
        [v(40000.0, Some("electric vehicle"))]
    );
}

#[test]
fn a_camera_is_rated_in_megapixels() {
    assert_eq!(
        values("The phone has a 200MP main camera and a 12 MP ultrawide."),
        [v(200.0, Some("megapixel")), v(12.0, Some("megapixel"))]
    );
    // Members of parliament are no pixels.
    let mps = values("Some 650 MPs voted on the bill.");
    assert_eq!(mps[0].0, 650.0);
    assert_ne!(mps[0].1.as_deref(), Some("megapixel"));
}

#[test]
fn a_fraction_of_a_point_is_of_a_percentage_point() {
    let pp = |x: f64| v(x, Some("percentage point"));
    assert_eq!(values("The Fed delivered a quarter-point cut."), [pp(0.25)]);
    assert_eq!(values("The bank cut rates by a quarter point."), [pp(0.25)]);
    assert_eq!(values("Markets expect a half-point hike."), [pp(0.5)]);
    assert_eq!(
        values("Rates rose half a point to 5.5%."),
        [pp(0.5), v(5.5, Some("percent"))]
    );
    assert_eq!(
        values("Yields climbed three-quarters of a point."),
        [pp(0.75)]
    );
    // A fraction of something else stays a fraction.
    assert_eq!(
        values("A quarter of voters switched."),
        [v(0.25, Some("fraction"))]
    );
}

#[test]
fn a_penny_or_a_cent_stated_as_a_change_is_one_unit_of_money() {
    let r = rows("Petrol rose by a penny a litre last week.", "usd");
    assert_eq!(
        (r.len(), r[0].1, r[0].4.as_deref(), r[0].6),
        (
            1,
            Some(1.0),
            Some("penny per liter"),
            Some(Change::Increase)
        )
    );
    assert_eq!(
        values("Shares fell a cent to $1.20."),
        [v(1.0, Some("cent")), v(1.2, Some("usd"))]
    );
    // Not after a change: "a penny" is no claim ("not a penny more").
    assert_eq!(values("He would not pay a penny for it."), []);
}

#[test]
fn a_verb_of_change_reaches_over_its_object_to_by() {
    let changes = |s: &str| rows(s, "usd").into_iter().map(|r| r.6).collect::<Vec<_>>();
    assert_eq!(
        changes("The drug cut the risk of death by 20%."),
        [Some(Change::Decrease)]
    );
    assert_eq!(
        changes("The firm raised the price of its plan by $2."),
        [Some(Change::Increase)]
    );
    // A number before "by" ends the object.
    assert_eq!(
        changes("They cut 300 jobs in the unit, by 2025 they said."),
        [Some(Change::Decrease)]
    );
}
#[test]
fn scientific_notation_may_be_spaced() {
    assert_eq!(
        values("The sample held 1.5 × 10^6 cells."),
        [v(1.5e6, Some("cell"))]
    );
    assert_eq!(
        values("The star weighs about 2.5 x 10^30 kg."),
        [v(2.5e30, Some("kilogram"))]
    );
    // A product of two numbers is no power of ten.
    let r = values("The room measures 3 x 4 metres.");
    assert!(r.iter().all(|(v, _)| *v != 12.0), "{r:?}");
}
#[test]
fn a_list_of_changes_of_one_verb_shares_its_direction() {
    let changes = |s: &str| rows(s, "usd").into_iter().map(|r| r.6).collect::<Vec<_>>();
    let up = Some(Change::Increase);
    let down = Some(Change::Decrease);
    assert_eq!(
        changes("GDP grew 0.6% quarter on quarter and 2.1% year on year."),
        [up, up]
    );
    assert_eq!(
        changes("Sales fell 3% in May and 5% in June."),
        [down, down]
    );
    assert_eq!(
        changes("Exports rose 4% and 6% in successive quarters."),
        [up, up]
    );
    // Another unit after "and" is a new statement; so is a clause with its own words.
    assert_eq!(changes("Sales rose 5% and 300 jobs went."), [up, None]);
    assert_eq!(changes("Sales rose 5% and margins were 12%."), [up, None]);
}
#[test]
fn news_of_a_discount_is_no_advertising() {
    assert_eq!(
        values(
            "Retailers offered up to 70% off on Black Friday, a survey of 2,000 shoppers found."
        ),
        [v(70.0, Some("percent")), v(2000.0, Some("shopper"))]
    );
    assert_eq!(values("Get 20% off your first order with this code."), []);
    assert_eq!(
        values("Save 15% off all garden furniture this weekend."),
        []
    );
}

#[test]
fn a_price_per_month_or_per_diluted_share() {
    assert_eq!(
        values("The plan costs $9.99/mo after launch."),
        [v(9.99, Some("usd per month"))]
    );
    assert_eq!(
        values("Parking will cost £35/wk."),
        [v(35.0, Some("gbp per week"))]
    );
    assert_eq!(
        values("Net income was $2.10 per diluted share."),
        [v(2.1, Some("usd per share"))]
    );
}
#[test]
fn a_share_that_things_make_up_is_no_change() {
    let changes = |s: &str| rows(s, "usd").into_iter().map(|r| r.6).collect::<Vec<_>>();
    assert_eq!(changes("Women make up 40% of buyers."), [None]);
    assert_eq!(changes("Rent takes up 35% of income."), [None]);
    assert_eq!(
        changes("Shares closed up 4% on Friday."),
        [Some(Change::Increase)]
    );
}
#[test]
fn a_rate_glued_to_a_price_is_per_that_period() {
    assert_eq!(
        values("The service costs £7.99pm."),
        [v(7.99, Some("gbp per month"))]
    );
    assert_eq!(
        values("Rooms in the city average £1,200pcm."),
        [v(1200.0, Some("gbp per month"))]
    );
    assert_eq!(
        values("The shift pays £350pw."),
        [v(350.0, Some("gbp per week"))]
    );
    // A time of day stays out.
    assert_eq!(values("The shop opens at 7pm."), []);
}

#[test]
fn gulf_currencies_written_before_the_amount() {
    assert_eq!(
        values("Aramco paid SR 75bn in dividends."),
        [v(7.5e10, Some("sar"))]
    );
    assert_eq!(values("Doha spent QR 20bn."), [v(2e10, Some("qar"))]);
}
#[test]
fn a_level_a_count_changed_to_counts_the_subject() {
    assert_eq!(
        values("Job vacancies fell by 58,000 to 957,000."),
        [v(58000.0, Some("vacancy")), v(957000.0, Some("vacancy"))]
    );
    assert_eq!(
        values("Subscribers grew to 260 million."),
        [v(2.6e8, Some("subscriber"))]
    );
    assert_eq!(
        values("Passenger numbers climbed 12% to 4.1 million."),
        [v(12.0, Some("percent")), v(4.1e6, Some("passenger"))]
    );
    assert_eq!(
        values("The number of cases rose 5% to 12,400."),
        [v(5.0, Some("percent")), v(12400.0, Some("case"))]
    );
    // A price or a rate is no count of its subject.
    assert_eq!(
        values("Shares rose 3% to 120."),
        [v(3.0, Some("percent")), v(120.0, None)]
    );
}

#[test]
fn a_scaled_decimal_is_exact() {
    assert_eq!(super::scaled(4.1, 1e6), 4_100_000.0);
    assert_eq!(super::scaled(0.3, 1e9), 300_000_000.0);
    assert_eq!(super::scaled(-2.7, 1e3), -2700.0);
    assert_eq!(super::scaled(1.5, 1e7), 15_000_000.0);
    assert_eq!(super::scaled(2.0, 12.0), 24.0);
    assert_eq!(
        values("Sales hit 4.1 million units."),
        [v(4.1e6, Some("unit"))]
    );
    assert_eq!(values("The deal is worth $8.7bn."), [v(8.7e9, Some("usd"))]);
}
#[test]
fn a_number_in_a_product_name_before_a_verb_is_no_count() {
    assert_eq!(
        values("The iPhone 15 costs £799, £100 more than before."),
        [v(799.0, Some("gbp")), v(100.0, Some("gbp"))]
    );
    assert_eq!(
        values("Windows 11 runs on 400 million devices."),
        [v(4e8, Some("device"))]
    );
    // A count of things after a name stays ("Tesla 500 cars" style lists).
    assert_eq!(
        values("The Pixel 8 sells for $699."),
        [v(699.0, Some("usd"))]
    );
}

#[test]
fn a_count_of_more_or_fewer_things_counts_the_things() {
    assert_eq!(
        values("The firm will hire 1,000 more engineers."),
        [v(1000.0, Some("engineer"))]
    );
    assert_eq!(
        values("There were 300 fewer crashes last year."),
        [v(300.0, Some("crash"))]
    );
}
#[test]
fn a_share_more_or_less_than_before_is_a_change() {
    let changes = |s: &str| rows(s, "usd").into_iter().map(|r| r.6).collect::<Vec<_>>();
    assert_eq!(
        changes("Shoppers spent £1.7bn, 5.2% more than last year."),
        [None, Some(Change::Increase)]
    );
    assert_eq!(
        changes("The bulbs use 80 per cent less energy."),
        [Some(Change::Decrease)]
    );
    assert_eq!(changes("The firm will hire 1,000 more engineers."), [None]);
}
