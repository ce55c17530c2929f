//! The demo's instructions (指令) and production follow-up, dated around today so that the
//! progress views mean something: this winter's contracts for four customers, instructions
//! in every state (draft, issued and awaiting acknowledgement, partly and fully
//! acknowledged, revised and awaiting re-acknowledgement, ready to ship, cancelled), one
//! behind schedule, one made by an outsourced supplier who reports through its link, and the
//! customers' stock reports the shipment priority list ranks by.

use crate::demo_trade::{
    AL_SAHWA, ContractParties, DemoContract, Fate, NIEUWE_MAAS, PRIMFRUKT, SUMBER_SEGAR, Steps,
    contract_input, line, search_text,
};
use anyhow::{Context, anyhow};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use gendan_domain::audit::Actor;
use gendan_domain::clock::Clock;
use gendan_domain::company::CompanyProfile;
use gendan_domain::contract::{ContractAction, QuantityUnit};
use gendan_domain::instruction::{self, Department, InstructionData, InstructionInput};
use gendan_domain::party::{Party, PartyKind};
use gendan_domain::product::ProductData;
use gendan_domain::production::{self, DailyEntry, LinePlan, StockReport};
use gendan_domain::profile::CustomerProfile;
use gendan_domain::role::Role;
use gendan_domain::sales_contract::ContractData;
use gendan_store::{
    ContractRecord, EntrySource, InstructionEdit, InstructionRecord, NewContract, NewInstruction,
    NewProgressEntry, NewSupplierLink, PartyQuery, RecordKind, RecordQuery, RecordWrite, Store, User,
    WriteContext,
};
use rust_decimal::Decimal;
use std::collections::HashMap;
use uuid::Uuid;

/// The token of the demo supplier link, so the demo can show the supplier's page
/// (`/supplier/<token>`). Only a demo database has it.
pub const DEMO_SUPPLIER_TOKEN: &str = "demo-supplier-link-laiyang-pear-cooperative-2026";

pub(crate) struct Ctx<'a> {
    pub store: &'a dyn Store,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
    pub users: HashMap<Role, User>,
}

impl Ctx<'_> {
    /// The demo users by role.
    pub(crate) async fn users(store: &dyn Store) -> anyhow::Result<HashMap<Role, User>> {
        Ok(store
            .list_users()
            .await?
            .into_iter()
            .map(|u| (u.role, u))
            .collect())
    }
    pub(crate) fn user(&self, r: Role) -> anyhow::Result<&User> {
        self.users
            .get(&r)
            .ok_or_else(|| anyhow!("the demo has no {r} user"))
    }
    /// A write by `r` made `days_ago` days before now.
    pub(crate) fn at(&self, r: Role, days_ago: i64) -> anyhow::Result<WriteContext> {
        let u = self.user(r)?;
        Ok(WriteContext {
            actor: Actor::user(u.id, &u.email),
            at: self.now - Duration::days(days_ago),
        })
    }
    pub(crate) fn day(&self, offset: i64) -> NaiveDate {
        self.today + Duration::days(offset)
    }
}

fn limits(
    data: &InstructionData,
) -> impl Fn(&ContractRecord, &[InstructionRecord]) -> Result<(), gendan_domain::ValidationErrors> + Send + Sync + '_
{
    move |c, others| {
        let contract: ContractData = serde_json::from_value(c.doc.clone()).map_err(|e| {
            gendan_domain::ValidationErrors::single("contract_id", "unreadable", e.to_string())
        })?;
        let others: Vec<InstructionData> = others
            .iter()
            .filter_map(|o| serde_json::from_value(o.doc.clone()).ok())
            .collect();
        instruction::check_limits(data, &contract, &others)
    }
}

/// One demo instruction: its content, and what happens to it.
pub(crate) struct Plan {
    /// Quantity per contract line (all lines when `None`: what is open).
    pub quantities: Option<Vec<&'static str>>,
    pub supplier: Option<Uuid>,
    pub issue_days_ago: Option<i64>,
    pub acks: Vec<Department>,
    /// A revision after the acknowledgements: new due date offset, and the departments that
    /// acknowledged it.
    pub revise: Option<(i64, Vec<Department>)>,
    /// Daily warehouse intake per line from `issue` until yesterday.
    pub per_day: Option<Decimal>,
    pub cancel: Option<&'static str>,
}

pub(crate) async fn make_instruction(
    x: &Ctx<'_>,
    pattern: &gendan_domain::contract::NumberPattern,
    contract: &ContractRecord,
    data: &ContractData,
    profile: &CustomerProfile,
    products: &HashMap<Uuid, ProductData>,
    p: Plan,
) -> anyhow::Result<InstructionRecord> {
    let issued = p.issue_days_ago.unwrap_or(1);
    let mut input = InstructionInput::from_contract(
        contract.id,
        data,
        Some(profile),
        products,
        &HashMap::new(),
        x.day(-issued),
    );
    if let Some(q) = &p.quantities {
        for (l, q) in input.lines.iter_mut().zip(q) {
            l.quantity = (*q).to_string();
        }
    }
    if let Some(s) = p.supplier {
        for l in &mut input.lines {
            l.supplier_id = Some(s);
        }
    }
    // Production due four days before the ETD window opens; the window closes on the
    // contract's latest shipment date.
    let etd_from: NaiveDate = input.shipping.etd_from.parse()?;
    input.production.due_date = (etd_from - Duration::days(4)).to_string();
    input.shipping.container_type = Some("40RH".into());
    let d = input.validate().map_err(|e| anyhow!("demo instruction: {e}"))?;
    let check = limits(&d);
    let mut rec = x
        .store
        .create_instruction(
            NewInstruction {
                contract_id: contract.id,
                pattern: pattern.clone(),
                date: x.day(-issued),
                search_text: format!("{} {}", contract.number, d.lines[0].description).to_lowercase(),
                doc: serde_json::to_value(&d)?,
            },
            &check,
            &x.at(Role::Merchandiser, issued)?,
        )
        .await
        .context("demo instruction")?;
    if p.issue_days_ago.is_none() {
        return Ok(rec);
    }
    rec = x
        .store
        .issue_instruction(
            rec.id,
            rec.version,
            serde_json::json!({"findings": []}),
            None,
            &check,
            &x.at(Role::Merchandiser, issued)?,
        )
        .await?;
    for dept in &p.acks {
        x.store
            .acknowledge_instruction(
                rec.id,
                rec.revision,
                *dept,
                dept.role(),
                &x.at(dept.role(), issued - 1)?,
            )
            .await?;
    }
    if let Some((due_offset, acks)) = &p.revise {
        let mut d2 = d.clone();
        d2.production.due_date = x.day(*due_offset);
        d2.production.notes = Some("Customer asked for the first container a week earlier.".into());
        let check2 = limits(&d2);
        rec = x
            .store
            .update_instruction(
                rec.id,
                rec.version,
                InstructionEdit {
                    search_text: format!("{} {}", contract.number, d2.lines[0].description).to_lowercase(),
                    doc: serde_json::to_value(&d2)?,
                    detail: serde_json::json!({"findings": []}),
                    reason: None,
                },
                &check2,
                &x.at(Role::Merchandiser, 1)?,
            )
            .await?;
        for dept in acks {
            x.store
                .acknowledge_instruction(rec.id, rec.revision, *dept, dept.role(), &x.at(dept.role(), 0)?)
                .await?;
        }
    }
    if let Some(rate) = p.per_day {
        let current: InstructionData = serde_json::from_value(rec.doc.clone())?;
        for (i, l) in current.lines.iter().enumerate() {
            let plan = LinePlan {
                ordered: l.quantity,
                tolerance_pct: data.more_or_less_pct,
                start: x.day(-issued),
                due: current.production.due_date,
            };
            let mut done = Decimal::ZERO;
            for ago in (1..issued).rev() {
                let left = l.quantity - done;
                if left <= Decimal::ZERO {
                    break;
                }
                let n = rate.min(left);
                done += n;
                let e = DailyEntry {
                    date: x.day(-ago),
                    produced: n,
                    packed: n,
                    inspected_pass: n,
                    inspected_fail: Decimal::ZERO,
                    to_warehouse: n,
                };
                let (source, supplier_id, ctx) = match l.supplier_id {
                    Some(s) => (
                        EntrySource::Supplier,
                        Some(s),
                        WriteContext {
                            actor: Actor {
                                user_id: None,
                                label: "supplier Laiyang Zhaowangzhuang Pear Cooperative (demo link)".into(),
                            },
                            at: x.now - Duration::days(ago),
                        },
                    ),
                    None => (EntrySource::User, None, x.at(Role::Production, ago)?),
                };
                let today = x.day(-ago);
                let new = e.clone();
                let entry_check = move |_: &InstructionRecord, existing: &[gendan_store::ProgressEntry]| {
                    let before: Vec<DailyEntry> = existing
                        .iter()
                        .filter_map(|e| serde_json::from_value(e.doc.clone()).ok())
                        .collect();
                    production::check_entry(&plan, &before, &new, today, "")
                };
                let mut doc = serde_json::to_value(&e)?;
                if ago % 3 == 0 {
                    doc["notes"] =
                        serde_json::json!("QC sample of 20 cartons: firmness and colour within spec.");
                }
                x.store
                    .add_progress_entry(
                        rec.id,
                        NewProgressEntry {
                            revision: rec.revision,
                            line: i as i64,
                            date: e.date,
                            doc,
                            source,
                            supplier_id,
                            supplier_link_id: None,
                            photos: Vec::new(),
                        },
                        &entry_check,
                        &ctx,
                    )
                    .await?;
            }
        }
    }
    if let Some(why) = p.cancel {
        rec = x
            .store
            .cancel_instruction(rec.id, rec.version, why.into(), &x.at(Role::Merchandiser, 0)?)
            .await?;
    }
    Ok(rec)
}

async fn parties(store: &dyn Store, kind: PartyKind) -> anyhow::Result<Vec<Party>> {
    Ok(store
        .list_parties(&PartyQuery {
            kind: Some(kind),
            limit: 500,
            ..Default::default()
        })
        .await?
        .items)
}

/// What the demo's contracts and instructions are made from: our company, the products (by
/// SKU and by id) and the customers.
pub(crate) struct Catalogue {
    pub company: CompanyProfile,
    pub by_sku: HashMap<String, (Uuid, ProductData)>,
    pub products: HashMap<Uuid, ProductData>,
    pub customers: Vec<Party>,
}

impl Catalogue {
    pub(crate) async fn load(store: &dyn Store) -> anyhow::Result<Catalogue> {
        let company: CompanyProfile = match store.record_by_key(RecordKind::Company, "self").await? {
            Some(r) => serde_json::from_value(r.doc)?,
            None => return Err(anyhow!("the demo company is missing")),
        };
        let mut by_sku = HashMap::new();
        let mut products = HashMap::new();
        for r in store
            .list_records(&RecordQuery {
                kind: RecordKind::Product,
                search: None,
                parent_id: None,
                limit: 500,
                offset: 0,
            })
            .await?
        {
            let p: ProductData = serde_json::from_value(r.doc)?;
            by_sku.insert(p.sku.clone(), (r.id, p.clone()));
            products.insert(r.id, p);
        }
        Ok(Catalogue {
            company,
            by_sku,
            products,
            customers: parties(store, PartyKind::Customer).await?,
        })
    }

    /// A demo customer by the Latin name printed on documents.
    pub(crate) fn customer(&self, name: &str) -> anyhow::Result<&Party> {
        self.customers
            .iter()
            .find(|p| p.data.name_latin.as_deref() == Some(name))
            .ok_or_else(|| anyhow!("demo customer {name} is missing"))
    }
}

/// A demo contract drafted by the merchandiser and approved by the sales manager (at the
/// time `steps` gives): its record, its content and the buyer's profile it was filled from.
pub(crate) async fn make_contract(
    steps: &Steps<'_>,
    cat: &Catalogue,
    dc: &DemoContract,
    partial: bool,
    merch: &User,
    manager: &User,
) -> anyhow::Result<(ContractRecord, ContractData, CustomerProfile)> {
    let store = steps.store;
    let none = || serde_json::json!({});
    let buyer = cat.customer(dc.customer)?;
    let profile: CustomerProfile = match store
        .record_by_key(RecordKind::CustomerProfile, &buyer.id.to_string())
        .await?
    {
        Some(r) => serde_json::from_value(r.doc)?,
        None => return Err(anyhow!("demo customer {} has no profile", dc.customer)),
    };
    let own = |kind| async move {
        store
            .list_parties(&PartyQuery {
                kind: Some(kind),
                customer_id: Some(buyer.id),
                limit: 10,
                ..Default::default()
            })
            .await
            .map(|p| p.items.first().map(|p| p.id))
    };
    let cp = ContractParties {
        buyer_id: buyer.id,
        consignee_id: own(PartyKind::Consignee).await?,
        notify_id: own(PartyKind::NotifyParty).await?,
        profile: &profile,
    };
    let mut input = contract_input(dc, &cp, &cat.by_sku, None)?;
    input.partial_shipments = partial;
    let data = input.validate(dc.date)?;
    let mut c = store
        .create_contract(
            NewContract {
                pattern: cat.company.contract_number_pattern.clone(),
                contract_date: data.date,
                buyer_id: buyer.id,
                search_text: search_text(buyer, &data),
                doc: serde_json::to_value(&data)?,
            },
            &steps.ctx(merch),
        )
        .await?;
    c = steps
        .step(c, ContractAction::Submit, merch, None, none(), None)
        .await?;
    c = steps
        .step(c, ContractAction::Approve, manager, None, none(), None)
        .await?;
    Ok((c, data, profile))
}

/// Write the demo's winter contracts, their instructions and progress, and customer stock.
pub async fn ensure(store: &dyn Store, clock: &dyn Clock) -> anyhow::Result<()> {
    let x = Ctx {
        store,
        today: clock.today(),
        now: clock.now(),
        users: Ctx::users(store).await?,
    };
    let cat = Catalogue::load(store).await?;
    let (company, by_sku, products) = (&cat.company, &cat.by_sku, &cat.products);
    let suppliers = parties(store, PartyKind::Supplier).await?;
    let pear_coop = suppliers
        .iter()
        .find(|p| p.data.display_name().contains("Pear"))
        .ok_or_else(|| anyhow!("the demo pear cooperative is missing"))?;
    let customer = |name: &str| cat.customer(name);
    let steps = Steps { store, clock };
    let (merch, manager) = (x.user(Role::Merchandiser)?, x.user(Role::SalesManager)?);

    // This winter's contracts: partial shipments allowed for the Dutch programme.
    let winter = |cust, lines, ship: (i64, i64), partial| {
        (
            DemoContract {
                customer: cust,
                date: x.day(-30),
                currency: "USD",
                shipment_earliest: x.day(ship.0),
                shipment_latest: x.day(ship.1),
                transhipment: false,
                lines,
                remarks: None,
                fate: Fate::Confirmed,
                letter_of_credit: false,
            },
            partial,
        )
    };
    let plans = vec![
        winter(
            NIEUWE_MAAS,
            vec![line(
                "FUJI-80-18",
                Some("Red Fuji, Grade A, 80/88 count"),
                "2576",
                "24.90",
            )],
            (10, 40),
            true,
        ),
        winter(
            SUMBER_SEGAR,
            vec![line("FUJI-100-10", None, "1960", "14.40")],
            (6, 20),
            false,
        ),
        winter(
            AL_SAHWA,
            vec![line("YAPEAR-18", None, "1288", "19.80")],
            (12, 30),
            false,
        ),
        winter(
            PRIMFRUKT,
            vec![line("HUANGGUAN-18", None, "1288", "17.20")],
            (3, 15),
            false,
        ),
    ];
    let mut made = Vec::new();
    for (dc, partial) in plans {
        made.push(make_contract(&steps, &cat, &dc, partial, merch, manager).await?);
    }
    let pattern = &company.instruction_number_pattern;
    let all = || Department::ALL.to_vec();
    let (nl, id_, ae, ru) = (&made[0], &made[1], &made[2], &made[3]);
    // NL, first container: issued, every department acknowledged, production on track.
    make_instruction(
        &x,
        pattern,
        &nl.0,
        &nl.1,
        &nl.2,
        products,
        Plan {
            quantities: Some(vec!["1288"]),
            supplier: None,
            issue_days_ago: Some(8),
            acks: all(),
            revise: None,
            per_day: Some(Decimal::from(110)),
            cancel: None,
        },
    )
    .await?;
    // NL, second container: a draft, not yet issued.
    make_instruction(
        &x,
        pattern,
        &nl.0,
        &nl.1,
        &nl.2,
        products,
        Plan {
            quantities: Some(vec!["1288"]),
            supplier: None,
            issue_days_ago: None,
            acks: vec![],
            revise: None,
            per_day: None,
            cancel: None,
        },
    )
    .await?;
    // ID: issued, only production and the warehouse have acknowledged; production is far
    // behind (a packing line broke down).
    make_instruction(
        &x,
        pattern,
        &id_.0,
        &id_.1,
        &id_.2,
        products,
        Plan {
            quantities: None,
            supplier: None,
            issue_days_ago: Some(12),
            acks: vec![Department::Production, Department::Warehouse],
            revise: None,
            per_day: Some(Decimal::from(25)),
            cancel: None,
        },
    )
    .await?;
    // AE: made by the pear cooperative (outsourced); revised after everyone acknowledged
    // revision 1, and only documentation has acknowledged revision 2.
    let ae_rec = make_instruction(
        &x,
        pattern,
        &ae.0,
        &ae.1,
        &ae.2,
        products,
        Plan {
            quantities: None,
            supplier: Some(pear_coop.id),
            issue_days_ago: Some(6),
            acks: all(),
            revise: Some((5, vec![Department::Documentation])),
            per_day: Some(Decimal::from(140)),
            cancel: None,
        },
    )
    .await?;
    store
        .create_supplier_link(
            NewSupplierLink {
                instruction_id: ae_rec.id,
                supplier_id: pear_coop.id,
                lines: vec![0],
                token_hash: gendan_web::production::token_hash(DEMO_SUPPLIER_TOKEN),
                expires_at: x.now + Duration::days(30),
            },
            &x.at(Role::Merchandiser, 6)?,
        )
        .await?;
    // RU: a first instruction cancelled (the buyer changed the pack), the second one packed
    // and in the warehouse, ready to ship.
    make_instruction(
        &x,
        pattern,
        &ru.0,
        &ru.1,
        &ru.2,
        products,
        Plan {
            quantities: None,
            supplier: None,
            issue_days_ago: Some(20),
            acks: vec![Department::Production],
            revise: None,
            per_day: None,
            cancel: Some("The buyer switched to 18 kg cartons with Russian labels; re-issued."),
        },
    )
    .await?;
    make_instruction(
        &x,
        pattern,
        &ru.0,
        &ru.1,
        &ru.2,
        products,
        Plan {
            quantities: None,
            supplier: None,
            issue_days_ago: Some(15),
            acks: all(),
            revise: None,
            per_day: Some(Decimal::from(120)),
            cancel: None,
        },
    )
    .await?;

    // What the customers last reported of their stock.
    let stock = [
        (NIEUWE_MAAS, "FUJI-80-18", "940", "55", 3),
        (SUMBER_SEGAR, "FUJI-100-10", "2600", "60", 5),
        (AL_SAHWA, "YAPEAR-18", "310", "45", 2),
        (PRIMFRUKT, "HUANGGUAN-18", "1500", "35", 4),
    ];
    for (cust, sku, qty, rate, ago) in stock {
        let buyer = customer(cust)?;
        let (pid, p) = by_sku
            .get(sku)
            .ok_or_else(|| anyhow!("demo product {sku} is missing"))?;
        let report: StockReport =
            production::validate_stock_report(qty, rate, &x.day(-ago).to_string(), x.today)
                .map_err(|e| anyhow!("demo stock: {e}"))?;
        let doc = gendan_web::production::StockReportDoc {
            customer_id: buyer.id,
            product_id: Some(*pid),
            product: format!("{} {}", p.sku, p.name_en),
            unit: QuantityUnit::Carton.as_str().into(),
            report,
        };
        store
            .create_record(
                RecordWrite {
                    kind: RecordKind::StockReport,
                    key: gendan_domain::id::new_id().to_string(),
                    parent_id: Some(buyer.id),
                    search_text: doc.product.to_lowercase(),
                    doc: serde_json::to_value(&doc)?,
                },
                &x.at(Role::Merchandiser, ago)?,
            )
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use gendan_domain::clock::ManualClock;
    use gendan_domain::instruction::InstructionState;
    use gendan_store::InstructionQuery;

    #[tokio::test]
    async fn the_demo_has_instructions_in_every_state_one_late_and_one_outsourced() {
        let dir = tempfile::tempdir().unwrap();
        let store = gendan_store_sql::testing::fresh_store(dir.path()).await;
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0).unwrap());
        assert!(crate::demo::ensure(&store, &clock).await.unwrap());
        let all = store
            .list_instructions(&InstructionQuery {
                limit: 100,
                ..Default::default()
            })
            .await
            .unwrap();
        for s in InstructionState::ALL {
            assert!(all.iter().any(|i| i.state == s), "no {s} instruction");
        }
        let mut revised = 0;
        let mut statuses = Vec::new();
        for rec in all.iter().filter(|r| r.state == InstructionState::Issued) {
            let d: InstructionData = serde_json::from_value(rec.doc.clone()).unwrap();
            let events = store.instruction_events(rec.id).await.unwrap();
            let acked = Department::ALL
                .iter()
                .filter(|dep| {
                    events.iter().any(|e| {
                        e.action == "acknowledge" && e.revision == rec.revision && e.department == Some(**dep)
                    })
                })
                .count();
            if rec.revision > 1 {
                revised += 1;
                assert!(acked < 4, "a revised instruction awaits re-acknowledgement");
                assert!(d.lines[0].supplier_id.is_some(), "the revised one is outsourced");
                assert_eq!(store.supplier_links(rec.id).await.unwrap().len(), 1);
                let entries = store.progress_entries(rec.id).await.unwrap();
                assert!(entries.iter().all(|e| e.source == EntrySource::Supplier));
                assert!(!entries.is_empty());
            }
            let c = store.contract(rec.contract_id).await.unwrap();
            let cd: ContractData = serde_json::from_value(c.doc).unwrap();
            let entries = store.progress_entries(rec.id).await.unwrap();
            let assessments: Vec<_> = d
                .lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let plan = LinePlan {
                        ordered: l.quantity,
                        tolerance_pct: cd.more_or_less_pct,
                        start: rec.issued_at.unwrap().date_naive(),
                        due: d.production.due_date,
                    };
                    let mine: Vec<DailyEntry> = entries
                        .iter()
                        .filter(|e| e.line == i as i64)
                        .map(|e| serde_json::from_value(e.doc.clone()).unwrap())
                        .collect();
                    production::assess(
                        &plan,
                        &mine,
                        clock.today(),
                        Some(d.shipping.etd_from),
                        cd.shipment_latest,
                    )
                })
                .collect();
            statuses.push((production::combine(&assessments).status, acked));
        }
        assert_eq!(revised, 1);
        use gendan_domain::production::ProgressStatus::*;
        let has = |s| statuses.iter().any(|(x, _)| *x == s);
        assert!(has(Late) || has(Behind), "one behind schedule: {statuses:?}");
        assert!(has(Ready), "one ready to ship: {statuses:?}");
        assert!(has(OnTrack), "one on track: {statuses:?}");
        assert!(statuses.iter().any(|(_, a)| *a == 4), "one acknowledged by all");
        assert!(
            statuses.iter().any(|(_, a)| *a > 0 && *a < 4),
            "one partly acknowledged"
        );
        let link = store
            .supplier_link_by_token(&gendan_web::production::token_hash(DEMO_SUPPLIER_TOKEN))
            .await
            .unwrap();
        assert!(link.is_some_and(|l| l.is_valid(clock.now())));
        let report = store.verify_audit_chain().await.unwrap();
        assert!(report.first_broken.is_none(), "{report:?}");
    }
}
