//! The unit lexicon (language data, no grammar): units of measure as written (symbols, names,
//! plurals, British spellings, SI prefixes) with their canonical full name and dimension, and the
//! currencies (symbols, codes, names) with their lowercase ISO 4217 codes.

pub use crate::doc::Dimension;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// A unit of measure: its canonical full name and what it measures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitDef {
    pub name: &'static str,
    pub dimension: Dimension,
}

use Dimension::*;

const fn u(name: &'static str, dimension: Dimension) -> UnitDef {
    UnitDef { name, dimension }
}

/// Base units that take SI prefixes: (symbol, name, dimension).
const PREFIXABLE: &[(&str, &str, Dimension)] = &[
    ("m", "meter", Length),
    ("g", "gram", Mass),
    ("W", "watt", Power),
    ("Wh", "watt-hour", Energy),
    ("J", "joule", Energy),
    ("eV", "electronvolt", Energy),
    ("Hz", "hertz", Frequency),
    ("B", "byte", Data),
    ("b", "bit", Data),
    ("bps", "bit per second", DataRate),
    ("B/s", "byte per second", DataRate),
    ("L", "liter", Volume),
    ("l", "liter", Volume),
    ("Pa", "pascal", Pressure),
    ("V", "volt", Electric),
    ("A", "ampere", Electric),
    ("Ah", "ampere-hour", Electric),
    ("t", "tonne", Mass),
    ("s", "second", Time),
    ("Sv", "sievert", Radiation),
    ("Bq", "becquerel", Radiation),
];

/// SI prefixes: (symbol, name). "µ" and "u" both write micro.
const PREFIXES: &[(&str, &str)] = &[
    ("E", "exa"),
    ("P", "peta"),
    ("T", "tera"),
    ("G", "giga"),
    ("M", "mega"),
    ("k", "kilo"),
    ("K", "kilo"),
    ("h", "hecto"),
    ("c", "centi"),
    ("m", "milli"),
    ("µ", "micro"),
    ("μ", "micro"),
    ("u", "micro"),
    ("n", "nano"),
    ("p", "pico"),
];

/// Symbols and abbreviations that are no SI prefix + base, case as written.
const SYMBOLS: &[(&str, UnitDef)] = &[
    ("ft", u("foot", Length)),
    ("in", u("inch", Length)),
    ("mi", u("mile", Length)),
    ("yd", u("yard", Length)),
    ("nmi", u("nautical mile", Length)),
    ("lb", u("pound", Mass)),
    ("lbs", u("pound", Mass)),
    ("oz", u("ounce", Mass)),
    ("st", u("stone", Mass)),
    ("ha", u("hectare", Area)),
    ("ac", u("acre", Area)),
    ("gal", u("gallon", Volume)),
    ("bbl", u("barrel", Volume)),
    ("cc", u("cubic centimeter", Volume)),
    ("p", u("penny", Currency)),
    ("tsp", u("teaspoon", Volume)),
    ("tbsp", u("tablespoon", Volume)),
    ("hp", u("horsepower", Power)),
    ("bhp", u("horsepower", Power)),
    ("mph", u("mile per hour", Speed)),
    ("kph", u("kilometer per hour", Speed)),
    ("kmph", u("kilometer per hour", Speed)),
    ("kmh", u("kilometer per hour", Speed)),
    ("knots", u("knot", Speed)),
    ("kt", u("knot", Speed)),
    ("mpg", u("mile per gallon", Ratio)),
    ("bpd", u("barrel per day", Volume)),
    ("tpd", u("ton per day", Mass)),
    ("psi", u("pound per square inch", Pressure)),
    ("bar", u("bar", Pressure)),
    ("atm", u("atmosphere", Pressure)),
    ("mAh", u("milliampere-hour", Electric)),
    ("dm", u("decimeter", Length)),
    ("cal", u("calorie", Energy)),
    ("kcal", u("kilocalorie", Energy)),
    ("Btu", u("british thermal unit", Energy)),
    ("BTU", u("british thermal unit", Energy)),
    ("ppm", u("part per million", Ratio)),
    ("ppb", u("part per billion", Ratio)),
    ("bp", u("basis point", Percent)),
    ("bps", u("basis point", Percent)),
    ("pp", u("percentage point", Percent)),
    ("pc", u("percent", Percent)),
    ("pct", u("percent", Percent)),
    ("ppt", u("percentage point", Percent)),
    ("°C", u("degree celsius", Temperature)),
    ("°F", u("degree fahrenheit", Temperature)),
    ("ºC", u("degree celsius", Temperature)),
    ("ºF", u("degree fahrenheit", Temperature)),
    ("℃", u("degree celsius", Temperature)),
    ("℉", u("degree fahrenheit", Temperature)),
    ("K", u("kelvin", Temperature)),
    ("rad", u("radian", Angle)),
    ("deg", u("degree", Angle)),
    ("rpm", u("revolution per minute", Frequency)),
    ("hrs", u("hour", Time)),
    ("hr", u("hour", Time)),
    ("h", u("hour", Time)),
    ("min", u("minute", Time)),
    ("mins", u("minute", Time)),
    ("sec", u("second", Time)),
    ("secs", u("second", Time)),
    ("ms", u("millisecond", Time)),
    ("yrs", u("year", Time)),
    // Geological time: "66 Ma ago", "4.5 Ga", "13.8 Gyr".
    ("Ma", u("megayear", Time)),
    ("Ga", u("gigayear", Time)),
    ("Myr", u("megayear", Time)),
    ("Gyr", u("gigayear", Time)),
    ("mcg", u("microgram", Mass)),
    ("ml", u("milliliter", Volume)),
    ("sqm", u("square meter", Area)),
    ("sqft", u("square foot", Area)),
    ("dB", u("decibel", Ratio)),
    ("mmHg", u("millimeter of mercury", Pressure)),
    ("AU", u("astronomical unit", Length)),
    ("fps", u("frame per second", Frequency)),
    ("lb-ft", u("pound-foot", Energy)),
    // Torque is a force times a length, an energy's dimension: "250Nm", "250 Nm of torque".
    ("Nm", u("newton meter", Energy)),
    // Engines in Europe: "190PS" (Pferdestärke), the metric horsepower.
    ("PS", u("metric horsepower", Power)),
    // Camera sensors: "a 200MP camera", "50 MP".
    ("MP", u("megapixel", Count)),
    ("TEU", u("twenty-foot equivalent unit", Count)),
    ("dL", u("deciliter", Volume)),
    ("dl", u("deciliter", Volume)),
    // Doses in grays and rems: symbols only ("two gray whales" is no dose).
    ("Gy", u("gray", Radiation)),
    ("cGy", u("centigray", Radiation)),
    ("mGy", u("milligray", Radiation)),
    ("µGy", u("microgray", Radiation)),
    ("μGy", u("microgray", Radiation)),
    ("rem", u("rem", Radiation)),
    // Cross sections of particle physics, and their inverse (an integrated luminosity, "fb−1").
    ("fb", u("femtobarn", Area)),
    ("qt", u("quart", Volume)),
    ("bpm", u("beat per minute", Frequency)),
    // Binary multiples of bytes, and bits written "bit".
    ("KiB", u("kibibyte", Data)),
    ("MiB", u("mebibyte", Data)),
    ("GiB", u("gibibyte", Data)),
    ("TiB", u("tebibyte", Data)),
    ("PiB", u("pebibyte", Data)),
    ("kbit", u("kilobit", Data)),
    ("Mbit", u("megabit", Data)),
    ("Gbit", u("gigabit", Data)),
    ("Tbit", u("terabit", Data)),
    ("mbar", u("millibar", Pressure)),
    ("wk", u("week", Time)),
    ("wks", u("week", Time)),
    ("mrem", u("millirem", Radiation)),
];

/// The square of a second, the denominator of an acceleration ("9.8 m/s²").
pub const SQUARE_SECOND: UnitDef = u("square second", Time);

/// Full names (singular, US spelling) of units that take no prefix or are irregular.
const NAMES: &[(&str, UnitDef)] = &[
    ("foot", u("foot", Length)),
    ("inch", u("inch", Length)),
    ("mile", u("mile", Length)),
    ("yard", u("yard", Length)),
    ("nautical mile", u("nautical mile", Length)),
    ("light year", u("light year", Length)),
    ("light-year", u("light year", Length)),
    ("pound", u("pound", Mass)),
    ("ounce", u("ounce", Mass)),
    ("stone", u("stone", Mass)),
    ("ton", u("ton", Mass)),
    ("tonne", u("tonne", Mass)),
    ("metric ton", u("tonne", Mass)),
    ("carat", u("carat", Mass)),
    ("dram", u("dram", Mass)),
    ("drachma", u("dram", Mass)),
    ("hectare", u("hectare", Area)),
    ("acre", u("acre", Area)),
    ("gallon", u("gallon", Volume)),
    ("barrel", u("barrel", Volume)),
    ("pint", u("pint", Volume)),
    ("quart", u("quart", Volume)),
    ("cup", u("cup", Volume)),
    ("teaspoon", u("teaspoon", Volume)),
    ("tablespoon", u("tablespoon", Volume)),
    ("horsepower", u("horsepower", Power)),
    ("metric horsepower", u("metric horsepower", Power)),
    ("megapixel", u("megapixel", Count)),
    ("newton meter", u("newton meter", Energy)),
    ("newton-meter", u("newton meter", Energy)),
    ("knot", u("knot", Speed)),
    ("calorie", u("calorie", Energy)),
    ("kilocalorie", u("kilocalorie", Energy)),
    ("british thermal unit", u("british thermal unit", Energy)),
    ("degree", u("degree", Angle)),
    ("degree celsius", u("degree celsius", Temperature)),
    ("degree centigrade", u("degree celsius", Temperature)),
    ("degree fahrenheit", u("degree fahrenheit", Temperature)),
    ("celsius", u("degree celsius", Temperature)),
    ("celcius", u("degree celsius", Temperature)),
    ("degree celcius", u("degree celsius", Temperature)),
    ("farenheit", u("degree fahrenheit", Temperature)),
    ("degree farenheit", u("degree fahrenheit", Temperature)),
    ("cent", u("cent", Currency)),
    ("penny", u("penny", Currency)),
    ("pence", u("penny", Currency)),
    ("centigrade", u("degree celsius", Temperature)),
    ("fahrenheit", u("degree fahrenheit", Temperature)),
    ("kelvin", u("kelvin", Temperature)),
    ("radian", u("radian", Angle)),
    ("turn", u("turn", Angle)),
    ("bar", u("bar", Pressure)),
    ("millibar", u("millibar", Pressure)),
    ("fluid ounce", u("fluid ounce", Volume)),
    ("kibibyte", u("kibibyte", Data)),
    ("mebibyte", u("mebibyte", Data)),
    ("gibibyte", u("gibibyte", Data)),
    ("tebibyte", u("tebibyte", Data)),
    ("fl oz", u("fluid ounce", Volume)),
    ("atmosphere", u("atmosphere", Pressure)),
    ("percent", u("percent", Percent)),
    ("per cent", u("percent", Percent)),
    ("percentage", u("percent", Percent)),
    ("percentage point", u("percentage point", Percent)),
    ("basis point", u("basis point", Percent)),
    ("part per million", u("part per million", Ratio)),
    ("part per billion", u("part per billion", Ratio)),
    ("mile per hour", u("mile per hour", Speed)),
    ("kilometer per hour", u("kilometer per hour", Speed)),
    ("ratio", u("ratio", Ratio)),
    ("fraction", u("fraction", Ratio)),
    ("magnitude", u("magnitude", Ratio)),
    ("mach", u("mach", Speed)),
    ("decibel", u("decibel", Ratio)),
    ("astronomical unit", u("astronomical unit", Length)),
    ("deciliter", u("deciliter", Volume)),
    ("second", u("second", Time)),
    ("minute", u("minute", Time)),
    ("hour", u("hour", Time)),
    ("day", u("day", Time)),
    ("week", u("week", Time)),
    ("month", u("month", Time)),
    ("year", u("year", Time)),
    ("decade", u("decade", Time)),
    ("century", u("century", Time)),
];

/// A unit written as a symbol or abbreviation, as written ("kWh", "GHz", "ft", "°C").
pub fn unit_symbol(written: &str) -> Option<UnitDef> {
    symbol_table().get(written).copied()
}

/// Every symbol the lexicon reads, built once: the irregular symbols, the prefixable bases (those
/// of one letter only where they are unambiguous in running text: "m", "g", "W", "L", "t", "V"), and every
/// prefix + base ("kWh", "GHz", "µg"); not "pm" or "am", which are times of day.
fn symbol_table() -> &'static HashMap<String, UnitDef> {
    static TABLE: OnceLock<HashMap<String, UnitDef>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for (p, pname) in PREFIXES {
            for (base, name, dim) in PREFIXABLE {
                // Only combinations with a name ("mb" is no millibit).
                let full = prefixed_name(pname, name);
                if full != "unit" {
                    table.entry(format!("{p}{base}")).or_insert(u(full, *dim));
                }
            }
        }
        for (base, name, dim) in PREFIXABLE {
            if base.chars().count() >= 2 || matches!(*base, "m" | "g" | "W" | "L" | "t" | "V") {
                table.insert(base.to_string(), u(name, *dim));
            } else {
                table.remove(*base);
            }
        }
        for (symbol, def) in SYMBOLS {
            table.insert(symbol.to_string(), *def);
        }
        for time_of_day in ["pm", "am", "PM", "AM"] {
            table.remove(time_of_day);
        }
        table
    })
}

/// A symbol written in lowercase where its case was lost ("kwh", "ghz", "mbps", "gb").
pub fn unit_symbol_lowercase(lower: &str) -> Option<UnitDef> {
    let fixed = match lower {
        "kwh" => "kWh",
        "mwh" => "MWh",
        "gwh" => "GWh",
        "twh" => "TWh",
        "kw" => "kW",
        "mw" => "MW",
        "gw" => "GW",
        "khz" => "kHz",
        "mhz" => "MHz",
        "ghz" => "GHz",
        "kb" => "kB",
        "mb" => "MB",
        "gb" => "GB",
        "tb" => "TB",
        "pb" => "PB",
        "kbps" => "kbps",
        "mbps" => "Mbps",
        "gbps" => "Gbps",
        "mah" => "mAh",
        "kv" => "kV",
        "ev" => "eV",
        "mev" => "MeV",
        "gev" => "GeV",
        "tev" => "TeV",
        "btu" => "Btu",
        _ => return None,
    };
    unit_symbol(fixed)
}

/// The canonical name of "kilo" + "meter" etc.: interned from a small set.
fn prefixed_name(prefix: &str, base: &str) -> &'static str {
    let full = format!("{prefix}{base}");
    PREFIXED_NAMES
        .iter()
        .find(|n| **n == full)
        .copied()
        .unwrap_or("unit")
}

/// Every prefixed name the lexicon produces (names are `&'static str` so units stay `Copy`).
const PREFIXED_NAMES: &[&str] = &[
    "exabyte",
    "petabyte",
    "exabit",
    "petabit",
    "exajoule",
    "petajoule",
    "petawatt-hour",
    "terameter",
    "gigameter",
    "megameter",
    "kilometer",
    "hectometer",
    "centimeter",
    "millimeter",
    "micrometer",
    "nanometer",
    "picometer",
    "femtometer",
    "attometer",
    "teragram",
    "gigagram",
    "megagram",
    "kilogram",
    "hectogram",
    "centigram",
    "milligram",
    "microgram",
    "nanogram",
    "picogram",
    "terawatt",
    "gigawatt",
    "megawatt",
    "kilowatt",
    "milliwatt",
    "microwatt",
    "nanowatt",
    "picowatt",
    "hectowatt",
    "centiwatt",
    "terawatt-hour",
    "gigawatt-hour",
    "megawatt-hour",
    "kilowatt-hour",
    "milliwatt-hour",
    "terajoule",
    "gigajoule",
    "megajoule",
    "kilojoule",
    "millijoule",
    "microjoule",
    "nanojoule",
    "teraelectronvolt",
    "gigaelectronvolt",
    "megaelectronvolt",
    "kiloelectronvolt",
    "terahertz",
    "gigahertz",
    "megahertz",
    "kilohertz",
    "terabyte",
    "gigabyte",
    "megabyte",
    "kilobyte",
    "terabit",
    "gigabit",
    "megabit",
    "kilobit",
    "terabit per second",
    "gigabit per second",
    "megabit per second",
    "kilobit per second",
    "terabyte per second",
    "gigabyte per second",
    "megabyte per second",
    "kilobyte per second",
    "megaliter",
    "kiloliter",
    "hectoliter",
    "centiliter",
    "milliliter",
    "microliter",
    "gigapascal",
    "megapascal",
    "kilopascal",
    "hectopascal",
    "kilovolt",
    "megavolt",
    "millivolt",
    "microvolt",
    "kiloampere",
    "milliampere",
    "microampere",
    "kiloampere-hour",
    "milliampere-hour",
    "gigatonne",
    "megatonne",
    "kilotonne",
    "millisievert",
    "microsievert",
    "nanosievert",
    "kilobecquerel",
    "megabecquerel",
    "gigabecquerel",
    "terabecquerel",
    "petabecquerel",
    "millisecond",
    "microsecond",
    "nanosecond",
    "picosecond",
];

/// The singular of a unit name ("kilometres" -> "kilometre", "feet" -> "foot", "inches" -> "inch").
fn singular_unit(w: &str) -> String {
    match w {
        "feet" => return "foot".into(),
        "inches" => return "inch".into(),
        "celsius" | "fahrenheit" | "horsepower" | "hertz" | "kelvin" => return w.into(),
        "centuries" => return "century".into(),
        _ => {}
    }
    if let Some(s) = w.strip_suffix("ches") {
        return format!("{s}ch");
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") || w.len() <= 3 {
        return w.into();
    }
    w.strip_suffix('s').unwrap_or(w).into()
}

/// British spellings to US ones: "metre" -> "meter", "litre" -> "liter", "gramme" -> "gram".
fn us_spelling(w: &str) -> String {
    const SPELLINGS: [(&str, &str); 7] = [
        ("metre", "meter"),
        ("litre", "liter"),
        ("gramme", "gram"),
        ("watt hour", "watt-hour"),
        ("ampere hour", "ampere-hour"),
        ("amp-hour", "ampere-hour"),
        ("amp hour", "ampere-hour"),
    ];
    let mut out = w.to_string();
    for (from, to) in SPELLINGS {
        if out.contains(from) {
            out = out.replace(from, to);
        }
    }
    out
}

/// Every word that occurs in a unit name, in its written variants (plural, British spelling), so that
/// most words are ruled out by one look-up before any name is built.
fn unit_words() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let names = NAMES
            .iter()
            .map(|(n, _)| *n)
            .chain(PREFIXED_NAMES.iter().copied())
            .chain(COMPOUND_NAMES.iter().copied())
            .chain(PREFIXABLE.iter().map(|(_, n, _)| *n));
        let mut words = HashSet::new();
        for name in names {
            for word in name.split(' ').chain(name.split([' ', '-'])) {
                let british = word
                    .replace("meter", "metre")
                    .replace("liter", "litre")
                    .replace("gram", "gramme");
                for w in [word.to_string(), british] {
                    words.insert(format!("{w}s"));
                    words.insert(format!("{w}es"));
                    words.insert(w);
                }
            }
        }
        for w in ["feet", "inches", "centuries", "amp", "amps"] {
            words.insert(w.to_string());
        }
        words
    })
}

/// A unit written as its name, lowercase, singular or plural ("kilometres", "megawatt hours",
/// "degrees celsius", "horsepower").
/// Whether a lowercase word occurs in some unit name ("kilometres", "per", "square").
pub fn is_unit_word(lower: &str) -> bool {
    unit_words().contains(lower)
}

pub fn unit_name(lower: &str) -> Option<UnitDef> {
    if !lower.split(' ').all(is_unit_word) {
        return None;
    }
    let words: Vec<String> = lower
        .split(' ')
        .map(|w| us_spelling(&singular_unit(w)))
        .collect();
    // "degrees celsius": the plural sits on the first word; "kilowatt hours" on the last.
    let joined = us_spelling(&words.join(" "));
    if let Some((_, d)) = NAMES.iter().find(|(n, _)| *n == joined) {
        return Some(*d);
    }
    if let Some(name) = PREFIXED_NAMES.iter().find(|n| **n == joined) {
        let dim = PREFIXABLE
            .iter()
            .find(|(_, base, _)| name.ends_with(base))
            .map_or(Count, |(_, _, d)| *d);
        return Some(u(name, dim));
    }
    if let Some(name) = COMPOUND_NAMES.iter().find(|n| **n == joined) {
        let dim = if name.starts_with("square") {
            Area
        } else {
            Volume
        };
        return Some(u(name, dim));
    }
    PREFIXABLE
        .iter()
        .find(|(_, base, _)| *base == joined)
        .map(|(_, name, dim)| u(name, *dim))
}

/// The lexicon's own entry for a canonical unit name ("kilometer" -> itself), if any.
pub fn canonical_unit_name(name: &str) -> Option<&'static str> {
    unit_name(name).map(|d| d.name)
}

/// Whether a unit name (as the grammar writes `unit.normalized`) is a unit of measure, money or a
/// percentage rather than a counted noun ("tank", "person").
pub fn is_unit_of_measure(name: &str) -> bool {
    let head = name.split(" per ").next().unwrap_or(name);
    unit_name(head).is_some_and(|d| d.dimension != Count)
        || unit_name(name).is_some()
        || is_currency_code(head)
}

/// The dimension of a unit as the grammar names it ("kilometer per hour" -> speed, "usd per share"
/// -> currency, "tank" -> count); `None` for nothing known.
pub fn dimension_of(name: &str) -> Option<Dimension> {
    if let Some(d) = unit_name(name) {
        return Some(d.dimension);
    }
    // Units known by their symbol only ("gray" is no unit as a word: "two gray whales").
    if let Some((_, d)) = SYMBOLS.iter().find(|(_, d)| d.name == name) {
        return Some(d.dimension);
    }
    let head = name.split(" per ").next().unwrap_or(name);
    if is_currency_code(head) {
        return Some(Currency);
    }
    unit_name(head).map(|d| d.dimension).or(Some(Count))
}

/// Area and volume of a length unit: ("square", "kilometer") -> "square kilometer".
pub fn power_of_length(power: &str, length: &UnitDef) -> Option<UnitDef> {
    if length.dimension != Length {
        return None;
    }
    let (prefix, dim) = match power {
        "square" | "sq" | "sq." => ("square", Area),
        "cubic" | "cu" | "cu." => ("cubic", Volume),
        _ => return None,
    };
    let name = format!("{prefix} {}", length.name);
    COMPOUND_NAMES
        .iter()
        .find(|n| **n == name)
        .map(|n| u(n, dim))
}

const COMPOUND_NAMES: &[&str] = &[
    "square meter",
    "square kilometer",
    "square centimeter",
    "square millimeter",
    "square foot",
    "square inch",
    "square mile",
    "square yard",
    "cubic meter",
    "cubic kilometer",
    "cubic centimeter",
    "cubic millimeter",
    "cubic foot",
    "cubic inch",
    "cubic mile",
    "cubic yard",
];

/// Currency symbols written before the amount.
pub fn currency_symbol(s: &str) -> Option<&'static str> {
    match s {
        "$" => Some("usd"),
        "€" => Some("eur"),
        "£" => Some("gbp"),
        "¥" => Some("jpy"),
        "₹" => Some("inr"),
        "₽" => Some("rub"),
        "₴" => Some("uah"),
        "₩" => Some("krw"),
        "₦" => Some("ngn"),
        "₱" => Some("php"),
        "₺" => Some("try"),
        "₪" => Some("ils"),
        "₫" => Some("vnd"),
        "₿" => Some("btc"),
        "元" => Some("cny"),
        "₡" => Some("crc"),
        "₾" => Some("gel"),
        "₭" => Some("lak"),
        "฿" => Some("thb"),
        "₵" => Some("ghs"),
        _ => None,
    }
}

/// Letters written before "$" that name the dollar: "US$", "A$", "C$", "HK$", "NZ$", "S$".
pub fn dollar_prefix(letters: &str) -> Option<&'static str> {
    match letters.to_ascii_uppercase().trim_end_matches('.') {
        "US" | "U.S" | "USD" => Some("usd"),
        "A" | "AU" | "AUD" => Some("aud"),
        "C" | "CA" | "CAN" | "CAD" => Some("cad"),
        "HK" | "HKD" => Some("hkd"),
        "NZ" | "NZD" => Some("nzd"),
        "S" | "SG" | "SGD" => Some("sgd"),
        "NT" | "TWD" => Some("twd"),
        "R" | "BRL" => Some("brl"),
        "MEX" | "MX" | "MXN" => Some("mxn"),
        _ => None,
    }
}

/// A symbol written after letters that name its country: "E£" (Egyptian pound), "GH¢", "GH₵"
/// (Ghanaian cedi); the code.
pub fn lettered_symbol(letters: &str, symbol: &str) -> Option<&'static str> {
    match (letters, symbol) {
        ("E" | "LE", "£") => Some("egp"),
        ("GH", "¢" | "₵") => Some("ghs"),
        _ => None,
    }
}

/// ISO 4217 codes of the currencies the lexicon knows, lowercase.
const CODES: &[&str] = &[
    "usd", "eur", "gbp", "jpy", "cny", "inr", "aud", "cad", "chf", "hkd", "nzd", "sgd", "twd",
    "krw", "rub", "uah", "brl", "mxn", "zar", "myr", "idr", "php", "thb", "vnd", "pkr", "lkr",
    "bdt", "ngn", "kes", "egp", "try", "ils", "sar", "aed", "qar", "sek", "nok", "dkk", "pln",
    "czk", "huf", "ars", "clp", "cop", "pen", "btc", "crc", "gel", "lak", "esp", "nlg", "fim",
    "frf", "dem", "itl", "tzs", "ugx", "ghs",
];

/// "MUSD", "MEUR", "MGBP": millions of a currency written as one capitalized word; its code.
pub fn million_code(written: &str) -> Option<&'static str> {
    let code = written.strip_prefix('M').filter(|c| c.len() == 3)?;
    if !code.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let lower = code.to_ascii_lowercase();
    CODES.iter().find(|c| **c == lower).copied()
}

pub fn is_currency_code(w: &str) -> bool {
    CODES.contains(&w)
}

/// Letters written before an amount that name a currency, case as written: "Rs", "RM", "R",
/// "USD", "EUR", "INR" ...
pub fn currency_code_before(written: &str) -> Option<&'static str> {
    match written.trim_end_matches('.') {
        "Rs" | "Rs." | "INR" => Some("inr"),
        "RM" => Some("myr"),
        "R" => Some("zar"),
        "Rp" => Some("idr"),
        "CHF" | "SFr" | "Sfr" => Some("chf"),
        "RMB" | "Rmb" => Some("cny"),
        "Dh" | "Dhs" => Some("aed"),
        "SR" => Some("sar"),
        "QR" => Some("qar"),
        "NIS" => Some("ils"),
        "Tk" => Some("bdt"),
        "Sh" | "KSh" | "Ksh" => Some("kes"),
        "TSh" => Some("tzs"),
        "USh" => Some("ugx"),
        w if w.len() == 3 && w.chars().all(|c| c.is_ascii_uppercase()) => {
            let lower = w.to_ascii_lowercase();
            CODES.iter().find(|c| **c == lower).copied()
        }
        _ => None,
    }
}

/// Currency names written after an amount, lowercase, singular or plural ("dollars",
/// "australian dollars", "rupees", "yuan", "pounds sterling").
pub fn currency_name(lower: &str) -> Option<&'static str> {
    let words: Vec<&str> = lower.split(' ').collect();
    let last = *words.last()?;
    let head = last
        .strip_suffix('s')
        .filter(|_| last.len() > 4)
        .unwrap_or(last);
    let qualifier = if words.len() > 1 {
        words[..words.len() - 1].join(" ")
    } else {
        String::new()
    };
    let dollar = |q: &str| match q {
        "" | "us" | "u.s." | "american" | "united states" => Some("usd"),
        "australian" => Some("aud"),
        "canadian" => Some("cad"),
        "hong kong" => Some("hkd"),
        "new zealand" => Some("nzd"),
        "singapore" => Some("sgd"),
        "taiwan" | "new taiwan" => Some("twd"),
        _ => None,
    };
    match head {
        "dollar" => dollar(&qualifier),
        "euro" | "eur" if qualifier.is_empty() => Some("eur"),
        "pound" | "sterling" | "quid" => match qualifier.as_str() {
            "" | "british" | "uk" | "pound" => Some("gbp"),
            "egyptian" => Some("egp"),
            _ => None,
        },
        "yen" => Some("jpy"),
        "yuan" | "renminbi" | "rmb" => Some("cny"),
        "rupee" => match qualifier.as_str() {
            "" | "indian" => Some("inr"),
            "pakistani" => Some("pkr"),
            "sri lankan" => Some("lkr"),
            _ => None,
        },
        "peso" => match qualifier.as_str() {
            "" | "mexican" => Some("mxn"),
            "philippine" => Some("php"),
            "argentine" | "argentinian" => Some("ars"),
            "chilean" => Some("clp"),
            "colombian" => Some("cop"),
            _ => None,
        },
        "franc" => match qualifier.as_str() {
            "" | "swiss" => Some("chf"),
            "french" => Some("frf"),
            _ => None,
        },
        // Currencies before the euro, in older reports.
        "peseta" => Some("esp"),
        "guilder" if matches!(qualifier.as_str(), "" | "dutch" | "netherlands") => Some("nlg"),
        "markka" | "markkaa" => Some("fim"),
        "mark" if matches!(qualifier.as_str(), "deutsche" | "german") => Some("dem"),
        "lire" => Some("itl"),
        "lari" => Some("gel"),
        "kip" if qualifier == "lao" => Some("lak"),
        "rouble" | "ruble" => Some("rub"),
        "hryvnia" => Some("uah"),
        "rand" => Some("zar"),
        "ringgit" => Some("myr"),
        "naira" => Some("ngn"),
        "shilling" => match qualifier.as_str() {
            "kenyan" | "kenya" => Some("kes"),
            "tanzanian" => Some("tzs"),
            "ugandan" => Some("ugx"),
            _ => None,
        },
        "lira" => Some("try"),
        "shekel" => Some("ils"),
        "riyal" => Some("sar"),
        "dirham" => Some("aed"),
        "krona" | "kronor" => match qualifier.as_str() {
            "icelandic" => Some("isk"),
            _ => Some("sek"),
        },
        "krone" | "kroner" => match qualifier.as_str() {
            "danish" => Some("dkk"),
            _ => Some("nok"),
        },
        // "Danish crowns", "Czech crowns": the crown of the country named.
        "crown" => match qualifier.as_str() {
            "danish" => Some("dkk"),
            "swedish" => Some("sek"),
            "norwegian" => Some("nok"),
            "czech" => Some("czk"),
            "icelandic" => Some("isk"),
            _ => None,
        },
        "koruna" => Some("czk"),
        "forint" => Some("huf"),
        "leu" | "lei" if matches!(qualifier.as_str(), "" | "romanian") => Some("ron"),
        // The Peruvian sol: "soles" after an amount; "sol" alone only when named Peruvian.
        "sol" if qualifier == "peruvian" => Some("pen"),
        "sole" if last == "soles" => Some("pen"),
        "zloty" | "zlotys" | "zł" => Some("pln"),
        "colón" | "colone" => Some("crc"),
        "colon" if qualifier == "costa rican" => Some("crc"),
        "cedi" => Some("ghs"),
        "real" | "reai" | "reais" if qualifier == "brazilian" => Some("brl"),
        "won" if qualifier == "south korean" || qualifier == "korean" => Some("krw"),
        "taka" => Some("bdt"),
        "rupiah" => Some("idr"),
        "baht" => Some("thb"),
        "dong" if qualifier == "vietnamese" => Some("vnd"),
        "bitcoin" | "btc" => Some("btc"),
        w if qualifier.is_empty() && is_currency_code(w) => {
            CODES.iter().find(|c| **c == w).copied()
        }
        _ => None,
    }
}

/// Countries whose currency is written "$": (country, adjective, letters before "$", code).
pub const DOLLAR_COUNTRIES: &[(&str, &str, &str, &str)] = &[
    ("Australia", "Australian", "A", "aud"),
    ("Canada", "Canadian", "C", "cad"),
    ("New Zealand", "New Zealand", "NZ", "nzd"),
    ("Singapore", "Singapore", "S", "sgd"),
    ("Hong Kong", "Hong Kong", "HK", "hkd"),
    ("Taiwan", "Taiwan", "NT", "twd"),
];

/// Provinces, states and large cities of the dollar countries, which an article about them names
/// more often than the country (names shared with places elsewhere, such as Victoria or Perth,
/// are left out).
pub const DOLLAR_PLACES: &[(&str, &str)] = &[
    ("Ontario", "cad"),
    ("Quebec", "cad"),
    ("British Columbia", "cad"),
    ("Alberta", "cad"),
    ("Manitoba", "cad"),
    ("Saskatchewan", "cad"),
    ("Nova Scotia", "cad"),
    ("Toronto", "cad"),
    ("Montreal", "cad"),
    ("Vancouver", "cad"),
    ("Ottawa", "cad"),
    ("Calgary", "cad"),
    ("New South Wales", "aud"),
    ("Queensland", "aud"),
    ("Tasmania", "aud"),
    ("Sydney", "aud"),
    ("Melbourne", "aud"),
    ("Brisbane", "aud"),
    ("Adelaide", "aud"),
    ("Canberra", "aud"),
    ("Auckland", "nzd"),
    ("Wellington", "nzd"),
    ("Christchurch", "nzd"),
];

/// The dollar of a web address's country domain (".au" -> aud).
pub fn dollar_of_domain(host: &str) -> Option<&'static str> {
    let tld = host.rsplit('.').next()?;
    match tld {
        "au" => Some("aud"),
        "ca" => Some("cad"),
        "nz" => Some("nzd"),
        "sg" => Some("sgd"),
        "hk" => Some("hkd"),
        "tw" => Some("twd"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_with_and_without_prefixes() {
        assert_eq!(unit_symbol("kWh").map(|d| d.name), Some("kilowatt-hour"));
        assert_eq!(unit_symbol("GHz").map(|d| d.dimension), Some(Frequency));
        assert_eq!(
            unit_symbol("Mbps").map(|d| d.name),
            Some("megabit per second")
        );
        assert_eq!(unit_symbol("mAh").map(|d| d.name), Some("milliampere-hour"));
        assert_eq!(unit_symbol("hp").map(|d| d.name), Some("horsepower"));
        assert_eq!(unit_symbol("µg").map(|d| d.name), Some("microgram"));
        assert_eq!(unit_symbol("b"), None);
        assert_eq!(
            unit_symbol_lowercase("gb").map(|d| d.name),
            Some("gigabyte")
        );
    }

    #[test]
    fn names_in_any_spelling_and_number() {
        assert_eq!(unit_name("kilometres").map(|d| d.name), Some("kilometer"));
        assert_eq!(
            unit_name("degrees celsius").map(|d| d.name),
            Some("degree celsius")
        );
        assert_eq!(unit_name("feet").map(|d| d.name), Some("foot"));
        assert_eq!(
            unit_name("megawatt hours").map(|d| d.name),
            Some("megawatt-hour")
        );
        assert_eq!(unit_name("metric tons").map(|d| d.name), Some("tonne"));
        assert_eq!(unit_name("tanks"), None);
        let km = unit_name("km").or_else(|| unit_symbol("km")).unwrap();
        assert_eq!(
            power_of_length("sq", &km).map(|d| d.name),
            Some("square kilometer")
        );
    }

    #[test]
    fn currencies_by_symbol_code_and_name() {
        assert_eq!(currency_name("australian dollars"), Some("aud"));
        assert_eq!(currency_name("rupees"), Some("inr"));
        assert_eq!(currency_name("pesos"), Some("mxn"));
        assert_eq!(currency_name("danish crowns"), Some("dkk"));
        assert_eq!(currency_name("czech crowns"), Some("czk"));
        assert_eq!(currency_name("crowns"), None);
        assert_eq!(currency_name("danish kroner"), Some("dkk"));
        assert_eq!(currency_name("kroner"), Some("nok"));
        assert_eq!(currency_name("soles"), Some("pen"));
        assert_eq!(currency_name("sole"), None);
        assert_eq!(currency_name("forints"), Some("huf"));
        assert_eq!(currency_name("united states dollar"), Some("usd"));
        assert_eq!(currency_name("swiss francs"), Some("chf"));
        assert_eq!(currency_code_before("RM"), Some("myr"));
        assert_eq!(currency_code_before("EUR"), Some("eur"));
        assert_eq!(currency_code_before("NBA"), None);
        assert_eq!(dollar_prefix("HK"), Some("hkd"));
        assert_eq!(dollar_of_domain("www.abc.net.au"), Some("aud"));
    }
}
