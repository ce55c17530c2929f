//! The rules, one module per section of doccheck-rules.md §2.

use std::sync::LazyLock;

use crate::Rule;

mod amounts;
mod certificates;
mod collection;
mod dates;
mod goods;
mod packages;
mod parties;
mod transport;

/// The rule ids of doccheck-rules.md §2, in its order (§3 counts 77).
pub(crate) const CATALOGUE: [&str; 77] = [
    "DATE-LATE-SHIPMENT",
    "DATE-EARLY-SHIPMENT",
    "DATE-PRESENTATION-PERIOD",
    "DATE-LC-EXPIRY",
    "DATE-DOC-AFTER-PRESENTATION",
    "INS-DATE",
    "PHYTO-DATE-AFTER-SHIPMENT",
    "PHYTO-INSPECTION-STALE",
    "ADV-TIMING",
    "INV-AMOUNT-LC",
    "INV-SHORT-DRAWING",
    "INV-AMOUNT-CONTRACT",
    "INV-QTY-TOLERANCE",
    "INV-UNIT-PRICE",
    "INV-LINE-ARITH",
    "INV-TOTAL-SUM",
    "INV-WORDS-FIGURES",
    "INV-DEPOSIT-BALANCE",
    "X-CURRENCY",
    "DRAFT-AMOUNT",
    "DRAFT-WORDS-FIGURES",
    "INS-COVER-MIN",
    "INV-ISSUER",
    "INV-BUYER",
    "X-ADDRESS-COUNTRY",
    "BL-CONSIGNEE",
    "BL-NOTIFY",
    "X-CONSIGNEE-CERTS",
    "BL-SHIPPER-THIRD-PARTY",
    "COL-DRAWEE",
    "INV-DESC-LC",
    "INV-TITLE",
    "X-GOODS-CONFLICT",
    "X-HS6",
    "X-ORIGIN",
    "X-INCOTERM",
    "BL-FREIGHT-TERM",
    "X-PKG-COUNT",
    "X-PKG-UNIT",
    "X-GROSS-WEIGHT",
    "X-NET-WEIGHT",
    "PL-ARITH",
    "PL-GW-LT-NW",
    "X-MARKS",
    "BL-ON-BOARD",
    "BL-INTENDED-VESSEL",
    "BL-CLEAN",
    "BL-ON-DECK",
    "BL-FULL-SET",
    "BL-CARRIER-SIGNATURE",
    "X-PORT-LOADING",
    "X-PORT-DISCHARGE",
    "LC-PARTIAL-SHIPMENT",
    "LC-TRANSHIPMENT",
    "CTR-ISO6346",
    "X-CONTAINER-SET",
    "X-SEAL",
    "X-VESSEL-VOYAGE",
    "X-BL-NUMBER",
    "BL-REEFER-SETPOINT",
    "COL-STRAIGHT-BL",
    "INS-ROUTE",
    "INS-RISKS",
    "CO-ISSUER-FORM",
    "PHYTO-BOTANICAL",
    "PHYTO-QTY",
    "PHYTO-POINT-OF-ENTRY",
    "PHYTO-CONVEYANCE",
    "PHYTO-ADDITIONAL-DECLARATION",
    "COL-URC522",
    "COL-AMOUNT",
    "COL-DOC-LIST",
    "COL-TERMS-TENOR",
    "COL-TERMS-CONTRACT",
    "LC-DOCS-MISSING",
    "LC-REF-MISSING",
    "ADV-INVOICE-REF",
];

/// Every rule in the catalogue's order.
pub(crate) static ALL: LazyLock<Vec<&'static Rule>> = LazyLock::new(|| {
    let mut all = [
        dates::RULES,
        amounts::RULES,
        parties::RULES,
        goods::RULES,
        packages::RULES,
        transport::RULES,
        certificates::RULES,
        collection::RULES,
    ]
    .concat();
    all.sort_by_key(|r| CATALOGUE.iter().position(|id| *id == r.id).unwrap_or(usize::MAX));
    all
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_of_the_catalogue_once_with_its_severity() {
        let ids: Vec<&str> = ALL.iter().map(|r| r.id).collect();
        let missing: Vec<&&str> = CATALOGUE.iter().filter(|id| !ids.contains(id)).collect();
        let extra: Vec<&&str> = ids.iter().filter(|id| !CATALOGUE.contains(id)).collect();
        assert!(extra.is_empty(), "rules not in the catalogue: {extra:?}");
        assert!(missing.is_empty(), "catalogue rules not implemented: {missing:?}");
        assert_eq!(ids.len(), CATALOGUE.len(), "a rule twice");
        // §3: 9 warnings, the rest blocking.
        let warnings: Vec<&str> = ALL
            .iter()
            .filter(|r| r.severity == crate::Severity::Warning)
            .map(|r| r.id)
            .collect();
        let mut expected = vec![
            "INV-LINE-ARITH",
            "INV-TOTAL-SUM",
            "DRAFT-WORDS-FIGURES",
            "PL-ARITH",
            "PHYTO-INSPECTION-STALE",
            "PHYTO-CONVEYANCE",
            "BL-REEFER-SETPOINT",
            "COL-STRAIGHT-BL",
            "LC-REF-MISSING",
        ];
        let mut got = warnings.clone();
        got.sort();
        expected.sort();
        assert_eq!(got, expected);
    }
}
