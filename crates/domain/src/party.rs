//! Parties (往来单位): customers, consignees, notify parties, forwarders, carriers, banks,
//! couriers and suppliers, with addresses, contacts and notes.

use crate::audit::FieldValues;
use crate::bic::Bic;
use crate::country::CountryCode;
use crate::error::ValidationErrors;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// What a party is to us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PartyKind {
    /// 客户 (buyer)
    Customer,
    /// 收货人
    Consignee,
    /// 通知人
    NotifyParty,
    /// 货代
    Forwarder,
    /// 船公司
    Carrier,
    /// 银行 (remitting or collecting bank); carries a SWIFT BIC.
    Bank,
    /// 快递 (DHL, TNT, FedEx, UPS, EMS, SF)
    Courier,
    /// 供应商 / 生产加工企业 (orchards, packing houses, factories)
    Supplier,
}

impl PartyKind {
    pub const ALL: [PartyKind; 8] = [
        PartyKind::Customer,
        PartyKind::Consignee,
        PartyKind::NotifyParty,
        PartyKind::Forwarder,
        PartyKind::Carrier,
        PartyKind::Bank,
        PartyKind::Courier,
        PartyKind::Supplier,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            PartyKind::Customer => "customer",
            PartyKind::Consignee => "consignee",
            PartyKind::NotifyParty => "notify_party",
            PartyKind::Forwarder => "forwarder",
            PartyKind::Carrier => "carrier",
            PartyKind::Bank => "bank",
            PartyKind::Courier => "courier",
            PartyKind::Supplier => "supplier",
        }
    }

    pub fn parse(s: &str) -> Option<PartyKind> {
        PartyKind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// Consignees and notify parties may belong to a customer.
    pub fn may_belong_to_customer(&self) -> bool {
        matches!(self, PartyKind::Consignee | PartyKind::NotifyParty)
    }
}

impl fmt::Display for PartyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A postal address. The country decides customs, certificates and banks, so it is an
/// ISO 3166-1 code, never free text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    /// e.g. `registered`, `warehouse`, `billing`; free text.
    pub label: Option<String>,
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub country: CountryCode,
}

/// A person to reach at the party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// WeChat, WhatsApp, Telegram … handle, e.g. `WhatsApp +31 6 1234 5678`.
    pub messenger: Option<String>,
}

/// A party's validated content: everything a user edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartyData {
    pub kind: PartyKind,
    /// Name in Chinese script (中文名称).
    pub name_zh: Option<String>,
    /// Name in Latin script as printed on documents.
    pub name_latin: Option<String>,
    /// SWIFT BIC, banks only.
    pub bic: Option<Bic>,
    /// For consignees and notify parties: the customer they belong to.
    pub customer_id: Option<Uuid>,
    pub addresses: Vec<Address>,
    pub contacts: Vec<Contact>,
    pub notes: String,
}

/// A stored party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Party {
    pub id: Uuid,
    /// Optimistic-concurrency version, 1 on creation, +1 on every change.
    pub version: i64,
    #[serde(flatten)]
    pub data: PartyData,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl PartyData {
    /// The name shown in lists: Latin if present, else Chinese.
    pub fn display_name(&self) -> &str {
        self.name_latin
            .as_deref()
            .or(self.name_zh.as_deref())
            .unwrap_or("")
    }

    /// The key lists sort by.
    pub fn sort_name(&self) -> String {
        self.display_name().to_lowercase()
    }

    /// Flattened for the audit trail.
    pub fn field_values(&self) -> FieldValues {
        let mut f = FieldValues::new();
        let mut opt = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                f.insert(k.to_string(), v.clone());
            }
        };
        opt("name_zh", &self.name_zh);
        opt("name_latin", &self.name_latin);
        opt("bic", &self.bic.as_ref().map(|b| b.to_string()));
        opt("customer_id", &self.customer_id.map(|c| c.to_string()));
        f.insert("kind".into(), self.kind.to_string());
        if !self.notes.is_empty() {
            f.insert("notes".into(), self.notes.clone());
        }
        for (i, a) in self.addresses.iter().enumerate() {
            let p = |k: &str| format!("addresses[{i}].{k}");
            let mut put = |k: &str, v: Option<&str>| {
                if let Some(v) = v {
                    f.insert(p(k), v.to_string());
                }
            };
            put("label", a.label.as_deref());
            put("line1", Some(&a.line1));
            put("line2", a.line2.as_deref());
            put("city", Some(&a.city));
            put("region", a.region.as_deref());
            put("postal_code", a.postal_code.as_deref());
            put("country", Some(a.country.as_str()));
        }
        for (i, c) in self.contacts.iter().enumerate() {
            let p = |k: &str| format!("contacts[{i}].{k}");
            let mut put = |k: &str, v: Option<&str>| {
                if let Some(v) = v {
                    f.insert(p(k), v.to_string());
                }
            };
            put("name", Some(&c.name));
            put("email", c.email.as_deref());
            put("phone", c.phone.as_deref());
            put("messenger", c.messenger.as_deref());
        }
        f
    }
}

/// Party input as a user or API client sends it: plain strings, validated as a whole by
/// [`PartyInput::validate`], which reports every bad field at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartyInput {
    /// customer, consignee, notify_party, forwarder, carrier, bank, courier, supplier
    pub kind: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    #[serde(default)]
    pub name_latin: Option<String>,
    #[serde(default)]
    pub bic: Option<String>,
    #[serde(default)]
    pub customer_id: Option<Uuid>,
    #[serde(default)]
    pub addresses: Vec<AddressInput>,
    #[serde(default)]
    pub contacts: Vec<ContactInput>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddressInput {
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub line1: String,
    #[serde(default)]
    pub line2: Option<String>,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2
    #[serde(default)]
    pub country: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub messenger: Option<String>,
}

/// Longest name we accept (B/L and invoice boxes hold far less).
pub const MAX_NAME: usize = 200;
const MAX_LINE: usize = 200;
const MAX_NOTES: usize = 10_000;

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Trim; empty becomes `None`.
fn clean(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

fn check_text(errs: &mut ValidationErrors, field: &str, v: &str, max: usize, multiline: bool) {
    if v.chars().count() > max {
        errs.push(field, "too_long", format!("must be at most {max} characters"));
    }
    if v.chars()
        .any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\r' || c == '\t')))
    {
        errs.push(field, "control_characters", "must not contain control characters");
    }
}

/// A plausible e-mail address: one `@`, a local part, a domain with a dot, no spaces.
pub fn is_plausible_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && s.len() <= 254
}

impl PartyInput {
    /// Validate everything and return the party's content, or every field error.
    pub fn validate(&self) -> Result<PartyData, ValidationErrors> {
        let mut errs = ValidationErrors::new();
        let kind = PartyKind::parse(&self.kind);
        if kind.is_none() {
            errs.push(
                "kind",
                "invalid_choice",
                format!(
                    "`{}` is not a party kind; use one of {}",
                    self.kind,
                    PartyKind::ALL.map(|k| k.as_str()).join(", ")
                ),
            );
        }
        let name_zh = clean(&self.name_zh);
        let name_latin = clean(&self.name_latin);
        if name_zh.is_none() && name_latin.is_none() {
            errs.push(
                "name_latin",
                "required",
                "a name in Chinese or Latin script is required",
            );
        }
        if let Some(n) = &name_zh {
            check_text(&mut errs, "name_zh", n, MAX_NAME, false);
            if !n.chars().any(is_cjk) {
                errs.push(
                    "name_zh",
                    "not_chinese",
                    "must contain Chinese characters; put a Latin name in name_latin",
                );
            }
        }
        if let Some(n) = &name_latin {
            check_text(&mut errs, "name_latin", n, MAX_NAME, false);
            if n.chars().any(is_cjk) {
                errs.push(
                    "name_latin",
                    "not_latin",
                    "must be in Latin script; put a Chinese name in name_zh",
                );
            }
        }
        let bic = match clean(&self.bic) {
            None => {
                if kind == Some(PartyKind::Bank) {
                    errs.push("bic", "required", "a bank needs its SWIFT BIC (ISO 9362)");
                }
                None
            }
            Some(b) => {
                if kind.is_some() && kind != Some(PartyKind::Bank) {
                    errs.push("bic", "not_allowed", "only banks carry a SWIFT BIC");
                }
                match Bic::parse(&b) {
                    Ok(b) => Some(b),
                    Err(e) => {
                        errs.push("bic", "invalid_bic", format!("`{b}` {e}"));
                        None
                    }
                }
            }
        };
        if self.customer_id.is_some() && kind.is_some_and(|k| !k.may_belong_to_customer()) {
            errs.push(
                "customer_id",
                "not_allowed",
                "only consignees and notify parties belong to a customer",
            );
        }
        let mut addresses = Vec::new();
        for (i, a) in self.addresses.iter().enumerate() {
            let f = |k: &str| format!("addresses[{i}].{k}");
            let line1 = a.line1.trim().to_string();
            let city = a.city.trim().to_string();
            if line1.is_empty() {
                errs.push(f("line1"), "required", "the street address is required");
            }
            if city.is_empty() {
                errs.push(f("city"), "required", "the city is required");
            }
            for (k, v) in [("line1", Some(&line1)), ("city", Some(&city))]
                .into_iter()
                .chain([
                    ("label", a.label.as_ref()),
                    ("line2", a.line2.as_ref()),
                    ("region", a.region.as_ref()),
                    ("postal_code", a.postal_code.as_ref()),
                ])
            {
                if let Some(v) = v {
                    check_text(&mut errs, &f(k), v, MAX_LINE, false);
                }
            }
            let country = match CountryCode::parse(&a.country) {
                Ok(c) => Some(c),
                Err(e) => {
                    let code = if a.country.trim().is_empty() {
                        "required"
                    } else {
                        "invalid_country"
                    };
                    errs.push(f("country"), code, format!("`{}` {e}", a.country));
                    None
                }
            };
            if let Some(country) = country {
                addresses.push(Address {
                    label: clean(&a.label),
                    line1,
                    line2: clean(&a.line2),
                    city,
                    region: clean(&a.region),
                    postal_code: clean(&a.postal_code),
                    country,
                });
            }
        }
        let mut contacts = Vec::new();
        for (i, c) in self.contacts.iter().enumerate() {
            let f = |k: &str| format!("contacts[{i}].{k}");
            let name = c.name.trim().to_string();
            if name.is_empty() {
                errs.push(f("name"), "required", "the contact's name is required");
            }
            check_text(&mut errs, &f("name"), &name, MAX_NAME, false);
            let email = clean(&c.email);
            if let Some(e) = &email
                && !is_plausible_email(e)
            {
                errs.push(
                    f("email"),
                    "invalid_email",
                    format!("`{e}` is not an e-mail address"),
                );
            }
            let phone = clean(&c.phone);
            if let Some(p) = &phone
                && (!p.chars().all(|ch| ch.is_ascii_digit() || " +-().".contains(ch))
                    || p.chars().filter(|ch| ch.is_ascii_digit()).count() < 5)
            {
                errs.push(
                    f("phone"),
                    "invalid_phone",
                    format!("`{p}` is not a phone number (digits, spaces, + - ( ) only)"),
                );
            }
            let messenger = clean(&c.messenger);
            if let Some(m) = &messenger {
                check_text(&mut errs, &f("messenger"), m, MAX_LINE, false);
            }
            contacts.push(Contact {
                name,
                email,
                phone,
                messenger,
            });
        }
        let notes = self.notes.as_deref().unwrap_or("").trim().to_string();
        check_text(&mut errs, "notes", &notes, MAX_NOTES, true);
        errs.into_result()?;
        Ok(PartyData {
            kind: kind.expect("checked"),
            name_zh,
            name_latin,
            bic,
            customer_id: self.customer_id,
            addresses,
            contacts,
            notes,
        })
    }
}

impl From<&PartyData> for PartyInput {
    fn from(d: &PartyData) -> Self {
        PartyInput {
            kind: d.kind.to_string(),
            name_zh: d.name_zh.clone(),
            name_latin: d.name_latin.clone(),
            bic: d.bic.as_ref().map(|b| b.to_string()),
            customer_id: d.customer_id,
            addresses: d
                .addresses
                .iter()
                .map(|a| AddressInput {
                    label: a.label.clone(),
                    line1: a.line1.clone(),
                    line2: a.line2.clone(),
                    city: a.city.clone(),
                    region: a.region.clone(),
                    postal_code: a.postal_code.clone(),
                    country: a.country.to_string(),
                })
                .collect(),
            contacts: d
                .contacts
                .iter()
                .map(|c| ContactInput {
                    name: c.name.clone(),
                    email: c.email.clone(),
                    phone: c.phone.clone(),
                    messenger: c.messenger.clone(),
                })
                .collect(),
            notes: Some(d.notes.clone()),
        }
    }
}

/// A partial update: absent fields stay as they are; `null` clears an optional field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartyPatch {
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default, with = "double_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub name_zh: Option<Option<String>>,
    #[serde(default, with = "double_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub name_latin: Option<Option<String>>,
    #[serde(default, with = "double_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub bic: Option<Option<String>>,
    #[serde(default, with = "double_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub customer_id: Option<Option<Uuid>>,
    #[serde(default)]
    pub addresses: Option<Vec<AddressInput>>,
    #[serde(default)]
    pub contacts: Option<Vec<ContactInput>>,
    #[serde(default)]
    pub notes: Option<String>,
}

impl PartyPatch {
    /// The full input after applying this patch to `current`.
    pub fn apply(&self, current: &PartyData) -> PartyInput {
        let mut i = PartyInput::from(current);
        if let Some(k) = &self.kind {
            i.kind = k.clone();
        }
        if let Some(v) = &self.name_zh {
            i.name_zh = v.clone();
        }
        if let Some(v) = &self.name_latin {
            i.name_latin = v.clone();
        }
        if let Some(v) = &self.bic {
            i.bic = v.clone();
        }
        if let Some(v) = &self.customer_id {
            i.customer_id = *v;
        }
        if let Some(v) = &self.addresses {
            i.addresses = v.clone();
        }
        if let Some(v) = &self.contacts {
            i.contacts = v.clone();
        }
        if let Some(v) = &self.notes {
            i.notes = Some(v.clone());
        }
        i
    }
}

/// `Option<Option<T>>` that tells an absent field (`None`) from `null` (`Some(None)`).
mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(v: &Option<Option<T>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            None => s.serialize_none(),
            Some(inner) => inner.serialize(s),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bank() -> PartyInput {
        PartyInput {
            kind: "bank".into(),
            name_zh: Some("中国银行烟台分行".into()),
            name_latin: Some("Bank of China Yantai Branch".into()),
            bic: Some("bkchcnbj500".into()),
            addresses: vec![AddressInput {
                line1: "166 Jiefang Road".into(),
                city: "Yantai".into(),
                country: "cn".into(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn valid_bank_is_normalised() {
        let d = bank().validate().unwrap();
        assert_eq!(d.bic.unwrap().as_str(), "BKCHCNBJ500");
        assert_eq!(d.addresses[0].country.as_str(), "CN");
        assert_eq!(d.kind, PartyKind::Bank);
    }

    #[test]
    fn every_bad_field_is_reported() {
        let mut p = bank();
        p.bic = Some("BKCHXXBJ".into());
        p.name_latin = Some("中国银行".into());
        p.addresses[0].country = "XX".into();
        p.contacts.push(ContactInput {
            name: "".into(),
            email: Some("no-at".into()),
            ..Default::default()
        });
        let errs = p.validate().unwrap_err();
        let fields: Vec<_> = errs.0.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "bic",
            "name_latin",
            "addresses[0].country",
            "contacts[0].name",
            "contacts[0].email",
        ] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }
    }

    #[test]
    fn bank_needs_bic_and_others_refuse_it() {
        let mut p = bank();
        p.bic = None;
        assert_eq!(p.validate().unwrap_err().0[0].code, "required");
        let mut p = bank();
        p.kind = "carrier".into();
        assert_eq!(p.validate().unwrap_err().0[0].code, "not_allowed");
    }

    #[test]
    fn patch_null_clears_and_absent_keeps() {
        let d = bank().validate().unwrap();
        let patch: PartyPatch =
            serde_json::from_str(r#"{"name_zh": null, "notes": "L/C advising bank"}"#).unwrap();
        let i = patch.apply(&d);
        assert_eq!(i.name_zh, None);
        assert_eq!(i.name_latin.as_deref(), Some("Bank of China Yantai Branch"));
        assert_eq!(i.notes.as_deref(), Some("L/C advising bank"));
        assert!(serde_json::from_str::<PartyPatch>(r#"{"nmae": "x"}"#).is_err());
    }

    #[test]
    fn field_values_flatten_nested_lists() {
        let d = bank().validate().unwrap();
        let f = d.field_values();
        assert_eq!(f["addresses[0].city"], "Yantai");
        assert_eq!(f["bic"], "BKCHCNBJ500");
    }
}
