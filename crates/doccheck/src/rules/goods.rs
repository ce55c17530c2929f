//! §2.4 Goods description, classification, origin, trade terms (UCP 600 art. 14(d)–(e),
//! 18(c); ISBP 745/821 C, E, L; WCO HS; Incoterms 2020 A4).
//!
//! # How goods descriptions are compared
//!
//! A description is read into a short list of *attributes*, each with a value; everything
//! else in the text (packing, marks, origin words, "NEW CROP") is ignored. The attributes:
//!
//! | attribute   | read from                                                     | example            |
//! |-------------|---------------------------------------------------------------|--------------------|
//! | commodity   | a word of the commodity list, singular or plural              | APPLES → APPLE     |
//! | general     | a general term: FRUIT(S), VEGETABLE(S)                        | FRESH FRUIT        |
//! | material    | ALUMINIUM/ALUMINUM, STEEL, STAINLESS, COPPER, COTTON, …       | ALUMINIUM PROFILES |
//! | state       | FRESH/CHILLED, FROZEN, DRIED/DEHYDRATED, CANNED, JUICE         | DRIED APPLES       |
//! | variety     | a known cultivar (FUJI, GALA, GRANNY SMITH …) or `VARIETY x`  | VARIETY FUJI       |
//! | grade       | `GRADE x`, `CLASS x`, `x GRADE` (I = 1, FIRST = 1 …)           | GRADE A            |
//! | size        | `SIZE …`, `SIZES …`, `CALIBRE …`, `COUNT …` (80/100 = 80-100)  | SIZE 80-100        |
//! | alloy       | four digits 1xxx–8xxx with `AA`/`AL` prefix, a temper, `ALLOY`, or any four digits in a metal description | 6063-T5 |
//! | temper      | `T5`, `T6`, `H14` … after an alloy or on their own in a metal description | 6063-T5 → T5 |
//! | composition | `nn% MATERIAL`                                                | 100% COTTON        |
//!
//! A *general term* is compatible with every commodity of its class (FRESH FRUIT with Fuji
//! apples); a description that leaves an attribute out is compatible with any value of it
//! (ALUMINIUM PROFILES with 6063-T5 profiles). Two descriptions conflict when both state an
//! attribute and one states a value the other does not have (PEARS vs APPLES, GALA vs FUJI,
//! 6061 vs 6063, DRIED vs FRESH, VEGETABLES vs apples, STEEL vs ALUMINIUM). For INV-DESC-LC
//! a material the invoice adds to the credit's is extra data, not a contradiction
//! (STAINLESS STEEL for STEEL); a material the credit names must still be on the invoice.
//!
//! Words in a packing phrase (from PACKED / PACKING up to the next comma) are not read as
//! goods, nor its attribute keywords ("PACKED IN ALUMINIUM FOIL BAGS", "PACKED IN FOOD GRADE
//! CARTONS"); `CLASS` after IMO/IMDG is not a grade; a grade is short (≤ 3 characters), a
//! roman numeral, a number or a grade word (EXTRA, FIRST …); `COUNT` after STOW/LOAD/AND
//! (the carrier's tally) and `SIZE` after CONTAINER are not sizes, and a size is digits and
//! range signs only (`1 X 40'RF` is none); four digits before a unit (`1320 PCS`) or after
//! `HS`/`NO.`, or in a dimension (numbers joined by `X`/`×`/`*` ending in a unit of length:
//! `1.0 X 1250 X 2500 MM`), are not an alloy, and once a description states an alloy
//! explicitly (ALLOY, an `AA` prefix, a temper) bare four-digit numbers are ignored. The
//! lexicon is one `match` in [`lookup`]; extend it there.

use gendan_domain::document_set::Incoterm as TradeTerm;
use gendan_domain::incoterm::Incoterm;

use crate::text::norm;
use crate::{Ctx, Hit, Outcome, Rule, Severity, not_applicable};

// ---------------------------------------------------------------------------------------
// Reading a description.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Commodity,
    General,
    Material,
    State,
    Variety,
    Grade,
    Size,
    Alloy,
    Temper,
    Composition,
    /// Four digits in a text not yet known to describe metal (resolved at the end).
    BareAlloy,
    /// `T5`, `H14` … in a text not yet known to describe metal.
    BareTemper,
}

impl Kind {
    const ORDER: [Kind; 10] = [
        Kind::Commodity,
        Kind::General,
        Kind::Material,
        Kind::State,
        Kind::Variety,
        Kind::Grade,
        Kind::Size,
        Kind::Alloy,
        Kind::Temper,
        Kind::Composition,
    ];

    fn en(self) -> &'static str {
        match self {
            Kind::Commodity => "commodity",
            Kind::General => "general term",
            Kind::Material => "material",
            Kind::State => "state",
            Kind::Variety => "variety",
            Kind::Grade => "grade",
            Kind::Size => "size",
            Kind::Alloy | Kind::BareAlloy => "alloy",
            Kind::Temper | Kind::BareTemper => "temper",
            Kind::Composition => "composition",
        }
    }

    fn zh(self) -> &'static str {
        match self {
            Kind::Commodity => "品名",
            Kind::General => "类别",
            Kind::Material => "材质",
            Kind::State => "加工状态",
            Kind::Variety => "品种",
            Kind::Grade => "等级",
            Kind::Size => "规格",
            Kind::Alloy | Kind::BareAlloy => "合金牌号",
            Kind::Temper | Kind::BareTemper => "热处理状态",
            Kind::Composition => "成分",
        }
    }
}

/// One attribute value: `key` is what is compared (canonical for list words, else the text
/// as written), `shown` the text as written, `class` the commodity's class (`FRUIT`).
#[derive(Debug, Clone, Copy)]
struct Item<'a> {
    kind: Kind,
    key: &'a str,
    shown: &'a str,
    class: &'static str,
}

/// What a word is, for reading descriptions. One `match` on the upper-cased word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    Other,
    /// (commodity, class).
    Commodity(&'static str, &'static str),
    /// A general term and the class it covers.
    General(&'static str),
    /// (material, is a metal).
    Material(&'static str, bool),
    State(&'static str),
    Variety(&'static str),
    /// The first word of a two-word cultivar (GRANNY SMITH, RED DELICIOUS …).
    VarietyHead,
    VarietyKw,
    GradeKw,
    SizeKw,
    AlloyKw,
    TemperKw,
    PackingKw,
}

impl Lex {
    fn is_keyword(self) -> bool {
        matches!(
            self,
            Lex::VarietyKw | Lex::GradeKw | Lex::SizeKw | Lex::AlloyKw | Lex::TemperKw
        )
    }
}

/// The word upper-cased into `buf` (ASCII; longer words are not in the lexicon).
fn upper<'b>(w: &str, buf: &'b mut [u8; 16]) -> &'b [u8] {
    let b = w.as_bytes();
    if b.len() > buf.len() {
        return &[];
    }
    for (d, s) in buf.iter_mut().zip(b) {
        *d = s.to_ascii_uppercase();
    }
    &buf[..b.len()]
}

fn lex(w: &str) -> Lex {
    let mut buf = [0u8; 16];
    lookup(upper(w, &mut buf))
}

/// The lexicon: commodities (singular and plural) with their class, general terms,
/// materials, states, cultivars and the keywords that introduce an attribute.
fn lookup(u: &[u8]) -> Lex {
    use Lex::*;
    const F: &str = "FRUIT";
    const V: &str = "VEGETABLE";
    const N: &str = "NUT";
    const M: &str = "METAL";
    match u {
        b"APPLE" | b"APPLES" => Commodity("APPLE", F),
        b"PEAR" | b"PEARS" => Commodity("PEAR", F),
        b"ORANGE" | b"ORANGES" => Commodity("ORANGE", F),
        b"MANDARIN" | b"MANDARINS" | b"TANGERINE" | b"TANGERINES" => Commodity("MANDARIN", F),
        b"LEMON" | b"LEMONS" => Commodity("LEMON", F),
        b"GRAPEFRUIT" | b"GRAPEFRUITS" => Commodity("GRAPEFRUIT", F),
        b"POMELO" | b"POMELOS" => Commodity("POMELO", F),
        b"GRAPE" | b"GRAPES" => Commodity("GRAPE", F),
        b"KIWI" | b"KIWIS" | b"KIWIFRUIT" | b"KIWIFRUITS" => Commodity("KIWIFRUIT", F),
        b"PEACH" | b"PEACHES" => Commodity("PEACH", F),
        b"NECTARINE" | b"NECTARINES" => Commodity("NECTARINE", F),
        b"PLUM" | b"PLUMS" => Commodity("PLUM", F),
        b"CHERRY" | b"CHERRIES" => Commodity("CHERRY", F),
        b"BANANA" | b"BANANAS" => Commodity("BANANA", F),
        b"MANGO" | b"MANGOS" | b"MANGOES" => Commodity("MANGO", F),
        b"PINEAPPLE" | b"PINEAPPLES" => Commodity("PINEAPPLE", F),
        b"STRAWBERRY" | b"STRAWBERRIES" => Commodity("STRAWBERRY", F),
        b"PERSIMMON" | b"PERSIMMONS" => Commodity("PERSIMMON", F),
        b"GARLIC" => Commodity("GARLIC", V),
        b"GINGER" => Commodity("GINGER", V),
        b"ONION" | b"ONIONS" => Commodity("ONION", V),
        b"POTATO" | b"POTATOES" => Commodity("POTATO", V),
        b"CARROT" | b"CARROTS" => Commodity("CARROT", V),
        b"CABBAGE" | b"CABBAGES" => Commodity("CABBAGE", V),
        b"TOMATO" | b"TOMATOES" => Commodity("TOMATO", V),
        b"MUSHROOM" | b"MUSHROOMS" => Commodity("MUSHROOM", V),
        b"WALNUT" | b"WALNUTS" => Commodity("WALNUT", N),
        b"PEANUT" | b"PEANUTS" => Commodity("PEANUT", N),
        b"CHESTNUT" | b"CHESTNUTS" => Commodity("CHESTNUT", N),
        b"ALMOND" | b"ALMONDS" => Commodity("ALMOND", N),
        b"PROFILE" | b"PROFILES" | b"EXTRUSION" | b"EXTRUSIONS" => Commodity("PROFILE", M),
        b"SHEET" | b"SHEETS" => Commodity("SHEET", M),
        b"PLATE" | b"PLATES" => Commodity("PLATE", M),
        b"COIL" | b"COILS" => Commodity("COIL", M),
        b"FOIL" | b"FOILS" => Commodity("FOIL", M),
        b"PIPE" | b"PIPES" | b"TUBE" | b"TUBES" => Commodity("TUBE", M),
        b"BAR" | b"BARS" => Commodity("BAR", M),
        b"ROD" | b"RODS" => Commodity("ROD", M),
        b"WIRE" | b"WIRES" => Commodity("WIRE", M),
        b"FRUIT" | b"FRUITS" => General(F),
        b"VEGETABLE" | b"VEGETABLES" => General(V),
        b"ALUMINIUM" | b"ALUMINUM" => Material("ALUMINIUM", true),
        b"STEEL" => Material("STEEL", true),
        b"STAINLESS" => Material("STAINLESS", true),
        b"CARBON" => Material("CARBON", true),
        b"COPPER" => Material("COPPER", true),
        b"BRASS" => Material("BRASS", true),
        b"ZINC" => Material("ZINC", true),
        b"IRON" => Material("IRON", true),
        b"TITANIUM" => Material("TITANIUM", true),
        b"COTTON" => Material("COTTON", false),
        b"POLYESTER" => Material("POLYESTER", false),
        b"NYLON" => Material("NYLON", false),
        b"WOOL" => Material("WOOL", false),
        b"SILK" => Material("SILK", false),
        b"LINEN" => Material("LINEN", false),
        b"SPANDEX" | b"ELASTANE" => Material("ELASTANE", false),
        b"VISCOSE" | b"RAYON" => Material("VISCOSE", false),
        b"ACRYLIC" => Material("ACRYLIC", false),
        b"FRESH" | b"CHILLED" => State("FRESH"),
        b"FROZEN" => State("FROZEN"),
        b"DRIED" | b"DEHYDRATED" => State("DRIED"),
        b"CANNED" => State("CANNED"),
        b"JUICE" => State("JUICE"),
        b"FUJI" => Variety("FUJI"),
        b"GALA" => Variety("GALA"),
        b"HONEYCRISP" => Variety("HONEYCRISP"),
        b"BRAEBURN" => Variety("BRAEBURN"),
        b"JONAGOLD" => Variety("JONAGOLD"),
        b"ELSTAR" => Variety("ELSTAR"),
        b"AMBROSIA" => Variety("AMBROSIA"),
        b"QINGUAN" => Variety("QINGUAN"),
        b"HUANIU" => Variety("HUANIU"),
        b"YA" => Variety("YA"),
        b"WILLIAMS" => Variety("WILLIAMS"),
        b"PACKHAM" => Variety("PACKHAM"),
        b"NAVEL" => Variety("NAVEL"),
        b"VALENCIA" => Variety("VALENCIA"),
        b"HAYWARD" => Variety("HAYWARD"),
        b"KYOHO" => Variety("KYOHO"),
        b"PONKAN" => Variety("PONKAN"),
        b"NANFENG" => Variety("NANFENG"),
        b"GRANNY" | b"RED" | b"GOLDEN" | b"PINK" | b"ROYAL" | b"CROWN" => VarietyHead,
        b"VARIETY" | b"VARIETIES" | b"VAR" | b"CULTIVAR" | b"CV" => VarietyKw,
        b"GRADE" | b"CLASS" => GradeKw,
        b"SIZE" | b"SIZES" | b"CALIBRE" | b"CALIBER" | b"COUNT" => SizeKw,
        b"ALLOY" => AlloyKw,
        b"TEMPER" => TemperKw,
        b"PACKED" | b"PACKING" | b"PACKAGED" | b"PACKAGING" => PackingKw,
        _ => Other,
    }
}

/// Cultivars written in two words, and the variety they are (ROYAL GALA is a Gala).
fn variety2(a: &str, b: &str) -> Option<&'static str> {
    let (mut x, mut y) = ([0u8; 16], [0u8; 16]);
    Some(match (upper(a, &mut x), upper(b, &mut y)) {
        (b"GRANNY", b"SMITH") => "GRANNY SMITH",
        (b"RED", b"DELICIOUS") => "RED DELICIOUS",
        (b"GOLDEN", b"DELICIOUS") => "GOLDEN DELICIOUS",
        (b"PINK", b"LADY") => "PINK LADY",
        (b"ROYAL", b"GALA") => "GALA",
        (b"RED", b"FUJI") => "FUJI",
        (b"RED", b"GLOBE") => "RED GLOBE",
        (b"CROWN", b"PEAR" | b"PEARS") => "CROWN",
        _ => return None,
    })
}

/// Units that make a four-digit number a quantity, not an alloy.
const UNITS: &[&str] = &[
    "KG", "KGS", "MT", "MTS", "TON", "TONS", "PCS", "PIECES", "CARTONS", "CTNS", "BUNDLES", "BDLS", "SETS",
    "M", "MM", "METERS", "METRES", "LBS", "UNITS", "BOXES", "PALLETS", "BAGS",
];
const NUMBER_WORDS: &[&str] = &["HS", "NO", "NUMBER", "CODE", "CONTRACT", "ORDER", "PO"];
/// `CLASS` after these is a dangerous-goods class, not a grade.
const HAZARD_WORDS: &[&str] = &["IMO", "IMDG", "DG", "HAZARD", "UN"];
/// Words that may stand before `GRADE` as the grade ("EXTRA CLASS", "FIRST GRADE"), besides
/// short tokens (`A`, `I`, `1`).
const GRADE_BEFORE: &[&str] = &["EXTRA", "FIRST", "SECOND", "THIRD", "PREMIUM", "SUPERIOR"];

const BOUNDARY: &str = ",";

fn is_any(w: &str, list: &[&str]) -> bool {
    list.iter().any(|k| w.eq_ignore_ascii_case(k))
}

/// Split a description into words and boundaries (`,`; `;`, brackets, quotes give one
/// boundary). Words keep letters, digits, `-`, `/`, `%`, `'` and a decimal point.
fn tokenize<'a>(s: &'a str, out: &mut Vec<&'a str>) {
    let b = s.as_bytes();
    let mut start: Option<usize> = None;
    for (i, &c) in b.iter().enumerate() {
        let word = c.is_ascii_alphanumeric()
            || c >= 0x80
            || matches!(c, b'-' | b'/' | b'%' | b'\'')
            || (c == b'.'
                && i > 0
                && b[i - 1].is_ascii_digit()
                && b.get(i + 1).is_some_and(u8::is_ascii_digit));
        if word {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(st) = start.take() {
            out.push(&s[st..i]);
        }
        // `*` joins the numbers of a dimension (`1.0*1250*2500 MM`), like `X`.
        if c == b'*' {
            out.push(&s[i..=i]);
            continue;
        }
        if matches!(c, b',' | b';' | b'(' | b')' | b'[' | b']' | b'"')
            && out.last().is_some_and(|l| *l != BOUNDARY)
        {
            out.push(BOUNDARY);
        }
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
}

/// The text from the start of token `a` to the end of token `b` (both slices of `s`).
fn span<'a>(s: &'a str, a: &'a str, b: &'a str) -> &'a str {
    let base = s.as_ptr() as usize;
    let start = a.as_ptr() as usize - base;
    let end = b.as_ptr() as usize - base + b.len();
    &s[start..end]
}

/// `6063`, `6063-T5`, `6063T5`, `AA6063`, `AL6063-T6`, `AW-6063`: (alloy, temper, the
/// token says by itself that it is an alloy).
fn alloy_token(w: &str) -> Option<(&str, Option<&str>, bool)> {
    let mut core = w;
    let mut prefixed = false;
    for p in ["AA", "AL", "AW-", "AW"] {
        // `get`: the prefix's length may fall inside a multi-byte character (`铝6063`).
        if core.len() > p.len() && core.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)) {
            core = &core[p.len()..];
            prefixed = true;
            break;
        }
    }
    let b = core.as_bytes();
    if b.len() < 4 || !b[..4].iter().all(u8::is_ascii_digit) || !(b'1'..=b'8').contains(&b[0]) {
        return None;
    }
    let alloy = &core[..4];
    let rest = core[4..].strip_prefix('-').unwrap_or(&core[4..]);
    if rest.is_empty() {
        return Some((alloy, None, prefixed));
    }
    temper_token(rest).then_some((alloy, Some(rest), true))
}

/// `T5`, `T6`, `T66`, `H14`, `O`, `F`.
fn temper_token(w: &str) -> bool {
    let b = w.as_bytes();
    match b.first().map(u8::to_ascii_uppercase) {
        Some(b'O' | b'F') if b.len() == 1 => true,
        Some(b'T' | b'H') => b.len() >= 2 && b.len() <= 4 && b[1..].iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

/// `65%` → `65`.
fn percent(w: &str) -> Option<&str> {
    let p = w.strip_suffix('%')?;
    (!p.is_empty() && p.bytes().all(|c| c.is_ascii_digit() || c == b'.')).then_some(p)
}

fn grade_key(w: &str) -> &str {
    const MAP: [(&str, &str); 8] = [
        ("I", "1"),
        ("II", "2"),
        ("III", "3"),
        ("FIRST", "1"),
        ("SECOND", "2"),
        ("THIRD", "3"),
        ("ONE", "1"),
        ("TWO", "2"),
    ];
    MAP.iter()
        .find(|(a, _)| w.eq_ignore_ascii_case(a))
        .map_or(w, |(_, k)| k)
}

/// A range sign between two sizes (`80-100`, `80/100`, `80 TO 100`).
fn range_sign(w: &str) -> bool {
    is_any(w, &["-", "/", "TO"])
}

/// A size token: digits and range signs only (`80-100`, `80/100`, `-`, `TO`); `40'RF`,
/// `MM` or a word end the size.
fn sizeish(w: &str) -> bool {
    w != BOUNDARY
        && (range_sign(w)
            || (w.bytes().any(|c| c.is_ascii_digit())
                && w.bytes()
                    .all(|c| c.is_ascii_digit() || matches!(c, b'-' | b'/' | b'.'))))
}

/// `COUNT` after these is the carrier's tally ("SHIPPER'S LOAD, STOW AND COUNT"), not a size.
const TALLY_WORDS: &[&str] = &["STOW", "LOAD", "AND"];
/// `SIZE` after these is the container's size, not the goods'.
const CONTAINER_WORDS: &[&str] = &["CONTAINER", "CONTAINERS", "CNTR", "CNTRS", "CTNR"];

/// Words that are a grade by themselves ("GRADE EXTRA", "FIRST GRADE").
const GRADE_WORDS: &[&str] = &["ONE", "TWO", "THREE"];

/// A grade value: short (`A`, `AA`, `1A`, `III`), a roman numeral, a number, or a known
/// grade word; not a word of the description (`FOOD GRADE CARTONS`).
fn grade_value(w: &str) -> bool {
    w != BOUNDARY
        && (w.chars().count() <= 3
            || w.bytes()
                .all(|c| matches!(c.to_ascii_uppercase(), b'I' | b'V' | b'X'))
            || w.bytes().all(|c| c.is_ascii_digit())
            || is_any(w, GRADE_BEFORE)
            || is_any(w, GRADE_WORDS))
}

/// Units of length that end a dimension (`1.0 X 1250 X 2500 MM`).
const LENGTH_UNITS: &[&str] = &[
    "MM", "CM", "M", "MTR", "MTRS", "METER", "METERS", "METRE", "METRES", "IN", "INCH", "INCHES", "FT",
];

/// A number in a dimension, and whether a length unit is written onto it (`2500MM`).
fn dim_number(w: &str) -> Option<bool> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = &w[digits.len()..];
    let number = !digits.is_empty()
        && digits.bytes().any(|c| c.is_ascii_digit())
        && digits.bytes().all(|c| c.is_ascii_digit() || c == b'.');
    if !number {
        return None;
    }
    if unit.is_empty() {
        Some(false)
    } else {
        is_any(unit, LENGTH_UNITS).then_some(true)
    }
}

/// Marks the tokens of dimensions: numbers joined by `X`, `×` or `*` ending in a unit of
/// length (`1.0 X 1250 X 2500 MM`, `1250*2500MM`). Their numbers are not alloys.
fn mark_dimensions(t: &[&str], from: usize, dims: &mut Vec<bool>) {
    dims.clear();
    dims.resize(t.len(), false);
    let is_sep = |w: &str| is_any(w, &["X", "*", "×"]);
    let mut i = from;
    while i < t.len() {
        let Some(mut unit) = dim_number(t[i]) else {
            i += 1;
            continue;
        };
        let mut j = i;
        while j + 2 < t.len()
            && is_sep(t[j + 1])
            && let Some(u) = dim_number(t[j + 2])
        {
            j += 2;
            unit = u;
        }
        let mut end = j;
        if !unit && t.get(j + 1).is_some_and(|w| is_any(w, LENGTH_UNITS)) {
            unit = true;
            end = j + 1;
        }
        if j > i && unit {
            dims[i..=end].iter_mut().for_each(|d| *d = true);
            i = end + 1;
        } else {
            i += 1;
        }
    }
}

/// A goods description (or several) read into attributes.
#[derive(Default)]
struct Attrs<'a> {
    tokens: Vec<&'a str>,
    items: Vec<Item<'a>>,
}

impl<'a> Attrs<'a> {
    fn of(text: &'a str) -> Attrs<'a> {
        let mut a = Attrs::default();
        a.add(text);
        a.resolve();
        a
    }

    fn of_all(texts: impl IntoIterator<Item = &'a str>) -> Attrs<'a> {
        let mut a = Attrs::default();
        for t in texts {
            a.add(t);
        }
        a.resolve();
        a
    }

    fn push(&mut self, kind: Kind, key: &'a str, shown: &'a str, class: &'static str) {
        if !self
            .items
            .iter()
            .any(|i| i.kind == kind && same_value(i.key, key))
        {
            self.items.push(Item {
                kind,
                key,
                shown,
                class,
            });
        }
    }

    fn add(&mut self, text: &'a str) {
        let first = self.tokens.len();
        if first > 0 {
            self.tokens.push(BOUNDARY);
        }
        tokenize(text, &mut self.tokens);
        let t = std::mem::take(&mut self.tokens);
        let n = t.len();
        let mut dims = Vec::new();
        mark_dimensions(&t, first, &mut dims);
        let mut i = first;
        // Inside a packing phrase ("PACKED IN ALUMINIUM FOIL BAGS") up to the next boundary,
        // list words describe the packing, not the goods.
        let mut packing = false;
        while i < n {
            let w = t[i];
            if w == BOUNDARY {
                packing = false;
                i += 1;
                continue;
            }
            let next = t.get(i + 1).copied().filter(|x| *x != BOUNDARY);
            let prev = (i > first).then(|| t[i - 1]).filter(|x| *x != BOUNDARY);
            let kind = lex(w);
            match kind {
                Lex::PackingKw => packing = true,
                // "PACKED IN FOOD GRADE CARTONS": the packing's attributes, not the goods'.
                k if packing && k.is_keyword() => {}
                Lex::VarietyHead => {
                    if let Some(nx) = next
                        && let Some(v) = variety2(w, nx)
                    {
                        self.push(Kind::Variety, v, span(text, w, nx), "");
                        i += 2;
                        continue;
                    }
                }
                Lex::VarietyKw => {
                    let mut j = i + 1;
                    while j < n && t[j] != BOUNDARY && !lex(t[j]).is_keyword() {
                        j += 1;
                    }
                    if j > i + 1 {
                        let phrase = span(text, t[i + 1], t[j - 1]);
                        let mut known = None;
                        for &x in &t[i + 1..j] {
                            match lex(x) {
                                Lex::Variety(v) if known.is_none() => known = Some(v),
                                // Commodity words inside the phrase still count
                                // ("VARIETY FUJI APPLES").
                                Lex::Commodity(c, cl) => self.push(Kind::Commodity, c, x, cl),
                                _ => {}
                            }
                        }
                        self.push(Kind::Variety, known.unwrap_or(phrase), phrase, "");
                    }
                    i = j;
                    continue;
                }
                Lex::GradeKw if !prev.is_some_and(|p| is_any(p, HAZARD_WORDS)) => {
                    if let Some(nx) = next.filter(|x| !lex(x).is_keyword() && grade_value(x)) {
                        self.push(Kind::Grade, grade_key(nx), nx, "");
                        i += 2;
                        continue;
                    }
                    if let Some(p) = prev.filter(|p| grade_value(p)) {
                        self.push(Kind::Grade, grade_key(p), p, "");
                    }
                }
                Lex::SizeKw
                    if !prev.is_some_and(|p| {
                        (w.eq_ignore_ascii_case("COUNT") && is_any(p, TALLY_WORDS))
                            || is_any(p, CONTAINER_WORDS)
                    }) =>
                {
                    let mut j = i + 1;
                    while j < n && sizeish(t[j]) {
                        j += 1;
                    }
                    let end = j;
                    while j > i + 1 && range_sign(t[j - 1]) {
                        j -= 1;
                    }
                    if j > i + 1 {
                        let v = span(text, t[i + 1], t[j - 1]);
                        self.push(Kind::Size, v, v, "");
                    }
                    i = end;
                    continue;
                }
                Lex::TemperKw => {
                    if let Some(nx) = next.filter(|x| temper_token(x)) {
                        self.push(Kind::Temper, nx, nx, "");
                        i += 2;
                        continue;
                    }
                }
                Lex::AlloyKw => {
                    if let Some((al, tp, _)) = next.and_then(alloy_token) {
                        self.push(Kind::Alloy, al, al, "");
                        if let Some(tp) = tp {
                            self.push(Kind::Temper, tp, tp, "");
                        }
                        i += 2;
                        continue;
                    }
                }
                Lex::Variety(v) => self.push(Kind::Variety, v, w, ""),
                _ if packing => {}
                Lex::Commodity(c, cl) => self.push(Kind::Commodity, c, w, cl),
                Lex::General(cl) => self.push(Kind::General, cl, w, cl),
                Lex::Material(m, metal) => self.push(Kind::Material, m, w, if metal { "METAL" } else { "" }),
                Lex::State(st) => self.push(Kind::State, st, w, ""),
                // Dimensions (`1.0 X 1250 X 2500 MM`) are not alloys.
                _ if dims[i] => {}
                _ => {
                    if let Some((al, tp, definite)) = alloy_token(w) {
                        let quantity = next.is_some_and(|x| is_any(x, UNITS))
                            || prev.is_some_and(|x| is_any(x, NUMBER_WORDS));
                        let definite = definite || next.is_some_and(|x| lex(x) == Lex::AlloyKw);
                        if definite {
                            self.push(Kind::Alloy, al, al, "");
                        } else if !quantity {
                            self.push(Kind::BareAlloy, al, al, "");
                        }
                        if let Some(tp) = tp {
                            self.push(Kind::Temper, tp, tp, "");
                        }
                    } else if temper_token(w) && w.len() > 1 {
                        self.push(Kind::BareTemper, w, w, "");
                    } else if percent(w).is_some()
                        && let Some(nx) = next
                        && matches!(lex(nx), Lex::Material(_, false))
                    {
                        // `65% COTTON`; the fibre is read as a material too (next word).
                        let v = span(text, w, nx);
                        self.push(Kind::Composition, v, v, "");
                    }
                }
            }
            i += 1;
        }
        self.tokens = t;
    }

    /// Several descriptions read as one (the lines of an invoice), from their readings.
    fn merged(parts: &[Attrs<'a>]) -> Attrs<'a> {
        let mut a = Attrs::default();
        for p in parts {
            if !a.tokens.is_empty() {
                a.tokens.push(BOUNDARY);
            }
            a.tokens.extend_from_slice(&p.tokens);
            for it in &p.items {
                a.push(it.kind, it.key, it.shown, it.class);
            }
        }
        a
    }

    /// Four digits and `T5` count as alloy and temper only in a description of metal; once
    /// the description states an alloy explicitly (`ALLOY 6063`, `AA6063`, `6063-T5`), bare
    /// four-digit numbers are not read as alloys.
    fn resolve(&mut self) {
        let metal = self
            .items
            .iter()
            .any(|i| i.class == "METAL" || matches!(i.kind, Kind::Alloy | Kind::Temper));
        let explicit_alloy = self.has(Kind::Alloy);
        self.items.retain_mut(|i| match i.kind {
            Kind::BareAlloy | Kind::BareTemper if !metal => false,
            Kind::BareAlloy if explicit_alloy => false,
            Kind::BareAlloy => {
                i.kind = Kind::Alloy;
                true
            }
            Kind::BareTemper => {
                i.kind = Kind::Temper;
                true
            }
            _ => true,
        });
    }

    fn of_kind(&self, k: Kind) -> impl Iterator<Item = &Item<'a>> {
        self.items.iter().filter(move |i| i.kind == k)
    }

    fn has(&self, k: Kind) -> bool {
        self.of_kind(k).next().is_some()
    }

    fn has_value(&self, k: Kind, key: &str) -> bool {
        self.of_kind(k).any(|i| same_value(i.key, key))
    }

    /// The classes this description names: its commodities' and its general terms.
    fn has_class(&self, class: &str) -> bool {
        self.items
            .iter()
            .any(|i| matches!(i.kind, Kind::Commodity | Kind::General) && i.class == class)
    }

    fn has_any_class(&self) -> bool {
        self.items
            .iter()
            .any(|i| matches!(i.kind, Kind::Commodity | Kind::General) && !i.class.is_empty())
    }

    /// The words of `phrase` appear one after the other somewhere in the description.
    fn mentions(&self, phrase: &str) -> bool {
        let words: Vec<&str> = phrase.split_whitespace().collect();
        !words.is_empty()
            && self
                .tokens
                .windows(words.len())
                .any(|w| w.iter().zip(&words).all(|(a, b)| a.eq_ignore_ascii_case(b)))
    }

    /// The composition entry for the same material (`65% COTTON` for `COTTON`).
    fn composition_of(&self, material: &str) -> Option<&Item<'a>> {
        self.of_kind(Kind::Composition)
            .find(|i| same_value(comp_material(i.key), material))
    }

    /// This description (the reference) accepts a value another document states: the
    /// reference says nothing on the attribute, or states the same value (a class for a
    /// general term).
    fn accepts(&self, item: &Item) -> bool {
        match item.kind {
            Kind::General => !self.has_any_class() || self.has_class(item.class),
            Kind::Variety => {
                !self.has(Kind::Variety) || self.has_value(Kind::Variety, item.key) || self.mentions(item.key)
            }
            Kind::Composition => {
                !self.has(Kind::Composition)
                    || self
                        .composition_of(comp_material(item.key))
                        .is_some_and(|c| same_value(comp_pct(c.key), comp_pct(item.key)))
            }
            k => !self.has(k) || self.has_value(k, item.key),
        }
    }

    /// This description (an invoice) states a value the reference requires.
    fn states(&self, item: &Item) -> bool {
        match item.kind {
            Kind::General => self.has_class(item.class),
            Kind::Variety => self.has_value(Kind::Variety, item.key) || self.mentions(item.key),
            Kind::Composition => self
                .composition_of(comp_material(item.key))
                .is_some_and(|c| same_value(comp_pct(c.key), comp_pct(item.key))),
            k => self.has_value(k, item.key),
        }
    }

    /// The values of one attribute, as written, for messages.
    fn shown(&self, k: Kind) -> String {
        let mut s = String::new();
        for i in self.of_kind(k) {
            if !s.is_empty() {
                s.push_str(" / ");
            }
            s.push_str(i.shown);
        }
        s
    }
}

fn comp_pct(key: &str) -> &str {
    key.split_whitespace().next().unwrap_or("").trim_end_matches('%')
}

fn comp_material(key: &str) -> &str {
    key.split_whitespace().nth(1).unwrap_or("")
}

/// The bytes of a value as compared: upper case, spaces left out, `/` read as `-`, the
/// word `TO` read as `-` (`80/100` = `80 - 100` = `80 TO 100`).
fn canon(v: &str) -> impl Iterator<Item = u8> + '_ {
    v.split_ascii_whitespace()
        .flat_map(|w| {
            if w.eq_ignore_ascii_case("TO") {
                &b"-"[..]
            } else {
                w.as_bytes()
            }
        })
        .map(|&c| if c == b'/' { b'-' } else { c.to_ascii_uppercase() })
}

fn same_value(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || canon(a).eq(canon(b))
}

fn list(items: &[&Item]) -> String {
    let mut s = String::new();
    for i in items {
        if !s.is_empty() {
            s.push_str(", ");
        }
        s.push_str(i.kind.en());
        s.push(' ');
        s.push_str(i.shown);
    }
    s
}

fn list_zh(items: &[&Item]) -> String {
    let mut s = String::new();
    for i in items {
        if !s.is_empty() {
            s.push('，');
        }
        s.push_str(i.kind.zh());
        s.push(' ');
        s.push_str(i.shown);
    }
    s
}

// ---------------------------------------------------------------------------------------
// INV-DESC-LC

/// INV-DESC-LC: the invoice goods description must correspond with the credit's 45A
/// description (without a credit, the contract's): every attribute the credit states
/// (commodity, variety, grade, size, alloy/temper, composition, state, material) must be
/// on the invoice and not be contradicted there; extra data that does not conflict is
/// fine; no mirror image is needed. UCP 600 art. 18(c); ISBP 745 C3–C4.
static INV_DESC_LC: Rule = Rule {
    id: "INV-DESC-LC",
    severity: Severity::Blocking,
    title_en: "Invoice goods description does not correspond with the credit",
    title_zh: "发票货物描述与信用证不符",
    source: "UCP 600 art. 18(c); ISBP 745 C3–C4",
    run: inv_desc_lc,
};

struct Requirement<'a> {
    attrs: Attrs<'a>,
    path: String,
    text: String,
    /// Invoice lines judged against it.
    lines: Vec<usize>,
}

fn inv_desc_lc(cx: &Ctx) -> Outcome {
    let inv = &cx.set.invoice;
    if inv.lines.is_empty() {
        return not_applicable("The invoice has no goods lines.", "发票无货物明细。");
    }
    let mut reqs: Vec<Requirement> = Vec::new();
    let (src_en, src_zh) = match cx
        .lc()
        .map(|lc| lc.goods.description.as_str())
        .filter(|d| !d.trim().is_empty())
    {
        Some(d) => {
            reqs.push(Requirement {
                attrs: Attrs::of(d),
                path: "lc.goods.description".into(),
                text: d.to_string(),
                lines: (0..inv.lines.len()).collect(),
            });
            ("the credit", "信用证")
        }
        None => {
            let c = &cx.set.contract.lines;
            if c.is_empty() {
                return not_applicable(
                    "Neither a credit nor contract lines describe the goods.",
                    "信用证与合同均无货物描述。",
                );
            }
            if c.len() == inv.lines.len() {
                for (i, l) in c.iter().enumerate() {
                    reqs.push(Requirement {
                        attrs: Attrs::of(&l.description),
                        path: format!("contract.lines[{i}].description"),
                        text: l.description.clone(),
                        lines: vec![i],
                    });
                }
            } else {
                reqs.push(Requirement {
                    attrs: Attrs::of_all(c.iter().map(|l| l.description.as_str())),
                    path: "contract.lines[].description".into(),
                    text: c
                        .iter()
                        .map(|l| l.description.as_str())
                        .collect::<Vec<_>>()
                        .join(" / "),
                    lines: (0..inv.lines.len()).collect(),
                });
            }
            ("the contract", "合同")
        }
    };

    let line_attrs: Vec<Attrs> = inv.lines.iter().map(|l| Attrs::of(&l.description)).collect();
    let mut hits = Vec::new();
    for req in &reqs {
        let merged;
        let union = match req.lines.as_slice() {
            &[only] => &line_attrs[only],
            _ => {
                merged = Attrs::merged(&line_attrs);
                &merged
            }
        };
        for kind in Kind::ORDER {
            if !req.attrs.has(kind) {
                continue;
            }
            let mut contradicted = false;
            if kind != Kind::Material {
                for &li in &req.lines {
                    let extra: Vec<&Item> = line_attrs[li]
                        .of_kind(kind)
                        .filter(|i| !req.attrs.accepts(i))
                        .collect();
                    if extra.is_empty() {
                        continue;
                    }
                    contradicted = true;
                    let want = req.attrs.shown(kind);
                    hits.push(
                        Hit::new(
                            format!(
                                "Invoice line {} states {} where {src_en} states {} {want} (\"{}\").",
                                li + 1,
                                list(&extra),
                                kind.en(),
                                req.text
                            ),
                            format!(
                                "发票第 {} 行显示{}，而{src_zh}规定{} {want}（“{}”）。",
                                li + 1,
                                list_zh(&extra),
                                kind.zh(),
                                req.text
                            ),
                        )
                        .field(
                            format!("invoice.lines[{li}].description"),
                            Some(&inv.lines[li].description),
                        )
                        .field(req.path.as_str(), Some(&req.text)),
                    );
                }
            }
            if contradicted {
                continue;
            }
            let missing: Vec<&Item> = req.attrs.of_kind(kind).filter(|i| !union.states(i)).collect();
            if !missing.is_empty() {
                let mut h = Hit::new(
                    format!(
                        "The invoice does not state {} that {src_en} gives (\"{}\").",
                        list(&missing),
                        req.text
                    ),
                    format!(
                        "发票未显示{src_zh}货物描述中的{}（“{}”）。",
                        list_zh(&missing),
                        req.text
                    ),
                );
                for &li in &req.lines {
                    h = h.field(
                        format!("invoice.lines[{li}].description"),
                        Some(&inv.lines[li].description),
                    );
                }
                hits.push(h.field(req.path.as_str(), Some(&req.text)));
            }
        }
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// INV-TITLE

/// INV-TITLE: an invoice titled "PROFORMA", "PRO-FORMA" (or "PRO FORMA") or "PROVISIONAL"
/// is not a commercial invoice. ISBP 745 C1(a).
static INV_TITLE: Rule = Rule {
    id: "INV-TITLE",
    severity: Severity::Blocking,
    title_en: "Pro-forma or provisional invoice",
    title_zh: "发票为形式发票或临时发票",
    source: "ISBP 745 C1(a)",
    run: inv_title,
};

fn inv_title(cx: &Ctx) -> Outcome {
    let Some(title) = cx.set.invoice.title.as_deref().filter(|t| !t.trim().is_empty()) else {
        return not_applicable("The invoice shows no title.", "发票未显示名称。");
    };
    let t = norm(title);
    let bad = ["PROFORMA", "PRO-FORMA", "PRO FORMA", "PROVISIONAL"]
        .into_iter()
        .find(|w| t.contains(w));
    let mut hits = Vec::new();
    if let Some(w) = bad {
        hits.push(
            Hit::new(
                format!("The invoice is titled \"{title}\": a {w} invoice is not acceptable."),
                format!("发票名称为“{title}”，形式发票/临时发票（{w}）不能接受。"),
            )
            .field("invoice.title", Some(title)),
        );
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// X-GOODS-CONFLICT

/// X-GOODS-CONFLICT: the goods description on the B/L, packing list, certificate of
/// origin, phytosanitary certificate (name of produce) and shipping advice must not
/// conflict with the invoice. General terms are allowed ("FRESH FRUIT" for Fuji apples,
/// "ALUMINIUM PROFILES" for 6063-T5 profiles); a different commodity or a contradicting
/// attribute (PEARS vs APPLES, 6061 vs 6063, GALA vs FUJI) fires. The insurance
/// certificate carries no goods description in the interchange format. UCP 600 art.
/// 14(d), 14(e); ISBP L4.
static GOODS_CONFLICT: Rule = Rule {
    id: "X-GOODS-CONFLICT",
    severity: Severity::Blocking,
    title_en: "Goods description conflicts with the invoice",
    title_zh: "单据货物描述与发票矛盾",
    source: "UCP 600 art. 14(d), 14(e); ISBP 745 L4",
    run: goods_conflict,
};

fn goods_conflict(cx: &Ctx) -> Outcome {
    let set = cx.set;
    let inv = &set.invoice;
    if inv.lines.is_empty() {
        return not_applicable("The invoice has no goods lines.", "发票无货物明细。");
    }
    let reference = Attrs::of_all(inv.lines.iter().map(|l| l.description.as_str()));
    let mut hits = Vec::new();
    let mut any = false;
    let mut check = |path: &dyn Fn() -> String, text: &str| {
        if text.trim().is_empty() {
            return;
        }
        any = true;
        let doc = Attrs::of(text);
        let bad: Vec<&Item> = doc.items.iter().filter(|i| !reference.accepts(i)).collect();
        if bad.is_empty() {
            return;
        }
        let p = path();
        let mut inv_en = String::new();
        let mut inv_zh = String::new();
        for k in Kind::ORDER {
            if bad.iter().any(|b| b.kind == k) {
                // A general term that does not cover the invoiced commodities is answered
                // with those commodities.
                let k = if k == Kind::General && !reference.has(Kind::General) {
                    Kind::Commodity
                } else {
                    k
                };
                let v = reference.shown(k);
                if !inv_en.is_empty() {
                    inv_en.push_str("; ");
                    inv_zh.push('；');
                }
                inv_en.push_str(&format!("{} {v}", k.en()));
                inv_zh.push_str(&format!("{} {v}", k.zh()));
            }
        }
        hits.push(
            Hit::new(
                format!("{p} \"{text}\" states {} — the invoice has {inv_en}.", list(&bad)),
                format!("{p}“{text}”显示{}，与发票（{inv_zh}）矛盾。", list_zh(&bad)),
            )
            .field(p.as_str(), Some(text))
            .field(
                if inv.lines.len() == 1 {
                    "invoice.lines[0].description"
                } else {
                    "invoice.lines[].description"
                },
                Some(
                    inv.lines
                        .iter()
                        .map(|l| l.description.as_str())
                        .collect::<Vec<_>>()
                        .join(" / "),
                ),
            ),
        );
    };
    for (i, bl) in set.bills_of_lading.iter().enumerate() {
        if let Some(d) = &bl.goods_description {
            check(&|| format!("bills_of_lading[{i}].goods_description"), d);
        }
    }
    if let Some(pl) = &set.packing_list {
        for (i, l) in pl.lines.iter().enumerate() {
            check(&|| format!("packing_list.lines[{i}].description"), &l.description);
        }
    }
    if let Some(co) = &set.certificate_of_origin {
        check(
            &|| "certificate_of_origin.goods_description".into(),
            &co.goods_description,
        );
    }
    if let Some(ph) = &set.phytosanitary_certificate {
        check(
            &|| "phytosanitary_certificate.name_of_produce".into(),
            &ph.name_of_produce,
        );
    }
    if let Some(sa) = &set.shipping_advice
        && let Some(d) = &sa.goods_description
    {
        check(&|| "shipping_advice.goods_description".into(), d);
    }
    if !any {
        return not_applicable(
            "No document other than the invoice describes the goods.",
            "除发票外无其他单据描述货物。",
        );
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// X-HS6

/// X-HS6: the HS codes of the contract, the invoice and the certificate of origin must
/// agree in their first six digits for the same goods line (contract and invoice lines
/// paired by position when they have as many lines; otherwise, and for the certificate's
/// single code, the code must be one of the invoice's). National extensions beyond six
/// digits may differ (China 10 digits, EU 8). A code shorter than six digits (a heading)
/// is compared on the digits it has; fewer than four digits are not a code. The packing
/// list carries no HS code in the interchange format. WCO HS (harmonised at 6 digits);
/// ISBP 745 L4; UCP 600 art. 14(d).
static HS6: Rule = Rule {
    id: "X-HS6",
    severity: Severity::Blocking,
    title_en: "HS codes differ in the first six digits",
    title_zh: "HS编码前六位不一致",
    source: "WCO HS 6-digit level; ISBP 745 L4; UCP 600 art. 14(d)",
    run: hs6,
};

/// The first (up to) six digits of an HS code, and how many there are (≥ 4).
fn hs_digits(code: &str) -> Option<([u8; 6], usize)> {
    let mut d = [0u8; 6];
    let mut n = 0;
    for c in code.bytes().filter(u8::is_ascii_digit) {
        if n == 6 {
            break;
        }
        d[n] = c;
        n += 1;
    }
    (n >= 4).then_some((d, n))
}

fn hs_agree(a: &str, b: &str) -> bool {
    match (hs_digits(a), hs_digits(b)) {
        (Some((x, n)), Some((y, m))) => {
            let k = n.min(m);
            x[..k] == y[..k]
        }
        _ => true,
    }
}

fn hs6(cx: &Ctx) -> Outcome {
    let set = cx.set;
    fn shown(c: &Option<String>) -> Option<&str> {
        c.as_deref().filter(|s| hs_digits(s).is_some())
    }
    let inv: Vec<(usize, &str)> = set
        .invoice
        .lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| shown(&l.hs_code).map(|c| (i, c)))
        .collect();
    let con: Vec<(usize, &str)> = set
        .contract
        .lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| shown(&l.hs_code).map(|c| (i, c)))
        .collect();
    let co = set.certificate_of_origin.as_ref().and_then(|c| shown(&c.hs_code));
    let documents = usize::from(!inv.is_empty()) + usize::from(!con.is_empty()) + usize::from(co.is_some());
    if documents < 2 {
        return not_applicable(
            "Fewer than two of contract, invoice and certificate of origin show an HS code.",
            "合同、发票、原产地证中显示HS编码的不足两份。",
        );
    }
    let mut hits = Vec::new();
    let hit = |a_path: String, a: &str, b_path: String, b: &str| {
        Hit::new(
            format!("HS code {a} ({a_path}) and {b} ({b_path}) differ in the first six digits."),
            format!("HS编码 {a}（{a_path}）与 {b}（{b_path}）前六位不一致。"),
        )
        .field(a_path, Some(a))
        .field(b_path, Some(b))
        .tolerance("national digits beyond the sixth may differ (WCO HS)")
    };
    let paired = set.contract.lines.len() == set.invoice.lines.len();
    // Contract vs invoice.
    if !inv.is_empty() {
        for &(ci, c) in &con {
            if paired {
                if let Some(&(ii, i)) = inv.iter().find(|(ii, _)| *ii == ci)
                    && !hs_agree(c, i)
                {
                    hits.push(hit(
                        format!("contract.lines[{ci}].hs_code"),
                        c,
                        format!("invoice.lines[{ii}].hs_code"),
                        i,
                    ));
                }
            } else if !inv.iter().any(|(_, i)| hs_agree(c, i)) {
                hits.push(hit(
                    format!("contract.lines[{ci}].hs_code"),
                    c,
                    "invoice.lines[].hs_code".into(),
                    &inv.iter().map(|(_, i)| *i).collect::<Vec<_>>().join(" / "),
                ));
            }
        }
    }
    // Certificate of origin vs invoice (else contract).
    if let Some(code) = co {
        let (reference, path) = if inv.is_empty() {
            (&con, "contract")
        } else {
            (&inv, "invoice")
        };
        if !reference.iter().any(|(_, r)| hs_agree(code, r)) {
            let (b_path, b) = if reference.len() == 1 {
                (
                    format!("{path}.lines[{}].hs_code", reference[0].0),
                    reference[0].1.to_string(),
                )
            } else {
                (
                    format!("{path}.lines[].hs_code"),
                    reference.iter().map(|(_, r)| *r).collect::<Vec<_>>().join(" / "),
                )
            };
            hits.push(hit("certificate_of_origin.hs_code".into(), code, b_path, &b));
        }
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// X-ORIGIN

/// X-ORIGIN: the country of origin on the certificate of origin, the invoice, the
/// contract and the phytosanitary certificate (`place_of_origin.country`) must be the
/// same; fires for each document that differs from the first that states one (contract,
/// invoice, certificate of origin, phyto, in that order). ISBP 745 L; ISPM 12 place of
/// origin.
static ORIGIN: Rule = Rule {
    id: "X-ORIGIN",
    severity: Severity::Blocking,
    title_en: "Country of origin differs between documents",
    title_zh: "各单据原产国不一致",
    source: "ISBP 745 L; ISPM 12 (place of origin)",
    run: origin,
};

/// Names of countries written otherwise than their short name (`P.R. CHINA`, `HOLLAND`),
/// after `.` and `'` are dropped, with their ISO 3166 code.
const COUNTRY_ALIASES: &[(&str, &str)] = &[
    ("PRC", "CN"),
    ("PR CHINA", "CN"),
    ("P R CHINA", "CN"),
    ("CHINA PR", "CN"),
    ("PEOPLES REPUBLIC OF CHINA", "CN"),
    ("PEOPLE REPUBLIC OF CHINA", "CN"),
    ("CHINA MAINLAND", "CN"),
    ("MAINLAND CHINA", "CN"),
    ("HOLLAND", "NL"),
    ("NETHERLANDS", "NL"),
    ("KINGDOM OF THE NETHERLANDS", "NL"),
    ("USA", "US"),
    ("US", "US"),
    ("UNITED STATES OF AMERICA", "US"),
    ("UK", "GB"),
    ("GREAT BRITAIN", "GB"),
    ("UNITED KINGDOM", "GB"),
    ("KOREA", "KR"),
    ("REPUBLIC OF KOREA", "KR"),
    ("VIET NAM", "VN"),
];

/// A country of origin as an ISO 3166 code where it can be read as one (`CN`, `CHINA`,
/// `P.R. CHINA`, `PEOPLE'S REPUBLIC OF CHINA`, `MADE IN CHINA`, `THE NETHERLANDS`,
/// `HOLLAND`); otherwise the normalised text.
fn country_key(s: &str) -> String {
    let n: String = norm(s)
        .chars()
        .filter(|c| !matches!(c, '.' | '\'' | '’'))
        .collect();
    let n = norm(&n);
    let mut n = n.as_str();
    for prefix in ["MADE IN ", "THE "] {
        n = n.strip_prefix(prefix).unwrap_or(n);
    }
    if let Ok(c) = gendan_domain::country::CountryCode::parse(n) {
        return c.as_str().to_string();
    }
    if let Some((_, code)) = COUNTRY_ALIASES.iter().find(|(a, _)| *a == n) {
        return (*code).to_string();
    }
    gendan_domain::country::CountryCode::all()
        .find(|c| gendan_domain::country::country_name(*c).eq_ignore_ascii_case(n))
        .map(|c| c.as_str().to_string())
        .unwrap_or_else(|| n.to_string())
}

fn same_country(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim()) || country_key(a) == country_key(b)
}

fn origin(cx: &Ctx) -> Outcome {
    let set = cx.set;
    let mut seen: [Option<(&'static str, &str)>; 4] = [None; 4];
    fn nonblank(s: Option<&str>) -> Option<&str> {
        s.filter(|x| !x.trim().is_empty())
    }
    seen[0] = nonblank(set.contract.country_of_origin.as_deref()).map(|c| ("contract.country_of_origin", c));
    seen[1] = nonblank(set.invoice.country_of_origin.as_deref()).map(|c| ("invoice.country_of_origin", c));
    seen[2] = set
        .certificate_of_origin
        .as_ref()
        .and_then(|c| nonblank(Some(c.country_of_origin.as_str())))
        .map(|c| ("certificate_of_origin.country_of_origin", c));
    seen[3] = set
        .phytosanitary_certificate
        .as_ref()
        .and_then(|p| p.place_of_origin.as_ref())
        .and_then(|p| nonblank(p.country.as_deref()))
        .map(|c| ("phytosanitary_certificate.place_of_origin.country", c));
    let mut shown = seen.iter().flatten();
    let Some(&(ref_path, ref_country)) = shown.next() else {
        return not_applicable("No document states a country of origin.", "无单据注明原产国。");
    };
    let mut hits = Vec::new();
    let mut others = 0;
    for &(path, country) in shown {
        others += 1;
        if !same_country(country, ref_country) {
            hits.push(
                Hit::new(
                    format!("{path} states origin {country}; {ref_path} states {ref_country}."),
                    format!("{path} 原产国为 {country}，{ref_path} 为 {ref_country}，不一致。"),
                )
                .field(path, Some(country))
                .field(ref_path, Some(ref_country)),
            );
        }
    }
    if others == 0 {
        return not_applicable(
            "Only one document states a country of origin.",
            "仅一份单据注明原产国。",
        );
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// X-INCOTERM

/// X-INCOTERM: the invoice's trade term and named place vs the contract's and the
/// credit's (45A): "CFR ROTTERDAM" vs "CIF ROTTERDAM" or "CFR ANTWERP" fires. The place is
/// compared on its first part ("ROTTERDAM" = "ROTTERDAM, THE NETHERLANDS"). An invoice
/// without a trade term fires under a credit that states one. ISBP 745 C (trade term as
/// part of the goods description).
static INCOTERM: Rule = Rule {
    id: "X-INCOTERM",
    severity: Severity::Blocking,
    title_en: "Invoice trade term or named place differs",
    title_zh: "发票贸易术语或指定地点不符",
    source: "ISBP 745 C (trade term in the goods description; paragraph number to verify)",
    run: incoterm,
};

/// A trade term's code, upper case; C&F / CNF / C+F read as CFR.
fn term_code(t: &str) -> String {
    let n = norm(t);
    match n.as_str() {
        "C&F" | "CNF" | "C+F" | "C AND F" | "C & F" => "CFR".into(),
        _ => n,
    }
}

/// Words of the named place's first part (before a comma), for comparison.
fn place_words(p: &str) -> impl Iterator<Item = &str> {
    p.split(',')
        .next()
        .unwrap_or("")
        .split(|c: char| c.is_whitespace() || c == '.')
        .filter(|w| !w.is_empty())
}

/// Same place: the first parts are equal word for word, or one is the beginning of the
/// other ("ROTTERDAM" and "ROTTERDAM NETHERLANDS").
fn same_place(a: &str, b: &str) -> bool {
    let mut x = place_words(a);
    let mut y = place_words(b);
    let mut any = false;
    loop {
        match (x.next(), y.next()) {
            (Some(p), Some(q)) if p.eq_ignore_ascii_case(q) => any = true,
            (Some(_), Some(_)) => return false,
            _ => return any,
        }
    }
}

fn incoterm(cx: &Ctx) -> Outcome {
    let inv = cx
        .set
        .invoice
        .incoterm
        .as_ref()
        .filter(|t| !t.term.trim().is_empty());
    let contract = Some(&cx.set.contract.incoterm).filter(|t| !t.term.trim().is_empty());
    let credit = cx
        .lc()
        .and_then(|lc| lc.goods.incoterm.as_ref())
        .filter(|t| !t.term.trim().is_empty());
    let refs: [(Option<&TradeTerm>, &str, &str, &str); 2] = [
        (contract, "contract.incoterm", "the contract", "合同"),
        (credit, "lc.goods.incoterm", "the credit", "信用证"),
    ];
    let Some(inv) = inv else {
        if let Some(c) = credit {
            return Outcome::Checked(vec![
                Hit::new(
                    format!(
                        "The invoice shows no trade term; the credit states {} {}.",
                        c.term, c.place
                    ),
                    format!("发票未显示贸易术语，信用证规定为 {} {}。", c.term, c.place),
                )
                .field("invoice.incoterm", None::<&str>)
                .field("lc.goods.incoterm.term", Some(&c.term))
                .field("lc.goods.incoterm.place", Some(&c.place)),
            ]);
        }
        return not_applicable("The invoice shows no trade term.", "发票未显示贸易术语。");
    };
    if refs.iter().all(|r| r.0.is_none()) {
        return not_applicable(
            "Neither the contract nor the credit states a trade term.",
            "合同与信用证均未规定贸易术语。",
        );
    }
    let mut hits = Vec::new();
    let inv_term = term_code(&inv.term);
    for (r, path, en, zh) in refs {
        let Some(r) = r else { continue };
        if term_code(&r.term) != inv_term {
            hits.push(
                Hit::new(
                    format!(
                        "The invoice states {} {}; {en} states {} {}.",
                        inv.term, inv.place, r.term, r.place
                    ),
                    format!(
                        "发票贸易术语为 {} {}，{zh}为 {} {}。",
                        inv.term, inv.place, r.term, r.place
                    ),
                )
                .field("invoice.incoterm.term", Some(&inv.term))
                .field(format!("{path}.term"), Some(&r.term)),
            );
        }
        if !r.place.trim().is_empty() && !same_place(&inv.place, &r.place) {
            hits.push(
                Hit::new(
                    format!(
                        "The invoice names the place \"{}\" ({} {}); {en} names \"{}\".",
                        inv.place, inv.term, inv.place, r.place
                    ),
                    format!("发票贸易术语指定地点为“{}”，{zh}为“{}”。", inv.place, r.place),
                )
                .field("invoice.incoterm.place", Some(&inv.place))
                .field(format!("{path}.place"), Some(&r.place)),
            );
        }
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// BL-FREIGHT-TERM

/// BL-FREIGHT-TERM: the B/L freight indication vs the trade term (the credit's, else the
/// contract's): C-terms (CFR, CIF, CPT, CIP) — and D-terms, where the seller also pays the
/// main carriage (Incoterms 2020 A4) — need FREIGHT PREPAID; FOB, FCA, FAS and EXW need
/// FREIGHT COLLECT (or "payable at destination"). A B/L that shows no freight indication
/// fires ("freight prepaid missing"). Blocking without a credit; under a credit, which in
/// the interchange format cannot ask for a freight wording, a warning (a bank does not
/// refuse on it unless the credit asks). ISBP 745 E (freight, E24–E25, number to
/// verify); Incoterms 2020 A4.
static FREIGHT_TERM: Rule = Rule {
    id: "BL-FREIGHT-TERM",
    severity: Severity::Blocking,
    title_en: "B/L freight indication does not fit the trade term",
    title_zh: "提单运费条款与贸易术语不符",
    source: "ISBP 745 E (freight indications, E24–E25, number to verify); Incoterms 2020 A4",
    run: freight_term,
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Freight {
    Prepaid,
    Collect,
}

impl Freight {
    fn wording(self) -> &'static str {
        match self {
            Freight::Prepaid => "FREIGHT PREPAID",
            Freight::Collect => "FREIGHT COLLECT",
        }
    }
    fn zh(self) -> &'static str {
        match self {
            Freight::Prepaid => "运费预付",
            Freight::Collect => "运费到付",
        }
    }
}

fn read_freight(s: &str) -> Option<Freight> {
    let n = norm(s);
    if n.contains("COLLECT") || n.contains("PAYABLE AT DESTINATION") {
        Some(Freight::Collect)
    } else if n.contains("PAID") {
        Some(Freight::Prepaid)
    } else {
        None
    }
}

fn freight_term(cx: &Ctx) -> Outcome {
    if cx.set.bills_of_lading.is_empty() {
        return not_applicable("No bill of lading.", "无提单。");
    }
    let (term, path) = match cx
        .lc()
        .and_then(|lc| lc.goods.incoterm.as_ref())
        .filter(|t| !t.term.trim().is_empty())
    {
        Some(t) => (t.term.as_str(), "lc.goods.incoterm.term"),
        None => (cx.set.contract.incoterm.term.as_str(), "contract.incoterm.term"),
    };
    let Some(rule) = Incoterm::parse(&term_code(term)) else {
        return not_applicable(
            format!("Trade term \"{term}\" is not an Incoterms 2020 rule."),
            format!("贸易术语“{term}”不是 Incoterms 2020 术语。"),
        );
    };
    let want = if rule.seller_pays_main_carriage() {
        Freight::Prepaid
    } else {
        Freight::Collect
    };
    let under_lc = cx.lc().is_some();
    let mut hits = Vec::new();
    for (i, bl) in cx.set.bills_of_lading.iter().enumerate() {
        let shown = bl.freight.as_deref().filter(|f| !f.trim().is_empty());
        if shown.and_then(read_freight) == Some(want) {
            continue;
        }
        let (en, zh) = match shown {
            Some(f) => (
                format!(
                    "B/L {} shows freight \"{f}\"; under {term} it should read {}.",
                    bl.number,
                    want.wording()
                ),
                format!(
                    "提单 {} 运费条款为“{f}”，{term} 术语下应为“{}”（{}）。",
                    bl.number,
                    want.wording(),
                    want.zh()
                ),
            ),
            None => (
                format!(
                    "B/L {} shows no freight indication; under {term} it should read {}.",
                    bl.number,
                    want.wording()
                ),
                format!(
                    "提单 {} 未注明运费条款，{term} 术语下应为“{}”（{}）。",
                    bl.number,
                    want.wording(),
                    want.zh()
                ),
            ),
        };
        let mut h = Hit::new(en, zh)
            .field(format!("bills_of_lading[{i}].freight"), shown)
            .field(path, Some(term));
        if under_lc {
            h = h
                .severity(Severity::Warning)
                .tolerance("warning only: the credit asks for no freight wording (ISBP 745 E)");
        }
        hits.push(h);
    }
    Outcome::Checked(hits)
}

pub(crate) static RULES: &[&Rule] = &[
    &INV_DESC_LC,
    &INV_TITLE,
    &GOODS_CONFLICT,
    &HS6,
    &ORIGIN,
    &INCOTERM,
    &FREIGHT_TERM,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn compatible(doc: &str, invoice: &str) -> bool {
        let r = Attrs::of(invoice);
        Attrs::of(doc).items.iter().all(|i| r.accepts(i))
    }

    const FUJI: &str = "FRESH APPLES, VARIETY FUJI, GRADE A, SIZE 80-100, PACKED IN 18 KG NET CARTONS";
    const PROFILES: &str = "ALUMINIUM EXTRUSION PROFILES, ALLOY 6063-T5, ANODIZED SILVER, 1320 PCS";

    #[test]
    fn a_description_reads_into_attributes() {
        let a = Attrs::of(FUJI);
        let got: Vec<(Kind, &str)> = a.items.iter().map(|i| (i.kind, i.key)).collect();
        assert_eq!(
            got,
            vec![
                (Kind::State, "FRESH"),
                (Kind::Commodity, "APPLE"),
                (Kind::Variety, "FUJI"),
                (Kind::Grade, "A"),
                (Kind::Size, "80-100"),
            ]
        );
        let p = Attrs::of(PROFILES);
        assert!(p.has_value(Kind::Alloy, "6063"));
        assert!(p.has_value(Kind::Temper, "T5"));
        assert!(p.has_value(Kind::Material, "ALUMINIUM"));
        assert!(p.has_value(Kind::Commodity, "PROFILE"));
        assert!(!p.has_value(Kind::Alloy, "1320"), "1320 PCS is a quantity");
        // Four digits in fruit are not an alloy.
        assert!(!Attrs::of("FRESH APPLES 1320 CARTONS LOT 6063").has(Kind::Alloy));
    }

    #[test]
    fn general_terms_and_conflicts() {
        assert!(compatible("FRESH FRUIT", FUJI));
        assert!(compatible("FRESH APPLES", FUJI));
        assert!(compatible("FRESH APPLES (FUJI)", FUJI));
        assert!(compatible("APPLES, ROYAL GALA", "APPLES GALA"));
        assert!(!compatible("FRESH PEARS", FUJI));
        assert!(!compatible("FRESH APPLES (GALA)", FUJI));
        assert!(!compatible("DRIED APPLES", FUJI));
        assert!(!compatible("FRESH VEGETABLES", FUJI));
        assert!(!compatible("FRESH APPLES GRADE B", FUJI));
        assert!(compatible("FRESH APPLES SIZE 80/100", FUJI));
        assert!(!compatible("FRESH APPLES SIZE 70-80", FUJI));
        assert!(compatible("ALUMINIUM PROFILES", PROFILES));
        assert!(compatible("ALUMINUM EXTRUSIONS 6063", PROFILES));
        assert!(!compatible("ALUMINIUM PROFILES 6061-T6", PROFILES));
        assert!(!compatible("ALUMINIUM PROFILES AA6063 T6", PROFILES));
        assert!(!compatible("ALUMINIUM SHEETS", PROFILES));
        assert!(!compatible("STEEL PROFILES", PROFILES));
        assert!(compatible("STEEL TUBES", "STAINLESS STEEL TUBES"));
        assert!(!compatible("CARBON STEEL TUBES", "STAINLESS STEEL TUBES"));
        assert!(compatible("100% COTTON T-SHIRTS", "T-SHIRTS, 100% COTTON"));
        assert!(!compatible(
            "65% COTTON 35% POLYESTER T-SHIRTS",
            "T-SHIRTS, 100% COTTON"
        ));
        assert!(compatible("QINGUAN APPLES", "APPLES, VARIETY QINGUAN"));
        assert!(compatible("APPLES VARIETY SHINANO", "APPLES, SHINANO, GRADE A"));
        // Packing words, hazard classes and "x GRADE" forms.
        assert!(compatible(
            "DRIED APPLE RINGS PACKED IN ALUMINIUM FOIL BAGS",
            "DRIED APPLE RINGS"
        ));
        assert!(compatible(
            "ALUMINIUM PROFILES, IMO CLASS 9",
            "ALUMINIUM PROFILES GRADE A"
        ));
        assert!(!compatible("FRESH APPLES, EXTRA CLASS", "FRESH APPLES, CLASS I"));
        assert!(compatible("FRESH APPLES, EXPORT GRADE", "FRESH APPLES, GRADE A"));
        assert!(compatible(
            "100% NEW CROP APPLES",
            "FRESH APPLES, 100% COTTON BAGS"
        ));
    }

    #[test]
    fn tallies_containers_packing_and_dimensions_are_not_goods_attributes() {
        let bl = "SHIPPER'S LOAD, STOW AND COUNT\n1 X 40'RF CONTAINER STC 1320 CARTONS FRESH APPLES";
        assert!(!Attrs::of(bl).has(Kind::Size));
        assert!(compatible(bl, FUJI));
        assert!(!Attrs::of("1 X 40' CONTAINER SIZE 40 FRESH APPLES").has(Kind::Size));
        assert!(Attrs::of("APPLES COUNT 100").has_value(Kind::Size, "100"));
        assert!(!Attrs::of("APPLES SIZE 40'RF").has(Kind::Size));
        assert!(Attrs::of("APPLES SIZE 80-100 MM").has_value(Kind::Size, "80-100"));
        let packed = "FRESH APPLES, GRADE A, PACKED IN FOOD GRADE CARTONS";
        assert!(Attrs::of(packed).has_value(Kind::Grade, "A"));
        assert!(!Attrs::of(packed).has_value(Kind::Grade, "CARTONS"));
        assert!(!Attrs::of("APPLES GRADE CARTONS").has(Kind::Grade));
        assert!(Attrs::of("APPLES GRADE III").has_value(Kind::Grade, "3"));
        assert!(Attrs::of("APPLES GRADE EXTRA").has_value(Kind::Grade, "EXTRA"));
        let sheets = "ALUMINIUM SHEETS, ALLOY 1060-H24, 1.0 X 1250 X 2500 MM";
        let a = Attrs::of(sheets);
        assert!(a.has_value(Kind::Alloy, "1060"));
        assert!(!a.has_value(Kind::Alloy, "1250"));
        for dims in [
            "ALUMINIUM SHEETS 1.0 X 1250 X 2500 MM",
            "ALUMINIUM SHEETS 1.0*1250*2500MM",
        ] {
            assert!(!Attrs::of(dims).has(Kind::Alloy), "{dims}");
        }
        assert!(!Attrs::of("ALUMINIUM SHEETS AA1060 LOT 1250").has_value(Kind::Alloy, "1250"));
        assert!(Attrs::of("ALUMINIUM SHEETS 1060 LOT 1250").has_value(Kind::Alloy, "1250"));
    }

    #[test]
    fn countries_written_out() {
        for cn in [
            "CN",
            "China",
            "P.R. CHINA",
            "PEOPLE'S REPUBLIC OF CHINA",
            "PRC",
            "MADE IN CHINA",
        ] {
            assert_eq!(country_key(cn), "CN", "{cn}");
        }
        for nl in ["NL", "THE NETHERLANDS", "HOLLAND", "Netherlands"] {
            assert_eq!(country_key(nl), "NL", "{nl}");
        }
        assert!(!same_country("VIETNAM", "CHINA"));
        assert!(same_country("VIET NAM", "VN"));
    }

    #[test]
    fn hs_codes_compare_on_six_digits() {
        assert!(hs_agree("0808.10", "0808100000"));
        assert!(hs_agree("0808.10.00", "08081080"));
        assert!(!hs_agree("0808.10", "0808.30"));
        assert!(hs_agree("0808", "0808.30"));
        assert_eq!(hs_digits("08"), None);
    }

    #[test]
    fn places_and_terms() {
        assert!(same_place("ROTTERDAM", "ROTTERDAM, THE NETHERLANDS"));
        assert!(same_place("rotterdam", "ROTTERDAM NETHERLANDS"));
        assert!(!same_place("ANTWERP", "ROTTERDAM"));
        assert_eq!(term_code("c&f"), "CFR");
        assert!(read_freight("FREIGHT PREPAID") == Some(Freight::Prepaid));
        assert!(read_freight("FREIGHT PAYABLE AT DESTINATION") == Some(Freight::Collect));
        assert!(read_freight("AS ARRANGED").is_none());
    }

    fn case(rule: &str, name: &str) -> crate::Report {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/cases")
            .join(rule)
            .join(format!("{name}.json"));
        let set: gendan_domain::document_set::DocumentSet =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        crate::check(&set, &crate::Options::default())
    }

    #[test]
    fn freight_term_is_a_warning_under_a_credit_and_blocking_otherwise() {
        let severity = |name: &str| {
            let r = case("BL-FREIGHT-TERM", name);
            let f: Vec<_> = r
                .findings
                .iter()
                .filter(|f| f.rule == "BL-FREIGHT-TERM")
                .collect();
            assert_eq!(f.len(), 1, "{name}");
            f[0].severity
        };
        assert_eq!(
            severity("fires-fob-freight-prepaid-warning-under-credit"),
            Severity::Warning
        );
        assert_eq!(
            severity("fires-collection-fob-freight-prepaid"),
            Severity::Blocking
        );
        assert_eq!(
            severity("fires-collection-cif-freight-collect"),
            Severity::Blocking
        );
    }

    #[test]
    fn a_chinese_description_with_digits_reads_without_panic() {
        // A token that starts with a multi-byte character: the alloy prefixes (`AA`, `AW-`)
        // must not be cut inside it.
        let a = Attrs::of("铝合金型材6063-T5，窗框料 1320 PCS");
        assert!(!a.has_value(Kind::Alloy, "1320"));
        for w in ["铝6063", "铝", "A铝6063", "AW铝", "AA6063-T5"] {
            let _ = alloy_token(w);
        }
        assert_eq!(alloy_token("AA6063-T5"), Some(("6063", Some("T5"), true)));
        // The whole set, with Chinese goods descriptions on every document.
        let text = include_str!("../../tests/cases/clean/aluminium-fob-tt-clean.json");
        let mut set: gendan_domain::document_set::DocumentSet = serde_json::from_str(text).unwrap();
        let zh = "铝合金型材 6063-T5 氧化银白，1320 件";
        for l in &mut set.contract.lines {
            l.description = zh.to_string();
        }
        for l in &mut set.invoice.lines {
            l.description = zh.to_string();
        }
        for b in &mut set.bills_of_lading {
            b.goods_description = Some("铝型材6063".to_string());
        }
        let _ = crate::check(&set, &crate::Options::default());
    }
}
