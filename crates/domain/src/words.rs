//! Amounts in words (大写金额): the line of an invoice, contract or bill of exchange that
//! repeats the figure in words so that it cannot be altered unnoticed.
//!
//! Why it matters: under the Geneva Uniform Law on Bills of Exchange (1930), art. 6, and the
//! UK Bills of Exchange Act 1882, s. 9(2), the sum in words prevails when words and figures
//! differ; under the PRC Negotiable Instruments Law (《票据法》), art. 8, a bill whose
//! Chinese capitals and figures differ is void. Document cross-checks therefore read the
//! words back ([`parse_english_amount`], [`parse_chinese_capitals`]) and compare them with
//! the figure.
//!
//! Two styles are written:
//!
//! * English, as on commercial invoices, sales contracts and drafts in export trade:
//!   `SAY US DOLLARS TWELVE THOUSAND THREE HUNDRED AND FORTY-FIVE AND CENTS SIXTY ONLY`
//!   (`SAY … ONLY` closes the line so nothing can be added; British `AND` after the
//!   hundreds; 21–99 hyphenated; short-scale `MILLION`/`BILLION`).
//! * Chinese capitals (中文大写), as the People's Bank of China prescribes for bills and
//!   settlement vouchers in 《支付结算办法》 (1997), annex 《正确填写票据和结算凭证的基本规定》:
//!   `人民币壹万贰仟叁佰肆拾伍元陆角整`.
//!
//! Both cover whole amounts up to 999,999,999,999 (999 billion; 9999亿9999万9999); the
//! figure must be non-negative and fit the currency's minor unit (ISO 4217).

use crate::money::{Currency, Money};
use rust_decimal::Decimal;

/// Whole amounts must stay below one trillion (10^12): `BILLION` and `亿` are the largest
/// scale words written.
const LIMIT: u64 = 1_000_000_000_000;

/// Why an amount cannot be written in words, or words cannot be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WordsError {
    #[error("{currency} {amount} is negative; an amount in words states a sum payable")]
    Negative { amount: Decimal, currency: Currency },
    #[error("{currency} {amount} is too large to write in words (at most 999,999,999,999 whole units)")]
    TooLarge { amount: Decimal, currency: Currency },
    #[error("{amount} has more decimal places than {currency} allows ({allowed})")]
    TooPrecise {
        amount: Decimal,
        currency: Currency,
        allowed: u32,
    },
    #[error("no English name is known for the minor unit of {0}; only whole amounts can be written")]
    NoMinorUnitName(Currency),
    #[error("no Chinese name is known for {0}")]
    NoChineseName(Currency),
    #[error("{0} has more than two minor digits; Chinese capitals go down to 分 (hundredths) only")]
    BeyondFen(Currency),
    #[error("`{0}` is not a currency name or ISO 4217 code known to the amount in words")]
    UnknownCurrency(String),
    #[error("cannot read the amount in words: {0}")]
    Malformed(String),
}

fn malformed<T>(reason: impl Into<String>) -> Result<T, WordsError> {
    Err(WordsError::Malformed(reason.into()))
}

/// Split a money amount into whole units and minor units (cents), refusing what cannot be
/// written: negative sums, fractions of the minor unit, and sums of a trillion or more.
fn whole_and_minor(m: &Money) -> Result<(u64, u64), WordsError> {
    let (amount, currency) = (m.amount, m.currency);
    let allowed = currency.minor_units();
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(WordsError::Negative { amount, currency });
    }
    let exact = amount.normalize();
    if exact.scale() > allowed {
        return Err(WordsError::TooPrecise {
            amount,
            currency,
            allowed,
        });
    }
    // |mantissa| < 2^96 and the factor is at most 10^4, so this cannot overflow u128.
    let in_minor = exact.mantissa().unsigned_abs() * 10u128.pow(allowed - exact.scale());
    let per_unit = 10u128.pow(allowed);
    let too_large = || WordsError::TooLarge { amount, currency };
    let whole = u64::try_from(in_minor / per_unit).map_err(|_| too_large())?;
    if whole >= LIMIT {
        return Err(too_large());
    }
    let minor = u64::try_from(in_minor % per_unit).map_err(|_| too_large())?;
    Ok((whole, minor))
}

// ---------------------------------------------------------------------------------------
// English
// ---------------------------------------------------------------------------------------

/// Currency names as written in the English amount line of export documents: ISO 4217
/// code, the plural name used after `SAY`, and the plural name of the minor unit (empty
/// where ISO 4217 gives no minor unit). The names stay plural whatever the number (`SAY US
/// DOLLARS ONE ONLY`): on documents they are a fixed label, not grammar. Codes not listed
/// are written as the ISO code (`SAY NOK …`), with `CENTS` when the code has two decimals.
const ENGLISH_NAMES: &[(&str, &str, &str)] = &[
    ("USD", "US DOLLARS", "CENTS"),
    ("EUR", "EUROS", "CENTS"),
    ("GBP", "POUNDS STERLING", "PENCE"),
    ("CNY", "CHINESE YUAN", "FEN"),
    ("HKD", "HONG KONG DOLLARS", "CENTS"),
    ("JPY", "JAPANESE YEN", ""),
    ("AUD", "AUSTRALIAN DOLLARS", "CENTS"),
    ("CAD", "CANADIAN DOLLARS", "CENTS"),
    ("NZD", "NEW ZEALAND DOLLARS", "CENTS"),
    ("SGD", "SINGAPORE DOLLARS", "CENTS"),
    ("CHF", "SWISS FRANCS", "CENTIMES"),
    ("AED", "UAE DIRHAMS", "FILS"),
    ("SAR", "SAUDI RIYALS", "HALALAS"),
    ("QAR", "QATARI RIYALS", "DIRHAMS"),
    ("KWD", "KUWAITI DINARS", "FILS"),
    ("BHD", "BAHRAINI DINARS", "FILS"),
    ("JOD", "JORDANIAN DINARS", "FILS"),
    ("IQD", "IRAQI DINARS", "FILS"),
    ("OMR", "OMANI RIALS", "BAISA"),
    ("LYD", "LIBYAN DINARS", "DIRHAMS"),
    ("TND", "TUNISIAN DINARS", "MILLIMES"),
    ("RUB", "RUSSIAN RUBLES", "KOPECKS"),
    ("IDR", "INDONESIAN RUPIAH", "SEN"),
    ("MYR", "MALAYSIAN RINGGIT", "SEN"),
    ("VND", "VIETNAMESE DONG", ""),
    ("THB", "THAI BAHT", "SATANG"),
    ("BDT", "BANGLADESHI TAKA", "PAISA"),
    ("INR", "INDIAN RUPEES", "PAISA"),
    ("PKR", "PAKISTANI RUPEES", "PAISA"),
    ("KRW", "KOREAN WON", ""),
];

const ONES: [&str; 20] = [
    "ZERO",
    "ONE",
    "TWO",
    "THREE",
    "FOUR",
    "FIVE",
    "SIX",
    "SEVEN",
    "EIGHT",
    "NINE",
    "TEN",
    "ELEVEN",
    "TWELVE",
    "THIRTEEN",
    "FOURTEEN",
    "FIFTEEN",
    "SIXTEEN",
    "SEVENTEEN",
    "EIGHTEEN",
    "NINETEEN",
];
const TENS: [&str; 10] = [
    "", "", "TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY",
];
const SCALES: [(u64, &str); 3] = [
    (1_000_000_000, "BILLION"),
    (1_000_000, "MILLION"),
    (1_000, "THOUSAND"),
];

/// The English name and minor-unit name of a currency, falling back to the ISO code.
fn english_names(c: Currency) -> (String, Option<&'static str>) {
    match ENGLISH_NAMES.iter().find(|(code, _, _)| *code == c.as_str()) {
        Some((_, name, minor)) => (name.to_string(), (!minor.is_empty()).then_some(*minor)),
        None => (c.as_str().to_string(), (c.minor_units() == 2).then_some("CENTS")),
    }
}

/// The currency named by the words of an English amount line (`US DOLLARS`, or an ISO
/// 4217 code such as `NOK` for currencies without a listed name); case-insensitive.
pub fn currency_from_english(words: &str) -> Option<Currency> {
    let words = words
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase();
    ENGLISH_NAMES
        .iter()
        .find(|(_, name, _)| *name == words)
        .and_then(|(code, _, _)| Currency::parse(code).ok())
        .or_else(|| {
            let listed = ENGLISH_NAMES.iter().any(|(code, _, _)| *code == words);
            // A listed currency is written by its name, never by its code.
            if listed {
                None
            } else {
                Currency::parse(&words).ok()
            }
        })
}

/// 1..=999 in words: `THREE HUNDRED AND FORTY-FIVE`.
fn push_below_thousand(n: u64, out: &mut Vec<String>) {
    let (hundreds, rest) = (n / 100, n % 100);
    if hundreds > 0 {
        out.push(ONES[hundreds as usize].to_string());
        out.push("HUNDRED".to_string());
        if rest > 0 {
            out.push("AND".to_string());
        }
    }
    if rest >= 20 {
        let (tens, ones) = (rest / 10, rest % 10);
        if ones == 0 {
            out.push(TENS[tens as usize].to_string());
        } else {
            out.push(format!("{}-{}", TENS[tens as usize], ONES[ones as usize]));
        }
    } else if rest > 0 {
        out.push(ONES[rest as usize].to_string());
    }
}

/// A whole number below 10^12 in British English words (`ONE THOUSAND AND FIVE`).
fn whole_in_english(n: u64, out: &mut Vec<String>) {
    if n == 0 {
        out.push(ONES[0].to_string());
        return;
    }
    let mut rest = n;
    for (scale, word) in SCALES {
        let group = rest / scale;
        if group > 0 {
            push_below_thousand(group, out);
            out.push(word.to_string());
        }
        rest %= scale;
    }
    if rest > 0 {
        // British usage joins a final group below one hundred with AND: ONE THOUSAND AND FIVE.
        if n >= 1000 && rest < 100 {
            out.push("AND".to_string());
        }
        push_below_thousand(rest, out);
    }
}

/// The "amount in words" line of a commercial invoice, sales contract or draft, in upper
/// case: `SAY <CURRENCY> <WHOLE> [AND <MINOR UNIT> <MINOR>] ONLY`.
///
/// USD 12345.60 gives `SAY US DOLLARS TWELVE THOUSAND THREE HUNDRED AND FORTY-FIVE AND
/// CENTS SIXTY ONLY`; USD 1000.00 gives `SAY US DOLLARS ONE THOUSAND ONLY` (a zero minor
/// part is left out); KWD 1.005 gives `SAY KUWAITI DINARS ONE AND FILS FIVE ONLY` (the
/// minor part counts the currency's minor unit, here thousandths); USD 0.50 gives `SAY US
/// DOLLARS ZERO AND CENTS FIFTY ONLY`.
pub fn amount_in_english(m: &Money) -> Result<String, WordsError> {
    let (whole, minor) = whole_and_minor(m)?;
    let (name, minor_name) = english_names(m.currency);
    let mut words = vec!["SAY".to_string(), name];
    whole_in_english(whole, &mut words);
    if minor > 0 {
        let minor_name = minor_name.ok_or(WordsError::NoMinorUnitName(m.currency))?;
        words.push("AND".to_string());
        words.push(minor_name.to_string());
        whole_in_english(minor, &mut words);
    }
    words.push("ONLY".to_string());
    Ok(words.join(" "))
}

/// One word of an English amount line, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Word {
    /// ZERO..NINETEEN
    Ones(u64),
    /// TWENTY..NINETY
    Tens(u64),
    /// FORTY-FIVE
    Compound(u64),
    Hundred,
    Scale(u64),
    And,
    Other(String),
}

impl Word {
    fn is_number(&self) -> bool {
        matches!(
            self,
            Word::Ones(_) | Word::Tens(_) | Word::Compound(_) | Word::Hundred | Word::Scale(_)
        )
    }
}

fn classify(token: &str) -> Word {
    let ones = |t: &str| ONES.iter().position(|w| *w == t).map(|i| i as u64);
    let tens = |t: &str| {
        TENS.iter()
            .position(|w| !w.is_empty() && *w == t)
            .map(|i| i as u64 * 10)
    };
    if let Some(n) = ones(token) {
        return Word::Ones(n);
    }
    if let Some(n) = tens(token) {
        return Word::Tens(n);
    }
    if let Some((t, o)) = token.split_once('-')
        && let (Some(t), Some(o)) = (tens(t), ones(o))
        && (1..=9).contains(&o)
    {
        return Word::Compound(t + o);
    }
    match token {
        "HUNDRED" => Word::Hundred,
        "AND" => Word::And,
        _ => match SCALES.iter().find(|(_, w)| *w == token) {
            Some((scale, _)) => Word::Scale(*scale),
            None => Word::Other(token.to_string()),
        },
    }
}

fn word_text(w: &Word) -> String {
    match w {
        Word::Ones(n) => ONES[*n as usize].to_string(),
        Word::Tens(n) => TENS[(*n / 10) as usize].to_string(),
        Word::Compound(n) => format!("{}-{}", TENS[(*n / 10) as usize], ONES[(*n % 10) as usize]),
        Word::Hundred => "HUNDRED".to_string(),
        Word::Scale(s) => SCALES
            .iter()
            .find(|(v, _)| v == s)
            .map_or("?", |(_, w)| w)
            .to_string(),
        Word::And => "AND".to_string(),
        Word::Other(s) => s.clone(),
    }
}

/// 1..=999 from words: `[ONES HUNDRED [AND]] [ONES | TENS [ONES] | COMPOUND]`.
fn parse_below_thousand(words: &[Word]) -> Result<u64, WordsError> {
    let mut value = 0;
    let mut rest = words;
    if let [first, Word::Hundred, tail @ ..] = words {
        match first {
            Word::Ones(d) if (1..=9).contains(d) => value = d * 100,
            other => return malformed(format!("`{}` cannot count hundreds", word_text(other))),
        }
        rest = match tail {
            [Word::And] => return malformed("`AND` must be followed by the tens"),
            [Word::And, after @ ..] => after,
            _ => tail,
        };
    }
    value += match rest {
        [] => 0,
        [Word::Ones(n)] if *n >= 1 => *n,
        [Word::Tens(t)] => *t,
        [Word::Tens(t), Word::Ones(o)] if (1..=9).contains(o) => t + o,
        [Word::Compound(n)] => *n,
        _ => {
            let text: Vec<String> = rest.iter().map(word_text).collect();
            return malformed(format!("`{}` is not a number below one hundred", text.join(" ")));
        }
    };
    if value == 0 {
        return malformed("a number group is empty");
    }
    Ok(value)
}

/// A whole number below 10^12 from English words: groups of 1..=999 followed by
/// `BILLION`, `MILLION`, `THOUSAND` in that order, and a last group that may be introduced
/// by a British `AND` when below one hundred. `ZERO` stands alone.
fn parse_whole_english(words: &[Word]) -> Result<u64, WordsError> {
    match words {
        [] => return malformed("the amount is missing"),
        [Word::Ones(0)] => return Ok(0),
        _ => {}
    }
    let mut total = 0;
    let mut last_scale = u64::MAX;
    let mut start = 0;
    for (i, w) in words.iter().enumerate() {
        if let Word::Scale(scale) = w {
            if *scale >= last_scale {
                return malformed(format!("`{}` is out of order", word_text(w)));
            }
            total += parse_below_thousand(&words[start..i])? * scale;
            last_scale = *scale;
            start = i + 1;
        }
    }
    match &words[start..] {
        [] => {}
        [Word::And, tail @ ..] if start > 0 => {
            let last = parse_below_thousand(tail)?;
            if last >= 100 {
                return malformed("`AND` after a scale word must be followed by a number below one hundred");
            }
            total += last;
        }
        tail => total += parse_below_thousand(tail)?,
    }
    Ok(total)
}

/// Read an English amount line (as written by [`amount_in_english`]) back into the
/// currency words and the amount: `SAY US DOLLARS ONE THOUSAND AND CENTS FIVE ONLY` gives
/// `("US DOLLARS", 1000.05)`.
///
/// For cross-checking typed documents the reading is tolerant of case, spacing, commas,
/// a final full stop, a missing `SAY` or `ONLY`, `SAY TOTAL`, `FORTY FIVE` for `FORTY-FIVE`
/// and American usage without `AND`, and of the other usual ways of writing the line:
/// the currency as its ISO 4217 code (`SAY USD …`, returned as `USD`) or with full stops
/// (`U.S. DOLLARS`); the minor unit after its number (`AND SIXTY CENTS`, `AND ZERO CENTS`)
/// and the minor part as a fraction of the unit (`AND 60/100`). It is strict about the
/// number itself (order of scale words, no stray words) and about the minor unit, which
/// must be the currency's own (`CENTS` for US dollars, `FILS` for Kuwaiti dinars, counted
/// in thousandths). The amount has the currency's decimal places as its scale.
pub fn parse_english_amount(s: &str) -> Result<(String, Decimal), WordsError> {
    let upper = s
        .trim()
        .trim_end_matches('.')
        .to_uppercase()
        .replace(',', " ")
        .replace('.', "");
    let mut words: Vec<Word> = upper.split_whitespace().map(classify).collect();
    let is = |w: Option<&Word>, t: &str| matches!(w, Some(Word::Other(o)) if o == t);
    if is(words.first(), "SAY") {
        words.remove(0);
    }
    if is(words.first(), "TOTAL") {
        words.remove(0);
    }
    if is(words.last(), "ONLY") {
        words.pop();
    }
    let name_len = words.iter().take_while(|w| matches!(w, Word::Other(_))).count();
    if name_len == 0 {
        return malformed("the currency is missing before the amount");
    }
    let name = words[..name_len]
        .iter()
        .map(word_text)
        .collect::<Vec<_>>()
        .join(" ");
    let currency = currency_from_english(&name)
        .or_else(|| Currency::parse(&name).ok())
        .ok_or_else(|| WordsError::UnknownCurrency(name.clone()))?;
    let rest = &words[name_len..];
    let places = currency.minor_units();
    let per_unit = 10u64.pow(places);
    let (_, expected) = english_names(currency);
    let wrong_unit = |unit: &str| {
        WordsError::Malformed(match expected {
            Some(e) => format!("`{unit}` is not the minor unit of {name}; expected `{e}`"),
            None => format!("{name} has no minor unit, found `{unit}`"),
        })
    };
    let check_minor = |minor: u64, unit: &str| -> Result<u64, WordsError> {
        if minor >= per_unit {
            return malformed(format!("{minor} {unit} make a whole {name} or more"));
        }
        Ok(minor)
    };
    let no_stray = |ws: &[Word]| -> Result<(), WordsError> {
        match ws.iter().find(|w| matches!(w, Word::Other(_))) {
            Some(stray) => malformed(format!("`{}` is not a number word", word_text(stray))),
            None => Ok(()),
        }
    };
    // The minor part starts at the AND that is followed by a word which is not a number:
    // `AND CENTS SIXTY`, or `AND 60/100`.
    let split = rest
        .windows(2)
        .position(|pair| pair[0] == Word::And && matches!(pair[1], Word::Other(_)));
    // `AND SIXTY CENTS`: the minor unit closes the line.
    let unit_last = rest
        .iter()
        .rev()
        .take_while(|w| matches!(w, Word::Other(_)))
        .count();
    let (whole, minor) = if let Some(i) = split {
        let whole_words = &rest[..i];
        let minor_words = &rest[i + 1..];
        no_stray(whole_words)?;
        let whole = parse_whole_english(whole_words)?;
        let minor = if let [Word::Other(t)] = minor_words
            && let Some((num, den)) = fraction(t)
        {
            // `nn/100` of a unit with two decimals (`n/10`, tenths, too).
            let allowed = (1..=places).any(|k| 10u64.pow(k) == den);
            if !allowed || num >= den {
                return malformed(format!("`{t}` is not a fraction of a unit of {name}"));
            }
            num * (per_unit / den)
        } else {
            let unit_len = minor_words.iter().take_while(|w| !w.is_number()).count();
            let unit = minor_words[..unit_len]
                .iter()
                .map(word_text)
                .collect::<Vec<_>>()
                .join(" ");
            if expected != Some(unit.as_str()) {
                return Err(wrong_unit(&unit));
            }
            check_minor(parse_whole_english(&minor_words[unit_len..])?, &unit)?
        };
        (whole, minor)
    } else if unit_last > 0 && unit_last < rest.len() && rest.contains(&Word::And) {
        let unit = rest[rest.len() - unit_last..]
            .iter()
            .map(word_text)
            .collect::<Vec<_>>()
            .join(" ");
        if expected != Some(unit.as_str()) {
            return Err(wrong_unit(&unit));
        }
        let numbers = &rest[..rest.len() - unit_last];
        // The minor part follows the last AND that leaves a readable amount before it and
        // a readable number of minor units after it (`ONE HUNDRED AND SIXTY CENTS` is
        // 100.60; `… AND FIVE AND ZERO CENTS` splits at the second AND).
        let mut found = None;
        let mut last_error = None;
        for k in (0..numbers.len()).rev().filter(|&k| numbers[k] == Word::And) {
            let read = parse_whole_english(&numbers[..k]).and_then(|whole| {
                let minor = parse_whole_english(&numbers[k + 1..])?;
                Ok((whole, check_minor(minor, &unit)?))
            });
            match read {
                Ok(pair) => {
                    found = Some(pair);
                    break;
                }
                Err(e) => last_error = last_error.or(Some(e)),
            }
        }
        match (found, last_error) {
            (Some(pair), _) => pair,
            (None, Some(e)) => return Err(e),
            (None, None) => return malformed(format!("no `AND` before the {unit}")),
        }
    } else {
        no_stray(rest)?;
        (parse_whole_english(rest)?, 0)
    };
    let total = i128::from(whole) * i128::from(per_unit) + i128::from(minor);
    Ok((name, Decimal::from_i128_with_scale(total, places)))
}

/// `60/100` → (60, 100): two runs of digits around one slash.
fn fraction(t: &str) -> Option<(u64, u64)> {
    let (n, d) = t.split_once('/')?;
    let digits = |x: &str| !x.is_empty() && x.len() <= 6 && x.bytes().all(|b| b.is_ascii_digit());
    if !(digits(n) && digits(d)) {
        return None;
    }
    Some((n.parse().ok()?, d.parse().ok()?))
}

// ---------------------------------------------------------------------------------------
// Chinese capitals (中文大写)
// ---------------------------------------------------------------------------------------

/// Chinese names written before the capitals (大写金额数字前应写货币名称). Foreign
/// currencies use the same 元/角/分 place words as on Chinese forms for foreign-currency
/// sums (`美元壹仟元整`); currencies with more than two decimals cannot be written.
const CHINESE_NAMES: &[(&str, &str)] = &[
    ("CNY", "人民币"),
    ("USD", "美元"),
    ("EUR", "欧元"),
    ("HKD", "港币"),
    ("JPY", "日元"),
    ("GBP", "英镑"),
    ("AUD", "澳元"),
    ("CAD", "加元"),
    ("SGD", "新加坡元"),
    ("CHF", "瑞士法郎"),
];

const CAPITAL_DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
/// 个, 拾, 佰, 仟 within a group of four digits.
const CAPITAL_PLACES: [&str; 4] = ["", "拾", "佰", "仟"];

fn capital_digit(c: char) -> Option<u64> {
    CAPITAL_DIGITS.iter().position(|d| *d == c).map(|i| i as u64)
}

fn capital_place(c: char) -> Option<u32> {
    match c {
        '拾' => Some(1),
        '佰' => Some(2),
        '仟' => Some(3),
        _ => None,
    }
}

/// The Chinese name of a currency as written before its capitals (`人民币`, `美元`).
pub fn chinese_currency_name(c: Currency) -> Option<&'static str> {
    CHINESE_NAMES
        .iter()
        .find(|(code, _)| *code == c.as_str())
        .map(|(_, name)| *name)
}

/// One group of four digits (1..=9999): zeros inside the group are written as one 零
/// (`壹仟零伍`), zeros at its end are not written (`壹仟`).
fn push_capital_group(n: u64, out: &mut String) {
    let mut zero_pending = false;
    let mut started = false;
    for place in (0..4u32).rev() {
        let d = n / 10u64.pow(place) % 10;
        if d == 0 {
            zero_pending |= started;
            continue;
        }
        if zero_pending {
            out.push('零');
            zero_pending = false;
        }
        out.push(CAPITAL_DIGITS[d as usize]);
        out.push_str(CAPITAL_PLACES[place as usize]);
        started = true;
    }
}

/// A whole number 1..10^12 in capitals, in groups of 亿, 万 and units. A lower group gets a
/// 零 when a whole group was skipped or it starts below 仟 (`壹亿零壹万`, `壹佰万零壹佰`);
/// a group starting with 仟 after a higher one ending in zeros gets none (`壹拾万柒仟`),
/// as the regulation allows.
fn push_capital_whole(n: u64, out: &mut String) {
    let groups = [
        (n / 100_000_000, "亿"),
        (n / 10_000 % 10_000, "万"),
        (n % 10_000, ""),
    ];
    let mut started = false;
    let mut skipped = false;
    for (group, unit) in groups {
        if group == 0 {
            skipped |= started;
            continue;
        }
        if started && (skipped || group < 1000) {
            out.push('零');
        }
        push_capital_group(group, out);
        out.push_str(unit);
        started = true;
        skipped = false;
    }
}

/// The amount in Chinese capitals (中文大写金额) as the People's Bank of China prescribes
/// for bills and settlement vouchers (《支付结算办法》, annex 《正确填写票据和结算凭证的基本
/// 规定》): currency name first with no gap, 壹拾 for a leading ten, one 零 for a run of
/// zeros, and 整 after 元 or 角 but never after 分.
///
/// CNY 12345.60 gives `人民币壹万贰仟叁佰肆拾伍元陆角整`; 1005 gives `人民币壹仟零伍元整`;
/// 100010000 gives `人民币壹亿零壹万元整`; 16409.02 gives `人民币壹万陆仟肆佰零玖元零贰分`
/// (零 after 元 when 角 is zero and 分 is not); 1680.32 gives `人民币壹仟陆佰捌拾元叁角贰分`
/// (the optional 零 after 元 is left out); 0.50 gives `人民币伍角整`; 0 gives `人民币零元整`.
/// Other currencies with a known Chinese name are written the same way (`美元壹仟元整`).
pub fn amount_in_chinese_capitals(m: &Money) -> Result<String, WordsError> {
    let name = chinese_currency_name(m.currency).ok_or(WordsError::NoChineseName(m.currency))?;
    let places = m.currency.minor_units();
    if places > 2 {
        return Err(WordsError::BeyondFen(m.currency));
    }
    let (whole, minor) = whole_and_minor(m)?;
    let hundredths = minor * 10u64.pow(2 - places);
    let (jiao, fen) = (hundredths / 10, hundredths % 10);
    let mut out = name.to_string();
    if whole > 0 {
        push_capital_whole(whole, &mut out);
        out.push('元');
    } else if hundredths == 0 {
        out.push_str("零元");
    }
    if jiao > 0 {
        out.push(CAPITAL_DIGITS[jiao as usize]);
        out.push('角');
    }
    if fen > 0 {
        if jiao == 0 && whole > 0 {
            out.push('零');
        }
        out.push(CAPITAL_DIGITS[fen as usize]);
        out.push('分');
    } else {
        out.push('整');
    }
    Ok(out)
}

/// A written digit (at its absolute place, 0 for 元) or a 零, read from capitals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capital {
    Digit { value: u64, place: u32 },
    Zero,
}

/// One group of up to four digits (the text between 亿, 万 and 元), `base` being the place
/// of its last digit (8, 4 or 0).
fn read_capital_group(text: &[char], base: u32, out: &mut Vec<Capital>) -> Result<(), WordsError> {
    let mut last_place: Option<u32> = None;
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        if c == '零' {
            out.push(Capital::Zero);
            i += 1;
            continue;
        }
        let (value, place) = match capital_digit(c) {
            Some(d) if d > 0 => match text.get(i + 1).copied().and_then(capital_place) {
                Some(p) => {
                    i += 2;
                    (d, p)
                }
                None => {
                    i += 1;
                    (d, 0)
                }
            },
            // A bare 拾 for ten at the head of a group (拾万元整), as sometimes handwritten.
            _ if c == '拾' && i == 0 => {
                i += 1;
                (1, 1)
            }
            _ => return malformed(format!("`{c}` is out of place")),
        };
        if last_place.is_some_and(|last| place >= last) {
            return malformed(format!(
                "`{}` is out of order",
                text[..i].iter().collect::<String>()
            ));
        }
        last_place = Some(place);
        out.push(Capital::Digit {
            value,
            place: base + place,
        });
    }
    if text.last() == Some(&'零') {
        return malformed("零 must be followed by a digit");
    }
    Ok(())
}

/// A whole number from capitals (the text before 元).
fn read_capital_whole(text: &[char]) -> Result<u64, WordsError> {
    if text == ['零'] {
        return Ok(0);
    }
    let (yi, rest) = match text.iter().position(|c| *c == '亿') {
        Some(p) => (Some(&text[..p]), &text[p + 1..]),
        None => (None, text),
    };
    let (wan, units) = match rest.iter().position(|c| *c == '万') {
        Some(p) => (Some(&rest[..p]), &rest[p + 1..]),
        None => (None, rest),
    };
    let mut written = Vec::new();
    for (group, base, unit) in [(yi, 8, '亿'), (wan, 4, '万'), (Some(units), 0, '元')] {
        if let Some(group) = group {
            if group.is_empty() && unit != '元' {
                return malformed(format!("{unit} without digits before it"));
            }
            read_capital_group(group, base, &mut written)?;
        }
    }
    let mut value = 0;
    let mut last_place: Option<u32> = None;
    let mut zero_since = false;
    for item in written {
        match item {
            Capital::Zero if last_place.is_none() => return malformed("零 cannot lead the amount"),
            Capital::Zero if zero_since => return malformed("零 is written once for a run of zeros"),
            Capital::Zero => zero_since = true,
            Capital::Digit { value: d, place } => {
                if let Some(last) = last_place {
                    let gap = last > place + 1;
                    if zero_since && !gap {
                        return malformed("零 stands where no digit is skipped");
                    }
                    // Zeros must be shown by 零, except before a 仟 that follows 万 or 亿
                    // ending in zeros (《正确填写票据和结算凭证的基本规定》, rule on zeros 3).
                    if !zero_since && gap && place % 4 != 3 {
                        return malformed("零 is missing where digits are skipped");
                    }
                }
                value += d * 10u64.pow(place);
                last_place = Some(place);
                zero_since = false;
            }
        }
    }
    if last_place.is_none() {
        return malformed("the amount is missing");
    }
    Ok(value)
}

/// 角 and 分 from the text after 元 (or the whole text for sums below one 元), checking
/// the rules on 零 and 整.
fn read_capital_fraction(text: &[char], whole: u64, has_yuan: bool) -> Result<u64, WordsError> {
    let mut i = 0;
    let zero_after_yuan = text.first() == Some(&'零');
    if zero_after_yuan {
        i += 1;
    }
    let mut take = |unit: char| -> Option<u64> {
        let d = text.get(i).copied().and_then(capital_digit).filter(|d| *d > 0)?;
        (text.get(i + 1) == Some(&unit)).then(|| {
            i += 2;
            d
        })
    };
    let jiao = take('角');
    let fen = take('分');
    let zheng = matches!(text.get(i), Some('整' | '正'));
    if zheng {
        i += 1;
    }
    if let Some(c) = text.get(i) {
        return malformed(format!("`{c}` is out of place"));
    }
    match (jiao, fen) {
        (None, None) if !has_yuan => return malformed("the amount is missing"),
        (None, None) if zero_after_yuan => return malformed("零 must be followed by a digit"),
        (None, None) if !zheng => return malformed("整 must follow 元 when there are no 角 or 分"),
        (_, Some(_)) if zheng => return malformed("整 is not written after 分"),
        (Some(_), _) if zero_after_yuan && (whole == 0 || !whole.is_multiple_of(10)) => {
            return malformed("零 before 角 is written only when the 元 digit is zero");
        }
        (None, Some(_)) if zero_after_yuan && !has_yuan => return malformed("零 cannot lead the amount"),
        (None, Some(_)) if whole > 0 && !zero_after_yuan => {
            return malformed("零 must follow 元 when 角 is zero and 分 is not");
        }
        _ => {}
    }
    Ok(jiao.unwrap_or(0) * 10 + fen.unwrap_or(0))
}

/// Read Chinese capitals (as written by [`amount_in_chinese_capitals`]) back into the
/// amount, with two decimal places (元.角分).
///
/// The currency name in front (`人民币`, `美元`, …) may be present or not. The reading
/// accepts the variants the regulation allows — 正 for 整, 圆 for 元, 整 after 角 or not,
/// the optional 零 before a 仟 after 万/亿 and before 角 when the 元 digit is zero, a
/// leading 拾 without 壹 — and refuses what it forbids: missing or doubled 零, 整 after 分,
/// no 整 after 元, digits out of order, gaps or any other character.
pub fn parse_chinese_capitals(s: &str) -> Result<Decimal, WordsError> {
    let s = s.trim();
    let body = CHINESE_NAMES
        .iter()
        .find_map(|(_, name)| s.strip_prefix(name))
        .unwrap_or(s);
    let text: Vec<char> = body.chars().collect();
    let yuan = text.iter().position(|c| *c == '元' || *c == '圆');
    let (whole, fraction) = match yuan {
        Some(0) => return malformed("元 without digits before it"),
        Some(p) => (read_capital_whole(&text[..p])?, &text[p + 1..]),
        None => (0, &text[..]),
    };
    let hundredths = read_capital_fraction(fraction, whole, yuan.is_some())?;
    let total = i128::from(whole) * 100 + i128::from(hundredths);
    Ok(Decimal::from_i128_with_scale(total, 2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn money(amount: &str, code: &str) -> Money {
        Money {
            amount: Decimal::from_str(amount).expect("decimal"),
            currency: Currency::parse(code).expect("currency"),
        }
    }
    fn english(amount: &str, code: &str) -> String {
        amount_in_english(&money(amount, code)).expect("writable")
    }
    fn chinese(amount: &str) -> String {
        amount_in_chinese_capitals(&money(amount, "CNY")).expect("writable")
    }
    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).expect("decimal")
    }

    #[test]
    fn english_lines_as_on_invoices() {
        assert_eq!(
            english("12345.60", "USD"),
            "SAY US DOLLARS TWELVE THOUSAND THREE HUNDRED AND FORTY-FIVE AND CENTS SIXTY ONLY"
        );
        assert_eq!(english("1000.00", "USD"), "SAY US DOLLARS ONE THOUSAND ONLY");
        assert_eq!(english("1000", "EUR"), "SAY EUROS ONE THOUSAND ONLY");
        assert_eq!(
            english("88.08", "CNY"),
            "SAY CHINESE YUAN EIGHTY-EIGHT AND FEN EIGHT ONLY"
        );
        assert_eq!(
            english("1500000", "JPY"),
            "SAY JAPANESE YEN ONE MILLION FIVE HUNDRED THOUSAND ONLY"
        );
        assert_eq!(
            english("1.005", "KWD"),
            "SAY KUWAITI DINARS ONE AND FILS FIVE ONLY"
        );
        assert_eq!(
            english("2.125", "KWD"),
            "SAY KUWAITI DINARS TWO AND FILS ONE HUNDRED AND TWENTY-FIVE ONLY"
        );
        assert_eq!(english("10.50", "AED"), "SAY UAE DIRHAMS TEN AND FILS FIFTY ONLY");
        assert_eq!(
            english("3.01", "GBP"),
            "SAY POUNDS STERLING THREE AND PENCE ONE ONLY"
        );
        assert_eq!(english("0.50", "USD"), "SAY US DOLLARS ZERO AND CENTS FIFTY ONLY");
        assert_eq!(english("0", "USD"), "SAY US DOLLARS ZERO ONLY");
        assert_eq!(english("7.70", "NOK"), "SAY NOK SEVEN AND CENTS SEVENTY ONLY");
        assert_eq!(english("5", "CLF"), "SAY CLF FIVE ONLY");
    }

    #[test]
    fn english_numbers_use_british_and_and_hyphens() {
        let w = |n: u64| {
            let mut v = Vec::new();
            whole_in_english(n, &mut v);
            v.join(" ")
        };
        assert_eq!(w(21), "TWENTY-ONE");
        assert_eq!(w(100), "ONE HUNDRED");
        assert_eq!(w(101), "ONE HUNDRED AND ONE");
        assert_eq!(w(1005), "ONE THOUSAND AND FIVE");
        assert_eq!(w(1_000_020), "ONE MILLION AND TWENTY");
        assert_eq!(w(1_000_100), "ONE MILLION ONE HUNDRED");
        assert_eq!(w(100_000), "ONE HUNDRED THOUSAND");
        assert_eq!(
            w(999_999_999_999),
            "NINE HUNDRED AND NINETY-NINE BILLION NINE HUNDRED AND NINETY-NINE MILLION \
             NINE HUNDRED AND NINETY-NINE THOUSAND NINE HUNDRED AND NINETY-NINE"
        );
    }

    #[test]
    fn unwritable_amounts_are_refused() {
        assert!(matches!(
            amount_in_english(&money("-1", "USD")),
            Err(WordsError::Negative { .. })
        ));
        assert_eq!(english("-0.00", "USD"), "SAY US DOLLARS ZERO ONLY");
        assert!(matches!(
            amount_in_english(&money("1000000000000", "USD")),
            Err(WordsError::TooLarge { .. })
        ));
        assert!(amount_in_english(&money("999999999999.99", "USD")).is_ok());
        assert!(matches!(
            amount_in_english(&money("1.005", "USD")),
            Err(WordsError::TooPrecise { .. })
        ));
        assert!(matches!(
            amount_in_english(&money("1.0005", "CLF")),
            Err(WordsError::NoMinorUnitName(_))
        ));
        assert!(matches!(
            amount_in_chinese_capitals(&money("-0.01", "CNY")),
            Err(WordsError::Negative { .. })
        ));
        assert!(matches!(
            amount_in_chinese_capitals(&money("1000000000000", "CNY")),
            Err(WordsError::TooLarge { .. })
        ));
        assert!(matches!(
            amount_in_chinese_capitals(&money("1", "KWD")),
            Err(WordsError::NoChineseName(_))
        ));
        assert!(matches!(
            amount_in_chinese_capitals(&money("1", "THB")),
            Err(WordsError::NoChineseName(_))
        ));
    }

    #[test]
    fn english_names_table_is_consistent() {
        for (code, name, minor) in ENGLISH_NAMES {
            let c = Currency::parse(code).expect("active ISO 4217 code");
            assert_eq!(minor.is_empty(), c.minor_units() == 0, "{code}");
            assert_eq!(currency_from_english(name), Some(c), "{code}");
            for w in name.split(' ').chain(minor.split(' ')).filter(|w| !w.is_empty()) {
                assert!(
                    matches!(classify(w), Word::Other(_)),
                    "{code}: `{w}` reads as a number word"
                );
            }
        }
        for code in [
            "USD", "EUR", "GBP", "CNY", "HKD", "JPY", "AUD", "CAD", "SGD", "AED", "SAR", "RUB", "IDR", "VND",
            "BDT", "THB", "MYR", "INR", "KWD", "CHF",
        ] {
            assert!(
                ENGLISH_NAMES.iter().any(|(c, _, _)| *c == code),
                "{code} has no English name"
            );
        }
        assert_eq!(currency_from_english("us  dollars"), Currency::parse("USD").ok());
        assert_eq!(currency_from_english("NOK"), Currency::parse("NOK").ok());
        assert_eq!(currency_from_english("USD"), None);
        assert_eq!(currency_from_english("DOLLARS"), None);
    }

    #[test]
    fn english_lines_read_back() {
        let read = |s: &str| parse_english_amount(s).expect("readable");
        assert_eq!(
            read("SAY US DOLLARS TWELVE THOUSAND THREE HUNDRED AND FORTY-FIVE AND CENTS SIXTY ONLY"),
            ("US DOLLARS".to_string(), dec("12345.60"))
        );
        assert_eq!(
            read("SAY US DOLLARS ONE THOUSAND ONLY"),
            ("US DOLLARS".to_string(), dec("1000"))
        );
        assert_eq!(read("SAY KUWAITI DINARS ONE AND FILS FIVE ONLY").1, dec("1.005"));
        assert_eq!(read("SAY UAE DIRHAMS ONE AND FILS FIVE ONLY").1, dec("1.05"));
        assert_eq!(
            read("SAY NOK SEVEN AND CENTS SEVENTY ONLY"),
            ("NOK".to_string(), dec("7.70"))
        );
        // Tolerated variants of typed documents.
        assert_eq!(
            read("say us dollars twelve thousand, three hundred forty five and cents sixty only").1,
            dec("12345.60")
        );
        assert_eq!(read("US DOLLARS ONE MILLION AND FIVE").1, dec("1000005"));
        assert_eq!(read("SAY EUROS NINETY-NINE ONLY.").1, dec("99"));
        assert_eq!(read("SAY US DOLLARS ZERO AND CENTS FIFTY ONLY").1, dec("0.50"));
    }

    #[test]
    fn english_lines_in_the_other_usual_forms_read_back() {
        let read = |s: &str| parse_english_amount(s).expect(s);
        let usd = |s: &str| {
            let (name, amount) = read(s);
            assert_eq!(
                currency_from_english(&name).or_else(|| Currency::parse(&name).ok()),
                Currency::parse("USD").ok(),
                "{s}"
            );
            amount
        };
        assert_eq!(
            usd("SAY TOTAL US DOLLARS THIRTY-TWO THOUSAND FOUR HUNDRED AND SEVENTY-TWO ONLY"),
            dec("32472")
        );
        assert_eq!(
            usd("SAY U.S. DOLLARS THIRTY-TWO THOUSAND FOUR HUNDRED AND SEVENTY-TWO ONLY"),
            dec("32472")
        );
        assert_eq!(
            read("SAY USD THIRTY TWO THOUSAND FOUR HUNDRED AND SEVENTY TWO ONLY"),
            ("USD".to_string(), dec("32472.00"))
        );
        assert_eq!(
            read("SAY EUR ONE THOUSAND ONLY"),
            ("EUR".to_string(), dec("1000.00"))
        );
        assert_eq!(
            usd("SAY USD THIRTY TWO THOUSAND FOUR HUNDRED AND SEVENTY TWO AND ZERO CENTS ONLY"),
            dec("32472.00")
        );
        assert_eq!(
            usd("SAY US DOLLARS THIRTY TWO THOUSAND FIVE HUNDRED AND ELEVEN AND SIXTY CENTS ONLY"),
            dec("32511.60")
        );
        assert_eq!(
            usd("SAY US DOLLARS ONE HUNDRED AND SIXTY CENTS ONLY"),
            dec("100.60")
        );
        assert_eq!(
            usd("SAY US DOLLARS ONE THOUSAND AND FIVE AND FIVE CENTS ONLY"),
            dec("1005.05")
        );
        assert_eq!(usd("SAY US DOLLARS ZERO AND SIXTY CENTS ONLY"), dec("0.60"));
        assert_eq!(usd("SAY US DOLLARS ONE AND CENTS ZERO ONLY"), dec("1.00"));
        assert_eq!(
            usd("SAY TOTAL U.S. DOLLARS THIRTY TWO THOUSAND FIVE HUNDRED AND ELEVEN AND 60/100 ONLY."),
            dec("32511.60")
        );
        assert_eq!(usd("SAY US DOLLARS ONE AND 00/100 ONLY"), dec("1.00"));
        assert_eq!(usd("SAY US DOLLARS ONE AND 6/10 ONLY"), dec("1.60"));
        assert_eq!(
            read("SAY KUWAITI DINARS TWO AND ONE HUNDRED AND TWENTY-FIVE FILS ONLY").1,
            dec("2.125")
        );
        assert_eq!(read("SAY KWD TWO AND 125/1000 ONLY").1, dec("2.125"));
    }

    #[test]
    fn english_lines_that_do_not_read() {
        let bad = |s: &str| parse_english_amount(s).expect_err(s);
        assert!(matches!(
            bad("SAY DOLLARS ONE ONLY"),
            WordsError::UnknownCurrency(_)
        ));
        // An ISO 4217 code is read (`SAY USD …`); three letters that are none are not.
        assert!(matches!(bad("SAY XYZ ONE ONLY"), WordsError::UnknownCurrency(_)));
        for s in [
            "",
            "SAY ONLY",
            "SAY US DOLLARS ONLY",
            "SAY ONE HUNDRED ONLY",
            "SAY US DOLLARS ONE THOUSAND ONE MILLION ONLY",
            "SAY US DOLLARS ONE THOUSAND THOUSAND ONLY",
            "SAY US DOLLARS ONE ONE ONLY",
            "SAY US DOLLARS TWENTY TWENTY ONLY",
            "SAY US DOLLARS TEN-FIVE ONLY",
            "SAY US DOLLARS ONE HUNDRED AND ONLY",
            "SAY US DOLLARS ZERO HUNDRED ONLY",
            "SAY US DOLLARS ONE ZERO ONLY",
            "SAY US DOLLARS THOUSAND ONLY",
            "SAY US DOLLARS ONE THOUSAND AND FIVE HUNDRED ONLY",
            "SAY US DOLLARS AND FIVE ONLY",
            "SAY US DOLLARS ONE AND PENCE FIVE ONLY",
            "SAY US DOLLARS ONE AND CENTS ONE HUNDRED ONLY",
            "SAY US DOLLARS ONE AND CENTS ONLY",
            "SAY US DOLLARS ONE AND CENTS FIVE DOLLARS ONLY",
            "SAY JAPANESE YEN ONE AND SEN FIVE ONLY",
            "SAY US DOLLARS ONE TRILLION ONLY",
            "SAY US DOLLARS FIVE BANANAS ONLY",
            "SAY US DOLLARS ONE AND FIVE BANANAS ONLY",
            "SAY US DOLLARS ONE AND FIVE PENCE ONLY",
            "SAY US DOLLARS ONE AND ONE HUNDRED CENTS ONLY",
            "SAY US DOLLARS ONE FIVE CENTS ONLY",
            "SAY US DOLLARS ONE AND 100/100 ONLY",
            "SAY US DOLLARS ONE AND 5/1000 ONLY",
            "SAY US DOLLARS ONE AND 60/100 60/100 ONLY",
            "SAY JAPANESE YEN ONE AND 50/100 ONLY",
            "SAY TOTAL ONLY",
        ] {
            assert!(
                matches!(bad(s), WordsError::Malformed(_) | WordsError::UnknownCurrency(_)),
                "{s}"
            );
        }
    }

    #[test]
    fn chinese_capitals_per_payment_and_settlement_measures() {
        assert_eq!(chinese("12345.60"), "人民币壹万贰仟叁佰肆拾伍元陆角整");
        assert_eq!(chinese("12345.65"), "人民币壹万贰仟叁佰肆拾伍元陆角伍分");
        assert_eq!(chinese("1005"), "人民币壹仟零伍元整");
        assert_eq!(chinese("10020"), "人民币壹万零贰拾元整");
        assert_eq!(chinese("100000"), "人民币壹拾万元整");
        assert_eq!(chinese("10"), "人民币壹拾元整");
        assert_eq!(chinese("0"), "人民币零元整");
        assert_eq!(chinese("100000000"), "人民币壹亿元整");
        assert_eq!(chinese("100010000"), "人民币壹亿零壹万元整");
        assert_eq!(chinese("1000100"), "人民币壹佰万零壹佰元整");
        assert_eq!(chinese("100001000"), "人民币壹亿零壹仟元整");
        assert_eq!(chinese("100000001"), "人民币壹亿零壹元整");
        assert_eq!(chinese("1010101010"), "人民币壹拾亿壹仟零壹拾万壹仟零壹拾元整");
        assert_eq!(
            chinese("999999999999.99"),
            "人民币玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"
        );
        // The examples of 《正确填写票据和结算凭证的基本规定》.
        assert_eq!(chinese("1409.50"), "人民币壹仟肆佰零玖元伍角整");
        assert_eq!(chinese("6007.14"), "人民币陆仟零柒元壹角肆分");
        assert_eq!(chinese("1680.32"), "人民币壹仟陆佰捌拾元叁角贰分");
        assert_eq!(chinese("107000.53"), "人民币壹拾万柒仟元伍角叁分");
        assert_eq!(chinese("16409.02"), "人民币壹万陆仟肆佰零玖元零贰分");
        assert_eq!(chinese("325.04"), "人民币叁佰贰拾伍元零肆分");
        // Below one 元.
        assert_eq!(chinese("0.50"), "人民币伍角整");
        assert_eq!(chinese("0.05"), "人民币伍分");
        assert_eq!(chinese("0.55"), "人民币伍角伍分");
        // Other currencies.
        assert_eq!(
            amount_in_chinese_capitals(&money("1000", "USD")).as_deref(),
            Ok("美元壹仟元整")
        );
        assert_eq!(
            amount_in_chinese_capitals(&money("10000", "JPY")).as_deref(),
            Ok("日元壹万元整")
        );
    }

    #[test]
    fn chinese_capitals_read_back_with_allowed_variants() {
        let read = |s: &str| parse_chinese_capitals(s).expect(s);
        assert_eq!(read("人民币壹万贰仟叁佰肆拾伍元陆角整"), dec("12345.60"));
        assert_eq!(read("人民币壹仟陆佰捌拾元零叁角贰分"), dec("1680.32"));
        assert_eq!(read("人民币壹拾万零柒仟元伍角叁分"), dec("107000.53"));
        assert_eq!(read("人民币壹亿壹仟元整"), dec("100001000"));
        assert_eq!(read("人民币壹仟肆佰零玖元伍角"), dec("1409.50"));
        assert_eq!(read("壹佰圆正"), dec("100"));
        assert_eq!(read("拾万元整"), dec("100000"));
        assert_eq!(read("美元壹仟元整"), dec("1000"));
        assert_eq!(read(" 人民币零元整 "), dec("0"));
        assert_eq!(read("人民币零元伍角"), dec("0.5"));
        assert_eq!(read("人民币伍分"), dec("0.05"));
    }

    #[test]
    fn chinese_capitals_that_do_not_read() {
        for s in [
            "",
            "人民币",
            "人民币整",
            "人民币元整",
            "人民币壹仟伍元整",
            "人民币壹仟零零伍元整",
            "人民币壹佰零伍拾元整",
            "人民币壹拾零万元整",
            "人民币壹万零元整",
            "人民币零壹元整",
            "人民币壹元",
            "人民币壹元伍分",
            "人民币壹元零伍角",
            "人民币壹元零整",
            "人民币壹元伍角伍分整",
            "人民币伍分伍角",
            "人民币壹佰壹仟元整",
            "人民币伍伍元整",
            "人民币壹亿壹亿元整",
            "人民币壹万壹亿元整",
            "人民币亿元整",
            "人民币壹亿万元整",
            "人民币壹拾万柒仟元伍角叁分整",
            "人民币一千元整",
            "人民币 壹仟元整",
            "泰铢壹仟元整",
            "人民币壹元整整",
        ] {
            assert!(
                matches!(parse_chinese_capitals(s), Err(WordsError::Malformed(_))),
                "{s}"
            );
        }
    }

    /// Decimal digits with zeros far more frequent than others, to reach the rules on 零.
    fn zero_heavy(len: usize) -> impl Strategy<Value = u64> {
        prop::collection::vec(prop_oneof![3 => Just(0u64), 1 => 1u64..=9], len)
            .prop_map(|digits| digits.into_iter().fold(0, |n, d| n * 10 + d))
    }

    fn english_round_trip(minor: u64, code: &str) -> Result<(), TestCaseError> {
        let currency = Currency::parse(code).expect("currency");
        let m = Money::from_minor(i64::try_from(minor).expect("fits"), currency);
        let text = amount_in_english(&m).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let (name, amount) = parse_english_amount(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(currency_from_english(&name), Some(currency));
        prop_assert_eq!(amount, m.amount, "{}", text);
        Ok(())
    }

    fn chinese_round_trip(minor: u64) -> Result<(), TestCaseError> {
        let m = Money::from_minor(
            i64::try_from(minor).expect("fits"),
            Currency::parse("CNY").expect("CNY"),
        );
        let text = amount_in_chinese_capitals(&m).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let amount =
            parse_chinese_capitals(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
        prop_assert_eq!(amount, m.amount, "{}", text);
        prop_assert!(
            minor == 0 || !(text.contains("零零") || text.contains("零元")),
            "{}",
            text
        );
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn english_usd_round_trips(minor in 0u64..100_000_000_000 * 100) {
            english_round_trip(minor, "USD")?;
        }

        #[test]
        fn english_jpy_round_trips(minor in 0u64..100_000_000_000) {
            english_round_trip(minor, "JPY")?;
        }

        #[test]
        fn english_kwd_round_trips(minor in 0u64..100_000_000_000 * 1000) {
            english_round_trip(minor, "KWD")?;
        }

        #[test]
        fn english_round_trips_with_many_zeros(minor in zero_heavy(15)) {
            english_round_trip(minor, "KWD")?;
            english_round_trip(minor / 10, "USD")?;
            english_round_trip(minor / 1000, "JPY")?;
        }

        #[test]
        fn chinese_cny_round_trips(minor in 0u64..100_000_000_000 * 100) {
            chinese_round_trip(minor)?;
        }

        #[test]
        fn chinese_round_trips_with_many_zeros(minor in zero_heavy(14)) {
            chinese_round_trip(minor)?;
        }

        #[test]
        fn english_reading_never_panics(s in "(SAY |US |DOLLARS |AND |CENTS |ONE |TWENTY-|NINE |HUNDRED |THOUSAND |MILLION |BILLION |ZERO |ONLY ){0,16}") {
            let _ = parse_english_amount(&s);
        }

        #[test]
        fn chinese_reading_never_panics(s in "[人民币零壹贰玖拾佰仟万亿元圆角分整正]{0,20}") {
            let _ = parse_chinese_capitals(&s);
        }

        #[test]
        fn any_text_is_read_without_panic(s in "\\PC{0,40}") {
            let _ = parse_english_amount(&s);
            let _ = parse_chinese_capitals(&s);
        }
    }
}
