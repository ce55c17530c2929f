//! Instructions (指令) as use cases shared by the API and the pages: create from an approved
//! contract (pre-filled from the contract, the customer profile and the products), edit,
//! check against the contract and the L/C, issue (with a sales manager's override when a
//! blocking finding is open), revise after issue, acknowledge per department, cancel.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::i18n::I18n;
use crate::trade::RevisionDiff;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use gendan_domain::ValidationErrors;
use gendan_domain::contract::ContractState;
use gendan_domain::instruction::{
    self, CheckInput, Department, Finding, InstructionData, InstructionInput, InstructionState, Severity,
};
use gendan_domain::letter_of_credit::LetterOfCreditData;
use gendan_domain::product::ProductData;
use gendan_domain::profile::CustomerProfile;
use gendan_domain::role::Role;
use gendan_domain::sales_contract::ContractData;
use gendan_store::{
    ContractRecord, InstructionEdit, InstructionEvent, InstructionQuery, InstructionRecord, NewInstruction,
    RecordKind, RecordQuery,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;

pub(crate) fn decode<T: serde::de::DeserializeOwned>(id: Uuid, v: &serde_json::Value) -> Result<T, ApiError> {
    serde_json::from_value(v.clone())
        .map_err(|e| ApiError::internal(format!("stored record {id} is unreadable: {e}")))
}

fn encode<T: Serialize>(v: &T) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(v).map_err(|e| ApiError::internal(e.to_string()))
}

/// Contract states an instruction may be made from: approved by the sales manager, and on.
pub const INSTRUCTABLE: [ContractState; 3] = [
    ContractState::Approved,
    ContractState::Sent,
    ContractState::Confirmed,
];

/// Create an instruction from a contract. Without `instruction` the content is pre-filled.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateInstructionInput {
    pub contract_id: Option<Uuid>,
    #[serde(default)]
    pub instruction: Option<InstructionInput>,
}

/// New content for an instruction (`If-Match` required). After issue this makes the next
/// revision, which every department acknowledges again; blocking findings need a sales
/// manager's `override_reason`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaveInstructionInput {
    pub instruction: InstructionInput,
    #[serde(default)]
    pub override_reason: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueInput {
    /// Required (from a sales manager) when the check has a blocking finding.
    #[serde(default)]
    pub override_reason: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcknowledgeInput {
    /// production, warehouse, documentation, shipping
    pub department: String,
    /// The revision read; a superseded revision is refused.
    pub revision: i64,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelInput {
    pub reason: String,
}

/// One finding with its explanation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FindingView {
    #[serde(flatten)]
    pub finding: Finding,
    /// The explanation in English.
    pub message: String,
}

/// Whether a department has acknowledged the current revision.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AcknowledgementView {
    pub department: Department,
    /// The role whose people acknowledge it.
    pub role: Role,
    pub acknowledged: bool,
    pub by: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

/// Containers the load planner suggests for the instruction's packages.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContainerSuggestion {
    pub container_type: String,
    pub count: u32,
    /// Per line with a known package: (line index, packages per container).
    pub per_container: Vec<(usize, u64)>,
}

/// Where an issued instruction stands with its departments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InstructionStatus {
    Draft,
    AwaitingAcknowledgement,
    Acknowledged,
    Cancelled,
}

impl InstructionStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            InstructionStatus::Draft => "draft",
            InstructionStatus::AwaitingAcknowledgement => "awaiting_acknowledgement",
            InstructionStatus::Acknowledged => "acknowledged",
            InstructionStatus::Cancelled => "cancelled",
        }
    }
}

/// An instruction as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InstructionView {
    pub id: Uuid,
    pub number: String,
    pub state: InstructionState,
    pub status: InstructionStatus,
    /// The current revision: the only one that may be acknowledged or reported against.
    pub revision: i64,
    pub version: i64,
    pub contract_id: Uuid,
    pub contract_number: String,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub instruction: InstructionData,
    pub acknowledgements: Vec<AcknowledgementView>,
    /// Field paths that differ from the previous revision (empty for revision 1).
    pub changed_fields: Vec<String>,
    /// The check against the contract, the L/C and the products, as of now.
    pub findings: Vec<FindingView>,
    pub blocking_findings: usize,
    /// Why it was issued despite blocking findings, by whom.
    pub override_reason: Option<String>,
    pub override_by: Option<String>,
    pub container_suggestion: Option<ContainerSuggestion>,
    pub issued_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Everything the check and the pre-fill need about an instruction's contract.
pub struct ContractContext {
    pub record: ContractRecord,
    pub data: ContractData,
    pub customer_name: String,
    pub profile: Option<CustomerProfile>,
    pub credit: Option<LetterOfCreditData>,
    pub products: HashMap<Uuid, ProductData>,
}

pub async fn contract_context(st: &AppState, contract_id: Uuid) -> Result<ContractContext, ApiError> {
    let record = st.store.contract(contract_id).await?;
    let data: ContractData = decode(record.id, &record.doc)?;
    let customer_name = match st.store.party(record.buyer_id).await {
        Ok(p) => p.data.display_name().to_string(),
        Err(_) => record.buyer_id.to_string(),
    };
    let profile = match st
        .store
        .record_by_key(RecordKind::CustomerProfile, &record.buyer_id.to_string())
        .await?
    {
        Some(r) => Some(decode::<CustomerProfile>(r.id, &r.doc)?),
        None => None,
    };
    // The credit opened for the contract: the newest one recorded.
    let credits = st
        .store
        .list_records(&RecordQuery {
            kind: RecordKind::LetterOfCredit,
            search: None,
            parent_id: Some(contract_id),
            limit: 50,
            offset: 0,
        })
        .await?;
    let credit = match credits.iter().max_by_key(|r| r.created_at) {
        Some(r) => Some(decode::<LetterOfCreditData>(r.id, &r.doc)?),
        None => None,
    };
    let mut products = HashMap::new();
    for id in data.lines.iter().filter_map(|l| l.product_id) {
        if products.contains_key(&id) {
            continue;
        }
        if let Ok(r) = st.store.record(RecordKind::Product, id).await {
            products.insert(id, decode::<ProductData>(r.id, &r.doc)?);
        }
    }
    Ok(ContractContext {
        record,
        data,
        customer_name,
        profile,
        credit,
        products,
    })
}

/// The contract's other instructions that are not cancelled.
async fn siblings(
    st: &AppState,
    contract_id: Uuid,
    except: Option<Uuid>,
) -> Result<Vec<InstructionData>, ApiError> {
    let recs = st
        .store
        .list_instructions(&InstructionQuery {
            contract_id: Some(contract_id),
            limit: 1000,
            ..Default::default()
        })
        .await?;
    recs.iter()
        .filter(|r| r.state != InstructionState::Cancelled && Some(r.id) != except)
        .map(|r| decode(r.id, &r.doc))
        .collect()
}

/// The hard limits, run by the store under the contract's row lock: the contract is
/// approved (or sent, confirmed), and [`instruction::check_limits`].
fn limits(
    data: &InstructionData,
) -> impl Fn(&ContractRecord, &[InstructionRecord]) -> Result<(), ValidationErrors> + Send + Sync + '_ {
    move |c, others| {
        if !INSTRUCTABLE.contains(&c.state) {
            return Err(ValidationErrors::single(
                "contract_id",
                "contract_not_approved",
                format!(
                    "contract {} is {}; instructions are made from an approved, sent or confirmed contract",
                    c.number, c.state
                ),
            ));
        }
        let contract: ContractData = serde_json::from_value(c.doc.clone())
            .map_err(|e| ValidationErrors::single("contract_id", "unreadable", e.to_string()))?;
        let others: Vec<InstructionData> = others
            .iter()
            .filter_map(|o| serde_json::from_value(o.doc.clone()).ok())
            .collect();
        instruction::check_limits(data, &contract, &others)
    }
}

/// Errors on the instruction's own fields named as the request names them
/// (`instruction.lines[0].quantity`) when the request carried an `instruction`.
fn under_instruction(mut e: ApiError, nested: bool) -> ApiError {
    if nested {
        for f in &mut e.errors {
            if !matches!(f.field.as_str(), "contract_id" | "state" | "override_reason") {
                f.field = format!("instruction.{}", f.field);
            }
        }
    }
    e
}

/// The English explanation of a finding.
pub fn finding_message(i: &I18n, f: &Finding) -> String {
    i.t_args(
        &format!("finding-{}", f.code),
        &[("expected", f.expected.clone()), ("found", f.found.clone())],
    )
}

fn findings_view(f: Vec<Finding>) -> Vec<FindingView> {
    let en = I18n::new("en");
    f.into_iter()
        .map(|finding| FindingView {
            message: finding_message(&en, &finding),
            finding,
        })
        .collect()
}

async fn run_check(
    st: &AppState,
    ctx: &ContractContext,
    data: &InstructionData,
    except: Option<Uuid>,
) -> Result<Vec<Finding>, ApiError> {
    let others = siblings(st, ctx.record.id, except).await?;
    let mut products = ctx.products.clone();
    for id in data.lines.iter().filter_map(|l| l.product_id) {
        if !products.contains_key(&id)
            && let Ok(r) = st.store.record(RecordKind::Product, id).await
        {
            products.insert(id, decode::<ProductData>(r.id, &r.doc)?);
        }
    }
    Ok(instruction::check(&CheckInput {
        instruction: data,
        contract: &ctx.data,
        credit: ctx.credit.as_ref(),
        products: &products,
        others: &others,
    }))
}

/// Refuse blocking findings unless `me` is a sales manager giving a reason; the detail kept
/// with the event records the findings and the override.
fn gate(
    me: &CurrentUser,
    findings: &[Finding],
    reason: &Option<String>,
) -> Result<(serde_json::Value, Option<String>), ApiError> {
    let blocking: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Blocking)
        .collect();
    let reason = reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string);
    if let Some(r) = &reason
        && (r.chars().count() > 1000 || r.chars().any(char::is_control))
    {
        return Err(ApiError::validation(ValidationErrors::single(
            "override_reason",
            "invalid_text",
            "at most 1000 characters, no control characters",
        )));
    }
    if blocking.is_empty() {
        return Ok((serde_json::json!({ "findings": findings }), None));
    }
    match instruction::may_override(me.user.role, reason.as_deref()) {
        Ok(()) => Ok((
            serde_json::json!({ "findings": findings, "override": true }),
            reason,
        )),
        Err(why) => {
            let en = I18n::new("en");
            let mut errs = ValidationErrors::new();
            for f in &blocking {
                errs.push(f.field.clone(), &f.code, finding_message(&en, f));
            }
            let mut e = ApiError::validation(errs);
            e.code = "blocking_findings";
            e.detail = format!("{} blocking finding(s): {why}", blocking.len());
            Err(e)
        }
    }
}

fn search_text(number_hint: &str, ctx: &ContractContext, d: &InstructionData) -> String {
    let mut s = format!("{} {} {}", number_hint, ctx.record.number, ctx.customer_name);
    for l in &d.lines {
        s.push(' ');
        s.push_str(&l.description);
    }
    s.to_lowercase()
}

pub async fn prefill(
    st: &AppState,
    contract_id: Uuid,
    except: Option<Uuid>,
) -> Result<InstructionInput, ApiError> {
    let ctx = contract_context(st, contract_id).await?;
    let mut shipped: HashMap<u32, rust_decimal::Decimal> = HashMap::new();
    for o in siblings(st, contract_id, except).await? {
        for (k, v) in o.quantities() {
            *shipped.entry(k).or_default() += v;
        }
    }
    Ok(InstructionInput::from_contract(
        contract_id,
        &ctx.data,
        ctx.profile.as_ref(),
        &ctx.products,
        &shipped,
        st.clock.today(),
    ))
}

pub async fn create(
    st: &AppState,
    me: &CurrentUser,
    input: &CreateInstructionInput,
) -> Result<InstructionView, ApiError> {
    let contract_id = input.contract_id.ok_or_else(|| {
        ApiError::validation(ValidationErrors::single(
            "contract_id",
            "required",
            "the contract is required",
        ))
    })?;
    let ctx = contract_context(st, contract_id).await?;
    let content = match &input.instruction {
        Some(i) => {
            let mut i = i.clone();
            i.contract_id = Some(contract_id);
            i
        }
        None => {
            let p = prefill(st, contract_id, None).await?;
            if p.lines.is_empty() {
                let (code, why) = if !ctx.data.partial_shipments {
                    (
                        "partial_not_allowed",
                        format!(
                            "contract {} does not allow partial shipments and already has an instruction",
                            ctx.record.number
                        ),
                    )
                } else {
                    (
                        "nothing_open",
                        format!(
                            "every line of contract {} is already on its instructions",
                            ctx.record.number
                        ),
                    )
                };
                return Err(ApiError::validation(ValidationErrors::single(
                    "contract_id",
                    code,
                    why,
                )));
            }
            p
        }
    };
    let prefilled = input.instruction.is_none();
    let mut data = content.validate().map_err(|e| {
        if prefilled {
            return ApiError::validation(e);
        }
        let mut n = ValidationErrors::new();
        n.nest("instruction", e);
        ApiError::validation(n)
    })?;
    // The shipping section starts from the load planner's suggestion.
    if prefilled
        && data.shipping.container_type.is_none()
        && let Some(s) = suggest_containers(&data, &ctx.products).await
    {
        data.shipping.container_type = Some(s.container_type);
        data.shipping.container_count = Some(s.count);
    }
    let pattern = crate::trade::company(st)
        .await?
        .company
        .instruction_number_pattern;
    let check = limits(&data);
    let rec = st
        .store
        .create_instruction(
            NewInstruction {
                contract_id,
                pattern,
                date: st.clock.today(),
                search_text: search_text("", &ctx, &data),
                doc: encode(&data)?,
            },
            &check,
            &me.write_context(st),
        )
        .await
        .map_err(|e| under_instruction(e.into(), !prefilled))?;
    view(st, &rec).await
}

pub async fn save(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    expected: i64,
    input: &SaveInstructionInput,
) -> Result<InstructionView, ApiError> {
    let before = st.store.instruction(id).await?;
    let mut content = input.instruction.clone();
    content.contract_id = Some(before.contract_id);
    let data = content.validate().map_err(|e| {
        let mut n = ValidationErrors::new();
        n.nest("instruction", e);
        ApiError::validation(n)
    })?;
    let ctx = contract_context(st, before.contract_id).await?;
    stuffed_lines_kept(st, id, &before, &data, &ctx.data).await?;
    // A change after issue is a new revision the departments work from at once: it passes
    // the same check as the first issue.
    let (detail, reason) = if before.state == InstructionState::Issued {
        let findings = run_check(st, &ctx, &data, Some(id)).await?;
        gate(me, &findings, &input.override_reason).map_err(|e| under_instruction(e, true))?
    } else {
        (serde_json::json!({}), None)
    };
    let check = limits(&data);
    let rec = st
        .store
        .update_instruction(
            id,
            expected,
            InstructionEdit {
                search_text: search_text(&before.number.to_lowercase(), &ctx, &data),
                doc: encode(&data)?,
                detail,
                reason,
            },
            &check,
            &me.write_context(st),
        )
        .await
        .map_err(|e| under_instruction(e.into(), true))?;
    view(st, &rec).await
}

pub async fn issue(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    expected: i64,
    input: &IssueInput,
) -> Result<InstructionView, ApiError> {
    let rec = st.store.instruction(id).await?;
    let data: InstructionData = decode(rec.id, &rec.doc)?;
    let ctx = contract_context(st, rec.contract_id).await?;
    let findings = run_check(st, &ctx, &data, Some(id)).await?;
    let (detail, reason) = gate(me, &findings, &input.override_reason)?;
    let check = limits(&data);
    let rec = st
        .store
        .issue_instruction(id, expected, detail, reason, &check, &me.write_context(st))
        .await?;
    view(st, &rec).await
}

pub async fn acknowledge(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    input: &AcknowledgeInput,
) -> Result<InstructionView, ApiError> {
    let department = Department::parse(&input.department).ok_or_else(|| {
        ApiError::validation(ValidationErrors::single(
            "department",
            "invalid_choice",
            format!(
                "`{}` is not a department; use {}",
                input.department.trim(),
                Department::ALL.map(|d| d.as_str()).join(", ")
            ),
        ))
    })?;
    if me.user.role != department.role() {
        let mut e = ApiError::new(
            StatusCode::FORBIDDEN,
            "wrong_role",
            format!(
                "the {} section is acknowledged by the {} role, not by {}",
                department,
                department.role(),
                me.user.role
            ),
        );
        e.errors.push(gendan_domain::FieldError {
            field: "department".into(),
            code: "wrong_role".into(),
            message: e.detail.clone(),
        });
        return Err(e);
    }
    st.store
        .acknowledge_instruction(
            id,
            input.revision,
            department,
            me.user.role,
            &me.write_context(st),
        )
        .await?;
    let rec = st.store.instruction(id).await?;
    view(st, &rec).await
}

pub async fn cancel(
    st: &AppState,
    me: &CurrentUser,
    id: Uuid,
    expected: i64,
    input: &CancelInput,
) -> Result<InstructionView, ApiError> {
    let reason = input.reason.trim();
    if reason.is_empty() || reason.chars().count() > 1000 || reason.chars().any(char::is_control) {
        return Err(ApiError::validation(ValidationErrors::single(
            "reason",
            if reason.is_empty() {
                "required"
            } else {
                "invalid_text"
            },
            "cancelling needs a reason of at most 1000 characters",
        )));
    }
    let stuffed = stuffed_of(st, id).await?;
    if !stuffed.is_empty() {
        return Err(ApiError::validation(ValidationErrors::single(
            "state",
            "in_use",
            "goods of this instruction are stuffed in containers: take them out of the shipment first",
        )));
    }
    let rec = st
        .store
        .cancel_instruction(id, expected, reason.to_string(), &me.write_context(st))
        .await?;
    view(st, &rec).await
}

/// What is stuffed of each line of an instruction, across every shipment not cancelled.
async fn stuffed_of(st: &AppState, id: Uuid) -> Result<HashMap<u32, rust_decimal::Decimal>, ApiError> {
    Ok(crate::production::stuffed_everywhere(st)
        .await?
        .into_iter()
        .filter(|((i, _), q)| *i == id && !q.is_zero())
        .map(|((_, l), q)| (l, q))
        .collect())
}

/// Containers name instruction lines by position: a line with goods stuffed keeps its place
/// and contract line, and its quantity (plus the contract's tolerance) still covers what is
/// stuffed.
async fn stuffed_lines_kept(
    st: &AppState,
    id: Uuid,
    before: &InstructionRecord,
    data: &InstructionData,
    contract: &ContractData,
) -> Result<(), ApiError> {
    let stuffed = stuffed_of(st, id).await?;
    if stuffed.is_empty() {
        return Ok(());
    }
    let old: InstructionData = decode(before.id, &before.doc)?;
    let mut errs = ValidationErrors::new();
    let mut lines: Vec<_> = stuffed.into_iter().collect();
    lines.sort_by_key(|(l, _)| *l);
    for (l, q) in lines {
        let was = old.lines.get(l as usize);
        match data.lines.get(l as usize) {
            Some(now) if was.is_some_and(|w| w.contract_line == now.contract_line) => {
                let ceiling = instruction::line_ceiling(now.quantity, contract.more_or_less_pct);
                if ceiling < q {
                    errs.push(
                        format!("instruction.lines[{l}].quantity"),
                        "below_stuffed",
                        format!(
                            "{} {} are already stuffed in containers; the line cannot ask for less",
                            q.normalize(),
                            now.unit.document_abbreviation()
                        ),
                    );
                }
            }
            _ => errs.push(
                format!("instruction.lines[{l}]"),
                "line_in_use",
                format!(
                    "line {} has goods stuffed in containers: keep it in its place (add new lines after the existing ones)",
                    l + 1
                ),
            ),
        }
    }
    errs.into_result()?;
    Ok(())
}

/// The acknowledgements of the current revision.
pub fn acknowledgements(rec: &InstructionRecord, events: &[InstructionEvent]) -> Vec<AcknowledgementView> {
    Department::ALL
        .into_iter()
        .map(|d| {
            let ev = events
                .iter()
                .find(|e| e.action == "acknowledge" && e.revision == rec.revision && e.department == Some(d));
            AcknowledgementView {
                department: d,
                role: d.role(),
                acknowledged: ev.is_some(),
                by: ev.map(|e| e.actor.clone()),
                at: ev.map(|e| e.at),
            }
        })
        .collect()
}

pub fn status(rec: &InstructionRecord, acks: &[AcknowledgementView]) -> InstructionStatus {
    match rec.state {
        InstructionState::Draft => InstructionStatus::Draft,
        InstructionState::Cancelled => InstructionStatus::Cancelled,
        InstructionState::Issued if acks.iter().all(|a| a.acknowledged) => InstructionStatus::Acknowledged,
        InstructionState::Issued => InstructionStatus::AwaitingAcknowledgement,
    }
}

/// The load planner's container suggestion: per line with a known package, the most
/// packages one container takes (the single-product optimum), and the containers the
/// lines fill together.
pub async fn suggest_containers(
    data: &InstructionData,
    products: &HashMap<Uuid, ProductData>,
) -> Option<ContainerSuggestion> {
    let reefer = data.shipping.reefer.is_some()
        || data.lines.iter().any(|l| {
            l.product_id
                .and_then(|id| products.get(&id))
                .is_some_and(|p| p.reefer.is_some())
        });
    let code = data
        .shipping
        .container_type
        .clone()
        .filter(|c| gendan_loadplan::container_types().iter().any(|t| &t.code == c))
        .unwrap_or_else(|| if reefer { "40RH".into() } else { "40HC".into() });
    let mut jobs = Vec::new();
    for (i, l) in data.lines.iter().enumerate() {
        let Some(p) = l.product_id.and_then(|id| products.get(&id)) else {
            continue;
        };
        let pkg = match &l.package {
            Some(name) => p.packages.iter().find(|k| &k.name == name),
            None => p.packages.first(),
        };
        let Some(k) = pkg else { continue };
        // The quantity in packages: counted units as they are, weights by the net weight.
        use gendan_domain::contract::QuantityUnit as U;
        let packages = match l.unit {
            U::Kg if k.net.0 > rust_decimal::Decimal::ZERO => l.quantity / k.net.0,
            U::MetricTon if k.net.0 > rust_decimal::Decimal::ZERO => {
                l.quantity * rust_decimal::Decimal::ONE_THOUSAND / k.net.0
            }
            U::Kg | U::MetricTon => continue,
            U::Carton | U::Bag | U::Bundle | U::Pallet | U::Piece => l.quantity,
        };
        jobs.push((i, packages.ceil(), crate::trade::package_cargo(k.name.clone(), k)));
    }
    if jobs.is_empty() {
        return None;
    }
    let code2 = code.clone();
    tokio::task::spawn_blocking(move || {
        let mut per = Vec::new();
        let mut fill = rust_decimal::Decimal::ZERO;
        for (i, qty, cargo) in jobs {
            let input = gendan_loadplan::LoadPlanInput {
                container: gendan_loadplan::ContainerSpec::Type { code: code2.clone() },
                cargo: vec![cargo],
                support: gendan_loadplan::Support::Full,
                time_limit_ms: 200,
                seed: 1,
            };
            let n: u64 = gendan_loadplan::solve(&input)
                .ok()?
                .placed
                .iter()
                .map(|c| c.count)
                .sum();
            if n == 0 {
                return None;
            }
            per.push((i, n));
            fill += qty / rust_decimal::Decimal::from(n);
        }
        let count = u32::try_from(fill.ceil().mantissa()).ok()?.max(1);
        Some(ContainerSuggestion {
            container_type: code2,
            count,
            per_container: per,
        })
    })
    .await
    .ok()
    .flatten()
}

pub async fn view(st: &AppState, rec: &InstructionRecord) -> Result<InstructionView, ApiError> {
    let data: InstructionData = decode(rec.id, &rec.doc)?;
    let ctx = contract_context(st, rec.contract_id).await?;
    let events = st.store.instruction_events(rec.id).await?;
    let acks = acknowledgements(rec, &events);
    let changed_fields = if rec.revision > 1 {
        let revs = st.store.instruction_revisions(rec.id).await?;
        match (
            revs.iter().find(|r| r.revision == rec.revision - 1),
            revs.iter().find(|r| r.revision == rec.revision),
        ) {
            (Some(a), Some(b)) => {
                gendan_domain::audit::diff(&gendan_store::flatten(&a.doc), &gendan_store::flatten(&b.doc))
                    .into_keys()
                    .collect()
            }
            _ => Vec::new(),
        }
    } else {
        Vec::new()
    };
    let findings = if rec.state == InstructionState::Cancelled {
        Vec::new()
    } else {
        run_check(st, &ctx, &data, Some(rec.id)).await?
    };
    let blocking_findings = findings
        .iter()
        .filter(|f| f.severity == Severity::Blocking)
        .count();
    // The override of the revision in force: the latest issue or revision, if it had one.
    let overridden = events
        .iter()
        .rev()
        .find(|e| matches!(e.action.as_str(), "issue" | "revise"))
        .filter(|e| e.reason.is_some());
    let mut products = ctx.products.clone();
    for id in data.lines.iter().filter_map(|l| l.product_id) {
        if !products.contains_key(&id)
            && let Ok(r) = st.store.record(RecordKind::Product, id).await
        {
            products.insert(id, decode::<ProductData>(r.id, &r.doc)?);
        }
    }
    let container_suggestion = suggest_containers(&data, &products).await;
    Ok(InstructionView {
        id: rec.id,
        number: rec.number.clone(),
        state: rec.state,
        status: status(rec, &acks),
        revision: rec.revision,
        version: rec.version,
        contract_id: rec.contract_id,
        contract_number: ctx.record.number.clone(),
        customer_id: ctx.record.buyer_id,
        customer_name: ctx.customer_name.clone(),
        instruction: data,
        acknowledgements: acks,
        changed_fields,
        findings: findings_view(findings),
        blocking_findings,
        override_reason: overridden.and_then(|e| e.reason.clone()),
        override_by: overridden.map(|e| e.actor.clone()),
        container_suggestion,
        issued_at: rec.issued_at,
        created_at: rec.created_at,
        updated_at: rec.updated_at,
    })
}

/// The findings of the current content (what issuing now would meet).
pub async fn findings(st: &AppState, id: Uuid) -> Result<Vec<FindingView>, ApiError> {
    let rec = st.store.instruction(id).await?;
    let data: InstructionData = decode(rec.id, &rec.doc)?;
    let ctx = contract_context(st, rec.contract_id).await?;
    Ok(findings_view(run_check(st, &ctx, &data, Some(id)).await?))
}

pub async fn diff(st: &AppState, id: Uuid, from: i64, to: i64) -> Result<Vec<RevisionDiff>, ApiError> {
    let revs = st.store.instruction_revisions(id).await?;
    if revs.is_empty() {
        st.store.instruction(id).await?;
    }
    let rev = |r: &gendan_store::InstructionRevision| r.revision;
    let a = crate::trade::find_revision(&revs, "from", from, rev)?;
    let b = crate::trade::find_revision(&revs, "to", to, rev)?;
    Ok(crate::trade::revision_diff(&a.doc, &b.doc))
}

/// Instructions, newest first.
pub async fn list(st: &AppState, q: &InstructionQuery) -> Result<Vec<InstructionRecord>, ApiError> {
    Ok(st.store.list_instructions(q).await?)
}

/// One row of a department's section: its field path, label, value, and whether the
/// current revision changed it. Shared by the page and the PDF.
pub struct SectionRow {
    pub field: &'static str,
    pub label: String,
    pub value: String,
    pub changed: bool,
}

fn yes_no(i: &I18n, b: bool) -> String {
    i.t(if b { "loadplan-yes" } else { "loadplan-no" })
}

/// The rows of `dept`'s section, labelled in `i`'s language.
pub fn section_rows(
    i: &I18n,
    d: &InstructionData,
    dept: Department,
    forwarder: Option<&str>,
    changed: &[String],
) -> Vec<SectionRow> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let rows: Vec<(&'static str, String)> = match dept {
        Department::Production => vec![
            ("production.due_date", d.production.due_date.to_string()),
            ("production.packing", opt(&d.production.packing)),
            ("production.marks", opt(&d.production.marks)),
            ("production.label_text", opt(&d.production.label_text)),
            ("production.notes", opt(&d.production.notes)),
        ],
        Department::Warehouse => vec![
            ("warehouse.storage", opt(&d.warehouse.storage)),
            ("warehouse.notes", opt(&d.warehouse.notes)),
        ],
        Department::Documentation => vec![
            (
                "documentation.documents",
                d.documentation
                    .documents
                    .iter()
                    .map(|r| {
                        let name = if i.code.starts_with("zh") {
                            r.kind.name_zh()
                        } else {
                            r.kind.name_en()
                        };
                        let mut s = format!("{name} {}/{}", r.originals, r.copies);
                        if let Some(f) = &r.form {
                            s.push_str(&format!(" ({f})"));
                        }
                        s
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            (
                "documentation.certificate_of_origin_form",
                opt(&d.documentation.certificate_of_origin_form),
            ),
            (
                "documentation.phytosanitary",
                yes_no(i, d.documentation.phytosanitary),
            ),
            ("documentation.inspection", opt(&d.documentation.inspection)),
            ("documentation.notes", opt(&d.documentation.notes)),
        ],
        Department::Shipping => {
            let s = &d.shipping;
            vec![
                (
                    "shipping.container_type",
                    match (&s.container_type, s.container_count) {
                        (Some(t), Some(n)) => format!("{n} × {t}"),
                        (Some(t), None) => t.clone(),
                        (None, Some(n)) => n.to_string(),
                        (None, None) => String::new(),
                    },
                ),
                (
                    "shipping.reefer",
                    s.reefer
                        .as_ref()
                        .map(|r| {
                            let mut t = format!("{} °C, {} m³/h", r.set_point, r.fresh_air_m3h.normalize());
                            if let Some(h) = r.humidity_pct {
                                t.push_str(&format!(", {} % RH", h.normalize()));
                            }
                            t
                        })
                        .unwrap_or_default(),
                ),
                ("shipping.etd_from", format!("{} – {}", s.etd_from, s.etd_to)),
                ("shipping.forwarder_id", forwarder.unwrap_or_default().to_string()),
                ("shipping.port_of_loading", opt(&s.port_of_loading)),
                ("shipping.port_of_discharge", opt(&s.port_of_discharge)),
                ("shipping.notes", opt(&s.notes)),
            ]
        }
    };
    // The field paths each row shows (a row may show several fields).
    let paths = |field: &str| -> Vec<String> {
        match field {
            "shipping.container_type" => vec![
                "shipping.container_type".into(),
                "shipping.container_count".into(),
            ],
            "shipping.etd_from" => vec!["shipping.etd_from".into(), "shipping.etd_to".into()],
            f => vec![f.to_string()],
        }
    };
    rows.into_iter()
        .map(|(field, value)| SectionRow {
            label: i.t(&format!("instruction-{}", field.replace('.', "-"))),
            changed: changed.iter().any(|c| {
                paths(field)
                    .iter()
                    .any(|p| c == p || c.starts_with(&format!("{p}.")) || c.starts_with(&format!("{p}[")))
            }),
            field,
            value,
        })
        .collect()
}

/// The instruction as a PDF (whole, or one department's copy), Chinese unless `lang` is
/// `en`: (file name, bytes).
pub async fn pdf(
    st: &AppState,
    id: Uuid,
    department: Option<&str>,
    lang: Option<&str>,
) -> Result<(String, Vec<u8>), ApiError> {
    let mut errs = ValidationErrors::new();
    let dept = match department.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(d) => match Department::parse(d) {
            Some(d) => Some(d),
            None => {
                errs.push(
                    "department",
                    "invalid_choice",
                    format!("use {}", Department::ALL.map(|d| d.as_str()).join(", ")),
                );
                None
            }
        },
    };
    let lang = match lang.map(str::trim).filter(|s| !s.is_empty()) {
        None | Some("zh") | Some("zh-CN") => "zh",
        Some("en") => "en",
        Some(_) => {
            errs.push("lang", "invalid_choice", "use zh or en");
            "zh"
        }
    };
    errs.into_result().map_err(ApiError::validation)?;
    let rec = st.store.instruction(id).await?;
    let v = view(st, &rec).await?;
    let i = I18n::new(if lang == "zh" { "zh-CN" } else { "en" });
    let d = &v.instruction;
    let forwarder = match d.shipping.forwarder_id {
        Some(f) => st
            .store
            .party(f)
            .await
            .ok()
            .map(|p| p.data.display_name().to_string()),
        None => None,
    };
    let mut suppliers = HashMap::new();
    for s in d.lines.iter().filter_map(|l| l.supplier_id) {
        if let Ok(p) = st.store.party(s).await {
            suppliers.insert(s, p.data.display_name().to_string());
        }
    }
    let events = st.store.instruction_events(id).await?;
    let issued_by = events
        .iter()
        .rev()
        .find(|e| e.action == "issue")
        .map(|e| e.actor.clone());
    let block = |dept: Department| {
        let ack = v.acknowledgements.iter().find(|a| a.department == dept);
        gendan_render::SectionBlock {
            rows: section_rows(&i, d, dept, forwarder.as_deref(), &v.changed_fields)
                .into_iter()
                .map(|r| gendan_render::LabelValue {
                    label: r.label,
                    value: r.value,
                    changed: r.changed,
                })
                .collect(),
            checklist: if dept == Department::Production {
                d.production.checklist.clone()
            } else {
                Vec::new()
            },
            acknowledged_by: ack.filter(|a| a.acknowledged).map(|a| {
                format!(
                    "{} ({}) {}",
                    a.by.clone().unwrap_or_default(),
                    i.t(&format!("department-{}", dept.as_str())),
                    a.at.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                        .unwrap_or_default()
                )
            }),
        }
    };
    let want = |x: Department| dept.is_none_or(|d| d == x);
    let company = crate::trade::company(st).await?.company;
    let doc = gendan_render::InstructionDocument {
        language: lang.into(),
        department: dept.map(|d| d.as_str().to_string()),
        number: v.number.clone(),
        revision: v.revision,
        revision_note: (v.revision > 1).then(|| {
            i.t_args(
                "instruction-revision-note",
                &[
                    ("revision", v.revision.to_string()),
                    ("previous", (v.revision - 1).to_string()),
                ],
            )
        }),
        contract_number: v.contract_number.clone(),
        customer: v.customer_name.clone(),
        issued_at: v.issued_at.map(|t| t.format("%Y-%m-%d").to_string()),
        issued_by,
        company: if lang == "zh" {
            company.name_zh.clone().unwrap_or(company.name_en.clone())
        } else {
            company.name_en.clone()
        },
        changed_fields: v.changed_fields.clone(),
        lines: d
            .lines
            .iter()
            .enumerate()
            .map(|(n, l)| gendan_render::InstructionDocLine {
                no: n as u32 + 1,
                description: l.description.clone(),
                spec: l.spec.clone().unwrap_or_default(),
                package: l.package.clone().unwrap_or_default(),
                quantity: format!(
                    "{} {}",
                    crate::documents::grouped(l.quantity),
                    i.t(&format!("unit-{}", l.unit.as_str()))
                ),
                supplier: l.supplier_id.and_then(|s| suppliers.get(&s).cloned()),
                changed: v
                    .changed_fields
                    .iter()
                    .any(|c| c.starts_with(&format!("lines[{n}]"))),
            })
            .collect(),
        production: want(Department::Production).then(|| block(Department::Production)),
        warehouse: want(Department::Warehouse).then(|| block(Department::Warehouse)),
        documentation: want(Department::Documentation).then(|| block(Department::Documentation)),
        shipping: want(Department::Shipping).then(|| block(Department::Shipping)),
        footer: i.t("instruction-pdf-footer"),
    };
    let bytes = crate::documents::render_instruction(doc).await?;
    let name = format!(
        "{}-rev{}{}.pdf",
        v.number,
        v.revision,
        dept.map(|d| format!("-{}", d.as_str())).unwrap_or_default()
    );
    Ok((name, bytes))
}
