//! Cases for the grammar at the breadth of general news: numbers in every form, money in many
//! currencies, units of measure with their canonical names and dimensions, and direction of change.
//! Phrasings are our own.

use super::{dollar_of_article, extract_sentence, extract_sentence_in};
use crate::doc::{Article, Bound, Change, Dimension};

/// (text, value, low, high, unit text, dimension, change) of each quantity.
pub(super) type Row = (
    String,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<String>,
    Option<Dimension>,
    Option<Change>,
);

pub(super) fn rows(s: &str, dollar: &'static str) -> Vec<Row> {
    extract_sentence_in(s, dollar)
        .into_iter()
        .map(|q| {
            (
                s[q.span.start..q.span.end].to_string(),
                q.value,
                q.low,
                q.high,
                q.unit.as_ref().map(|u| u.text.clone()),
                q.unit.as_ref().map(|u| u.dimension),
                q.change,
            )
        })
        .collect()
}

/// The (value, unit) pairs of a sentence.
pub(super) fn values(s: &str) -> Vec<(f64, Option<String>)> {
    rows(s, "usd")
        .into_iter()
        .map(|r| (r.1.or(r.2).unwrap_or(f64::NAN), r.4))
        .collect()
}

pub(super) fn v(value: f64, unit: Option<&str>) -> (f64, Option<String>) {
    (value, unit.map(str::to_string))
}

#[test]
fn digit_groupings_and_decimals() {
    assert_eq!(
        values("The fund holds 1,234,567 shares."),
        [v(1234567.0, Some("share"))]
    );
    assert_eq!(
        values("India counted 12,34,567 voters."),
        [v(1234567.0, Some("voter"))]
    );
    assert_eq!(
        values("Rates fell by .5 per cent."),
        [v(0.5, Some("percent"))]
    );
    assert_eq!(
        values("A gap of 2 1/2 inches opened."),
        [v(2.5, Some("inch"))]
    );
    // An address or a list of numbers is not one number.
    assert!(values("The server at 192.168.1.2 went down.").is_empty());
}

#[test]
fn number_words_and_mixed_forms() {
    assert_eq!(values("They sold a dozen boats."), [v(12.0, Some("boat"))]);
    assert_eq!(
        values("Four hundred and twenty workers walked out."),
        [v(420.0, Some("worker"))]
    );
    assert_eq!(
        values("Some 3 hundred homes flooded."),
        [v(300.0, Some("home"))]
    );
    assert_eq!(
        values("Exports reached 2.5 million tonnes."),
        [v(2.5e6, Some("tonne"))]
    );
    assert_eq!(
        values("Half a million people marched."),
        [v(5e5, Some("person"))]
    );
    assert_eq!(
        values("The state spent three lakh crore rupees."),
        [v(3e12, Some("inr"))]
    );
}

#[test]
fn fractions_with_symbols_and_slashes() {
    assert_eq!(
        values("Only ½ cup of sugar is needed."),
        [v(0.5, Some("cup"))]
    );
    assert_eq!(values("A 1/16 stake was sold."), [v(0.0625, Some("stake"))]);
    assert_eq!(
        values("Bolts of 1⁄8 inch were used."),
        [v(0.125, Some("inch"))]
    );
    // A date is no fraction.
    assert!(values("They met on 5/17/2018.").iter().all(|r| r.0 >= 1.0));
}

#[test]
fn negatives_exponents_and_scale_suffixes() {
    assert_eq!(
        values("Output changed by -2.4% last month."),
        [v(-2.4, Some("percent"))]
    );
    assert_eq!(
        values("Nights drop to minus 30 degrees Celsius."),
        [v(-30.0, Some("degree celsius"))]
    );
    assert_eq!(
        values("The probe counted 1.3e6 particles."),
        [v(1.3e6, Some("particle"))]
    );
    assert_eq!(
        values("The firm hired 300k staff."),
        [v(3e5, Some("staff"))]
    );
    assert_eq!(
        values("Debt stands at 10 bln euros."),
        [v(1e10, Some("eur"))]
    );
}

#[test]
fn both_ends_of_a_range_with_its_unit() {
    let r = rows("Growth will be between 3% and 4% next year.", "usd");
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(
        (r[0].2, r[0].3, r[0].4.as_deref()),
        (Some(3.0), Some(4.0), Some("percent"))
    );
    // Below zero a range may be written from its top.
    let r = rows("Lows ranged -18 °C to -34 °C overnight.", "usd");
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!((r[0].2, r[0].3), (Some(-34.0), Some(-18.0)));
    assert_eq!(r[0].4.as_deref(), Some("degree celsius"));
}

#[test]
fn ranges_and_bounds_in_other_writings() {
    let r = rows("Bids ranged 1,000 – 5,000 votes.", "usd");
    assert_eq!((r[0].2, r[0].3), (Some(1000.0), Some(5000.0)), "{r:?}");
    let r = rows("Pages 20 through 100 were lost.", "usd");
    assert_eq!((r[0].2, r[0].3), (Some(20.0), Some(100.0)), "{r:?}");
    let r = rows("They planned an 8- to 16-meter telescope.", "usd");
    assert_eq!(
        (r[0].2, r[0].3, r[0].4.as_deref()),
        (Some(8.0), Some(16.0), Some("meter")),
        "{r:?}"
    );
    let bounds: Vec<Bound> = extract_sentence("Turnout was >60%, debt ≤ 90% and growth ~2%.")
        .into_iter()
        .map(|q| q.bound)
        .collect();
    assert_eq!(bounds, [Bound::MoreThan, Bound::AtMost, Bound::Approx]);
    assert_eq!(
        extract_sentence("Fees are less than or equal to 30 dollars.")[0].bound,
        Bound::AtMost
    );
    assert_eq!(
        extract_sentence("It reached 80 miles or more.")[0].bound,
        Bound::AtLeast
    );
}

#[test]
fn money_in_many_currencies() {
    assert_eq!(values("The plan costs £6.4bn."), [v(6.4e9, Some("gbp"))]);
    assert_eq!(values("Qantas lost A$45.2m."), [v(45.2e6, Some("aud"))]);
    assert_eq!(
        values("The state set aside Rs 450 crore."),
        [v(4.5e9, Some("inr"))]
    );
    assert_eq!(
        values("Lunch costs RM3.40 in Penang."),
        [v(3.4, Some("myr"))]
    );
    assert_eq!(values("A ticket is C$12 now."), [v(12.0, Some("cad"))]);
    assert_eq!(values("Rents hit HK$30,000."), [v(30000.0, Some("hkd"))]);
    assert_eq!(values("Fares rose to ₹250."), [v(250.0, Some("inr"))]);
    assert_eq!(
        values("It was sold for 40 million yuan."),
        [v(4e7, Some("cny"))]
    );
    assert_eq!(
        values("Farmers got 900 pesos a tonne."),
        [v(900.0, Some("mxn per tonne"))]
    );
    assert_eq!(values("It cost 20 million pounds."), [v(2e7, Some("gbp"))]);
    assert_eq!(
        values("Shares closed at US$4.10 a share."),
        [v(4.1, Some("usd per share"))]
    );
    assert_eq!(
        values("A meal is R85 in Cape Town."),
        [v(85.0, Some("zar"))]
    );
    assert_eq!(
        values("Petrol costs Rs 96.72 a litre."),
        [v(96.72, Some("inr per liter"))]
    );
    assert_eq!(values("The fine is EUR 500."), [v(500.0, Some("eur"))]);
    // "pounds" without a scale is a weight.
    assert_eq!(
        values("The baby weighed 8 pounds."),
        [v(8.0, Some("pound"))]
    );
}

#[test]
fn a_bare_dollar_takes_the_dollar_of_the_article() {
    assert_eq!(values("Spending rose to $5bn."), [v(5e9, Some("usd"))]);
    let r = rows("Spending rose to $5bn.", "aud");
    assert_eq!(r[0].4.as_deref(), Some("aud"));
    let article = |text: &str, url: Option<&str>| Article {
        id: "a".into(),
        text: text.into(),
        date: None,
        url: url.map(str::to_string),
        outlet: None,
        input: "a".into(),
    };
    assert_eq!(
        dollar_of_article(&article("Costs $5.", Some("https://www.abc.net.au/news/x"))),
        "aud"
    );
    assert_eq!(
        dollar_of_article(&article(
            "The budget, in Australian dollars, adds $9bn.",
            None
        )),
        "aud"
    );
    assert_eq!(
        dollar_of_article(&article(
            "Canada's budget adds $9bn. Canada will borrow more.",
            None
        )),
        "cad"
    );
    assert_eq!(
        dollar_of_article(&article("The budget adds $9bn.", None)),
        "usd"
    );
    // A province and a city of the country count as the country.
    assert_eq!(
        dollar_of_article(&article(
            "Ontario's schools get $180 million, the Toronto board said.",
            None
        )),
        "cad"
    );
    assert_eq!(
        dollar_of_article(&article("Ontario's schools get $180 million.", None)),
        "usd"
    );
    assert_eq!(
        dollar_of_article(&article("US$ and the US economy; Canada, Canada.", None)),
        "usd"
    );
}

#[test]
fn units_of_measure_by_canonical_name_and_dimension() {
    let unit = |s: &str| {
        let r = rows(s, "usd");
        assert_eq!(r.len(), 1, "{s}: {r:?}");
        (r[0].4.clone().unwrap_or_default(), r[0].5)
    };
    use Dimension::*;
    assert_eq!(
        unit("The pack stores 7.2kWh."),
        ("kilowatt-hour".into(), Some(Energy))
    );
    assert_eq!(
        unit("Its chip runs at 5GHz."),
        ("gigahertz".into(), Some(Frequency))
    );
    assert_eq!(
        unit("The phone has 128GB."),
        ("gigabyte".into(), Some(Data))
    );
    assert_eq!(
        unit("Homes get 100Mbps."),
        ("megabit per second".into(), Some(DataRate))
    );
    assert_eq!(
        unit("The engine makes 300 hp."),
        ("horsepower".into(), Some(Power))
    );
    assert_eq!(
        unit("Winds reached 120 km/h."),
        ("kilometer per hour".into(), Some(Speed))
    );
    assert_eq!(
        unit("Gusts hit 75 mph."),
        ("mile per hour".into(), Some(Speed))
    );
    assert_eq!(
        unit("It drove at 60 miles an hour."),
        ("mile per hour".into(), Some(Speed))
    );
    assert_eq!(
        unit("The battery holds 5,000 mAh."),
        ("milliampere-hour".into(), Some(Electric))
    );
    assert_eq!(
        unit("The fire burned 40 sq km."),
        ("square kilometer".into(), Some(Area))
    );
    assert_eq!(
        unit("The flat covers 80 square metres."),
        ("square meter".into(), Some(Area))
    );
    assert_eq!(
        unit("They pumped 3 cubic metres."),
        ("cubic meter".into(), Some(Volume))
    );
    assert_eq!(
        unit("It was 45°C in Delhi."),
        ("degree celsius".into(), Some(Temperature))
    );
    assert_eq!(
        unit("Phoenix hit 118 °F."),
        ("degree fahrenheit".into(), Some(Temperature))
    );
    assert_eq!(
        unit("The bank cut 25 basis points."),
        ("basis point".into(), Some(Percent))
    );
    assert_eq!(
        unit("Unemployment fell 0.3 percentage points."),
        ("percentage point".into(), Some(Percent))
    );
    assert_eq!(
        unit("CO2 hit 420 parts per million."),
        ("part per million".into(), Some(Ratio))
    );
    assert_eq!(
        unit("The wall is 12 kilometres long."),
        ("kilometer".into(), Some(Length))
    );
    assert_eq!(unit("It weighs 3 tonnes."), ("tonne".into(), Some(Mass)));
    assert_eq!(
        unit("Russia lost 1,800 tanks."),
        ("tank".into(), Some(Count))
    );
    assert_eq!(unit("A 2.0-liter engine."), ("liter".into(), Some(Volume)));
    assert_eq!(
        unit("A 100,000-square-foot plant."),
        ("square foot".into(), Some(Area))
    );
    assert_eq!(unit("Sales rose 5%."), ("percent".into(), Some(Percent)));
    assert_eq!(unit("It raised $5m."), ("usd".into(), Some(Currency)));
}

#[test]
fn glued_forms_of_general_news() {
    assert_eq!(
        values("Temperatures hit 40.3C at Coningsby."),
        [v(40.3, Some("degree celsius"))]
    );
    assert_eq!(
        values("It posted a £1.2bn-a-year loss."),
        [v(1.2e9, Some("gbp per year"))]
    );
    assert_eq!(values("Shares added 12p."), [v(12.0, Some("penny"))]);
    assert_eq!(values("Wages grew 6.5pc."), [v(6.5, Some("percent"))]);
    assert_eq!(
        values("The 6ft 7in striker scored."),
        [v(6.0 + 7.0 / 12.0, Some("foot"))]
    );
    // "in" apart from a number is a preposition.
    assert_eq!(values("He scored 5 in the first half."), [v(5.0, None)]);
    assert_eq!(
        values("Profit was £1.2bn a year earlier."),
        [v(1.2e9, Some("gbp"))]
    );
    assert_eq!(
        values("The drug cut deaths by a third."),
        [v(1.0 / 3.0, Some("fraction"))]
    );
    assert_eq!(values("Costs fell by half."), [v(0.5, Some("fraction"))]);
}

#[test]
fn counts_taken_from_a_whole() {
    assert_eq!(
        values("Three of the five largest banks failed the test."),
        [v(3.0, Some("bank"))]
    );
    // The total in digits is read too (ANNOTATION.md: optional, and sometimes required).
    assert_eq!(
        values("Only two out of 10 adults voted."),
        [v(2.0, Some("adult")), v(10.0, Some("adult"))]
    );
    assert_eq!(
        values("Kenya’s 47 counties reported cases."),
        [v(47.0, Some("county"))]
    );
    // "one of the" is a pronoun.
    assert!(values("One of those days it rained.").is_empty());
    assert_eq!(
        extract_sentence("It reaches 80 miles (120 kilometres) or more.")[0].bound,
        Bound::AtLeast
    );
}

#[test]
fn m_is_metres_or_million_by_context() {
    let r = rows("A 25m (82ft) tower was built.", "usd");
    assert_eq!((r[0].1, r[0].4.as_deref()), (Some(25.0), Some("meter")));
    assert_eq!((r[1].1, r[1].4.as_deref()), (Some(82.0), Some("foot")));
    assert_eq!(values("The wall is 1.8m tall."), [v(1.8, Some("meter"))]);
    assert_eq!(
        values("He won the 100m in Rome."),
        [v(100.0, Some("meter"))]
    );
    assert_eq!(values("Sales rose to 1.2m last year."), [v(1.2e6, None)]);
    assert_eq!(
        values("It helps the 4m people in need."),
        [v(4e6, Some("person"))]
    );
    assert_eq!(
        values("The club paid £25m for him."),
        [v(2.5e7, Some("gbp"))]
    );
    assert_eq!(
        values("The region has 25m people."),
        [v(2.5e7, Some("person"))]
    );
}

#[test]
fn the_written_unit_keeps_its_offsets() {
    let s = "Gusts hit 75 mph and it cost A$5.";
    let q = extract_sentence(s);
    let spans: Vec<&str> = q
        .iter()
        .map(|q| {
            q.unit
                .as_ref()
                .and_then(|u| u.span)
                .map_or("", |sp| &s[sp.start..sp.end])
        })
        .collect();
    assert_eq!(spans, ["mph", "A$"]);
}

#[test]
fn direction_of_change() {
    let change = |s: &str| {
        rows(s, "usd")
            .into_iter()
            .map(|r| (r.1, r.6))
            .collect::<Vec<_>>()
    };
    use Change::*;
    assert_eq!(
        change("Shares rose 25 cents."),
        [(Some(25.0), Some(Increase))]
    );
    assert_eq!(
        change("The index fell 2.1% to 4,500."),
        [(Some(2.1), Some(Decrease)), (Some(4500.0), None)]
    );
    assert_eq!(
        change("They reported a 7% drop in sales."),
        [(Some(7.0), Some(Decrease))]
    );
    assert_eq!(
        change("Prices are up 3.2% on the year."),
        [(Some(3.2), Some(Increase))]
    );
    assert_eq!(
        change("Output grew by 4 percent."),
        [(Some(4.0), Some(Increase))]
    );
    assert_eq!(
        change("There was an increase of 12% in thefts."),
        [(Some(12.0), Some(Increase))]
    );
    assert_eq!(
        change("The company lost $2bn."),
        [(Some(2e9), Some(Decrease))]
    );
    // A level, a count lost or won, and a plain statement are not changes.
    assert_eq!(change("Inflation rose to 4.5%."), [(Some(4.5), None)]);
    assert_eq!(change("The party gained 12 seats."), [(Some(12.0), None)]);
    assert_eq!(change("Unemployment is 3.9%."), [(Some(3.9), None)]);
}

#[test]
fn what_is_not_a_claim_stays_out() {
    for s in [
        "The summit ends on May 4th.",
        "The 21st century began in 2001.",
        "The meeting starts at 2pm.",
        "Apple unveiled the iPhone 11 and a 5G modem.",
        "Call 555-0100 to book.",
        "See https://example.org/a?id=30%25 for details.",
    ] {
        assert!(values(s).is_empty(), "{s}: {:?}", values(s));
    }
    // A bound keeps its number: "up to" is no change.
    let r = rows("Up to 40 mm of rain may fall.", "usd");
    assert_eq!((r[0].1, r[0].6), (Some(40.0), None));
    assert_eq!(
        extract_sentence("Up to 40 mm of rain may fall.")[0].bound,
        Bound::AtMost
    );
}

/// The value of each quantity of a sentence, by its text.
fn texts_and_values(s: &str) -> Vec<(String, f64)> {
    rows(s, "usd")
        .into_iter()
        .map(|r| (r.0, r.1.or(r.2).unwrap_or(f64::NAN)))
        .collect()
}

fn close_to(got: &[(String, f64)], want: &[(&str, f64)]) -> bool {
    got.len() == want.len()
        && got
            .iter()
            .zip(want)
            .all(|((t, v), (wt, wv))| t == wt && (v - wv).abs() <= 1e-6 * wv.abs().max(1.0))
}

#[test]
fn digits_in_a_run_of_number_words() {
    let got = texts_and_values("The club sold 2 thousand 4 hundred and 15 tickets.");
    assert!(
        close_to(&got, &[("2 thousand 4 hundred and 15", 2415.0)]),
        "{got:?}"
    );
    let got = texts_and_values("A fine of 5 hundred and sixty pounds sterling was paid.");
    assert!(close_to(&got, &[("5 hundred and sixty", 560.0)]), "{got:?}");
    // Two numbers of the same size joined by "and" stay two.
    let got = texts_and_values("We saw 4 hundred and 7 hundred visitors.");
    assert_eq!(got.len(), 2, "{got:?}");
    let got = texts_and_values("Between two million and three million viewers watched.");
    assert!(got.iter().all(|(_, v)| *v <= 3e6), "{got:?}");
}

#[test]
fn fractions_after_a_whole_number() {
    let got = texts_and_values("The county has 4 million and a half residents.");
    assert!(
        close_to(&got, &[("4 million and a half", 4.5e6)]),
        "{got:?}"
    );
    let got = texts_and_values("They counted seven and a half million votes.");
    assert!(
        close_to(&got, &[("seven and a half million", 7.5e6)]),
        "{got:?}"
    );
    let got = texts_and_values("The loan came to two billion and a quarter million.");
    assert!(
        close_to(&got, &[("two billion and a quarter million", 2.00025e9)]),
        "{got:?}"
    );
    let got = texts_and_values("The rope is twelve and three quarters metres long.");
    assert!(
        close_to(&got, &[("twelve and three quarters", 12.75)]),
        "{got:?}"
    );
    let got = texts_and_values("The result was three hundred and forty-five hundredths.");
    assert!(
        close_to(&got, &[("three hundred and forty-five hundredths", 300.45)]),
        "{got:?}"
    );
    let got = texts_and_values("The board kept eight million and two fifths.");
    assert!(
        close_to(&got, &[("eight million and two fifths", 8.4e6)]),
        "{got:?}"
    );
}

#[test]
fn a_fraction_in_words_that_ends_a_clause() {
    let got = texts_and_values("The chance of rain is roughly one fifth.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!((got[0].1 - 0.2).abs() < 1e-9, "{got:?}");
    // "a quarter" at the end of a clause is a period of the year, not a fraction.
    assert!(texts_and_values("Sales rose in a quarter.").is_empty());
}

#[test]
fn powers_of_ten_and_other_powers() {
    let got = texts_and_values("The sample held 4.2x10^7 cells.");
    assert!(close_to(&got, &[("4.2x10^7", 4.2e7)]), "{got:?}");
    let got = texts_and_values("The drift was 3.1×10−4 per year.");
    assert!(close_to(&got, &[("3.1×10−4", 3.1e-4)]), "{got:?}");
    let got = texts_and_values("A mass of 7.5x10-2 kg was lost.");
    assert!(close_to(&got, &[("7.5x10-2", 0.075)]), "{got:?}");
    let got = texts_and_values("The cache stores 4x2^10 bytes.");
    assert!(close_to(&got, &[("4x2^10", 4096.0)]), "{got:?}");
    let got = texts_and_values("Growth compounds to 1.05^10 over a decade.");
    assert!(close_to(&got, &[("1.05^10", 1.05f64.powi(10))]), "{got:?}");
    // A product of two sizes is no power.
    let got = texts_and_values("They bought 40 planks of 2x4 timber.");
    assert!(got.iter().all(|(t, _)| !t.contains('x')), "{got:?}");
}

#[test]
fn money_with_its_cents_and_a_scale_after_the_code() {
    let got = values("A ticket cost 7 dollars and 25 cents.");
    assert_eq!(got, [v(7.25, Some("usd"))]);
    let got = values("The fare is twelve euros thirty.");
    assert_eq!(got, [v(12.3, Some("eur"))]);
    let got = values("The fee rose to 19 EUR 99.");
    assert_eq!(got, [v(19.99, Some("eur"))]);
    let got = values("The club lost 40 USD million last season.");
    assert_eq!(got, [v(4e7, Some("usd"))]);
    let got = values("The order was worth 85 MEUR in total.");
    assert_eq!(got, [v(8.5e7, Some("eur"))]);
    // A number after the money that is not cents stays apart.
    let got = values("They paid 20 dollars 300 times.");
    assert!(got.iter().any(|(x, _)| *x == 20.0), "{got:?}");
}

#[test]
fn a_height_in_feet_and_inches_is_one_quantity() {
    let got = texts_and_values("The centre stands 6ft 7in tall.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!((got[0].1 - (6.0 + 7.0 / 12.0)).abs() < 1e-9, "{got:?}");
    let got = values("The fence is 4 feet and 6 inches high.");
    assert_eq!(got, [v(4.5, Some("foot"))]);
    // Inches that are no part of a height stay apart.
    let got = values("The pipe is 3 feet wide and 14 inches deep.");
    assert_eq!(got, [v(3.0, Some("foot")), v(14.0, Some("inch"))]);
}

#[test]
fn bare_degrees_are_of_heat_when_the_sentence_speaks_of_it() {
    let dims =
        |s: &str| -> Vec<Option<Dimension>> { rows(s, "usd").into_iter().map(|r| r.5).collect() };
    assert_eq!(
        dims("Temperatures in the valley reached 41 degrees on Monday."),
        [Some(Dimension::Temperature)]
    );
    assert_eq!(
        dims("The oven was set to 200°."),
        [Some(Dimension::Temperature)]
    );
    assert_eq!(
        dims("The road turns through 90 degrees."),
        [Some(Dimension::Angle)]
    );
}

#[test]
fn currencies_before_the_euro_and_rarer_symbols() {
    assert_eq!(
        values("The bank paid 12 billion pesetas for the stake."),
        [v(1.2e10, Some("esp"))]
    );
    assert_eq!(
        values("The bonds raised 300 million Dutch guilders."),
        [v(3e8, Some("nlg"))]
    );
    assert_eq!(
        values("Rent is 900 ₾ a month."),
        [v(900.0, Some("gel per month"))]
    );
}

#[test]
fn a_unit_alone_in_brackets_after_the_number() {
    assert_eq!(values("Payload: 350 (kg)."), [v(350.0, Some("kilogram"))]);
    assert_eq!(
        values("Span 42 [m] at the centre."),
        [v(42.0, Some("meter"))]
    );
    assert_eq!(
        values("The slab is 8 dm thick."),
        [v(8.0, Some("decimeter"))]
    );
    // A bracket that holds more than a unit is no unit of the number before it.
    let got = values("The route is 80 miles (129 km) long.");
    assert_eq!(got[0], v(80.0, Some("mile")));
}

#[test]
fn ranges_written_between_to_and_below_zero_from_the_top() {
    let got = rows("Doses ranged between 20 mg to 40 mg daily.", "usd");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].2, got[0].3), (Some(20.0), Some(40.0)));
    let got = rows("Nights ranged from -5 °C to -12 °C.", "usd");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].2, got[0].3), (Some(-12.0), Some(-5.0)));
}

#[test]
fn numbers_in_codes_and_the_end_of_a_span_of_years_are_no_claims() {
    assert!(values("Astronomers imaged galaxy cluster MACS J0717.5+3745 again.").is_empty());
    assert_eq!(
        values("The council spent £4m in 2019-20."),
        [v(4e6, Some("gbp"))]
    );
}

#[test]
fn a_unit_written_once_after_a_list_and_an_uncertainty() {
    assert_eq!(
        values("Patients took 25 and 75 mg tablets."),
        [v(25.0, Some("milligram")), v(75.0, Some("milligram"))]
    );
    assert_eq!(
        values("The probe weighs 412.6±0.3 kg."),
        [v(412.6, Some("kilogram"))]
    );
    assert_eq!(
        values("The rod measured 3.2 plus or minus 0.1 metres."),
        [v(3.2, Some("meter"))]
    );
}

#[test]
fn a_lower_and_an_upper_bound_joined_make_a_range() {
    let got = rows(
        "Bids must be more than 200 and less than 900 dollars.",
        "usd",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].2, got[0].3), (Some(200.0), Some(900.0)));
    let got = rows("Keep the load at most 80 but at least 30 kg.", "usd");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].2, got[0].3), (Some(30.0), Some(80.0)));
    let got = rows("Parcels smaller than 40 cm ship free.", "usd");
    assert_eq!((got[0].2, got[0].3), (None, Some(40.0)), "{got:?}");
    // Bounds on two different things stay apart.
    let got = rows(
        "More than 50 people died and fewer than 10 were hurt.",
        "usd",
    );
    assert_eq!(got.len(), 2, "{got:?}");
}

#[test]
fn trillions_after_a_currency_symbol_and_fahrenheit_glued_in_the_heat() {
    assert_eq!(
        values("Its output is $1.8T a year."),
        [v(1.8e12, Some("usd per year"))]
    );
    assert_eq!(
        values("Phoenix hit 117F, its hottest day."),
        [v(117.0, Some("degree fahrenheit"))]
    );
    assert_eq!(
        values("The forecast is a high of 38 C on Sunday."),
        [v(38.0, Some("degree celsius"))]
    );
    // Without a word of heat, "13F" is a form or a seat.
    assert!(values("File form 13F by Friday.").is_empty());
}

#[test]
fn each_side_of_a_vote_tally_counts_votes() {
    assert_eq!(
        values("The court voted 6-3 to strike the law down."),
        [v(6.0, Some("vote")), v(3.0, Some("vote"))]
    );
    assert_eq!(
        values("The motion passed by a vote of 310 to 250."),
        [v(310.0, Some("vote")), v(250.0, Some("vote"))]
    );
    // A low score that rises is a range, not a tally.
    let got = rows("Prices will run 4-5 dollars.", "usd");
    assert_eq!(got.len(), 1, "{got:?}");
}

#[test]
fn a_range_of_scaled_numbers_joined_by_a_hyphen() {
    let got = rows("The fund will raise $5m-10m this year.", "usd");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].2, got[0].3), (Some(5e6), Some(1e7)));
    let got = rows("Salaries of 40k-60k were offered.", "usd");
    assert_eq!((got[0].2, got[0].3), (Some(4e4), Some(6e4)), "{got:?}");
}

#[test]
fn a_fraction_of_a_scale_word() {
    let got = texts_and_values("Roughly three quarters of a million homes lost power.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!((got[0].1 - 7.5e5).abs() < 1e-6, "{got:?}");
}
