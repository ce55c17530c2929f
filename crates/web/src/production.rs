//! Production follow-up (生产跟进) as use cases shared by the API, the pages and the
//! supplier link: daily entries per instruction line, the progress view with its forecast
//! and alerts, warehouse stock, customer stock and the shipment priority list.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::instructions::decode;
use crate::trade::UploadInput;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use gendan_domain::ValidationErrors;
use gendan_domain::instruction::{InstructionData, InstructionState};
use gendan_domain::party::PartyKind;
use gendan_domain::production::{
    self, Assessment, Cover, DailyEntry, InstructionProgress, LinePlan, PriorityCandidate, PriorityReason,
    ProgressStatus, StockReport,
};
use gendan_domain::sales_contract::ContractData;
use gendan_store::{
    EntrySource, InstructionQuery, InstructionRecord, NewAttachment, NewProgressEntry, NewSupplierLink,
    ProgressEntry, RecordKind, RecordQuery, RecordWrite, SupplierLink, WriteContext,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;
use uuid::Uuid;

/// Most photos with one entry.
pub const MAX_PHOTOS: usize = 5;
/// Longest a supplier link may be valid.
pub const MAX_LINK_DAYS: u32 = 90;

/// One day's report for one instruction line, as sent. Empty figures count as 0.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressInput {
    /// The revision the reporter works from; a superseded revision is refused.
    pub revision: i64,
    /// Index of the instruction line (0-based).
    pub line: u32,
    /// `YYYY-MM-DD`; today when empty.
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub produced: String,
    #[serde(default)]
    pub packed: String,
    #[serde(default)]
    pub inspected_pass: String,
    #[serde(default)]
    pub inspected_fail: String,
    #[serde(default)]
    pub to_warehouse: String,
    #[serde(default)]
    pub notes: Option<String>,
    /// A correction of earlier reports: figures may be negative (no total below 0) and
    /// `notes` must say why. Reports are never edited.
    #[serde(default)]
    pub correction: bool,
    /// Inspection photos (JPEG or PNG, at most 1.5 MB each, at most 5).
    #[serde(default)]
    pub photos: Vec<UploadInput>,
}

/// A stored entry as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EntryView {
    pub id: Uuid,
    pub revision: i64,
    pub line: i64,
    #[serde(flatten)]
    pub entry: DailyEntry,
    pub notes: Option<String>,
    /// A correction of earlier reports (its figures may be negative).
    pub correction: bool,
    pub photos: Vec<Uuid>,
    #[schema(value_type = String)]
    pub source: EntrySource,
    pub actor: String,
    pub at: DateTime<Utc>,
}

/// One line's progress.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LineProgress {
    pub line: usize,
    pub description: String,
    pub spec: Option<String>,
    pub unit: String,
    #[schema(value_type = String)]
    pub ordered: Decimal,
    pub supplier_id: Option<Uuid>,
    pub assessment: Assessment,
}

/// Planned against actual, the forecast ready date and the alerts of one instruction.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgressView {
    pub instruction_id: Uuid,
    pub number: String,
    pub state: InstructionState,
    /// The current revision: entries are reported against it.
    pub revision: i64,
    pub due_date: NaiveDate,
    pub etd_from: NaiveDate,
    pub latest_shipment: NaiveDate,
    pub overall: InstructionProgress,
    pub lines: Vec<LineProgress>,
    pub entries: Vec<EntryView>,
}

fn figure(errs: &mut ValidationErrors, field: &str, v: &str) -> Decimal {
    let t = v.trim();
    if t.is_empty() {
        return Decimal::ZERO;
    }
    match gendan_domain::units::parse_decimal(t) {
        Ok(d) => d,
        Err(why) => {
            errs.push(field, "invalid_number", format!("`{t}` {why}"));
            Decimal::ZERO
        }
    }
}

/// What a photo is, from its first bytes (never from its name or the declared type).
pub fn sniff_image(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if data.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

fn photos(errs: &mut ValidationErrors, input: &[UploadInput]) -> Vec<NewAttachment> {
    use base64::Engine;
    if input.len() > MAX_PHOTOS {
        errs.push("photos", "too_many", format!("at most {MAX_PHOTOS} photos"));
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, u) in input.iter().enumerate() {
        let f = |n: &str| format!("photos[{i}].{n}");
        let Ok(data) = base64::engine::general_purpose::STANDARD.decode(u.data_base64.trim()) else {
            errs.push(f("data_base64"), "invalid_base64", "not base64");
            continue;
        };
        if data.len() > crate::trade::MAX_UPLOAD {
            errs.push(f("data_base64"), "too_large", "at most 1.5 MB");
            continue;
        }
        let Some(ct) = sniff_image(&data) else {
            errs.push(f("data_base64"), "not_an_image", "a photo is a JPEG or PNG image");
            continue;
        };
        let name = u.file_name.trim();
        if name.is_empty() || name.len() > 200 || name.contains(['/', '\\', '\0']) {
            errs.push(
                f("file_name"),
                "invalid_file_name",
                "a plain file name, at most 200 characters",
            );
            continue;
        }
        out.push(NewAttachment {
            purpose: "inspection_photo".into(),
            file_name: name.to_string(),
            content_type: ct.into(),
            data,
        });
    }
    out
}

async fn contract_of(st: &AppState, rec: &InstructionRecord) -> Result<ContractData, ApiError> {
    let c = st.store.contract(rec.contract_id).await?;
    decode(c.id, &c.doc)
}

fn plan_of(rec: &InstructionRecord, d: &InstructionData, c: &ContractData, line: usize) -> Option<LinePlan> {
    let l = d.lines.get(line)?;
    Some(LinePlan {
        ordered: l.quantity,
        tolerance_pct: c.more_or_less_pct,
        start: rec.issued_at.unwrap_or(rec.created_at).date_naive(),
        due: d.production.due_date,
    })
}

fn daily(e: &ProgressEntry) -> Option<DailyEntry> {
    serde_json::from_value(e.doc.clone()).ok()
}

/// Record one day's report. `link`: the supplier link it came through (it decides the
/// supplier and the lines, and is checked again in the write's transaction).
pub async fn add_entry(
    st: &AppState,
    ctx: &WriteContext,
    instruction_id: Uuid,
    input: &ProgressInput,
    link: Option<&SupplierLink>,
) -> Result<EntryView, ApiError> {
    let supplier = link.map(|l| (l.supplier_id, l.lines.as_slice()));
    let rec = st.store.instruction(instruction_id).await?;
    let data: InstructionData = decode(rec.id, &rec.doc)?;
    let contract = contract_of(st, &rec).await?;
    let today = st.clock.today();
    let mut errs = ValidationErrors::new();
    let line = input.line as usize;
    if line >= data.lines.len() {
        errs.push(
            "line",
            "not_in_instruction",
            format!("the instruction has {} line(s)", data.lines.len()),
        );
    }
    if let Some((_, allowed)) = supplier
        && !allowed.contains(&i64::from(input.line))
    {
        errs.push("line", "not_your_line", "this link does not cover that line");
    }
    let date = if input.date.trim().is_empty() {
        Some(today)
    } else {
        gendan_domain::documents::validate_date(&mut errs, "date", &input.date)
    };
    let entry = DailyEntry {
        date: date.unwrap_or(today),
        produced: figure(&mut errs, "produced", &input.produced),
        packed: figure(&mut errs, "packed", &input.packed),
        inspected_pass: figure(&mut errs, "inspected_pass", &input.inspected_pass),
        inspected_fail: figure(&mut errs, "inspected_fail", &input.inspected_fail),
        to_warehouse: figure(&mut errs, "to_warehouse", &input.to_warehouse),
    };
    let notes = input.notes.as_deref().map(str::trim).filter(|n| !n.is_empty());
    if let Some(n) = notes
        && (n.chars().count() > 2000 || n.chars().any(|c| c.is_control() && c != '\n' && c != '\r'))
    {
        errs.push(
            "notes",
            "invalid_text",
            "at most 2000 characters, no control characters",
        );
    }
    if input.correction && notes.is_none() {
        errs.push("notes", "required", "a correction says why");
    }
    if input.correction && supplier.is_some() {
        errs.push(
            "correction",
            "not_allowed",
            "corrections are made by the merchandiser or production",
        );
    }
    let photos = photos(&mut errs, &input.photos);
    errs.into_result()?;
    let plan = plan_of(&rec, &data, &contract, line).expect("line checked");
    let mut doc = serde_json::to_value(&entry).map_err(|e| ApiError::internal(e.to_string()))?;
    if let (Some(n), serde_json::Value::Object(m)) = (notes, &mut doc) {
        m.insert("notes".into(), n.into());
    }
    let correction = input.correction;
    if let (true, serde_json::Value::Object(m)) = (correction, &mut doc) {
        m.insert("correction".into(), true.into());
    }
    let new = entry.clone();
    let check = move |_: &InstructionRecord, existing: &[ProgressEntry]| -> Result<(), ValidationErrors> {
        let before: Vec<DailyEntry> = existing.iter().filter_map(daily).collect();
        let checked = if correction {
            production::check_correction(&plan, &before, &new, today, "")
        } else {
            production::check_entry(&plan, &before, &new, today, "")
        };
        checked.map_err(|mut e| {
            for f in &mut e.0 {
                f.field = f.field.trim_start_matches('.').to_string();
                if f.field.is_empty() {
                    f.field = "entry".into();
                }
            }
            e
        })
    };
    let stored = st
        .store
        .add_progress_entry(
            instruction_id,
            NewProgressEntry {
                revision: input.revision,
                line: i64::from(input.line),
                date: entry.date,
                doc,
                source: if supplier.is_some() {
                    EntrySource::Supplier
                } else {
                    EntrySource::User
                },
                supplier_id: supplier.map(|s| s.0),
                supplier_link_id: link.map(|l| l.id),
                photos,
            },
            &check,
            ctx,
        )
        .await?;
    entry_view(&stored)
}

fn entry_view(e: &ProgressEntry) -> Result<EntryView, ApiError> {
    let entry = daily(e).ok_or_else(|| ApiError::internal(format!("entry {} is unreadable", e.id)))?;
    Ok(EntryView {
        id: e.id,
        revision: e.revision,
        line: e.line,
        entry,
        notes: e.doc.get("notes").and_then(|n| n.as_str()).map(str::to_string),
        correction: e.doc.get("correction").and_then(|c| c.as_bool()).unwrap_or(false),
        photos: e
            .doc
            .get("photos")
            .and_then(|p| p.as_array())
            .map(|a| a.iter().filter_map(|x| x.as_str()?.parse().ok()).collect())
            .unwrap_or_default(),
        source: e.source,
        actor: e.actor.clone(),
        at: e.at,
    })
}

fn assess_all(
    rec: &InstructionRecord,
    d: &InstructionData,
    c: &ContractData,
    entries: &[ProgressEntry],
    today: NaiveDate,
) -> (Vec<Assessment>, InstructionProgress) {
    let assessments: Vec<Assessment> = (0..d.lines.len())
        .map(|i| {
            let plan = plan_of(rec, d, c, i).expect("index in range");
            let mine: Vec<DailyEntry> = entries
                .iter()
                .filter(|e| e.line == i as i64)
                .filter_map(daily)
                .collect();
            production::assess(&plan, &mine, today, Some(d.shipping.etd_from), c.shipment_latest)
        })
        .collect();
    let overall = production::combine(&assessments);
    (assessments, overall)
}

pub async fn progress(st: &AppState, id: Uuid) -> Result<ProgressView, ApiError> {
    let rec = st.store.instruction(id).await?;
    let d: InstructionData = decode(rec.id, &rec.doc)?;
    let c = contract_of(st, &rec).await?;
    let entries = st.store.progress_entries(id).await?;
    let (assessments, overall) = assess_all(&rec, &d, &c, &entries, st.clock.today());
    Ok(ProgressView {
        instruction_id: rec.id,
        number: rec.number.clone(),
        state: rec.state,
        revision: rec.revision,
        due_date: d.production.due_date,
        etd_from: d.shipping.etd_from,
        latest_shipment: c.shipment_latest,
        overall,
        lines: d
            .lines
            .iter()
            .zip(assessments)
            .enumerate()
            .map(|(i, (l, assessment))| LineProgress {
                line: i,
                description: l.description.clone(),
                spec: l.spec.clone(),
                unit: l.unit.as_str().into(),
                ordered: l.quantity,
                supplier_id: l.supplier_id,
                assessment,
            })
            .collect(),
        entries: entries.iter().map(entry_view).collect::<Result<_, _>>()?,
    })
}

// ---------------------------------------------------------------- supplier links

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplierLinkInput {
    /// The supplier (a party of kind `supplier`).
    pub supplier_id: Option<Uuid>,
    /// The instruction lines it may report on; by default the lines the instruction gives
    /// to this supplier.
    #[serde(default)]
    pub lines: Option<Vec<u32>>,
    /// Days the link stays valid (1–90, default 14).
    #[serde(default)]
    pub days_valid: Option<u32>,
}

/// A new link: the token is shown this once and only its hash is kept.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SupplierLinkCreated {
    #[schema(value_type = Object)]
    pub link: SupplierLink,
    pub token: String,
    /// The path to give the supplier (`/supplier/<token>`).
    pub path: String,
}

pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    let d = sha2::Sha256::digest(token.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

pub async fn create_link(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    input: &SupplierLinkInput,
) -> Result<SupplierLinkCreated, ApiError> {
    let rec = st.store.instruction(id).await?;
    let d: InstructionData = decode(rec.id, &rec.doc)?;
    let mut errs = ValidationErrors::new();
    let supplier_id = match input.supplier_id {
        None => {
            errs.push("supplier_id", "required", "the supplier is required");
            None
        }
        Some(s) => match st.store.party(s).await {
            Ok(p) if p.data.kind == PartyKind::Supplier => Some(s),
            Ok(_) => {
                errs.push("supplier_id", "not_a_supplier", "that party is not a supplier");
                None
            }
            Err(_) => {
                errs.push("supplier_id", "not_found", "no such party");
                None
            }
        },
    };
    let lines: Vec<i64> = match (&input.lines, supplier_id) {
        (Some(l), _) => l.iter().map(|&x| i64::from(x)).collect(),
        (None, Some(s)) => d
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.supplier_id == Some(s))
            .map(|(i, _)| i as i64)
            .collect(),
        (None, None) => Vec::new(),
    };
    if supplier_id.is_some() && lines.is_empty() {
        errs.push(
            "lines",
            "no_lines",
            "no instruction line is made by this supplier; name the lines",
        );
    }
    if let Some(bad) = lines.iter().find(|&&l| l as usize >= d.lines.len()) {
        errs.push(
            "lines",
            "not_in_instruction",
            format!(
                "line {bad} does not exist; the instruction has {} line(s)",
                d.lines.len()
            ),
        );
    }
    let days = input.days_valid.unwrap_or(14);
    if !(1..=MAX_LINK_DAYS).contains(&days) {
        errs.push(
            "days_valid",
            "out_of_range",
            format!("between 1 and {MAX_LINK_DAYS} days"),
        );
    }
    errs.into_result()?;
    let token = crate::auth::random_secret("");
    let link = st
        .store
        .create_supplier_link(
            NewSupplierLink {
                instruction_id: id,
                supplier_id: supplier_id.expect("checked"),
                lines,
                token_hash: token_hash(&token),
                expires_at: st.clock.now() + Duration::days(i64::from(days)),
            },
            &me.write_context(st),
        )
        .await?;
    Ok(SupplierLinkCreated {
        link,
        path: format!("/supplier/{token}"),
        token,
    })
}

/// The link behind a token, if it is usable now. Unknown, revoked and expired tokens all
/// answer the same way, so a guess learns nothing.
pub async fn link_for_token(st: &AppState, token: &str) -> Result<SupplierLink, ApiError> {
    let gone = || {
        ApiError::new(
            axum::http::StatusCode::NOT_FOUND,
            "link_invalid",
            "this link is unknown, expired or revoked; ask the merchandiser for a new one",
        )
    };
    if token.len() < 20 || token.len() > 100 {
        return Err(gone());
    }
    let link = st
        .store
        .supplier_link_by_token(&token_hash(token))
        .await?
        .ok_or_else(gone)?;
    if !link.is_valid(st.clock.now()) {
        return Err(gone());
    }
    Ok(link)
}

// ---------------------------------------------------------------- warehouse stock

/// Goods in the warehouse (packed, passed, moved in) per product, spec and package,
/// available to ship: what went into the warehouse less what was stuffed into the containers
/// of shipments that are not cancelled. Goods of a cancelled instruction stay in stock.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StockRow {
    pub product_id: Option<Uuid>,
    pub description: String,
    pub spec: Option<String>,
    pub package: Option<String>,
    pub unit: String,
    #[schema(value_type = String)]
    pub in_warehouse: Decimal,
    /// The instructions the goods were made for.
    pub instructions: Vec<String>,
}

/// Quantities stuffed per (instruction, line) in every shipment that is not cancelled.
pub async fn stuffed_everywhere(st: &AppState) -> Result<HashMap<(Uuid, u32), Decimal>, ApiError> {
    let mut out: HashMap<(Uuid, u32), Decimal> = HashMap::new();
    let mut offset = 0;
    loop {
        let page = st
            .store
            .list_shipments(&gendan_store::ShipmentQuery {
                limit: 500,
                offset,
                ..Default::default()
            })
            .await?;
        for s in page.iter().filter(|s| s.stage != "cancelled") {
            let d: gendan_domain::shipment::ShipmentData = decode(s.id, &s.doc)?;
            for k in &d.containers {
                for l in &k.lines {
                    *out.entry((l.instruction_id, l.line)).or_default() += l.quantity;
                }
            }
        }
        if page.len() < 500 {
            break;
        }
        offset += 500;
    }
    Ok(out)
}

pub async fn warehouse_stock(st: &AppState) -> Result<Vec<StockRow>, ApiError> {
    let entries = st.store.all_progress_entries().await?;
    let stuffed = stuffed_everywhere(st).await?;
    let mut by_instruction: BTreeMap<Uuid, Vec<&ProgressEntry>> = BTreeMap::new();
    for e in &entries {
        by_instruction.entry(e.instruction_id).or_default().push(e);
    }
    type Key = (Option<Uuid>, String, Option<String>, Option<String>, String);
    let mut rows: BTreeMap<Key, (Decimal, Vec<String>)> = BTreeMap::new();
    for (id, es) in by_instruction {
        let rec = st.store.instruction(id).await?;
        let d: InstructionData = decode(rec.id, &rec.doc)?;
        for (i, l) in d.lines.iter().enumerate() {
            let n: Decimal = es
                .iter()
                .filter(|e| e.line == i as i64)
                .filter_map(|e| daily(e))
                .map(|e| e.to_warehouse)
                .sum();
            let out = stuffed.get(&(id, i as u32)).copied().unwrap_or_default();
            let n = (n - out).max(Decimal::ZERO);
            if n.is_zero() {
                continue;
            }
            let key = (
                l.product_id,
                if l.product_id.is_some() {
                    String::new()
                } else {
                    l.description.clone()
                },
                l.spec.clone(),
                l.package.clone(),
                l.unit.as_str().to_string(),
            );
            let row = rows.entry(key).or_insert((Decimal::ZERO, Vec::new()));
            row.0 += n;
            if !row.1.contains(&rec.number) {
                row.1.push(rec.number.clone());
            }
        }
    }
    let mut out = Vec::new();
    for ((product_id, desc, spec, package, unit), (n, instructions)) in rows {
        let description = match product_id {
            Some(pid) => match st.store.record(RecordKind::Product, pid).await {
                Ok(r) => {
                    let p: gendan_domain::product::ProductData = decode(r.id, &r.doc)?;
                    format!("{} {}", p.sku, p.name_en)
                }
                Err(_) => pid.to_string(),
            },
            None => desc,
        };
        out.push(StockRow {
            product_id,
            description,
            spec,
            package,
            unit,
            in_warehouse: n,
            instructions,
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------- customer stock

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StockReportInput {
    /// The product, when it is one of ours.
    #[serde(default)]
    pub product_id: Option<Uuid>,
    /// What the customer calls it, when no product is named.
    #[serde(default)]
    pub product: Option<String>,
    /// carton, kg, …
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub quantity: String,
    /// What the customer sells or uses per day.
    #[serde(default)]
    pub consumption_per_day: String,
    /// The day the stock was counted; today when empty.
    #[serde(default)]
    pub date: String,
}

/// A stored report with the days of cover it gives today.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StockReportDoc {
    pub customer_id: Uuid,
    pub product_id: Option<Uuid>,
    pub product: String,
    pub unit: String,
    pub report: StockReport,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CustomerStockView {
    pub id: Uuid,
    #[serde(flatten)]
    pub doc: StockReportDoc,
    pub cover: Cover,
    pub recorded_at: DateTime<Utc>,
    /// A newer report of the same product supersedes this one.
    pub latest: bool,
}

pub async fn add_stock_report(
    st: &AppState,
    me: &CurrentUser,
    customer_id: Uuid,
    input: &StockReportInput,
) -> Result<CustomerStockView, ApiError> {
    let party = st.store.party(customer_id).await?;
    let today = st.clock.today();
    let date = if input.date.trim().is_empty() {
        today.to_string()
    } else {
        input.date.clone()
    };
    let mut errs =
        match production::validate_stock_report(&input.quantity, &input.consumption_per_day, &date, today) {
            Ok(_) => ValidationErrors::new(),
            Err(e) => e,
        };
    if party.data.kind != PartyKind::Customer {
        errs.push("customer_id", "not_a_customer", "that party is not a customer");
    }
    let unit = gendan_domain::contract::QuantityUnit::parse(&input.unit);
    if unit.is_none() {
        errs.push(
            "unit",
            if input.unit.trim().is_empty() {
                "required"
            } else {
                "invalid_choice"
            },
            format!(
                "use one of {}",
                gendan_domain::contract::QuantityUnit::ALL
                    .map(|u| u.as_str())
                    .join(", ")
            ),
        );
    }
    let product = match (
        input.product_id,
        input.product.as_deref().map(str::trim).filter(|s| !s.is_empty()),
    ) {
        (Some(pid), _) => match st.store.record(RecordKind::Product, pid).await {
            Ok(r) => {
                let p: gendan_domain::product::ProductData = decode(r.id, &r.doc)?;
                Some(format!("{} {}", p.sku, p.name_en))
            }
            Err(_) => {
                errs.push("product_id", "not_found", "no such product");
                None
            }
        },
        (None, Some(name)) if name.chars().count() <= 200 && !name.chars().any(char::is_control) => {
            Some(name.to_string())
        }
        (None, Some(_)) => {
            errs.push("product", "invalid_text", "at most 200 characters");
            None
        }
        (None, None) => {
            errs.push("product_id", "required", "name the product");
            None
        }
    };
    errs.into_result()?;
    let report = production::validate_stock_report(&input.quantity, &input.consumption_per_day, &date, today)
        .map_err(ApiError::validation)?;
    let doc = StockReportDoc {
        customer_id,
        product_id: input.product_id,
        product: product.expect("checked"),
        unit: unit.expect("checked").as_str().into(),
        report,
    };
    let key = gendan_domain::id::new_id().to_string();
    let rec = st
        .store
        .create_record(
            RecordWrite {
                kind: RecordKind::StockReport,
                key,
                parent_id: Some(customer_id),
                search_text: doc.product.to_lowercase(),
                doc: serde_json::to_value(&doc).map_err(|e| ApiError::internal(e.to_string()))?,
            },
            &me.write_context(st),
        )
        .await?;
    Ok(CustomerStockView {
        id: rec.id,
        cover: production::cover(&doc.report, today),
        doc,
        recorded_at: rec.created_at,
        latest: true,
    })
}

/// A customer's stock reports, newest first, each with its cover as of today.
pub async fn customer_stock(st: &AppState, customer_id: Uuid) -> Result<Vec<CustomerStockView>, ApiError> {
    st.store.party(customer_id).await?;
    let recs = st
        .store
        .list_records(&RecordQuery {
            kind: RecordKind::StockReport,
            search: None,
            parent_id: Some(customer_id),
            limit: 500,
            offset: 0,
        })
        .await?;
    let today = st.clock.today();
    let mut out: Vec<CustomerStockView> = recs
        .iter()
        .map(|r| {
            let doc: StockReportDoc = decode(r.id, &r.doc)?;
            Ok(CustomerStockView {
                id: r.id,
                cover: production::cover(&doc.report, today),
                doc,
                recorded_at: r.created_at,
                latest: false,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    out.sort_by_key(|v| std::cmp::Reverse((v.doc.report.date, v.recorded_at)));
    let mut seen = Vec::new();
    for v in &mut out {
        let k = (v.doc.product_id, v.doc.product.clone());
        if !seen.contains(&k) {
            v.latest = true;
            seen.push(k);
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- shipment priority

/// One issued instruction in the order it should ship.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PriorityRow {
    pub rank: u32,
    pub instruction_id: Uuid,
    pub number: String,
    pub contract_number: String,
    pub customer_id: Uuid,
    pub customer_name: String,
    /// The customer's stock of the goods, in days, as of today.
    #[schema(value_type = Option<String>)]
    pub days_of_cover: Option<Decimal>,
    pub runs_out: Option<NaiveDate>,
    pub latest_shipment: NaiveDate,
    pub etd_from: NaiveDate,
    pub progress: ProgressStatus,
    pub forecast_ready: Option<NaiveDate>,
    pub reason: PriorityReason,
}

/// Issued instructions across customers ranked by what should ship first: the customer
/// whose stock runs out soonest, then the earliest latest shipment date, then the ETD.
pub async fn shipping_priority(st: &AppState) -> Result<Vec<PriorityRow>, ApiError> {
    let today = st.clock.today();
    let recs = st
        .store
        .list_instructions(&InstructionQuery {
            state: Some(InstructionState::Issued),
            limit: 1000,
            ..Default::default()
        })
        .await?;
    let mut cover_cache: HashMap<Uuid, Vec<CustomerStockView>> = HashMap::new();
    let mut rows = Vec::new();
    let mut cands = Vec::new();
    for rec in &recs {
        let d: InstructionData = decode(rec.id, &rec.doc)?;
        let contract_rec = st.store.contract(rec.contract_id).await?;
        let c: ContractData = decode(contract_rec.id, &contract_rec.doc)?;
        let customer = contract_rec.buyer_id;
        if let std::collections::hash_map::Entry::Vacant(v) = cover_cache.entry(customer) {
            v.insert(customer_stock(st, customer).await.unwrap_or_default());
        }
        let reports = &cover_cache[&customer];
        // The least cover among the goods this instruction ships.
        let days_of_cover = reports
            .iter()
            .filter(|r| r.latest)
            .filter(|r| {
                d.lines.iter().any(|l| match (r.doc.product_id, l.product_id) {
                    (Some(a), Some(b)) => a == b,
                    _ => l
                        .description
                        .to_lowercase()
                        .contains(&r.doc.product.to_lowercase()),
                })
            })
            .filter_map(|r| r.cover.days_of_cover.map(|d| (d, r.cover.runs_out)))
            .min_by_key(|x| x.0);
        let entries = st.store.progress_entries(rec.id).await?;
        let (_, overall) = assess_all(rec, &d, &c, &entries, today);
        let customer_name = match st.store.party(customer).await {
            Ok(p) => p.data.display_name().to_string(),
            Err(_) => customer.to_string(),
        };
        cands.push(PriorityCandidate {
            key: rows.len(),
            days_of_cover: days_of_cover.map(|x| x.0),
            latest_shipment: c.shipment_latest,
            etd_from: Some(d.shipping.etd_from),
            ready: overall.status == ProgressStatus::Ready,
        });
        rows.push(PriorityRow {
            rank: 0,
            instruction_id: rec.id,
            number: rec.number.clone(),
            contract_number: contract_rec.number.clone(),
            customer_id: customer,
            customer_name,
            days_of_cover: days_of_cover.map(|x| x.0),
            runs_out: days_of_cover.and_then(|x| x.1),
            latest_shipment: c.shipment_latest,
            etd_from: d.shipping.etd_from,
            progress: overall.status,
            forecast_ready: overall.forecast_ready,
            reason: PriorityReason::LatestShipment,
        });
    }
    Ok(production::rank(&cands, today)
        .into_iter()
        .map(|r| {
            let mut row = rows[r.key].clone();
            row.rank = r.rank;
            row.reason = r.reason;
            row
        })
        .collect())
}

/// Issued instructions whose production is behind or late (the work queue's feed).
pub async fn alerts(st: &AppState) -> Result<Vec<(InstructionRecord, InstructionProgress)>, ApiError> {
    let today = st.clock.today();
    let recs = st
        .store
        .list_instructions(&InstructionQuery {
            state: Some(InstructionState::Issued),
            limit: 1000,
            ..Default::default()
        })
        .await?;
    let mut out = Vec::new();
    for rec in recs {
        let d: InstructionData = decode(rec.id, &rec.doc)?;
        let c = contract_of(st, &rec).await?;
        let entries = st.store.progress_entries(rec.id).await?;
        let (_, overall) = assess_all(&rec, &d, &c, &entries, today);
        if matches!(overall.status, ProgressStatus::Behind | ProgressStatus::Late) {
            out.push((rec, overall));
        }
    }
    Ok(out)
}
