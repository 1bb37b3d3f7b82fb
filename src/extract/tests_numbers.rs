//! Numbers as any writer may set them down: continental decimal commas, lists of numbers, a spaced
//! "k", fractions spoken "over" a denominator or over several words, tens and ones around a spaced
//! hyphen, the dozen's abbreviation, losses in brackets, "pm" that is no time of day, geological
//! years; and the look-alikes that must stay as they are. Phrasings are our own.

use super::tests_news::{rows, v, values};

fn just_values(s: &str) -> Vec<f64> {
    values(s).into_iter().map(|(value, _)| value).collect()
}

fn close(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9)
}

#[test]
fn continental_numbers_write_their_decimals_after_a_comma() {
    assert_eq!(
        values("The bill came to 1.111,11 euros."),
        [v(1111.11, Some("eur"))]
    );
    assert_eq!(
        values("A coffee costs 2,50 euros there."),
        [v(2.5, Some("eur"))]
    );
    assert_eq!(
        just_values("The index stood at 1.234.567 points."),
        [1234567.0]
    );
    // One comma before three digits still groups thousands.
    assert_eq!(
        values("They sold 1,500 tickets."),
        [v(1500.0, Some("ticket"))]
    );
    assert_eq!(
        values("They sold 12,34,567 tickets."),
        [v(1234567.0, Some("ticket"))]
    );
}

#[test]
fn digits_joined_by_commas_that_group_nothing_are_a_list() {
    assert_eq!(
        just_values("The pages read were 12,14,16,31 and nothing else."),
        [12.0, 14.0, 16.0, 31.0]
    );
}

#[test]
fn a_spaced_k_is_thousands_but_a_spaced_capital_k_may_be_kelvins() {
    assert_eq!(just_values("The fund raised 2.33 k."), [2330.0]);
    // Before a word it is no scale: "the 5 k race" is a distance.
    assert!(!just_values("She won the 5 k race in 15 minutes.").contains(&5000.0));
    assert_eq!(
        values("The sample was cooled to 300 K overnight."),
        [v(300.0, Some("kelvin"))]
    );
}

#[test]
fn a_fraction_may_be_spoken_over_its_denominator() {
    assert!(close(&just_values("The chance is 1 over 3."), &[1.0 / 3.0]));
    assert!(close(
        &just_values("The odds were one over twenty."),
        &[0.05]
    ));
    assert!(close(
        &just_values("That leaves 2000 over 3, roughly."),
        &[2000.0 / 3.0]
    ));
    assert!(close(
        &just_values("The answer is negative one over 20."),
        &[-0.05]
    ));
    // "over" before a unit, a noun or a year is a preposition or a bound.
    assert_eq!(
        values("Sales grew 5% over 2019."),
        [v(5.0, Some("percent"))]
    );
    assert!(!just_values("Prices rose 3 over two years.").contains(&1.5));
    assert_eq!(just_values("He scored 30 over the season."), [30.0]);
}

#[test]
fn a_numerator_of_several_words_divides_by_a_plural_denominator() {
    assert!(close(
        &just_values("How much is two hundred three fifths?"),
        &[203.0 / 5.0]
    ));
    assert!(close(
        &just_values("How much is five hundred-fifths?"),
        &[100.0]
    ));
    // "two quarters" may be periods of a year: no fraction.
    assert!(!just_values("It took two hundred quarters.").contains(&50.0));
}

#[test]
fn tens_and_ones_join_across_a_spaced_hyphen() {
    assert_eq!(just_values("They counted ninety - five ballots."), [95.0]);
    assert!(close(
        &just_values("The result is ninety - five hundred fifths."),
        &[1900.0]
    ));
    // Two tens words are two numbers, not one.
    assert!(!just_values("Scores of twenty - thirty votes.").contains(&50.0));
}

#[test]
fn the_dozen_has_an_abbreviation() {
    assert_eq!(just_values("The bakery sold 3 dzs of rolls."), [36.0]);
}

#[test]
fn an_amount_in_brackets_where_a_value_is_stated_is_a_loss() {
    assert_eq!(
        values("Net income was ($2.1 million) in the quarter."),
        [v(-2_100_000.0, Some("usd"))]
    );
    // A bracketed amount after a noun is a conversion or an aside.
    assert_eq!(
        values("The fee of €90 ($99) is due."),
        [v(90.0, Some("eur")), v(99.0, Some("usd"))]
    );
    assert_eq!(values("Its price ($5) rose."), [v(5.0, Some("usd"))]);
}

#[test]
fn pm_after_a_number_that_is_no_time_of_day_is_picometres() {
    assert_eq!(
        values("The bond is 2.1 pm shorter than expected."),
        [v(2.1, Some("picometer"))]
    );
    assert_eq!(
        values("The gap is 3.125 am wide."),
        [v(3.125, Some("attometer"))]
    );
    // Hours, and hours with two digits of minutes, are times of day.
    assert!(values("The vote closes at 2.30 pm on Friday.").is_empty());
    assert!(values("Doors open at 7 pm.").is_empty());
}

#[test]
fn geological_time_has_its_own_years() {
    assert_eq!(
        values("The crater formed about 66 Ma ago."),
        [v(66.0, Some("megayear"))]
    );
    assert_eq!(
        values("The rocks are 4.4 Ga old."),
        [v(4.4, Some("gigayear"))]
    );
}

#[test]
fn a_negated_verb_is_never_what_a_number_counts() {
    let r = rows("Sales of 5m isn't the whole story.", "usd");
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].4, None);
}

#[test]
fn or_so_after_a_number_hedges_it() {
    let r = rows(
        "The bank expects to pay £6 million or so in redress.",
        "usd",
    );
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].1, Some(6_000_000.0));
    assert_eq!(
        crate::extract::extract_sentence("The bank expects to pay £6 million or so in redress.")[0]
            .bound,
        crate::doc::Bound::Approx
    );
    assert_eq!(
        crate::extract::extract_sentence("The bank paid £6 million or more.")[0].bound,
        crate::doc::Bound::AtLeast
    );
}

#[test]
fn a_small_number_word_counts_a_part_of_those_named_before() {
    assert_eq!(
        just_values("The chain opened 14 stores, nine of them in Belgium."),
        [14.0, 9.0]
    );
    assert_eq!(
        just_values("Police held 30 people, five of whom were charged."),
        [30.0, 5.0]
    );
    // Standing alone, a small number word still states nothing.
    assert_eq!(just_values("The two of us met 14 times."), [14.0]);
}

#[test]
fn the_half_of_something_named_by_its_order_is_no_number() {
    assert_eq!(
        values("He ran the second half of the race in 61 minutes."),
        [v(61.0, Some("minute"))]
    );
    assert!(values("The other half went home.").is_empty());
    // "half of" alone is a fraction.
    assert_eq!(just_values("Half of the staff left."), [0.5]);
}

#[test]
fn a_range_of_a_change_may_name_its_money_after_the_second_end() {
    let r = rows("Farms are losing 100 to 150 euros on every hectare.", "usd");
    assert_eq!(r.len(), 1);
    assert_eq!((r[0].2, r[0].3), (Some(100.0), Some(150.0)));
    assert_eq!(r[0].4.as_deref(), Some("eur"));
}

#[test]
fn labels_codes_and_names_are_no_counts() {
    // A number after a noun of a sequence names one of it.
    assert!(values("The 49ers travel to Seattle in week 12.").is_empty());
    assert!(values("The peloton reached the Alps on stage 17.").is_empty());
    assert_eq!(just_values("The league has 17 weeks of games."), [17.0]);
    // A noun that ends a time or a place before a count labels nothing.
    assert_eq!(
        values("Last week 12 people died in the floods."),
        [v(12.0, Some("person"))]
    );
    assert_eq!(
        values("In the final round 4 players were tied."),
        [v(4.0, Some("player"))]
    );
    // Digits after a spaced code opening with a zero are a phone number's.
    assert!(values("Owners should call 0800 028 1234 now.").is_empty());
    // A space before a three-digit group and a capitalized word is no thousands separator.
    let jets = just_values("Boeing delivered 41 737 Max jets.");
    assert!(jets.contains(&41.0) && !jets.contains(&41737.0), "{jets:?}");
    assert_eq!(
        values("Troops fired 940 000 shells."),
        [v(940000.0, Some("shell"))]
    );
    // The level of a year counts no levels.
    assert_eq!(
        values("Emissions will fall 30% from 2020 levels."),
        [v(30.0, Some("percent"))]
    );
    // Words before a currency name name it only when capitalized.
    assert_eq!(
        values("Japan spent money on May 29 defending the yen."),
        Vec::<(f64, Option<String>)>::new()
    );
    assert_eq!(
        values("It cost 40 Australian dollars."),
        [v(40.0, Some("aud"))]
    );
}

#[test]
fn a_small_number_word_compared_or_paired_with_a_count_counts_too() {
    assert_eq!(
        just_values("Chega won 47 seats, nine more than it held before."),
        [47.0, 9.0]
    );
    assert_eq!(
        values("The Left Bloc and the CDU won five and four seats respectively."),
        [v(5.0, None), v(4.0, Some("seat"))]
    );
    // A label with a capital is a label too.
    assert_eq!(
        values("Some 82 per cent of Grade 3 students passed."),
        [v(82.0, Some("percent"))]
    );
    // "the two and their aides": nothing counted.
    assert_eq!(
        values("The two and their aides met for three hours."),
        [v(3.0, Some("hour"))]
    );
}

#[test]
fn a_disease_named_before_what_is_counted_modifies_it() {
    assert_eq!(
        values("The region recorded 127,350 measles cases in 2024."),
        [v(127350.0, Some("measles case"))]
    );
}
