//! The demo's bookings (订舱) and shipments (出运), dated around today so that the shipment
//! list, the work queue and the on-time figure mean something: this autumn's contracts shipped
//! at every milestone stage (booked … released), one instruction shipped in two lots
//! (partial, 分批), one booking carrying two contracts of one buyer (combined, 拼单), one vessel
//! that sailed a day after the contract's latest shipment date (late), and this winter's
//! instructions booked: one on a vessel its goods will not be ready for, one whose containers
//! are not yet recorded the day before the VGM cut-off, and one still only requested.
//!
//! Everything goes through the web use cases (`gendan_web::shipments`) with a clock set to
//! when each step happened, so every rule is checked as if the shipping team had typed it:
//! ISO 6346 check digits, the VGM against the container's maximum gross, quantities within
//! the instruction and the contract's tolerance, milestones in order and not in the future.

use crate::demo_instructions::{Catalogue, Ctx, Plan, make_contract, make_instruction};
use crate::demo_trade::{AL_SAHWA, DemoContract, Fate, NIEUWE_MAAS, PRIMFRUKT, SUMBER_SEGAR, Steps, line};
use anyhow::{Context, anyhow};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use gendan_domain::clock::{Clock, ManualClock};
use gendan_domain::contract::ContractAction;
use gendan_domain::instruction::{Department, InstructionData, InstructionState};
use gendan_domain::party::PartyKind;
use gendan_domain::role::Role;
use gendan_domain::shipment::{
    BookingConfirmationInput, ContainerInput, MilestoneInput, MilestoneKind, ShipmentDetailsInput,
    StuffedLineInput, VgmInput, check_digit,
};
use gendan_store::{InstructionQuery, InstructionRecord, NewTrackingLink, PartyQuery, Store};
use gendan_web::auth::{CurrentUser, Via};
use gendan_web::error::ApiError;
use gendan_web::shipments::{self, BookingView, ShipmentView};
use gendan_web::{AppState, WebConfig};
use rust_decimal::Decimal;
use std::sync::Arc;
use uuid::Uuid;

/// The token of the demo tracking link on the released Rotterdam shipment, so the demo can
/// show the customer's page (`/track/<token>`). Only a demo database has it.
pub const DEMO_TRACKING_TOKEN: &str = "demo-tracking-link-nieuwe-maas-rotterdam-2026";

/// How many contracts this module adds to the demo.
#[cfg(test)]
pub(crate) const CONTRACTS: usize = 5;

fn api(e: ApiError) -> anyhow::Error {
    let fields: Vec<String> = e
        .errors
        .iter()
        .map(|f| format!("{} ({}): {}", f.field, f.code, f.message))
        .collect();
    anyhow!("{} {}: {} {}", e.status, e.code, e.detail, fields.join("; "))
}

/// An ISO 6346 container number from an owner code with its category (`MNBU`) and a serial
/// number, with the check digit computed.
pub(crate) fn container_number(owner: &str, serial: u32) -> anyhow::Result<String> {
    let first_ten = format!("{owner}{serial:06}");
    let digit =
        check_digit(&first_ten).ok_or_else(|| anyhow!("`{first_ten}` is not an owner code and serial"))?;
    Ok(format!("{first_ten}{digit}"))
}

/// An instruction with its content.
struct Made {
    rec: InstructionRecord,
    data: InstructionData,
}

impl Made {
    fn of(rec: InstructionRecord) -> anyhow::Result<Made> {
        let data =
            serde_json::from_value(rec.doc.clone()).with_context(|| format!("instruction {}", rec.number))?;
        Ok(Made { rec, data })
    }
}

/// The carrier's confirmation; days are offsets from today, the cut-offs fall on the `si`
/// and `vgm` days (CY and documents on the VGM day).
struct Voyage {
    carrier: &'static str,
    vessel: &'static str,
    voyage: &'static str,
    booking_number: &'static str,
    etd: i64,
    eta: i64,
    si: i64,
    vgm: i64,
    free_days: u32,
    transhipment: Option<&'static str>,
}

/// A container as the loading supervisor reports it.
struct Stuffing<'a> {
    owner: &'static str,
    serial: u32,
    seals: &'a [&'static str],
    /// The tare on the CSC plate.
    tare_kg: &'static str,
    /// Days from today.
    stuffed: i64,
    /// (instruction, line, cartons)
    loads: Vec<(&'a Made, u32, u32)>,
    /// The set point found on the reefer unit, against the instruction's.
    set_point_off: Decimal,
    dunnage_kg: &'static str,
}

struct Demo<'a> {
    st: AppState,
    clock: Arc<ManualClock>,
    cat: &'a Catalogue,
    today: NaiveDate,
    now: DateTime<Utc>,
    shipping: CurrentUser,
    merch: CurrentUser,
    docs: CurrentUser,
}

impl Demo<'_> {
    fn day(&self, offset: i64) -> NaiveDate {
        self.today + Duration::days(offset)
    }

    /// Set the clock to `hh:mm` (UTC) on the day `offset` days from today, never later than
    /// the real now.
    fn at(&self, offset: i64, hh: u32, mm: u32) {
        let t = NaiveTime::from_hms_opt(hh, mm, 0).unwrap_or_default();
        let when = self.day(offset).and_time(t).and_utc();
        self.clock.set(when.min(self.now));
    }

    fn datetime(&self, offset: i64, hh: u32) -> String {
        format!("{}T{hh:02}:00", self.day(offset))
    }

    /// A booking request for the instructions, pre-filled from them, with the forwarder.
    async fn request(
        &self,
        day: i64,
        items: &[&Made],
        forwarder: Uuid,
        remarks: Option<String>,
    ) -> anyhow::Result<BookingView> {
        self.at(day, 10, 30);
        let ids: Vec<Uuid> = items.iter().map(|m| m.rec.id).collect();
        let mut req = shipments::prefill_booking(&self.st, &ids).await.map_err(api)?;
        req.forwarder_id = Some(forwarder);
        req.remarks = remarks;
        shipments::create_booking(
            &self.st,
            &self.shipping,
            &shipments::CreateBookingInput {
                instruction_ids: Vec::new(),
                request: Some(req),
            },
        )
        .await
        .map_err(api)
        .context("demo booking request")
    }

    /// The carrier's confirmation (which opens the shipment) or a changed one.
    async fn confirm(
        &self,
        day: i64,
        b: &BookingView,
        v: &Voyage,
        reason: Option<&str>,
    ) -> anyhow::Result<BookingView> {
        self.at(day, 15, 0);
        let confirmation = BookingConfirmationInput {
            carrier: v.carrier.into(),
            vessel: v.vessel.into(),
            voyage: v.voyage.into(),
            booking_number: v.booking_number.into(),
            etd: self.day(v.etd).to_string(),
            eta: self.day(v.eta).to_string(),
            si_cutoff: self.datetime(v.si, 12),
            vgm_cutoff: self.datetime(v.vgm, 12),
            cy_cutoff: self.datetime(v.vgm, 18),
            documents_cutoff: Some(self.datetime(v.vgm, 16)),
            free_days: Some(v.free_days),
            transhipment_port: v.transhipment.map(str::to_string),
        };
        shipments::confirm_booking(
            &self.st,
            &self.shipping,
            b.id,
            b.version,
            &shipments::ConfirmBookingInput {
                confirmation,
                confirmed_on: None,
                reason: reason.map(str::to_string),
            },
        )
        .await
        .map_err(api)
        .with_context(|| format!("demo booking {}: confirmation", b.number))
    }

    async fn container(&self, shipment: Uuid, k: Stuffing<'_>) -> anyhow::Result<ShipmentView> {
        self.at(k.stuffed, 14, 0);
        let mut lines = Vec::new();
        let mut instructed = None;
        for (m, line, cartons) in &k.loads {
            let l = m
                .data
                .lines
                .get(*line as usize)
                .ok_or_else(|| anyhow!("{} has no line {line}", m.rec.number))?;
            let p = l
                .product_id
                .and_then(|id| self.cat.products.get(&id))
                .ok_or_else(|| anyhow!("{}: the line's product is missing", m.rec.number))?;
            let pkg = p
                .packages
                .iter()
                .find(|k| l.package.as_deref() == Some(k.name.as_str()))
                .or(p.packages.first())
                .ok_or_else(|| anyhow!("{} has no package", p.sku))?;
            let n = Decimal::from(*cartons);
            lines.push(StuffedLineInput {
                instruction_id: Some(m.rec.id),
                line: Some(*line),
                packages: cartons.to_string(),
                quantity: None,
                net_kg: (pkg.net.0 * n).normalize().to_string(),
                gross_kg: (pkg.gross.0 * n).normalize().to_string(),
            });
            instructed = instructed.or(m.data.shipping.reefer.as_ref().map(|r| r.set_point.0));
        }
        let set_point =
            instructed.ok_or_else(|| anyhow!("a demo container without reefer settings"))? + k.set_point_off;
        let number = container_number(k.owner, k.serial)?;
        let input = ContainerInput {
            number: number.clone(),
            container_type: "40RH".into(),
            seals: k.seals.iter().map(|s| s.to_string()).collect(),
            tare_kg: Some(k.tare_kg.into()),
            stuffed_on: Some(self.day(k.stuffed).to_string()),
            lines,
            // Weighed by summing the packages (SOLAS VI/2 method 2), signed by the shipping
            // clerk the company authorised.
            vgm: Some(VgmInput {
                declared_by: self.shipping.user.display_name.clone(),
                declared_on: self.day(k.stuffed).to_string(),
                dunnage_kg: Some(k.dunnage_kg.into()),
            }),
            reefer_set_point_c: Some(set_point.normalize().to_string()),
        };
        shipments::add_container(&self.st, &self.shipping, shipment, &input)
            .await
            .map_err(api)
            .with_context(|| format!("demo container {number}"))
    }

    async fn milestone(
        &self,
        shipment: Uuid,
        kind: MilestoneKind,
        day: i64,
        note: Option<&str>,
    ) -> anyhow::Result<ShipmentView> {
        let (source, hh) = match kind {
            MilestoneKind::Booked => ("forwarder", 15),
            MilestoneKind::EmptyPickedUp => ("forwarder", 9),
            MilestoneKind::Stuffed => ("own", 17),
            MilestoneKind::GatedIn => ("terminal", 21),
            MilestoneKind::OnBoard => ("carrier", 23),
            MilestoneKind::Transhipped => ("carrier", 11),
            MilestoneKind::Arrived => ("carrier", 8),
            MilestoneKind::Released => ("customer", 16),
        };
        self.at(day, hh, 0);
        shipments::add_milestone(
            &self.st,
            &self.shipping,
            shipment,
            &MilestoneInput {
                kind: kind.as_str().into(),
                date: self.day(day).to_string(),
                source: source.into(),
                note: note.map(str::to_string),
            },
        )
        .await
        .map_err(api)
        .with_context(|| format!("demo milestone {}", kind.as_str()))
    }

    /// The B/L and invoice numbers, once the forwarder has issued the bill of lading.
    async fn details(
        &self,
        day: i64,
        s: &ShipmentView,
        bl: String,
        invoice: u32,
    ) -> anyhow::Result<ShipmentView> {
        self.at(day, 10, 0);
        let input = ShipmentDetailsInput {
            bl_number: Some(bl),
            invoice_number: Some(format!("YH{}-INV-{invoice:04}", self.day(day).year())),
        };
        shipments::save_details(&self.st, &self.docs, s.id, s.version, &input)
            .await
            .map_err(api)
            .context("demo shipment details")
    }

    /// The shipping advice sent to the customer's contact.
    async fn advise(&self, day: i64, s: &ShipmentView) -> anyhow::Result<ShipmentView> {
        self.at(day, 11, 0);
        shipments::send_advice(
            &self.st,
            &self.merch,
            s.id,
            &shipments::SendAdviceInput::default(),
        )
        .await
        .map_err(api)
        .context("demo shipping advice")
    }
}

fn shipment_of(b: &BookingView) -> anyhow::Result<Uuid> {
    b.shipment_id
        .ok_or_else(|| anyhow!("booking {} opened no shipment", b.number))
}

/// Write the demo's bookings and shipments; called by [`crate::demo::ensure`] after the
/// instructions.
pub async fn ensure(store: Arc<dyn Store>, real: &dyn Clock) -> anyhow::Result<()> {
    let (today, now) = (real.today(), real.now());
    let clock = Arc::new(ManualClock::new(now));
    let st = AppState::new(store.clone(), clock.clone(), WebConfig::default());
    let x = Ctx {
        store: &*store,
        today,
        now,
        users: Ctx::users(&*store).await?,
    };
    let as_user = |r: Role| -> anyhow::Result<CurrentUser> {
        Ok(CurrentUser {
            user: x.user(r)?.clone(),
            via: Via::Token,
        })
    };
    let cat = Catalogue::load(&*store).await?;
    let d = Demo {
        st,
        clock: clock.clone(),
        cat: &cat,
        today,
        now,
        shipping: as_user(Role::Shipping)?,
        merch: as_user(Role::Merchandiser)?,
        docs: as_user(Role::Documentation)?,
    };

    // This winter's issued instructions (demo_instructions), by buyer, before any of ours.
    let mut winter = std::collections::HashMap::new();
    for rec in store
        .list_instructions(&InstructionQuery {
            state: Some(InstructionState::Issued),
            limit: 1000,
            ..Default::default()
        })
        .await?
    {
        let buyer = store.contract(rec.contract_id).await?.buyer_id;
        winter.insert(buyer, rec);
    }
    let winter_of = |name: &str| -> anyhow::Result<Made> {
        let buyer = cat.customer(name)?.id;
        let rec = winter
            .get(&buyer)
            .cloned()
            .ok_or_else(|| anyhow!("the demo has no issued winter instruction for {name}"))?;
        Made::of(rec)
    };
    let (w_nl, w_id, w_ru) = (
        winter_of(NIEUWE_MAAS)?,
        winter_of(SUMBER_SEGAR)?,
        winter_of(PRIMFRUKT)?,
    );

    let forwarders = store
        .list_parties(&PartyQuery {
            kind: Some(PartyKind::Forwarder),
            limit: 100,
            ..Default::default()
        })
        .await?
        .items;
    let forwarder = |name: &str| {
        forwarders
            .iter()
            .find(|p| p.data.display_name().contains(name))
            .map(|p| p.id)
            .ok_or_else(|| anyhow!("the demo forwarder {name} is missing"))
    };
    let (jzbay, haiyun, bohai) = (
        forwarder("Jiaozhou Bay")?,
        forwarder("Haiyun")?,
        forwarder("Bohai")?,
    );

    // This autumn's contracts, drafted, approved, sent and countersigned on their dates.
    let steps = Steps {
        store: &*store,
        clock: &*clock,
    };
    let (merch, manager) = (x.user(Role::Merchandiser)?, x.user(Role::SalesManager)?);
    let autumn = |customer, date: i64, ship: (i64, i64), transhipment, lines| DemoContract {
        customer,
        date: x.day(date),
        currency: "USD",
        shipment_earliest: x.day(ship.0),
        shipment_latest: x.day(ship.1),
        transhipment,
        lines,
        remarks: None,
        fate: Fate::Confirmed,
        letter_of_credit: false,
    };
    let plans = vec![
        // Three reefers of Fuji for Rotterdam, shipped as they are packed.
        (
            DemoContract {
                remarks: Some("Autumn programme: three 40' reefers, partial shipments allowed."),
                ..autumn(
                    NIEUWE_MAAS,
                    -62,
                    (-42, 5),
                    false,
                    vec![line(
                        "FUJI-80-18",
                        Some("Red Fuji, Grade A, 80/88 count"),
                        "3864",
                        "24.60",
                    )],
                )
            },
            true,
        ),
        // Jakarta via Singapore.
        (
            autumn(
                SUMBER_SEGAR,
                -48,
                (-25, -15),
                true,
                vec![line("FUJI-100-10", None, "1960", "14.30")],
            ),
            false,
        ),
        (
            autumn(
                PRIMFRUKT,
                -45,
                (-25, -18),
                false,
                vec![line("HUANGGUAN-18", None, "1288", "17.40")],
            ),
            false,
        ),
        // Two contracts of the Dubai buyer, shipped together.
        (
            autumn(
                AL_SAHWA,
                -32,
                (-5, 12),
                false,
                vec![line("YAPEAR-18", None, "1288", "19.90")],
            ),
            false,
        ),
        (
            autumn(
                AL_SAHWA,
                -32,
                (-5, 12),
                false,
                vec![line("HUANGGUAN-18", None, "1288", "17.70")],
            ),
            false,
        ),
    ];
    let mut made = Vec::new();
    for (dc, partial) in plans {
        let date = (dc.date - today).num_days();
        d.at(date, 9, 30);
        let (mut c, data, profile) = make_contract(&steps, &cat, &dc, partial, merch, manager).await?;
        let buyer = cat.customer(dc.customer)?;
        let sent_to = buyer
            .data
            .contacts
            .iter()
            .find_map(|k| k.email.clone())
            .unwrap_or_else(|| buyer.data.display_name().to_string());
        d.at(date + 1, 10, 0);
        c = steps
            .step(
                c,
                ContractAction::Send,
                merch,
                None,
                serde_json::json!({"sent_via": "email", "sent_to": sent_to}),
                None,
            )
            .await?;
        d.at(date + 3, 16, 0);
        c = steps
            .step(
                c,
                ContractAction::Confirm,
                merch,
                None,
                serde_json::json!({}),
                None,
            )
            .await?;
        made.push((c, data, profile));
    }
    // Their instructions: issued, acknowledged by every department, packed and in the
    // warehouse before the containers came.
    let pattern = &cat.company.instruction_number_pattern;
    let instruction = |i: usize, quantity: Option<&'static str>, issued: i64, per_day: u32| {
        let (c, data, profile) = &made[i];
        let x = &x;
        let cat = &cat;
        async move {
            let rec = make_instruction(
                x,
                pattern,
                c,
                data,
                profile,
                &cat.products,
                Plan {
                    quantities: quantity.map(|q| vec![q]),
                    supplier: None,
                    issue_days_ago: Some(issued),
                    acks: Department::ALL.to_vec(),
                    revise: None,
                    per_day: Some(Decimal::from(per_day)),
                    cancel: None,
                },
            )
            .await?;
            Made::of(rec)
        }
    };
    let a1 = instruction(0, Some("1288"), 55, 200).await?;
    let a2 = instruction(0, Some("2576"), 45, 260).await?;
    let id5 = instruction(1, None, 40, 280).await?;
    let ru6 = instruction(2, None, 38, 200).await?;
    let ae_pear = instruction(3, None, 25, 150).await?;
    let ae_huangguan = instruction(4, None, 25, 150).await?;

    use MilestoneKind::*;

    // S1, Rotterdam: on board a week before the latest shipment date, arrived and released;
    // advised, and shared with the buyer through a tracking link.
    let b = d.request(-42, &[&a1], jzbay, None).await?;
    let b = d
        .confirm(
            -40,
            &b,
            &Voyage {
                carrier: "Maersk",
                vessel: "MAERSK KENSINGTON",
                voyage: "243W",
                booking_number: "262871403",
                etd: -33,
                eta: -3,
                si: -35,
                vgm: -34,
                free_days: 14,
                transhipment: None,
            },
            None,
        )
        .await?;
    let s1 = shipment_of(&b)?;
    d.milestone(
        s1,
        EmptyPickedUp,
        -36,
        Some("Pre-tripped and pre-cooled to 0.5 °C at the depot."),
    )
    .await?;
    d.container(
        s1,
        Stuffing {
            owner: "MNBU",
            serial: 351208,
            seals: &["ML4471925"],
            tare_kg: "4680",
            stuffed: -35,
            loads: vec![(&a1, 0, 1288)],
            set_point_off: Decimal::ZERO,
            dunnage_kg: "0",
        },
    )
    .await?;
    d.milestone(
        s1,
        Stuffed,
        -35,
        Some("Pulp 0.8 °C at loading; two USB loggers in the door end."),
    )
    .await?;
    d.milestone(s1, GatedIn, -34, Some("Qingdao Qianwan container terminal."))
        .await?;
    let v = d.milestone(s1, OnBoard, -33, None).await?;
    let v = d.details(-32, &v, "MAEU262871403".into(), 412).await?;
    d.advise(-32, &v).await?;
    store
        .create_tracking_link(
            NewTrackingLink {
                shipment_id: s1,
                token_hash: gendan_web::production::token_hash(DEMO_TRACKING_TOKEN),
                documents: vec!["shipping_advice".into()],
                expires_at: clock.now() + Duration::days(60),
            },
            &d.merch.write_context(&d.st),
        )
        .await?;
    d.milestone(
        s1,
        Arrived,
        -3,
        Some("Discharged at Rotterdam, APM Terminals Maasvlakte II."),
    )
    .await?;
    d.milestone(
        s1,
        Released,
        -1,
        Some("Telex release; collected by the consignee's haulier."),
    )
    .await?;

    // S6, Vladivostok: on time, arrived yesterday.
    let b = d.request(-30, &[&ru6], bohai, None).await?;
    let b = d
        .confirm(
            -29,
            &b,
            &Voyage {
                carrier: "COSCO SHIPPING Lines",
                vessel: "XIN MING ZHOU",
                voyage: "066N",
                booking_number: "6408816640",
                etd: -20,
                eta: -1,
                si: -22,
                vgm: -21,
                free_days: 10,
                transhipment: None,
            },
            None,
        )
        .await?;
    let s6 = shipment_of(&b)?;
    d.milestone(s6, EmptyPickedUp, -24, None).await?;
    d.container(
        s6,
        Stuffing {
            owner: "CXRU",
            serial: 154872,
            seals: &["CN5526384"],
            tare_kg: "4620",
            stuffed: -23,
            loads: vec![(&ru6, 0, 1288)],
            set_point_off: Decimal::ZERO,
            dunnage_kg: "150",
        },
    )
    .await?;
    d.milestone(
        s6,
        Stuffed,
        -23,
        Some("Russian labels checked on every pallet row."),
    )
    .await?;
    d.milestone(s6, GatedIn, -22, None).await?;
    let v = d.milestone(s6, OnBoard, -20, None).await?;
    let v = d.details(-19, &v, "COSU6408816640".into(), 418).await?;
    d.advise(-19, &v).await?;
    d.milestone(s6, Arrived, -1, Some("Vladivostok Commercial Sea Port."))
        .await?;

    // S5, Jakarta via Singapore: the vessel was delayed and loaded a day after the
    // contract's latest shipment date (late); transhipped at Singapore.
    let b = d.request(-27, &[&id5], haiyun, None).await?;
    let first = Voyage {
        carrier: "COSCO SHIPPING Lines",
        vessel: "XIN YANTAI",
        voyage: "116S",
        booking_number: "6409873215",
        etd: -16,
        eta: -2,
        si: -18,
        vgm: -17,
        free_days: 7,
        transhipment: Some("SGSIN"),
    };
    let b = d.confirm(-26, &b, &first, None).await?;
    let b = d
        .confirm(
            -19,
            &b,
            &Voyage {
                etd: -14,
                eta: 1,
                si: -16,
                vgm: -15,
                ..first
            },
            Some("The carrier delayed the vessel two days (typhoon at Busan); new cut-offs."),
        )
        .await?;
    let s5 = shipment_of(&b)?;
    d.milestone(s5, EmptyPickedUp, -18, None).await?;
    d.container(
        s5,
        Stuffing {
            owner: "OOLU",
            serial: 624718,
            seals: &["CN5531207", "YH026104"],
            tare_kg: "4700",
            stuffed: -17,
            loads: vec![(&id5, 0, 1960)],
            set_point_off: Decimal::ZERO,
            dunnage_kg: "200",
        },
    )
    .await?;
    d.milestone(s5, Stuffed, -17, None).await?;
    d.milestone(s5, GatedIn, -16, None).await?;
    let v = d
        .milestone(
            s5,
            OnBoard,
            -14,
            Some("Loaded a day after the latest shipment date."),
        )
        .await?;
    let v = d.details(-13, &v, "COSU6409873215".into(), 416).await?;
    d.advise(-13, &v).await?;
    d.milestone(
        s5,
        Transhipped,
        -4,
        Some("Reloaded at Singapore onto the feeder to Tanjung Priok."),
    )
    .await?;

    // S2 and S3, Rotterdam again: the second instruction (two containers) shipped in two
    // lots; the first is on board, the second stuffed yesterday with its reefer found 1 °C
    // off the instruction.
    let b = d
        .request(
            -13,
            &[&a2],
            jzbay,
            Some(format!("Partial shipment 1 of 2 of {}: one 40RH.", a2.rec.number)),
        )
        .await?;
    let b = d
        .confirm(
            -12,
            &b,
            &Voyage {
                carrier: "Maersk",
                vessel: "MAERSK KOWLOON",
                voyage: "247W",
                booking_number: "263514288",
                etd: -4,
                eta: 27,
                si: -6,
                vgm: -5,
                free_days: 14,
                transhipment: None,
            },
            None,
        )
        .await?;
    let s2 = shipment_of(&b)?;
    d.milestone(s2, EmptyPickedUp, -7, None).await?;
    d.container(
        s2,
        Stuffing {
            owner: "MNBU",
            serial: 372245,
            seals: &["ML4480316"],
            tare_kg: "4660",
            stuffed: -6,
            loads: vec![(&a2, 0, 1288)],
            set_point_off: Decimal::ZERO,
            dunnage_kg: "0",
        },
    )
    .await?;
    d.milestone(s2, Stuffed, -6, None).await?;
    d.milestone(s2, GatedIn, -5, None).await?;
    let v = d.milestone(s2, OnBoard, -4, None).await?;
    let v = d.details(-3, &v, "MAEU263514288".into(), 421).await?;
    d.advise(-3, &v).await?;

    let b = d
        .request(
            -9,
            &[&a2],
            jzbay,
            Some(format!("Partial shipment 2 of 2 of {}: one 40RH.", a2.rec.number)),
        )
        .await?;

    // S4, Jebel Ali: two contracts of one buyer on one booking, one container each, gated
    // in yesterday with their VGMs.
    let b4 = d
        .request(
            -9,
            &[&ae_pear, &ae_huangguan],
            jzbay,
            Some("Combined: Ya pears and Huangguan pears of two contracts, one B/L.".into()),
        )
        .await?;
    let b = d
        .confirm(
            -8,
            &b,
            &Voyage {
                carrier: "Maersk",
                vessel: "MAERSK KALAMATA",
                voyage: "248W",
                booking_number: "263602915",
                etd: 4,
                eta: 35,
                si: 2,
                vgm: 3,
                free_days: 14,
                transhipment: None,
            },
            None,
        )
        .await?;
    let s3 = shipment_of(&b)?;
    d.milestone(s3, EmptyPickedUp, -2, None).await?;
    d.container(
        s3,
        Stuffing {
            owner: "SUDU",
            serial: 618034,
            seals: &["ML4492870"],
            tare_kg: "4640",
            stuffed: -1,
            loads: vec![(&a2, 0, 1288)],
            set_point_off: Decimal::ONE,
            dunnage_kg: "0",
        },
    )
    .await?;
    d.milestone(
        s3,
        Stuffed,
        -1,
        Some("Reefer unit found at 1.5 °C: the depot is asked to reset it before gate-in."),
    )
    .await?;

    let b = d
        .confirm(
            -8,
            &b4,
            &Voyage {
                carrier: "COSCO SHIPPING Lines",
                vessel: "COSCO SHIPPING DANUBE",
                voyage: "031W",
                booking_number: "6412350871",
                etd: 3,
                eta: 22,
                si: 2,
                vgm: 2,
                free_days: 10,
                transhipment: None,
            },
            None,
        )
        .await?;
    let s4 = shipment_of(&b)?;
    d.milestone(s4, EmptyPickedUp, -3, None).await?;
    for (owner, serial, seal, tare, ins, dunnage) in [
        ("TGHU", 881472, "CN5540128", "4600", &ae_pear, "120"),
        ("CAIU", 546217, "CN5540129", "4580", &ae_huangguan, "80"),
    ] {
        d.container(
            s4,
            Stuffing {
                owner,
                serial,
                seals: &[seal],
                tare_kg: tare,
                stuffed: -2,
                loads: vec![(ins, 0, 1288)],
                set_point_off: Decimal::ZERO,
                dunnage_kg: dunnage,
            },
        )
        .await?;
    }
    d.milestone(s4, Stuffed, -2, None).await?;
    d.milestone(s4, GatedIn, -1, None).await?;

    // S8, this winter's Vladivostok order, ready in the warehouse: the empty container was
    // picked up this morning and nothing is recorded yet; the VGM cut-off is tomorrow.
    let b = d.request(-4, &[&w_ru], bohai, None).await?;
    let b = d
        .confirm(
            -3,
            &b,
            &Voyage {
                carrier: "COSCO SHIPPING Lines",
                vessel: "COSCO TAICANG",
                voyage: "022N",
                booking_number: "6413104458",
                etd: 3,
                eta: 8,
                si: 2,
                vgm: 1,
                free_days: 10,
                transhipment: None,
            },
            None,
        )
        .await?;
    d.milestone(shipment_of(&b)?, EmptyPickedUp, 0, None).await?;

    // This winter's first Rotterdam container: only requested from the forwarder.
    d.request(
        -1,
        &[&w_nl],
        jzbay,
        Some("Please quote Maersk and CMA CGM; plug-in at the yard from the day before.".into()),
    )
    .await?;

    // S7, this winter's Jakarta order, booked today on a vessel that sails the day after
    // tomorrow, while production is far behind; the SI is due tomorrow.
    let b = d.request(0, &[&w_id], haiyun, None).await?;
    d.confirm(
        0,
        &b,
        &Voyage {
            carrier: "COSCO SHIPPING Lines",
            vessel: "COSCO HAIFA",
            voyage: "118S",
            booking_number: "6413377025",
            etd: 2,
            eta: 12,
            si: 1,
            vgm: 1,
            free_days: 7,
            transhipment: None,
        },
        None,
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use gendan_domain::shipment::{BookingState, ContainerNumber};
    use gendan_store::{BookingQuery, ShipmentQuery};
    use std::collections::HashMap;

    #[test]
    fn demo_container_numbers_pass_iso_6346() {
        for (owner, serial) in [
            ("MNBU", 351208),
            ("CXRU", 154872),
            ("SUDU", 618034),
            ("CAIU", 546217),
        ] {
            let n = container_number(owner, serial).unwrap();
            assert_eq!(ContainerNumber::parse(&n).unwrap().as_str(), n);
        }
        assert!(container_number("MNB", 1).is_err());
    }

    #[tokio::test]
    async fn the_demo_has_shipments_at_every_stage_one_partial_one_combined_and_one_late() {
        let dir = tempfile::tempdir().unwrap();
        let store = gendan_store_sql::testing::fresh_store(dir.path()).await;
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0).unwrap());
        assert!(crate::demo::ensure(&store, &clock).await.unwrap());
        let st = AppState::new(
            store.clone(),
            Arc::new(ManualClock::new(clock.now())),
            WebConfig::default(),
        );

        let all = store
            .list_shipments(&ShipmentQuery {
                limit: 100,
                ..Default::default()
            })
            .await
            .unwrap();
        for k in MilestoneKind::ALL {
            assert!(
                all.iter().any(|s| s.stage == k.as_str()),
                "no shipment at {}: {:?}",
                k.as_str(),
                all.iter().map(|s| &s.stage).collect::<Vec<_>>()
            );
        }
        let mut combined = 0;
        let mut shipments_of: HashMap<Uuid, usize> = HashMap::new();
        let mut reefer: Vec<String> = Vec::new();
        for s in &all {
            let v = shipments::shipment_view(&st, s.id).await.unwrap();
            if v.combined {
                combined += 1;
                assert_eq!(v.instructions.len(), 2);
                assert_ne!(v.instructions[0].contract_id, v.instructions[1].contract_id);
            }
            for i in &v.instructions {
                *shipments_of.entry(i.id).or_default() += 1;
            }
            reefer.extend(v.reefer.iter().map(|r| r.status.clone()));
            for k in &v.containers {
                assert!(!k.container.seals.is_empty(), "{} has a seal", k.container.number);
                if v.stage != "booked" && v.stage != "empty_picked_up" {
                    let vgm = k.container.vgm.as_ref().expect("a VGM once stuffed");
                    assert!(vgm.dunnage_kg >= Decimal::ZERO && vgm.dunnage_kg <= Decimal::from(200));
                    assert!(vgm.verified_gross_kg <= k.max_gross_kg.unwrap());
                }
            }
            if v.stage == "released" {
                assert!(v.bl_number.is_some() && v.invoice_number.is_some());
                assert_eq!(v.advices.len(), 1);
                assert!(v.advices[0].to.contains('@'));
                assert_eq!(v.tracking_links.len(), 1);
                assert!(v.tracking_links[0].valid);
            }
            if v.stage == "transhipped" {
                assert_eq!(v.on_time, Some(false));
                assert_eq!(
                    v.confirmation.as_ref().unwrap().transhipment_port.as_deref(),
                    Some("SGSIN")
                );
            }
        }
        assert_eq!(combined, 1, "one combined shipment");
        assert_eq!(
            shipments_of.values().filter(|n| **n == 2).count(),
            1,
            "one instruction ships in two shipments"
        );
        assert_eq!(reefer.iter().filter(|s| *s == "differs").count(), 1, "{reefer:?}");
        assert!(
            reefer.iter().all(|s| s == "matches" || s == "differs"),
            "{reefer:?}"
        );

        let otd = shipments::on_time_delivery(&st).await.unwrap();
        assert!(otd.shipped >= 4, "{otd:?}");
        assert_eq!(otd.late.len(), 1, "{otd:?}");
        assert_eq!(otd.late[0].days_late, 1);
        assert!(otd.rate_pct.unwrap() < Decimal::from(100));

        let codes: Vec<String> = shipments::alerts(&st)
            .await
            .unwrap()
            .into_iter()
            .map(|(_, a)| a.code)
            .collect();
        for c in ["si_cutoff_tomorrow", "not_ready", "vgm_missing"] {
            assert!(codes.iter().any(|x| x == c), "no {c} alert: {codes:?}");
        }

        let bookings = store
            .list_bookings(&BookingQuery {
                limit: 100,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(
            bookings
                .iter()
                .filter(|b| b.state == BookingState::Requested)
                .count(),
            1
        );
        assert_eq!(bookings.len(), all.len() + 1);

        let link = shipments::tracking_link_for_token(&st, DEMO_TRACKING_TOKEN)
            .await
            .unwrap();
        assert_eq!(link.documents, vec!["shipping_advice".to_string()]);

        let report = store.verify_audit_chain().await.unwrap();
        assert!(report.first_broken.is_none(), "{report:?}");
    }
}
