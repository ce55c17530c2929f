//! The view model: plain, already formatted strings, printed as given.

use serde::{Deserialize, Serialize};

/// A bilingual sales contract (销售合同), ready to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ContractDocument {
    /// Contract number, e.g. `SC-2026-0007`.
    pub number: String,
    /// 1 = the original; above 1 the document shows "Amendment N / 第N次修改" with N = revision − 1.
    pub revision: u32,
    /// Date of the contract, formatted, e.g. `2026-11-30`.
    pub date: String,
    /// Where the contract is signed, e.g. `Yantai, China`.
    pub place_of_signing: Option<String>,
    /// The seller; also the letterhead.
    pub seller: PartyBlock,
    /// The buyer.
    pub buyer: PartyBlock,
    /// The consignee, when it is not the buyer.
    pub consignee: Option<PartyBlock>,
    /// The notify party.
    pub notify: Option<PartyBlock>,
    /// ISO 4217 code shown over the price columns, e.g. `USD`.
    pub currency: String,
    /// The price term shown over the price columns, e.g.
    /// `CIF Rotterdam, Netherlands (Incoterms® 2020)`.
    pub price_term: String,
    /// The goods.
    pub lines: Vec<ContractLine>,
    /// Total quantities, one per unit, e.g. `["1,800 CTNS", "21,600.000 KGS"]`.
    pub total_quantities: Vec<String>,
    /// Total amount with currency, e.g. `USD 43,200.00`.
    pub total_amount: String,
    /// The total in English words, e.g. `SAY US DOLLARS FORTY-THREE THOUSAND TWO HUNDRED ONLY`.
    pub amount_in_words_en: String,
    /// The total in Chinese capitals (大写), for CNY, e.g. `人民币肆万叁仟贰佰元整`.
    pub amount_in_words_zh: Option<String>,
    /// Numbered clauses.
    pub terms: Vec<Term>,
    /// The seller's bank accounts for payment.
    pub bank_accounts: Vec<BankBlock>,
    /// The seller's logo (PNG, JPEG, GIF, WebP or SVG bytes).
    pub logo_png: Option<Vec<u8>>,
    /// The seller's stamp, printed over the seller's signature (PNG with transparency is best).
    pub stamp_png: Option<Vec<u8>>,
    /// Who signs for the seller, e.g. `Wang Li, General Manager`.
    pub seller_signatory: Option<String>,
    /// Who signs for the buyer.
    pub buyer_signatory: Option<String>,
}

/// A party as printed: names and ready-made lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PartyBlock {
    /// Name in English (or the party's own language in Latin script).
    pub name_en: String,
    /// Name in Chinese.
    pub name_zh: Option<String>,
    /// Address, one printed line each.
    pub address_lines: Vec<String>,
    /// Telephone, e-mail, contact person, one printed line each.
    pub contact_lines: Vec<String>,
}

/// One line of goods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ContractLine {
    /// Line number as printed.
    pub no: u32,
    /// Description in English.
    pub description_en: String,
    /// Description in Chinese (品名).
    pub description_zh: Option<String>,
    /// Specification (size, grade, …).
    pub spec: Option<String>,
    /// HS code, e.g. `0808.10.00`.
    pub hs_code: Option<String>,
    /// Packing, e.g. `Carton, 18 kg net`.
    pub packing: Option<String>,
    /// Quantity, formatted, e.g. `1,800`.
    pub quantity: String,
    /// Unit, e.g. `CTNS`.
    pub unit: String,
    /// Unit price, formatted, without currency, e.g. `24.00`.
    pub unit_price: String,
    /// Line amount, formatted, without currency, e.g. `43,200.00`.
    pub amount: String,
}

/// A numbered clause. `text` may contain Chinese and newlines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Term {
    /// Label in English, e.g. `Payment`.
    pub label_en: String,
    /// Label in Chinese, e.g. `付款条件`.
    pub label_zh: String,
    /// The clause.
    pub text: String,
}

/// A bank account the buyer pays into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct BankBlock {
    /// Account holder.
    pub beneficiary: String,
    /// Bank name.
    pub bank_name: String,
    /// Bank address.
    pub bank_address: Option<String>,
    /// Account number or IBAN, formatted.
    pub account_no: String,
    /// SWIFT / BIC.
    pub swift: Option<String>,
    /// Currency of the account.
    pub currency: Option<String>,
}
