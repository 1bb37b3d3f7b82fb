//! Cases for the quantity grammar, from varied news phrasing.

use super::extract_sentence;
use crate::doc::Bound::{self, *};

type Row = (
    String,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Bound,
    Option<String>,
);

fn q(s: &str) -> Vec<Row> {
    extract_sentence(s)
        .into_iter()
        .map(|q| {
            (
                s[q.span.start..q.span.end].to_string(),
                q.value,
                q.low,
                q.high,
                q.bound,
                q.unit.map(|u| u.text),
            )
        })
        .collect()
}

/// Exactly one quantity, with this text, value, low, high, bound and unit.
fn one(
    s: &str,
    text: &str,
    value: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    bound: Bound,
    unit: Option<&str>,
) {
    let got = q(s);
    assert_eq!(got.len(), 1, "{s}: {got:?}");
    assert_eq!(
        got[0],
        (
            text.to_string(),
            value,
            low,
            high,
            bound,
            unit.map(str::to_string)
        ),
        "{s}"
    );
}

fn none(s: &str) {
    let got = q(s);
    assert!(got.is_empty(), "{s}: expected no quantity, got {got:?}");
}

#[test]
fn digits_with_separators() {
    one(
        "Russia has lost 1,800 tanks.",
        "1,800",
        Some(1800.0),
        None,
        None,
        Exact,
        Some("tank"),
    );
    one(
        "The army fired 940 000 shells last year.",
        "940 000",
        Some(940000.0),
        None,
        None,
        Exact,
        Some("shell"),
    );
    one(
        "Officials counted 12,345,678 voters.",
        "12,345,678",
        Some(12345678.0),
        None,
        None,
        Exact,
        Some("voter"),
    );
    one(
        "The ministry registered 507 new cases.",
        "507",
        Some(507.0),
        None,
        None,
        Exact,
        Some("case"),
    );
}

#[test]
fn decimals_and_scales() {
    one(
        "Casualties total some 1.2 million.",
        "some 1.2 million",
        Some(1.2e6),
        None,
        None,
        Approx,
        Some("casualty"),
    );
    one(
        "The company raised $15.7 billion in bonds.",
        "$15.7 billion",
        Some(15.7e9),
        None,
        None,
        Exact,
        Some("usd"),
    );
    one(
        "The deal is worth €2.5bn, officials said.",
        "€2.5bn",
        Some(2.5e9),
        None,
        None,
        Exact,
        Some("eur"),
    );
    one(
        "Inflation eased to 3.4% in May.",
        "3.4%",
        Some(3.4),
        None,
        None,
        Exact,
        Some("percent"),
    );
    one(
        "About 300k people marched.",
        "About 300k",
        Some(3e5),
        None,
        None,
        Approx,
        Some("person"),
    );
}

#[test]
fn number_words() {
    one(
        "Fifty thousand Russian troops are amassed on the border.",
        "Fifty thousand",
        Some(50000.0),
        None,
        None,
        Exact,
        Some("troop"),
    );
    one(
        "Russia has likely lost over one million soldiers.",
        "over one million",
        Some(1e6),
        Some(1e6),
        None,
        MoreThan,
        Some("soldier"),
    );
    one(
        "The bridge collapse killed six workers.",
        "six",
        Some(6.0),
        None,
        None,
        Exact,
        Some("worker"),
    );
    one(
        "They built two hundred and fifty homes.",
        "two hundred and fifty",
        Some(250.0),
        None,
        None,
        Exact,
        Some("home"),
    );
    one(
        "Twenty-five journalists were detained.",
        "Twenty-five",
        Some(25.0),
        None,
        None,
        Exact,
        Some("journalist"),
    );
    one(
        "Officials expect a million visitors.",
        "a million",
        Some(1e6),
        None,
        None,
        Exact,
        Some("visitor"),
    );
    one(
        "Half a million people fled the city.",
        "Half a million",
        Some(5e5),
        None,
        None,
        Exact,
        Some("person"),
    );
    one(
        "The war has lasted two and a half years.",
        "two and a half",
        Some(2.5),
        None,
        None,
        Exact,
        Some("year"),
    );
}

#[test]
fn fractions() {
    one(
        "The strike destroyed about a third of the bomber fleet.",
        "about a third",
        Some(1.0 / 3.0),
        None,
        None,
        Approx,
        Some("fraction"),
    );
    one(
        "Russia lost two-thirds of its pre-war stock of tanks.",
        "two-thirds",
        Some(2.0 / 3.0),
        None,
        None,
        Exact,
        Some("fraction"),
    );
    one(
        "Nearly half of the voters stayed home.",
        "Nearly half",
        Some(0.5),
        None,
        None,
        Approx,
        Some("fraction"),
    );
    one(
        "Three quarters of the budget goes to defense.",
        "Three quarters",
        Some(0.75),
        None,
        None,
        Exact,
        Some("fraction"),
    );
    none("It was the third round of talks.");
    none("He spent half the day there.");
}

#[test]
fn percent_and_money() {
    one(
        "Russia captured less than one percent of the country.",
        "less than one percent",
        Some(1.0),
        None,
        Some(1.0),
        LessThan,
        Some("percent"),
    );
    one(
        "Unemployment rose to 12 per cent.",
        "12 per cent",
        Some(12.0),
        None,
        None,
        Exact,
        Some("percent"),
    );
    one(
        "The bank lent US$40 million to the city.",
        "US$40 million",
        Some(4e7),
        None,
        None,
        Exact,
        Some("usd"),
    );
    one(
        "The fund holds 300 billion roubles.",
        "300 billion roubles",
        Some(3e11),
        None,
        None,
        Exact,
        Some("rub"),
    );
    one(
        "Rent costs £1,200 a month in the area.",
        "£1,200",
        Some(1200.0),
        None,
        None,
        Exact,
        Some("gbp per month"),
    );
}

#[test]
fn rates() {
    one(
        "The average advance was below 25 yards per day on both fronts.",
        "below 25",
        Some(25.0),
        None,
        Some(25.0),
        LessThan,
        Some("yard per day"),
    );
    one(
        "Forces were capturing up to 7,400 meters of territory per day.",
        "up to 7,400",
        Some(7400.0),
        None,
        Some(7400.0),
        AtMost,
        Some("meter per day"),
    );
    one(
        "Russia has recruited 30,000 to 35,000 soldiers monthly.",
        "30,000 to 35,000",
        None,
        Some(30000.0),
        Some(35000.0),
        Range,
        Some("soldier per month"),
    );
    one(
        "The pipeline carries 1.5 million barrels a day.",
        "1.5 million",
        Some(1.5e6),
        None,
        None,
        Exact,
        Some("barrel per day"),
    );
}

#[test]
fn ranges() {
    one(
        "Ukraine has seen between 500,000 and 600,000 battlefield casualties.",
        "between 500,000 and 600,000",
        None,
        Some(5e5),
        Some(6e5),
        Range,
        Some("battlefield casualty"),
    );
    one(
        "The CSIS estimated roughly 275,000 to 325,000 Russian soldiers had died.",
        "roughly 275,000 to 325,000",
        None,
        Some(275000.0),
        Some(325000.0),
        Range,
        Some("soldier"),
    );
    one(
        "Estimates put the toll at 275,000-325,000 dead.",
        "275,000-325,000",
        None,
        Some(275000.0),
        Some(325000.0),
        Range,
        Some("death"),
    );
    one(
        "Turnout was expected to reach 1 to 2 million voters.",
        "1 to 2 million",
        None,
        Some(1e6),
        Some(2e6),
        Range,
        Some("voter"),
    );
    // After a verb of change, "from X to Y" states two levels, not a range (ANNOTATION.md).
    assert_eq!(
        q("Prices rose from 10 to 15 percent."),
        vec![
            (
                "10".into(),
                Some(10.0),
                None,
                None,
                Exact,
                Some("percent".into())
            ),
            (
                "15 percent".into(),
                Some(15.0),
                None,
                None,
                Exact,
                Some("percent".into())
            ),
        ]
    );
    one(
        "Estimates run from 10 to 15 percent.",
        "from 10 to 15 percent",
        None,
        Some(10.0),
        Some(15.0),
        Range,
        Some("percent"),
    );
    one(
        "Two or three ships were hit.",
        "Two or three",
        None,
        Some(2.0),
        Some(3.0),
        Range,
        Some("ship"),
    );
}

#[test]
fn bounds() {
    one(
        "Losses now number well over one million.",
        "well over one million",
        Some(1e6),
        Some(1e6),
        None,
        MoreThan,
        Some("casualty"),
    );
    one(
        "As many as 325,000 have been killed.",
        "As many as 325,000",
        Some(325000.0),
        None,
        Some(325000.0),
        AtMost,
        Some("death"),
    );
    one(
        "The collapse killed at least seven people.",
        "at least seven",
        Some(7.0),
        Some(7.0),
        None,
        AtLeast,
        Some("person"),
    );
    one(
        "Nearly 1 million soldiers were killed or injured.",
        "Nearly 1 million",
        Some(1e6),
        None,
        None,
        Approx,
        Some("soldier"),
    );
    one(
        "Fewer than 200 residents remain.",
        "Fewer than 200",
        Some(200.0),
        None,
        Some(200.0),
        LessThan,
        Some("resident"),
    );
    one(
        "The fire destroyed almost 3,000 hectares.",
        "almost 3,000",
        Some(3000.0),
        None,
        None,
        Approx,
        Some("hectare"),
    );
    one(
        "Russia has suffered more than 600,000 casualties.",
        "more than 600,000",
        Some(6e5),
        Some(6e5),
        None,
        MoreThan,
        Some("casualty"),
    );
    one(
        "Police arrested no fewer than 40 protesters.",
        "no fewer than 40",
        Some(40.0),
        Some(40.0),
        None,
        AtLeast,
        Some("protester"),
    );
    one(
        "Around 5,000 square kilometers were captured.",
        "Around 5,000",
        Some(5000.0),
        None,
        None,
        Approx,
        Some("square kilometer"),
    );
    // "estimated" is a hedge (ANNOTATION.md: approx).
    one(
        "An estimated 800,000 troops were lost.",
        "An estimated 800,000",
        Some(8e5),
        None,
        None,
        Approx,
        Some("troop"),
    );
    one(
        "Ukraine lost more than double the number of tanks.",
        "more than double",
        Some(2.0),
        Some(2.0),
        None,
        MoreThan,
        Some("ratio"),
    );
}

#[test]
fn qualifier_covers_a_list() {
    let got = q("Russia has lost more than 1,800 tanks, 3,000 infantry fighting vehicles, over 1,100 other armored vehicles, and hundreds of artillery systems.");
    let short: Vec<(&str, Option<f64>, Bound, Option<&str>)> = got
        .iter()
        .map(|r| (r.0.as_str(), r.2, r.4, r.5.as_deref()))
        .collect();
    assert_eq!(
        short,
        vec![
            ("more than 1,800", Some(1800.0), MoreThan, Some("tank")),
            (
                "3,000",
                Some(3000.0),
                MoreThan,
                Some("infantry fighting vehicle")
            ),
            (
                "over 1,100",
                Some(1100.0),
                MoreThan,
                Some("armored vehicle")
            ),
            ("hundreds", Some(100.0), AtLeast, Some("artillery system")),
        ]
    );
    let got = q("He said Russia lost over 4,000 tanks, 10,000 armed vehicles and its navy.");
    assert_eq!(got[1].4, MoreThan);
    // No qualifier to carry: the second number stays exact.
    let got = q("The army has 400 tanks, 900 trucks.");
    assert_eq!((got[0].4, got[1].4), (Exact, Exact));
}

#[test]
fn elided_units() {
    one(
        "Of this total, up to 140,000 are believed to have been killed.",
        "up to 140,000",
        Some(140000.0),
        None,
        Some(140000.0),
        AtMost,
        Some("death"),
    );
    one(
        "CSIS estimates Ukraine's total casualties at approximately 400,000.",
        "approximately 400,000",
        Some(4e5),
        None,
        None,
        Approx,
        Some("casualty"),
    );
    one(
        "Russian military casualties total some 1.2 million, officials said.",
        "some 1.2 million",
        Some(1.2e6),
        None,
        None,
        Approx,
        Some("casualty"),
    );
    one(
        "The estimates include between 60,000 and 100,000 killed.",
        "between 60,000 and 100,000",
        None,
        Some(60000.0),
        Some(1e5),
        Range,
        Some("death"),
    );
    one(
        "All men over 25 are conscripted.",
        "over 25",
        Some(25.0),
        Some(25.0),
        None,
        MoreThan,
        Some("year"),
    );
    one(
        "Casualty totals could reach two million by spring.",
        "two million",
        Some(2e6),
        None,
        None,
        Exact,
        Some("casualty"),
    );
}

#[test]
fn hyphenated_units() {
    one(
        "They proposed a 30-day ceasefire.",
        "30",
        Some(30.0),
        None,
        None,
        Exact,
        Some("day"),
    );
    one(
        "It ends a five-year tenure.",
        "five",
        Some(5.0),
        None,
        None,
        Exact,
        Some("year"),
    );
}

#[test]
fn vague_counts() {
    one(
        "The war has taken tens of thousands of lives.",
        "tens of thousands",
        Some(1e4),
        Some(1e4),
        None,
        AtLeast,
        Some("life"),
    );
    one(
        "Thousands of people fled.",
        "Thousands",
        Some(1000.0),
        Some(1000.0),
        None,
        AtLeast,
        Some("person"),
    );
    one(
        "Dozens of drones were shot down.",
        "Dozens",
        Some(12.0),
        Some(12.0),
        None,
        AtLeast,
        Some("drone"),
    );
}

#[test]
fn years_and_dates_are_not_claims() {
    none("The war began in February 2022.");
    none("In 2025, the economy slowed.");
    none("Talks resumed on June 2 in Istanbul.");
    none("The vote is on 4 July.");
    none("They met on Thursday (May 15) in Turkey.");
    none("The 2022 invasion changed Europe.");
    none("Between 2022 and 2024 the front barely moved.");
    none("The meeting starts at 10:30 a.m.");
}

#[test]
fn ordinals_and_names_are_not_claims() {
    none("It was the 80th anniversary of victory.");
    none("Russia's invasion stretches into a fifth year.");
    none("It was slower than in World War I and World War 2 combined.");
    none("He spoke on Air Force One.");
    none("MI6 announced a new tool.");
    none("Ukraine wants more F-16 jets.");
    none("The plant makes COVID-19 vaccines.");
    none("Article 5 commits the allies.");
}

#[test]
fn pronouns_and_ages_are_not_claims() {
    none("It was one of the deadliest campaigns.");
    none("No one expected a deal.");
    none("Talks between the two collapsed.");
    none("The 72-year-old is stringing us along.");
    none("This is one reason for the delay.");
}

#[test]
fn advertising_prices_are_not_claims() {
    none("Join us today and pay only $32.95 for an annual subscription, or less than $3 a month.");
    none("And you get a free two-week trial with no obligation to continue.");
}

#[test]
fn ratios() {
    one(
        "Its population is around five times smaller than Russia's.",
        "around five times",
        Some(5.0),
        None,
        None,
        Approx,
        Some("ratio"),
    );
    one(
        "Exports grew twice as fast as imports.",
        "twice",
        Some(2.0),
        None,
        None,
        Exact,
        Some("ratio"),
    );
}

#[test]
fn several_quantities_in_one_sentence() {
    let got = q("Russian military casualties total some 1.2 million, of which as many as 325,000 have been killed, according to CSIS.");
    let short: Vec<(&str, Bound, Option<&str>)> = got
        .iter()
        .map(|r| (r.0.as_str(), r.4, r.5.as_deref()))
        .collect();
    assert_eq!(
        short,
        vec![
            ("some 1.2 million", Approx, Some("casualty")),
            ("as many as 325,000", AtMost, Some("death"))
        ]
    );
}
