//! §2.3 Parties and addresses (UCP 600 art. 14(j), 14(k), 18(a); ISBP 745/821 C2, E, L5;
//! URC 522 art. 4(b)(3)).
//!
//! Party names are compared after the §0 normalisation (ISBP A1: `CO., LTD.` = `COMPANY
//! LIMITED`, `.`, `,`, `&`/`AND` ignored) and then exactly: ISBP A23 (misspellings) is not
//! applied to names. The comparison walks both names word by word without building the
//! normalised strings (it agrees with `text::same_company`, see the tests).

use gendan_domain::document_set::{BillOfLading, Credit, Party};

use crate::{Ctx, Hit, Outcome, Rule, Severity, not_applicable};

// ---------------------------------------------------------------------------------------
// Name comparison without allocation.

/// One word of a name after the ISBP A1 normalisation: the written-out form of an
/// abbreviation, or the word as written (compared case-insensitively).
#[derive(Clone, Copy)]
enum Word<'a> {
    Fixed(&'static str),
    Written(&'a str),
    /// Initials written with dots (`B.V.`), equal to the letters without them.
    Dotted(&'a str),
}

fn abbreviation(w: &str) -> Option<&'static str> {
    const TABLE: [(&str, &str); 7] = [
        ("CO", "COMPANY"),
        ("LTD", "LIMITED"),
        ("INT'L", "INTERNATIONAL"),
        ("INTL", "INTERNATIONAL"),
        ("CORP", "CORPORATION"),
        ("IND", "INDUSTRY"),
        ("NO", "NUMBER"),
    ];
    TABLE
        .iter()
        .find(|(a, _)| w.eq_ignore_ascii_case(a))
        .map(|(_, full)| *full)
}

fn is_name_separator(c: char) -> bool {
    c.is_whitespace() || c == ',' || c == '&'
}

/// `B.V.`, `N.V.`, `S.A.`: single letters written with dots, one word (= `BV`).
fn dotted_initials(token: &str) -> bool {
    token.contains('.')
        && token.split('.').filter(|p| !p.is_empty()).count() > 1
        && token.split('.').all(|p| p.chars().count() <= 1)
}

/// The words of a name or free text as `text::company` reads them.
fn name_words(s: &str) -> impl Iterator<Item = Word<'_>> {
    s.split(is_name_separator).flat_map(|token| {
        let dotted = dotted_initials(token);
        let parts: Box<dyn Iterator<Item = &str>> = if dotted {
            Box::new(std::iter::once(token))
        } else {
            Box::new(token.split('.'))
        };
        parts
            .filter(|w| !w.is_empty() && !w.eq_ignore_ascii_case("AND"))
            .map(move |w| match abbreviation(w) {
                Some(full) => Word::Fixed(full),
                None if dotted => Word::Dotted(w),
                None => Word::Written(w),
            })
    })
}

fn word_str(w: Word<'_>) -> &str {
    match w {
        Word::Fixed(s) | Word::Written(s) | Word::Dotted(s) => s,
    }
}

fn same_word(a: Word<'_>, b: Word<'_>) -> bool {
    if matches!(a, Word::Dotted(_)) || matches!(b, Word::Dotted(_)) {
        let letters = |w: Word<'_>| {
            word_str(w)
                .chars()
                .filter(|c| *c != '.')
                .flat_map(char::to_uppercase)
                .collect::<Vec<char>>()
        };
        return letters(a) == letters(b);
    }
    let (a, b) = (word_str(a), word_str(b));
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.chars()
            .flat_map(char::to_uppercase)
            .eq(b.chars().flat_map(char::to_uppercase))
    }
}

/// Two names (or two free texts) are equal after the §0 normalisation.
fn same_name(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    same_words(name_words(a), name_words(b))
}

fn same_words<'x, 'y>(mut x: impl Iterator<Item = Word<'x>>, mut y: impl Iterator<Item = Word<'y>>) -> bool {
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if same_word(p, q) => {}
            _ => return false,
        }
    }
}

/// The text names this party: the whole text is the name, or the text is written as
/// "NAME, ADDRESS" / "NAME, CITY" (or NAME and a line break) and its part before the first
/// comma is the name. Not any leading words: "ROTTERDAM" or "ROTTERDAM FRESH" is not
/// "ROTTERDAM FRESH IMPORT B.V.".
fn names_party(text: &str, name: &str) -> bool {
    if name_words(name).next().is_none() {
        return false;
    }
    if same_name(text, name) {
        return true;
    }
    let head = text.split([',', '\n', '\r']).next().unwrap_or("");
    same_name(head, name)
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// An ISO 3166 alpha-2 code as written on a party, upper case, or the code of a country
/// written out in full (`NETHERLANDS`).
fn country_code(s: &str) -> Option<String> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    if t.len() == 2 {
        return Some(t.to_ascii_uppercase());
    }
    let n = crate::text::norm(t);
    let n = n.strip_prefix("THE ").unwrap_or(&n);
    gendan_domain::country::CountryCode::all()
        .find(|c| gendan_domain::country::country_name(*c).eq_ignore_ascii_case(n))
        .map(|c| c.as_str().to_string())
        .or_else(|| Some(n.to_string()))
}

fn same_country(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    country_code(a) == country_code(b)
}

// ---------------------------------------------------------------------------------------
// INV-ISSUER

/// INV-ISSUER: the commercial invoice must appear to have been issued by the beneficiary
/// (under a credit) or the seller of the contract: the issuer's name is compared with the
/// credit's beneficiary, else the contract's seller, after normalisation. UCP 600 art.
/// 18(a)(i); ISBP 745 C2.
static INV_ISSUER: Rule = Rule {
    id: "INV-ISSUER",
    severity: Severity::Blocking,
    title_en: "Invoice not issued by the beneficiary / seller",
    title_zh: "发票出票人与受益人（卖方）不符",
    source: "UCP 600 art. 18(a)(i); ISBP 745 C2",
    run: inv_issuer,
};

fn inv_issuer(cx: &Ctx) -> Outcome {
    let inv = &cx.set.invoice;
    let (expected, path, who_en, who_zh) = match cx.lc() {
        Some(lc) => (
            &lc.beneficiary.name,
            "lc.beneficiary.name",
            "the credit's beneficiary",
            "信用证受益人",
        ),
        None => (
            &cx.set.contract.seller.name,
            "contract.seller.name",
            "the contract's seller",
            "合同卖方",
        ),
    };
    if blank(expected) {
        return not_applicable(
            format!("No name for {who_en} ({path})."),
            format!("{who_zh}名称缺失（{path}）。"),
        );
    }
    let mut hits = Vec::new();
    if !same_name(&inv.issuer.name, expected) {
        hits.push(
            Hit::new(
                format!(
                    "The invoice is issued by \"{}\", not by {who_en} \"{expected}\".",
                    inv.issuer.name
                ),
                format!("发票出票人“{}”与{who_zh}“{expected}”不符。", inv.issuer.name),
            )
            .field("invoice.issuer.name", Some(&inv.issuer.name))
            .field(path, Some(expected)),
        );
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// INV-BUYER

/// INV-BUYER: the invoice must be made out in the name of the applicant (under a credit)
/// or the contract's buyer, names compared after normalisation ("CO., LTD." = "COMPANY
/// LIMITED"). UCP 600 art. 18(a)(ii).
static INV_BUYER: Rule = Rule {
    id: "INV-BUYER",
    severity: Severity::Blocking,
    title_en: "Invoice not made out to the applicant / buyer",
    title_zh: "发票抬头与申请人（买方）不符",
    source: "UCP 600 art. 18(a)(ii)",
    run: inv_buyer,
};

fn inv_buyer(cx: &Ctx) -> Outcome {
    let inv = &cx.set.invoice;
    let (expected, path, who_en, who_zh) = match cx.lc() {
        Some(lc) => (
            &lc.applicant.name,
            "lc.applicant.name",
            "the credit's applicant",
            "信用证申请人",
        ),
        None => (
            &cx.set.contract.buyer.name,
            "contract.buyer.name",
            "the contract's buyer",
            "合同买方",
        ),
    };
    if blank(expected) {
        return not_applicable(
            format!("No name for {who_en} ({path})."),
            format!("{who_zh}名称缺失（{path}）。"),
        );
    }
    let mut hits = Vec::new();
    if !same_name(&inv.buyer.name, expected) {
        hits.push(
            Hit::new(
                format!(
                    "The invoice is made out to \"{}\", not to {who_en} \"{expected}\".",
                    inv.buyer.name
                ),
                format!("发票抬头“{}”与{who_zh}“{expected}”不符。", inv.buyer.name),
            )
            .field("invoice.buyer.name", Some(&inv.buyer.name))
            .field(path, Some(expected)),
        );
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// X-ADDRESS-COUNTRY

/// X-ADDRESS-COUNTRY: the beneficiary's and the applicant's addresses on the documents
/// need not be those of the credit (street and city may differ), but the country must be
/// the same. A party is recognised by its name; the B/L consignee and notify party are
/// excluded (BL-CONSIGNEE / BL-NOTIFY judge them strictly). Without a credit the
/// contract's seller and buyer are the reference (§0 applicability). UCP 600 art. 14(j).
static ADDRESS_COUNTRY: Rule = Rule {
    id: "X-ADDRESS-COUNTRY",
    severity: Severity::Blocking,
    title_en: "Beneficiary / applicant shown in another country",
    title_zh: "受益人/申请人地址所在国家不符",
    source: "UCP 600 art. 14(j)",
    run: address_country,
};

struct Reference<'a> {
    party: &'a Party,
    path: &'static str,
    role_en: &'static str,
    role_zh: &'static str,
}

fn address_country(cx: &Ctx) -> Outcome {
    let refs: [Reference; 2] = match cx.lc() {
        Some(lc) => [
            Reference {
                party: &lc.beneficiary,
                path: "lc.beneficiary",
                role_en: "beneficiary",
                role_zh: "受益人",
            },
            Reference {
                party: &lc.applicant,
                path: "lc.applicant",
                role_en: "applicant",
                role_zh: "申请人",
            },
        ],
        None => [
            Reference {
                party: &cx.set.contract.seller,
                path: "contract.seller",
                role_en: "seller",
                role_zh: "卖方",
            },
            Reference {
                party: &cx.set.contract.buyer,
                path: "contract.buyer",
                role_en: "buyer",
                role_zh: "买方",
            },
        ],
    };
    if refs
        .iter()
        .all(|r| blank(&r.party.country) || blank(&r.party.name))
    {
        return not_applicable(
            "Neither the beneficiary nor the applicant (seller / buyer) shows a country.",
            "受益人与申请人（卖方/买方）均未注明国家。",
        );
    }

    let mut hits = Vec::new();
    let mut check = |party: &Party, path: &dyn Fn() -> String| {
        if blank(&party.name) || blank(&party.country) {
            return;
        }
        // Only a party shown in another country than a reference party can fire, so the
        // (cheap) country test comes before the name test.
        let Some(r) = refs.iter().find(|r| {
            !blank(&r.party.country)
                && !party.country.trim().eq_ignore_ascii_case(r.party.country.trim())
                && same_name(&party.name, &r.party.name)
                && !same_country(&party.country, &r.party.country)
        }) else {
            return;
        };
        let p = path();
        hits.push(
            Hit::new(
                format!(
                    "{p} shows the {} \"{}\" in {} (\"{}\"), but {} places it in {}.",
                    r.role_en, party.name, party.country, party.address, r.path, r.party.country
                ),
                format!(
                    "{p} 所示{}“{}”的国家为 {}（“{}”），与 {} 所载国家 {} 不符。",
                    r.role_zh, party.name, party.country, party.address, r.path, r.party.country
                ),
            )
            .field(format!("{p}.country"), Some(&party.country))
            .field(format!("{}.country", r.path), Some(&r.party.country))
            .tolerance("art. 14(j): street and city may differ, the country may not"),
        );
    };

    let set = cx.set;
    let inv = &set.invoice;
    check(&inv.issuer, &|| "invoice.issuer".into());
    check(&inv.buyer, &|| "invoice.buyer".into());
    if let Some(pl) = &set.packing_list {
        check(&pl.issuer, &|| "packing_list.issuer".into());
    }
    for (i, bl) in set.bills_of_lading.iter().enumerate() {
        check(&bl.shipper, &|| format!("bills_of_lading[{i}].shipper"));
    }
    if let Some(co) = &set.certificate_of_origin {
        check(&co.exporter, &|| "certificate_of_origin.exporter".into());
        check(&co.consignee, &|| "certificate_of_origin.consignee".into());
    }
    if let Some(ph) = &set.phytosanitary_certificate {
        check(&ph.exporter, &|| "phytosanitary_certificate.exporter".into());
        check(&ph.consignee, &|| "phytosanitary_certificate.consignee".into());
    }
    if let Some(sa) = &set.shipping_advice {
        check(&sa.to, &|| "shipping_advice.to".into());
    }
    if let Some(d) = &set.draft {
        check(&d.drawer, &|| "draft.drawer".into());
        check(&d.drawee, &|| "draft.drawee".into());
    }
    if let Some(ci) = &set.collection_instruction {
        check(&ci.principal, &|| "collection_instruction.principal".into());
        check(&ci.drawee, &|| "collection_instruction.drawee".into());
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// BL-CONSIGNEE

/// BL-CONSIGNEE: the B/L consignee as the credit's 46A wording requires it (`TO ORDER OF
/// <issuing bank>`), else as the contract instructs ("TO ORDER" for a collection); fires
/// when different after normalisation ("TO THE ORDER OF" = "TO ORDER OF"). UCP 600 art.
/// 14(d); ISBP 745 E (consignee).
static BL_CONSIGNEE: Rule = Rule {
    id: "BL-CONSIGNEE",
    severity: Severity::Blocking,
    title_en: "B/L consignee not as the credit / contract requires",
    title_zh: "提单收货人与信用证/合同要求不符",
    source: "UCP 600 art. 14(d); ISBP 745 E (consignee)",
    run: bl_consignee,
};

/// The words of a consignee wording as `text::company` reads them, with "TO THE ORDER OF"
/// read as "TO ORDER OF".
fn consignee_words(s: &str) -> impl Iterator<Item = Word<'_>> {
    let mut head = name_words(s).map(word_str);
    let the = head.next().is_some_and(|w| w.eq_ignore_ascii_case("TO"))
        && head.next().is_some_and(|w| w.eq_ignore_ascii_case("THE"))
        && head.next().is_some_and(|w| w.eq_ignore_ascii_case("ORDER"));
    name_words(s)
        .enumerate()
        .filter(move |(i, _)| !(the && *i == 1))
        .map(|(_, w)| w)
}

fn same_consignee(a: &str, b: &str) -> bool {
    a == b || same_words(consignee_words(a), consignee_words(b))
}

fn bl_consignee(cx: &Ctx) -> Outcome {
    if cx.set.bills_of_lading.is_empty() {
        return not_applicable("No bill of lading.", "无提单。");
    }
    let lc_wording = cx
        .lc()
        .and_then(|lc| lc.bl_consignee_required.as_deref())
        .filter(|s| !blank(s));
    let (required, path, src_en, src_zh) = match lc_wording {
        Some(w) => (w, "lc.bl_consignee_required", "the credit", "信用证"),
        None => match cx
            .set
            .contract
            .bl_consignee_instruction
            .as_deref()
            .filter(|s| !blank(s))
        {
            Some(w) => (w, "contract.bl_consignee_instruction", "the contract", "合同"),
            None => {
                return not_applicable(
                    "Neither the credit nor the contract says how the B/L is to be consigned.",
                    "信用证和合同均未规定提单收货人。",
                );
            }
        },
    };
    let mut hits = Vec::new();
    for (i, bl) in cx.set.bills_of_lading.iter().enumerate() {
        if !same_consignee(&bl.consignee, required) {
            hits.push(
                Hit::new(
                    format!(
                        "B/L {} is consigned \"{}\"; {src_en} requires \"{required}\".",
                        bl.number, bl.consignee
                    ),
                    format!(
                        "提单 {} 收货人为“{}”，{src_zh}要求“{required}”。",
                        bl.number, bl.consignee
                    ),
                )
                .field(format!("bills_of_lading[{i}].consignee"), Some(&bl.consignee))
                .field(path, Some(required)),
            );
        }
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// BL-NOTIFY

/// BL-NOTIFY: the B/L notify party as the credit states it, name, address and contact
/// details included (the art. 14(j) exception: applicant details as consignee or notify
/// party on a transport document must be as stated in the credit). Compared after the §0
/// normalisation only; the country field, where both show one, must agree. Only under a
/// credit that names a notify party. UCP 600 art. 14(j).
static BL_NOTIFY: Rule = Rule {
    id: "BL-NOTIFY",
    severity: Severity::Blocking,
    title_en: "B/L notify party not as stated in the credit",
    title_zh: "提单通知方与信用证规定不符",
    source: "UCP 600 art. 14(j)",
    run: bl_notify,
};

fn bl_notify(cx: &Ctx) -> Outcome {
    let Some(lc) = cx.lc() else {
        return not_applicable(
            "No letter of credit: no notify party is prescribed.",
            "无信用证，未规定通知方。",
        );
    };
    let Some(want) = lc.bl_notify_required.as_ref().filter(|p| !blank(&p.name)) else {
        return not_applicable(
            "The credit does not state a notify party.",
            "信用证未规定通知方。",
        );
    };
    if cx.set.bills_of_lading.is_empty() {
        return not_applicable("No bill of lading.", "无提单。");
    }
    let mut hits = Vec::new();
    for (i, bl) in cx.set.bills_of_lading.iter().enumerate() {
        let Some(notify) = bl.notify.as_ref().filter(|p| !blank(&p.name)) else {
            hits.push(
                Hit::new(
                    format!(
                        "B/L {} shows no notify party; the credit requires \"{}\".",
                        bl.number, want.name
                    ),
                    format!("提单 {} 未显示通知方，信用证要求“{}”。", bl.number, want.name),
                )
                .field(format!("bills_of_lading[{i}].notify"), None::<&str>)
                .field("lc.bl_notify_required.name", Some(&want.name)),
            );
            continue;
        };
        if !same_name(&notify.name, &want.name) {
            hits.push(
                Hit::new(
                    format!(
                        "B/L {} notify party is \"{}\"; the credit requires \"{}\".",
                        bl.number, notify.name, want.name
                    ),
                    format!(
                        "提单 {} 通知方为“{}”，信用证要求“{}”。",
                        bl.number, notify.name, want.name
                    ),
                )
                .field(format!("bills_of_lading[{i}].notify.name"), Some(&notify.name))
                .field("lc.bl_notify_required.name", Some(&want.name)),
            );
        }
        if !blank(&want.address) && !same_name(&notify.address, &want.address) {
            hits.push(
                Hit::new(
                    format!(
                        "B/L {} notify address \"{}\" is not the address and contact details the credit states: \"{}\".",
                        bl.number, notify.address, want.address
                    ),
                    format!(
                        "提单 {} 通知方地址“{}”与信用证规定的地址及联系方式“{}”不一致。",
                        bl.number, notify.address, want.address
                    ),
                )
                .field(
                    format!("bills_of_lading[{i}].notify.address"),
                    Some(&notify.address),
                )
                .field("lc.bl_notify_required.address", Some(&want.address))
                .tolerance("none: art. 14(j) — notify details exactly as stated in the credit"),
            );
        }
        if !blank(&want.country) && !blank(&notify.country) && !same_country(&notify.country, &want.country) {
            hits.push(
                Hit::new(
                    format!(
                        "B/L {} notify party is in {}; the credit states {}.",
                        bl.number, notify.country, want.country
                    ),
                    format!(
                        "提单 {} 通知方国家为 {}，信用证规定为 {}。",
                        bl.number, notify.country, want.country
                    ),
                )
                .field(
                    format!("bills_of_lading[{i}].notify.country"),
                    Some(&notify.country),
                )
                .field("lc.bl_notify_required.country", Some(&want.country)),
            );
        }
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// X-CONSIGNEE-CERTS

/// X-CONSIGNEE-CERTS: the consignee on the certificate of origin and the phytosanitary
/// certificate vs the B/L consignee (ISBP 745/821 L5). B/L consigned to a named party: the
/// certificates must show that party. B/L "to order" (of shipper, of a bank, …): they may
/// show the applicant or buyer, the B/L notify party, or — under a credit — any entity
/// named in the credit except the beneficiary; any other entity fires. ISPM 12 "declared
/// name and address of the consignee".
static CONSIGNEE_CERTS: Rule = Rule {
    id: "X-CONSIGNEE-CERTS",
    severity: Severity::Blocking,
    title_en: "Certificate consignee conflicts with the B/L consignee",
    title_zh: "产地证/植检证收货人与提单收货人不符",
    source: "ISBP 745/821 L5; ISPM 12",
    run: consignee_certs,
};

/// The B/L is made out to order (`TO ORDER`, `TO ORDER OF SHIPPER`, `TO THE ORDER OF
/// <bank>`, `ORDER`).
fn is_order_bl(consignee: &str) -> bool {
    let mut w = name_words(consignee).map(word_str);
    match w.next() {
        Some(first) if first.eq_ignore_ascii_case("ORDER") => true,
        Some(first) if first.eq_ignore_ascii_case("TO") => {
            let second = w.next().unwrap_or("");
            second.eq_ignore_ascii_case("ORDER")
                || (second.eq_ignore_ascii_case("THE")
                    && w.next().is_some_and(|t| t.eq_ignore_ascii_case("ORDER")))
        }
        _ => false,
    }
}

/// The party after "TO (THE) ORDER OF", if any ("SHIPPER" included).
fn order_party(consignee: &str) -> Option<&str> {
    let upper_at = |needle: &str| {
        consignee
            .as_bytes()
            .windows(needle.len())
            .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    };
    let i = upper_at("ORDER OF ")?;
    let rest = consignee[i + "ORDER OF ".len()..].trim();
    (!rest.is_empty()).then_some(rest)
}

/// Entities an order-B/L certificate may show as consignee, with where they come from.
fn allowed_entities<'a>(cx: &Ctx<'a>, bl: &'a BillOfLading) -> Vec<(&'a str, &'static str)> {
    let mut v: Vec<(&'a str, &'static str)> = Vec::with_capacity(8);
    if let Some(lc) = cx.lc() {
        v.push((&lc.applicant.name, "lc.applicant"));
    }
    v.push((&cx.set.contract.buyer.name, "contract.buyer"));
    if let Some(n) = &bl.notify {
        v.push((&n.name, "notify"));
    }
    if let Some(lc) = cx.lc() {
        credit_entities(lc, &mut v);
    }
    v.retain(|(n, _)| !blank(n));
    v
}

/// The entities named in the credit (other than applicant and beneficiary).
fn credit_entities<'a>(lc: &'a Credit, v: &mut Vec<(&'a str, &'static str)>) {
    if let Some(b) = lc.issuing_bank.as_deref() {
        v.push((b, "lc.issuing_bank"));
    }
    if let Some(d) = &lc.draft {
        v.push((&d.drawee, "lc.draft.drawee"));
    }
    if let Some(n) = &lc.bl_notify_required {
        v.push((&n.name, "lc.bl_notify_required"));
    }
    if let Some(p) = lc.bl_consignee_required.as_deref().and_then(order_party) {
        v.push((p, "lc.bl_consignee_required"));
    }
}

/// The certificate shows this entity: the same name, or the entity is written as
/// "NAME, PLACE" and the certificate shows NAME (the whole NAME, not its first words).
fn shows(cert_name: &str, entity: &str) -> bool {
    same_name(cert_name, entity) || names_party(entity, cert_name)
}

fn consignee_certs(cx: &Ctx) -> Outcome {
    let set = cx.set;
    let mut certs: [Option<(&Party, &'static str, &'static str)>; 2] = [None, None];
    if let Some(co) = &set.certificate_of_origin {
        certs[0] = Some((&co.consignee, "certificate_of_origin", "原产地证"));
    }
    if let Some(ph) = &set.phytosanitary_certificate {
        certs[1] = Some((&ph.consignee, "phytosanitary_certificate", "植物检疫证书"));
    }
    if certs.iter().flatten().all(|(p, _, _)| blank(&p.name)) {
        return not_applicable(
            "No certificate of origin or phytosanitary certificate showing a consignee.",
            "无注明收货人的原产地证或植物检疫证书。",
        );
    }
    if set.bills_of_lading.is_empty() {
        return not_applicable("No bill of lading.", "无提单。");
    }
    let beneficiary = match cx.lc() {
        Some(lc) => &lc.beneficiary.name,
        None => &set.contract.seller.name,
    };
    let mut hits = Vec::new();
    for (i, bl) in set.bills_of_lading.iter().enumerate() {
        let order = is_order_bl(&bl.consignee);
        let allowed = if order {
            allowed_entities(cx, bl)
        } else {
            Vec::new()
        };
        for (party, key, key_zh) in certs.iter().flatten() {
            if blank(&party.name) {
                continue;
            }
            let hit = if !order {
                let ok = match bl.consignee_party.as_ref().filter(|p| !blank(&p.name)) {
                    Some(p) => same_name(&party.name, &p.name),
                    None => names_party(&bl.consignee, &party.name),
                };
                (!ok).then(|| {
                    Hit::new(
                        format!(
                            "The {} shows \"{}\" as consignee, but B/L {} is consigned to \"{}\": a certificate must show the named consignee (ISBP L5).",
                            key.replace('_', " "), party.name, bl.number, bl.consignee
                        ),
                        format!(
                            "{key_zh}收货人为“{}”，而提单 {} 记名收货人为“{}”，证书须显示该记名收货人（ISBP L5）。",
                            party.name, bl.number, bl.consignee
                        ),
                    )
                })
            } else {
                let is_beneficiary = !blank(beneficiary) && same_name(&party.name, beneficiary);
                let ok = !is_beneficiary && allowed.iter().any(|(e, _)| shows(&party.name, e));
                (!ok).then(|| {
                    let (why_en, why_zh) = if is_beneficiary {
                        ("it is the beneficiary / seller", "该方为受益人/卖方")
                    } else {
                        (
                            "it is neither the applicant / buyer, the notify party, nor an entity named in the credit",
                            "该方既非申请人/买方、通知方，也非信用证所列的其他当事人",
                        )
                    };
                    Hit::new(
                        format!(
                            "The {} shows \"{}\" as consignee; B/L {} is to order (\"{}\") and {why_en} (ISBP L5).",
                            key.replace('_', " "), party.name, bl.number, bl.consignee
                        ),
                        format!(
                            "{key_zh}收货人为“{}”；提单 {} 为指示提单（“{}”），{why_zh}（ISBP L5）。",
                            party.name, bl.number, bl.consignee
                        ),
                    )
                })
            };
            if let Some(h) = hit {
                hits.push(
                    h.field(format!("{key}.consignee.name"), Some(&party.name))
                        .field(format!("bills_of_lading[{i}].consignee"), Some(&bl.consignee)),
                );
            }
        }
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// BL-SHIPPER-THIRD-PARTY

/// BL-SHIPPER-THIRD-PARTY: a B/L shipper other than the beneficiary, under a credit that
/// excludes UCP 600 art. 14(k). Without the exclusion a third-party shipper is allowed and
/// the rule does not apply. UCP 600 art. 14(k).
static SHIPPER_THIRD_PARTY: Rule = Rule {
    id: "BL-SHIPPER-THIRD-PARTY",
    severity: Severity::Blocking,
    title_en: "Third-party shipper although the credit excludes art. 14(k)",
    title_zh: "信用证排除第14(k)条，提单托运人却非受益人",
    source: "UCP 600 art. 14(k)",
    run: shipper_third_party,
};

fn shipper_third_party(cx: &Ctx) -> Outcome {
    let Some(lc) = cx.lc() else {
        return not_applicable(
            "No letter of credit: a third-party shipper is a matter for the contract.",
            "无信用证，第三方托运人不受此条约束。",
        );
    };
    if !lc.excludes_art_14k {
        return not_applicable(
            "The credit does not exclude art. 14(k): a third-party shipper is allowed.",
            "信用证未排除第14(k)条，允许第三方作托运人。",
        );
    }
    if cx.set.bills_of_lading.is_empty() {
        return not_applicable("No bill of lading.", "无提单。");
    }
    let mut hits = Vec::new();
    for (i, bl) in cx.set.bills_of_lading.iter().enumerate() {
        if !same_name(&bl.shipper.name, &lc.beneficiary.name) {
            hits.push(
                Hit::new(
                    format!(
                        "B/L {} shows \"{}\" as shipper; the credit excludes art. 14(k), so the shipper must be the beneficiary \"{}\".",
                        bl.number, bl.shipper.name, lc.beneficiary.name
                    ),
                    format!(
                        "提单 {} 托运人为“{}”；信用证排除第14(k)条，托运人须为受益人“{}”。",
                        bl.number, bl.shipper.name, lc.beneficiary.name
                    ),
                )
                .field(
                    format!("bills_of_lading[{i}].shipper.name"),
                    Some(&bl.shipper.name),
                )
                .field("lc.beneficiary.name", Some(&lc.beneficiary.name))
                .field("lc.excludes_art_14k", Some(true)),
            );
        }
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// COL-DRAWEE

/// COL-DRAWEE: the drawee on the collection instruction and on the draft must be the
/// contract's buyer (names after normalisation), and the instruction must give the
/// drawee's full postal address (a street or number, a place, a country). URC 522 art.
/// 4(b)(3).
static COL_DRAWEE: Rule = Rule {
    id: "COL-DRAWEE",
    severity: Severity::Blocking,
    title_en: "Collection drawee not the buyer, or address incomplete",
    title_zh: "托收付款人与买方不符或地址不全",
    source: "URC 522 art. 4(b)(3)",
    run: col_drawee,
};

/// A full postal address: not empty, with a number (street number or post code), at least
/// three words (street, place), and a country.
fn full_postal_address(p: &Party) -> bool {
    let a = p.address.trim();
    !a.is_empty()
        && a.bytes().any(|b| b.is_ascii_digit())
        && a.split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .count()
            >= 3
        && !blank(&p.country)
}

fn col_drawee(cx: &Ctx) -> Outcome {
    let Some(ci) = &cx.set.collection_instruction else {
        return not_applicable("No collection instruction.", "无托收委托书。");
    };
    let buyer = &cx.set.contract.buyer;
    let mut hits = Vec::new();
    if !same_name(&ci.drawee.name, &buyer.name) {
        hits.push(
            Hit::new(
                format!(
                    "The collection instruction names \"{}\" as drawee; the contract's buyer is \"{}\".",
                    ci.drawee.name, buyer.name
                ),
                format!(
                    "托收委托书付款人为“{}”，合同买方为“{}”。",
                    ci.drawee.name, buyer.name
                ),
            )
            .field("collection_instruction.drawee.name", Some(&ci.drawee.name))
            .field("contract.buyer.name", Some(&buyer.name)),
        );
    }
    if let Some(d) = &cx.set.draft
        && !same_name(&d.drawee.name, &buyer.name)
    {
        hits.push(
            Hit::new(
                format!(
                    "The draft is drawn on \"{}\"; the collection instruction's drawee and the contract's buyer is \"{}\".",
                    d.drawee.name, buyer.name
                ),
                format!(
                    "汇票付款人为“{}”，应为合同买方（托收付款人）“{}”。",
                    d.drawee.name, buyer.name
                ),
            )
            .field("draft.drawee.name", Some(&d.drawee.name))
            .field("collection_instruction.drawee.name", Some(&ci.drawee.name))
            .field("contract.buyer.name", Some(&buyer.name)),
        );
    }
    if !full_postal_address(&ci.drawee) {
        hits.push(
            Hit::new(
                format!(
                    "The collection instruction does not give the drawee's full postal address (\"{}\", country \"{}\"): URC 522 art. 4(b)(3) requires it.",
                    ci.drawee.address, ci.drawee.country
                ),
                format!(
                    "托收委托书未载明付款人完整地址（“{}”，国家“{}”），URC 522 第4(b)(3)条要求完整地址。",
                    ci.drawee.address, ci.drawee.country
                ),
            )
            .field("collection_instruction.drawee.address", Some(&ci.drawee.address))
            .field("collection_instruction.drawee.country", Some(&ci.drawee.country)),
        );
    }
    Outcome::Checked(hits)
}

pub(crate) static RULES: &[&Rule] = &[
    &INV_ISSUER,
    &INV_BUYER,
    &ADDRESS_COUNTRY,
    &BL_CONSIGNEE,
    &BL_NOTIFY,
    &CONSIGNEE_CERTS,
    &SHIPPER_THIRD_PARTY,
    &COL_DRAWEE,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::same_company;

    #[test]
    fn same_name_agrees_with_text_same_company() {
        let names = [
            "Yantai Golden Orchard Co., Ltd.",
            "YANTAI GOLDEN ORCHARD COMPANY LIMITED",
            "Yantai Golden Orchards Co., Ltd.",
            "Smith & Sons Int'l Corp",
            "SMITH AND SONS INTERNATIONAL CORPORATION",
            "ROTTERDAM FRESH IMPORT B.V.",
            "rotterdam  fresh\nimport b.v.",
            "ROTTERDAM FRESH IMPORT BV",
            "Müller Obst GmbH",
            "MÜLLER OBST GMBH",
            "",
            "NO. 88 GUOYUAN ROAD",
            "NUMBER 88 GUOYUAN ROAD",
        ];
        for a in names {
            for b in names {
                assert_eq!(same_name(a, b), same_company(a, b), "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn consignee_wordings() {
        let req = "TO ORDER OF NEDERLANDSE HANDELSBANK N.V., ROTTERDAM";
        assert!(same_consignee(req, req));
        assert!(same_consignee(
            "to the order of Nederlandse Handelsbank N.V.  Rotterdam",
            req
        ));
        assert!(!same_consignee("TO ORDER OF NEDERLANDSE HANDELSBANK N.V.", req));
        assert!(!same_consignee("TO THE BUYER", "TO BUYER"));
        assert!(same_consignee("TO ORDER", "to order"));
    }

    #[test]
    fn order_bills_and_their_order_party() {
        assert!(is_order_bl("TO ORDER"));
        assert!(is_order_bl("to the order of Nederlandse Handelsbank N.V."));
        assert!(is_order_bl("TO ORDER OF SHIPPER"));
        assert!(!is_order_bl("ROTTERDAM FRESH IMPORT B.V."));
        assert_eq!(
            order_party("TO ORDER OF NEDERLANDSE HANDELSBANK N.V., ROTTERDAM"),
            Some("NEDERLANDSE HANDELSBANK N.V., ROTTERDAM")
        );
        assert_eq!(order_party("TO ORDER"), None);
        assert!(shows(
            "NEDERLANDSE HANDELSBANK N.V.",
            "NEDERLANDSE HANDELSBANK N.V., ROTTERDAM"
        ));
        let buyer = "ROTTERDAM FRESH IMPORT B.V.";
        assert!(shows("Rotterdam Fresh Import BV", buyer));
        assert!(!shows("ROTTERDAM", buyer));
        assert!(!shows("ROTTERDAM FRESH", buyer));
        assert!(!shows("NEDERLANDSE", "NEDERLANDSE HANDELSBANK N.V., ROTTERDAM"));
        assert!(names_party(
            "ROTTERDAM FRESH IMPORT B.V.\nMAASHAVEN OOSTZIJDE 12",
            buyer
        ));
        assert!(!names_party(
            "ROTTERDAM FRESH IMPORT B.V., MAASHAVEN",
            "ROTTERDAM"
        ));
    }

    #[test]
    fn countries_and_addresses() {
        assert!(same_country("nl", "NL"));
        assert!(same_country("NETHERLANDS", "NL"));
        assert!(!same_country("BE", "NL"));
        let p = |a: &str, c: &str| Party {
            name: "X".into(),
            address: a.into(),
            country: c.into(),
        };
        assert!(full_postal_address(&p(
            "MAASHAVEN OOSTZIJDE 12, 3072 HR ROTTERDAM",
            "NL"
        )));
        assert!(!full_postal_address(&p("ROTTERDAM", "NL")));
        assert!(!full_postal_address(&p("MAASHAVEN OOSTZIJDE 12, ROTTERDAM", "")));
    }
}
