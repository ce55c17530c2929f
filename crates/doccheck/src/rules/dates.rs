//! §2.1 Dates and presentation.

use crate::{Ctx, Hit, Outcome, Rule, Severity, not_applicable};

/// DATE-LATE-SHIPMENT: the date of shipment (on-board date, else B/L issue date; the
/// latest of several B/Ls) after the credit's latest shipment date, else the contract's.
/// The same day complies; never extended for bank holidays. UCP 600 art. 20(a)(ii),
/// 29(c), 31(b).
static LATE_SHIPMENT: Rule = Rule {
    id: "DATE-LATE-SHIPMENT",
    severity: Severity::Blocking,
    title_en: "Shipped after the latest shipment date",
    title_zh: "装运日晚于最迟装运期",
    source: "UCP 600 art. 20(a)(ii), 29(c), 31(b)",
    run: late_shipment,
};

fn late_shipment(cx: &Ctx) -> Outcome {
    let Some(shipped) = cx.shipment_date else {
        return not_applicable(
            "No bill of lading: no date of shipment.",
            "无提单，无法确定装运日。",
        );
    };
    let (latest, path) = match cx.lc().and_then(|lc| lc.latest_shipment_date) {
        Some(d) => (d, "lc.latest_shipment_date"),
        None => (cx.set.contract.shipment_latest, "contract.shipment_latest"),
    };
    let mut hits = Vec::new();
    if shipped > latest {
        hits.push(
            Hit::new(
                format!("Shipped on {shipped}, after the latest shipment date {latest}."),
                format!("装运日 {shipped} 晚于最迟装运期 {latest}。"),
            )
            .field("bills_of_lading[].shipment_date", Some(shipped))
            .field(path, Some(latest))
            .tolerance("none: the latest shipment date is not extended (art. 29(c))"),
        );
    }
    Outcome::Checked(hits)
}

pub(crate) static RULES: &[&Rule] = &[&LATE_SHIPMENT];
