//! §2.2 Amounts, quantities, prices, arithmetic: the invoice against the credit and the
//! contract (UCP 600 art. 18, 30), the invoice's own arithmetic (ISBP A22, art. 14(d)), the
//! deposit and balance of a T/T contract, the currency of every document, the draft (ISBP
//! B14) and the insured amount (art. 28(f)(ii)).

use gendan_domain::document_set::{Credit, DocumentSet, InvoiceLine};
use gendan_domain::money::Currency;
use gendan_domain::words::{currency_from_english, parse_english_amount};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::text::cents;
use crate::{Ctx, Hit, Outcome, Rule, Severity, not_applicable};

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;
const FIVE: Decimal = Decimal::from_parts(5, 0, 0, false, 0);
const TEN: Decimal = Decimal::TEN;
const ONE_CENT: Decimal = Decimal::from_parts(1, 0, 0, false, 2);
const THOUSAND: Decimal = Decimal::ONE_THOUSAND;
/// UCP 600 art. 28(f)(ii): at least 110 % of the CIF or CIP value.
const DEFAULT_COVER_PCT: Decimal = Decimal::from_parts(110, 0, 0, false, 0);

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// A figure too large to compute: a sum, difference or product of the documents' figures
/// beyond what a decimal holds (about 7.9 × 10^28).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TooLarge;

/// A computed figure, or [`TooLarge`].
type Calc<T> = Result<T, TooLarge>;

/// A rule's outcome, or "not applicable" when a figure is too large to compute.
fn checked(outcome: Calc<Outcome>) -> Outcome {
    outcome.unwrap_or_else(|TooLarge| too_large())
}

/// The outcome of a rule that meets a figure too large to compute.
fn too_large() -> Outcome {
    not_applicable(
        "A figure is too large to compute.",
        "单据中的数字过大，无法计算。",
    )
}

fn add(a: Decimal, b: Decimal) -> Calc<Decimal> {
    a.checked_add(b).ok_or(TooLarge)
}

fn sub(a: Decimal, b: Decimal) -> Calc<Decimal> {
    a.checked_sub(b).ok_or(TooLarge)
}

fn mul(a: Decimal, b: Decimal) -> Calc<Decimal> {
    a.checked_mul(b).ok_or(TooLarge)
}

fn div(a: Decimal, b: Decimal) -> Calc<Decimal> {
    a.checked_div(b).ok_or(TooLarge)
}

/// The sum of the figures.
fn sum(figures: impl IntoIterator<Item = Decimal>) -> Calc<Decimal> {
    figures.into_iter().try_fold(Decimal::ZERO, add)
}

/// `value × (100 + pct) / 100`, exact (as `value + value × pct / 100`).
fn plus_pct(value: Decimal, pct: Decimal) -> Calc<Decimal> {
    add(value, mul(value, div(pct, HUNDRED)?)?)
}

/// `value × (100 − pct) / 100`, exact (as `value − value × pct / 100`).
fn minus_pct(value: Decimal, pct: Decimal) -> Calc<Decimal> {
    sub(value, mul(value, div(pct, HUNDRED)?)?)
}

/// A money figure for a message: two decimals unless it has more.
fn money(d: Decimal) -> String {
    let mut n = d.normalize();
    if n.scale() < 2 {
        n.rescale(2);
    }
    n.to_string()
}

/// A quantity for a message: trailing zeros dropped.
fn qty(d: Decimal) -> String {
    d.normalize().to_string()
}

/// Two texts have the same words, ignoring case and spacing.
fn same_words(a: &str, b: &str) -> bool {
    let mut x = a.split_whitespace();
    let mut y = b.split_whitespace();
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if p.eq_ignore_ascii_case(q) => {}
            _ => return false,
        }
    }
}

/// An "about" / "approximately" qualifier: the two words UCP 600 art. 30(a) names.
fn is_about(q: Option<&str>) -> bool {
    q.is_some_and(|s| {
        let s = s.trim();
        s.eq_ignore_ascii_case("ABOUT") || s.eq_ignore_ascii_case("APPROXIMATELY")
    })
}

/// Partial shipments prohibited (`NOT ALLOWED`, `PROHIBITED`).
fn partials_prohibited(s: &str) -> bool {
    same_words(s, "NOT ALLOWED") || same_words(s, "PROHIBITED") || same_words(s, "NOT PERMITTED")
}

/// Two currency codes are the same.
fn same_currency(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The plus or minus tolerance on the credit amount and where it comes from.
#[derive(Clone, Copy)]
enum AmountBasis {
    /// Field 39A.
    Field39A,
    /// "About" / "approximately" the amount: 10 % (art. 30(a)).
    About,
    /// No tolerance stated: none over (art. 18(b)), 5 % under (art. 30(c)).
    Stated,
}

fn plus_tolerance(lc: &Credit) -> (Decimal, AmountBasis) {
    match &lc.tolerance_pct {
        Some(t) => (t.plus, AmountBasis::Field39A),
        None if is_about(lc.amount_qualifier.as_deref()) => (TEN, AmountBasis::About),
        None => (Decimal::ZERO, AmountBasis::Stated),
    }
}

fn minus_tolerance(lc: &Credit) -> (Decimal, AmountBasis) {
    match &lc.tolerance_pct {
        Some(t) => (t.minus, AmountBasis::Field39A),
        None if is_about(lc.amount_qualifier.as_deref()) => (TEN, AmountBasis::About),
        None => (FIVE, AmountBasis::Stated),
    }
}

/// The most the credit allows to be drawn: its amount plus its tolerance.
fn credit_max(lc: &Credit) -> Calc<Decimal> {
    plus_pct(lc.amount, plus_tolerance(lc).0)
}

/// A unit of quantity, read without allocating: the ISBP A1 spellings of a kind of package
/// or a unit of weight are one unit; any other text is compared as written (normalised).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Unit {
    Kg,
    Mt,
    Kind(&'static str),
    Other([u8; 32], u8),
}

impl Unit {
    fn of(s: &str) -> Unit {
        let mut buf = [0u8; 32];
        let mut n = 0usize;
        let mut space = false;
        for b in s.bytes() {
            if b == b'.' {
                continue;
            }
            if b.is_ascii_whitespace() {
                space = n > 0;
                continue;
            }
            if space {
                if n < buf.len() {
                    buf[n] = b' ';
                    n += 1;
                }
                space = false;
            }
            if n < buf.len() {
                buf[n] = b.to_ascii_uppercase();
                n += 1;
            }
        }
        match &buf[..n] {
            b"KG" | b"KGS" | b"KILO" | b"KILOS" | b"KILOGRAM" | b"KILOGRAMS" => Unit::Kg,
            b"MT" | b"MTS" | b"METRIC TON" | b"METRIC TONS" | b"TONNE" | b"TONNES" => Unit::Mt,
            b"CTN" | b"CTNS" | b"CARTON" | b"CARTONS" => Unit::Kind("CARTONS"),
            b"BDL" | b"BDLS" | b"BUNDLE" | b"BUNDLES" => Unit::Kind("BUNDLES"),
            b"PKG" | b"PKGS" | b"PACKAGE" | b"PACKAGES" => Unit::Kind("PACKAGES"),
            b"PC" | b"PCS" | b"PIECE" | b"PIECES" => Unit::Kind("PIECES"),
            b"PLT" | b"PLTS" | b"PALLET" | b"PALLETS" => Unit::Kind("PALLETS"),
            b"BOX" | b"BOXES" => Unit::Kind("BOXES"),
            b"BAG" | b"BAGS" => Unit::Kind("BAGS"),
            b"CASE" | b"CASES" => Unit::Kind("CASES"),
            b"CRATE" | b"CRATES" => Unit::Kind("CRATES"),
            b"SET" | b"SETS" => Unit::Kind("SETS"),
            _ => Unit::Other(buf, n as u8),
        }
    }

    /// A quantity in this unit expressed in `to`: `Ok(None)` when they cannot be converted.
    /// The generic `PACKAGES` counts any kind of package.
    fn convert(self, q: Decimal, to: Unit) -> Calc<Option<Decimal>> {
        match (self, to) {
            (a, b) if a == b => Ok(Some(q)),
            (Unit::Kg, Unit::Mt) => div(q, THOUSAND).map(Some),
            (Unit::Mt, Unit::Kg) => mul(q, THOUSAND).map(Some),
            (Unit::Kind(a), Unit::Kind(b)) if a == "PACKAGES" || b == "PACKAGES" => Ok(Some(q)),
            _ => Ok(None),
        }
    }
}

/// An invoice line's quantity in `to`: its own quantity converted, else its packages when
/// the credit counts packages of that kind.
fn line_quantity(line: &InvoiceLine, to: Unit) -> Calc<Option<Decimal>> {
    if let Some(q) = Unit::of(&line.unit).convert(line.quantity, to)? {
        return Ok(Some(q));
    }
    match (line.package_type.as_deref(), line.packages) {
        (Some(kind), Some(n)) => Unit::of(kind).convert(Decimal::from(n), to),
        _ => Ok(None),
    }
}

/// Which art. 30 branch, or the contract clause, gives the quantity tolerance.
#[derive(Clone, Copy)]
enum QtyTolerance {
    /// "About" the quantity: ±10 % (art. 30(a)).
    About,
    /// Not in packing units: ±5 % (art. 30(b)).
    Art30b,
    /// Not in packing units, but the drawing exceeds the credit amount: no tolerance.
    Art30bAmountExceeded,
    /// In packing units or items: no over-shipment; short only with partial shipments
    /// allowed.
    PackingUnits { partials_allowed: bool },
    /// No credit: the contract's more-or-less clause.
    Contract(Decimal),
}

impl QtyTolerance {
    fn text(self) -> String {
        match self {
            QtyTolerance::About => "art. 30(a) ±10 % (\"about\") applied".to_string(),
            QtyTolerance::Art30b => "art. 30(b) ±5 % applied".to_string(),
            QtyTolerance::Art30bAmountExceeded => {
                "art. 30(b) ±5 % not available: the drawing exceeds the credit amount".to_string()
            }
            QtyTolerance::PackingUnits {
                partials_allowed: true,
            } => "art. 30(b): quantity in packing units, no over-shipment; short shipment allowed \
                 (partial shipments allowed)"
                .to_string(),
            QtyTolerance::PackingUnits {
                partials_allowed: false,
            } => "art. 30(b): quantity in packing units, no tolerance (partial shipments not allowed)"
                .to_string(),
            QtyTolerance::Contract(m) => format!("contract more or less {} % applied", qty(m)),
        }
    }
}

/// One quantity compared: the invoiced quantity (one line, or all lines) against the
/// credit's or a contract line's, with the bounds its tolerance allows.
struct QtyItem<'a> {
    /// The unit of the required quantity, as written.
    unit: &'a str,
    /// The invoice line, or `None` for the total of all lines.
    invoice_line: Option<usize>,
    /// The contract line, or `None` for the credit's 45A quantity.
    contract_line: Option<usize>,
    /// `None` when the invoiced unit cannot be converted to the required one.
    invoiced: Option<Decimal>,
    required: Decimal,
    lo: Decimal,
    hi: Decimal,
    tolerance: QtyTolerance,
    /// Partial shipments allowed: any shortfall is a permitted partial shipment (`lo` = 0).
    partials_allowed: bool,
}

impl QtyItem<'_> {
    fn short(&self) -> bool {
        self.invoiced.is_some_and(|q| q < self.lo)
    }
    fn over(&self) -> bool {
        self.invoiced.is_some_and(|q| q > self.hi)
    }
    fn tolerance_text(&self) -> String {
        let t = self.tolerance.text();
        match self.tolerance {
            QtyTolerance::PackingUnits { .. } => t,
            _ if self.partials_allowed => {
                format!("{t}; short shipment allowed (partial shipments allowed)")
            }
            _ => t,
        }
    }
}

/// The first six digits of an HS code (`7604.29.10.00` → `760429`), when it has six.
fn hs6(code: Option<&str>) -> Option<String> {
    let digits: String = code?.chars().filter(char::is_ascii_digit).take(6).collect();
    (digits.len() == 6).then_some(digits)
}

/// The contract line each invoice line is for: the contract line with the same description
/// (normalised); else the one unpaired contract line with the same HS code at six digits;
/// else, when both documents have as many lines, the unpaired lines in their order; else,
/// when the contract has one line, that line.
fn contract_lines_for(set: &DocumentSet) -> Vec<Option<usize>> {
    let cl = &set.contract.lines;
    let il = &set.invoice.lines;
    let same_count = cl.len() == il.len();
    let mut out: Vec<Option<usize>> = vec![None; il.len()];
    let mut used = vec![false; cl.len()];
    let descriptions: Vec<String> = cl.iter().map(|l| crate::text::words(&l.description)).collect();
    for (i, line) in il.iter().enumerate() {
        let d = crate::text::words(&line.description);
        let free = (0..cl.len()).find(|&j| !used[j] && descriptions[j] == d);
        // Lines that do not pair one to one may share a contract line of the same goods.
        let any = || {
            (!same_count)
                .then(|| descriptions.iter().position(|x| *x == d))
                .flatten()
        };
        if let Some(j) = free.or_else(any) {
            out[i] = Some(j);
            used[j] = true;
        }
    }
    let codes: Vec<Option<String>> = cl.iter().map(|l| hs6(l.hs_code.as_deref())).collect();
    for (i, line) in il.iter().enumerate() {
        if out[i].is_some() {
            continue;
        }
        let Some(h) = hs6(line.hs_code.as_deref()) else {
            continue;
        };
        let mut candidates = (0..cl.len()).filter(|&j| !used[j] && codes[j].as_ref() == Some(&h));
        if let (Some(j), None) = (candidates.next(), candidates.next()) {
            out[i] = Some(j);
            used[j] = true;
        }
    }
    if same_count {
        let mut free = (0..cl.len()).filter(|&j| !used[j]);
        for o in out.iter_mut().filter(|o| o.is_none()) {
            *o = free.next();
        }
    } else if cl.len() == 1 {
        for o in out.iter_mut().filter(|o| o.is_none()) {
            *o = Some(0);
        }
    }
    out
}

/// The quantities to compare: the credit's 45A quantity against the sum of the invoice
/// lines, or, without a credit (or a credit silent on quantity), each contract line against
/// the invoice line for it (same description, else HS code, else place; see
/// [`contract_lines_for`]), or, when the lines do not pair up, the totals per unit.
fn quantity_items(set: &DocumentSet) -> Calc<Vec<QtyItem<'_>>> {
    let inv = &set.invoice;
    let mut items = Vec::new();
    if let Some(lc) = &set.lc
        && let Some(required) = lc.goods.quantity
    {
        // A credit that states no unit counts in the invoice's.
        let unit = match lc.goods.unit.as_deref().map(str::trim) {
            Some(u) if !u.is_empty() => u,
            _ => inv.lines.first().map_or("", |l| l.unit.as_str()),
        };
        let target = Unit::of(unit);
        let mut invoiced = Some(Decimal::ZERO);
        let mut invoice_line = None;
        for (i, line) in inv.lines.iter().enumerate() {
            match (invoiced, line_quantity(line, target)?) {
                (Some(sum), Some(q)) => invoiced = Some(add(sum, q)?),
                (Some(_), None) => {
                    invoiced = None;
                    invoice_line = Some(i);
                }
                (None, _) => {}
            }
        }
        let partials_allowed = !partials_prohibited(&lc.partial_shipments);
        let (lo, hi, tolerance) = if is_about(lc.goods.quantity_qualifier.as_deref()) {
            (
                minus_pct(required, TEN)?,
                plus_pct(required, TEN)?,
                QtyTolerance::About,
            )
        } else if !lc.goods.quantity_in_packing_units {
            if inv.total_amount <= credit_max(lc)? {
                (
                    minus_pct(required, FIVE)?,
                    plus_pct(required, FIVE)?,
                    QtyTolerance::Art30b,
                )
            } else {
                (required, required, QtyTolerance::Art30bAmountExceeded)
            }
        } else {
            (
                required,
                required,
                QtyTolerance::PackingUnits { partials_allowed },
            )
        };
        // Partial shipments allowed: a shipment short of the credit's quantity is one of
        // them, whatever the branch of art. 30; only the excess is a discrepancy.
        let lo = if partials_allowed { Decimal::ZERO } else { lo };
        items.push(QtyItem {
            unit,
            invoice_line,
            contract_line: None,
            invoiced,
            required,
            lo,
            hi,
            tolerance,
            partials_allowed,
        });
        return Ok(items);
    }
    let c = &set.contract;
    let m = c.more_or_less_pct;
    let tolerance = QtyTolerance::Contract(m);
    // A contract that allows partial shipments is delivered in parts: a shipment short of
    // the contract quantity is one of them; only the excess is a discrepancy.
    let partial = !partials_prohibited(&c.partial_shipments);
    let low = |q: Decimal| {
        if partial {
            Ok(Decimal::ZERO)
        } else {
            minus_pct(q, m)
        }
    };
    if c.lines.len() == inv.lines.len() {
        let pairs = contract_lines_for(set);
        for (i, il) in inv.lines.iter().enumerate() {
            let Some(j) = pairs[i] else { continue };
            let cl = &c.lines[j];
            items.push(QtyItem {
                unit: &cl.unit,
                invoice_line: Some(i),
                contract_line: Some(j),
                invoiced: line_quantity(il, Unit::of(&cl.unit))?,
                required: cl.quantity,
                lo: low(cl.quantity)?,
                hi: plus_pct(cl.quantity, m)?,
                tolerance,
                partials_allowed: partial,
            });
        }
        return Ok(items);
    }
    // The lines do not pair up: compare the totals per unit of the contract.
    let mut used = vec![false; inv.lines.len()];
    for (i, cl) in c.lines.iter().enumerate() {
        let unit = Unit::of(&cl.unit);
        if c.lines[..i].iter().any(|p| Unit::of(&p.unit) == unit) {
            continue;
        }
        let required = sum(c
            .lines
            .iter()
            .filter(|p| Unit::of(&p.unit) == unit)
            .map(|p| p.quantity))?;
        let mut invoiced = Decimal::ZERO;
        for (j, il) in inv.lines.iter().enumerate() {
            if !used[j]
                && let Some(q) = line_quantity(il, unit)?
            {
                invoiced = add(invoiced, q)?;
                used[j] = true;
            }
        }
        items.push(QtyItem {
            unit: &cl.unit,
            invoice_line: None,
            contract_line: Some(i),
            invoiced: Some(invoiced),
            required,
            lo: low(required)?,
            hi: plus_pct(required, m)?,
            tolerance,
            partials_allowed: partial,
        });
    }
    for (j, u) in used.iter().enumerate() {
        if !u {
            items.push(QtyItem {
                unit: "",
                invoice_line: Some(j),
                contract_line: None,
                invoiced: None,
                required: Decimal::ZERO,
                lo: Decimal::ZERO,
                hi: Decimal::ZERO,
                tolerance,
                partials_allowed: partial,
            });
        }
    }
    Ok(items)
}

/// Where an invoice line's reference unit price comes from.
#[derive(Clone, Copy)]
enum PriceRef {
    Credit,
    ContractLine(usize),
}

impl PriceRef {
    fn path(self) -> String {
        match self {
            PriceRef::Credit => "lc.goods.unit_price".to_string(),
            PriceRef::ContractLine(i) => format!("contract.lines[{i}].unit_price"),
        }
    }
}

/// The credit says "about" for the unit price: `ABOUT` (or `APPROXIMATELY`) in 45A directly
/// before the currency or the price (`AT ABOUT USD 24.60 PER CARTON`). The interchange
/// format has no separate qualifier for the unit price.
fn credit_price_about(lc: &Credit) -> bool {
    let Some(price) = lc.goods.unit_price else {
        return false;
    };
    let mut words = lc.goods.description.split_whitespace().peekable();
    while let Some(w) = words.next() {
        if !is_about(Some(w)) {
            continue;
        }
        let Some(next) = words.peek() else {
            break;
        };
        let next = next.trim_end_matches(',');
        let cur = lc.currency.trim();
        // `ABOUT USD 24.60`, `ABOUT USD24.60`: the price follows.
        if !cur.is_empty() && next.get(..cur.len()).is_some_and(|p| p.eq_ignore_ascii_case(cur)) {
            return true;
        }
        let figure = next.trim_start_matches('$');
        if figure.parse::<Decimal>().is_ok_and(|d| d == price) {
            return true;
        }
    }
    false
}

/// The unit price each invoice line must show: the credit's 45A price, else the price of
/// the contract line the invoice line is for (`pairs`, from [`contract_lines_for`]).
/// Returns the price, whether the credit says "about" it, and where it comes from.
fn reference_price(
    set: &DocumentSet,
    pairs: &[Option<usize>],
    i: usize,
) -> Option<(Decimal, bool, PriceRef)> {
    if let Some(lc) = &set.lc
        && let Some(p) = lc.goods.unit_price
    {
        return Some((p, credit_price_about(lc), PriceRef::Credit));
    }
    let j = pairs.get(i).copied().flatten()?;
    Some((set.contract.lines[j].unit_price, false, PriceRef::ContractLine(j)))
}

/// An amount in words read back: the currency words, the amount. The usual forms are read
/// (`gendan_domain::words::parse_english_amount`): `SAY [TOTAL] US DOLLARS|U.S. DOLLARS|USD
/// … [AND CENTS <words> | AND <words> CENTS | AND <nn>/100] [ONLY]`.
fn read_words(s: &str) -> Result<(String, Decimal), String> {
    parse_english_amount(s).map_err(|e| e.to_string())
}

/// The currency the words name (by its English name or its ISO code) agrees with the
/// document's code.
fn words_currency_is(name: &str, code: &str) -> bool {
    currency_from_english(name)
        .or_else(|| Currency::parse(name).ok())
        .is_some_and(|c| same_currency(c.as_str(), code))
}

// ---------------------------------------------------------------------------------------
// INV-AMOUNT-LC
// ---------------------------------------------------------------------------------------

/// INV-AMOUNT-LC: the invoice total above the credit amount plus its tolerance (39A, else
/// 10 % when the amount is "about", else none). Exactly at the edge complies; one cent
/// over fires. UCP 600 art. 18(b), 30(a).
static AMOUNT_LC: Rule = Rule {
    id: "INV-AMOUNT-LC",
    severity: Severity::Blocking,
    title_en: "Invoice amount exceeds the credit amount",
    title_zh: "发票金额超过信用证金额",
    source: "UCP 600 art. 18(b), 30(a)",
    run: |cx| checked(amount_lc(cx)),
};

fn amount_lc(cx: &Ctx) -> Calc<Outcome> {
    let Some(lc) = cx.lc() else {
        return Ok(not_applicable("No letter of credit.", "无信用证。"));
    };
    let total = cx.set.invoice.total_amount;
    let (plus, basis) = plus_tolerance(lc);
    let max = plus_pct(lc.amount, plus)?;
    let mut hits = Vec::new();
    if total > max {
        let tolerance = match basis {
            AmountBasis::Field39A => format!("39A +{} % applied (art. 30(a) does not add to it)", qty(plus)),
            AmountBasis::About => "art. 30(a) +10 % (\"about\" the amount) applied".to_string(),
            AmountBasis::Stated => "none: art. 18(b), the credit amount is the maximum".to_string(),
        };
        let mut hit = Hit::new(
            format!(
                "The invoice total {} {} exceeds the credit amount {} {} (at most {} allowed).",
                cx.set.invoice.currency,
                money(total),
                lc.currency,
                money(lc.amount),
                money(max)
            ),
            format!(
                "发票总金额 {} {} 超过信用证金额 {} {}（最多允许 {}）。",
                cx.set.invoice.currency,
                money(total),
                lc.currency,
                money(lc.amount),
                money(max)
            ),
        )
        .field("invoice.total_amount", Some(total))
        .field("lc.amount", Some(lc.amount))
        .tolerance(tolerance);
        match basis {
            AmountBasis::Field39A => hit = hit.field("lc.tolerance_pct.plus", Some(plus)),
            AmountBasis::About => hit = hit.field("lc.amount_qualifier", lc.amount_qualifier.as_deref()),
            AmountBasis::Stated => {}
        }
        hits.push(hit);
    }
    Ok(Outcome::Checked(hits))
}

// ---------------------------------------------------------------------------------------
// INV-SHORT-DRAWING
// ---------------------------------------------------------------------------------------

/// INV-SHORT-DRAWING: under a credit that prohibits partial shipments, the invoice total
/// below the credit amount less its minus tolerance (39A, else 10 % if "about", else 5 %,
/// art. 30(c)) AND the goods are short beyond the art. 30(a)/(b) tolerance or the unit price
/// is lower than the credit's: that is a partial shipment. Full quantity at the credit's
/// price with a smaller total complies. UCP 600 art. 30(c).
static SHORT_DRAWING: Rule = Rule {
    id: "INV-SHORT-DRAWING",
    severity: Severity::Blocking,
    title_en: "Short drawing under a credit that prohibits partial shipments",
    title_zh: "禁止分批装运的信用证项下少装少支",
    source: "UCP 600 art. 30(c)",
    run: |cx| checked(short_drawing(cx)),
};

fn short_drawing(cx: &Ctx) -> Calc<Outcome> {
    let Some(lc) = cx.lc() else {
        return Ok(not_applicable("No letter of credit.", "无信用证。"));
    };
    if !partials_prohibited(&lc.partial_shipments) {
        return Ok(not_applicable(
            format!(
                "The credit allows partial shipments ({}): a smaller drawing is a permitted partial shipment.",
                lc.partial_shipments
            ),
            format!(
                "信用证允许分批装运（{}），少支款属允许的分批装运。",
                lc.partial_shipments
            ),
        ));
    }
    let inv = &cx.set.invoice;
    let (minus, basis) = minus_tolerance(lc);
    let floor = minus_pct(lc.amount, minus)?;
    let mut hits = Vec::new();
    if inv.total_amount >= floor {
        return Ok(Outcome::Checked(hits));
    }
    // Besides the amount: the goods short beyond art. 30(a)/(b), or a lower unit price.
    let mut evidence_en = Vec::new();
    let mut evidence_zh = Vec::new();
    let mut fields: Vec<(String, String)> = Vec::new();
    for item in quantity_items(cx.set)? {
        if !item.short() {
            continue;
        }
        let got = item.invoiced.unwrap_or_default();
        let (inv_path, req_path) = qty_paths(&item);
        evidence_en.push(format!(
            "the quantity {} {u} is short of {} {u} beyond the tolerance ({})",
            qty(got),
            qty(item.required),
            item.tolerance_text(),
            u = item.unit
        ));
        evidence_zh.push(format!(
            "数量 {} {u} 少于 {} {u}，超出允许范围",
            qty(got),
            qty(item.required),
            u = item.unit
        ));
        fields.push((inv_path, qty(got)));
        fields.push((req_path, qty(item.required)));
    }
    let pairs = contract_lines_for(cx.set);
    for (i, line) in inv.lines.iter().enumerate() {
        let Some((price, about, src)) = reference_price(cx.set, &pairs, i) else {
            continue;
        };
        let least = if about { minus_pct(price, TEN)? } else { price };
        if line.unit_price < least {
            evidence_en.push(format!(
                "line {} unit price {} is lower than the credit's {}",
                i + 1,
                line.unit_price,
                price
            ));
            evidence_zh.push(format!("第 {} 行单价 {} 低于 {}", i + 1, line.unit_price, price));
            fields.push((
                format!("invoice.lines[{i}].unit_price"),
                line.unit_price.to_string(),
            ));
            fields.push((src.path(), price.to_string()));
        }
    }
    if evidence_en.is_empty() {
        return Ok(Outcome::Checked(hits));
    }
    let tolerance = match basis {
        AmountBasis::Field39A => format!("39A −{} % applied", qty(minus)),
        AmountBasis::About => "art. 30(a) −10 % (\"about\" the amount) applied".to_string(),
        AmountBasis::Stated => "art. 30(c) −5 % applied".to_string(),
    };
    let mut hit = Hit::new(
        format!(
            "The invoice draws {} {} of the credit amount {} (at least {} unless shipped in full), \
             partial shipments are not allowed, and {}.",
            inv.currency,
            money(inv.total_amount),
            money(lc.amount),
            money(floor),
            evidence_en.join("; ")
        ),
        format!(
            "发票金额 {} {} 低于信用证金额 {}（全额装运以外至少 {}），信用证禁止分批装运，且{}。",
            inv.currency,
            money(inv.total_amount),
            money(lc.amount),
            money(floor),
            evidence_zh.join("；")
        ),
    )
    .field("invoice.total_amount", Some(inv.total_amount))
    .field("lc.amount", Some(lc.amount))
    .field("lc.partial_shipments", Some(&lc.partial_shipments))
    .tolerance(tolerance);
    for (p, v) in fields {
        hit = hit.field(p, Some(v));
    }
    hits.push(hit);
    Ok(Outcome::Checked(hits))
}

/// The paths of the invoiced and the required quantity of one item.
fn qty_paths(item: &QtyItem) -> (String, String) {
    let inv = match item.invoice_line {
        Some(i) => format!("invoice.lines[{i}].quantity"),
        None => "invoice.lines[].quantity".to_string(),
    };
    let req = match item.contract_line {
        Some(i) => format!("contract.lines[{i}].quantity"),
        None => "lc.goods.quantity".to_string(),
    };
    (inv, req)
}

// ---------------------------------------------------------------------------------------
// INV-AMOUNT-CONTRACT
// ---------------------------------------------------------------------------------------

/// INV-AMOUNT-CONTRACT: without a credit, the invoice total outside the contract total ±
/// `contract.more_or_less_pct` (0 if none). The UCP 600 art. 30 logic applied to the
/// sales contract.
static AMOUNT_CONTRACT: Rule = Rule {
    id: "INV-AMOUNT-CONTRACT",
    severity: Severity::Blocking,
    title_en: "Invoice amount outside the contract amount and its more-or-less clause",
    title_zh: "发票金额超出合同金额及溢短装范围",
    source: "Sales contract more-or-less clause; UCP 600 art. 30 logic",
    run: |cx| checked(amount_contract(cx)),
};

fn amount_contract(cx: &Ctx) -> Calc<Outcome> {
    if cx.lc().is_some() {
        return Ok(not_applicable(
            "A letter of credit governs the amount (INV-AMOUNT-LC).",
            "有信用证，金额以信用证为准（见 INV-AMOUNT-LC）。",
        ));
    }
    let c = &cx.set.contract;
    let inv = &cx.set.invoice;
    let m = c.more_or_less_pct;
    // With partial shipments allowed, each shipment's invoice is a part of the contract:
    // only an invoice above the contract's amount and tolerance is a discrepancy.
    let lo = if partials_prohibited(&c.partial_shipments) {
        minus_pct(c.total_amount, m)?
    } else {
        Decimal::ZERO
    };
    let hi = plus_pct(c.total_amount, m)?;
    let mut hits = Vec::new();
    let total = inv.total_amount;
    if total > hi || total < lo {
        let (en, zh) = if total > hi {
            ("above", "高于")
        } else {
            ("below", "低于")
        };
        hits.push(
            Hit::new(
                format!(
                    "The invoice total {} {} is {en} the contract amount {} {} ± {} % ({} to {}).",
                    inv.currency,
                    money(total),
                    c.currency,
                    money(c.total_amount),
                    qty(m),
                    money(lo),
                    money(hi)
                ),
                format!(
                    "发票总金额 {} {} {zh}合同金额 {} {} ± {} % 的范围（{} 至 {}）。",
                    inv.currency,
                    money(total),
                    c.currency,
                    money(c.total_amount),
                    qty(m),
                    money(lo),
                    money(hi)
                ),
            )
            .field("invoice.total_amount", Some(total))
            .field("contract.total_amount", Some(c.total_amount))
            .field("contract.more_or_less_pct", Some(m))
            .tolerance(format!("contract more or less {} % applied", qty(m))),
        );
    }
    Ok(Outcome::Checked(hits))
}

// ---------------------------------------------------------------------------------------
// INV-QTY-TOLERANCE
// ---------------------------------------------------------------------------------------

/// INV-QTY-TOLERANCE: the invoiced quantity against the credit's 45A quantity (or the
/// contract's). "About" ±10 % (art. 30(a)); not in packing units ±5 % provided the amount is
/// not exceeded (art. 30(b)); in packing units no over-shipment; without a credit the
/// contract's more-or-less clause, each contract line against the invoice line of the same
/// description (else HS code, else place). Where partial shipments are allowed, any
/// shortfall is a permitted partial shipment in every branch. UCP 600 art. 30(a)(b), 31(a).
static QTY_TOLERANCE: Rule = Rule {
    id: "INV-QTY-TOLERANCE",
    severity: Severity::Blocking,
    title_en: "Invoiced quantity outside the tolerance",
    title_zh: "发票数量超出溢短装允许范围",
    source: "UCP 600 art. 30(a)(b)",
    run: |cx| checked(qty_tolerance(cx)),
};

fn qty_tolerance(cx: &Ctx) -> Calc<Outcome> {
    let items = quantity_items(cx.set)?;
    if items.is_empty() {
        return Ok(not_applicable(
            "Neither the credit nor the contract states a quantity.",
            "信用证和合同均未规定数量。",
        ));
    }
    let inv = &cx.set.invoice;
    let mut hits = Vec::new();
    for item in &items {
        let (inv_path, req_path) = qty_paths(item);
        let Some(got) = item.invoiced else {
            let i = item.invoice_line.unwrap_or_default();
            let unit = inv.lines.get(i).map_or("", |l| l.unit.as_str());
            let (req_en, req_zh) = if item.unit.is_empty() {
                ("no line of the contract".to_string(), "合同各行均不".to_string())
            } else {
                (
                    format!("the required `{}`", item.unit),
                    format!("规定的 `{}` ", item.unit),
                )
            };
            hits.push(
                Hit::new(
                    format!(
                        "The quantity of invoice line {} is in `{unit}`, which cannot be compared with \
                         {req_en}.",
                        i + 1
                    ),
                    format!("发票第 {} 行数量单位为 `{unit}`，与{req_zh}单位无法比较。", i + 1),
                )
                .field(format!("invoice.lines[{i}].unit"), Some(unit)),
            );
            continue;
        };
        if !(item.short() || item.over()) {
            continue;
        }
        let (en, zh) = if item.over() {
            ("more than", "超过")
        } else {
            ("less than", "少于")
        };
        hits.push(
            Hit::new(
                format!(
                    "Invoiced quantity {} {u} is {en} allowed: required {} {u}, allowed {} to {} {u}.",
                    qty(got),
                    qty(item.required),
                    qty(item.lo),
                    qty(item.hi),
                    u = item.unit
                ),
                format!(
                    "发票数量 {} {u} {zh}允许范围：规定 {} {u}，允许 {} 至 {} {u}。",
                    qty(got),
                    qty(item.required),
                    qty(item.lo),
                    qty(item.hi),
                    u = item.unit
                ),
            )
            .field(inv_path, Some(qty(got)))
            .field(req_path, Some(qty(item.required)))
            .tolerance(item.tolerance_text()),
        );
    }
    Ok(Outcome::Checked(hits))
}

// ---------------------------------------------------------------------------------------
// INV-UNIT-PRICE
// ---------------------------------------------------------------------------------------

/// INV-UNIT-PRICE: each invoice line's unit price against the credit's 45A price (or the
/// price of the contract line of the same description, else HS code, else place). Any
/// difference fires; ±10 % only when the credit says "about" the unit price. UCP 600 art.
/// 18(c), 30(a); ISBP 745/821 C.
static UNIT_PRICE: Rule = Rule {
    id: "INV-UNIT-PRICE",
    severity: Severity::Blocking,
    title_en: "Invoice unit price differs from the credit or contract",
    title_zh: "发票单价与信用证或合同不符",
    source: "UCP 600 art. 18(c), 30(a); ISBP 745/821 C",
    run: |cx| checked(unit_price(cx)),
};

fn unit_price(cx: &Ctx) -> Calc<Outcome> {
    let inv = &cx.set.invoice;
    let mut hits = Vec::new();
    let mut compared = false;
    let pairs = contract_lines_for(cx.set);
    for (i, line) in inv.lines.iter().enumerate() {
        let Some((price, about, src)) = reference_price(cx.set, &pairs, i) else {
            continue;
        };
        compared = true;
        let ok = if about {
            line.unit_price >= minus_pct(price, TEN)? && line.unit_price <= plus_pct(price, TEN)?
        } else {
            line.unit_price == price
        };
        if ok {
            continue;
        }
        let (doc_en, doc_zh) = match src {
            PriceRef::Credit => ("the credit", "信用证"),
            PriceRef::ContractLine(_) => ("the contract", "合同"),
        };
        let mut hit = Hit::new(
            format!(
                "Invoice line {} unit price {} differs from {doc_en}'s {}.",
                i + 1,
                line.unit_price,
                price
            ),
            format!(
                "发票第 {} 行单价 {} 与{doc_zh}单价 {} 不符。",
                i + 1,
                line.unit_price,
                price
            ),
        )
        .field(format!("invoice.lines[{i}].unit_price"), Some(line.unit_price))
        .field(src.path(), Some(price));
        if about {
            hit = hit.tolerance("art. 30(a) ±10 % (\"about\" the unit price) applied");
        }
        hits.push(hit);
    }
    if !compared {
        return Ok(not_applicable(
            "Neither the credit nor the contract gives a unit price for the invoice lines.",
            "信用证和合同均未给出发票各行的单价。",
        ));
    }
    Ok(Outcome::Checked(hits))
}

// ---------------------------------------------------------------------------------------
// INV-LINE-ARITH
// ---------------------------------------------------------------------------------------

/// INV-LINE-ARITH: each invoice line, |quantity × unit price − amount| must be below 0.01
/// (any rounding to the cent passes). Banks do not recompute, customs and buyers do. ISBP
/// 821 A22.
static LINE_ARITH: Rule = Rule {
    id: "INV-LINE-ARITH",
    severity: Severity::Warning,
    title_en: "Invoice line: quantity × unit price ≠ amount",
    title_zh: "发票明细行数量乘单价不等于金额",
    source: "ISBP 821 A22",
    run: |cx| checked(line_arith(cx)),
};

fn line_arith(cx: &Ctx) -> Calc<Outcome> {
    let inv = &cx.set.invoice;
    if inv.lines.is_empty() {
        return Ok(not_applicable("The invoice has no lines.", "发票无明细行。"));
    }
    let mut hits = Vec::new();
    for (i, line) in inv.lines.iter().enumerate() {
        let product = mul(line.quantity, line.unit_price)?;
        if sub(product, line.amount)?.abs() < ONE_CENT {
            continue;
        }
        hits.push(
            Hit::new(
                format!(
                    "Invoice line {}: {} × {} = {}, but the line shows {}.",
                    i + 1,
                    qty(line.quantity),
                    line.unit_price,
                    product.normalize(),
                    line.amount
                ),
                format!(
                    "发票第 {} 行：{} × {} = {}，但该行金额为 {}。",
                    i + 1,
                    qty(line.quantity),
                    line.unit_price,
                    product.normalize(),
                    line.amount
                ),
            )
            .field(format!("invoice.lines[{i}].quantity"), Some(line.quantity))
            .field(format!("invoice.lines[{i}].unit_price"), Some(line.unit_price))
            .field(format!("invoice.lines[{i}].amount"), Some(line.amount))
            .tolerance("less than 0.01 (rounding to the cent)"),
        );
    }
    Ok(Outcome::Checked(hits))
}

// ---------------------------------------------------------------------------------------
// INV-TOTAL-SUM
// ---------------------------------------------------------------------------------------

/// INV-TOTAL-SUM: the line amounts plus the charges shown (freight, insurance, other) less
/// the discounts shown must equal the invoice total, to the cent. A charge is a discount
/// when its amount is negative or its label says so (`DISCOUNT`, `REBATE`, `LESS`,
/// `DEDUCTION`, `ALLOWANCE`). ISBP 821 A22; UCP 600 art. 14(d).
static TOTAL_SUM: Rule = Rule {
    id: "INV-TOTAL-SUM",
    severity: Severity::Warning,
    title_en: "Invoice lines and charges do not add up to the total",
    title_zh: "发票各行金额及费用合计不等于总金额",
    source: "ISBP 821 A22; UCP 600 art. 14(d)",
    run: |cx| checked(total_sum(cx)),
};

/// A charge label that names a deduction.
fn is_deduction(label: &str) -> bool {
    label
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .any(|w| {
            let starts = |p: &str| w.len() >= p.len() && w[..p.len()].eq_ignore_ascii_case(p);
            starts("DISCOUNT")
                || starts("REBATE")
                || starts("DEDUCT")
                || w.eq_ignore_ascii_case("LESS")
                || starts("ALLOWANCE")
        })
}

fn total_sum(cx: &Ctx) -> Calc<Outcome> {
    let inv = &cx.set.invoice;
    if inv.lines.is_empty() {
        return Ok(not_applicable("The invoice has no lines.", "发票无明细行。"));
    }
    let lines = sum(inv.lines.iter().map(|l| l.amount))?;
    let mut total = lines;
    for ch in &inv.charges {
        total = if ch.amount > Decimal::ZERO && is_deduction(&ch.label) {
            sub(total, ch.amount)?
        } else {
            add(total, ch.amount)?
        };
    }
    let charges = sub(total, lines)?;
    let sum = total;
    let mut hits = Vec::new();
    if cents(sum) != cents(inv.total_amount) {
        let mut hit = Hit::new(
            format!(
                "The lines ({}) with the charges and discounts shown ({}) add up to {}, but the invoice total is {}.",
                money(lines),
                money(charges),
                money(sum),
                money(inv.total_amount)
            ),
            format!(
                "发票各行金额（{}）加减所列费用及折扣（{}）合计 {}，但发票总金额为 {}。",
                money(lines),
                money(charges),
                money(sum),
                money(inv.total_amount)
            ),
        );
        for (i, l) in inv.lines.iter().enumerate() {
            hit = hit.field(format!("invoice.lines[{i}].amount"), Some(l.amount));
        }
        for (i, c) in inv.charges.iter().enumerate() {
            hit = hit.field(format!("invoice.charges[{i}].amount"), Some(c.amount));
        }
        hits.push(hit.field("invoice.total_amount", Some(inv.total_amount)));
    }
    Ok(Outcome::Checked(hits))
}

// ---------------------------------------------------------------------------------------
// INV-WORDS-FIGURES
// ---------------------------------------------------------------------------------------

/// INV-WORDS-FIGURES: the invoice amount in words, read back, against the total in figures
/// (and the currency words against the currency). Any difference fires, cents included
/// ("AND CENTS SIX" is not .60). Words that cannot be read are not a discrepancy the engine
/// can assert: the rule is then not applicable, with the reason. UCP 600 art. 14(d).
static WORDS_FIGURES: Rule = Rule {
    id: "INV-WORDS-FIGURES",
    severity: Severity::Blocking,
    title_en: "Invoice amount in words differs from the figures",
    title_zh: "发票大写金额与小写金额不符",
    source: "UCP 600 art. 14(d)",
    run: words_figures,
};

/// Words against figures on one document: `Ok(None)` when they agree, `Err` (not
/// applicable) when the words cannot be read.
fn words_vs_figures(
    cx: &Ctx,
    (doc, doc_en, doc_zh): (&str, &str, &str),
    words: &str,
    figures: Decimal,
    figures_field: &str,
    currency: &str,
) -> Result<Option<Hit>, Outcome> {
    let words_path = || format!("{doc}.amount_in_words");
    let figures_path = || format!("{doc}.{figures_field}");
    let (name, amount) = match cx.amount_in_words(words, read_words) {
        Ok(read) => read,
        // Words that cannot be read are not a discrepancy the engine can assert.
        Err(e) => {
            return Err(not_applicable(
                format!(
                    "The {doc_en} amount in words cannot be read: {e} (the figures say {currency} {}).",
                    money(figures)
                ),
                format!(
                    "{doc_zh}大写金额无法识读：{e}（小写金额为 {currency} {}）。",
                    money(figures)
                ),
            ));
        }
    };
    if !words_currency_is(&name, currency) {
        return Ok(Some(
            Hit::new(
                format!("The {doc_en} amount in words is in {name}, the figures in {currency}."),
                format!("{doc_zh}大写金额币种为 {name}，小写金额币种为 {currency}。"),
            )
            .field(words_path(), Some(words))
            .field(format!("{doc}.currency"), Some(currency))
            .field(figures_path(), Some(figures)),
        ));
    }
    if cents(amount) != cents(figures) {
        return Ok(Some(
            Hit::new(
                format!(
                    "The {doc_en} amount in words says {currency} {}, the figures {currency} {}.",
                    money(amount),
                    money(figures)
                ),
                format!(
                    "{doc_zh}大写金额为 {currency} {}，小写金额为 {currency} {}。",
                    money(amount),
                    money(figures)
                ),
            )
            .field(words_path(), Some(words))
            .field(figures_path(), Some(figures)),
        ));
    }
    Ok(None)
}

fn words_figures(cx: &Ctx) -> Outcome {
    let inv = &cx.set.invoice;
    let Some(words) = inv.amount_in_words.as_deref().filter(|w| !w.trim().is_empty()) else {
        return not_applicable("The invoice shows no amount in words.", "发票未显示大写金额。");
    };
    match words_vs_figures(
        cx,
        ("invoice", "invoice", "发票"),
        words,
        inv.total_amount,
        "total_amount",
        &inv.currency,
    ) {
        Ok(hit) => Outcome::Checked(hit.into_iter().collect()),
        Err(na) => na,
    }
}

// ---------------------------------------------------------------------------------------
// INV-DEPOSIT-BALANCE
// ---------------------------------------------------------------------------------------

/// INV-DEPOSIT-BALANCE: a T/T deposit contract (e.g. 30/70): the invoice balance due must
/// equal the total less the deposit received, and the deposit must not exceed the contract
/// total × the contract's deposit percentage, compared in cents (the cap rounded up to the
/// cent). An invoice may deduct an advance payment the credit does not mention (ISBP 745 C).
static DEPOSIT_BALANCE: Rule = Rule {
    id: "INV-DEPOSIT-BALANCE",
    severity: Severity::Blocking,
    title_en: "Deposit and balance do not agree with the invoice total or the contract",
    title_zh: "定金、余款与发票总额或合同不符",
    source: "ISBP 745 C (advance-payment deduction)",
    run: |cx| checked(deposit_balance(cx)),
};

fn deposit_balance(cx: &Ctx) -> Calc<Outcome> {
    let inv = &cx.set.invoice;
    if inv.deposit_received.is_none() && inv.balance_due.is_none() {
        return Ok(not_applicable(
            "The invoice shows no deposit received and no balance due.",
            "发票未显示已收定金或应付余款。",
        ));
    }
    let c = &cx.set.contract;
    let deposit = inv.deposit_received.unwrap_or_default();
    let mut hits = Vec::new();
    if let Some(balance) = inv.balance_due {
        let expected = sub(inv.total_amount, deposit)?;
        if cents(balance) != cents(expected) {
            let mut hit = Hit::new(
                format!(
                    "The balance due {} is not the total {} less the deposit received {} (= {}).",
                    money(balance),
                    money(inv.total_amount),
                    money(deposit),
                    money(expected)
                ),
                format!(
                    "应付余款 {} 不等于发票总额 {} 减已收定金 {}（应为 {}）。",
                    money(balance),
                    money(inv.total_amount),
                    money(deposit),
                    money(expected)
                ),
            )
            .field("invoice.balance_due", Some(balance))
            .field("invoice.total_amount", Some(inv.total_amount));
            if let Some(d) = inv.deposit_received {
                hit = hit.field("invoice.deposit_received", Some(d));
            }
            hits.push(hit);
        }
    }
    if let Some(d) = inv.deposit_received
        && let Some(pct) = c.payment.deposit_pct
    {
        // Money is compared in cents: the cap rounded up to the cent (a deposit of 41808.02
        // complies with a cap of 41808.015).
        let cap = mul(c.total_amount, div(pct, HUNDRED)?)?
            .round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity);
        if cents(d) > cap {
            hits.push(
                Hit::new(
                    format!(
                        "The deposit received {} exceeds {} % of the contract total {} (= {}).",
                        money(d),
                        qty(pct),
                        money(c.total_amount),
                        money(cap)
                    ),
                    format!(
                        "已收定金 {} 超过合同总额 {} 的 {} %（即 {}）。",
                        money(d),
                        money(c.total_amount),
                        qty(pct),
                        money(cap)
                    ),
                )
                .field("invoice.deposit_received", Some(d))
                .field("contract.total_amount", Some(c.total_amount))
                .field("contract.payment.deposit_pct", Some(pct)),
            );
        }
    }
    Ok(Outcome::Checked(hits))
}

// ---------------------------------------------------------------------------------------
// X-CURRENCY
// ---------------------------------------------------------------------------------------

/// X-CURRENCY: the currency of the contract, credit, invoice, draft, insurance, collection
/// instruction and shipping advice amount. Any difference fires; each document is compared
/// with the credit's currency (the contract's without a credit). UCP 600 art. 18(a)(iii),
/// 28(f)(i); URC 522 art. 4(b)(5).
static CURRENCY: Rule = Rule {
    id: "X-CURRENCY",
    severity: Severity::Blocking,
    title_en: "Currency differs between documents",
    title_zh: "各单据币种不一致",
    source: "UCP 600 art. 18(a)(iii), 28(f)(i); URC 522 art. 4(b)(5)",
    run: currency,
};

fn currency(cx: &Ctx) -> Outcome {
    let set = cx.set;
    let (reference, ref_path, ref_en, ref_zh) = match cx.lc() {
        Some(lc) => (lc.currency.as_str(), "lc.currency", "the credit", "信用证"),
        None => (
            set.contract.currency.as_str(),
            "contract.currency",
            "the contract",
            "合同",
        ),
    };
    let mut others: [(Option<&str>, &str, &str, &str); 6] = [
        (None, "contract.currency", "the contract", "合同"),
        (
            Some(set.invoice.currency.as_str()),
            "invoice.currency",
            "the invoice",
            "发票",
        ),
        (
            set.draft.as_ref().map(|d| d.currency.as_str()),
            "draft.currency",
            "the draft",
            "汇票",
        ),
        (
            set.insurance_certificate.as_ref().map(|d| d.currency.as_str()),
            "insurance_certificate.currency",
            "the insurance document",
            "保险单",
        ),
        (
            set.collection_instruction.as_ref().map(|d| d.currency.as_str()),
            "collection_instruction.currency",
            "the collection instruction",
            "托收委托书",
        ),
        (
            set.shipping_advice.as_ref().and_then(|d| d.currency.as_deref()),
            "shipping_advice.currency",
            "the shipping advice",
            "装船通知",
        ),
    ];
    if cx.lc().is_some() {
        others[0].0 = Some(set.contract.currency.as_str());
    }
    let mut hits = Vec::new();
    for (cur, path, en, zh) in others {
        let Some(cur) = cur else { continue };
        if same_currency(cur, reference) {
            continue;
        }
        hits.push(
            Hit::new(
                format!("The currency of {en} is {cur}, that of {ref_en} {reference}."),
                format!("{zh}币种为 {cur}，{ref_zh}币种为 {reference}。"),
            )
            .field(path, Some(cur))
            .field(ref_path, Some(reference)),
        );
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// DRAFT-AMOUNT
// ---------------------------------------------------------------------------------------

/// DRAFT-AMOUNT: the draft amount (the words when words and figures differ, ISBP B14)
/// against the amount demanded: the invoice balance due when the invoice shows one (an
/// advance-payment deduction, ISBP C), else the invoice total; under a credit and under a
/// collection alike. ISBP 745/821 B14.
static DRAFT_AMOUNT: Rule = Rule {
    id: "DRAFT-AMOUNT",
    severity: Severity::Blocking,
    title_en: "Draft amount differs from the amount demanded",
    title_zh: "汇票金额与应收金额不符",
    source: "ISBP 745/821 B14",
    run: draft_amount,
};

fn draft_amount(cx: &Ctx) -> Outcome {
    let Some(draft) = &cx.set.draft else {
        return not_applicable("No draft.", "无汇票。");
    };
    let inv = &cx.set.invoice;
    let words = draft
        .amount_in_words
        .as_deref()
        .and_then(|w| cx.amount_in_words(w, read_words).ok())
        .map(|(_, a)| a);
    let (amount, by_words) = match words {
        Some(w) if cents(w) != cents(draft.amount) => (w, true),
        _ => (draft.amount, false),
    };
    let (demanded, demanded_path, what_en, what_zh) = match inv.balance_due {
        Some(b) => (
            b,
            "invoice.balance_due",
            "the balance due on the invoice",
            "发票应付余款",
        ),
        None => (
            inv.total_amount,
            "invoice.total_amount",
            "the invoice total",
            "发票总金额",
        ),
    };
    let mut hits = Vec::new();
    if cents(amount) != cents(demanded) {
        let (how_en, how_zh) = if by_words {
            (" (in words, which prevail over the figures)", "（以大写为准）")
        } else {
            ("", "")
        };
        let mut hit = Hit::new(
            format!(
                "The draft is drawn for {} {}{how_en}, but {what_en} is {} {}.",
                draft.currency,
                money(amount),
                inv.currency,
                money(demanded)
            ),
            format!(
                "汇票金额 {} {}{how_zh}，而{what_zh}为 {} {}。",
                draft.currency,
                money(amount),
                inv.currency,
                money(demanded)
            ),
        )
        .field("draft.amount", Some(draft.amount));
        if by_words {
            hit = hit.field("draft.amount_in_words", draft.amount_in_words.as_deref());
        }
        hits.push(hit.field(demanded_path, Some(demanded)));
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// DRAFT-WORDS-FIGURES
// ---------------------------------------------------------------------------------------

/// DRAFT-WORDS-FIGURES: the draft amount in words against the figures. Any difference
/// fires; only a warning because the words prevail (ISBP B14) and DRAFT-AMOUNT judges them.
/// Words that cannot be read: not applicable, with the reason.
static DRAFT_WORDS_FIGURES: Rule = Rule {
    id: "DRAFT-WORDS-FIGURES",
    severity: Severity::Warning,
    title_en: "Draft amount in words differs from the figures",
    title_zh: "汇票大小写金额不一致",
    source: "ISBP 745/821 B14",
    run: draft_words_figures,
};

fn draft_words_figures(cx: &Ctx) -> Outcome {
    let Some(draft) = &cx.set.draft else {
        return not_applicable("No draft.", "无汇票。");
    };
    let Some(words) = draft.amount_in_words.as_deref().filter(|w| !w.trim().is_empty()) else {
        return not_applicable("The draft shows no amount in words.", "汇票未显示大写金额。");
    };
    match words_vs_figures(
        cx,
        ("draft", "draft", "汇票"),
        words,
        draft.amount,
        "amount",
        &draft.currency,
    ) {
        Ok(hit) => Outcome::Checked(hit.into_iter().collect()),
        Err(na) => na,
    }
}

// ---------------------------------------------------------------------------------------
// INS-COVER-MIN
// ---------------------------------------------------------------------------------------

/// INS-COVER-MIN (CIF/CIP): the insured amount at least the credit's (else the contract's,
/// else 110) per cent of the CIF value, which is the invoice total before any deposit
/// deduction. The minimum is rounded up to the cent; 110.00 % exactly complies, one cent
/// below fires. UCP 600 art. 28(f)(ii).
static INS_COVER_MIN: Rule = Rule {
    id: "INS-COVER-MIN",
    severity: Severity::Blocking,
    title_en: "Insured amount below the minimum cover",
    title_zh: "保险金额低于最低投保金额",
    source: "UCP 600 art. 28(f)(ii)",
    run: |cx| checked(ins_cover_min(cx)),
};

fn ins_cover_min(cx: &Ctx) -> Calc<Outcome> {
    let set = cx.set;
    let term = set
        .invoice
        .incoterm
        .as_ref()
        .map(|t| t.term.as_str())
        .unwrap_or(set.contract.incoterm.term.as_str())
        .trim();
    if !cx.seller_insures() {
        return Ok(not_applicable(
            format!("Trade term {term}: the seller does not insure (CIF/CIP only)."),
            format!("贸易术语为 {term}，卖方无投保义务（仅限 CIF/CIP）。"),
        ));
    }
    let Some(ins) = &set.insurance_certificate else {
        return Ok(not_applicable("No insurance document.", "无保险单据。"));
    };
    let (pct, pct_path) = match (
        cx.lc().and_then(|lc| lc.insurance_required.as_ref()),
        set.contract.insurance.as_ref(),
    ) {
        (Some(r), _) => (r.pct, Some("lc.insurance_required.pct")),
        (None, Some(c)) => (c.pct, Some("contract.insurance.pct")),
        (None, None) => (DEFAULT_COVER_PCT, None),
    };
    let value = set.invoice.total_amount;
    let required =
        mul(value, div(pct, HUNDRED)?)?.round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity);
    let mut hits = Vec::new();
    if ins.insured_amount < required {
        let mut hit = Hit::new(
            format!(
                "Insured for {} {}, below {} % of the CIF value {} = {} (rounded up to the cent).",
                ins.currency,
                money(ins.insured_amount),
                qty(pct),
                money(value),
                money(required)
            ),
            format!(
                "保险金额 {} {} 低于 CIF 货值 {} 的 {} %，即 {}（按分向上取整）。",
                ins.currency,
                money(ins.insured_amount),
                money(value),
                qty(pct),
                money(required)
            ),
        )
        .field("insurance_certificate.insured_amount", Some(ins.insured_amount))
        .field("invoice.total_amount", Some(value));
        if let Some(p) = pct_path {
            hit = hit.field(p, Some(pct));
        }
        hits.push(hit.tolerance(format!(
            "art. 28(f)(ii): at least {} %, rounded up to the cent",
            qty(pct)
        )));
    }
    Ok(Outcome::Checked(hits))
}

pub(crate) static RULES: &[&Rule] = &[
    &AMOUNT_LC,
    &SHORT_DRAWING,
    &AMOUNT_CONTRACT,
    &QTY_TOLERANCE,
    &UNIT_PRICE,
    &LINE_ARITH,
    &TOTAL_SUM,
    &WORDS_FIGURES,
    &DEPOSIT_BALANCE,
    &CURRENCY,
    &DRAFT_AMOUNT,
    &DRAFT_WORDS_FIGURES,
    &INS_COVER_MIN,
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn units_read_the_isbp_spellings() {
        assert_eq!(Unit::of("ctns"), Unit::Kind("CARTONS"));
        assert_eq!(Unit::of(" Carton "), Unit::Kind("CARTONS"));
        assert_eq!(Unit::of("M.T."), Unit::Mt);
        assert_eq!(Unit::of("metric  tons"), Unit::Mt);
        assert_eq!(Unit::of("KGS"), Unit::Kg);
        assert_eq!(Unit::Kg.convert(d("42000"), Unit::Mt), Ok(Some(d("42"))));
        assert_eq!(Unit::Mt.convert(Decimal::MAX, Unit::Kg), Err(TooLarge));
        assert_eq!(Unit::of("DOZEN"), Unit::of("dozen"));
        assert_eq!(Unit::of("CARTONS").convert(d("1"), Unit::Kg), Ok(None));
    }

    #[test]
    fn words_read_both_cent_forms() {
        let (_, a) =
            read_words("SAY US DOLLARS THIRTY TWO THOUSAND FOUR HUNDRED AND SEVENTY TWO AND 60/100 ONLY")
                .unwrap();
        assert_eq!(a, d("32472.60"));
        let (_, a) =
            read_words("SAY US DOLLARS THIRTY TWO THOUSAND FOUR HUNDRED AND SEVENTY TWO AND CENTS SIX ONLY")
                .unwrap();
        assert_eq!(a, d("32472.06"));
        assert!(read_words("SAY US DOLLARS THIRTY TWO THOUSAND FOUR HUNDERD ONLY").is_err());
    }

    #[test]
    fn deductions_by_label() {
        assert!(is_deduction("SPECIAL DISCOUNT"));
        assert!(is_deduction("Less: early order rebate"));
        assert!(!is_deduction("OCEAN FREIGHT"));
        assert!(!is_deduction("UNLESS OTHERWISE STATED"));
    }

    #[test]
    fn figures_too_large_to_compute_do_not_panic() {
        use crate::{Options, check};
        use gendan_domain::document_set::DocumentSet;
        let text = include_str!("../../tests/cases/clean/apples-cfr-lc-clean.json");
        let mut set: DocumentSet = serde_json::from_str(text).unwrap();
        set.invoice.lines[0].quantity = d("7922816251426433759354395033");
        set.lc.as_mut().unwrap().amount = d("79228162514264337593543950335");
        let r = check(&set, &Options::default());
        // quantity × unit price and the credit amount plus its tolerance overflow.
        assert!(r.is_not_applicable("INV-LINE-ARITH"), "{:?}", r.not_applicable);
        let reason = &r
            .not_applicable
            .iter()
            .find(|n| n.rule == "INV-LINE-ARITH")
            .unwrap()
            .reason
            .en;
        assert!(reason.contains("too large to compute"), "{reason}");

        // Every figure at the top of its range, on every document.
        let max = Decimal::MAX;
        set.lc.as_mut().unwrap().tolerance_pct = Some(gendan_domain::document_set::Tolerance {
            plus: max,
            minus: max,
        });
        set.lc.as_mut().unwrap().goods.quantity = Some(max);
        set.lc.as_mut().unwrap().goods.unit = Some("KG".into());
        set.lc.as_mut().unwrap().goods.quantity_in_packing_units = false;
        set.invoice.lines[0].unit = "MT".into();
        set.invoice.lines[0].unit_price = max;
        set.invoice.lines[0].amount = max;
        set.invoice.lines.push(set.invoice.lines[0].clone());
        set.invoice.total_amount = max;
        set.invoice.charges = vec![gendan_domain::document_set::Charge {
            label: "FREIGHT".into(),
            amount: max,
        }];
        set.invoice.deposit_received = Some(-max);
        set.invoice.balance_due = Some(max);
        set.contract.total_amount = max;
        set.contract.payment.deposit_pct = Some(max);
        set.contract.lines[0].quantity = max;
        set.contract.lines.push(set.contract.lines[0].clone());
        set.contract.lines.push(set.contract.lines[0].clone());
        set.contract.more_or_less_pct = max;
        let pl = set.packing_list.as_mut().unwrap();
        pl.lines[0].packages = u32::MAX;
        pl.lines[0].net_per_package_kg = Some(max);
        pl.lines[0].net_weight_kg = Some(-max);
        pl.lines.push(pl.lines[0].clone());
        pl.containers.push(pl.containers[0].clone());
        pl.containers[0].packages = Some(u32::MAX);
        let mut bl = set.bills_of_lading[0].clone();
        bl.packages_total = Some(u32::MAX);
        bl.gross_weight_kg = Some(max);
        set.bills_of_lading[0].gross_weight_kg = Some(max);
        set.bills_of_lading.push(bl);
        set.insurance_certificate = None;
        let r = check(&set, &Options::default());
        for rule in [
            "INV-AMOUNT-LC",
            "INV-LINE-ARITH",
            "INV-TOTAL-SUM",
            "INV-DEPOSIT-BALANCE",
            "X-PKG-COUNT",
            "X-GROSS-WEIGHT",
            "PL-ARITH",
        ] {
            assert!(r.is_not_applicable(rule), "{rule}: {:?}", r.findings);
        }
        // Without a credit: the contract's figures.
        set.lc = None;
        let r = check(&set, &Options::default());
        for rule in ["INV-AMOUNT-CONTRACT", "INV-QTY-TOLERANCE"] {
            assert!(r.is_not_applicable(rule), "{rule}: {:?}", r.findings);
        }
        // CIF: the insured amount.
        let text = include_str!("../../tests/cases/clean/apples-cif-dp-clean.json");
        let mut set: DocumentSet = serde_json::from_str(text).unwrap();
        set.invoice.total_amount = max;
        set.contract.insurance.as_mut().unwrap().pct = max;
        let r = check(&set, &Options::default());
        assert!(r.is_not_applicable("INS-COVER-MIN"), "{:?}", r.findings);
    }

    #[test]
    fn the_deposit_cap_is_rounded_up_to_the_cent() {
        use crate::{Options, check};
        use gendan_domain::document_set::DocumentSet;
        let text = include_str!("../../tests/cases/clean/aluminium-fob-tt-clean.json");
        let mut set: DocumentSet = serde_json::from_str(text).unwrap();
        // 30 % of 139360.05 = 41808.015: a deposit of 41808.02 complies, 41808.03 does not.
        set.contract.total_amount = d("139360.05");
        set.invoice.deposit_received = Some(d("41808.02"));
        set.invoice.balance_due = Some(set.invoice.total_amount - d("41808.02"));
        assert!(!check(&set, &Options::default()).fired("INV-DEPOSIT-BALANCE"));
        set.invoice.deposit_received = Some(d("41808.03"));
        set.invoice.balance_due = Some(set.invoice.total_amount - d("41808.03"));
        assert!(check(&set, &Options::default()).fired("INV-DEPOSIT-BALANCE"));
    }

    #[test]
    fn cover_rounds_up_to_the_cent() {
        let r = (d("34057.32") * d("110") / HUNDRED)
            .round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity);
        assert_eq!(r, d("37463.06"));
        let r = (d("34056.00") * d("110") / HUNDRED)
            .round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity);
        assert_eq!(r, d("37461.60"));
    }
}
