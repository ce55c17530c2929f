//! Interface text in zh-CN and English from Fluent catalogues (`locales/*/main.ftl`).
//! A test checks that both catalogues have the same keys.

use axum::http::HeaderMap;
use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static LOADER = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The interface languages, the default first.
pub const LOCALES: [&str; 2] = ["zh-CN", "en"];

/// Text lookups in one language.
#[derive(Debug, Clone)]
pub struct I18n {
    lang: LanguageIdentifier,
    /// `zh-CN` or `en`.
    pub code: &'static str,
}

impl I18n {
    pub fn new(code: &str) -> Self {
        if code.eq_ignore_ascii_case("en") || code.to_ascii_lowercase().starts_with("en-") {
            Self {
                lang: langid!("en"),
                code: "en",
            }
        } else {
            Self {
                lang: langid!("zh-CN"),
                code: "zh-CN",
            }
        }
    }

    /// The message for `key`; the key itself if the catalogue lacks it (a test forbids that).
    pub fn t(&self, key: &str) -> String {
        LOADER
            .try_lookup(&self.lang, key)
            .unwrap_or_else(|| key.to_string())
    }

    /// The message for `key`, or `None`.
    pub fn try_t(&self, key: &str) -> Option<String> {
        LOADER.try_lookup(&self.lang, key)
    }

    /// `key` with `{ $name }` arguments.
    pub fn t_args(&self, key: &str, args: &[(&'static str, String)]) -> String {
        let map: std::collections::HashMap<
            std::borrow::Cow<'static, str>,
            fluent_templates::fluent_bundle::FluentValue,
        > = args
            .iter()
            .map(|(k, v)| (std::borrow::Cow::Borrowed(*k), v.clone().into()))
            .collect();
        LOADER
            .try_lookup_with_args(&self.lang, key, &map)
            .unwrap_or_else(|| key.to_string())
    }

    /// A translated API error code (`error-<code>`), falling back to the English detail.
    pub fn error(&self, code: &str, detail: &str) -> String {
        self.try_t(&format!("error-{code}"))
            .unwrap_or_else(|| detail.to_string())
    }

    /// A translated validation code (`invalid-<code>`) with the English detail after it.
    pub fn field_error(&self, code: &str, message: &str) -> String {
        match self.try_t(&format!("invalid-{code}")) {
            Some(t) if self.code == "en" => format!("{t}: {message}"),
            Some(t) => format!("{t}（{message}）"),
            None => message.to_string(),
        }
    }

    /// The other language, for the switch.
    pub fn other(&self) -> &'static str {
        if self.code == "en" { "zh-CN" } else { "en" }
    }
}

/// The language of a signed-out visitor: the language cookie, else `Accept-Language`,
/// else Chinese.
pub fn from_headers(headers: &HeaderMap) -> I18n {
    if let Some(c) = crate::auth::cookie(headers, crate::auth::LANG_COOKIE) {
        return I18n::new(c);
    }
    let accept = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let first = accept.split(',').next().unwrap_or("").trim();
    if first.to_ascii_lowercase().starts_with("en") {
        I18n::new("en")
    } else {
        I18n::new("zh-CN")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(ftl: &str) -> BTreeSet<String> {
        ftl.lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
            .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
            .collect()
    }

    #[test]
    fn both_languages_have_the_same_keys() {
        let en = keys(include_str!("../locales/en/main.ftl"));
        let zh = keys(include_str!("../locales/zh-CN/main.ftl"));
        let only_en: Vec<_> = en.difference(&zh).collect();
        let only_zh: Vec<_> = zh.difference(&en).collect();
        assert!(
            only_en.is_empty() && only_zh.is_empty(),
            "only in en: {only_en:?}; only in zh-CN: {only_zh:?}"
        );
        assert!(en.len() > 50);
    }

    #[test]
    fn every_key_used_in_code_and_templates_exists() {
        let en = keys(include_str!("../locales/en/main.ftl"));
        let mut sources = String::new();
        for dir in ["src", "src/pages", "templates"] {
            let d = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            for e in std::fs::read_dir(d).unwrap() {
                let p = e.unwrap().path();
                if p.is_file() {
                    sources.push_str(&std::fs::read_to_string(p).unwrap());
                }
            }
        }
        let mut missing = BTreeSet::new();
        for (i, _) in sources.match_indices(".t(\"") {
            let rest = &sources[i + 4..];
            let key = &rest[..rest.find('"').unwrap()];
            if !en.contains(key) {
                missing.insert(key.to_string());
            }
        }
        assert!(
            missing.is_empty(),
            "keys used but not in the catalogues: {missing:?}"
        );
    }

    /// The second argument of every `errs.push(field, "code", …)` and
    /// `ValidationErrors::single(field, "code", …)` call, and every `code: "…"` literal.
    fn emitted_codes(src: &str) -> Vec<String> {
        let mut out = Vec::new();
        for pat in ["errs.push(", "::single("] {
            for (i, _) in src.match_indices(pat) {
                let rest = &src[i + pat.len()..];
                let mut depth = 0;
                let mut comma = None;
                for (k, ch) in rest.char_indices() {
                    match ch {
                        '(' => depth += 1,
                        ')' if depth == 0 => break,
                        ')' => depth -= 1,
                        ',' if depth == 0 => {
                            comma = Some(k);
                            break;
                        }
                        _ => {}
                    }
                }
                let Some(k) = comma else { continue };
                let after = rest[k + 1..].trim_start();
                if let Some(lit) = after.strip_prefix('"') {
                    out.push(lit[..lit.find('"').unwrap()].to_string());
                }
            }
        }
        for (i, _) in src.match_indices("code: \"") {
            let lit = &src[i + 7..];
            out.push(lit[..lit.find('"').unwrap()].to_string());
        }
        out
    }

    /// Keys the code builds at run time (`kind-…`, `role-…`, …) exist in both languages.
    #[test]
    fn every_dynamic_key_family_is_complete() {
        use gendan_domain::party::PartyKind;
        use gendan_domain::role::Role;
        let mut keys: Vec<String> = Vec::new();
        keys.extend(PartyKind::ALL.iter().map(|k| format!("kind-{}", k.as_str())));
        keys.extend(Role::ALL.iter().map(|r| format!("role-{}", r.as_str())));
        keys.extend(
            ["create", "update", "delete", "revoke"]
                .iter()
                .map(|a| format!("action-{a}")),
        );
        keys.extend(
            [
                "label",
                "line1",
                "line2",
                "city",
                "region",
                "postal_code",
                "country",
            ]
            .iter()
            .map(|f| format!("address-{f}")),
        );
        keys.extend(
            ["name", "email", "phone", "messenger"]
                .iter()
                .map(|f| format!("contact-{f}")),
        );
        {
            use gendan_domain::contract::{ContractAction, ContractState, QuantityUnit};
            use gendan_domain::documents::DocumentKind;
            use gendan_domain::letter_of_credit::AvailableBy;
            use gendan_domain::product::PackageKind;
            keys.extend(PackageKind::ALL.iter().map(|k| format!("package-{}", k.as_str())));
            keys.extend(QuantityUnit::ALL.iter().map(|u| format!("unit-{}", u.as_str())));
            keys.extend(ContractState::ALL.iter().map(|s| format!("state-{}", s.as_str())));
            keys.extend(ContractAction::ALL.iter().map(|a| format!("step-{}", a.as_str())));
            keys.extend(
                ContractAction::ALL
                    .iter()
                    .map(|a| format!("action-{}", a.as_str())),
            );
            keys.push("step-create".into());
            keys.push("step-edit".into());
            keys.extend(DocumentKind::ALL.iter().map(|k| format!("doc-{}", k.as_str())));
            keys.extend(
                AvailableBy::ALL
                    .iter()
                    .map(|a| format!("available-{}", a.as_str())),
            );
            keys.extend(
                gendan_domain::payment::METHOD_KINDS
                    .iter()
                    .map(|m| format!("method-{m}")),
            );
            keys.extend(
                gendan_domain::payment::TRIGGER_KINDS
                    .iter()
                    .map(|t| format!("trigger-{t}")),
            );
            keys.extend(crate::trade::SEND_VIA.iter().map(|v| format!("via-{v}")));
            keys.extend(
                [
                    "beneficiary",
                    "bank_name",
                    "bank_address",
                    "account_no",
                    "swift",
                    "currency",
                ]
                .iter()
                .map(|f| format!("bank-{f}")),
            );
            keys.extend(["products", "customers"].iter().map(|k| format!("imports-{k}")));
            keys.extend(
                crate::dispatches::KINDS
                    .iter()
                    .map(|k| format!("dispatch-kind-{k}")),
            );
            keys.extend(
                ["prepared", "sent", "received", "accepted", "paid", "returned"]
                    .iter()
                    .map(|k| format!("dispatch-state-{k}")),
            );
            keys.extend(
                gendan_domain::receivable::AgingBucket::ALL
                    .iter()
                    .map(|b| format!("aging-{}", b.as_str())),
            );
            keys.push("aging-settled".into());
            keys.extend(
                [
                    "contract_confirmed",
                    "production_start",
                    "bl_date",
                    "copy_bl_sent",
                    "documents_presented",
                    "acceptance",
                    "arrival",
                ]
                .iter()
                .map(|b| format!("basis-{b}")),
            );
            keys.extend(
                gendan_domain::receivable::open_reasons(false, false, rust_decimal::Decimal::ONE)
                    .iter()
                    .map(|r| format!("open-{r}")),
            );
            keys.extend(
                [
                    "contract",
                    "instruction",
                    "production",
                    "booking",
                    "shipment",
                    "document",
                    "cross_check",
                    "dispatch",
                    "receivable",
                    "reminder",
                ]
                .iter()
                .map(|s| format!("wt-stage-{s}")),
            );
        }
        // Every validation code the domain and the web layer emit.
        let mut sources = String::new();
        for f in [
            "../domain/src/sales_contract.rs",
            "../domain/src/profile.rs",
            "../domain/src/letter_of_credit.rs",
            "../domain/src/company.rs",
            "../domain/src/documents.rs",
            "../domain/src/payment.rs",
            "../domain/src/incoterm.rs",
            "src/trade.rs",
            "src/api/trade.rs",
            "../domain/src/party.rs",
            "src/api/parties.rs",
            "src/api/auth.rs",
            "src/api/audit.rs",
            "src/api/json.rs",
            "src/pages/loadplan.rs",
            "../domain/src/receivable.rs",
            "../domain/src/dispatch.rs",
            "src/receivables.rs",
            "src/dispatches.rs",
        ] {
            sources.push_str(
                &std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(f)).unwrap(),
            );
        }
        for code in emitted_codes(&sources).into_iter().filter(|c| !c.contains('.')) {
            keys.push(format!("invalid-{code}"));
        }
        // The load planner: its validation codes, container types, binding limits and the
        // codes of its warnings.
        let planner = |f: &str| {
            std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../loadplan/src")
                    .join(f),
            )
            .unwrap()
        };
        let model = planner("model.rs").replace("errors.push(", "errs.push(");
        let planner_codes = emitted_codes(&model);
        assert!(
            planner_codes.iter().any(|c| c == "does_not_fit"),
            "planner codes were found"
        );
        keys.extend(planner_codes.iter().map(|c| format!("invalid-{c}")));
        keys.extend(
            gendan_loadplan::container_types()
                .iter()
                .map(|t| format!("container-{}", t.code)),
        );
        keys.extend(
            ["volume", "weight", "count", "door"]
                .iter()
                .map(|l| format!("loadplan-limit-{l}")),
        );
        let mut warning_codes = Vec::new();
        for f in ["single.rs", "mixed.rs", "reefer.rs"] {
            let src = planner(f);
            for (i, _) in src.match_indices("Warning::new(") {
                let rest = src[i + "Warning::new(".len()..].trim_start();
                if let Some(lit) = rest.strip_prefix('"') {
                    warning_codes.push(lit[..lit.find('"').unwrap()].to_string());
                }
            }
        }
        assert!(
            warning_codes.iter().any(|c| c == "reefer_setting"),
            "warning codes were found"
        );
        keys.extend(warning_codes.iter().map(|c| format!("loadplan-warning-{c}")));
        assert!(
            keys.iter().any(|k| k == "invalid-invalid_bic"),
            "codes were found"
        );
        for lang in ["en", "zh-CN"] {
            let i = I18n::new(lang);
            let missing: Vec<_> = keys.iter().filter(|k| i.try_t(k).is_none()).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        }
    }

    #[test]
    fn lookups_answer_in_each_language() {
        assert_eq!(I18n::new("en").t("nav-parties"), "Parties");
        assert_eq!(I18n::new("zh-CN").t("nav-parties"), "往来单位");
        assert_eq!(
            I18n::new("en").t_args("parties-count", &[("count", "3".into())]),
            "3 parties"
        );
    }
}
