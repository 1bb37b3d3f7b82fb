//! Word lists of the quantity grammar: number words, scales, fractions, qualifiers, months, units.

use crate::doc::Bound;

pub fn small_number(w: &str) -> Option<f64> {
    const WORDS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(i) = WORDS.iter().position(|x| *x == w) {
        return Some(i as f64);
    }
    TENS.iter()
        .position(|x| *x == w)
        .map(|i| (i as f64 + 2.0) * 10.0)
}

pub fn scale_word(w: &str) -> Option<f64> {
    match w {
        "thousand" => Some(1e3),
        "lakh" | "lakhs" | "lac" => Some(1e5),
        "million" => Some(1e6),
        "crore" | "crores" => Some(1e7),
        "billion" => Some(1e9),
        "trillion" => Some(1e12),
        _ => None,
    }
}

/// Scale abbreviations glued to digits ("5bn", "1.2m", "300k").
pub fn scale_abbreviation(w: &str) -> Option<f64> {
    match w {
        "k" => Some(1e3),
        "m" | "mn" | "mln" | "mil" => Some(1e6),
        "b" | "bn" | "bln" => Some(1e9),
        "tn" | "trn" | "tln" => Some(1e12),
        _ => None,
    }
}

/// Scale abbreviations that may also stand apart from the digits ("10 bln", "$3.5 bn", "2.33 k" at
/// the end of a phrase; a spaced "m" is metres and a spaced "b" no scale).
pub fn spaced_scale_abbreviation(w: &str) -> Option<f64> {
    match w {
        "k" | "mn" | "mln" | "bn" | "bln" | "tn" | "trn" | "tln" => scale_abbreviation(w),
        _ => None,
    }
}

/// Words that multiply a number written in digits: "3 hundred", "3 dozen".
pub fn digit_multiplier(w: &str) -> Option<f64> {
    match w {
        "hundred" => Some(100.0),
        "dozen" | "dozens" | "dz" | "dzs" => Some(12.0),
        _ => scale_word(w),
    }
}

/// Unicode vulgar fractions ("½" -> 0.5).
pub fn vulgar_fraction(c: char) -> Option<f64> {
    match c {
        '½' => Some(0.5),
        '⅓' => Some(1.0 / 3.0),
        '⅔' => Some(2.0 / 3.0),
        '¼' => Some(0.25),
        '¾' => Some(0.75),
        '⅕' => Some(0.2),
        '⅖' => Some(0.4),
        '⅗' => Some(0.6),
        '⅘' => Some(0.8),
        '⅙' => Some(1.0 / 6.0),
        '⅚' => Some(5.0 / 6.0),
        '⅛' => Some(0.125),
        '⅜' => Some(0.375),
        '⅝' => Some(0.625),
        '⅞' => Some(0.875),
        _ => None,
    }
}

/// Ordinal suffixes glued to digits ("1st", "80th"): the number is no quantity.
pub fn is_ordinal_suffix(w: &str) -> bool {
    matches!(w, "st" | "nd" | "rd" | "th")
}

/// Verbs and adverbs before a number that state it as a change ("rose 25 cents", "down 2%").
/// `money_or_measure_only`: verbs that state a change only of an amount or measure ("gained 3%"),
/// not of counted things ("gained 3 seats" is a count of seats).
pub fn change_before(w: &str) -> Option<(crate::doc::Change, bool)> {
    use crate::doc::Change::*;
    match w {
        "rose" | "rise" | "rises" | "risen" | "rising" | "increased" | "increase" | "increases"
        | "increasing" | "grew" | "grow" | "grows" | "grown" | "growing" | "climbed" | "climb"
        | "climbs" | "climbing" | "jumped" | "jump" | "jumps" | "surged" | "surge" | "surges"
        | "soared" | "soar" | "soars" | "advanced" | "advances" | "rallied" | "up" | "higher"
        | "raised" | "boosted" | "spiked" | "accelerated" | "strengthened" | "appreciated"
        | "firmed" | "rebounded" | "recovered" | "expanded" | "widened" | "leapt" | "leaped"
        | "rocketed" | "skyrocketed" | "hiked" | "lifted" | "swelled" | "ballooned"
        // The present and the participle: "raising prices by 5%", "boosts output 3%".
        | "raising" | "raises" | "boosting" | "boosts" | "lifting" | "lifts" | "hiking"
        | "hikes" | "jumping" | "surging" | "soaring" | "rallying" | "advancing" | "expanding"
        | "widening" | "rebounding" | "accelerating" => Some((Increase, false)),
        "gained" | "gain" | "gains" | "gaining" | "added" | "adds" | "add" | "adding" => {
            Some((Increase, true))
        }
        "fell" | "fall" | "falls" | "fallen" | "falling" | "dropped" | "drop" | "drops"
        | "declined" | "decline" | "declines" | "declining" | "decreased" | "decrease"
        | "decreases" | "slid" | "slide" | "slides" | "slipped" | "slip" | "slips" | "tumbled"
        | "tumble" | "tumbles" | "plunged" | "plunge" | "plunges" | "sank" | "sink" | "sinks"
        | "dipped" | "dip" | "dips" | "eased" | "eases" | "slumped" | "slump" | "down"
        | "lower" | "contracted" | "shrank" | "shrunk" | "plummeted" | "retreated" | "cut"
        | "reduced" | "lowered" | "weakened" | "depreciated" | "narrowed" | "slashed"
        | "trimmed" | "crashed" | "tanked" | "sagged" | "dived" | "dove" | "nosedived"
        // The present and the participle: "cutting prices by 10p", "lowers its forecast 2%".
        | "cutting" | "cuts" | "reducing" | "reduces" | "lowering" | "lowers" | "slashing"
        | "slashes" | "trimming" | "trims" | "dropping" | "plunging" | "tumbling" | "sliding"
        | "slipping" | "dipping" | "easing" | "slumping" | "shrinking" | "sinking"
        | "narrowing" | "contracting" | "weakening" => Some((Decrease, false)),
        "lost" | "lose" | "loses" | "losing" | "shed" | "sheds" | "shedding" => {
            Some((Decrease, true))
        }
        _ => None,
    }
}

/// Nouns after a number that state it as a change ("a 7% drop", "a 25-cent rise"), and the
/// comparatives "higher" and "lower" ("closed 2% higher").
pub fn change_after(w: &str) -> Option<crate::doc::Change> {
    use crate::doc::Change::*;
    match w {
        "higher" => Some(Increase),
        "lower" => Some(Decrease),
        "rise" | "increase" | "gain" | "jump" | "surge" | "climb" | "hike" | "boost" | "growth"
        | "uptick" | "rebound" | "rally" | "spike" | "leap" | "expansion" => Some(Increase),
        "drop" | "fall" | "decline" | "decrease" | "cut" | "reduction" | "slump" | "slide"
        | "dip" | "plunge" | "contraction" | "downturn" | "loss" | "tumble" | "slowdown" => {
            Some(Decrease)
        }
        _ => None,
    }
}

/// Verbs that describe a product after its name ("the iPhone 15 costs £799", "Windows 11 runs on",
/// "the Model 3 has"): the number before them is part of the name, not a count.
pub fn is_description_verb(w: &str) -> bool {
    matches!(
        w,
        "costs"
            | "runs"
            | "has"
            | "gets"
            | "comes"
            | "offers"
            | "features"
            | "uses"
            | "sells"
            | "starts"
            | "includes"
            | "weighs"
            | "measures"
            | "packs"
            | "boasts"
            | "supports"
            | "ships"
            | "retails"
            | "goes"
            | "adds"
            | "launches"
            | "arrives"
    )
}

/// Adjectives that say the counted things are added, not what kind they are: "50 new stores",
/// "2,000 additional troops", "3 more cases".
pub fn is_addition_adjective(w: &str) -> bool {
    matches!(
        w,
        "new" | "additional" | "extra" | "further" | "fresh" | "more" | "other" | "brand-new"
    )
}

/// Words before a match score that make "3-1" a result, not two quantities: "won 3-1", "beat
/// Chelsea 2-0", "drew 1-1", "led 14-7".
pub fn is_score_verb(w: &str) -> bool {
    matches!(
        w,
        "won"
            | "win"
            | "wins"
            | "winning"
            | "beat"
            | "beats"
            | "beating"
            | "beaten"
            | "defeated"
            | "defeats"
            | "lost"
            | "lose"
            | "loses"
            | "losing"
            | "drew"
            | "draw"
            | "draws"
            | "drawn"
            | "led"
            | "lead"
            | "leads"
            | "leading"
            | "trailed"
            | "trailing"
            | "trail"
            | "thrashed"
            | "edged"
            | "routed"
            | "crushed"
            | "downed"
            | "score"
            | "scoreline"
            | "finished"
            | "ended"
    )
}

/// Nouns after a match score that make it a result: "a 3-1 win", "the 2-0 defeat".
pub fn is_score_noun(w: &str) -> bool {
    matches!(
        w,
        "win"
            | "victory"
            | "defeat"
            | "loss"
            | "draw"
            | "lead"
            | "scoreline"
            | "triumph"
            | "thrashing"
            | "drubbing"
            | "rout"
            | "success"
            | "comeback"
            | "aggregate"
    )
}

/// Lowercase words that make the number after them a label, not a count ("page 12", "phase 3",
/// "category 4 storm", "wore number 23").
pub fn is_label_word(w: &str) -> bool {
    matches!(
        w,
        "page"
            | "pages"
            | "chapter"
            | "section"
            | "article"
            | "paragraph"
            | "clause"
            | "verse"
            | "episode"
            | "season"
            | "phase"
            | "stage"
            | "level"
            | "tier"
            | "category"
            | "grade"
            | "zone"
            | "route"
            | "exit"
            | "gate"
            | "platform"
            | "room"
            | "flight"
            | "number"
            | "version"
            | "row"
            | "seat"
            | "terminal"
    )
}

/// Words that end the name of a street ("Downing Street", "Fifth Ave").
pub fn is_street_word(w: &str) -> bool {
    matches!(
        w,
        "Street"
            | "St"
            | "Road"
            | "Rd"
            | "Avenue"
            | "Ave"
            | "Lane"
            | "Boulevard"
            | "Blvd"
            | "Drive"
            | "Place"
            | "Square"
            | "Terrace"
            | "Crescent"
            | "Court"
            | "Highway"
    )
}

/// Amounts a multiple is taken of, after "times" ("25 times earnings", "three times salary").
pub fn is_multiple_base(w: &str) -> bool {
    matches!(
        w,
        "earnings"
            | "sales"
            | "revenue"
            | "revenues"
            | "profit"
            | "profits"
            | "income"
            | "salary"
            | "salaries"
            | "wages"
            | "pay"
            | "ebitda"
            | "gdp"
            | "rent"
            | "cash"
    )
}

/// Words that may stand between a number and the noun of its change ("a 2% annual decline", "a
/// 5% year-on-year rise", "a 10% sharp drop").
pub fn is_change_modifier(w: &str) -> bool {
    matches!(
        w,
        "annual"
            | "annualized"
            | "annualised"
            | "yearly"
            | "quarterly"
            | "monthly"
            | "weekly"
            | "daily"
            | "year-on-year"
            | "year-over-year"
            | "month-on-month"
            | "quarter-on-quarter"
            | "overall"
            | "average"
            | "further"
            | "sharp"
            | "steep"
            | "slight"
            | "modest"
            | "marginal"
            | "record"
            | "cumulative"
    )
}

pub fn is_number_word(w: &str) -> bool {
    small_number(w).is_some() || w == "hundred" || scale_word(w).is_some()
}

/// Denominators of fraction words ("third" -> 3, "halves" -> 2).
pub fn fraction(w: &str) -> Option<f64> {
    match w {
        "half" | "halves" => Some(2.0),
        "third" | "thirds" => Some(3.0),
        "quarter" | "quarters" => Some(4.0),
        "fifth" | "fifths" => Some(5.0),
        "sixth" | "sixths" => Some(6.0),
        "eighth" | "eighths" => Some(8.0),
        "tenth" | "tenths" => Some(10.0),
        _ => larger_fraction(w),
    }
}

/// Denominators written as rarer ordinals ("sevenths", "a thirtieth", "hundredths").
fn larger_fraction(w: &str) -> Option<f64> {
    let singular = w.strip_suffix('s').unwrap_or(w);
    let v = match singular {
        "seventh" => 7.0,
        "ninth" => 9.0,
        "eleventh" => 11.0,
        "twelfth" => 12.0,
        "twentieth" => 20.0,
        "thirtieth" => 30.0,
        "fortieth" => 40.0,
        "fiftieth" => 50.0,
        "hundredth" => 100.0,
        "thousandth" => 1e3,
        "millionth" => 1e6,
        _ => return None,
    };
    Some(v)
}

/// Vague counts: the word(s), their value and the bound they imply.
pub fn vague_count(w: &str) -> Option<(f64, Bound)> {
    match w {
        "dozens" => Some((12.0, Bound::AtLeast)),
        "hundreds" => Some((100.0, Bound::AtLeast)),
        "thousands" => Some((1e3, Bound::AtLeast)),
        "millions" => Some((1e6, Bound::AtLeast)),
        "billions" => Some((1e9, Bound::AtLeast)),
        _ => None,
    }
}

/// Qualifiers written before a number, longest first.
pub const QUALIFIERS: &[(&[&str], Bound)] = &[
    (&["less", "than", "or", "equal", "to"], Bound::AtMost),
    (&["more", "than", "or", "equal", "to"], Bound::AtLeast),
    (&["greater", "than", "or", "equal", "to"], Bound::AtLeast),
    (&["higher", "than", "or", "equal", "to"], Bound::AtLeast),
    (&["lower", "than", "or", "equal", "to"], Bound::AtMost),
    (&["less", "or", "equal", "than"], Bound::AtMost),
    (&["smaller", "or", "equal", "than"], Bound::AtMost),
    (&["lower", "or", "equal", "than"], Bound::AtMost),
    (&["greater", "or", "equal", "than"], Bound::AtLeast),
    (&["higher", "or", "equal", "than"], Bound::AtLeast),
    (&["bigger", "or", "equal", "than"], Bound::AtLeast),
    (&["larger", "or", "equal", "than"], Bound::AtLeast),
    (&["well", "in", "excess", "of"], Bound::MoreThan),
    (&["in", "excess", "of"], Bound::MoreThan),
    (&["no", "fewer", "than"], Bound::AtLeast),
    (&["no", "less", "than"], Bound::AtLeast),
    (&["not", "less", "than"], Bound::AtLeast),
    (&["no", "more", "than"], Bound::AtMost),
    (&["a", "minimum", "of"], Bound::AtLeast),
    (&["a", "maximum", "of"], Bound::AtMost),
    (&["as", "many", "as"], Bound::AtMost),
    (&["as", "much", "as"], Bound::AtMost),
    (&["as", "high", "as"], Bound::AtMost),
    (&["as", "few", "as"], Bound::AtLeast),
    (&["as", "low", "as"], Bound::AtLeast),
    (&["as", "little", "as"], Bound::AtLeast),
    (&["much", "higher", "than"], Bound::MoreThan),
    (&["much", "more", "than"], Bound::MoreThan),
    (&["higher", "than"], Bound::MoreThan),
    (&["lower", "than"], Bound::LessThan),
    (&["well", "over"], Bound::MoreThan),
    (&["well", "above"], Bound::MoreThan),
    (&["just", "over"], Bound::MoreThan),
    (&["just", "above"], Bound::MoreThan),
    (&["more", "than"], Bound::MoreThan),
    (&["greater", "than"], Bound::MoreThan),
    (&["larger", "than"], Bound::MoreThan),
    (&["bigger", "than"], Bound::MoreThan),
    (&["smaller", "than"], Bound::LessThan),
    (&["upwards", "of"], Bound::MoreThan),
    (&["north", "of"], Bound::MoreThan),
    (&["at", "least"], Bound::AtLeast),
    (&["at", "most"], Bound::AtMost),
    (&["up", "to"], Bound::AtMost),
    (&["just", "under"], Bound::LessThan),
    (&["just", "below"], Bound::LessThan),
    (&["well", "under"], Bound::LessThan),
    (&["well", "below"], Bound::LessThan),
    (&["less", "than"], Bound::LessThan),
    (&["fewer", "than"], Bound::LessThan),
    (&["close", "to"], Bound::Approx),
    (&["an", "estimated"], Bound::Approx),
    (&["over"], Bound::MoreThan),
    (&["above"], Bound::MoreThan),
    (&["not", "exceed"], Bound::AtMost),
    (&["not", "exceeding"], Bound::AtMost),
    (&["never", "exceeds"], Bound::AtMost),
    (&["exceeding"], Bound::MoreThan),
    (&["exceeded"], Bound::MoreThan),
    (&["exceeds"], Bound::MoreThan),
    (&["exceed"], Bound::MoreThan),
    (&["surpassed"], Bound::MoreThan),
    (&["surpasses"], Bound::MoreThan),
    (&["surpass"], Bound::MoreThan),
    (&["topped"], Bound::MoreThan),
    (&["topping"], Bound::MoreThan),
    (&["approaching"], Bound::Approx),
    (&["under"], Bound::LessThan),
    (&["below"], Bound::LessThan),
    (&["some"], Bound::Approx),
    (&["about"], Bound::Approx),
    (&["around"], Bound::Approx),
    (&["approximately"], Bound::Approx),
    (&["roughly"], Bound::Approx),
    (&["nearly"], Bound::Approx),
    (&["almost"], Bound::Approx),
    (&["circa"], Bound::Approx),
    (&["near"], Bound::Approx),
    (&["estimated"], Bound::Approx),
];

pub fn month(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.').to_lowercase();
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if let Some(i) = FULL.iter().position(|m| *m == w) {
        return Some(i as u32 + 1);
    }
    const SHORT: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if w == "sept" {
        return Some(9);
    }
    SHORT.iter().position(|m| *m == w).map(|i| i as u32 + 1)
}

/// Time units, singular, for durations, rates and relative dates.
pub fn time_unit(w: &str) -> Option<&'static str> {
    match w {
        "second" | "seconds" => Some("second"),
        "minute" | "minutes" => Some("minute"),
        "hour" | "hours" => Some("hour"),
        "day" | "days" => Some("day"),
        "week" | "weeks" => Some("week"),
        "month" | "months" => Some("month"),
        "year" | "years" | "annum" => Some("year"),
        "decade" | "decades" => Some("decade"),
        _ => None,
    }
}

/// Adverbs of rate ("monthly" -> "month").
pub fn rate_adverb(w: &str) -> Option<&'static str> {
    match w {
        "hourly" => Some("hour"),
        "daily" => Some("day"),
        "weekly" => Some("week"),
        "monthly" => Some("month"),
        "annually" | "yearly" | "pa" => Some("year"),
        // "£1,500 pcm", "£350 pw": per calendar month, per week.
        "pcm" => Some("month"),
        "pw" => Some("week"),
        _ => None,
    }
}

/// Articles, demonstratives and possessive pronouns: words that open a noun phrase and name
/// nothing in it (lowercase).
pub fn is_determiner(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "this"
            | "that"
            | "these"
            | "those"
            | "its"
            | "their"
            | "his"
            | "her"
            | "our"
            | "my"
            | "your"
    )
}

/// Words that end a noun phrase after a number (function words, auxiliaries, common verbs).
pub fn is_np_stop(w: &str) -> bool {
    const STOP: &[&str] = &[
        "of",
        "in",
        "on",
        "at",
        "to",
        "from",
        "for",
        "with",
        "by",
        "since",
        "during",
        "per",
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "than",
        "as",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "this",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "my",
        "your",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "will",
        "would",
        "could",
        "can",
        "may",
        "might",
        "should",
        "must",
        "do",
        "does",
        "did",
        "not",
        "now",
        "each",
        "every",
        "over",
        "under",
        "into",
        "across",
        "after",
        "before",
        "about",
        "around",
        "between",
        "among",
        "through",
        "against",
        "amid",
        "while",
        "when",
        "where",
        "if",
        "so",
        "also",
        "already",
        "still",
        "just",
        "only",
        "more",
        "less",
        "again",
        "ago",
        "away",
        "later",
        "earlier",
        "including",
        "included",
        "according",
        "said",
        "says",
        "say",
        "told",
        "there",
        "here",
        "then",
        "it",
        "they",
        "he",
        "she",
        "we",
        "you",
        "i",
        "them",
        "him",
        "us",
        "all",
        "both",
        "such",
        "some",
        "any",
        "no",
        "out",
        "up",
        "down",
        "off",
        "near",
        "inside",
        "outside",
        "within",
        "without",
        "toward",
        "towards",
        "onto",
        "upon",
        "until",
        "till",
        "via",
        "because",
        "though",
        "although",
        "whether",
        "since",
        "yet",
        "too",
        "very",
        "most",
        "least",
        "last",
        "next",
        "another",
        "own",
        "same",
        "what",
        "how",
        "why",
        "unless",
        "despite",
        "like",
        "unlike",
        "versus",
        "vs",
        "plus",
        "minus",
        "times",
        "behind",
        "beyond",
        "alongside",
        "along",
        "compared",
        "above",
        "below",
        "get",
        "got",
        "make",
        "made",
        "take",
        "took",
        "went",
        "go",
        "come",
        "came",
        "killing",
        "leaving",
        "bringing",
        "making",
        "taking",
        "meaning",
        "causing",
        "destroying",
        "left",
        "lost",
        "seen",
        "held",
        "sent",
        "built",
        "fought",
        "won",
        "deep",
        "far",
        "long",
        "apart",
        "reached",
        "total",
        "totaling",
        "totalling",
        "fewer",
    ];
    // "isn't", "don't", "won’t": a verb with its negation, never a noun.
    STOP.contains(&w) || w.ends_with("n't") || w.ends_with("n’t")
}

/// Plural or irregular noun -> singular.
pub fn singular(w: &str) -> String {
    const IRREGULAR: &[(&str, &str)] = &[
        ("people", "person"),
        ("men", "man"),
        ("women", "woman"),
        ("children", "child"),
        ("lives", "life"),
        ("feet", "foot"),
        ("teeth", "tooth"),
        ("mice", "mouse"),
        ("wives", "wife"),
        ("knives", "knife"),
        ("halves", "half"),
        ("wolves", "wolf"),
        ("loaves", "loaf"),
        ("calves", "calf"),
        ("shelves", "shelf"),
        ("thieves", "thief"),
        ("leaves", "leaf"),
        ("selves", "self"),
        ("elves", "elf"),
        ("sheaves", "sheaf"),
        ("losses", "loss"),
        ("aircraft", "aircraft"),
        ("series", "series"),
        ("species", "species"),
        ("news", "news"),
        // Singular nouns ending in -s: diseases and fields of study.
        ("measles", "measles"),
        ("mumps", "mumps"),
        ("rabies", "rabies"),
        ("diabetes", "diabetes"),
        ("economics", "economics"),
        ("politics", "politics"),
        ("physics", "physics"),
        ("mathematics", "mathematics"),
        ("police", "police"),
        ("personnel", "personnel"),
    ];
    if let Some((_, s)) = IRREGULAR.iter().find(|(p, _)| *p == w) {
        return s.to_string();
    }
    // Compounds of "man" and "woman": "fishermen" -> "fisherman", "chairwomen" -> "chairwoman"
    // (not the nouns that merely end in "-men": "specimen", "abdomen", "regimen").
    const NOT_MAN: &[&str] = &[
        "specimen", "abdomen", "regimen", "omen", "stamen", "acumen", "hymen", "semen", "lumen",
        "amen", "yemen",
    ];
    if let Some(stem) = w.strip_suffix("men") {
        if !stem.is_empty() && !NOT_MAN.contains(&w) && !w.ends_with("ramen") {
            return format!("{stem}man");
        }
    }
    let n = w.chars().count();
    if n > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..w.len() - 3]);
    }
    for suffix in ["ches", "shes", "sses", "xes", "zes"] {
        if w.ends_with(suffix) {
            return w[..w.len() - 2].to_string();
        }
    }
    if n > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        return w[..w.len() - 1].to_string();
    }
    w.to_string()
}

/// Measure units (length, area, weight...) after which "of <thing>" names what is measured.
pub fn is_measure_unit(w: &str) -> bool {
    const UNITS: &[&str] = &[
        "meter",
        "metre",
        "kilometer",
        "kilometre",
        "km",
        "mile",
        "yard",
        "foot",
        "inch",
        "centimeter",
        "hectare",
        "acre",
        "square",
        "ton",
        "tonne",
        "kilogram",
        "kg",
        "pound",
        "gram",
        "liter",
        "litre",
        "gallon",
        "barrel",
        "percent",
        "degree",
        "watt",
        "megawatt",
        "gigawatt",
        "kilowatt",
    ];
    let s = singular(w);
    UNITS.contains(&s.as_str()) || time_unit(w).is_some()
}

/// Canonical names of measure-unit abbreviations.
pub fn unit_alias(w: &str) -> Option<&'static str> {
    match w {
        "km" | "kms" | "kilometres" | "kilometre" => Some("kilometer"),
        "metres" | "metre" | "m" => Some("meter"),
        "mi" => Some("mile"),
        "kg" | "kgs" => Some("kilogram"),
        "tonnes" | "tonne" | "tons" => Some("ton"),
        "sq" => Some("square"),
        "bpd" => Some("barrel per day"),
        _ => None,
    }
}

/// Verbs and participles that say a counted group died, or was hurt.
pub fn casualty_word(w: &str) -> Option<&'static str> {
    match w {
        "killed" | "dead" | "died" | "perished" | "slain" => Some("death"),
        "wounded" | "injured" | "hurt" => Some("injury"),
        "missing" => Some("missing person"),
        "captured" | "taken" => Some("prisoner"),
        _ => None,
    }
}

/// Words after a number that make it a time of day ("2 pm", "14:30 GMT").
pub fn marks_time_of_day(w: &str) -> bool {
    matches!(w, "a.m." | "p.m." | "am" | "pm" | "gmt" | "utc" | "bst")
}

/// Nouns of a sequence whose members a number names ("week 12", "day 3", "stage 17", "page 4"),
/// as an ordinal would.
pub fn is_sequence_noun(w: &str) -> bool {
    matches!(
        w,
        "week"
            | "day"
            | "stage"
            | "round"
            | "game"
            | "page"
            | "chapter"
            | "section"
            | "article"
            | "clause"
            | "room"
            | "gate"
            | "platform"
            | "terminal"
            | "lane"
            | "hole"
            | "lap"
            | "leg"
            | "phase"
            | "grade"
            | "episode"
            | "season"
            | "exit"
            | "route"
            | "figure"
            | "table"
            | "tier"
            | "zone"
            | "ward"
            | "district"
    )
}

#[cfg(test)]
mod singular_tests {
    use super::singular;

    #[test]
    fn compounds_of_man_take_its_singular() {
        assert_eq!(singular("fishermen"), "fisherman");
        assert_eq!(singular("policewomen"), "policewoman");
        assert_eq!(singular("men"), "man");
        assert_eq!(singular("specimen"), "specimen");
        assert_eq!(singular("cases"), "case");
    }

    #[test]
    fn singular_nouns_ending_in_s_stay() {
        assert_eq!(singular("measles"), "measles");
        assert_eq!(singular("diabetes"), "diabetes");
        assert_eq!(singular("economics"), "economics");
    }

    #[test]
    fn plurals_in_ves_of_nouns_in_f() {
        assert_eq!(singular("wolves"), "wolf");
        assert_eq!(singular("loaves"), "loaf");
        assert_eq!(singular("shelves"), "shelf");
        // Nouns whose singular ends in "ve" keep it.
        assert_eq!(singular("valves"), "valve");
        assert_eq!(singular("olives"), "olive");
    }
}
