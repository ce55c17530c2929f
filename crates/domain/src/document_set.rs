//! The document set interchange format (../shared/spec/document-set.md): one JSON object
//! holding a shipment's documents — the sales contract, the letter of credit if any, and the
//! documents made or received for it. It is what a shipment's documents are exported and
//! imported as, and the input of the document cross-check (doccheck-rules.md).
//!
//! Money, quantities, weights, volumes and temperatures are decimal strings kept exactly as
//! written (`"32472.00"` keeps its two decimals); package counts and numbers of originals are
//! integers; dates are `YYYY-MM-DD`. A field a document does not show is `null`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A decimal carried as a JSON string.
mod dec {
    pub use rust_decimal::serde::str::{deserialize, serialize};
}
/// An optional decimal carried as a JSON string or `null`.
mod dec_opt {
    pub use rust_decimal::serde::str_option::{deserialize, serialize};
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub name: String,
    #[serde(default)]
    pub address: String,
    /// ISO 3166-1 alpha-2.
    #[serde(default)]
    pub country: String,
}

/// A port, or in a contract's or credit's requirement a range (`any_port_in_country`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Port {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unlocode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any_port_in_country: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incoterm {
    pub term: String,
    #[serde(default)]
    pub place: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractLine {
    pub description: String,
    #[serde(default)]
    pub hs_code: Option<String>,
    #[serde(with = "dec")]
    pub quantity: Decimal,
    pub unit: String,
    #[serde(with = "dec")]
    pub unit_price: Decimal,
    #[serde(with = "dec")]
    pub amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// `TT`, `LC`, `DP`, `DA`, `TT+DP`.
    pub method: String,
    #[serde(default, with = "dec_opt")]
    pub deposit_pct: Option<Decimal>,
    #[serde(default)]
    pub tenor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerRequirement {
    pub count: u32,
    #[serde(rename = "type")]
    pub container_type: String,
    #[serde(default, with = "dec_opt")]
    pub reefer_setpoint_c: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsuranceTerms {
    #[serde(with = "dec")]
    pub pct: Decimal,
    #[serde(default)]
    pub risks: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginRequirement {
    pub form: String,
    #[serde(default)]
    pub issuer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contract {
    pub number: String,
    pub date: NaiveDate,
    pub seller: Party,
    pub buyer: Party,
    pub currency: String,
    pub lines: Vec<ContractLine>,
    #[serde(with = "dec")]
    pub total_amount: Decimal,
    #[serde(with = "dec")]
    pub more_or_less_pct: Decimal,
    pub incoterm: Incoterm,
    #[serde(default)]
    pub port_of_loading: Option<Port>,
    #[serde(default)]
    pub port_of_discharge: Option<Port>,
    #[serde(default)]
    pub shipment_earliest: Option<NaiveDate>,
    pub shipment_latest: NaiveDate,
    /// `ALLOWED` or `NOT ALLOWED`.
    pub partial_shipments: String,
    pub payment: Payment,
    #[serde(default)]
    pub packing: Option<String>,
    #[serde(default)]
    pub marks: Option<String>,
    #[serde(default)]
    pub country_of_origin: Option<String>,
    #[serde(default)]
    pub container: Option<ContainerRequirement>,
    #[serde(default)]
    pub insurance: Option<InsuranceTerms>,
    #[serde(default)]
    pub required_co: Option<OriginRequirement>,
    #[serde(default)]
    pub required_phyto_additional_declarations: Vec<String>,
    #[serde(default)]
    pub shipping_advice_within_days: Option<u32>,
    #[serde(default)]
    pub bl_consignee_instruction: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tolerance {
    #[serde(with = "dec")]
    pub plus: Decimal,
    #[serde(with = "dec")]
    pub minus: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftTerms {
    pub tenor: String,
    pub drawee: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditGoods {
    pub description: String,
    #[serde(default, with = "dec_opt")]
    pub quantity: Option<Decimal>,
    #[serde(default)]
    pub unit: Option<String>,
    /// `ABOUT` or `null`.
    #[serde(default)]
    pub quantity_qualifier: Option<String>,
    #[serde(default)]
    pub quantity_in_packing_units: bool,
    #[serde(default, with = "dec_opt")]
    pub unit_price: Option<Decimal>,
    #[serde(default)]
    pub incoterm: Option<Incoterm>,
}

/// `{type, originals, copies}` in `documents_required`, `documents_enclosed` and
/// `presentation.documents`; `type` is `DRAFT`, `INVOICE`, `PACKING_LIST`, `BL`, `CO`,
/// `PHYTO`, `INSURANCE` or `SHIPPING_ADVICE`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentCount {
    #[serde(rename = "type")]
    pub document_type: String,
    #[serde(default)]
    pub originals: u32,
    #[serde(default)]
    pub copies: u32,
}

/// A letter of credit, MT700-like.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    pub number: String,
    pub issue_date: NaiveDate,
    pub expiry_date: NaiveDate,
    #[serde(default)]
    pub expiry_place: Option<String>,
    #[serde(default)]
    pub issuing_bank: Option<String>,
    pub applicant: Party,
    pub beneficiary: Party,
    pub currency: String,
    #[serde(with = "dec")]
    pub amount: Decimal,
    #[serde(default)]
    pub amount_qualifier: Option<String>,
    #[serde(default)]
    pub tolerance_pct: Option<Tolerance>,
    #[serde(default)]
    pub available_by: Option<String>,
    #[serde(default)]
    pub draft: Option<DraftTerms>,
    pub partial_shipments: String,
    pub transhipment: String,
    #[serde(default)]
    pub port_of_loading: Option<Port>,
    #[serde(default)]
    pub port_of_discharge: Option<Port>,
    #[serde(default)]
    pub latest_shipment_date: Option<NaiveDate>,
    #[serde(default)]
    pub shipment_period: Option<Period>,
    #[serde(default)]
    pub shipment_on_or_about: Option<NaiveDate>,
    pub goods: CreditGoods,
    #[serde(default)]
    pub documents_required: Vec<DocumentCount>,
    #[serde(default)]
    pub bl_consignee_required: Option<String>,
    #[serde(default)]
    pub bl_notify_required: Option<Party>,
    #[serde(default)]
    pub insurance_required: Option<InsuranceTerms>,
    #[serde(default)]
    pub co_required: Option<OriginRequirement>,
    /// `null`: 21 days (UCP 600 art. 14(c)).
    #[serde(default)]
    pub presentation_period_days: Option<u32>,
    #[serde(default)]
    pub excludes_art_14k: bool,
    #[serde(default)]
    pub lc_number_on_all_documents: bool,
    #[serde(default)]
    pub shipping_advice_within_days: Option<u32>,
    #[serde(default)]
    pub bank_closed_dates: Vec<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub description: String,
    #[serde(default)]
    pub hs_code: Option<String>,
    #[serde(with = "dec")]
    pub quantity: Decimal,
    pub unit: String,
    #[serde(with = "dec")]
    pub unit_price: Decimal,
    #[serde(with = "dec")]
    pub amount: Decimal,
    #[serde(default)]
    pub packages: Option<u32>,
    #[serde(default)]
    pub package_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Charge {
    pub label: String,
    #[serde(with = "dec")]
    pub amount: Decimal,
}

/// The commercial invoice (商业发票).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    pub number: String,
    pub date: NaiveDate,
    #[serde(default)]
    pub title: Option<String>,
    pub issuer: Party,
    pub buyer: Party,
    pub currency: String,
    #[serde(default)]
    pub incoterm: Option<Incoterm>,
    pub lines: Vec<InvoiceLine>,
    #[serde(default)]
    pub charges: Vec<Charge>,
    #[serde(with = "dec")]
    pub total_amount: Decimal,
    #[serde(default)]
    pub amount_in_words: Option<String>,
    #[serde(default, with = "dec_opt")]
    pub deposit_received: Option<Decimal>,
    #[serde(default, with = "dec_opt")]
    pub balance_due: Option<Decimal>,
    #[serde(default)]
    pub country_of_origin: Option<String>,
    #[serde(default)]
    pub marks: Option<String>,
    #[serde(default)]
    pub packages_total: Option<u32>,
    #[serde(default)]
    pub package_type: Option<String>,
    #[serde(default, with = "dec_opt")]
    pub net_weight_kg: Option<Decimal>,
    #[serde(default, with = "dec_opt")]
    pub gross_weight_kg: Option<Decimal>,
    #[serde(default)]
    pub port_of_loading: Option<Port>,
    #[serde(default)]
    pub port_of_discharge: Option<Port>,
    #[serde(default)]
    pub vessel: Option<String>,
    #[serde(default)]
    pub contract_number: Option<String>,
    #[serde(default)]
    pub lc_number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackingLine {
    pub description: String,
    pub packages: u32,
    #[serde(default)]
    pub package_type: Option<String>,
    #[serde(default, with = "dec_opt")]
    pub net_per_package_kg: Option<Decimal>,
    #[serde(default, with = "dec_opt")]
    pub gross_per_package_kg: Option<Decimal>,
    #[serde(default, with = "dec_opt")]
    pub net_weight_kg: Option<Decimal>,
    #[serde(default, with = "dec_opt")]
    pub gross_weight_kg: Option<Decimal>,
    #[serde(default)]
    pub container_no: Option<String>,
    /// m³ of the line's packages from their outside dimensions, when known. An addition to
    /// the format of document-set.md (a reader that does not know it ignores it).
    #[serde(default, with = "dec_opt", skip_serializing_if = "Option::is_none")]
    pub measurement_cbm: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackedContainer {
    pub number: String,
    #[serde(default)]
    pub seal: Option<String>,
    #[serde(default)]
    pub packages: Option<u32>,
    #[serde(default, with = "dec_opt")]
    pub gross_weight_kg: Option<Decimal>,
    /// m³ of the packages in the container, when known (an addition to the format).
    #[serde(default, with = "dec_opt", skip_serializing_if = "Option::is_none")]
    pub measurement_cbm: Option<Decimal>,
}

/// The packing list (装箱单).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackingList {
    pub number: String,
    pub date: NaiveDate,
    pub issuer: Party,
    #[serde(default)]
    pub invoice_number: Option<String>,
    pub lines: Vec<PackingLine>,
    pub packages_total: u32,
    #[serde(default)]
    pub package_type: Option<String>,
    #[serde(default, with = "dec_opt")]
    pub net_weight_kg: Option<Decimal>,
    #[serde(default, with = "dec_opt")]
    pub gross_weight_kg: Option<Decimal>,
    #[serde(default, with = "dec_opt")]
    pub measurement_cbm: Option<Decimal>,
    #[serde(default)]
    pub marks: Option<String>,
    #[serde(default)]
    pub containers: Vec<PackedContainer>,
    #[serde(default)]
    pub lc_number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub name: String,
    /// `CARRIER`, `MASTER`, `AGENT FOR THE CARRIER …` or empty.
    #[serde(default)]
    pub capacity: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnBoardNotation {
    pub date: NaiveDate,
    #[serde(default)]
    pub vessel: Option<String>,
    #[serde(default)]
    pub port: Option<Port>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlContainer {
    pub number: String,
    #[serde(default)]
    pub seal: Option<String>,
    #[serde(default, rename = "type")]
    pub container_type: Option<String>,
    #[serde(default)]
    pub packages: Option<u32>,
    #[serde(default, with = "dec_opt")]
    pub gross_weight_kg: Option<Decimal>,
    #[serde(default, with = "dec_opt")]
    pub reefer_setpoint_c: Option<Decimal>,
}

/// A clause on the B/L; `kind` is authoritative: `DEFECT`, `ON_DECK_IS`, `ON_DECK_MAY`,
/// `SLAC`, `STC`, `TRANSHIP_RESERVE`, `OTHER`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clause {
    pub text: String,
    pub kind: String,
}

/// A bill of lading (提单), draft or final, as received from the forwarder or carrier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillOfLading {
    pub number: String,
    #[serde(default)]
    pub carrier: Option<String>,
    #[serde(default)]
    pub signed_by: Option<Signature>,
    /// `SHIPPED` or `RECEIVED`.
    #[serde(rename = "type")]
    pub bl_type: String,
    pub issue_date: NaiveDate,
    #[serde(default)]
    pub on_board_notation: Option<OnBoardNotation>,
    pub shipper: Party,
    pub consignee: String,
    #[serde(default)]
    pub consignee_party: Option<Party>,
    #[serde(default)]
    pub notify: Option<Party>,
    #[serde(default)]
    pub vessel: Option<String>,
    #[serde(default)]
    pub voyage: Option<String>,
    #[serde(default)]
    pub intended_vessel: bool,
    #[serde(default)]
    pub port_of_loading: Option<Port>,
    #[serde(default)]
    pub port_of_discharge: Option<Port>,
    #[serde(default)]
    pub transhipment: bool,
    #[serde(default)]
    pub port_of_transhipment: Option<Port>,
    #[serde(default)]
    pub goods_description: Option<String>,
    #[serde(default)]
    pub packages_total: Option<u32>,
    #[serde(default)]
    pub package_type: Option<String>,
    #[serde(default, with = "dec_opt")]
    pub gross_weight_kg: Option<Decimal>,
    #[serde(default, with = "dec_opt")]
    pub measurement_cbm: Option<Decimal>,
    #[serde(default)]
    pub containers: Vec<BlContainer>,
    #[serde(default)]
    pub marks: Option<String>,
    /// `PREPAID` or `COLLECT`.
    #[serde(default)]
    pub freight: Option<String>,
    #[serde(default)]
    pub clauses: Vec<Clause>,
    #[serde(default)]
    pub originals_issued: Option<u32>,
    #[serde(default)]
    pub originals_presented: Option<u32>,
    #[serde(default)]
    pub lc_number: Option<String>,
}

impl BillOfLading {
    /// The date of shipment: the on-board notation's date, else the issue date (UCP 600
    /// art. 20(a)(ii)).
    pub fn shipment_date(&self) -> NaiveDate {
        self.on_board_notation
            .as_ref()
            .map(|n| n.date)
            .unwrap_or(self.issue_date)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transport {
    #[serde(default)]
    pub vessel: Option<String>,
    #[serde(default)]
    pub voyage: Option<String>,
    #[serde(default)]
    pub port_of_loading: Option<Port>,
    #[serde(default)]
    pub port_of_discharge: Option<Port>,
}

/// The certificate of origin (原产地证), as applied for or as issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateOfOrigin {
    #[serde(default)]
    pub number: Option<String>,
    pub form: String,
    #[serde(default)]
    pub issuer: Option<String>,
    #[serde(default)]
    pub issue_date: Option<NaiveDate>,
    pub exporter: Party,
    pub consignee: Party,
    pub country_of_origin: String,
    pub goods_description: String,
    #[serde(default)]
    pub hs_code: Option<String>,
    #[serde(default)]
    pub packages_total: Option<u32>,
    #[serde(default)]
    pub package_type: Option<String>,
    #[serde(default, with = "dec_opt")]
    pub gross_weight_kg: Option<Decimal>,
    #[serde(default, with = "dec_opt")]
    pub net_weight_kg: Option<Decimal>,
    #[serde(default)]
    pub marks: Option<String>,
    #[serde(default)]
    pub invoice_number: Option<String>,
    #[serde(default)]
    pub invoice_date: Option<NaiveDate>,
    #[serde(default)]
    pub transport: Option<Transport>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuantityDeclared {
    #[serde(default)]
    pub packages: Option<u32>,
    #[serde(default)]
    pub package_type: Option<String>,
    #[serde(default, with = "dec_opt")]
    pub net_weight_kg: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceOfOrigin {
    pub text: String,
    #[serde(default)]
    pub country: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointOfEntry {
    pub text: String,
    #[serde(default)]
    pub unlocode: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
}

/// The phytosanitary certificate (植物检疫证书, IPPC ISPM 12), as applied for or issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhytosanitaryCertificate {
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub issuing_nppo: Option<String>,
    #[serde(default)]
    pub place_of_issue: Option<String>,
    #[serde(default)]
    pub issue_date: Option<NaiveDate>,
    #[serde(default)]
    pub inspection_date: Option<NaiveDate>,
    pub exporter: Party,
    pub consignee: Party,
    pub name_of_produce: String,
    pub quantity_declared: QuantityDeclared,
    #[serde(default)]
    pub botanical_name: Option<String>,
    #[serde(default)]
    pub distinguishing_marks: Option<String>,
    #[serde(default)]
    pub place_of_origin: Option<PlaceOfOrigin>,
    #[serde(default)]
    pub means_of_conveyance: Option<String>,
    #[serde(default)]
    pub point_of_entry: Option<PointOfEntry>,
    #[serde(default)]
    pub treatment: Option<String>,
    #[serde(default)]
    pub additional_declarations: Vec<String>,
}

/// The insurance certificate or policy (保险单).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsuranceCertificate {
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub issuer: Option<String>,
    #[serde(default)]
    pub issue_date: Option<NaiveDate>,
    #[serde(default)]
    pub cover_effective_date: Option<NaiveDate>,
    #[serde(default)]
    pub assured: Option<String>,
    pub currency: String,
    #[serde(with = "dec")]
    pub insured_amount: Decimal,
    #[serde(default)]
    pub risks: Vec<String>,
    #[serde(default)]
    pub from: Option<Port>,
    #[serde(default)]
    pub to: Option<Port>,
    #[serde(default)]
    pub vessel: Option<String>,
    #[serde(default)]
    pub voyage: Option<String>,
    #[serde(default)]
    pub bl_number: Option<String>,
    #[serde(default)]
    pub claims_payable_at: Option<String>,
    #[serde(default)]
    pub originals_issued: Option<u32>,
    #[serde(default)]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerSeal {
    pub number: String,
    #[serde(default)]
    pub seal: Option<String>,
}

/// The shipping advice (装船通知).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingAdvice {
    pub date: NaiveDate,
    pub to: Party,
    #[serde(default)]
    pub invoice_number: Option<String>,
    #[serde(default, with = "dec_opt")]
    pub invoice_amount: Option<Decimal>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub bl_number: Option<String>,
    #[serde(default)]
    pub vessel: Option<String>,
    #[serde(default)]
    pub voyage: Option<String>,
    #[serde(default)]
    pub etd: Option<NaiveDate>,
    #[serde(default)]
    pub eta: Option<NaiveDate>,
    #[serde(default)]
    pub port_of_loading: Option<Port>,
    #[serde(default)]
    pub port_of_discharge: Option<Port>,
    #[serde(default)]
    pub containers: Vec<ContainerSeal>,
    #[serde(default)]
    pub packages_total: Option<u32>,
    #[serde(default, with = "dec_opt")]
    pub gross_weight_kg: Option<Decimal>,
    #[serde(default, with = "dec_opt")]
    pub net_weight_kg: Option<Decimal>,
    #[serde(default)]
    pub goods_description: Option<String>,
}

/// The draft (bill of exchange, 汇票).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub number: String,
    pub date: NaiveDate,
    pub drawer: Party,
    pub drawee: Party,
    #[serde(default)]
    pub payee: Option<String>,
    pub tenor: String,
    pub currency: String,
    #[serde(with = "dec")]
    pub amount: Decimal,
    #[serde(default)]
    pub amount_in_words: Option<String>,
}

/// The export collection instruction (出口托收委托书, URC 522).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionInstruction {
    pub date: NaiveDate,
    pub remitting_bank: String,
    pub collecting_bank: String,
    pub principal: Party,
    pub drawee: Party,
    pub currency: String,
    #[serde(with = "dec")]
    pub amount: Decimal,
    /// `D/P`, `D/A` or `null`.
    #[serde(default)]
    pub release: Option<String>,
    #[serde(default)]
    pub tenor: Option<String>,
    #[serde(default)]
    pub subject_to_urc522: bool,
    #[serde(default)]
    pub documents_enclosed: Vec<DocumentCount>,
    #[serde(default)]
    pub bl_number: Option<String>,
    #[serde(default)]
    pub charges: Option<String>,
    #[serde(default)]
    pub protest: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presentation {
    pub date: NaiveDate,
    #[serde(default)]
    pub documents: Vec<DocumentCount>,
}

/// One shipment's documents (or one presentation to a bank).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSet {
    pub contract: Contract,
    #[serde(default)]
    pub lc: Option<Credit>,
    pub invoice: Invoice,
    #[serde(default)]
    pub packing_list: Option<PackingList>,
    #[serde(default)]
    pub bills_of_lading: Vec<BillOfLading>,
    #[serde(default)]
    pub certificate_of_origin: Option<CertificateOfOrigin>,
    #[serde(default)]
    pub phytosanitary_certificate: Option<PhytosanitaryCertificate>,
    #[serde(default)]
    pub insurance_certificate: Option<InsuranceCertificate>,
    #[serde(default)]
    pub shipping_advice: Option<ShippingAdvice>,
    #[serde(default)]
    pub draft: Option<Draft>,
    #[serde(default)]
    pub collection_instruction: Option<CollectionInstruction>,
    pub presentation: Presentation,
}

impl DocumentSet {
    /// The date of shipment: the latest over all B/Ls (UCP 600 art. 31(b)).
    pub fn shipment_date(&self) -> Option<NaiveDate> {
        self.bills_of_lading.iter().map(BillOfLading::shipment_date).max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLEAN: &str = include_str!("../data/document-sets/apples-cfr-lc-clean.json");

    #[test]
    fn the_clean_example_reads_and_writes_back_unchanged() {
        let set: DocumentSet = serde_json::from_str(CLEAN).expect("the example is a document set");
        assert_eq!(set.contract.number, "YGO-RFI-2025-118");
        assert_eq!(
            set.invoice.total_amount.to_string(),
            "32472.00",
            "decimals are kept"
        );
        assert!(set.lc.as_ref().unwrap().goods.quantity_in_packing_units);
        assert_eq!(set.bills_of_lading.len(), 1);
        assert!(set.shipment_date().is_some());
        // Written out and read again, nothing changes.
        let again: DocumentSet = serde_json::from_str(&serde_json::to_string(&set).unwrap()).unwrap();
        assert_eq!(again, set);
        // Every field of the original survives as written (a field left out counts as null).
        let original: serde_json::Value = serde_json::from_str(CLEAN).unwrap();
        let written = serde_json::to_value(&set).unwrap();
        same(&original, &written, "");
    }

    fn same(a: &serde_json::Value, b: &serde_json::Value, path: &str) {
        use serde_json::Value;
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                for k in x.keys().chain(y.keys()) {
                    let n = Value::Null;
                    same(
                        x.get(k).unwrap_or(&n),
                        y.get(k).unwrap_or(&n),
                        &format!("{path}.{k}"),
                    );
                }
            }
            (Value::Array(x), Value::Array(y)) => {
                assert_eq!(x.len(), y.len(), "{path}");
                for (i, (p, q)) in x.iter().zip(y).enumerate() {
                    same(p, q, &format!("{path}[{i}]"));
                }
            }
            _ => assert_eq!(a, b, "{path}"),
        }
    }

    #[test]
    fn a_decimal_as_a_number_is_refused() {
        let mut v: serde_json::Value = serde_json::from_str(CLEAN).unwrap();
        v["invoice"]["total_amount"] = serde_json::json!(32472.0);
        // A float would lose exactness; the format wants strings.
        assert!(serde_json::from_value::<DocumentSet>(v).is_err());
    }
}
