//! Production follow-up (生产跟进) for one instruction (指令) line: the factory's daily
//! reports and their checks, progress against the plan with a forecast of when the goods are
//! ready, the customer's stock (客户库存) and the shipment priority list (出运优先级).
//!
//! Every quantity is in the line's own unit (e.g. cartons). A line is ready (备货完成) when
//! the goods delivered to the warehouse (入库: packed, passed inspection, in the warehouse)
//! reach the ordered quantity less the more-or-less tolerance (溢短装). Nothing here reads
//! the clock: `today` is passed in.

use crate::contract::{MAX_LINE_FIGURE, MAX_QUANTITY_DECIMALS};
use crate::error::ValidationErrors;
use chrono::{Days, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// How many days before the issue date a report may be dated (materials, pre-production).
pub const EARLIEST_REPORT_DAYS: u64 = 30;
/// A line is behind when what is in the warehouse is below this share (90 %) of the plan.
pub const BEHIND_SHARE: Decimal = Decimal::from_parts(9, 0, 0, false, 1);
/// Most points in a progress series (the rest are thinned out evenly).
pub const MAX_SERIES_POINTS: usize = 400;
/// Days the recent production rate is measured over.
pub const RATE_WINDOW_DAYS: u64 = 7;

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

fn show(d: Decimal) -> String {
    d.normalize().to_string()
}

fn round_half_up(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

// ---------------------------------------------------------------------------------------
// Daily reports
// ---------------------------------------------------------------------------------------

/// One day's production report (生产日报) for one line, in the line's quantity unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DailyEntry {
    pub date: NaiveDate,
    /// Produced (生产完成).
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "120"))]
    pub produced: Decimal,
    /// Packed (包装完成).
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "100"))]
    pub packed: Decimal,
    /// Passed inspection (验货合格).
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "95"))]
    pub inspected_pass: Decimal,
    /// Failed inspection (验货不合格), to be reworked or replaced.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "5"))]
    pub inspected_fail: Decimal,
    /// Delivered to the warehouse (入库).
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "90"))]
    pub to_warehouse: Decimal,
}

impl DailyEntry {
    fn figures(&self) -> [(&'static str, Decimal); 5] {
        [
            ("produced", self.produced),
            ("packed", self.packed),
            ("inspected_pass", self.inspected_pass),
            ("inspected_fail", self.inspected_fail),
            ("to_warehouse", self.to_warehouse),
        ]
    }
}

/// What one line is to produce, and by when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinePlan {
    /// The ordered quantity (订单数量).
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "1000"))]
    pub ordered: Decimal,
    /// More-or-less tolerance in percent (溢短装), e.g. `5` for ±5 %.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "5"))]
    pub tolerance_pct: Decimal,
    /// The instruction's issue date (下单日): the plan starts at 0 here.
    pub start: NaiveDate,
    /// The production due date (交货期): the plan reaches the ordered quantity here.
    pub due: NaiveDate,
}

impl LinePlan {
    /// Most that may be packed: ordered × (1 + tolerance).
    pub fn upper_limit(&self) -> Decimal {
        self.ordered * (Decimal::ONE + self.tolerance_pct / HUNDRED)
    }
    /// Least that makes the line ready: ordered × (1 − tolerance).
    pub fn ready_threshold(&self) -> Decimal {
        self.ordered * (Decimal::ONE - self.tolerance_pct / HUNDRED)
    }
    /// The plan to date: 0 before and at `start`, rising linearly to `ordered` at `due`
    /// (`ordered` from `start` on when `due` is not after `start`), rounded to 3 decimals.
    pub fn planned_on(&self, day: NaiveDate) -> Decimal {
        if day < self.start {
            return Decimal::ZERO;
        }
        if day >= self.due || self.due <= self.start {
            return self.ordered;
        }
        let elapsed = Decimal::from((day - self.start).num_days());
        let span = Decimal::from((self.due - self.start).num_days());
        round_half_up(self.ordered * elapsed / span, MAX_QUANTITY_DECIMALS)
    }
}

/// Cumulative figures of a line's reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Totals {
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub produced: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub packed: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub inspected_pass: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub inspected_fail: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub to_warehouse: Decimal,
}

/// The sum of every report's figures.
pub fn totals(entries: &[DailyEntry]) -> Totals {
    entries.iter().fold(Totals::default(), |t, e| Totals {
        produced: t.produced + e.produced,
        packed: t.packed + e.packed,
        inspected_pass: t.inspected_pass + e.inspected_pass,
        inspected_fail: t.inspected_fail + e.inspected_fail,
        to_warehouse: t.to_warehouse + e.to_warehouse,
    })
}

/// Check a new daily report against the plan and the line's other reports, naming every
/// problem at once. Fields are `{field_prefix}.produced` etc. (`{field_prefix}` alone for
/// `empty`). The cumulative checks add `new` to all of `existing` (leave the report being
/// edited out of `existing`).
///
/// Codes: `negative`, `precision`, `too_large` (a figure over 10⁹), `empty`, `future`,
/// `too_early` (more than 30 days before the issue date), `over_ordered` (packed over the
/// ordered quantity plus the tolerance), `inspected_over_packed` (inspected, passed and
/// failed, over packed), `warehouse_over_packed` (in the warehouse over packed less failed).
pub fn check_entry(
    plan: &LinePlan,
    existing: &[DailyEntry],
    new: &DailyEntry,
    today: NaiveDate,
    field_prefix: &str,
) -> Result<(), ValidationErrors> {
    check(plan, existing, new, today, field_prefix, false)
}

/// Check a correction (更正): reports are never edited, so a mistake is put right by a
/// later entry whose figures may be negative. Every total must stay at 0 or more
/// (`below_zero`) and within the same limits as [`check_entry`]'s; at least one figure is
/// not 0 (`empty`).
pub fn check_correction(
    plan: &LinePlan,
    existing: &[DailyEntry],
    new: &DailyEntry,
    today: NaiveDate,
    field_prefix: &str,
) -> Result<(), ValidationErrors> {
    check(plan, existing, new, today, field_prefix, true)
}

fn check(
    plan: &LinePlan,
    existing: &[DailyEntry],
    new: &DailyEntry,
    today: NaiveDate,
    field_prefix: &str,
    correction: bool,
) -> Result<(), ValidationErrors> {
    let mut errs = ValidationErrors::new();
    let field = |name: &str| {
        if field_prefix.is_empty() {
            name.to_string()
        } else {
            format!("{field_prefix}.{name}")
        }
    };
    let mut bounded = true;
    for (name, v) in new.figures() {
        if v < Decimal::ZERO && !correction {
            errs.push(
                field(name),
                "negative",
                format!("{name} is {}; it cannot be less than 0", show(v)),
            );
        }
        if v.normalize().scale() > MAX_QUANTITY_DECIMALS {
            errs.push(
                field(name),
                "precision",
                format!("{name} is {v}; at most {MAX_QUANTITY_DECIMALS} decimal places"),
            );
        }
        if v.abs() > MAX_LINE_FIGURE {
            bounded = false;
            errs.push(
                field(name),
                "too_large",
                format!("{name} is more than {MAX_LINE_FIGURE}"),
            );
        }
    }
    if correction && new.figures().iter().all(|(_, v)| v.is_zero()) {
        errs.push(field_prefix, "empty", "a correction changes at least one figure");
    }
    if !correction && new.figures().iter().all(|(_, v)| *v <= Decimal::ZERO) {
        errs.push(
            field_prefix,
            "empty",
            "nothing reported: at least one figure must be more than 0",
        );
    }
    if new.date > today {
        errs.push(
            field("date"),
            "future",
            format!("the report is dated {}, after today ({today})", new.date),
        );
    }
    if let Some(earliest) = plan.start.checked_sub_days(Days::new(EARLIEST_REPORT_DAYS))
        && new.date < earliest
    {
        errs.push(
            field("date"),
            "too_early",
            format!(
                "the report is dated {}, more than {EARLIEST_REPORT_DAYS} days before the issue date {} (earliest {earliest})",
                new.date, plan.start
            ),
        );
    }
    if bounded {
        let before = totals(existing);
        let packed = before.packed + new.packed;
        let inspected =
            before.inspected_pass + before.inspected_fail + new.inspected_pass + new.inspected_fail;
        let failed = before.inspected_fail + new.inspected_fail;
        let warehouse = before.to_warehouse + new.to_warehouse;
        if correction {
            let after = totals(&[existing, std::slice::from_ref(new)].concat());
            let t = [
                ("produced", after.produced),
                ("packed", after.packed),
                ("inspected_pass", after.inspected_pass),
                ("inspected_fail", after.inspected_fail),
                ("to_warehouse", after.to_warehouse),
            ];
            for (name, v) in t {
                if v < Decimal::ZERO {
                    errs.push(
                        field(name),
                        "below_zero",
                        format!(
                            "{name} would total {}; a correction cannot take it below 0",
                            show(v)
                        ),
                    );
                }
            }
        }
        let limit = plan.upper_limit();
        if packed > limit {
            errs.push(
                field("packed"),
                "over_ordered",
                format!(
                    "packed would total {}, more than the limit of {} ({} ordered + {} %)",
                    show(packed),
                    show(limit),
                    show(plan.ordered),
                    show(plan.tolerance_pct)
                ),
            );
        }
        if inspected > packed {
            let name = if new.inspected_pass > Decimal::ZERO || new.inspected_fail <= Decimal::ZERO {
                "inspected_pass"
            } else {
                "inspected_fail"
            };
            errs.push(
                field(name),
                "inspected_over_packed",
                format!(
                    "inspected (passed + failed) would total {}, more than the {} packed",
                    show(inspected),
                    show(packed)
                ),
            );
        }
        if warehouse > packed - failed {
            errs.push(
                field("to_warehouse"),
                "warehouse_over_packed",
                format!(
                    "in the warehouse would total {}, more than the {} packed less the {} failed ({})",
                    show(warehouse),
                    show(packed),
                    show(failed),
                    show(packed - failed)
                ),
            );
        }
    }
    errs.into_result()
}

// ---------------------------------------------------------------------------------------
// Progress
// ---------------------------------------------------------------------------------------

/// Where a line's production stands (生产进度).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ProgressStatus {
    /// No reports, and nothing is planned yet.
    NotStarted,
    OnTrack,
    /// Under 90 % of the plan to date, or forecast after the production due date.
    Behind,
    /// Forecast after the ETD or the latest shipment date, or past due with no forecast.
    Late,
    /// Enough in the warehouse (ordered less the tolerance).
    Ready,
}

impl ProgressStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            ProgressStatus::NotStarted => "not_started",
            ProgressStatus::OnTrack => "on_track",
            ProgressStatus::Behind => "behind",
            ProgressStatus::Late => "late",
            ProgressStatus::Ready => "ready",
        }
    }
}

/// One day of the progress chart: the plan and what is in the warehouse, both cumulative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressPoint {
    pub date: NaiveDate,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub planned: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub actual: Decimal,
}

/// Something the merchandiser should act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressAlert {
    /// `past_due`, `behind_plan`, `misses_etd` or `misses_latest_shipment`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub code: &'static str,
    /// The line's position in [`combine`]'s input; absent on one line's assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// The date measured against: the production due date (`past_due`, `behind_plan`), the
    /// ETD or the latest shipment date.
    pub deadline: NaiveDate,
    /// When the line is forecast to be ready, if it can be forecast.
    pub forecast: Option<NaiveDate>,
    pub as_of: NaiveDate,
    pub message: String,
}

/// A line's progress as of `today`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assessment {
    pub status: ProgressStatus,
    pub totals: Totals,
    /// In the warehouse (cumulative `to_warehouse`).
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub ready_quantity: Decimal,
    /// Ordered less the tolerance: ready from here on.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub ready_threshold: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub planned_to_date: Decimal,
    /// In the warehouse as a percentage of the ordered quantity, 1 decimal (over 100 within
    /// the tolerance).
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "87.5"))]
    pub percent_ready: Decimal,
    /// Still to reach the warehouse before the line is ready (threshold − in the warehouse, ≥ 0).
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub remaining: Decimal,
    /// Deliveries to the warehouse per day, 3 decimals: over the last 7 days, or since the
    /// first report when the last 7 days had none.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub rate_per_day: Decimal,
    /// When the line is (forecast to be) ready: the day it became ready if it is.
    pub forecast_ready: Option<NaiveDate>,
    pub makes_etd: Option<bool>,
    pub makes_latest_shipment: Option<bool>,
    pub series: Vec<ProgressPoint>,
    pub alerts: Vec<ProgressAlert>,
}

/// Deliveries to the warehouse and the days they were spread over, for the rate: the last
/// 7 days up to today (not before the first report), or since the first report when those
/// had none. `None` when nothing has reached the warehouse by today.
fn rate_basis(sorted: &[&DailyEntry], today: NaiveDate) -> Option<(Decimal, i64)> {
    let first = sorted.first().map(|e| e.date).filter(|d| *d <= today)?;
    let window_start = today
        .checked_sub_days(Days::new(RATE_WINDOW_DAYS - 1))
        .unwrap_or(NaiveDate::MIN)
        .max(first);
    let sum_since = |from: NaiveDate| -> Decimal {
        sorted
            .iter()
            .filter(|e| e.date >= from && e.date <= today)
            .map(|e| e.to_warehouse)
            .sum()
    };
    let recent = sum_since(window_start);
    if recent > Decimal::ZERO {
        return Some((recent, (today - window_start).num_days() + 1));
    }
    let all = sum_since(first);
    (all > Decimal::ZERO).then(|| (all, (today - first).num_days() + 1))
}

/// The progress chart: every day from the start (or the first report, if earlier) to the
/// later of today and the last report, thinned evenly to at most 400 points.
fn series(plan: &LinePlan, sorted: &[&DailyEntry], today: NaiveDate) -> Vec<ProgressPoint> {
    let begin = sorted.first().map_or(plan.start, |e| e.date.min(plan.start));
    let end = sorted.last().map_or(today, |e| e.date.max(today)).max(begin);
    let days = (end - begin).num_days() as u64 + 1;
    let max = MAX_SERIES_POINTS as u64;
    let picks: Box<dyn Iterator<Item = u64>> = if days <= max {
        Box::new(0..days)
    } else {
        Box::new((0..max).map(move |i| i * (days - 1) / (max - 1)))
    };
    let mut out = Vec::new();
    let mut cum = Decimal::ZERO;
    let mut next = 0;
    for k in picks {
        let Some(date) = begin.checked_add_days(Days::new(k)) else {
            break;
        };
        while next < sorted.len() && sorted[next].date <= date {
            cum += sorted[next].to_warehouse;
            next += 1;
        }
        out.push(ProgressPoint {
            date,
            planned: plan.planned_on(date),
            actual: cum,
        });
    }
    out
}

/// Assess one line as of `today` against its plan, the ETD (if booked) and the latest
/// shipment date (最迟装运期).
///
/// The forecast is today + ⌈remaining ÷ rate⌉ days; the rate is deliveries to the
/// warehouse over the last 7 days up to today divided by those days (fewer when the first
/// report is more recent), or, when those had none, over every day since the first report.
pub fn assess(
    plan: &LinePlan,
    entries: &[DailyEntry],
    today: NaiveDate,
    etd: Option<NaiveDate>,
    latest_shipment: NaiveDate,
) -> Assessment {
    let mut sorted: Vec<&DailyEntry> = entries.iter().collect();
    sorted.sort_by_key(|e| e.date);
    let totals = totals(entries);
    let ready_quantity = totals.to_warehouse;
    let ready_threshold = plan.ready_threshold();
    let ready = ready_quantity >= ready_threshold;
    let planned_to_date = plan.planned_on(today);
    let remaining = (ready_threshold - ready_quantity).max(Decimal::ZERO);
    let basis = rate_basis(&sorted, today);
    let rate_per_day = basis.map_or(Decimal::ZERO, |(sum, days)| {
        round_half_up(sum / Decimal::from(days), MAX_QUANTITY_DECIMALS)
    });

    let forecast_ready = if ready {
        let mut cum = Decimal::ZERO;
        let crossed = sorted.iter().find(|e| {
            cum += e.to_warehouse;
            cum >= ready_threshold
        });
        Some(crossed.map_or(today, |e| e.date))
    } else {
        basis.and_then(|(sum, days)| {
            let need = (remaining * Decimal::from(days) / sum).ceil();
            need.to_u64().and_then(|n| today.checked_add_days(Days::new(n)))
        })
    };

    // A deadline is missed when the forecast is after it, or, without a forecast, once it
    // has passed.
    let misses = |deadline: NaiveDate| forecast_ready.map_or(today > deadline, |f| f > deadline);
    let below_plan = ready_quantity < BEHIND_SHARE * planned_to_date;
    let forecast_after_due = forecast_ready.is_some_and(|f| f > plan.due);
    let past_due = today > plan.due;
    let misses_etd = etd.is_some_and(misses);
    let misses_latest = misses(latest_shipment);
    let late = misses_etd || misses_latest || (forecast_ready.is_none() && past_due);
    let status = if ready {
        ProgressStatus::Ready
    } else if late {
        ProgressStatus::Late
    } else if below_plan || forecast_after_due {
        ProgressStatus::Behind
    } else if entries.is_empty() && planned_to_date.is_zero() {
        ProgressStatus::NotStarted
    } else {
        ProgressStatus::OnTrack
    };

    let forecast_text = forecast_ready.map_or(
        "cannot be forecast yet (nothing in the warehouse)".to_string(),
        |f| format!("is forecast for {f}"),
    );
    let mut alerts = Vec::new();
    let mut alert = |code: &'static str, deadline: NaiveDate, message: String| {
        alerts.push(ProgressAlert {
            code,
            line: None,
            deadline,
            forecast: forecast_ready,
            as_of: today,
            message,
        })
    };
    if !ready {
        if past_due {
            alert(
                "past_due",
                plan.due,
                format!(
                    "production was due on {}; {} of {} in the warehouse, readiness {forecast_text}",
                    plan.due,
                    show(ready_quantity),
                    show(ready_threshold)
                ),
            );
        }
        if below_plan || forecast_after_due {
            let message = if below_plan {
                format!(
                    "{} in the warehouse against {} planned by {today} (under 90 %)",
                    show(ready_quantity),
                    show(planned_to_date)
                )
            } else {
                format!(
                    "readiness {forecast_text}, after the production due date {}",
                    plan.due
                )
            };
            alert("behind_plan", plan.due, message);
        }
        if let Some(etd) = etd
            && misses_etd
        {
            alert(
                "misses_etd",
                etd,
                format!("readiness {forecast_text}, after the ETD {etd}"),
            );
        }
        if misses_latest {
            alert(
                "misses_latest_shipment",
                latest_shipment,
                format!("readiness {forecast_text}, after the latest shipment date {latest_shipment}"),
            );
        }
    }

    let percent_ready = if plan.ordered > Decimal::ZERO {
        round_half_up(ready_quantity * HUNDRED / plan.ordered, 1)
    } else {
        HUNDRED
    };
    let by = |deadline: NaiveDate| forecast_ready.map(|f| f <= deadline);
    Assessment {
        status,
        totals,
        ready_quantity,
        ready_threshold: ready_threshold.normalize(),
        planned_to_date,
        percent_ready,
        remaining: remaining.normalize(),
        rate_per_day,
        forecast_ready,
        makes_etd: etd.and_then(by),
        makes_latest_shipment: by(latest_shipment),
        series: series(plan, &sorted, today),
        alerts,
    }
}

/// A whole instruction's progress, from its lines' assessments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstructionProgress {
    pub status: ProgressStatus,
    /// The latest line's forecast; absent when a line that is not ready has none.
    pub forecast_ready: Option<NaiveDate>,
    /// `false` if any line misses, `true` if every line makes it, otherwise absent.
    pub makes_etd: Option<bool>,
    pub makes_latest_shipment: Option<bool>,
    pub lines: u32,
    pub lines_ready: u32,
    /// Every line's alerts, each with its `line` (the position in the input).
    pub alerts: Vec<ProgressAlert>,
}

fn all_make(v: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let v: Vec<Option<bool>> = v.collect();
    if v.contains(&Some(false)) {
        Some(false)
    } else if v.is_empty() || v.contains(&None) {
        None
    } else {
        Some(true)
    }
}

/// Combine an instruction's lines: the worst status (late, then behind; ready only when
/// every line is; not started only when no line has started; otherwise on track).
pub fn combine(assessments: &[Assessment]) -> InstructionProgress {
    let has = |s: ProgressStatus| assessments.iter().any(|a| a.status == s);
    let all = |s: ProgressStatus| assessments.iter().all(|a| a.status == s);
    let status = if has(ProgressStatus::Late) {
        ProgressStatus::Late
    } else if has(ProgressStatus::Behind) {
        ProgressStatus::Behind
    } else if all(ProgressStatus::NotStarted) {
        ProgressStatus::NotStarted
    } else if all(ProgressStatus::Ready) {
        ProgressStatus::Ready
    } else {
        ProgressStatus::OnTrack
    };
    let unforecast = assessments
        .iter()
        .any(|a| a.forecast_ready.is_none() && a.status != ProgressStatus::Ready);
    let forecast_ready = if unforecast {
        None
    } else {
        assessments.iter().filter_map(|a| a.forecast_ready).max()
    };
    let alerts = assessments
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            a.alerts.iter().map(move |al| ProgressAlert {
                line: Some(i as u32),
                ..al.clone()
            })
        })
        .collect();
    InstructionProgress {
        status,
        forecast_ready,
        makes_etd: all_make(assessments.iter().map(|a| a.makes_etd)),
        makes_latest_shipment: all_make(assessments.iter().map(|a| a.makes_latest_shipment)),
        lines: assessments.len() as u32,
        lines_ready: assessments
            .iter()
            .filter(|a| a.status == ProgressStatus::Ready)
            .count() as u32,
        alerts,
    }
}

// ---------------------------------------------------------------------------------------
// Customer stock
// ---------------------------------------------------------------------------------------

/// What the customer reported of their stock (客户库存) of a product, and how fast they use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StockReport {
    pub date: NaiveDate,
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "1200"))]
    pub quantity: Decimal,
    /// Consumption (sales) per day (日消耗).
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "40"))]
    pub consumption_per_day: Decimal,
}

/// How long the customer's stock lasts, as of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cover {
    /// Stock today ÷ consumption, 1 decimal rounded down (it lasts at least this long);
    /// absent when nothing is consumed.
    #[serde(with = "rust_decimal::serde::str_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "12.5"))]
    pub days_of_cover: Option<Decimal>,
    /// The reported quantity less the consumption since the report, not below 0.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub stock_today: Decimal,
    /// The day the stock runs out: report date + ⌊quantity ÷ consumption⌋ days (may be past).
    pub runs_out: Option<NaiveDate>,
}

/// The customer's stock as of `today`, from their last report (a report dated after today
/// counts as today's).
pub fn cover(r: &StockReport, today: NaiveDate) -> Cover {
    let since = Decimal::from((today - r.date).num_days().max(0));
    let rate = r.consumption_per_day;
    let stock_today = (r.quantity - rate * since).max(Decimal::ZERO).normalize();
    if rate <= Decimal::ZERO {
        return Cover {
            days_of_cover: None,
            stock_today,
            runs_out: None,
        };
    }
    let days_of_cover = (stock_today / rate)
        .round_dp_with_strategy(1, RoundingStrategy::ToZero)
        .max(Decimal::ZERO)
        .normalize();
    let runs_out = (r.quantity.max(Decimal::ZERO) / rate)
        .floor()
        .to_u64()
        .and_then(|n| r.date.checked_add_days(Days::new(n)));
    Cover {
        days_of_cover: Some(days_of_cover),
        stock_today,
        runs_out,
    }
}

fn stock_figure(errs: &mut ValidationErrors, field: &str, v: &str) -> Option<Decimal> {
    let v = v.trim();
    if v.is_empty() {
        errs.push(field, "required", "a number is required");
        return None;
    }
    let d = match crate::units::parse_decimal(v) {
        Ok(d) => d,
        Err(why) => {
            errs.push(field, "invalid_number", format!("`{v}` {why}"));
            return None;
        }
    };
    let mut ok = true;
    if d < Decimal::ZERO {
        ok = false;
        errs.push(field, "negative", format!("{v} cannot be less than 0"));
    }
    if d.normalize().scale() > MAX_QUANTITY_DECIMALS {
        ok = false;
        errs.push(
            field,
            "precision",
            format!("{v}: at most {MAX_QUANTITY_DECIMALS} decimal places"),
        );
    }
    if d > MAX_LINE_FIGURE {
        ok = false;
        errs.push(field, "too_large", format!("{v} is more than {MAX_LINE_FIGURE}"));
    }
    ok.then(|| d.normalize())
}

/// Validate a stock report as typed: `quantity` and `consumption_per_day` numbers ≥ 0 with
/// at most 3 decimals, `date` as `YYYY-MM-DD` and not after today.
pub fn validate_stock_report(
    quantity: &str,
    consumption_per_day: &str,
    date: &str,
    today: NaiveDate,
) -> Result<StockReport, ValidationErrors> {
    let mut errs = ValidationErrors::new();
    let quantity = stock_figure(&mut errs, "quantity", quantity);
    let consumption_per_day = stock_figure(&mut errs, "consumption_per_day", consumption_per_day);
    let date = crate::documents::validate_date(&mut errs, "date", date);
    if let Some(d) = date
        && d > today
    {
        errs.push("date", "future", format!("{d} is after today ({today})"));
    }
    match (quantity, consumption_per_day, date) {
        (Some(quantity), Some(consumption_per_day), Some(date)) if errs.is_empty() => Ok(StockReport {
            date,
            quantity,
            consumption_per_day,
        }),
        _ => Err(errs),
    }
}

// ---------------------------------------------------------------------------------------
// Shipment priority
// ---------------------------------------------------------------------------------------

/// One instruction (or line) waiting to ship.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorityCandidate<K> {
    pub key: K,
    /// The customer's days of cover for the goods (see [`cover`]), if they report stock.
    pub days_of_cover: Option<Decimal>,
    pub latest_shipment: NaiveDate,
    /// The earliest ETD booked or asked for.
    pub etd_from: Option<NaiveDate>,
    pub ready: bool,
}

/// What put a candidate where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PriorityReason {
    /// The customer's stock is known: the sooner it runs out, the sooner the goods go.
    StockRunsOut,
    /// Ordered by the latest shipment date.
    LatestShipment,
    /// Same latest shipment date as its neighbour: the ETD decided.
    Etd,
}

/// A candidate's place on the priority list (出运优先级).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ranked<K> {
    /// 1 is the most urgent.
    pub rank: u32,
    pub key: K,
    pub reason: PriorityReason,
    /// Latest shipment date − today (negative when passed).
    pub days_to_latest_shipment: i64,
}

fn priority_order<K>(a: &PriorityCandidate<K>, b: &PriorityCandidate<K>) -> Ordering {
    let none_last = |x: Option<Decimal>, y: Option<Decimal>| match (x, y) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    let etd_none_last = |x: Option<NaiveDate>, y: Option<NaiveDate>| match (x, y) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    none_last(a.days_of_cover, b.days_of_cover)
        .then(a.latest_shipment.cmp(&b.latest_shipment))
        .then(etd_none_last(a.etd_from, b.etd_from))
        .then(b.ready.cmp(&a.ready))
}

/// Rank candidates for shipment: days of cover ascending (unknown last), then the latest
/// shipment date, then the ETD (unknown last), then ready before not ready; ties keep the
/// input order.
pub fn rank<K: Clone>(c: &[PriorityCandidate<K>], today: NaiveDate) -> Vec<Ranked<K>> {
    let mut order: Vec<usize> = (0..c.len()).collect();
    order.sort_by(|&a, &b| priority_order(&c[a], &c[b]));
    let etd_decides = |a: &PriorityCandidate<K>, b: &PriorityCandidate<K>| {
        b.days_of_cover.is_none() && a.latest_shipment == b.latest_shipment && a.etd_from != b.etd_from
    };
    order
        .iter()
        .enumerate()
        .map(|(pos, &i)| {
            let x = &c[i];
            let reason = if x.days_of_cover.is_some() {
                PriorityReason::StockRunsOut
            } else {
                let prev = pos.checked_sub(1).map(|p| &c[order[p]]);
                let next = order.get(pos + 1).map(|&n| &c[n]);
                if prev.into_iter().chain(next).any(|n| etd_decides(x, n)) {
                    PriorityReason::Etd
                } else {
                    PriorityReason::LatestShipment
                }
            };
            Ranked {
                rank: pos as u32 + 1,
                key: x.key.clone(),
                reason,
                days_to_latest_shipment: (x.latest_shipment - today).num_days(),
            }
        })
        .collect()
}

#[cfg(test)]
mod correction_tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn e(packed: i64, to_warehouse: i64) -> DailyEntry {
        DailyEntry {
            date: d(2026, 11, 20),
            produced: Decimal::ZERO,
            packed: Decimal::from(packed),
            inspected_pass: Decimal::ZERO,
            inspected_fail: Decimal::ZERO,
            to_warehouse: Decimal::from(to_warehouse),
        }
    }

    #[test]
    fn a_correction_may_be_negative_but_no_total_goes_below_zero() {
        let plan = LinePlan {
            ordered: Decimal::from(1000),
            tolerance_pct: Decimal::from(5),
            start: d(2026, 11, 1),
            due: d(2026, 12, 1),
        };
        let typo = [e(1000, 1000)];
        // 1000 typed for 100: take 900 back.
        assert!(check_correction(&plan, &typo, &e(-900, -900), d(2026, 11, 21), "").is_ok());
        assert!(check_entry(&plan, &typo, &e(-900, -900), d(2026, 11, 21), "").is_err());
        let errs = check_correction(&plan, &typo, &e(-1001, 0), d(2026, 11, 21), "").unwrap_err();
        assert!(
            errs.0
                .iter()
                .any(|f| f.field == "packed" && f.code == "below_zero"),
            "{errs:?}"
        );
        assert!(
            errs.0
                .iter()
                .any(|f| f.field == "to_warehouse" && f.code == "warehouse_over_packed")
        );
        let errs = check_correction(&plan, &typo, &e(0, 0), d(2026, 11, 21), "").unwrap_err();
        assert_eq!(errs.0[0].code, "empty");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }
    fn entry(date: NaiveDate, to_warehouse: i64) -> DailyEntry {
        let q = Decimal::from(to_warehouse);
        DailyEntry {
            date,
            produced: q,
            packed: q,
            inspected_pass: q,
            inspected_fail: Decimal::ZERO,
            to_warehouse: q,
        }
    }
    /// 1000 ordered ±5 %, issued 2026-03-01, due 2026-03-11 (100 a day on plan).
    fn plan() -> LinePlan {
        LinePlan {
            ordered: Decimal::from(1000),
            tolerance_pct: Decimal::from(5),
            start: day("2026-03-01"),
            due: day("2026-03-11"),
        }
    }
    fn codes(e: &ValidationErrors) -> Vec<(&str, &str)> {
        e.0.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect()
    }

    #[test]
    fn totals_add_up() {
        let t = totals(&[entry(day("2026-03-02"), 10), entry(day("2026-03-03"), 15)]);
        assert_eq!(t.to_warehouse, Decimal::from(25));
        assert_eq!(t.packed, Decimal::from(25));
        assert_eq!(t.inspected_fail, Decimal::ZERO);
    }

    #[test]
    fn a_good_entry_passes() {
        let today = day("2026-03-05");
        check_entry(
            &plan(),
            &[entry(day("2026-03-02"), 100)],
            &entry(today, 100),
            today,
            "entries[0]",
        )
        .unwrap();
    }

    #[test]
    fn every_problem_is_named() {
        let today = day("2026-03-05");
        let bad = DailyEntry {
            date: day("2026-03-06"),
            produced: dec("-1"),
            packed: dec("0.0001"),
            inspected_pass: Decimal::ZERO,
            inspected_fail: Decimal::ZERO,
            to_warehouse: Decimal::ZERO,
        };
        let e = check_entry(&plan(), &[], &bad, today, "entries[0]").unwrap_err();
        assert_eq!(
            codes(&e),
            vec![
                ("entries[0].produced", "negative"),
                ("entries[0].packed", "precision"),
                ("entries[0].date", "future"),
            ]
        );
        let zero = DailyEntry {
            date: day("2026-01-01"),
            ..entry(today, 0)
        };
        let e = check_entry(&plan(), &[], &zero, today, "entries[1]").unwrap_err();
        assert_eq!(
            codes(&e),
            vec![("entries[1]", "empty"), ("entries[1].date", "too_early")]
        );
        // 30 days before the issue date is still accepted.
        check_entry(&plan(), &[], &entry(day("2026-01-30"), 1), today, "e").unwrap();
    }

    #[test]
    fn cumulative_limits() {
        let today = day("2026-03-10");
        let before = vec![entry(day("2026-03-02"), 1000)];
        // 1050 is the limit: 1000 ordered + 5 %.
        check_entry(&plan(), &before, &entry(today, 50), today, "e").unwrap();
        let e = check_entry(&plan(), &before, &entry(today, 51), today, "e").unwrap_err();
        assert_eq!(codes(&e), vec![("e.packed", "over_ordered")]);
        assert!(
            e.0[0].message.contains("1051") && e.0[0].message.contains("1050"),
            "{}",
            e.0[0].message
        );

        let over = DailyEntry {
            date: today,
            produced: Decimal::ZERO,
            packed: Decimal::from(10),
            inspected_pass: Decimal::from(8),
            inspected_fail: Decimal::from(5),
            to_warehouse: Decimal::from(8),
        };
        let e = check_entry(&plan(), &[], &over, today, "e").unwrap_err();
        assert_eq!(
            codes(&e),
            vec![
                ("e.inspected_pass", "inspected_over_packed"),
                ("e.to_warehouse", "warehouse_over_packed")
            ]
        );
        assert!(
            e.0[1].message.contains("10 packed less the 5 failed"),
            "{}",
            e.0[1].message
        );
    }

    #[test]
    fn planned_is_linear_and_clamped() {
        let p = plan();
        assert_eq!(p.planned_on(day("2026-02-20")), Decimal::ZERO);
        assert_eq!(p.planned_on(day("2026-03-01")), Decimal::ZERO);
        assert_eq!(p.planned_on(day("2026-03-04")), Decimal::from(300));
        assert_eq!(p.planned_on(day("2026-03-11")), Decimal::from(1000));
        assert_eq!(p.planned_on(day("2026-04-01")), Decimal::from(1000));
        let same = LinePlan { due: p.start, ..p };
        assert_eq!(same.planned_on(p.start), Decimal::from(1000));
        let thirds = LinePlan {
            due: day("2026-03-04"),
            ..p
        };
        assert_eq!(thirds.planned_on(day("2026-03-02")), dec("333.333"));
    }

    #[test]
    fn exactly_on_plan_is_on_track() {
        let p = LinePlan {
            tolerance_pct: Decimal::ZERO,
            ..plan()
        };
        for elapsed in 1..10u64 {
            let today = p.start + Days::new(elapsed);
            let entries: Vec<DailyEntry> = (1..=elapsed)
                .map(|k| entry(p.start + Days::new(k), 100))
                .collect();
            let a = assess(&p, &entries, today, Some(day("2026-03-15")), day("2026-03-20"));
            assert_eq!(a.status, ProgressStatus::OnTrack, "day {elapsed}: {a:?}");
            assert_eq!(a.forecast_ready, Some(p.due), "day {elapsed}");
            assert_eq!(a.rate_per_day, Decimal::from(100));
            assert_eq!(a.makes_etd, Some(true));
            assert!(a.alerts.is_empty());
            assert_eq!(a.series.last().unwrap().actual, a.series.last().unwrap().planned);
        }
    }

    #[test]
    fn not_started_until_something_is_planned() {
        let a = assess(&plan(), &[], day("2026-03-01"), None, day("2026-03-20"));
        assert_eq!(a.status, ProgressStatus::NotStarted);
        assert_eq!(a.forecast_ready, None);
        assert_eq!(a.makes_latest_shipment, None);
        assert_eq!(a.series.len(), 1);
        let a = assess(&plan(), &[], day("2026-03-03"), None, day("2026-03-20"));
        assert_eq!(a.status, ProgressStatus::Behind);
        assert_eq!(a.alerts[0].code, "behind_plan");
    }

    #[test]
    fn stalled_line_is_behind_then_late() {
        let p = plan();
        let entries: Vec<DailyEntry> = (1..=3).map(|k| entry(p.start + Days::new(k), 100)).collect();
        // 2026-03-08: nothing for 5 days; the last 7 days (03-02..03-08) gave 300 → 42.857/day;
        // 650 still needed (950 − 300) → ⌈650 × 7 / 300⌉ = 16 days → 2026-03-24.
        let a = assess(&p, &entries, day("2026-03-08"), None, day("2026-04-30"));
        assert_eq!(a.rate_per_day, dec("42.857"));
        assert_eq!(a.remaining, Decimal::from(650));
        assert_eq!(a.forecast_ready, Some(day("2026-03-24")));
        assert_eq!(a.status, ProgressStatus::Behind);
        assert_eq!(a.makes_latest_shipment, Some(true));
        assert_eq!(
            a.alerts.iter().map(|a| a.code).collect::<Vec<_>>(),
            vec!["behind_plan"]
        );

        // With an ETD of 2026-03-20 the forecast misses it.
        let a = assess(
            &p,
            &entries,
            day("2026-03-08"),
            Some(day("2026-03-20")),
            day("2026-04-30"),
        );
        assert_eq!(a.status, ProgressStatus::Late);
        assert_eq!(a.makes_etd, Some(false));
        assert!(
            a.alerts
                .iter()
                .any(|x| x.code == "misses_etd" && x.deadline == day("2026-03-20"))
        );

        // 2026-03-20: nothing in the last 7 days → since the first report: 300 over 19 days;
        // ⌈650 × 19 / 300⌉ = 42 days → 2026-05-01, after the latest shipment date.
        let a = assess(&p, &entries, day("2026-03-20"), None, day("2026-04-30"));
        assert_eq!(a.rate_per_day, dec("15.789"));
        assert_eq!(a.forecast_ready, Some(day("2026-05-01")));
        assert_eq!(a.status, ProgressStatus::Late);
        let codes: Vec<_> = a.alerts.iter().map(|a| a.code).collect();
        assert_eq!(codes, vec!["past_due", "behind_plan", "misses_latest_shipment"]);
    }

    #[test]
    fn past_due_without_forecast_is_late() {
        let only_packed = DailyEntry {
            to_warehouse: Decimal::ZERO,
            ..entry(day("2026-03-02"), 100)
        };
        let a = assess(
            &plan(),
            &[only_packed],
            day("2026-03-12"),
            None,
            day("2026-04-30"),
        );
        assert_eq!(a.forecast_ready, None);
        assert_eq!(a.status, ProgressStatus::Late);
        assert_eq!(a.makes_latest_shipment, None);
    }

    #[test]
    fn ready_on_the_day_it_crossed() {
        let p = plan();
        let entries = vec![
            entry(day("2026-03-05"), 600),
            entry(day("2026-03-03"), 300),
            entry(day("2026-03-09"), 60),
        ];
        // 300 + 600 = 900 < 950; + 60 = 960 ≥ 950 on 03-09.
        let a = assess(
            &p,
            &entries,
            day("2026-03-12"),
            Some(day("2026-03-10")),
            day("2026-03-20"),
        );
        assert_eq!(a.status, ProgressStatus::Ready);
        assert_eq!(a.forecast_ready, Some(day("2026-03-09")));
        assert_eq!(a.makes_etd, Some(true));
        assert_eq!(a.percent_ready, dec("96"));
        assert_eq!(a.remaining, Decimal::ZERO);
        assert!(a.alerts.is_empty());
    }

    #[test]
    fn series_is_thinned_to_400_keeping_both_ends() {
        let p = LinePlan {
            start: day("2024-01-01"),
            due: day("2026-01-01"),
            ..plan()
        };
        let entries = vec![entry(day("2023-12-01"), 5), entry(day("2025-06-01"), 7)];
        let a = assess(&p, &entries, day("2026-02-01"), None, day("2026-03-01"));
        assert_eq!(a.series.len(), MAX_SERIES_POINTS);
        assert_eq!(a.series[0].date, day("2023-12-01"));
        assert_eq!(a.series[0].actual, Decimal::from(5));
        assert_eq!(a.series.last().unwrap().date, day("2026-02-01"));
        assert_eq!(a.series.last().unwrap().actual, Decimal::from(12));
        assert_eq!(a.series.last().unwrap().planned, Decimal::from(1000));
        assert!(a.series.windows(2).all(|w| w[0].date < w[1].date));
    }

    #[test]
    fn combine_takes_the_worst() {
        let p = plan();
        let ready = assess(
            &p,
            &[entry(day("2026-03-02"), 1000)],
            day("2026-03-05"),
            None,
            day("2026-03-20"),
        );
        let on_track = assess(
            &p,
            &[entry(day("2026-03-02"), 100), entry(day("2026-03-03"), 100)],
            day("2026-03-03"),
            None,
            day("2026-03-20"),
        );
        let behind = assess(&p, &[], day("2026-03-05"), None, day("2026-03-20"));
        assert_eq!(ready.status, ProgressStatus::Ready);
        assert_eq!(on_track.status, ProgressStatus::OnTrack);
        assert_eq!(behind.status, ProgressStatus::Behind);

        let c = combine(&[ready.clone(), ready.clone()]);
        assert_eq!(c.status, ProgressStatus::Ready);
        assert_eq!(c.forecast_ready, Some(day("2026-03-02")));
        let c = combine(&[ready.clone(), on_track.clone()]);
        assert_eq!(c.status, ProgressStatus::OnTrack);
        assert_eq!(c.forecast_ready, on_track.forecast_ready);
        assert_eq!(c.lines_ready, 1);
        let c = combine(&[ready, on_track, behind]);
        assert_eq!(c.status, ProgressStatus::Behind);
        assert_eq!(c.forecast_ready, None);
        assert_eq!(c.alerts.len(), 1);
        assert_eq!(c.alerts[0].line, Some(2));
        assert_eq!(combine(&[]).status, ProgressStatus::NotStarted);
    }

    #[test]
    fn cover_arithmetic() {
        let r = StockReport {
            date: day("2026-03-01"),
            quantity: Decimal::from(1000),
            consumption_per_day: Decimal::from(30),
        };
        // 10 days later: 1000 − 300 = 700 → 23.33 → 23.3 days; runs out 03-01 + 33 days.
        let c = cover(&r, day("2026-03-11"));
        assert_eq!(c.stock_today, Decimal::from(700));
        assert_eq!(c.days_of_cover, Some(dec("23.3")));
        assert_eq!(c.runs_out, Some(day("2026-04-03")));
        let c = cover(&r, day("2026-05-01"));
        assert_eq!(c.stock_today, Decimal::ZERO);
        assert_eq!(c.days_of_cover, Some(Decimal::ZERO));
        let idle = StockReport {
            consumption_per_day: Decimal::ZERO,
            ..r
        };
        let c = cover(&idle, day("2026-03-11"));
        assert_eq!(
            (c.days_of_cover, c.stock_today, c.runs_out),
            (None, Decimal::from(1000), None)
        );
    }

    #[test]
    fn stock_report_validation() {
        let today = day("2026-03-11");
        let r = validate_stock_report("1,200.5", "40", "2026-03-10", today).unwrap();
        assert_eq!(r.quantity, dec("1200.5"));
        let e = validate_stock_report("-1", "abc", "2026-03-12", today).unwrap_err();
        assert_eq!(
            codes(&e),
            vec![
                ("quantity", "negative"),
                ("consumption_per_day", "invalid_number"),
                ("date", "future")
            ]
        );
        let e = validate_stock_report("", "1.2345", "12/03/2026", today).unwrap_err();
        assert_eq!(
            codes(&e),
            vec![
                ("quantity", "required"),
                ("consumption_per_day", "precision"),
                ("date", "invalid_date")
            ]
        );
    }

    fn cand(
        key: &'static str,
        cover: Option<&str>,
        latest: &str,
        etd: Option<&str>,
        ready: bool,
    ) -> PriorityCandidate<&'static str> {
        PriorityCandidate {
            key,
            days_of_cover: cover.map(dec),
            latest_shipment: day(latest),
            etd_from: etd.map(day),
            ready,
        }
    }

    #[test]
    fn rank_order_and_reasons() {
        let c = vec![
            cand("no-cover-late", None, "2026-05-01", None, true),
            cand("cover-20", Some("20"), "2026-04-01", None, false),
            cand("no-cover-etd-later", None, "2026-04-15", Some("2026-04-10"), true),
            cand("cover-5", Some("5.0"), "2026-06-01", None, false),
            cand(
                "no-cover-etd-sooner",
                None,
                "2026-04-15",
                Some("2026-04-05"),
                false,
            ),
            cand("tie-not-ready", None, "2026-05-01", None, false),
        ];
        let r = rank(&c, day("2026-03-31"));
        let keys: Vec<_> = r.iter().map(|r| r.key).collect();
        assert_eq!(
            keys,
            vec![
                "cover-5",
                "cover-20",
                "no-cover-etd-sooner",
                "no-cover-etd-later",
                "no-cover-late",
                "tie-not-ready"
            ]
        );
        let reasons: Vec<_> = r.iter().map(|r| r.reason).collect();
        use PriorityReason::*;
        assert_eq!(
            reasons,
            vec![
                StockRunsOut,
                StockRunsOut,
                Etd,
                Etd,
                LatestShipment,
                LatestShipment
            ]
        );
        assert_eq!(
            r.iter().map(|r| r.rank).collect::<Vec<_>>(),
            vec![1, 2, 3, 4, 5, 6]
        );
        assert_eq!(r[1].days_to_latest_shipment, 1);
    }

    proptest! {
        #[test]
        fn packed_never_exceeds_the_limit(
            tol in 0u32..=10,
            packs in proptest::collection::vec(0i64..400_000, 1..30),
        ) {
            let p = LinePlan { tolerance_pct: Decimal::from(tol), ..plan() };
            let today = day("2026-03-10");
            let mut accepted: Vec<DailyEntry> = Vec::new();
            for (i, q) in packs.iter().enumerate() {
                let new = DailyEntry {
                    date: today,
                    produced: Decimal::ONE,
                    packed: Decimal::new(*q, 3),
                    inspected_pass: Decimal::ZERO,
                    inspected_fail: Decimal::ZERO,
                    to_warehouse: Decimal::ZERO,
                };
                let over = totals(&accepted).packed + new.packed > p.upper_limit();
                let r = check_entry(&p, &accepted, &new, today, &format!("entries[{i}]"));
                prop_assert_eq!(r.is_err(), over);
                if r.is_ok() {
                    accepted.push(new);
                }
                prop_assert!(totals(&accepted).packed <= p.upper_limit());
            }
        }

        #[test]
        fn assess_is_consistent(
            days in proptest::collection::vec((0u64..900, 0i64..300), 0..40),
            today_off in 0u64..900,
            tol in 0u32..=10,
        ) {
            let p = LinePlan { tolerance_pct: Decimal::from(tol), ..plan() };
            let today = p.start + Days::new(today_off);
            let entries: Vec<DailyEntry> =
                days.iter().map(|(o, q)| entry(p.start + Days::new(*o), *q)).collect();
            let a = assess(&p, &entries, today, None, day("2026-04-30"));
            prop_assert!(!a.series.is_empty() && a.series.len() <= MAX_SERIES_POINTS);
            prop_assert!(a.series.windows(2).all(|w| w[0].date < w[1].date && w[0].actual <= w[1].actual));
            prop_assert_eq!(a.series.last().unwrap().actual, a.ready_quantity);
            prop_assert_eq!(a.status == ProgressStatus::Ready, a.remaining.is_zero());
            if let Some(f) = a.forecast_ready
                && a.status != ProgressStatus::Ready
            {
                prop_assert!(f > today);
            }
        }

        #[test]
        fn rank_is_a_sorted_permutation(
            raw in proptest::collection::vec((proptest::option::of(0u32..50), 0u64..60, proptest::option::of(0u64..60), any::<bool>()), 0..30),
        ) {
            let base = day("2026-03-01");
            let c: Vec<PriorityCandidate<usize>> = raw
                .iter()
                .enumerate()
                .map(|(i, (cov, ls, etd, ready))| PriorityCandidate {
                    key: i,
                    days_of_cover: cov.map(Decimal::from),
                    latest_shipment: base + Days::new(*ls),
                    etd_from: etd.map(|e| base + Days::new(e)),
                    ready: *ready,
                })
                .collect();
            let r = rank(&c, base);
            let mut keys: Vec<usize> = r.iter().map(|x| x.key).collect();
            for w in keys.windows(2) {
                let ord = priority_order(&c[w[0]], &c[w[1]]);
                prop_assert!(ord == Ordering::Less || (ord == Ordering::Equal && w[0] < w[1]));
            }
            keys.sort();
            prop_assert_eq!(keys, (0..c.len()).collect::<Vec<_>>());
            prop_assert!(r.iter().enumerate().all(|(i, x)| x.rank == i as u32 + 1));
        }
    }
}
