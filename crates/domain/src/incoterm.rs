//! Incoterms® 2020 (国际贸易术语解释通则 2020), the ICC's rules for who delivers where,
//! who pays the main carriage and who insures it (ICC publication No. 723E).
//!
//! A term is only complete with its named place (`FOB Qingdao`, `CFR Rotterdam`): for the
//! four rules for sea and inland waterway transport (FAS, FOB, CFR, CIF) that place is a port,
//! named here by its UN/LOCODE (see [`crate::port`]).

use crate::country::CountryCode;
use crate::country::country_name;
use crate::error::ValidationErrors;
use crate::port::Port;
use serde::{Deserialize, Serialize};
use std::fmt;

#[cfg(feature = "openapi")]
schema_as!(NamedPlace, NamedPlaceRepr);
#[cfg(feature = "openapi")]
schema_as!(TermWithPlace, TermWithPlaceInput);

/// One of the eleven Incoterms® 2020 rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(rename_all = "UPPERCASE", example = "FOB")
)]
pub enum Incoterm {
    /// Ex Works (工厂交货)
    Exw,
    /// Free Carrier (货交承运人)
    Fca,
    /// Carriage Paid To (运费付至)
    Cpt,
    /// Carriage and Insurance Paid To (运费和保险费付至)
    Cip,
    /// Delivered at Place (目的地交货)
    Dap,
    /// Delivered at Place Unloaded (卸货地交货)
    Dpu,
    /// Delivered Duty Paid (完税后交货)
    Ddp,
    /// Free Alongside Ship (船边交货)
    Fas,
    /// Free On Board (船上交货)
    Fob,
    /// Cost and Freight (成本加运费)
    Cfr,
    /// Cost, Insurance and Freight (成本、保险费加运费)
    Cif,
}

/// What the named place after a term is, per Incoterms® 2020.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum NamedPlaceKind {
    /// FAS, FOB: the port of shipment (装运港).
    PortOfShipment,
    /// CFR, CIF: the port of destination (目的港).
    PortOfDestination,
    /// EXW, FCA, DAP, DPU, DDP: the place where the seller delivers (交货地).
    PlaceOfDelivery,
    /// CPT, CIP: the place of destination the seller pays carriage to (目的地).
    PlaceOfDestination,
}

impl NamedPlaceKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            NamedPlaceKind::PortOfShipment => "port of shipment",
            NamedPlaceKind::PortOfDestination => "port of destination",
            NamedPlaceKind::PlaceOfDelivery => "place of delivery",
            NamedPlaceKind::PlaceOfDestination => "place of destination",
        }
    }
    /// True for the two kinds that must be ports.
    pub fn is_port(&self) -> bool {
        matches!(
            self,
            NamedPlaceKind::PortOfShipment | NamedPlaceKind::PortOfDestination
        )
    }
}

impl fmt::Display for NamedPlaceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Incoterm {
    /// In the order of the ICC's publication: rules for any mode, then sea rules.
    pub const ALL: [Incoterm; 11] = [
        Incoterm::Exw,
        Incoterm::Fca,
        Incoterm::Cpt,
        Incoterm::Cip,
        Incoterm::Dap,
        Incoterm::Dpu,
        Incoterm::Ddp,
        Incoterm::Fas,
        Incoterm::Fob,
        Incoterm::Cfr,
        Incoterm::Cif,
    ];

    /// The three-letter code (`FOB`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Incoterm::Exw => "EXW",
            Incoterm::Fca => "FCA",
            Incoterm::Cpt => "CPT",
            Incoterm::Cip => "CIP",
            Incoterm::Dap => "DAP",
            Incoterm::Dpu => "DPU",
            Incoterm::Ddp => "DDP",
            Incoterm::Fas => "FAS",
            Incoterm::Fob => "FOB",
            Incoterm::Cfr => "CFR",
            Incoterm::Cif => "CIF",
        }
    }

    /// Parse the three-letter code, ignoring case and surrounding spaces. Rules withdrawn
    /// before 2020 (DAT, DDU, C&F …) are refused.
    pub fn parse(s: &str) -> Option<Incoterm> {
        let t = s.trim();
        Incoterm::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(t))
    }

    /// The rule's English name (`Free On Board`).
    pub fn name_en(&self) -> &'static str {
        match self {
            Incoterm::Exw => "Ex Works",
            Incoterm::Fca => "Free Carrier",
            Incoterm::Cpt => "Carriage Paid To",
            Incoterm::Cip => "Carriage and Insurance Paid To",
            Incoterm::Dap => "Delivered at Place",
            Incoterm::Dpu => "Delivered at Place Unloaded",
            Incoterm::Ddp => "Delivered Duty Paid",
            Incoterm::Fas => "Free Alongside Ship",
            Incoterm::Fob => "Free On Board",
            Incoterm::Cfr => "Cost and Freight",
            Incoterm::Cif => "Cost, Insurance and Freight",
        }
    }

    /// The rule's usual Chinese name (`船上交货`).
    pub fn name_zh(&self) -> &'static str {
        match self {
            Incoterm::Exw => "工厂交货",
            Incoterm::Fca => "货交承运人",
            Incoterm::Cpt => "运费付至",
            Incoterm::Cip => "运费和保险费付至",
            Incoterm::Dap => "目的地交货",
            Incoterm::Dpu => "卸货地交货",
            Incoterm::Ddp => "完税后交货",
            Incoterm::Fas => "船边交货",
            Incoterm::Fob => "船上交货",
            Incoterm::Cfr => "成本加运费",
            Incoterm::Cif => "成本、保险费加运费",
        }
    }

    /// The four rules for sea and inland waterway transport only: FAS, FOB, CFR, CIF. Their
    /// named place is a port.
    pub fn is_sea_only(&self) -> bool {
        matches!(
            self,
            Incoterm::Fas | Incoterm::Fob | Incoterm::Cfr | Incoterm::Cif
        )
    }

    /// What the place named after the term is.
    pub fn named_place_kind(&self) -> NamedPlaceKind {
        match self {
            Incoterm::Fas | Incoterm::Fob => NamedPlaceKind::PortOfShipment,
            Incoterm::Cfr | Incoterm::Cif => NamedPlaceKind::PortOfDestination,
            Incoterm::Cpt | Incoterm::Cip => NamedPlaceKind::PlaceOfDestination,
            Incoterm::Exw | Incoterm::Fca | Incoterm::Dap | Incoterm::Dpu | Incoterm::Ddp => {
                NamedPlaceKind::PlaceOfDelivery
            }
        }
    }

    /// Whether the seller contracts and pays for the main carriage: the C and D rules (CPT,
    /// CIP, CFR, CIF, DAP, DPU, DDP); not EXW, FCA, FAS, FOB.
    pub fn seller_pays_main_carriage(&self) -> bool {
        !matches!(
            self,
            Incoterm::Exw | Incoterm::Fca | Incoterm::Fas | Incoterm::Fob
        )
    }

    /// Whether the seller must insure the goods for the buyer: CIF (at least ICC (C) cover)
    /// and CIP (at least ICC (A) cover), Incoterms® 2020 A5.
    pub fn seller_insures(&self) -> bool {
        matches!(self, Incoterm::Cif | Incoterm::Cip)
    }

    /// The freight clause as a bill of lading shows it (运费预付 / 运费到付): `FREIGHT PREPAID`
    /// when the seller pays the main carriage, else `FREIGHT COLLECT`.
    pub fn freight_wording(&self) -> &'static str {
        if self.seller_pays_main_carriage() {
            "FREIGHT PREPAID"
        } else {
            "FREIGHT COLLECT"
        }
    }
}

impl fmt::Display for Incoterm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for Incoterm {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Incoterm::parse(&s).ok_or_else(|| format!("`{s}` is not an Incoterms 2020 rule"))
    }
}

impl From<Incoterm> for String {
    fn from(t: Incoterm) -> String {
        t.as_str().to_string()
    }
}

/// Longest free-text place or point we accept.
pub const MAX_PLACE: usize = 200;

/// The place named after a term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "NamedPlaceRepr", into = "NamedPlaceRepr")]
pub enum NamedPlace {
    /// A port by UN/LOCODE, optionally with the precise point in it (a terminal, a CY),
    /// which Incoterms® 2020 recommends naming.
    Port {
        port: &'static Port,
        point: Option<String>,
    },
    /// Any other place: a town, a warehouse, the buyer's premises; with its country.
    Place { name: String, country: CountryCode },
}

impl NamedPlace {
    /// The port, when the place is one.
    pub fn port(&self) -> Option<&'static Port> {
        match self {
            NamedPlace::Port { port, .. } => Some(port),
            NamedPlace::Place { .. } => None,
        }
    }
    pub fn country(&self) -> CountryCode {
        match self {
            NamedPlace::Port { port, .. } => port.country,
            NamedPlace::Place { country, .. } => *country,
        }
    }
}

/// `Rotterdam, Netherlands (NLRTM)`, `Qianwan Container Terminal, Qingdao, China (CNTAO)`,
/// `Hamburg Warehouse 4, Germany`.
impl fmt::Display for NamedPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NamedPlace::Port { port, point: None } => write!(f, "{port}"),
            NamedPlace::Port { port, point: Some(p) } => write!(f, "{p}, {port}"),
            NamedPlace::Place { name, country } => write!(f, "{name}, {}", country_name(*country)),
        }
    }
}

/// How a [`NamedPlace`] is stored and exchanged: a port's code with an optional point, or a
/// place's name with its country.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NamedPlaceRepr {
    /// UN/LOCODE, e.g. `NLRTM`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<String>,
    /// The point in the port, or the place when there is no port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// ISO 3166-1 alpha-2; required for a place that is not a port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl From<NamedPlace> for NamedPlaceRepr {
    fn from(p: NamedPlace) -> Self {
        match p {
            NamedPlace::Port { port, point } => NamedPlaceRepr {
                port: Some(port.code.clone()),
                place: point,
                country: None,
            },
            NamedPlace::Place { name, country } => NamedPlaceRepr {
                port: None,
                place: Some(name),
                country: Some(country.to_string()),
            },
        }
    }
}

impl TryFrom<NamedPlaceRepr> for NamedPlace {
    type Error = ValidationErrors;
    fn try_from(r: NamedPlaceRepr) -> Result<Self, ValidationErrors> {
        let mut errs = ValidationErrors::new();
        let place = check_place(&mut errs, None, &r.port, &r.place, &r.country);
        errs.into_result()?;
        place.ok_or_else(|| ValidationErrors::single("place", "required", "a named place is required"))
    }
}

/// Trim; empty becomes `None`.
fn clean(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

fn check_text(errs: &mut ValidationErrors, field: &str, v: &str) {
    if v.chars().count() > MAX_PLACE {
        errs.push(
            field,
            "too_long",
            format!("must be at most {MAX_PLACE} characters"),
        );
    }
    if v.chars().any(char::is_control) {
        errs.push(field, "control_characters", "must not contain control characters");
    }
}

/// Validate the place fields; push every error; return the place when it is whole.
/// `term` is `None` when the term is unknown or not given; the sea-only rule then is not
/// checked.
fn check_place(
    errs: &mut ValidationErrors,
    term: Option<Incoterm>,
    port: &Option<String>,
    place: &Option<String>,
    country: &Option<String>,
) -> Option<NamedPlace> {
    let (port_code, place, country_text) = (clean(port), clean(place), clean(country));
    if let Some(p) = &place {
        check_text(errs, "place", p);
    }
    let country = match &country_text {
        None => None,
        Some(c) => match CountryCode::parse(c) {
            Ok(c) => Some(c),
            Err(e) => {
                errs.push("country", "invalid_country", format!("`{c}` {e}"));
                None
            }
        },
    };
    let what = |t: Option<Incoterm>| match t {
        Some(t) => format!("{t} needs its {}", t.named_place_kind()),
        None => "the term needs its named place".to_string(),
    };
    if let Some(code) = port_code {
        let Some(port) = Port::lookup(&code) else {
            errs.push(
                "port",
                "unknown_port",
                format!("`{code}` is not a known UN/LOCODE port"),
            );
            return None;
        };
        if let Some(c) = country
            && c != port.country
        {
            errs.push(
                "country",
                "country_mismatch",
                format!("{} is in {}, not {c}", port.code, port.country),
            );
        }
        return Some(NamedPlace::Port { port, point: place });
    }
    if term.is_some_and(|t| t.is_sea_only()) {
        match &place {
            Some(p) => errs.push(
                "place",
                "place_not_a_port",
                format!(
                    "{}: a port by its UN/LOCODE, not `{p}`{}",
                    what(term),
                    match Port::lookup(p) {
                        Some(port) => format!(" (put {} in the port field)", port.code),
                        None => String::new(),
                    }
                ),
            ),
            None => errs.push(
                "port",
                "required",
                format!("{}: a port by its UN/LOCODE", what(term)),
            ),
        }
        return None;
    }
    let Some(name) = place else {
        errs.push("place", "required", format!("{}: a port or a place", what(term)));
        return None;
    };
    if country_text.is_none() {
        errs.push(
            "country",
            "required",
            "a place that is not a port needs its country",
        );
    }
    Some(NamedPlace::Place {
        name,
        country: country?,
    })
}

/// A term with its named place (`CFR Rotterdam, Netherlands (NLRTM)`). The place of a
/// sea-only term (FAS, FOB, CFR, CIF) is always a port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "TermWithPlaceInput", into = "TermWithPlaceInput")]
pub struct TermWithPlace {
    term: Incoterm,
    place: NamedPlace,
}

impl TermWithPlace {
    /// Refuses a sea-only term whose place is not a port (`place_not_a_port`).
    pub fn new(term: Incoterm, place: NamedPlace) -> Result<Self, ValidationErrors> {
        let mut errs = ValidationErrors::new();
        match &place {
            NamedPlace::Port { point, .. } => {
                if let Some(p) = point {
                    check_text(&mut errs, "place", p);
                }
            }
            NamedPlace::Place { name, .. } => {
                if term.is_sea_only() {
                    errs.push(
                        "place",
                        "place_not_a_port",
                        format!(
                            "{term} needs its {}: a port by its UN/LOCODE",
                            term.named_place_kind()
                        ),
                    );
                }
                if name.trim().is_empty() {
                    errs.push("place", "required", "the place needs a name");
                }
                check_text(&mut errs, "place", name);
            }
        }
        errs.into_result()?;
        Ok(Self { term, place })
    }
    pub fn term(&self) -> Incoterm {
        self.term
    }
    pub fn place(&self) -> &NamedPlace {
        &self.place
    }
    /// As ICC recommends writing it in a contract: `CFR Rotterdam, Netherlands (NLRTM)
    /// Incoterms® 2020`.
    pub fn contract_wording(&self) -> String {
        format!("{self} Incoterms® 2020")
    }
}

/// `CFR Rotterdam, Netherlands (NLRTM)`.
impl fmt::Display for TermWithPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.term, self.place)
    }
}

/// A term with its place as a user or API client sends it: plain strings, validated as a
/// whole by [`TermWithPlaceInput::validate`], which reports every bad field at once.
///
/// Give `port` (a UN/LOCODE) and optionally `place` as the precise point in it; or, for a
/// rule for any mode, only `place` and `country`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TermWithPlaceInput {
    /// EXW, FCA, CPT, CIP, DAP, DPU, DDP, FAS, FOB, CFR, CIF
    #[serde(default)]
    pub term: String,
    /// UN/LOCODE of the port, e.g. `NLRTM`; required for FAS, FOB, CFR, CIF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<String>,
    /// The precise point in the port, or the place when there is no port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// ISO 3166-1 alpha-2; required for a place that is not a port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl TermWithPlaceInput {
    /// Validate everything; on failure every field error, with codes `required`,
    /// `invalid_incoterm`, `unknown_port`, `place_not_a_port`, `invalid_country`,
    /// `country_mismatch`, `too_long`, `control_characters`.
    pub fn validate(&self) -> Result<TermWithPlace, ValidationErrors> {
        let mut errs = ValidationErrors::new();
        let term = Incoterm::parse(&self.term);
        if term.is_none() {
            if self.term.trim().is_empty() {
                errs.push("term", "required", "the Incoterms rule is required");
            } else {
                errs.push(
                    "term",
                    "invalid_incoterm",
                    format!(
                        "`{}` is not an Incoterms 2020 rule; use one of {}",
                        self.term.trim(),
                        Incoterm::ALL.map(|t| t.as_str()).join(", ")
                    ),
                );
            }
        }
        let place = check_place(&mut errs, term, &self.port, &self.place, &self.country);
        errs.into_result()?;
        match (term, place) {
            (Some(term), Some(place)) => TermWithPlace::new(term, place),
            _ => Err(ValidationErrors::single(
                "place",
                "required",
                "a named place is required",
            )),
        }
    }
}

impl TryFrom<TermWithPlaceInput> for TermWithPlace {
    type Error = ValidationErrors;
    fn try_from(i: TermWithPlaceInput) -> Result<Self, ValidationErrors> {
        i.validate()
    }
}

impl From<TermWithPlace> for TermWithPlaceInput {
    fn from(t: TermWithPlace) -> Self {
        let r = NamedPlaceRepr::from(t.place);
        TermWithPlaceInput {
            term: t.term.to_string(),
            port: r.port,
            place: r.place,
            country: r.country,
        }
    }
}

impl From<&TermWithPlace> for TermWithPlaceInput {
    fn from(t: &TermWithPlace) -> Self {
        t.clone().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(
        term: &str,
        port: Option<&str>,
        place: Option<&str>,
        country: Option<&str>,
    ) -> TermWithPlaceInput {
        TermWithPlaceInput {
            term: term.into(),
            port: port.map(Into::into),
            place: place.map(Into::into),
            country: country.map(Into::into),
        }
    }

    fn codes(e: &ValidationErrors) -> Vec<(&str, &str)> {
        e.0.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect()
    }

    #[test]
    fn parse_and_print_every_rule() {
        for t in Incoterm::ALL {
            assert_eq!(Incoterm::parse(t.as_str()), Some(t));
            assert_eq!(
                Incoterm::parse(&format!(" {} ", t.as_str().to_lowercase())),
                Some(t)
            );
        }
        assert_eq!(Incoterm::parse("fob"), Some(Incoterm::Fob));
        assert_eq!(Incoterm::Fob.to_string(), "FOB");
        for old in ["DAT", "DDU", "C&F", "", "FOBB"] {
            assert_eq!(Incoterm::parse(old), None, "{old}");
        }
    }

    #[test]
    fn sea_rules_and_place_kinds() {
        let sea: Vec<_> = Incoterm::ALL.into_iter().filter(Incoterm::is_sea_only).collect();
        assert_eq!(sea, [Incoterm::Fas, Incoterm::Fob, Incoterm::Cfr, Incoterm::Cif]);
        for t in Incoterm::ALL {
            assert_eq!(t.is_sea_only(), t.named_place_kind().is_port(), "{t}");
        }
        assert_eq!(Incoterm::Fob.named_place_kind(), NamedPlaceKind::PortOfShipment);
        assert_eq!(
            Incoterm::Cif.named_place_kind(),
            NamedPlaceKind::PortOfDestination
        );
        assert_eq!(
            Incoterm::Cip.named_place_kind(),
            NamedPlaceKind::PlaceOfDestination
        );
        assert_eq!(Incoterm::Exw.named_place_kind(), NamedPlaceKind::PlaceOfDelivery);
        assert_eq!(Incoterm::Ddp.named_place_kind(), NamedPlaceKind::PlaceOfDelivery);
    }

    #[test]
    fn carriage_insurance_and_freight_clause() {
        let prepaid = ["CPT", "CIP", "DAP", "DPU", "DDP", "CFR", "CIF"];
        for t in Incoterm::ALL {
            let p = prepaid.contains(&t.as_str());
            assert_eq!(t.seller_pays_main_carriage(), p, "{t}");
            assert_eq!(
                t.freight_wording(),
                if p { "FREIGHT PREPAID" } else { "FREIGHT COLLECT" }
            );
            assert_eq!(
                t.seller_insures(),
                matches!(t, Incoterm::Cif | Incoterm::Cip),
                "{t}"
            );
        }
        assert_eq!(Incoterm::Fob.freight_wording(), "FREIGHT COLLECT");
        assert_eq!(Incoterm::Cfr.freight_wording(), "FREIGHT PREPAID");
    }

    #[test]
    fn cfr_rotterdam() {
        let t = input("cfr", Some("nlrtm"), None, None).validate().unwrap();
        assert_eq!(t.term(), Incoterm::Cfr);
        assert_eq!(t.place().port().unwrap().code, "NLRTM");
        assert_eq!(t.to_string(), "CFR Rotterdam, Netherlands (NLRTM)");
        assert_eq!(
            t.contract_wording(),
            "CFR Rotterdam, Netherlands (NLRTM) Incoterms® 2020"
        );
    }

    #[test]
    fn fob_qingdao_by_trade_code_with_a_point() {
        let t = input(
            "FOB",
            Some("CNTAO"),
            Some("Qianwan Container Terminal"),
            Some("CN"),
        )
        .validate()
        .unwrap();
        assert_eq!(
            t.to_string(),
            "FOB Qianwan Container Terminal, Qingdao, China (CNTAO)"
        );
    }

    #[test]
    fn any_mode_rule_takes_a_place_with_country() {
        let t = input("DAP", None, Some("Warehouse 4, Hamburg"), Some("de"))
            .validate()
            .unwrap();
        assert_eq!(t.to_string(), "DAP Warehouse 4, Hamburg, Germany");
        assert_eq!(t.place().country().as_str(), "DE");
        let t = input("FCA", Some("CNYNT"), None, None).validate().unwrap();
        assert_eq!(t.to_string(), "FCA Yantai, China (CNYNT)");
    }

    #[test]
    fn sea_rule_refuses_a_place_that_is_not_a_port() {
        let e = input("FOB", None, Some("Yantai"), Some("CN"))
            .validate()
            .unwrap_err();
        assert_eq!(codes(&e), [("place", "place_not_a_port")]);
        let e = input("CIF", None, Some("NLRTM"), None).validate().unwrap_err();
        assert_eq!(codes(&e), [("place", "place_not_a_port")]);
        assert!(e.0[0].message.contains("put NLRTM in the port field"));
        let e = input("CIF", None, None, None).validate().unwrap_err();
        assert_eq!(codes(&e), [("port", "required")]);
        let place = NamedPlace::Place {
            name: "Yantai".into(),
            country: CountryCode::parse("CN").unwrap(),
        };
        let e = TermWithPlace::new(Incoterm::Fas, place.clone()).unwrap_err();
        assert_eq!(codes(&e), [("place", "place_not_a_port")]);
        assert!(TermWithPlace::new(Incoterm::Exw, place).is_ok());
    }

    #[test]
    fn every_bad_field_is_reported() {
        let e = input("XYZ", Some("ZZZZZ"), Some("a\u{7}b"), Some("QQ"))
            .validate()
            .unwrap_err();
        assert_eq!(
            codes(&e),
            [
                ("term", "invalid_incoterm"),
                ("place", "control_characters"),
                ("country", "invalid_country"),
                ("port", "unknown_port"),
            ]
        );
        let e = input("", None, None, None).validate().unwrap_err();
        assert_eq!(codes(&e), [("term", "required"), ("place", "required")]);
        let e = input("DAP", None, Some("Hamburg"), None).validate().unwrap_err();
        assert_eq!(codes(&e), [("country", "required")]);
        let e = input("CFR", Some("NLRTM"), None, Some("BE"))
            .validate()
            .unwrap_err();
        assert_eq!(codes(&e), [("country", "country_mismatch")]);
        let long = "x".repeat(MAX_PLACE + 1);
        let e = input("EXW", None, Some(&long), Some("CN"))
            .validate()
            .unwrap_err();
        assert_eq!(codes(&e), [("place", "too_long")]);
    }

    #[test]
    fn serde_round_trip_goes_through_validation() {
        let t = input("CIF", Some("IDJKT"), None, None).validate().unwrap();
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, r#"{"term":"CIF","port":"IDJKT"}"#);
        assert_eq!(serde_json::from_str::<TermWithPlace>(&json).unwrap(), t);
        assert!(
            serde_json::from_str::<TermWithPlace>(r#"{"term":"FOB","place":"Qingdao","country":"CN"}"#)
                .is_err()
        );
        assert!(serde_json::from_str::<TermWithPlace>(r#"{"term":"FOB","port":"CNTAO","x":1}"#).is_err());
        let p: NamedPlace = serde_json::from_str(r#"{"place":"Hamburg","country":"DE"}"#).unwrap();
        assert_eq!(p.to_string(), "Hamburg, Germany");
        assert!(serde_json::from_str::<NamedPlace>("{}").is_err());
        assert_eq!(serde_json::to_string(&Incoterm::Dpu).unwrap(), r#""DPU""#);
        assert_eq!(
            serde_json::from_str::<Incoterm>(r#""fca""#).unwrap(),
            Incoterm::Fca
        );
    }
}
