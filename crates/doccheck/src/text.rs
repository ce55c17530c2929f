//! Normalising text and figures before comparing them (doccheck-rules.md §0; ISBP 745/821
//! A1 abbreviations, A23 misspellings not applied to party names).

use rust_decimal::Decimal;

/// Uppercase, whitespace and line breaks collapsed into one space, trimmed.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            out.extend(c.to_uppercase());
        }
    }
    out
}

/// The usual abbreviations (ISBP A1) written out, so `CO., LTD.` = `COMPANY LIMITED`.
fn expand(word: &str) -> &str {
    match word {
        "CO" => "COMPANY",
        "LTD" => "LIMITED",
        "INT'L" | "INTL" => "INTERNATIONAL",
        "CORP" => "CORPORATION",
        "IND" => "INDUSTRY",
        "NO" => "NUMBER",
        w => w,
    }
}

/// A company name for comparison: normalised, abbreviations written out, `.` and `,`
/// ignored, `&` and `AND` ignored (ISBP A1). Names are then compared exactly: A23 is not
/// applied to party names.
pub fn company(s: &str) -> String {
    let cleaned: String = norm(s)
        .chars()
        .map(|c| if c == ',' || c == '&' { ' ' } else { c })
        .collect();
    let mut out = String::with_capacity(cleaned.len() + 8);
    let mut push = |w: &str| {
        if w.is_empty() || w == "AND" {
            return;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(expand(w));
    };
    for token in cleaned.split_whitespace() {
        // `B.V.`, `N.V.`, `S.A.` are one word written with dots (= `BV`, `NV`, `SA`);
        // elsewhere a dot ends a word (`CO.LTD` = `CO LTD`).
        let parts: Vec<&str> = token.split('.').filter(|p| !p.is_empty()).collect();
        if parts.len() > 1 && parts.iter().all(|p| p.chars().count() == 1) {
            push(&parts.concat());
        } else {
            for p in parts {
                push(p);
            }
        }
    }
    out
}

/// Two company names are the same party after normalisation.
pub fn same_company(a: &str, b: &str) -> bool {
    company(a) == company(b)
}

/// Free text for comparison: normalised, `.` and `,` ignored, abbreviations written out.
pub fn words(s: &str) -> String {
    company(s)
}

/// A kind of package or unit of measure in one spelling (ISBP A1): `CTNS` = `CARTONS`,
/// `KGS` = `KG`, `PKGS` = `PACKAGES`.
pub fn unit(s: &str) -> String {
    let n = norm(s).replace('.', "");
    let n = n.trim();
    match n {
        "CTN" | "CTNS" | "CARTON" | "CARTONS" => "CARTONS",
        "BDL" | "BDLS" | "BUNDLE" | "BUNDLES" => "BUNDLES",
        "PKG" | "PKGS" | "PACKAGE" | "PACKAGES" => "PACKAGES",
        "PC" | "PCS" | "PIECE" | "PIECES" => "PIECES",
        "PLT" | "PLTS" | "PALLET" | "PALLETS" => "PALLETS",
        "KG" | "KGS" | "KILO" | "KILOS" | "KILOGRAM" | "KILOGRAMS" => "KG",
        "MT" | "METRIC TON" | "METRIC TONS" | "TONNE" | "TONNES" => "MT",
        "BOX" | "BOXES" => "BOXES",
        "BAG" | "BAGS" => "BAGS",
        "CASE" | "CASES" => "CASES",
        "CRATE" | "CRATES" => "CRATES",
        "SET" | "SETS" => "SETS",
        other => return other.to_string(),
    }
    .to_string()
}

/// Two kinds of package agree: the same after normalisation, or one of them the generic
/// `PACKAGES`, which matches any kind.
pub fn same_package_kind(a: &str, b: &str) -> bool {
    let (a, b) = (unit(a), unit(b));
    a == b || a == "PACKAGES" || b == "PACKAGES"
}

/// A vessel name without `M/V`, `MV`, `M.V.` (with or without a space after the dot:
/// `MV.HANSA QINGDAO`, `M.V.HANSA QINGDAO`).
pub fn vessel(s: &str) -> String {
    let n = norm(s);
    let rest = ["M/V. ", "M/V ", "M.V. ", "M.V.", "M.V ", "MV. ", "MV.", "MV "]
        .iter()
        .find_map(|p| n.strip_prefix(p))
        .unwrap_or(&n);
    rest.trim().to_string()
}

/// `s` without the word `w` at its start, when `w` stands alone there (followed by `.`, a
/// space, a digit or nothing); the dots and spaces after it dropped.
fn strip_word<'a>(s: &'a str, w: &str) -> Option<&'a str> {
    let rest = s.strip_prefix(w)?;
    let ok = rest
        .bytes()
        .next()
        .is_none_or(|c| c == b'.' || c == b' ' || c.is_ascii_digit());
    ok.then(|| rest.trim_start_matches(['.', ' ']))
}

/// A voyage number without `V.`, `VOY`, `VOY.`, `VOY. NO.`, `VOYAGE NO`, and without a `V`
/// written onto the number (`V2514W` = `2514W`).
pub fn voyage(s: &str) -> String {
    let n = norm(s);
    let mut rest = n.as_str();
    if let Some(r) = strip_word(rest, "VOYAGE").or_else(|| strip_word(rest, "VOY")) {
        rest = r;
        if let Some(r) = strip_word(rest, "NO").or_else(|| strip_word(rest, "NUMBER")) {
            rest = r;
        }
    } else if let Some(r) = strip_word(rest, "V") {
        rest = r;
    }
    rest.replace(' ', "")
}

/// A container number with spaces, hyphens and the check-digit box (`/`, `(`, `)`)
/// removed, uppercase.
pub fn container(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Two UN/LOCODEs are the same, ignoring case and spaces (`NL RTM`).
pub fn codes_equal(a: &str, b: &str) -> bool {
    let x = a.bytes().filter(|c| *c != b' ').map(|c| c.to_ascii_uppercase());
    let y = b.bytes().filter(|c| *c != b' ').map(|c| c.to_ascii_uppercase());
    x.eq(y)
}

/// Two UN/LOCODEs name the same port: equal, or one the trade code of the other's port
/// (`CNTAO` = `CNQDG`, port-aliases.csv).
pub fn same_port_code(a: &str, b: &str) -> bool {
    if codes_equal(a, b) {
        return true;
    }
    let (Some(pa), Some(pb)) = (
        gendan_domain::port::Port::lookup(a),
        gendan_domain::port::Port::lookup(b),
    ) else {
        return false;
    };
    let official = |p: &'static gendan_domain::port::Port| {
        std::iter::once(p.code.as_str()).chain(
            p.alias()
                .into_iter()
                .flat_map(|al| al.official_port_codes.iter().map(String::as_str)),
        )
    };
    official(pa).any(|x| official(pb).any(|y| x == y))
}

/// Two weights agree after rounding both to the coarser number of decimals the two
/// documents show (§0): `25344` and `25343.8` agree; `25344` and `25345` do not.
pub fn weights_agree(a: Decimal, b: Decimal) -> bool {
    weights_agree_at(a, a.scale(), b, b.scale())
}

/// [`weights_agree`] for weights shown with `a_dp` and `b_dp` decimals (a sum of weights is
/// only as precise as the coarsest weight it adds up: `12672` + `12671.60` is compared in
/// whole kilos).
pub fn weights_agree_at(a: Decimal, a_dp: u32, b: Decimal, b_dp: u32) -> bool {
    let scale = a_dp.min(b_dp);
    round(a, scale) == round(b, scale)
}

fn round(d: Decimal, scale: u32) -> Decimal {
    d.round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// Money compared in cents.
pub fn cents(d: Decimal) -> Decimal {
    round(d, 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn company_names_compare_after_the_isbp_abbreviations() {
        assert!(same_company(
            "Yantai Golden Orchard Co., Ltd.",
            "YANTAI GOLDEN ORCHARD COMPANY LIMITED"
        ));
        assert!(same_company(
            "Smith & Sons Int'l Corp",
            "SMITH AND SONS INTERNATIONAL CORPORATION"
        ));
        assert!(!same_company(
            "Yantai Golden Orchard Co., Ltd.",
            "Yantai Golden Orchards Co., Ltd."
        ));
    }

    #[test]
    fn units_and_packages() {
        assert_eq!(unit("ctns"), "CARTONS");
        assert_eq!(unit("KGS"), "KG");
        assert!(same_package_kind("CTNS", "cartons"));
        assert!(same_package_kind("PACKAGES", "BUNDLES"));
        assert!(!same_package_kind("BUNDLES", "CARTONS"));
    }

    #[test]
    fn vessels_voyages_containers() {
        assert_eq!(vessel("M/V Cosco Shipping Aries"), "COSCO SHIPPING ARIES");
        assert_eq!(vessel("MV COSCO SHIPPING ARIES"), "COSCO SHIPPING ARIES");
        assert_eq!(voyage("VOY. 045W"), "045W");
        assert_eq!(voyage("V.045W"), "045W");
        assert_eq!(voyage("V2514W"), "2514W");
        assert_eq!(voyage("VOY. NO. 2514W"), "2514W");
        assert_eq!(voyage("VOY NO 2514W"), "2514W");
        assert_eq!(voyage("VOY.NO.2514W"), "2514W");
        assert_eq!(voyage("2514W"), "2514W");
        assert_eq!(voyage("VOYAGER1"), "VOYAGER1");
        assert_eq!(vessel("MV.HANSA QINGDAO"), "HANSA QINGDAO");
        assert_eq!(vessel("M.V.HANSA QINGDAO"), "HANSA QINGDAO");
        assert_eq!(vessel("MVHANSA"), "MVHANSA");
        assert_eq!(container("CSQU 305438-3"), "CSQU3054383");
    }

    #[test]
    fn weights_round_to_the_coarser_document() {
        assert!(weights_agree(d("25344"), d("25343.8")));
        assert!(!weights_agree(d("25344"), d("25345")));
        assert!(weights_agree(d("19200.00"), d("19200")));
        assert!(!weights_agree(d("19200.01"), d("19200.00")));
        let sum = d("12672") + d("12671.60");
        assert!(!weights_agree(sum, d("25344.00")));
        assert!(weights_agree_at(sum, 0, d("25344.00"), 2));
        assert!(!weights_agree_at(sum, 0, d("25345.00"), 2));
    }
}
