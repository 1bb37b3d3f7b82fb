//! More classes of general news for the grammar: ranges of a change, fractions of a unit, money
//! named in a hyphenated compound, magnitudes, feet and inches written with marks, glued tonnes and
//! powers, finance's "MM", more currencies. Phrasings are our own.

use super::tests_news::{rows, v, values};
use super::units;
use crate::doc::{Change, Dimension};

/// (low, high, unit) of the ranges of a sentence.
fn ranges(s: &str) -> Vec<(f64, f64, Option<String>)> {
    rows(s, "usd")
        .into_iter()
        .filter_map(|r| Some((r.2?, r.3?, r.4)))
        .collect()
}

#[test]
fn a_range_of_a_change_shares_the_unit_after_its_second_end() {
    assert_eq!(
        ranges("Analysts expect earnings to grow 4 to 6 per cent next year."),
        [(4.0, 6.0, Some("percent".to_string()))]
    );
    assert_eq!(
        ranges("Tuition fees jumped 8 to 10% at most colleges."),
        [(8.0, 10.0, Some("percent".to_string()))]
    );
    assert_eq!(
        ranges("The glacier retreated 30 to 40 metres last summer."),
        [(30.0, 40.0, Some("meter".to_string()))]
    );
    let r = rows("Ticket sales rose 5 to 7 percent, the league said.", "usd");
    assert_eq!(r[0].6, Some(Change::Increase));
    // A change and then the level it reached: two numbers.
    assert_eq!(
        values("The index climbed 45 to 7,512."),
        [v(45.0, Some("point")), v(7512.0, Some("point"))]
    );
    assert_eq!(
        values("The jobless rate edged up 0.2 to 4.3% in May."),
        [v(0.2, None), v(4.3, Some("percent"))]
    );
}

#[test]
fn a_fraction_of_a_unit_of_measure_is_so_much_of_that_unit() {
    assert_eq!(
        values("The central bank lifted rates by a quarter of a percentage point."),
        [v(0.25, Some("percentage point"))]
    );
    assert_eq!(
        values("Lenders cut the rate by half a percentage point."),
        [v(0.5, Some("percentage point"))]
    );
    assert_eq!(
        values("The tunnel runs for three-quarters of a mile."),
        [v(0.75, Some("mile"))]
    );
    assert_eq!(
        values("The gap widened to ½ an inch."),
        [v(0.5, Some("inch"))]
    );
    assert_eq!(
        values("The shelf sagged 3/8 of an inch."),
        [v(0.375, Some("inch"))]
    );
    assert_eq!(
        values("Walkers covered one-half miles before dawn."),
        [v(0.5, Some("mile"))]
    );
    // A fraction of people stays a fraction.
    assert_eq!(
        values("A third of nurses quit."),
        [v(1.0 / 3.0, Some("fraction"))]
    );
}

#[test]
fn money_named_in_a_hyphenated_compound_is_money() {
    let r = rows(
        "The city added a 25-cent levy and a two-dollar surcharge.",
        "usd",
    );
    let units: Vec<_> = r.iter().map(|r| (r.1, r.4.clone(), r.5)).collect();
    assert_eq!(
        units,
        [
            (
                Some(25.0),
                Some("cent".to_string()),
                Some(Dimension::Currency)
            ),
            (
                Some(2.0),
                Some("usd".to_string()),
                Some(Dimension::Currency)
            ),
        ]
    );
    assert_eq!(
        values("Vendors charge a 300-yen fee."),
        [v(300.0, Some("jpy"))]
    );
    // "pound" in a compound is a weight.
    assert_eq!(
        values("Rescuers freed a 90-pound dog."),
        [v(90.0, Some("pound"))]
    );
}

#[test]
fn sentence_openers_do_not_make_a_number_a_name() {
    assert_eq!(
        values("A 12-mile stretch of road was closed."),
        [v(12.0, Some("mile"))]
    );
    assert_eq!(
        values("This 40-acre site will hold homes."),
        [v(40.0, Some("acre"))]
    );
    assert_eq!(
        values("Each 15-minute slot costs extra."),
        [v(15.0, Some("minute"))]
    );
    // A name still is one.
    assert!(values("Apollo 11 landed.").is_empty());
}

#[test]
fn magnitudes_are_named_before_or_after_the_number() {
    assert_eq!(
        values("A magnitude 6.3 earthquake shook the island."),
        [v(6.3, Some("magnitude"))]
    );
    assert_eq!(
        values("The magnitude-5.8 tremor struck at dawn."),
        [v(5.8, Some("magnitude"))]
    );
    assert_eq!(
        values("A 7.0-magnitude quake hit."),
        [v(7.0, Some("magnitude"))]
    );
}

#[test]
fn feet_and_inches_written_with_marks() {
    assert_eq!(
        values("The forward stands 6'9\" in socks."),
        [v(6.75, Some("foot"))]
    );
    assert_eq!(
        values("The store sold a 75\" television."),
        [v(75.0, Some("inch"))]
    );
    // A closing quotation mark after a number is no inch.
    assert_eq!(
        values("He said \"we counted 40\" and left."),
        [v(40.0, None)]
    );
}

#[test]
fn glued_tonnes_powers_and_new_symbols() {
    assert_eq!(values("A 44t lorry overturned."), [v(44.0, Some("tonne"))]);
    assert_eq!(
        values("The flat offers 850sq ft of space."),
        [v(850.0, Some("square foot"))]
    );
    assert_eq!(
        values("Blood sugar read 140 mg/dL."),
        [v(140.0, Some("milligram per deciliter"))]
    );
    assert_eq!(values("The jets hit 120dB."), [v(120.0, Some("decibel"))]);
    // A prefix and a base with no name are no unit ("mb" is megabytes, not millibits).
    assert_eq!(units::unit_symbol("mb"), None);
    assert_eq!(
        values("The update weighs 300 mb."),
        [v(300.0, Some("megabyte"))]
    );
}

#[test]
fn more_currencies_and_finance_millions() {
    assert_eq!(
        values("The fund targets US$ 3MM in revenue and $2.5MM in profit."),
        [v(3e6, Some("usd")), v(2.5e6, Some("usd"))]
    );
    assert_eq!(
        values("Nairobi set aside KSh 4.2 billion and Sh300 million."),
        [v(4.2e9, Some("kes")), v(3e8, Some("kes"))]
    );
    assert_eq!(values("A taco costs MX$45 there."), [v(45.0, Some("mxn"))]);
    assert_eq!(
        values("Rent is 3,200 zł a month."),
        [v(3200.0, Some("pln per month"))]
    );
    assert_eq!(units::currency_name("costa rican colones"), Some("crc"));
    assert_eq!(units::currency_name("ugandan shillings"), Some("ugx"));
}

#[test]
fn numbers_joined_by_slashes_that_are_no_fraction_are_no_quantity() {
    assert!(values("Survivors of 9/11 met again.").is_empty());
    assert!(values("The help line runs 24/7.").is_empty());
    assert!(values("The 2023/24 season ended.").is_empty());
    assert_eq!(
        values("A 1/4 inch crack and 3/16 of the hull."),
        [v(0.25, Some("inch")), v(0.1875, Some("fraction"))]
    );
    assert_eq!(
        values("About 1/25 of the budget went on it."),
        [v(0.04, Some("fraction"))]
    );
}

#[test]
fn phone_numbers_are_no_quantity() {
    assert!(values("Call 800-555-0142 for tickets.").is_empty());
    assert!(values("Dial +1-202-555 now.").is_empty());
    // A range and a signed change stay.
    assert_eq!(ranges("Between 300-400 homes flooded.").len(), 1);
    assert_eq!(values("Shares gained +4%."), [v(4.0, Some("percent"))]);
}

#[test]
fn clock_times_are_no_quantities_but_times_taken_are_durations() {
    assert!(values("Trading opens at 09:30.").is_empty());
    assert!(values("The alarm went off at 2:14:05.").is_empty());
    assert!(values("The meeting ran until 14:30.").is_empty());
    assert!(values("Voting closes until 11:59:59 p.m. on Friday.").is_empty());
    // Hours, minutes and seconds, or minutes and seconds with hundredths, time a race.
    assert_eq!(
        values("She finished in 2:14:05."),
        [v(8045.0, Some("second"))]
    );
    assert_eq!(
        values("He swam the final in 1:44.30, a championship record."),
        [v(104.3, Some("second"))]
    );
    // A duration in two units is one duration, in the smaller.
    assert_eq!(
        values("He ran the second half in 60 minutes 48 seconds."),
        [v(3648.0, Some("second"))]
    );
    assert_eq!(
        values("Roast the lamb for 1 hour and 20 minutes."),
        [v(80.0, Some("minute"))]
    );
    // Two durations side by side with something else counted stay two.
    assert_eq!(
        values("In 90 minutes 2 players were sent off."),
        [v(90.0, Some("minute")), v(2.0, Some("player"))]
    );
}

#[test]
fn scales_and_inches_joined_by_hyphens() {
    assert_eq!(
        values("Officials unveiled a $4.5-billion plan."),
        [v(4.5e9, Some("usd"))]
    );
    assert_eq!(
        values("The state cleared a Rs 1,500-crore package."),
        [v(1.5e10, Some("inr"))]
    );
    let r = rows("The 6-foot-8 center signed.", "usd");
    assert_eq!(r.len(), 1);
    assert!((r[0].1.unwrap() - (6.0 + 8.0 / 12.0)).abs() < 1e-9);
    assert_eq!(r[0].4.as_deref(), Some("foot"));
}

#[test]
fn a_range_of_money_may_repeat_its_symbol() {
    assert_eq!(
        ranges("Bidders offered €1.5bn-€2bn for the club."),
        [(1.5e9, 2e9, Some("eur".to_string()))]
    );
}

#[test]
fn abbreviated_time_units_prices_in_cents_and_mach() {
    assert_eq!(
        values("It sprints to 60mph in 4.2secs."),
        [v(60.0, Some("mile per hour")), v(4.2, Some("second"))]
    );
    assert_eq!(
        values("The dividend is 32 cents a share."),
        [v(32.0, Some("cent per share"))]
    );
    assert_eq!(
        values("Diesel costs 148p a litre."),
        [v(148.0, Some("penny per liter"))]
    );
    assert_eq!(
        values("The drone reached Mach 2.5."),
        [v(2.5, Some("mach"))]
    );
}

#[test]
fn vague_multiples_of_a_scale() {
    let r = rows(
        "Several hundred residents fled and a few thousand stayed.",
        "usd",
    );
    let got: Vec<_> = r.iter().map(|r| (r.1, r.2, r.4.clone())).collect();
    assert_eq!(
        got,
        [
            (Some(300.0), Some(300.0), Some("resident".to_string())),
            (Some(3000.0), None, None),
        ]
    );
    assert_eq!(
        values("Rescuers saved a couple of hundred sheep."),
        [v(200.0, Some("sheep"))]
    );
}

#[test]
fn between_that_opens_no_range_leaves_the_number() {
    assert_eq!(
        values("Pick between 5 kg, 10 kg and 20 kg bags."),
        [
            v(5.0, Some("kilogram")),
            v(10.0, Some("kilogram")),
            v(20.0, Some("kilogram"))
        ]
    );
    assert_eq!(
        values("The van burns 9 l/km when loaded."),
        [v(9.0, Some("liter per kilometer"))]
    );
}

#[test]
fn times_that_count_occurrences_are_no_multiplier() {
    assert_eq!(
        values("The clip was viewed 20m times."),
        [v(2e7, Some("time"))]
    );
    assert_eq!(
        values("Ferries sail 12 times a day."),
        [v(12.0, Some("time per day"))]
    );
    assert_eq!(
        values("The bill is 3 times higher than before."),
        [v(3.0, Some("ratio"))]
    );
    assert_eq!(values("Exports rose four times."), [v(4.0, Some("ratio"))]);
}

#[test]
fn a_verb_of_change_before_its_object_and_by() {
    let changes =
        |s: &str| -> Vec<Option<Change>> { rows(s, "usd").into_iter().map(|r| r.6).collect() };
    assert_eq!(
        changes("The bank raised its key rate by 0.5 percentage points."),
        [Some(Change::Increase)]
    );
    assert_eq!(
        changes("The insurer cut its dividend by 10%."),
        [Some(Change::Decrease)]
    );
    // Money raised is money collected, not a change.
    assert_eq!(changes("The charity raised $3 million."), [None]);
}

#[test]
fn seconds_glued_to_decimals_and_more_symbols() {
    assert_eq!(
        values("She clocked 10.72s in the final."),
        [v(10.72, Some("second"))]
    );
    assert!(values("Music of the 1980s returned.").is_empty());
    assert_eq!(
        values("Readings fell by 12mmHg."),
        [v(12.0, Some("millimeter of mercury"))]
    );
    assert_eq!(
        values("The comet came within 1.2 AU of the Sun."),
        [v(1.2, Some("astronomical unit"))]
    );
}

#[test]
fn cents_glued_as_c_and_spaced_dollar_prefixes() {
    assert_eq!(
        values("The miner paid 12.5c a share, a 3c rise."),
        [v(12.5, Some("cent per share")), v(3.0, Some("cent"))]
    );
    assert_eq!(
        values("A sweltering 35c afternoon."),
        [v(35.0, Some("degree celsius"))]
    );
    assert_eq!(
        values("Exports reached HK $ 4.2 billion and nz $ 300 million."),
        [v(4.2e9, Some("hkd")), v(3e8, Some("nzd"))]
    );
    // The article "A" before a spaced "$" names no dollar.
    assert_eq!(values("A $ 5 fee applies."), [v(5.0, Some("usd"))]);
}

#[test]
fn inches_after_feet_and_years_after_prepositions_of_time() {
    assert_eq!(
        values("The beam is 14 ft 3 in or so."),
        [v(14.25, Some("foot"))]
    );
    assert_eq!(values("In 2019 sales rose 4%."), [v(4.0, Some("percent"))]);
    // An exponent glued after a unit is no number ("fb−1"): the unit is its inverse.
    assert_eq!(
        values("It collected 3 fb−1 of data."),
        [v(3.0, Some("inverse femtobarn"))]
    );
}

#[test]
fn radiation_doses_and_exponents() {
    let r = rows(
        "Workers absorbed 12 mSv, far below 250 millisieverts.",
        "usd",
    );
    let got: Vec<_> = r.iter().map(|r| (r.1, r.4.clone(), r.5)).collect();
    assert_eq!(
        got,
        [
            (
                Some(12.0),
                Some("millisievert".to_string()),
                Some(Dimension::Radiation)
            ),
            (
                Some(250.0),
                Some("millisievert".to_string()),
                Some(Dimension::Radiation)
            ),
        ]
    );
    // The "2" of "m^2" is an exponent.
    assert_eq!(
        values("Panels cover 40 m^2."),
        [v(40.0, Some("square meter"))]
    );
}

#[test]
fn bounds_and_multipliers_glued_to_the_number() {
    let r = rows("Some 30-odd boats and 500-plus volunteers joined.", "usd");
    let got: Vec<_> = r.iter().map(|r| (r.1, r.2, r.4.clone())).collect();
    assert_eq!(
        got,
        [
            (Some(30.0), None, Some("boat".to_string())),
            (Some(500.0), Some(500.0), Some("volunteer".to_string())),
        ]
    );
    assert_eq!(
        values("Its revenue multiple fell to 4x."),
        [v(4.0, Some("ratio"))]
    );
}

#[test]
fn hyphenated_price_rates_and_energy_units() {
    assert_eq!(
        values("Wheat traded at $300-a-tonne and silver at $25-per-ounce."),
        [
            v(300.0, Some("usd per tonne")),
            v(25.0, Some("usd per ounce"))
        ]
    );
    assert_eq!(
        values("Norway shipped 90 bcm of gas."),
        [v(9e10, Some("cubic meter"))]
    );
    let r = rows("Prices hovered near $80.", "usd");
    assert_eq!(r[0].0, "near $80");
}

#[test]
fn verbs_that_pass_a_number_bound_it() {
    let r = rows("Admissions exceeded 4,000 in May.", "usd");
    assert_eq!(
        (r[0].1, r[0].2, r[0].4.clone()),
        (Some(4000.0), Some(4000.0), Some("admission".to_string()))
    );
    let r = rows("Sales surpassed $2 billion.", "usd");
    assert_eq!(
        (r[0].2, r[0].4.clone()),
        (Some(2e9), Some("usd".to_string()))
    );
    let r = rows("Fees must not exceed 3%.", "usd");
    assert_eq!((r[0].2, r[0].3), (None, Some(3.0)));
}

#[test]
fn a_stock_index_moves_and_closes_in_points() {
    assert_eq!(
        values("The Nikkei added 210.4, or 0.6%, to end at 38,120.7."),
        [
            v(210.4, Some("point")),
            v(0.6, Some("percent")),
            v(38120.7, Some("point"))
        ]
    );
    // Without an index a bare level stays bare, and a price stays money.
    assert_eq!(values("The tally rose to 1,250."), [v(1250.0, None)]);
    assert_eq!(
        values("The index fell as the stock dropped to $41.50."),
        [v(41.5, Some("usd"))]
    );
}

#[test]
fn hyphenated_halves_and_model_names() {
    assert_eq!(
        values("The siege lasted four-and-a-half months."),
        [v(4.5, Some("month"))]
    );
    assert_eq!(
        values("A one-and-a-half-hour delay hit commuters."),
        [v(1.5, Some("hour"))]
    );
    // "737 Max 8": numbers on both sides of a capitalized word name a model.
    assert_eq!(
        values("The carrier flies 40 of the 737 Max 8 planes."),
        [v(40.0, None)]
    );
    assert_eq!(
        values("On 4 June 2021 about 30 hikers were rescued."),
        [v(30.0, Some("hiker"))]
    );
}

#[test]
fn names_of_pollutants_and_indices_and_the_total_of_a_partitive() {
    assert!(values("Levels of PM 2.5 and (PM) 10 rose.").is_empty());
    assert!(values("The FTSE 100 and the Russell 2000 index slipped.").is_empty());
    // An acronym before a counted noun does not make a name.
    assert_eq!(
        values("The UN sent 300 observers."),
        [v(300.0, Some("observer"))]
    );
    // "N out of M X": the total is a number of its own.
    assert_eq!(
        values("Inspectors failed 12 out of 40 plants."),
        [v(12.0, Some("plant")), v(40.0, Some("plant"))]
    );
}

#[test]
fn a_full_unit_and_fractions_joined_to_their_unit() {
    assert_eq!(
        values("Yields climbed a full percentage point in a month."),
        [v(1.0, Some("percentage point"))]
    );
    let r = rows("Markets priced in a quarter-percentage-point cut.", "usd");
    assert_eq!(
        (r[0].0.as_str(), r[0].1, r[0].4.as_deref()),
        ("a quarter", Some(0.25), Some("percentage point"))
    );
    assert_eq!(
        values("A three-quarter-mile loop opened."),
        [v(0.75, Some("mile"))]
    );
}

#[test]
fn climate_summits_are_no_pesos() {
    assert!(values("Delegates gathered for COP29.").is_empty());
    assert_eq!(
        values("A coffee costs COP 9,500 in Bogotá."),
        [v(9500.0, Some("cop"))]
    );
}

#[test]
fn a_grouped_whole_number_glued_to_m_is_metres() {
    assert_eq!(
        values("The summit stands at 4,808m."),
        [v(4808.0, Some("meter"))]
    );
    // Money and plain millions stay millions.
    assert_eq!(values("The fund raised $1,200m."), [v(1.2e9, Some("usd"))]);
    assert_eq!(values("It has 4m users."), [v(4e6, Some("user"))]);
}

#[test]
fn rents_frame_rates_torque_and_screen_resolutions() {
    assert_eq!(
        values("The studio lets for £1,100 pcm or £260 pw."),
        [
            v(1100.0, Some("gbp per month")),
            v(260.0, Some("gbp per week"))
        ]
    );
    assert_eq!(
        values("The game runs at 144fps."),
        [v(144.0, Some("frame per second"))]
    );
    assert_eq!(
        values("The truck makes 450 lb-ft of torque."),
        [v(450.0, Some("pound-foot"))]
    );
    // "4K" is a resolution; "$4K" is money.
    assert!(values("The set streams 8K video.").is_empty());
    assert_eq!(values("Tickets cost $4K."), [v(4000.0, Some("usd"))]);
    assert_eq!(
        values("Its value has dropped by more than half."),
        [v(0.5, Some("fraction"))]
    );
}

#[test]
fn ages_of_a_population_count_years() {
    assert_eq!(
        ranges("Voters aged 25-34 swung left."),
        [(25.0, 34.0, Some("year".to_string()))]
    );
    assert_eq!(
        ranges("Pupils aged between 11 and 16 sat the test."),
        [(11.0, 16.0, Some("year".to_string()))]
    );
}

#[test]
fn tonnes_spaced_doses_in_grays_and_becquerels_and_accelerations() {
    // "t" apart from the number is tonnes too, also before a rate.
    assert_eq!(
        values("The port handled 350,000 t of coal and the fields gave 6 t/ha."),
        [
            v(350000.0, Some("tonne")),
            v(6.0, Some("tonne per hectare"))
        ]
    );
    // Doses absorbed in grays and rems, activity in becquerels, with prefixes.
    let r = rows(
        "Patients got 2 Gy a session, staff 30 mGy; tanks held 800 Bq per litre, and 4 mrem.",
        "usd",
    );
    let got: Vec<_> = r.iter().map(|r| (r.1, r.4.clone(), r.5)).collect();
    let dose = |x: f64, name: &str| (Some(x), Some(name.to_string()), Some(Dimension::Radiation));
    assert_eq!(
        got,
        [
            dose(2.0, "gray"),
            dose(30.0, "milligray"),
            dose(800.0, "becquerel per liter"),
            dose(4.0, "millirem"),
        ]
    );
    assert_eq!(
        values("Fish caught near the plant had 1.2 kBq/kg."),
        [v(1.2, Some("kilobecquerel per kilogram"))]
    );
    // The colour is no unit.
    assert_eq!(
        values("Three gray seals and 12 gray squirrels were seen."),
        [v(3.0, Some("gray seal")), v(12.0, Some("gray squirrel"))]
    );
    // An acceleration's square second, written with a power or a glued digit.
    for s in [
        "The sled braked at 4.5 m/s².",
        "The sled braked at 4.5 m/s^2.",
        "The sled braked at 4.5 m/s2.",
    ] {
        assert_eq!(values(s), [v(4.5, Some("meter per square second"))], "{s}");
    }
}

#[test]
fn a_proportion_counts_its_part_as_out_of_does() {
    // "N in M X" reads as "N out of M X": N is the claim, of X; the whole is no claim of its own.
    assert_eq!(
        values("One in five Americans now works from home."),
        [v(1.0, Some("american"))]
    );
    assert_eq!(
        values("Roughly 3 in 10 tenants and one in every 20 landlords were behind."),
        [v(3.0, Some("tenant")), v(1.0, Some("landlord"))]
    );
    assert_eq!(
        values("Only one in twenty-five applicants got a place."),
        [v(1.0, Some("applicant"))]
    );
    let r = rows("Nearly one in four nurses quit last year.", "usd");
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].0, "Nearly one");
    assert_eq!(r[0].4.as_deref(), Some("nurse"));
    // A part no smaller than its whole is no proportion; nor is "in" before no number.
    let r = rows("Police detained 14 in two raids.", "usd");
    assert_eq!(r[0].1, Some(14.0));
    assert_ne!(r[0].4.as_deref(), Some("raid"));
    assert!(values("One in the crowd shouted.").is_empty());
}

#[test]
fn a_margin_of_error_is_no_negative_number() {
    let r = rows(
        "The survey of 2,004 voters carries a margin of error of plus or minus 2.8 percentage points.",
        "usd",
    );
    let margin = r
        .iter()
        .find(|r| r.0.contains("minus"))
        .expect("the margin");
    assert_eq!(margin.0, "plus or minus 2.8");
    assert_eq!(margin.1, Some(2.8));
    assert_eq!(margin.4.as_deref(), Some("percentage point"));
    assert_eq!(
        values("Its error band is +/-1.5 points."),
        [v(1.5, Some("point"))]
    );
    // A minus alone still makes a negative.
    assert_eq!(
        values("The wind chill made it feel like minus 12 degrees Celsius."),
        [v(-12.0, Some("degree celsius"))]
    );
}

#[test]
fn a_reading_on_a_magnitude_scale_is_a_magnitude() {
    assert_eq!(
        values("The tremor registered 5.9 on the Richter scale."),
        [v(5.9, Some("magnitude"))]
    );
    assert_eq!(
        values("Seismologists put it at 7.4 on the moment magnitude scale."),
        [v(7.4, Some("magnitude"))]
    );
    // Another scale is no magnitude.
    assert_ne!(
        values("Critics rated it 8 on the scale of films.")[0]
            .1
            .as_deref(),
        Some("magnitude")
    );
}

#[test]
fn currencies_of_the_gulf_china_israel_korea_ghana_and_egypt() {
    let money = |s: &str| -> Vec<(f64, Option<String>)> { values(s) };
    assert_eq!(
        money("The tower's flats start at Dh2.5 million and Dhs 900,000."),
        [v(2.5e6, Some("aed")), v(900000.0, Some("aed"))]
    );
    assert_eq!(
        money("Stimulus of RMB 500 billion, or Rmb40bn a month, was promised."),
        [v(5e11, Some("cny")), v(4e10, Some("cny per month"))]
    );
    assert_eq!(
        money("The ministry asked for NIS 3.1 billion."),
        [v(3.1e9, Some("ils"))]
    );
    assert_eq!(
        money("The chipmaker will invest 300 trillion won; its rival won 4 contracts."),
        [v(3e14, Some("krw")), v(4.0, Some("contract"))]
    );
    assert_eq!(
        money("Bread costs GH₵15, up from GH¢12, and a room ฿900."),
        [
            v(15.0, Some("ghs")),
            v(12.0, Some("ghs")),
            v(900.0, Some("thb"))
        ]
    );
    assert_eq!(
        money("Cairo raised fuel prices to E£11 a litre."),
        [v(11.0, Some("egp per liter"))]
    );
    assert_eq!(
        money("Swiss lenders hold Sfr 8bn of the bonds."),
        [v(8e9, Some("chf"))]
    );
}

#[test]
fn letters_after_a_dollar_sign_name_the_dollar() {
    assert_eq!(
        values("Canberra pledged $US1.5 billion and $A300 million."),
        [v(1.5e9, Some("usd")), v(3e8, Some("aud"))]
    );
    assert_eq!(values("Wellington spent $NZ45m."), [v(4.5e7, Some("nzd"))]);
    // A bare "$" stays the article's dollar.
    assert_eq!(values("It cost $12."), [v(12.0, Some("usd"))]);
}

#[test]
fn decimals_spoken_after_point() {
    assert_eq!(
        values("Officials expect one point four million visitors."),
        [v(1.4e6, Some("visitor"))]
    );
    assert_eq!(
        values("The bank set its rate at four point two five percent."),
        [v(4.25, Some("percent"))]
    );
    assert_eq!(
        values("The index closed at three hundred point zero six."),
        [v(300.06, Some("point"))]
    );
    assert_eq!(
        values("The index closed at ninety point forty-two."),
        [v(90.42, Some("point"))]
    );
    // "at one point" is a moment.
    assert_eq!(
        values("At one point six boats were adrift."),
        [v(6.0, Some("boat"))]
    );
}

#[test]
fn celsius_written_apart_and_scales_named_after_the_degree() {
    assert_eq!(
        values("By noon it was 31 C in the shade."),
        [v(31.0, Some("degree celsius"))]
    );
    assert_eq!(
        values("Lows of 4 C, then highs near 19 C."),
        [
            v(4.0, Some("degree celsius")),
            v(19.0, Some("degree celsius"))
        ]
    );
    // A letter that names something is no scale.
    assert!(values("Her office is at 12 C Street.")
        .iter()
        .all(|q| q.1.as_deref() != Some("degree celsius")));
    assert_ne!(
        values("The firm hired 40 C++ developers.")[0].1.as_deref(),
        Some("degree celsius")
    );
    // "° on the Fahrenheit scale": the scale named after the degree.
    assert_eq!(
        values("Water boils at 212° on the Fahrenheit scale."),
        [v(212.0, Some("degree fahrenheit"))]
    );
}

#[test]
fn a_unit_to_the_power_minus_one_is_its_inverse() {
    let r = rows("The pulsar spins down at 2 s⁻¹, its echo at 40 s-1.", "usd");
    let got: Vec<_> = r.iter().map(|r| (r.1, r.4.clone(), r.5)).collect();
    let per_second = |x: f64| {
        (
            Some(x),
            Some("inverse second".to_string()),
            Some(Dimension::Frequency),
        )
    };
    assert_eq!(got, [per_second(2.0), per_second(40.0)]);
    assert_eq!(
        values("Detectors logged 36 fb-1 this year."),
        [v(36.0, Some("inverse femtobarn"))]
    );
    // A score is no power (nor a quantity: ANNOTATION.md), and two numbers joined the same way
    // without a score's words are no power either.
    assert_eq!(values("They won 3-1 at home."), []);
    assert_eq!(values("The panel split 3-1."), [v(3.0, None), v(1.0, None)]);
}

#[test]
fn a_count_counts_the_noun_after_a_product_name() {
    assert_eq!(
        values("The carmaker shipped 24,310 Model Y crossovers in May."),
        [v(24310.0, Some("crossover"))]
    );
    assert_eq!(
        values("It plans 60,000 Model S and X deliveries."),
        [v(60000.0, Some("delivery"))]
    );
    assert_eq!(
        values("The carrier leases 35 Airbus A321 jets."),
        [v(35.0, Some("jet"))]
    );
    // Each count of a list keeps its own number; a name with no plural noun after it counts nothing.
    let r = rows(
        "Buyers got 5,120 Model 3 and 1,940 Model S and X cars.",
        "usd",
    );
    let got: Vec<_> = r.iter().map(|r| (r.1, r.4.clone())).collect();
    assert_eq!(
        got,
        [
            (Some(5120.0), None),
            (Some(1940.0), Some("car".to_string()))
        ]
    );
}

#[test]
fn a_verb_in_the_past_after_the_number_is_no_counted_noun() {
    let r = rows(
        "Nearly 2.1 million lacked clean water after the floods.",
        "usd",
    );
    assert_eq!(r.len(), 1);
    assert_ne!(r[0].4.as_deref(), Some("lacked clean water"));
    // A participle before a plural noun describes it.
    assert_eq!(
        values("The state has 4.2 million registered voters."),
        [v(4.2e6, Some("registered voter"))]
    );
}

#[test]
fn be_after_a_count_names_what_it_counts() {
    assert_eq!(
        values("Of the 90 passengers, 41 were Canadian citizens."),
        [v(90.0, Some("passenger")), v(41.0, Some("citizen"))]
    );
    assert_eq!(
        values("Officials said 17 are teenagers."),
        [v(17.0, Some("teenager"))]
    );
    // A participle or a place after "were" names nothing.
    let r = rows("Police said 8 were detained and 2 were in custody.", "usd");
    assert!(r.iter().all(|r| r.4.is_none()), "{r:?}");
}

#[test]
fn a_part_of_a_whole_that_someone_owns() {
    assert_eq!(
        values("Nine of the region's 40 hospitals closed."),
        [v(9.0, Some("hospital")), v(40.0, Some("hospital"))]
    );
    assert_eq!(
        values("Two of Asia's largest lenders cut rates."),
        [v(2.0, Some("lender"))]
    );
    let r = rows("It holds 11 of the world's 15 busiest ports.", "usd");
    let heads: Vec<_> = r.iter().map(|r| r.4.clone()).collect();
    assert_eq!(heads[0].as_deref().map(|u| u.ends_with("port")), Some(true));
}

#[test]
fn a_measure_among_the_modifiers_of_a_counted_noun() {
    // The count takes the noun past the measure; the measure is a quantity of its own.
    assert_eq!(
        values("Markets price in two separate quarter-percentage-point cuts."),
        [
            v(2.0, Some("separate cut")),
            v(0.25, Some("percentage point"))
        ]
    );
    assert_eq!(
        values("She won three straight four-year terms."),
        [v(3.0, Some("straight term")), v(4.0, Some("year"))]
    );
    // A bare fraction hyphened to a unit, and no fraction of a fraction.
    assert_eq!(
        values("Walkers took the half-mile route."),
        [v(0.5, Some("mile"))]
    );
    assert_eq!(
        values("The bank made two half-point cuts."),
        [v(2.0, Some("half point cut"))]
    );
}

#[test]
fn a_decimal_after_an_acronym_is_part_of_its_name() {
    assert_eq!(
        values("PM 2.5 readings topped 180 µg/m3."),
        [v(180.0, Some("microgram per cubic meter"))]
    );
    // A whole number after an acronym may still count the noun after it.
    assert_eq!(
        values("The EU 27 countries agreed."),
        [v(27.0, Some("country"))]
    );
}

#[test]
fn more_verbs_and_nouns_of_change() {
    let change =
        |s: &str| -> Vec<Option<Change>> { rows(s, "usd").into_iter().map(|r| r.6).collect() };
    assert_eq!(
        change("The euro strengthened 1.1% while the rupee depreciated 0.4%."),
        [Some(Change::Increase), Some(Change::Decrease)]
    );
    assert_eq!(
        change("Output expanded 3% after lenders slashed rates by 0.5 percentage points."),
        [Some(Change::Increase), Some(Change::Decrease)]
    );
    // A modifier may stand between the number and the noun of its change.
    assert_eq!(
        change("Rents showed a 6% annual increase and a 1.5% month-on-month dip."),
        [Some(Change::Increase), Some(Change::Decrease)]
    );
    // Points of an index are a measure that an index sheds; seats are counted, not a change.
    assert_eq!(
        change("The Nikkei shed 410 points; the party lost 9 seats."),
        [Some(Change::Decrease), None]
    );
}

#[test]
fn m_in_brackets_after_a_length_is_its_conversion_in_metres() {
    assert_eq!(
        values("The spire rises 1,776ft (541m) above the street."),
        [v(1776.0, Some("foot")), v(541.0, Some("meter"))]
    );
    assert_eq!(
        values("A 3.5-mile (5.6km) stretch and a 650ft (198m) drop."),
        [
            v(3.5, Some("mile")),
            v(5.6, Some("kilometer")),
            v(650.0, Some("foot")),
            v(198.0, Some("meter"))
        ]
    );
    // After money it stays millions.
    assert_eq!(
        values("The group raised $452m (£390m)."),
        [v(4.52e8, Some("usd")), v(3.9e8, Some("gbp"))]
    );
}

#[test]
fn a_fraction_word_before_a_unit_of_time_is_an_ordinal() {
    assert!(values("Protests went on for a third day.").is_empty());
    assert!(values("Prices fell for a fifth week running.").is_empty());
    // Before a measure it stays a fraction.
    assert_eq!(
        values("The runners covered a quarter mile."),
        [v(0.25, Some("mile"))]
    );
}

#[test]
fn dozens_in_words_are_twelves() {
    assert_eq!(
        values("Half a dozen ministers and two dozen aides resigned."),
        [v(6.0, Some("minister")), v(24.0, Some("aide"))]
    );
    assert_eq!(
        values("The bakery sold three dozen buns and 5 dozen rolls."),
        [v(36.0, Some("bun")), v(60.0, Some("roll"))]
    );
}

#[test]
fn the_ages_of_a_population_and_tallies_named_after_them() {
    // A range of ages written with "-year-olds" is a range of years (required, ANNOTATION.md).
    let r = rows(
        "Turnout among 18 to 24-year-olds and 25- to 34-year-olds rose.",
        "usd",
    );
    let got: Vec<_> = r.iter().map(|r| (r.2, r.3, r.4.clone())).collect();
    let years = |a: f64, b: f64| (Some(a), Some(b), Some("year".to_string()));
    assert_eq!(got, [years(18.0, 24.0), years(25.0, 34.0)]);
    // One age is a label, as before.
    assert!(values("The 72-year-old resigned.").is_empty());
    // A verb of voting after a range makes no tally of it; the noun does.
    let r = rows(
        "Those aged 35-44 voted early; the bill passed in a 6-3 vote.",
        "usd",
    );
    let got: Vec<_> = r.iter().map(|r| r.4.clone()).collect();
    assert_eq!(
        got,
        [
            Some("year".to_string()),
            Some("vote".to_string()),
            Some("vote".to_string())
        ]
    );
}

#[test]
fn a_multiple_of_a_base_amount_is_a_ratio() {
    assert_eq!(
        values("The buyer paid 14 times earnings for the chain."),
        [v(14.0, Some("ratio"))]
    );
    assert_eq!(
        values("Average homes now cost 9 times salary."),
        [v(9.0, Some("ratio"))]
    );
    // Occurrences stay counted.
    assert_eq!(
        values("The clip was shared 40 times overnight."),
        [v(40.0, Some("time"))]
    );
}

#[test]
fn a_group_so_many_strong_counts_its_members() {
    assert_eq!(
        values("A 12,000-strong crowd filled the square."),
        [v(12000.0, Some("crowd"))]
    );
    assert_eq!(
        values("The 450-strong workforce will move."),
        [v(450.0, Some("workforce"))]
    );
}

#[test]
fn degrees_below_zero_are_of_temperature() {
    let r = rows(
        "Overnight it dropped to minus 22 degrees in the capital.",
        "usd",
    );
    assert_eq!(r[0].1, Some(-22.0));
    assert_eq!(r[0].5, Some(Dimension::Temperature));
    let r = rows("The ramp rises at 12 degrees.", "usd");
    assert_eq!(r[0].5, Some(Dimension::Angle));
}

#[test]
fn a_capital_c_glued_before_a_price_rate_is_cents() {
    assert_eq!(
        values("The trust will pay 8.2C per unit this half."),
        [v(8.2, Some("cent per unit"))]
    );
    // Before no rate it stays Celsius.
    assert_eq!(
        values("Perth sweltered in 41C heat."),
        [v(41.0, Some("degree celsius"))]
    );
}

#[test]
fn odds_written_as_a_modifier_are_no_number() {
    assert_eq!(
        values("Engineers built it for a 1-in-200-year storm that killed 9 people."),
        [v(9.0, Some("person"))]
    );
    assert!(values("It was a 1-in-1,000-year flood.").is_empty());
    // Odds as a proportion stay: "1 in 5 adults".
    assert_eq!(values("Now 1 in 5 adults vape."), [v(1.0, Some("adult"))]);
}

#[test]
fn more_abbreviations_by_their_full_names() {
    assert_eq!(
        values("Each can holds 12 fl oz; the jug 2 qt."),
        [v(12.0, Some("fluid ounce")), v(2.0, Some("quart"))]
    );
    assert_eq!(
        values("The storm's pressure dropped to 948 mbar, about 950 millibars."),
        [v(948.0, Some("millibar")), v(950.0, Some("millibar"))]
    );
    assert_eq!(
        values("Chargers run at 400 V and scooters on 36V packs for 6 wks."),
        [
            v(400.0, Some("volt")),
            v(36.0, Some("volt")),
            v(6.0, Some("week"))
        ]
    );
}

#[test]
fn tonnes_of_carbon_dioxide_binary_bytes_and_beats() {
    assert_eq!(
        values("The plant emits 4.1 MtCO2e, the sector 0.9 GtCO2."),
        [v(4.1, Some("megatonne")), v(0.9, Some("gigatonne"))]
    );
    assert_eq!(
        values("Phones ship with 256 GiB; links run at 10 Gbit."),
        [v(256.0, Some("gibibyte")), v(10.0, Some("gigabit"))]
    );
    assert_eq!(
        values("Her resting pulse was 58 bpm."),
        [v(58.0, Some("beat per minute"))]
    );
}

#[test]
fn oil_in_barrels_a_day_as_the_trade_writes_it() {
    assert_eq!(
        values("The group will cut output by 2 mb/d; Iraq pumps 4.3 mbpd."),
        [
            v(2e6, Some("barrel per day")),
            v(4.3e6, Some("barrel per day"))
        ]
    );
    assert_eq!(
        values("Exports fell 350 kb/d to 90,000 b/d."),
        [
            v(3.5e5, Some("barrel per day")),
            v(9e4, Some("barrel per day"))
        ]
    );
    assert_eq!(
        ranges("Analysts see a surplus of 1-1.5 mb/d."),
        [(1e6, 1.5e6, Some("barrel per day".to_string()))]
    );
    // Gas in billions of cubic metres and trillions of cubic feet, also per year.
    assert_eq!(
        values("The pipeline carries 55 bcm a year from a field of 12 tcf."),
        [
            v(5.5e10, Some("cubic meter per year")),
            v(1.2e13, Some("cubic foot"))
        ]
    );
    // Megabytes stay megabytes.
    assert_eq!(values("The patch is 40 MB."), [v(40.0, Some("megabyte"))]);
}

#[test]
fn crores_abbreviated_after_the_rupee() {
    assert_eq!(
        values("Net profit rose to Rs 2,150 cr from ₹1,900cr."),
        [v(2.15e10, Some("inr")), v(1.9e10, Some("inr"))]
    );
    // Without the rupee, "cr" is no scale.
    assert_ne!(values("Students need 12 cr to graduate.")[0].0, 1.2e8);
}

#[test]
fn euro_after_a_word_is_no_money() {
    // "at Euro 2024" names a tournament; a qualifier before "euro" makes no currency of it.
    assert!(values("The striker wore shirt number 9 at Euro 2028.").is_empty());
    assert_eq!(values("It cost 40 euros."), [v(40.0, Some("eur"))]);
}

#[test]
fn labels_streets_and_versions_are_no_claims() {
    assert!(values("See page 14 and chapter 2 of the report.").is_empty());
    assert_eq!(
        values("The phase 3 trial enrolled 4,000 adults."),
        [v(4000.0, Some("adult"))]
    );
    assert!(values("Protesters gathered outside 10 Downing Street.").is_empty());
    assert!(values("The app moved to Bluetooth 5.3 last year.").is_empty());
    // A number counted after a capitalized word is still a count.
    assert_eq!(
        values("Tesla 3.5 million cars were recalled."),
        [v(3.5e6, Some("car"))]
    );
}

#[test]
fn an_acceleration_test_names_its_speeds_and_claims_its_time() {
    assert_eq!(
        values("The hatchback does 0-62mph in 6.9 seconds."),
        [v(6.9, Some("second"))]
    );
    assert_eq!(
        values("It goes from 0 to 100 km/h in 2.8 seconds."),
        [v(2.8, Some("second"))]
    );
    // A range of speeds with no time after it stays.
    assert_eq!(
        ranges("Expect winds of 0-15 mph."),
        [(0.0, 15.0, Some("mile per hour".to_string()))]
    );
}

#[test]
fn a_plural_fraction_after_a_number_word_is_a_fraction() {
    assert_eq!(
        values("Two thirds backed the deal and three fifths signed."),
        [v(2.0 / 3.0, Some("fraction")), v(0.6, Some("fraction"))]
    );
    // Quarters may be periods of a year; "of" or "by" make them a fraction.
    let r = rows("The economy shrank for two quarters.", "usd");
    assert!(r.iter().all(|r| r.1 != Some(0.5)), "{r:?}");
    assert_eq!(
        values("Three quarters of firms agreed."),
        [v(0.75, Some("fraction"))]
    );
}
