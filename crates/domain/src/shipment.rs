//! Booking and shipment (订舱, 出运): the booking request to the forwarder and its
//! confirmation (carrier, vessel, voyage, cut-offs), containers with their ISO 6346 numbers,
//! seals, what was stuffed in them and their verified gross mass (VGM, SOLAS VI/2 method 2),
//! milestones from booking to release, the roll-up of shipped quantities to the instruction
//! and the contract, and the alerts the work queue shows.
//!
//! A shipment (one booking, one vessel) may carry several instructions of one buyer
//! (combined, 拼单); an instruction may ship in several shipments (partial, 分批) where its
//! contract allows it (UCP 600 art. 31).

use crate::contract::QuantityUnit;
use crate::documents::{clean_opt, clean_text, validate_date};
use crate::error::ValidationErrors;
use crate::instruction::{InstructionData, InstructionState, line_ceiling, line_floor};
use crate::product::{ReeferSettings, decimal};
use crate::sales_contract::ContractData;
use crate::units::Celsius;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use uuid::Uuid;

/// Most container rows one booking asks for, and most containers one shipment carries.
pub const MAX_CONTAINERS: u32 = 200;
/// Most instructions one shipment combines.
pub const MAX_INSTRUCTIONS: usize = 20;
/// Most seals on one container.
pub const MAX_SEALS: usize = 5;
/// Most free days (detention and demurrage) a booking records.
pub const MAX_FREE_DAYS: u32 = 90;

// ---------------------------------------------------------------------------------------
// ISO 6346 container numbers
// ---------------------------------------------------------------------------------------

/// A container number (箱号) per ISO 6346: three letters of the owner code, the equipment
/// category (`U` freight container, `J` detachable freight container-related equipment, `Z`
/// trailer or chassis), a six-digit serial number and the check digit, e.g. `CSQU3054383`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "CSQU3054383"))]
pub struct ContainerNumber(String);

/// Why a container number is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContainerNumberError {
    #[error("the container number is required")]
    Empty,
    #[error(
        "`{0}` is not a container number: ISO 6346 wants 4 letters, 6 digits and a check digit (11 characters, e.g. CSQU3054383)"
    )]
    Format(String),
    #[error(
        "`{found}` is not an equipment category: the fourth letter is U (freight container), J (detachable equipment) or Z (trailer/chassis)"
    )]
    Category { found: char },
    #[error(
        "the check digit of {number} is {found}, but ISO 6346 gives {expected}: the expected check digit is {expected}"
    )]
    CheckDigit {
        number: String,
        found: char,
        expected: u8,
    },
}

impl ContainerNumberError {
    /// The stable code the interface translates.
    pub fn code(&self) -> &'static str {
        match self {
            ContainerNumberError::Empty => "required",
            ContainerNumberError::Format(_) => "invalid_container_number",
            ContainerNumberError::Category { .. } => "invalid_equipment_category",
            ContainerNumberError::CheckDigit { .. } => "check_digit",
        }
    }
}

/// ISO 6346 letter values: A = 10, and every multiple of 11 is skipped (so B = 12, L = 23,
/// V = 34).
fn letter_value(c: char) -> Option<u32> {
    if !c.is_ascii_uppercase() {
        return None;
    }
    let mut v = 10u32;
    let mut l = 'A';
    loop {
        if v.is_multiple_of(11) {
            v += 1;
        }
        if l == c {
            return Some(v);
        }
        l = (l as u8 + 1) as char;
        v += 1;
    }
}

/// The ISO 6346 check digit of the first ten characters (owner code, category, serial):
/// each character's value times 2^position, summed, modulo 11, and 10 written as 0.
pub fn check_digit(first_ten: &str) -> Option<u8> {
    let chars: Vec<char> = first_ten.chars().collect();
    if chars.len() != 10 {
        return None;
    }
    let mut sum = 0u32;
    for (i, c) in chars.iter().enumerate() {
        let v = if i < 4 { letter_value(*c)? } else { c.to_digit(10)? };
        sum += v << i;
    }
    Some(((sum % 11) % 10) as u8)
}

impl ContainerNumber {
    /// Read a number as people type it: case, spaces and hyphens (`csqu 305438-3`) do not
    /// matter; the letters, the category, the digits and the check digit do.
    pub fn parse(s: &str) -> Result<Self, ContainerNumberError> {
        let compact: String = s
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_uppercase();
        if compact.is_empty() {
            return Err(ContainerNumberError::Empty);
        }
        let chars: Vec<char> = compact.chars().collect();
        let shape_ok = chars.len() == 11
            && chars[..4].iter().all(|c| c.is_ascii_uppercase())
            && chars[4..].iter().all(|c| c.is_ascii_digit());
        if !shape_ok {
            return Err(ContainerNumberError::Format(s.trim().to_string()));
        }
        if !matches!(chars[3], 'U' | 'J' | 'Z') {
            return Err(ContainerNumberError::Category { found: chars[3] });
        }
        let expected = check_digit(&compact[..10]).expect("shape checked");
        let found = chars[10];
        if found.to_digit(10) != Some(expected as u32) {
            return Err(ContainerNumberError::CheckDigit {
                number: compact[..10].to_string(),
                found,
                expected,
            });
        }
        Ok(ContainerNumber(compact))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The owner code and category (`CSQU`).
    pub fn prefix(&self) -> &str {
        &self.0[..4]
    }
    /// As painted on the container: `CSQU 305438 3`.
    pub fn spaced(&self) -> String {
        format!("{} {} {}", &self.0[..4], &self.0[4..10], &self.0[10..])
    }
}

impl fmt::Display for ContainerNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the rules need to know of a container type (from the container table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerSpec {
    pub code: String,
    pub tare_kg: Decimal,
    /// The maximum gross mass (CSC plate rating) of the type.
    pub max_gross_kg: Decimal,
    pub reefer: bool,
}

// ---------------------------------------------------------------------------------------
// Booking
// ---------------------------------------------------------------------------------------

/// Where a booking stands: requested from the forwarder, confirmed by the carrier, cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum BookingState {
    Requested,
    Confirmed,
    Cancelled,
}

impl BookingState {
    pub fn as_str(&self) -> &'static str {
        match self {
            BookingState::Requested => "requested",
            BookingState::Confirmed => "confirmed",
            BookingState::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<BookingState> {
        [
            BookingState::Requested,
            BookingState::Confirmed,
            BookingState::Cancelled,
        ]
        .into_iter()
        .find(|v| v.as_str() == s.trim())
    }
}

/// Containers of one type asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContainerRequest {
    /// Container type code (`40RH`).
    pub container_type: String,
    pub count: u32,
}

/// The booking request (订舱委托书) sent to the forwarder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingRequest {
    /// The instructions this booking ships (all of one buyer).
    pub instruction_ids: Vec<Uuid>,
    pub forwarder_id: Uuid,
    pub containers: Vec<ContainerRequest>,
    pub reefer: Option<ReeferSettings>,
    pub etd_from: NaiveDate,
    pub etd_to: NaiveDate,
    /// UN/LOCODE
    pub port_of_loading: String,
    /// UN/LOCODE
    pub port_of_discharge: String,
    /// Goods as the forwarder should describe them (defaults to the instruction lines).
    pub commodity: String,
    pub remarks: Option<String>,
}

/// The carrier's confirmation (订舱确认 / 放舱), as the forwarder passes it on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingConfirmation {
    /// The shipping line (船公司), e.g. `Maersk`.
    pub carrier: String,
    pub vessel: String,
    pub voyage: String,
    /// The carrier's booking number (订舱号 / S/O).
    pub booking_number: String,
    pub etd: NaiveDate,
    pub eta: NaiveDate,
    /// Shipping instruction (提单补料) cut-off, port local time.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-12-08T12:00"))]
    pub si_cutoff: NaiveDateTime,
    /// VGM cut-off.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-12-09T12:00"))]
    pub vgm_cutoff: NaiveDateTime,
    /// Container yard (截港 / CY) cut-off: full containers gated in by then.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-12-09T18:00"))]
    pub cy_cutoff: NaiveDateTime,
    /// Customs documents (截关 / 报关) cut-off.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2026-12-09T16:00"))]
    pub documents_cutoff: Option<NaiveDateTime>,
    /// Free days at destination (detention and demurrage).
    pub free_days: u32,
    /// UN/LOCODE of the transhipment port, if any.
    pub transhipment_port: Option<String>,
}

/// A booking's content: the request and, once the carrier has confirmed, the confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingData {
    pub request: BookingRequest,
    pub confirmation: Option<BookingConfirmation>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContainerRequestInput {
    #[serde(default)]
    pub container_type: String,
    #[serde(default)]
    pub count: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingRequestInput {
    #[serde(default)]
    pub instruction_ids: Vec<Uuid>,
    #[serde(default)]
    pub forwarder_id: Option<Uuid>,
    #[serde(default)]
    pub containers: Vec<ContainerRequestInput>,
    /// Set point °C, fresh air m³/h, humidity %: required when a reefer type is asked for.
    #[serde(default)]
    pub reefer: Option<crate::instruction::ReeferSettingsInput>,
    /// YYYY-MM-DD
    #[serde(default)]
    pub etd_from: String,
    /// YYYY-MM-DD
    #[serde(default)]
    pub etd_to: String,
    #[serde(default)]
    pub port_of_loading: Option<String>,
    #[serde(default)]
    pub port_of_discharge: Option<String>,
    #[serde(default)]
    pub commodity: String,
    #[serde(default)]
    pub remarks: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingConfirmationInput {
    #[serde(default)]
    pub carrier: String,
    #[serde(default)]
    pub vessel: String,
    #[serde(default)]
    pub voyage: String,
    #[serde(default)]
    pub booking_number: String,
    /// YYYY-MM-DD
    #[serde(default)]
    pub etd: String,
    /// YYYY-MM-DD
    #[serde(default)]
    pub eta: String,
    /// YYYY-MM-DDTHH:MM (port local time)
    #[serde(default)]
    pub si_cutoff: String,
    #[serde(default)]
    pub vgm_cutoff: String,
    #[serde(default)]
    pub cy_cutoff: String,
    #[serde(default)]
    pub documents_cutoff: Option<String>,
    #[serde(default)]
    pub free_days: Option<u32>,
    #[serde(default)]
    pub transhipment_port: Option<String>,
}

/// Read a local date and time as `YYYY-MM-DDTHH:MM` (what an HTML `datetime-local` field
/// posts) or `YYYY-MM-DD HH:MM`.
pub fn validate_datetime(errs: &mut ValidationErrors, field: &str, v: &str) -> Option<NaiveDateTime> {
    let v = v.trim();
    if v.is_empty() {
        errs.push(field, "required", "a date and time is required");
        return None;
    }
    let t = v.replacen(' ', "T", 1);
    NaiveDateTime::parse_from_str(&t, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(&t, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| {
            errs.push(
                field,
                "invalid_datetime",
                format!("`{v}` is not a date and time (YYYY-MM-DD HH:MM)"),
            )
        })
        .ok()
}

fn validate_reefer(
    errs: &mut ValidationErrors,
    field: &str,
    r: &Option<crate::instruction::ReeferSettingsInput>,
) -> Option<ReeferSettings> {
    let r = r.as_ref().filter(|r| {
        !(r.set_point_c.trim().is_empty()
            && r.fresh_air_m3h.trim().is_empty()
            && r.humidity_pct.as_deref().is_none_or(|h| h.trim().is_empty()))
    })?;
    let sp = decimal(
        errs,
        &format!("{field}.set_point_c"),
        &r.set_point_c,
        1,
        Decimal::from(-35),
        Decimal::from(30),
    );
    let fa = decimal(
        errs,
        &format!("{field}.fresh_air_m3h"),
        &r.fresh_air_m3h,
        0,
        Decimal::ZERO,
        Decimal::from(300),
    );
    let hu = match &r.humidity_pct {
        Some(h) if !h.trim().is_empty() => decimal(
            errs,
            &format!("{field}.humidity_pct"),
            h,
            1,
            Decimal::from(50),
            Decimal::from(100),
        ),
        _ => None,
    };
    Some(ReeferSettings {
        set_point: Celsius(sp?),
        fresh_air_m3h: fa?,
        humidity_pct: hu,
    })
}

fn required_text(errs: &mut ValidationErrors, field: &str, v: &str, max: usize) -> String {
    let s = clean_text(errs, field, v, max);
    if s.is_empty() {
        errs.push(field, "required", "this field is required");
    }
    s
}

fn required_port(errs: &mut ValidationErrors, field: &str, v: &Option<String>) -> Option<String> {
    if v.as_deref().is_none_or(|s| s.trim().is_empty()) {
        errs.push(field, "required", "the port is required (UN/LOCODE)");
        return None;
    }
    crate::profile::validate_port(errs, field, v)
}

impl BookingRequestInput {
    /// Validate everything at once. `spec` looks a container type up in the container table.
    /// Codes: `required`, `no_instructions`, `too_many`, `duplicate`, `unknown_container_type`,
    /// `out_of_range`, `reefer_required` (a reefer type without settings), `invalid_date`,
    /// `before_etd_from`, `unknown_port`, `too_long`, `control_characters`.
    pub fn validate(
        &self,
        spec: &dyn Fn(&str) -> Option<ContainerSpec>,
    ) -> Result<BookingRequest, ValidationErrors> {
        let mut errs = ValidationErrors::new();
        if self.instruction_ids.is_empty() {
            errs.push(
                "instruction_ids",
                "no_instructions",
                "a booking ships at least one instruction",
            );
        }
        if self.instruction_ids.len() > MAX_INSTRUCTIONS {
            errs.push(
                "instruction_ids",
                "too_many",
                format!("at most {MAX_INSTRUCTIONS} instructions in one booking"),
            );
        }
        for (i, id) in self.instruction_ids.iter().enumerate() {
            if self.instruction_ids[..i].contains(id) {
                errs.push(
                    format!("instruction_ids[{i}]"),
                    "duplicate",
                    "this instruction is listed twice",
                );
            }
        }
        if self.forwarder_id.is_none() {
            errs.push("forwarder_id", "required", "the forwarder is required");
        }
        if self.containers.is_empty() {
            errs.push("containers", "required", "ask for at least one container");
        }
        let mut containers = Vec::new();
        let mut any_reefer = false;
        let mut total = 0u32;
        for (i, c) in self.containers.iter().enumerate() {
            let f = |n: &str| format!("containers[{i}].{n}");
            let code = c.container_type.trim();
            let known = spec(code);
            match &known {
                None if code.is_empty() => {
                    errs.push(f("container_type"), "required", "the container type is required")
                }
                None => errs.push(
                    f("container_type"),
                    "unknown_container_type",
                    format!("`{code}` is not a container type (20GP, 40GP, 40HC, 45HC, 20RF, 40RH)"),
                ),
                Some(s) => any_reefer |= s.reefer,
            }
            match c.count {
                None => errs.push(f("count"), "required", "how many containers"),
                Some(n) if n == 0 || n > MAX_CONTAINERS => errs.push(
                    f("count"),
                    "out_of_range",
                    format!("between 1 and {MAX_CONTAINERS}"),
                ),
                Some(n) => total += n,
            }
            if let (Some(s), Some(n)) = (known, c.count) {
                if containers
                    .iter()
                    .any(|r: &ContainerRequest| r.container_type == s.code)
                {
                    errs.push(
                        f("container_type"),
                        "duplicate",
                        format!("{} is asked for twice", s.code),
                    );
                }
                containers.push(ContainerRequest {
                    container_type: s.code,
                    count: n,
                });
            }
        }
        if total > MAX_CONTAINERS {
            errs.push(
                "containers",
                "too_many",
                format!("at most {MAX_CONTAINERS} containers in one booking"),
            );
        }
        let reefer = validate_reefer(&mut errs, "reefer", &self.reefer);
        if any_reefer
            && reefer.is_none()
            && self
                .reefer
                .as_ref()
                .is_none_or(|r| r.set_point_c.trim().is_empty())
        {
            errs.push(
                "reefer.set_point_c",
                "reefer_required",
                "a reefer container needs its set point, fresh air and humidity",
            );
        }
        let etd_from = validate_date(&mut errs, "etd_from", &self.etd_from);
        let etd_to = validate_date(&mut errs, "etd_to", &self.etd_to);
        if let (Some(a), Some(b)) = (etd_from, etd_to)
            && b < a
        {
            errs.push(
                "etd_to",
                "before_etd_from",
                format!("the end of the ETD window {b} is before its start {a}"),
            );
        }
        let pol = required_port(&mut errs, "port_of_loading", &self.port_of_loading);
        let pod = required_port(&mut errs, "port_of_discharge", &self.port_of_discharge);
        let commodity = required_text(&mut errs, "commodity", &self.commodity, 2000);
        let remarks = clean_opt(&mut errs, "remarks", &self.remarks, 5000);
        errs.into_result()?;
        Ok(BookingRequest {
            instruction_ids: self.instruction_ids.clone(),
            forwarder_id: self.forwarder_id.expect("checked"),
            containers,
            reefer,
            etd_from: etd_from.expect("checked"),
            etd_to: etd_to.expect("checked"),
            port_of_loading: pol.expect("checked"),
            port_of_discharge: pod.expect("checked"),
            commodity,
            remarks,
        })
    }

    /// A request pre-filled from the instructions: their container types and counts, the
    /// first reefer setting, the overlap of their ETD windows (or the earliest window), their
    /// ports (or the contract's), their forwarder, and the goods of their lines.
    pub fn from_instructions(items: &[(Uuid, &InstructionData, &ContractData)]) -> BookingRequestInput {
        let mut containers: Vec<ContainerRequestInput> = Vec::new();
        for (_, d, _) in items {
            if let Some(t) = &d.shipping.container_type {
                let n = d.shipping.container_count.unwrap_or(1);
                match containers
                    .iter_mut()
                    .find(|c| c.container_type.eq_ignore_ascii_case(t))
                {
                    Some(c) => c.count = Some(c.count.unwrap_or(0) + n),
                    None => containers.push(ContainerRequestInput {
                        container_type: t.clone(),
                        count: Some(n),
                    }),
                }
            }
        }
        let reefer = items
            .iter()
            .find_map(|(_, d, _)| d.shipping.reefer.as_ref())
            .map(|r| crate::instruction::ReeferSettingsInput {
                set_point_c: r.set_point.0.normalize().to_string(),
                fresh_air_m3h: r.fresh_air_m3h.normalize().to_string(),
                humidity_pct: r.humidity_pct.map(|h| h.normalize().to_string()),
            });
        let from = items.iter().map(|(_, d, _)| d.shipping.etd_from).max();
        let to = items.iter().map(|(_, d, _)| d.shipping.etd_to).min();
        let (etd_from, etd_to) = match (from, to) {
            (Some(a), Some(b)) if a <= b => (a.to_string(), b.to_string()),
            _ => match items
                .iter()
                .map(|(_, d, _)| (d.shipping.etd_from, d.shipping.etd_to))
                .min()
            {
                Some((a, b)) => (a.to_string(), b.to_string()),
                None => (String::new(), String::new()),
            },
        };
        let port = |f: &dyn Fn(&InstructionData, &ContractData) -> Option<String>| {
            items.iter().find_map(|(_, d, c)| f(d, c))
        };
        let mut goods: Vec<String> = Vec::new();
        for (_, d, _) in items {
            for l in &d.lines {
                let text = match &l.spec {
                    Some(s) => format!("{} {}", l.description, s),
                    None => l.description.clone(),
                };
                if !goods.contains(&text) {
                    goods.push(text);
                }
            }
        }
        BookingRequestInput {
            instruction_ids: items.iter().map(|(id, _, _)| *id).collect(),
            forwarder_id: items.iter().find_map(|(_, d, _)| d.shipping.forwarder_id),
            containers,
            reefer,
            etd_from,
            etd_to,
            port_of_loading: port(&|d, c| d.shipping.port_of_loading.clone().or(c.port_of_loading.clone())),
            port_of_discharge: port(&|d, c| {
                d.shipping
                    .port_of_discharge
                    .clone()
                    .or(c.port_of_discharge.clone())
            }),
            commodity: goods.join("; "),
            remarks: None,
        }
    }
}

impl BookingConfirmationInput {
    /// Validate everything at once. Codes: `required`, `invalid_date`, `invalid_datetime`,
    /// `eta_before_etd`, `cutoff_after_etd` (a cut-off later than the day the vessel sails),
    /// `out_of_range`, `unknown_port`, `too_long`, `control_characters`.
    pub fn validate(&self) -> Result<BookingConfirmation, ValidationErrors> {
        let mut errs = ValidationErrors::new();
        let carrier = required_text(&mut errs, "carrier", &self.carrier, 200);
        let vessel = required_text(&mut errs, "vessel", &self.vessel, 200);
        let voyage = required_text(&mut errs, "voyage", &self.voyage, 50);
        let booking_number = required_text(&mut errs, "booking_number", &self.booking_number, 50);
        let etd = validate_date(&mut errs, "etd", &self.etd);
        let eta = validate_date(&mut errs, "eta", &self.eta);
        if let (Some(d), Some(a)) = (etd, eta)
            && a < d
        {
            errs.push(
                "eta",
                "eta_before_etd",
                format!("the ETA {a} is before the ETD {d}"),
            );
        }
        let si = validate_datetime(&mut errs, "si_cutoff", &self.si_cutoff);
        let vgm = validate_datetime(&mut errs, "vgm_cutoff", &self.vgm_cutoff);
        let cy = validate_datetime(&mut errs, "cy_cutoff", &self.cy_cutoff);
        let docs = match self.documents_cutoff.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() => validate_datetime(&mut errs, "documents_cutoff", s),
            _ => None,
        };
        if let Some(etd) = etd {
            for (field, v) in [
                ("si_cutoff", si),
                ("vgm_cutoff", vgm),
                ("cy_cutoff", cy),
                ("documents_cutoff", docs),
            ] {
                if let Some(v) = v
                    && v.date() > etd
                {
                    errs.push(
                        field,
                        "cutoff_after_etd",
                        format!(
                            "the cut-off {} is after the ETD {etd}",
                            v.format("%Y-%m-%d %H:%M")
                        ),
                    );
                }
            }
        }
        let free_days = match self.free_days {
            None => 0,
            Some(n) if n > MAX_FREE_DAYS => {
                errs.push(
                    "free_days",
                    "out_of_range",
                    format!("between 0 and {MAX_FREE_DAYS}"),
                );
                0
            }
            Some(n) => n,
        };
        let transhipment_port =
            crate::profile::validate_port(&mut errs, "transhipment_port", &self.transhipment_port);
        errs.into_result()?;
        Ok(BookingConfirmation {
            carrier,
            vessel,
            voyage,
            booking_number,
            etd: etd.expect("checked"),
            eta: eta.expect("checked"),
            si_cutoff: si.expect("checked"),
            vgm_cutoff: vgm.expect("checked"),
            cy_cutoff: cy.expect("checked"),
            documents_cutoff: docs,
            free_days,
            transhipment_port,
        })
    }
}

impl From<&BookingRequest> for BookingRequestInput {
    fn from(r: &BookingRequest) -> Self {
        BookingRequestInput {
            instruction_ids: r.instruction_ids.clone(),
            forwarder_id: Some(r.forwarder_id),
            containers: r
                .containers
                .iter()
                .map(|c| ContainerRequestInput {
                    container_type: c.container_type.clone(),
                    count: Some(c.count),
                })
                .collect(),
            reefer: r
                .reefer
                .as_ref()
                .map(|r| crate::instruction::ReeferSettingsInput {
                    set_point_c: r.set_point.0.normalize().to_string(),
                    fresh_air_m3h: r.fresh_air_m3h.normalize().to_string(),
                    humidity_pct: r.humidity_pct.map(|h| h.normalize().to_string()),
                }),
            etd_from: r.etd_from.to_string(),
            etd_to: r.etd_to.to_string(),
            port_of_loading: Some(r.port_of_loading.clone()),
            port_of_discharge: Some(r.port_of_discharge.clone()),
            commodity: r.commodity.clone(),
            remarks: r.remarks.clone(),
        }
    }
}

impl From<&BookingConfirmation> for BookingConfirmationInput {
    fn from(c: &BookingConfirmation) -> Self {
        let dt = |v: &NaiveDateTime| v.format("%Y-%m-%dT%H:%M").to_string();
        BookingConfirmationInput {
            carrier: c.carrier.clone(),
            vessel: c.vessel.clone(),
            voyage: c.voyage.clone(),
            booking_number: c.booking_number.clone(),
            etd: c.etd.to_string(),
            eta: c.eta.to_string(),
            si_cutoff: dt(&c.si_cutoff),
            vgm_cutoff: dt(&c.vgm_cutoff),
            cy_cutoff: dt(&c.cy_cutoff),
            documents_cutoff: c.documents_cutoff.as_ref().map(dt),
            free_days: Some(c.free_days),
            transhipment_port: c.transhipment_port.clone(),
        }
    }
}

/// What a booking's rules know of one instruction it names.
pub struct BookedInstruction<'a> {
    pub id: Uuid,
    pub number: &'a str,
    pub state: InstructionState,
    pub buyer_id: Uuid,
    pub data: &'a InstructionData,
    pub contract: &'a ContractData,
    /// Other bookings (not cancelled) that already ship this instruction, by number.
    pub booked_elsewhere: Vec<String>,
}

/// The hard rules of a booking against its instructions, never overridable. Codes:
/// `not_issued` (a draft or cancelled instruction), `mixed_buyers` (a shipment carries one
/// buyer's goods: one shipper, one consignee per bill of lading), `partial_not_allowed` (the
/// instruction is already on another booking and its contract forbids partial shipments:
/// contract clause, UCP 600 art. 31(a)).
pub fn check_booking(items: &[BookedInstruction<'_>]) -> Result<(), ValidationErrors> {
    let mut errs = ValidationErrors::new();
    let first_buyer = items.first().map(|i| i.buyer_id);
    for (i, it) in items.iter().enumerate() {
        let f = format!("instruction_ids[{i}]");
        if it.state != InstructionState::Issued {
            errs.push(
                &f,
                "not_issued",
                format!(
                    "instruction {} is {}, only an issued instruction is booked",
                    it.number,
                    it.state.as_str()
                ),
            );
        }
        if Some(it.buyer_id) != first_buyer {
            errs.push(
                &f,
                "mixed_buyers",
                format!(
                    "instruction {} is for another buyer: one shipment carries one buyer's goods",
                    it.number
                ),
            );
        }
        if !it.contract.partial_shipments && !it.booked_elsewhere.is_empty() {
            errs.push(
                &f,
                "partial_not_allowed",
                format!(
                    "instruction {} is already booked on {} and its contract does not allow partial shipments (UCP 600 art. 31)",
                    it.number,
                    it.booked_elsewhere.join(", ")
                ),
            );
        }
    }
    errs.into_result()
}

/// One way a booking disagrees with its instructions or contracts (a warning the page shows;
/// the hard rules are [`check_booking`]'s).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingFinding {
    /// `etd_after_latest_shipment`, `port_differs`, `reefer_differs`, `container_type_differs`,
    /// `transhipment_not_allowed`.
    pub code: String,
    pub field: String,
    pub expected: String,
    pub found: String,
    /// Where the rule comes from.
    pub source: String,
}

/// Compare the booking with its instructions and their contracts.
pub fn booking_findings(b: &BookingData, items: &[BookedInstruction<'_>]) -> Vec<BookingFinding> {
    let mut out = Vec::new();
    let r = &b.request;
    let etd = b.confirmation.as_ref().map(|c| c.etd);
    for it in items {
        let latest = it.contract.shipment_latest;
        let (field, when) = match etd {
            Some(d) => ("confirmation.etd", d),
            None => ("etd_from", r.etd_from),
        };
        if when > latest {
            out.push(BookingFinding {
                code: "etd_after_latest_shipment".into(),
                field: field.into(),
                expected: format!("≤ {latest}"),
                found: when.to_string(),
                source: format!("{}: latest shipment date of the contract", it.number),
            });
        }
        for (field, ours, theirs) in [
            (
                "port_of_loading",
                &r.port_of_loading,
                it.data
                    .shipping
                    .port_of_loading
                    .as_ref()
                    .or(it.contract.port_of_loading.as_ref()),
            ),
            (
                "port_of_discharge",
                &r.port_of_discharge,
                it.data
                    .shipping
                    .port_of_discharge
                    .as_ref()
                    .or(it.contract.port_of_discharge.as_ref()),
            ),
        ] {
            if let Some(t) = theirs
                && t != ours
            {
                out.push(BookingFinding {
                    code: "port_differs".into(),
                    field: field.into(),
                    expected: t.clone(),
                    found: ours.clone(),
                    source: format!("{}: shipping section", it.number),
                });
            }
        }
        if let Some(want) = &it.data.shipping.reefer
            && r.reefer.as_ref().is_none_or(|g| g.set_point != want.set_point)
        {
            out.push(BookingFinding {
                code: "reefer_differs".into(),
                field: "reefer.set_point_c".into(),
                expected: format!("{} °C", want.set_point.0.normalize()),
                found: r
                    .reefer
                    .as_ref()
                    .map(|g| format!("{} °C", g.set_point.0.normalize()))
                    .unwrap_or_else(|| "—".into()),
                source: format!("{}: shipping section", it.number),
            });
        }
        if let Some(t) = &it.data.shipping.container_type
            && !r
                .containers
                .iter()
                .any(|c| c.container_type.eq_ignore_ascii_case(t))
        {
            out.push(BookingFinding {
                code: "container_type_differs".into(),
                field: "containers".into(),
                expected: t.clone(),
                found: r
                    .containers
                    .iter()
                    .map(|c| c.container_type.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
                source: format!("{}: shipping section", it.number),
            });
        }
        if let Some(c) = &b.confirmation
            && let Some(tp) = &c.transhipment_port
            && !it.contract.transhipment
        {
            out.push(BookingFinding {
                code: "transhipment_not_allowed".into(),
                field: "confirmation.transhipment_port".into(),
                expected: "no transhipment".into(),
                found: tp.clone(),
                source: format!("{}: contract (UCP 600 art. 20(c))", it.number),
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Containers and what was stuffed in them
// ---------------------------------------------------------------------------------------

/// Goods of one instruction line in one container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StuffedLine {
    pub instruction_id: Uuid,
    /// Index of the instruction line.
    pub line: u32,
    pub packages: u32,
    /// The quantity in the instruction line's unit: the packages for a package unit, the net
    /// weight for kg and metric tons, unless given.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "1428"))]
    pub quantity: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "25704"))]
    pub net_kg: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "27417.6"))]
    pub gross_kg: Decimal,
}

/// The verified gross mass (集装箱核实总重) under SOLAS chapter VI regulation 2, method 2:
/// the masses of all packages and cargo items, plus pallets, dunnage and securing material,
/// plus the container's tare. Computed, never typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Vgm {
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "27417.6"))]
    pub cargo_gross_kg: Decimal,
    /// Pallets, dunnage and securing material not in the packages' gross.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0"))]
    pub dunnage_kg: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "4600"))]
    pub tare_kg: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "32017.6"))]
    pub verified_gross_kg: Decimal,
    /// The person authorised by the shipper who signs the declaration.
    pub declared_by: String,
    pub declared_on: NaiveDate,
}

/// One container of a shipment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Container {
    pub id: Uuid,
    pub number: ContainerNumber,
    /// Container type code (`40RH`).
    pub container_type: String,
    /// Seal numbers (封条号): the carrier's and any customs or shipper seal.
    pub seals: Vec<String>,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "4600"))]
    pub tare_kg: Decimal,
    pub stuffed_on: Option<NaiveDate>,
    pub lines: Vec<StuffedLine>,
    pub vgm: Option<Vgm>,
    /// The set point the reefer unit was found at when stuffed (°C).
    pub reefer_set_point: Option<Celsius>,
}

impl Container {
    pub fn packages(&self) -> u64 {
        self.lines.iter().map(|l| l.packages as u64).sum()
    }
    pub fn net_kg(&self) -> Decimal {
        self.lines.iter().map(|l| l.net_kg).sum()
    }
    pub fn gross_kg(&self) -> Decimal {
        self.lines.iter().map(|l| l.gross_kg).sum()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StuffedLineInput {
    #[serde(default)]
    pub instruction_id: Option<Uuid>,
    #[serde(default)]
    pub line: Option<u32>,
    #[serde(default)]
    pub packages: String,
    /// In the instruction line's unit; empty: the packages (package units) or the net weight
    /// (kg, metric tons).
    #[serde(default)]
    pub quantity: Option<String>,
    #[serde(default)]
    pub net_kg: String,
    #[serde(default)]
    pub gross_kg: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VgmInput {
    #[serde(default)]
    pub declared_by: String,
    /// YYYY-MM-DD
    #[serde(default)]
    pub declared_on: String,
    /// Pallets, dunnage, securing material (kg); empty: 0.
    #[serde(default)]
    pub dunnage_kg: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContainerInput {
    /// ISO 6346, e.g. `CSQU3054383` (spaces and hyphens are ignored).
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub container_type: String,
    #[serde(default)]
    pub seals: Vec<String>,
    /// Empty: the type's usual tare (the plate's figure is better).
    #[serde(default)]
    pub tare_kg: Option<String>,
    /// YYYY-MM-DD
    #[serde(default)]
    pub stuffed_on: Option<String>,
    #[serde(default)]
    pub lines: Vec<StuffedLineInput>,
    /// Present: the VGM is declared (SOLAS method 2).
    #[serde(default)]
    pub vgm: Option<VgmInput>,
    /// The reefer's set point as found at stuffing (°C).
    #[serde(default)]
    pub reefer_set_point_c: Option<String>,
}

impl From<&Container> for ContainerInput {
    fn from(c: &Container) -> Self {
        ContainerInput {
            number: c.number.to_string(),
            container_type: c.container_type.clone(),
            seals: c.seals.clone(),
            tare_kg: Some(c.tare_kg.normalize().to_string()),
            stuffed_on: c.stuffed_on.map(|d| d.to_string()),
            lines: c
                .lines
                .iter()
                .map(|l| StuffedLineInput {
                    instruction_id: Some(l.instruction_id),
                    line: Some(l.line),
                    packages: l.packages.to_string(),
                    quantity: Some(l.quantity.normalize().to_string()),
                    net_kg: l.net_kg.normalize().to_string(),
                    gross_kg: l.gross_kg.normalize().to_string(),
                })
                .collect(),
            vgm: c.vgm.as_ref().map(|v| VgmInput {
                declared_by: v.declared_by.clone(),
                declared_on: v.declared_on.to_string(),
                dunnage_kg: Some(v.dunnage_kg.normalize().to_string()),
            }),
            reefer_set_point_c: c.reefer_set_point.map(|c| c.0.normalize().to_string()),
        }
    }
}

/// What a container's rules need about the shipment it goes in.
pub struct StuffingContext<'a> {
    /// The instructions the shipment carries, with their contracts.
    pub instructions: &'a HashMap<Uuid, (&'a InstructionData, &'a ContractData)>,
    /// Quantities already stuffed per (instruction, line) in every other container of every
    /// shipment that is not cancelled (this container's earlier content excluded).
    pub stuffed_elsewhere: &'a HashMap<(Uuid, u32), Decimal>,
    /// Numbers of the shipment's other containers.
    pub other_numbers: &'a [ContainerNumber],
    /// The shipment's milestones: a container is stuffed after the booking and the empty
    /// pick-up, and before it is gated in or loaded.
    pub milestones: &'a [Milestone],
    pub today: NaiveDate,
}

/// The quantity of a stuffed line in the instruction line's unit, by default.
fn default_quantity(unit: QuantityUnit, packages: u32, net_kg: Decimal) -> Decimal {
    match unit {
        QuantityUnit::Kg => net_kg,
        QuantityUnit::MetricTon => net_kg / Decimal::from(1000),
        _ => Decimal::from(packages),
    }
}

impl ContainerInput {
    /// Validate a container with everything it goes with: the ISO 6346 number (a wrong check
    /// digit names the expected one), the type, seals, tare, each stuffed line against its
    /// instruction line (no more than instructed plus the contract's tolerance across every
    /// shipment: UCP 600 art. 30(b)), and the VGM (method 2) against the type's maximum gross.
    /// Codes: `required`, `invalid_container_number`, `invalid_equipment_category`,
    /// `check_digit`, `duplicate`, `unknown_container_type`, `too_many`, `invalid_number`,
    /// `too_precise`, `out_of_range`, `invalid_date`, `in_future`, `not_on_shipment`,
    /// `unknown_line`, `gross_below_net`, `over_instructed`, `quantity_mismatch` (a quantity
    /// that disagrees with the packages or the net weight), `vgm_over_max_gross`, `out_of_order`
    /// (stuffed before the booking or the empty pick-up, or after gate-in),
    /// `nothing_stuffed` (a VGM for an empty container), `not_a_reefer`.
    pub fn validate(
        &self,
        spec: &dyn Fn(&str) -> Option<ContainerSpec>,
        cx: &StuffingContext<'_>,
    ) -> Result<Container, ValidationErrors> {
        let mut errs = ValidationErrors::new();
        let number = match ContainerNumber::parse(&self.number) {
            Ok(n) => {
                if cx.other_numbers.contains(&n) {
                    errs.push("number", "duplicate", format!("{n} is already on this shipment"));
                }
                Some(n)
            }
            Err(e) => {
                errs.push("number", e.code(), e.to_string());
                None
            }
        };
        let code = self.container_type.trim();
        let spec = spec(code);
        if spec.is_none() {
            if code.is_empty() {
                errs.push("container_type", "required", "the container type is required");
            } else {
                errs.push(
                    "container_type",
                    "unknown_container_type",
                    format!("`{code}` is not a container type (20GP, 40GP, 40HC, 45HC, 20RF, 40RH)"),
                );
            }
        }
        if self.seals.len() > MAX_SEALS {
            errs.push("seals", "too_many", format!("at most {MAX_SEALS} seals"));
        }
        let mut seals = Vec::new();
        for (i, s) in self.seals.iter().enumerate() {
            let s = clean_text(&mut errs, &format!("seals[{i}]"), s, 30).to_ascii_uppercase();
            if !s.is_empty() {
                if seals.contains(&s) {
                    errs.push(
                        format!("seals[{i}]"),
                        "duplicate",
                        format!("seal {s} is listed twice"),
                    );
                }
                seals.push(s);
            }
        }
        let tare = match self.tare_kg.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => decimal(
                &mut errs,
                "tare_kg",
                t,
                1,
                Decimal::from(1000),
                Decimal::from(10000),
            ),
            _ => spec.as_ref().map(|s| s.tare_kg),
        };
        let stuffed_on = match self.stuffed_on.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() => {
                let d = validate_date(&mut errs, "stuffed_on", s);
                if let Some(d) = d
                    && d > cx.today
                {
                    errs.push("stuffed_on", "in_future", format!("{d} is after today"));
                }
                if let Some(d) = d {
                    for k in [MilestoneKind::Booked, MilestoneKind::EmptyPickedUp] {
                        if let Some(m) = milestone_date(cx.milestones, k)
                            && d < m
                        {
                            errs.push(
                                "stuffed_on",
                                "out_of_order",
                                format!("stuffed on {d}, before {} on {m}", k.name_en().to_lowercase()),
                            );
                        }
                    }
                    for k in [MilestoneKind::GatedIn, MilestoneKind::OnBoard] {
                        if let Some(m) = milestone_date(cx.milestones, k)
                            && d > m
                        {
                            errs.push(
                                "stuffed_on",
                                "out_of_order",
                                format!("stuffed on {d}, after {} on {m}", k.name_en().to_lowercase()),
                            );
                        }
                    }
                }
                d
            }
            _ => None,
        };
        let mut lines: Vec<StuffedLine> = Vec::new();
        let mut here: HashMap<(Uuid, u32), Decimal> = HashMap::new();
        for (i, l) in self.lines.iter().enumerate() {
            let f = |n: &str| format!("lines[{i}].{n}");
            let packages = decimal(
                &mut errs,
                &f("packages"),
                &l.packages,
                0,
                Decimal::ONE,
                Decimal::from(1_000_000),
            );
            let net = decimal(
                &mut errs,
                &f("net_kg"),
                &l.net_kg,
                3,
                Decimal::ZERO,
                Decimal::from(100_000),
            );
            let gross = decimal(
                &mut errs,
                &f("gross_kg"),
                &l.gross_kg,
                3,
                Decimal::ZERO,
                Decimal::from(100_000),
            );
            if let (Some(n), Some(g)) = (net, gross)
                && g < n
            {
                errs.push(
                    f("gross_kg"),
                    "gross_below_net",
                    format!(
                        "the gross weight {} kg is less than the net weight {} kg",
                        g.normalize(),
                        n.normalize()
                    ),
                );
            }
            let target = match (l.instruction_id, l.line) {
                (None, _) => {
                    errs.push(
                        f("instruction_id"),
                        "required",
                        "which instruction the goods belong to",
                    );
                    None
                }
                (_, None) => {
                    errs.push(
                        f("line"),
                        "required",
                        "which instruction line the goods belong to",
                    );
                    None
                }
                (Some(id), Some(line)) => match cx.instructions.get(&id) {
                    None => {
                        errs.push(
                            f("instruction_id"),
                            "not_on_shipment",
                            "this instruction is not on this shipment",
                        );
                        None
                    }
                    Some((d, c)) => match d.lines.get(line as usize) {
                        None => {
                            errs.push(
                                f("line"),
                                "unknown_line",
                                format!("the instruction has no line {}", line + 1),
                            );
                            None
                        }
                        Some(il) => Some((id, line, il, *c)),
                    },
                },
            };
            let typed = match l.quantity.as_deref().map(str::trim) {
                Some(q) if !q.is_empty() => decimal(
                    &mut errs,
                    &f("quantity"),
                    q,
                    3,
                    Decimal::ZERO,
                    Decimal::from(1_000_000_000u64),
                ),
                _ => None,
            };
            // The quantity follows from the packages (package units) or the net weight (kg,
            // t); only pieces are counted separately, and never fewer than the packages.
            let quantity = match (&target, packages, net) {
                (Some((_, _, il, _)), Some(p), Some(n)) => {
                    let derived = default_quantity(il.unit, p.try_into().unwrap_or(0), n);
                    match (il.unit, typed) {
                        (QuantityUnit::Piece, Some(t)) if t < p => {
                            errs.push(
                                f("quantity"),
                                "quantity_mismatch",
                                format!(
                                    "{} pieces in {} packages: at least one piece per package",
                                    t.normalize(),
                                    p
                                ),
                            );
                            None
                        }
                        (QuantityUnit::Piece, Some(t)) => Some(t),
                        (_, Some(t)) if t != derived => {
                            errs.push(
                                f("quantity"),
                                "quantity_mismatch",
                                format!(
                                    "the quantity {} {} does not agree with {} (leave it empty: it is computed)",
                                    t.normalize(),
                                    il.unit.document_abbreviation(),
                                    match il.unit {
                                        QuantityUnit::Kg | QuantityUnit::MetricTon => format!("the net weight {} kg", n.normalize()),
                                        _ => format!("{p} packages"),
                                    }
                                ),
                            );
                            None
                        }
                        _ => Some(derived),
                    }
                }
                _ => None,
            };
            if let (Some((id, line, il, c)), Some(q)) = (&target, quantity) {
                let sum = here.entry((*id, *line)).or_default();
                *sum += q;
                let total = *sum
                    + cx.stuffed_elsewhere
                        .get(&(*id, *line))
                        .copied()
                        .unwrap_or_default();
                let ceiling = line_ceiling(il.quantity, c.more_or_less_pct);
                if total > ceiling {
                    errs.push(
                        f("quantity"),
                        "over_instructed",
                        format!(
                            "{} {} stuffed in all for \"{}\", but the instruction asks for {} {} and the contract allows {} % more or less (at most {})",
                            total.normalize(),
                            il.unit.document_abbreviation(),
                            il.description,
                            il.quantity.normalize(),
                            il.unit.document_abbreviation(),
                            c.more_or_less_pct.normalize(),
                            ceiling.normalize()
                        ),
                    );
                }
            }
            if let (Some((id, line, _, _)), Some(p), Some(q), Some(n), Some(g)) =
                (target, packages, quantity, net, gross)
            {
                lines.push(StuffedLine {
                    instruction_id: id,
                    line,
                    packages: p.try_into().unwrap_or(u32::MAX),
                    quantity: q,
                    net_kg: n,
                    gross_kg: g,
                });
            }
        }
        let reefer_set_point = match self.reefer_set_point_c.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() => {
                if spec.as_ref().is_some_and(|s| !s.reefer) {
                    errs.push(
                        "reefer_set_point_c",
                        "not_a_reefer",
                        format!("a {code} is not a reefer"),
                    );
                }
                decimal(
                    &mut errs,
                    "reefer_set_point_c",
                    s,
                    1,
                    Decimal::from(-35),
                    Decimal::from(30),
                )
                .map(Celsius)
            }
            _ => None,
        };
        let vgm = match &self.vgm {
            None => None,
            Some(v) => {
                let declared_by = required_text(&mut errs, "vgm.declared_by", &v.declared_by, 200);
                let declared_on = validate_date(&mut errs, "vgm.declared_on", &v.declared_on);
                if let Some(d) = declared_on
                    && d > cx.today
                {
                    errs.push("vgm.declared_on", "in_future", format!("{d} is after today"));
                }
                let dunnage = match v.dunnage_kg.as_deref().map(str::trim) {
                    Some(s) if !s.is_empty() => decimal(
                        &mut errs,
                        "vgm.dunnage_kg",
                        s,
                        3,
                        Decimal::ZERO,
                        Decimal::from(10_000),
                    ),
                    _ => Some(Decimal::ZERO),
                };
                if self.lines.is_empty() {
                    errs.push(
                        "vgm",
                        "nothing_stuffed",
                        "a VGM is declared for a stuffed container: record what is in it first",
                    );
                }
                match (declared_on, dunnage, tare) {
                    (Some(on), Some(dunnage), Some(tare)) => {
                        let cargo: Decimal = lines.iter().map(|l| l.gross_kg).sum();
                        let total = cargo + dunnage + tare;
                        if let Some(s) = &spec
                            && total > s.max_gross_kg
                        {
                            errs.push(
                                "vgm",
                                "vgm_over_max_gross",
                                format!(
                                    "the verified gross mass {} kg (cargo {} + dunnage {} + tare {}) is above the {} maximum gross of {} kg",
                                    total.normalize(),
                                    cargo.normalize(),
                                    dunnage.normalize(),
                                    tare.normalize(),
                                    s.code,
                                    s.max_gross_kg.normalize()
                                ),
                            );
                        }
                        Some(Vgm {
                            cargo_gross_kg: cargo,
                            dunnage_kg: dunnage,
                            tare_kg: tare,
                            verified_gross_kg: total,
                            declared_by,
                            declared_on: on,
                        })
                    }
                    _ => None,
                }
            }
        };
        // Even without a VGM declared, a container must not be loaded above its rating.
        if self.vgm.is_none()
            && let (Some(s), Some(t)) = (&spec, tare)
        {
            let total = lines.iter().map(|l| l.gross_kg).sum::<Decimal>() + t;
            if total > s.max_gross_kg {
                errs.push(
                    "lines",
                    "vgm_over_max_gross",
                    format!(
                        "cargo and tare weigh {} kg, above the {} maximum gross of {} kg",
                        total.normalize(),
                        s.code,
                        s.max_gross_kg.normalize()
                    ),
                );
            }
        }
        errs.into_result()?;
        Ok(Container {
            id: Uuid::nil(),
            number: number.expect("checked"),
            container_type: spec.expect("checked").code,
            seals,
            tare_kg: tare.expect("checked"),
            stuffed_on,
            lines,
            vgm,
            reefer_set_point,
        })
    }
}

/// One reefer container whose set point differs from the instruction's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReeferComparison {
    pub container: ContainerNumber,
    pub instructed: Option<Celsius>,
    pub recorded: Option<Celsius>,
    /// `matches`, `differs`, `not_recorded`, `not_a_reefer`.
    pub status: String,
}

/// Compare each container's recorded set point with the reefer setting of the instruction
/// whose goods it holds (`instructed`: a combined shipment may carry goods kept at different
/// temperatures). Containers whose goods need no reefer are left out.
pub fn compare_reefer(
    containers: &[Container],
    instructed: &dyn Fn(&Container) -> Option<ReeferSettings>,
    is_reefer: &dyn Fn(&str) -> bool,
) -> Vec<ReeferComparison> {
    containers
        .iter()
        .filter_map(|c| {
            let want = instructed(c)?;
            let status = if !is_reefer(&c.container_type) {
                "not_a_reefer"
            } else {
                match c.reefer_set_point {
                    None => "not_recorded",
                    Some(r) if r == want.set_point => "matches",
                    Some(_) => "differs",
                }
            };
            Some(ReeferComparison {
                container: c.number.clone(),
                instructed: Some(want.set_point),
                recorded: c.reefer_set_point,
                status: status.into(),
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Milestones
// ---------------------------------------------------------------------------------------

/// The steps of a shipment, in the order they happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MilestoneKind {
    /// 订舱确认
    Booked,
    /// 提空箱
    EmptyPickedUp,
    /// 装箱
    Stuffed,
    /// 进港 (gate-in at the terminal)
    GatedIn,
    /// 装船 (the on-board date of the bill of lading)
    OnBoard,
    /// 中转
    Transhipped,
    /// 到港
    Arrived,
    /// 放货 (released to the consignee)
    Released,
}

impl MilestoneKind {
    pub const ALL: [MilestoneKind; 8] = [
        MilestoneKind::Booked,
        MilestoneKind::EmptyPickedUp,
        MilestoneKind::Stuffed,
        MilestoneKind::GatedIn,
        MilestoneKind::OnBoard,
        MilestoneKind::Transhipped,
        MilestoneKind::Arrived,
        MilestoneKind::Released,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            MilestoneKind::Booked => "booked",
            MilestoneKind::EmptyPickedUp => "empty_picked_up",
            MilestoneKind::Stuffed => "stuffed",
            MilestoneKind::GatedIn => "gated_in",
            MilestoneKind::OnBoard => "on_board",
            MilestoneKind::Transhipped => "transhipped",
            MilestoneKind::Arrived => "arrived",
            MilestoneKind::Released => "released",
        }
    }
    pub fn parse(s: &str) -> Option<MilestoneKind> {
        MilestoneKind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
    pub fn name_en(&self) -> &'static str {
        match self {
            MilestoneKind::Booked => "Booked",
            MilestoneKind::EmptyPickedUp => "Empty picked up",
            MilestoneKind::Stuffed => "Stuffed",
            MilestoneKind::GatedIn => "Gated in",
            MilestoneKind::OnBoard => "On board",
            MilestoneKind::Transhipped => "Transhipped",
            MilestoneKind::Arrived => "Arrived",
            MilestoneKind::Released => "Released",
        }
    }
    pub fn name_zh(&self) -> &'static str {
        match self {
            MilestoneKind::Booked => "已订舱",
            MilestoneKind::EmptyPickedUp => "已提空箱",
            MilestoneKind::Stuffed => "已装箱",
            MilestoneKind::GatedIn => "已进港",
            MilestoneKind::OnBoard => "已装船",
            MilestoneKind::Transhipped => "已中转",
            MilestoneKind::Arrived => "已到港",
            MilestoneKind::Released => "已放货",
        }
    }
}

/// Who reported a milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MilestoneSource {
    /// Seen by our own people (the loading supervisor, the merchandiser).
    Own,
    Forwarder,
    Carrier,
    Terminal,
    Customer,
}

impl MilestoneSource {
    pub const ALL: [MilestoneSource; 5] = [
        MilestoneSource::Own,
        MilestoneSource::Forwarder,
        MilestoneSource::Carrier,
        MilestoneSource::Terminal,
        MilestoneSource::Customer,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            MilestoneSource::Own => "own",
            MilestoneSource::Forwarder => "forwarder",
            MilestoneSource::Carrier => "carrier",
            MilestoneSource::Terminal => "terminal",
            MilestoneSource::Customer => "customer",
        }
    }
    pub fn parse(s: &str) -> Option<MilestoneSource> {
        MilestoneSource::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
}

/// One recorded milestone. A later record of the same kind corrects an earlier one; both are
/// kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Milestone {
    pub kind: MilestoneKind,
    pub date: NaiveDate,
    pub source: MilestoneSource,
    pub note: Option<String>,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MilestoneInput {
    /// booked, empty_picked_up, stuffed, gated_in, on_board, transhipped, arrived, released
    #[serde(default)]
    pub kind: String,
    /// YYYY-MM-DD
    #[serde(default)]
    pub date: String,
    /// own, forwarder, carrier, terminal, customer
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// The milestones in force: the last record of each kind, in step order.
pub fn current_milestones(all: &[Milestone]) -> Vec<&Milestone> {
    let mut latest: HashMap<MilestoneKind, &Milestone> = HashMap::new();
    for m in all {
        latest.insert(m.kind, m);
    }
    let mut v: Vec<&Milestone> = latest.into_values().collect();
    v.sort_by_key(|m| m.kind);
    v
}

/// The date of a milestone in force.
pub fn milestone_date(all: &[Milestone], kind: MilestoneKind) -> Option<NaiveDate> {
    all.iter().rev().find(|m| m.kind == kind).map(|m| m.date)
}

/// The furthest step reached.
pub fn stage(all: &[Milestone]) -> Option<MilestoneKind> {
    all.iter().map(|m| m.kind).max()
}

/// What a milestone's rules need about its shipment.
pub struct MilestoneContext<'a> {
    pub milestones: &'a [Milestone],
    pub containers: &'a [Container],
    /// The instructions and contracts the shipment carries, and the quantities stuffed per
    /// (instruction, line) across every shipment that is on board or is this one.
    pub instructions: &'a HashMap<Uuid, (&'a InstructionData, &'a ContractData)>,
    pub shipped: &'a HashMap<(Uuid, u32), Decimal>,
    pub transhipment_port: Option<&'a str>,
    pub today: NaiveDate,
}

impl MilestoneInput {
    /// Validate a milestone with its shipment. Codes: `required`, `invalid_choice`,
    /// `invalid_date`, `in_future`, `out_of_order` (before an earlier step or after a later one:
    /// an on-board date before stuffing), `nothing_stuffed` (stuffed or on board with no goods
    /// in any container), `partial_not_allowed` (on board with less than the contract's
    /// quantity minus its tolerance where partial shipments are forbidden: UCP 600 art. 31),
    /// `too_long`, `control_characters`.
    pub fn validate(
        &self,
        cx: &MilestoneContext<'_>,
    ) -> Result<(MilestoneKind, NaiveDate, MilestoneSource, Option<String>), ValidationErrors> {
        let mut errs = ValidationErrors::new();
        let kind = MilestoneKind::parse(&self.kind);
        if kind.is_none() {
            errs.push(
                "kind",
                if self.kind.trim().is_empty() {
                    "required"
                } else {
                    "invalid_choice"
                },
                format!("use one of {}", MilestoneKind::ALL.map(|k| k.as_str()).join(", ")),
            );
        }
        let source = MilestoneSource::parse(&self.source);
        if source.is_none() {
            errs.push(
                "source",
                if self.source.trim().is_empty() {
                    "required"
                } else {
                    "invalid_choice"
                },
                format!(
                    "use one of {}",
                    MilestoneSource::ALL.map(|k| k.as_str()).join(", ")
                ),
            );
        }
        let date = validate_date(&mut errs, "date", &self.date);
        if let Some(d) = date
            && d > cx.today
        {
            errs.push(
                "date",
                "in_future",
                format!("{d} is after today: record a milestone once it has happened"),
            );
        }
        let note = clean_opt(&mut errs, "note", &self.note, 2000);
        if let (Some(kind), Some(date)) = (kind, date) {
            // Stuffing as the containers record it counts as much as the milestone.
            let stuffed_containers = cx.containers.iter().filter_map(|c| c.stuffed_on).max();
            let first_stuffed = cx.containers.iter().filter_map(|c| c.stuffed_on).min();
            if kind < MilestoneKind::Stuffed
                && let Some(first) = first_stuffed
                && date > first
            {
                errs.push(
                    "date",
                    "out_of_order",
                    format!(
                        "the {} date {date} is after a container was stuffed on {first}",
                        kind.name_en().to_lowercase()
                    ),
                );
            }
            if kind >= MilestoneKind::OnBoard
                && milestone_date(cx.milestones, MilestoneKind::Stuffed)
                    .or(stuffed_containers)
                    .is_none()
            {
                errs.push(
                    "kind",
                    "out_of_order",
                    "record when the containers were stuffed first (their stuffing date or the stuffed milestone)",
                );
            }
            if kind > MilestoneKind::OnBoard
                && milestone_date(cx.milestones, MilestoneKind::OnBoard).is_none()
            {
                errs.push(
                    "kind",
                    "out_of_order",
                    format!(
                        "{} comes after the goods are on board: record the on-board date first",
                        kind.name_en()
                    ),
                );
            }
            for other in MilestoneKind::ALL {
                if other == kind {
                    continue;
                }
                let mut when = milestone_date(cx.milestones, other);
                if other == MilestoneKind::Stuffed && kind > other {
                    when = when.max(stuffed_containers);
                }
                let Some(when) = when else { continue };
                if other < kind && date < when {
                    errs.push(
                        "date",
                        "out_of_order",
                        format!(
                            "the {} date {date} is before {} on {when}",
                            kind.name_en().to_lowercase(),
                            other.name_en().to_lowercase()
                        ),
                    );
                } else if other > kind && date > when {
                    errs.push(
                        "date",
                        "out_of_order",
                        format!(
                            "the {} date {date} is after {} on {when}",
                            kind.name_en().to_lowercase(),
                            other.name_en().to_lowercase()
                        ),
                    );
                }
            }
            let anything = cx.containers.iter().any(|c| !c.lines.is_empty());
            if matches!(
                kind,
                MilestoneKind::Stuffed | MilestoneKind::GatedIn | MilestoneKind::OnBoard
            ) && !anything
            {
                errs.push(
                    "kind",
                    "nothing_stuffed",
                    "no container of this shipment has goods recorded in it yet",
                );
            }
            if kind == MilestoneKind::OnBoard {
                for (id, (d, c)) in cx.instructions.iter() {
                    if c.partial_shipments {
                        continue;
                    }
                    for (i, l) in d.lines.iter().enumerate() {
                        let shipped = cx.shipped.get(&(*id, i as u32)).copied().unwrap_or_default();
                        let floor = line_floor(l.quantity, c.more_or_less_pct);
                        if shipped < floor {
                            errs.push(
                                "kind",
                                "partial_not_allowed",
                                format!(
                                    "only {} of {} {} of \"{}\" are stuffed and the contract does not allow partial shipments (UCP 600 art. 31): at least {} must go on this vessel",
                                    shipped.normalize(),
                                    l.quantity.normalize(),
                                    l.unit.document_abbreviation(),
                                    l.description,
                                    floor.normalize()
                                ),
                            );
                        }
                    }
                }
            }
            if kind == MilestoneKind::Transhipped && cx.transhipment_port.is_none() && note.is_none() {
                errs.push(
                    "note",
                    "required",
                    "name the transhipment port in the note (the booking has none)",
                );
            }
        }
        errs.into_result()?;
        Ok((
            kind.expect("checked"),
            date.expect("checked"),
            source.expect("checked"),
            note,
        ))
    }
}

/// On time (交期达成): on board by the contract's latest shipment date. The bill of lading's
/// on-board notation is the date of shipment (UCP 600 art. 20(a)(ii)).
pub fn on_time(on_board: NaiveDate, latest_shipment: NaiveDate) -> bool {
    on_board <= latest_shipment
}

// ---------------------------------------------------------------------------------------
// Roll-up of shipped quantities
// ---------------------------------------------------------------------------------------

/// Where a line stands against what was ordered and its tolerance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum BalanceStatus {
    /// Less than ordered minus the tolerance: more to ship.
    Open,
    /// Within ordered ± tolerance.
    WithinTolerance,
    /// More than ordered plus the tolerance.
    Over,
}

/// One line's ordered, stuffed and shipped quantities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineBalance {
    pub description: String,
    pub unit: QuantityUnit,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub ordered: Decimal,
    /// In containers of shipments that are not yet on board.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub stuffed: Decimal,
    /// On board.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub shipped: Decimal,
    /// Ordered − shipped (negative when more was shipped).
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub balance: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub more_or_less_pct: Decimal,
    pub status: BalanceStatus,
}

fn status(ordered: Decimal, shipped: Decimal, pct: Decimal) -> BalanceStatus {
    if shipped > line_ceiling(ordered, pct) {
        BalanceStatus::Over
    } else if shipped >= line_floor(ordered, pct) {
        BalanceStatus::WithinTolerance
    } else {
        BalanceStatus::Open
    }
}

/// Quantities per (instruction, line index).
pub type LineQuantities = HashMap<(Uuid, u32), Decimal>;

/// Sum stuffed lines per (instruction, line) over shipments given as `(containers,
/// on_board)`: (stuffed and not yet on board, on board).
pub fn stuffed_totals<'a>(
    shipments: impl IntoIterator<Item = (&'a [Container], bool)>,
) -> (LineQuantities, LineQuantities) {
    let mut stuffed: HashMap<(Uuid, u32), Decimal> = HashMap::new();
    let mut shipped: HashMap<(Uuid, u32), Decimal> = HashMap::new();
    for (containers, on_board) in shipments {
        for c in containers {
            for l in &c.lines {
                let map = if on_board { &mut shipped } else { &mut stuffed };
                *map.entry((l.instruction_id, l.line)).or_default() += l.quantity;
            }
        }
    }
    (stuffed, shipped)
}

/// An instruction's lines: ordered, stuffed (not yet on board), shipped, balance.
pub fn instruction_balance(
    id: Uuid,
    d: &InstructionData,
    c: &ContractData,
    stuffed: &HashMap<(Uuid, u32), Decimal>,
    shipped: &HashMap<(Uuid, u32), Decimal>,
) -> Vec<LineBalance> {
    d.lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let k = (id, i as u32);
            let s = shipped.get(&k).copied().unwrap_or_default();
            LineBalance {
                description: l.description.clone(),
                unit: l.unit,
                ordered: l.quantity,
                stuffed: stuffed.get(&k).copied().unwrap_or_default(),
                shipped: s,
                balance: l.quantity - s,
                more_or_less_pct: c.more_or_less_pct,
                status: status(l.quantity, s, c.more_or_less_pct),
            }
        })
        .collect()
}

/// A contract's lines across all its instructions: ordered (the contract's quantity),
/// stuffed, shipped, balance. `instructions` are the contract's instructions that are not
/// cancelled.
pub fn contract_balance(
    c: &ContractData,
    instructions: &[(Uuid, &InstructionData)],
    stuffed: &HashMap<(Uuid, u32), Decimal>,
    shipped: &HashMap<(Uuid, u32), Decimal>,
) -> Vec<LineBalance> {
    c.lines
        .iter()
        .enumerate()
        .map(|(ci, cl)| {
            let mut st = Decimal::ZERO;
            let mut sh = Decimal::ZERO;
            for (id, d) in instructions {
                for (i, l) in d.lines.iter().enumerate() {
                    if l.contract_line as usize == ci {
                        let k = (*id, i as u32);
                        st += stuffed.get(&k).copied().unwrap_or_default();
                        sh += shipped.get(&k).copied().unwrap_or_default();
                    }
                }
            }
            let ordered = cl.figures.quantity;
            LineBalance {
                description: cl.description_en.clone(),
                unit: cl.figures.unit,
                ordered,
                stuffed: st,
                shipped: sh,
                balance: ordered - sh,
                more_or_less_pct: c.more_or_less_pct,
                status: status(ordered, sh, c.more_or_less_pct),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// The shipment's document
// ---------------------------------------------------------------------------------------

/// A shipping advice as sent: to whom, in which language, when, by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdviceSent {
    pub to: String,
    /// `en` or `zh`.
    pub language: String,
    pub subject: String,
    pub sent_by: String,
    pub sent_at: DateTime<Utc>,
}

/// A shipment (出运): one booking's vessel and what goes on it. The instructions it carries
/// and the vessel are the booking's; the rest is recorded here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipmentData {
    /// The bill of lading number (提单号), once the forwarder gives it.
    #[serde(default)]
    pub bl_number: Option<String>,
    /// The commercial invoice number this shipment is invoiced under.
    #[serde(default)]
    pub invoice_number: Option<String>,
    #[serde(default)]
    pub containers: Vec<Container>,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    #[serde(default)]
    pub advices: Vec<AdviceSent>,
}

impl ShipmentData {
    /// The stage column: the furthest milestone reached, counting a container recorded as
    /// stuffed as the stuffing milestone.
    pub fn stage(&self) -> &'static str {
        let stuffed = self
            .containers
            .iter()
            .any(|c| c.stuffed_on.is_some() && !c.lines.is_empty())
            .then_some(MilestoneKind::Stuffed);
        stage(&self.milestones)
            .max(stuffed)
            .map(|k| k.as_str())
            .unwrap_or("booked")
    }
    pub fn on_board(&self) -> Option<NaiveDate> {
        milestone_date(&self.milestones, MilestoneKind::OnBoard)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipmentDetailsInput {
    #[serde(default)]
    pub bl_number: Option<String>,
    #[serde(default)]
    pub invoice_number: Option<String>,
}

impl ShipmentDetailsInput {
    /// Codes: `too_long`, `control_characters`.
    pub fn validate(&self) -> Result<(Option<String>, Option<String>), ValidationErrors> {
        let mut errs = ValidationErrors::new();
        let bl = clean_opt(&mut errs, "bl_number", &self.bl_number, 50).map(|s| s.to_uppercase());
        let inv = clean_opt(&mut errs, "invoice_number", &self.invoice_number, 50);
        errs.into_result()?;
        Ok((bl, inv))
    }
}

// ---------------------------------------------------------------------------------------
// Alerts
// ---------------------------------------------------------------------------------------

/// Something about a shipment that needs doing now (工作序列表).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipmentAlert {
    /// `si_cutoff_tomorrow`, `si_cutoff_today`, `vgm_missing`, `not_ready`,
    /// `etd_after_latest_shipment`.
    pub code: String,
    /// What it concerns: a container number, an instruction or contract number, a date.
    pub subject: String,
    pub due: Option<NaiveDateTime>,
    /// English explanation.
    pub message: String,
}

/// What the alerts look at.
pub struct AlertInput<'a> {
    pub confirmation: Option<&'a BookingConfirmation>,
    pub containers: &'a [Container],
    pub milestones: &'a [Milestone],
    /// The containers the booking asked for in all.
    pub containers_booked: u32,
    /// Instructions (by number) whose goods are not yet ready in the warehouse.
    pub not_ready: &'a [String],
    /// Each contract's number and latest shipment date.
    pub contracts: &'a [(String, NaiveDate)],
    pub today: NaiveDate,
}

/// The work-queue alerts of one shipment: SI cut-off tomorrow (or today), VGM missing before
/// its cut-off (SOLAS VI/2: no VGM, no loading), the vessel sailing within 2 days with
/// production not ready, and an ETD later than a contract's latest shipment date. Nothing is
/// alerted once the goods are on board.
pub fn alerts(x: &AlertInput<'_>) -> Vec<ShipmentAlert> {
    let mut out = Vec::new();
    let Some(c) = x.confirmation else {
        return out;
    };
    if milestone_date(x.milestones, MilestoneKind::OnBoard).is_some() {
        return out;
    }
    let today = x.today;
    let si = c.si_cutoff.date();
    if si == today + chrono::Days::new(1) || si == today {
        let code = if si == today {
            "si_cutoff_today"
        } else {
            "si_cutoff_tomorrow"
        };
        out.push(ShipmentAlert {
            code: code.into(),
            subject: c.si_cutoff.format("%Y-%m-%d %H:%M").to_string(),
            due: Some(c.si_cutoff),
            message: format!(
                "the shipping instruction is due to the forwarder by {}",
                c.si_cutoff.format("%Y-%m-%d %H:%M")
            ),
        });
    }
    if c.vgm_cutoff.date() >= today {
        let missing: Vec<String> = x
            .containers
            .iter()
            .filter(|k| k.vgm.is_none())
            .map(|k| k.number.to_string())
            .collect();
        let unrecorded = x.containers_booked.saturating_sub(x.containers.len() as u32);
        if !missing.is_empty() || unrecorded > 0 {
            let mut subject = missing.join(", ");
            if unrecorded > 0 {
                if !subject.is_empty() {
                    subject.push_str(", ");
                }
                subject.push_str(&format!("{unrecorded} container(s) not yet recorded"));
            }
            out.push(ShipmentAlert {
                code: "vgm_missing".into(),
                subject,
                due: Some(c.vgm_cutoff),
                message: format!(
                    "the VGM is missing and is due by {} (SOLAS VI/2: a container without a VGM is not loaded)",
                    c.vgm_cutoff.format("%Y-%m-%d %H:%M")
                ),
            });
        }
    }
    if c.etd >= today && c.etd <= today + chrono::Days::new(2) {
        for n in x.not_ready {
            out.push(ShipmentAlert {
                code: "not_ready".into(),
                subject: n.clone(),
                due: c.etd.and_hms_opt(0, 0, 0),
                message: format!("the vessel sails on {} and the goods of {n} are not ready", c.etd),
            });
        }
    }
    for (number, latest) in x.contracts {
        if c.etd > *latest {
            out.push(ShipmentAlert {
                code: "etd_after_latest_shipment".into(),
                subject: number.clone(),
                due: latest.and_hms_opt(0, 0, 0),
                message: format!(
                    "the ETD {} is after the latest shipment date {latest} of contract {number}",
                    c.etd
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_of_known_numbers() {
        // Examples from ISO 6346 literature and real equipment.
        assert_eq!(check_digit("CSQU305438"), Some(3));
        assert_eq!(check_digit("MSKU907032"), Some(3));
        assert_eq!(check_digit("TGHU100005"), Some(0)); // remainder 10 is written 0
        assert_eq!(check_digit("TGHU761130"), Some(7));
        assert!(ContainerNumber::parse("CSQU3054383").is_ok());
        assert!(ContainerNumber::parse("csqu 305438-3").is_ok());
        assert_eq!(
            ContainerNumber::parse("CSQU 305438 3").unwrap().spaced(),
            "CSQU 305438 3"
        );
    }

    #[test]
    fn letter_values_skip_multiples_of_eleven() {
        assert_eq!(letter_value('A'), Some(10));
        assert_eq!(letter_value('B'), Some(12));
        assert_eq!(letter_value('K'), Some(21));
        assert_eq!(letter_value('L'), Some(23));
        assert_eq!(letter_value('U'), Some(32));
        assert_eq!(letter_value('V'), Some(34));
        assert_eq!(letter_value('Z'), Some(38));
    }

    #[test]
    fn bad_numbers_say_why() {
        match ContainerNumber::parse("CSQU3054384") {
            Err(ContainerNumberError::CheckDigit { expected, found, .. }) => {
                assert_eq!(expected, 3);
                assert_eq!(found, '4');
            }
            other => panic!("{other:?}"),
        }
        let e = ContainerNumber::parse("CSQU3054384").unwrap_err();
        assert!(e.to_string().contains("expected check digit is 3"), "{e}");
        assert_eq!(e.code(), "check_digit");
        assert_eq!(
            ContainerNumber::parse("CSQX3054383").unwrap_err().code(),
            "invalid_equipment_category"
        );
        assert_eq!(
            ContainerNumber::parse("CSQ3054383").unwrap_err().code(),
            "invalid_container_number"
        );
        assert_eq!(
            ContainerNumber::parse("CSQU30543833").unwrap_err().code(),
            "invalid_container_number"
        );
        assert_eq!(ContainerNumber::parse("  ").unwrap_err().code(), "required");
    }

    #[test]
    fn every_wrong_digit_is_caught() {
        for n in ["CSQU3054383", "MSKU9070323", "TGHU7611307", "TGHU1000050"] {
            for d in 0..10u8 {
                let typed = format!("{}{d}", &n[..10]);
                assert_eq!(ContainerNumber::parse(&typed).is_ok(), typed == n, "{typed}");
            }
        }
    }

    #[test]
    fn on_time_is_on_or_before_latest() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(on_time(d("2026-12-10"), d("2026-12-10")));
        assert!(!on_time(d("2026-12-11"), d("2026-12-10")));
    }

    #[test]
    fn balance_status_follows_tolerance() {
        let five = Decimal::from(5);
        assert_eq!(
            status(Decimal::from(100), Decimal::from(94), five),
            BalanceStatus::Open
        );
        assert_eq!(
            status(Decimal::from(100), Decimal::from(95), five),
            BalanceStatus::WithinTolerance
        );
        assert_eq!(
            status(Decimal::from(100), Decimal::from(105), five),
            BalanceStatus::WithinTolerance
        );
        assert_eq!(
            status(Decimal::from(100), Decimal::from(106), five),
            BalanceStatus::Over
        );
    }

    #[test]
    fn current_milestones_take_the_last_record() {
        let at = DateTime::<Utc>::from_timestamp(0, 0).unwrap();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let m = |k, s| Milestone {
            kind: k,
            date: d(s),
            source: MilestoneSource::Own,
            note: None,
            recorded_by: "a".into(),
            recorded_at: at,
        };
        let all = vec![
            m(MilestoneKind::Booked, "2026-11-01"),
            m(MilestoneKind::OnBoard, "2026-11-10"),
            m(MilestoneKind::OnBoard, "2026-11-09"),
        ];
        let cur = current_milestones(&all);
        assert_eq!(cur.len(), 2);
        assert_eq!(cur[1].date, d("2026-11-09"));
        assert_eq!(stage(&all), Some(MilestoneKind::OnBoard));
        assert_eq!(
            milestone_date(&all, MilestoneKind::OnBoard),
            Some(d("2026-11-09"))
        );
    }
}
