//! Dispatch of a document set (寄单): by courier straight to the buyer, through the banks
//! with an export collection instruction (出口托收委托书, ICC URC 522), or as a presentation
//! under a letter of credit (UCP 600). What went, to whom, and where it stands.
//!
//! Air waybill numbers are checked where the courier's format is public: DHL Express (ten
//! digits, the last the first nine modulo 7), UPS (`1Z`, six characters of shipper number,
//! two of service, eight digits, with the UPS check digit), EMS and other postal items (UPU
//! S10: two letters, eight digits, the S10 check digit, the country's two letters), FedEx
//! (12 or 15 digits), TNT (9 digits), SF Express (12 digits, or `SF` and 13 digits).

use crate::bic::Bic;
use crate::error::ValidationErrors;
use serde::{Deserialize, Serialize};

/// A courier that carries original documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Courier {
    Dhl,
    Tnt,
    Fedex,
    Ups,
    Ems,
    Sf,
}

impl Courier {
    pub const ALL: [Courier; 6] = [
        Courier::Dhl,
        Courier::Tnt,
        Courier::Fedex,
        Courier::Ups,
        Courier::Ems,
        Courier::Sf,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Courier::Dhl => "dhl",
            Courier::Tnt => "tnt",
            Courier::Fedex => "fedex",
            Courier::Ups => "ups",
            Courier::Ems => "ems",
            Courier::Sf => "sf",
        }
    }

    pub fn parse(s: &str) -> Option<Courier> {
        Courier::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// Check an air waybill number as people type it (spaces and hyphens ignored); the
    /// number in its compact form, or why it is not one of this courier's.
    pub fn check_waybill(self, s: &str) -> Result<String, String> {
        let n: String = s
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_uppercase();
        let digits = |len: usize| n.len() == len && n.bytes().all(|b| b.is_ascii_digit());
        match self {
            Courier::Dhl => {
                if !digits(10) {
                    return Err("a DHL waybill has 10 digits".into());
                }
                let body: u64 = n[..9].parse().map_err(|_| "not a number".to_string())?;
                let check = u64::from(n.as_bytes()[9] - b'0');
                if body % 7 != check {
                    return Err(format!("the check digit should be {}", body % 7));
                }
            }
            Courier::Ups => {
                let ok = n.len() == 18 && n.starts_with("1Z") && n.bytes().all(|b| b.is_ascii_alphanumeric());
                if !ok {
                    return Err("a UPS tracking number is 1Z and 16 letters or digits".into());
                }
                let check = ups_check_digit(&n[2..17]);
                if Some(n.as_bytes()[17]) != check.map(|c| b'0' + c) {
                    return Err(match check {
                        Some(c) => format!("the check digit should be {c}"),
                        None => "not a UPS number".into(),
                    });
                }
            }
            Courier::Ems => {
                let b = n.as_bytes();
                let ok = n.len() == 13
                    && b[..2].iter().all(u8::is_ascii_uppercase)
                    && b[2..11].iter().all(u8::is_ascii_digit)
                    && b[11..].iter().all(u8::is_ascii_uppercase);
                if !ok {
                    return Err("an EMS item number is 2 letters, 9 digits and 2 letters (UPU S10)".into());
                }
                let check = s10_check_digit(&n[2..10]);
                if b[10] - b'0' != check {
                    return Err(format!("the check digit should be {check}"));
                }
            }
            Courier::Fedex => {
                if !(digits(12) || digits(15)) {
                    return Err("a FedEx tracking number has 12 or 15 digits".into());
                }
            }
            Courier::Tnt => {
                if !digits(9) {
                    return Err("a TNT consignment number has 9 digits".into());
                }
            }
            Courier::Sf => {
                let sf = n.len() == 15 && n.starts_with("SF") && n[2..].bytes().all(|b| b.is_ascii_digit());
                if !(digits(12) || sf) {
                    return Err("an SF waybill has 12 digits, or SF and 13 digits".into());
                }
            }
        }
        Ok(n)
    }
}

/// The UPS check digit of the 15 characters after `1Z`: letters count as
/// `(code − 63) mod 10`; the digits in odd places add once, in even places twice; the
/// check digit brings the sum to a multiple of ten.
fn ups_check_digit(s: &str) -> Option<u8> {
    let mut sum = 0u32;
    for (i, c) in s.bytes().enumerate() {
        let v = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' => (u32::from(c) - 63) % 10,
            _ => return None,
        };
        sum += if i % 2 == 1 { 2 * v } else { v };
    }
    Some(((10 - sum % 10) % 10) as u8)
}

/// The UPU S10 check digit of eight digits: weights 8 6 4 2 3 5 9 7, 11 − sum mod 11, 10 as
/// 0 and 11 as 5.
fn s10_check_digit(s: &str) -> u8 {
    const W: [u32; 8] = [8, 6, 4, 2, 3, 5, 9, 7];
    let sum: u32 = s.bytes().zip(W).map(|(c, w)| u32::from(c - b'0') * w).sum();
    match 11 - sum % 11 {
        10 => 0,
        11 => 5,
        d => d as u8,
    }
}

/// Where a dispatch stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DispatchState {
    Prepared,
    Sent,
    /// The buyer or the collecting bank has the documents.
    Received,
    /// The drawee accepted the draft (D/A) or the bank accepted a usance drawing.
    Accepted,
    Paid,
    /// The documents came back (refused, unpaid, or sent in error).
    Returned,
}

impl DispatchState {
    pub fn as_str(self) -> &'static str {
        match self {
            DispatchState::Prepared => "prepared",
            DispatchState::Sent => "sent",
            DispatchState::Received => "received",
            DispatchState::Accepted => "accepted",
            DispatchState::Paid => "paid",
            DispatchState::Returned => "returned",
        }
    }

    /// The steps allowed from here: forward only, or back as returned once sent and before
    /// acceptance.
    pub fn may_become(self, next: DispatchState) -> bool {
        use DispatchState::*;
        matches!(
            (self, next),
            (Prepared, Sent)
                | (Sent, Received)
                | (Sent, Paid)
                | (Received, Accepted)
                | (Received, Paid)
                | (Accepted, Paid)
                | (Sent, Returned)
                | (Received, Returned)
        )
        // Not (Accepted, Returned): the drawee holds the documents against the accepted
        // draft (URC 522 art. 7), which is owed at maturity.
    }

    /// The documents are out of our hands (their originals may not go again).
    pub fn holds_originals(self) -> bool {
        !matches!(self, DispatchState::Returned)
    }
}

/// How many originals of one document kind a dispatch sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginalsSent {
    /// The document (trade document id or kind and number) as the app names it.
    pub document: String,
    pub originals: u32,
    pub copies: u32,
}

/// A second dispatch may not send originals a dispatch not returned already sent, beyond
/// the number issued (`issued`: the document and its number of originals).
pub fn check_originals(
    issued: &[(String, u32)],
    earlier: &[(DispatchState, Vec<OriginalsSent>)],
    now: &[OriginalsSent],
) -> Result<(), ValidationErrors> {
    let mut errs = ValidationErrors::new();
    for (k, d) in now.iter().enumerate() {
        let gone: u32 = earlier
            .iter()
            .filter(|(s, _)| s.holds_originals())
            .flat_map(|(_, v)| v.iter())
            .filter(|o| o.document == d.document)
            .map(|o| o.originals)
            .sum();
        let Some((_, total)) = issued.iter().find(|(doc, _)| *doc == d.document) else {
            errs.push(
                format!("documents[{k}].document"),
                "unknown_document",
                "not a document of this set",
            );
            continue;
        };
        if d.originals > 0 && gone + d.originals > *total {
            errs.push(
                format!("documents[{k}].originals"),
                "originals_already_sent",
                format!("{gone} of the {total} originals went already"),
            );
        }
    }
    errs.into_result()
}

/// A bank on the collection instruction.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankInput {
    pub name: String,
    pub address: String,
    pub bic: String,
}

/// The party on whom the draft is drawn, or the principal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyInput {
    pub name: String,
    pub address: String,
}

/// An export collection instruction as filled in (URC 522 art. 4(b)).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionInstructionInput {
    pub remitting_bank: BankInput,
    pub collecting_bank: BankInput,
    pub principal: PartyInput,
    pub drawee: PartyInput,
    pub currency: String,
    pub amount: String,
    /// `D/P` or `D/A`.
    pub release: String,
    /// `AT SIGHT` for D/P; `60 DAYS AFTER SIGHT` or `60 DAYS AFTER B/L DATE` for D/A.
    pub tenor: String,
    /// Collection charges outside the remitting country: `drawee` or `drawer`.
    pub charges: String,
    /// Protest for non-payment / non-acceptance.
    #[serde(default)]
    pub protest: bool,
    /// A representative in the drawee's country to act in case of need.
    #[serde(default)]
    pub case_of_need: Option<String>,
    /// Interest to be collected, if any (e.g. `8 % P.A. FROM DUE DATE`).
    #[serde(default)]
    pub interest: Option<String>,
    pub documents: Vec<OriginalsSent>,
}

impl CollectionInstructionInput {
    /// Check every field; `balance_due` is the amount the documents demand (the invoice's
    /// balance, else its total), which the instruction must collect exactly.
    pub fn validate(
        &self,
        balance_due: rust_decimal::Decimal,
        currency_due: &str,
    ) -> Result<(), ValidationErrors> {
        let mut errs = ValidationErrors::new();
        for (field, b) in [
            ("remitting_bank", &self.remitting_bank),
            ("collecting_bank", &self.collecting_bank),
        ] {
            if b.name.trim().is_empty() {
                errs.push(format!("{field}.name"), "required", "the bank's name");
            }
            if b.address.trim().is_empty() {
                errs.push(format!("{field}.address"), "required", "the bank's address");
            }
            if let Err(e) = Bic::parse(&b.bic) {
                errs.push(format!("{field}.bic"), "invalid_bic", e);
            }
        }
        if self.principal.name.trim().is_empty() {
            errs.push("principal.name", "required", "the principal (drawer)");
        }
        if self.drawee.name.trim().is_empty() {
            errs.push("drawee.name", "required", "the drawee");
        }
        // URC 522 art. 4(c)(i): the drawee's complete address.
        if self
            .drawee
            .address
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace())
            .count()
            < 10
        {
            errs.push(
                "drawee.address",
                "required",
                "the drawee's complete address (URC 522 art. 4(c)(i))",
            );
        }
        if !self.currency.trim().eq_ignore_ascii_case(currency_due) {
            errs.push(
                "currency",
                "currency_differs",
                format!("the documents are in {currency_due}"),
            );
        }
        match self.amount.trim().parse::<rust_decimal::Decimal>() {
            Ok(a) if a != balance_due => errs.push(
                "amount",
                "amount_differs",
                format!("the balance due is {currency_due} {balance_due}"),
            ),
            Ok(_) => {}
            Err(_) => errs.push("amount", "invalid_amount", "an amount"),
        }
        let release = self.release.trim().to_ascii_uppercase();
        let tenor = self.tenor.trim().to_ascii_uppercase();
        let usance = tenor.chars().any(|c| c.is_ascii_digit()) || tenor.contains("AFTER");
        match release.as_str() {
            "D/P" if usance => errs.push("tenor", "dp_with_usance", "D/P is at sight (URC 522 art. 7(a))"),
            "D/A" if !usance => errs.push(
                "tenor",
                "da_without_tenor",
                "D/A needs a tenor: N DAYS AFTER SIGHT or B/L DATE",
            ),
            "D/P" | "D/A" => {}
            _ => errs.push("release", "invalid_choice", "D/P or D/A"),
        }
        if !matches!(
            self.charges.trim().to_ascii_lowercase().as_str(),
            "drawee" | "drawer"
        ) {
            errs.push("charges", "invalid_choice", "drawee or drawer");
        }
        if self.documents.is_empty() {
            errs.push(
                "documents",
                "required",
                "the documents enclosed (URC 522 art. 4(b)(vi))",
            );
        }
        for (k, d) in self.documents.iter().enumerate() {
            if d.originals == 0 && d.copies == 0 {
                errs.push(
                    format!("documents[{k}]"),
                    "nothing_enclosed",
                    "originals or copies",
                );
            }
        }
        errs.into_result()
    }
}

/// Where an L/C presentation stands in time: the last day for presentation (the shipment
/// date + the credit's period, 21 days when it states none, UCP 600 art. 14(c)), never later
/// than the expiry; both moved to the next banking day when the bank is closed (art. 29(a)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresentationWindow {
    pub last_day: chrono::NaiveDate,
    /// Days from `today` to the last day (negative: too late).
    pub days_left: i64,
    /// Days from `today` to the credit's expiry (moved to a banking day).
    pub days_to_expiry: i64,
    /// The expiry, not the period, sets the last day.
    pub expiry_first: bool,
}

pub fn presentation_window(
    shipment_date: chrono::NaiveDate,
    period_days: Option<u32>,
    expiry: chrono::NaiveDate,
    closed: &[chrono::NaiveDate],
    today: chrono::NaiveDate,
) -> Option<PresentationWindow> {
    use crate::calendar::{add_days, next_banking_day};
    let by_period = next_banking_day(add_days(shipment_date, period_days.unwrap_or(21))?, closed)?;
    let expiry = next_banking_day(expiry, closed)?;
    let last_day = by_period.min(expiry);
    Some(PresentationWindow {
        last_day,
        days_left: (last_day - today).num_days(),
        days_to_expiry: (expiry - today).num_days(),
        expiry_first: expiry < by_period,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn waybills() {
        assert_eq!(
            Courier::Dhl.check_waybill("12345 67891").unwrap(),
            "1234567891",
            "123456789 mod 7 = 1"
        );
        assert!(
            Courier::Dhl
                .check_waybill("1234567890")
                .unwrap_err()
                .contains("should be 1")
        );
        assert!(Courier::Dhl.check_waybill("12345").is_err());
        // UPS: the well-known sample 1Z999AA10123456784.
        assert!(Courier::Ups.check_waybill("1Z 999 AA1 0123 4567 84").is_ok());
        assert!(Courier::Ups.check_waybill("1Z999AA10123456785").is_err());
        // UPU S10 sample RA123456785CN... check digit of 12345678 is 5.
        assert!(Courier::Ems.check_waybill("EE123456785CN").is_ok());
        assert!(
            Courier::Ems
                .check_waybill("EE123456784CN")
                .unwrap_err()
                .contains("should be 5")
        );
        assert!(Courier::Fedex.check_waybill("7712 3456 7890").is_ok());
        assert!(Courier::Tnt.check_waybill("123456789").is_ok());
        assert!(Courier::Sf.check_waybill("SF1234567890123").is_ok());
        assert!(Courier::Sf.check_waybill("SF12").is_err());
        assert_eq!(Courier::parse("DHL"), Some(Courier::Dhl));
    }

    #[test]
    fn the_presentation_window() {
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        // Shipped Saturday 2025-10-18: day 21 is Saturday 2025-11-08, moved to Monday.
        let w = presentation_window(d("2025-10-18"), None, d("2025-12-31"), &[], d("2025-11-01")).unwrap();
        assert_eq!(w.last_day, d("2025-11-10"));
        assert_eq!(w.days_left, 9);
        assert!(!w.expiry_first);
        // An expiry before the period ends sets the last day.
        let w =
            presentation_window(d("2025-10-18"), Some(21), d("2025-11-05"), &[], d("2025-11-06")).unwrap();
        assert_eq!(w.last_day, d("2025-11-05"));
        assert!(w.expiry_first);
        assert_eq!(w.days_left, -1, "too late");
    }

    #[test]
    fn states_go_forward_or_come_back_returned() {
        use DispatchState::*;
        assert!(Prepared.may_become(Sent));
        assert!(!Prepared.may_become(Paid));
        assert!(Received.may_become(Accepted) && Accepted.may_become(Paid));
        assert!(Sent.may_become(Returned));
        assert!(!Paid.may_become(Returned));
        assert!(!Returned.may_become(Sent));
    }

    #[test]
    fn originals_go_once() {
        let issued = vec![("bl".to_string(), 3), ("invoice".to_string(), 1)];
        let sent = |n| OriginalsSent {
            document: "bl".into(),
            originals: n,
            copies: 0,
        };
        assert!(check_originals(&issued, &[], &[sent(3)]).is_ok());
        let earlier = vec![(DispatchState::Sent, vec![sent(2)])];
        assert!(
            check_originals(&issued, &earlier, &[sent(1)]).is_ok(),
            "the third original"
        );
        let e = check_originals(&issued, &earlier, &[sent(2)]).unwrap_err();
        assert_eq!(e.0[0].code, "originals_already_sent");
        let back = vec![(DispatchState::Returned, vec![sent(3)])];
        assert!(
            check_originals(&issued, &back, &[sent(3)]).is_ok(),
            "returned documents go again"
        );
    }

    fn instruction() -> CollectionInstructionInput {
        CollectionInstructionInput {
            remitting_bank: BankInput {
                name: "BANK OF CHINA, YANTAI BRANCH".into(),
                address: "166 JIEFANG ROAD, YANTAI, CHINA".into(),
                bic: "BKCHCNBJ500".into(),
            },
            collecting_bank: BankInput {
                name: "ABN AMRO BANK N.V.".into(),
                address: "COOLSINGEL 93, ROTTERDAM".into(),
                bic: "ABNANL2R".into(),
            },
            principal: PartyInput {
                name: "YANTAI GOLDEN ORCHARD FRUIT CO., LTD.".into(),
                address: "NO. 88 GUOYUAN ROAD, QIXIA".into(),
            },
            drawee: PartyInput {
                name: "ROTTERDAM FRESH IMPORT B.V.".into(),
                address: "MAASHAVEN OOSTZIJDE 12, 3072 HR ROTTERDAM".into(),
            },
            currency: "USD".into(),
            amount: "34056.00".into(),
            release: "D/P".into(),
            tenor: "AT SIGHT".into(),
            charges: "drawee".into(),
            protest: false,
            case_of_need: None,
            interest: None,
            documents: vec![OriginalsSent {
                document: "bl".into(),
                originals: 3,
                copies: 2,
            }],
        }
    }

    #[test]
    fn a_collection_instruction_names_each_bad_field() {
        let due = Decimal::new(3405600, 2);
        assert!(instruction().validate(due, "USD").is_ok());
        let mut i = instruction();
        i.drawee.address = "".into();
        i.amount = "34056.01".into();
        i.tenor = "60 DAYS AFTER SIGHT".into();
        i.collecting_bank.bic = "ABN".into();
        let e = i.validate(due, "USD").unwrap_err();
        let codes: Vec<(&str, &str)> = e.0.iter().map(|f| (f.field.as_str(), f.code.as_str())).collect();
        assert!(codes.contains(&("drawee.address", "required")), "{codes:?}");
        assert!(codes.contains(&("amount", "amount_differs")), "{codes:?}");
        assert!(codes.contains(&("tenor", "dp_with_usance")), "{codes:?}");
        assert!(
            codes.contains(&("collecting_bank.bic", "invalid_bic")),
            "{codes:?}"
        );
        let mut da = instruction();
        da.release = "D/A".into();
        assert_eq!(da.validate(due, "USD").unwrap_err().0[0].code, "da_without_tenor");
    }
}
