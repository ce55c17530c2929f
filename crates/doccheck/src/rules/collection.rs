//! §2.9 Collection instruction and draft (URC 522), §2.10 LC presentation and references,
//! and the two §2.6 transport rules that concern the collection: X-BL-NUMBER and
//! COL-STRAIGHT-BL.

use gendan_domain::document_set::{BillOfLading, DocumentCount, DocumentSet};

use crate::text::{cents, company, same_company};
use crate::{Ctx, Hit, Outcome, Rule, Severity, not_applicable};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// The letters and digits of a reference, uppercase: `OSLQ-DRTM 2510417` = `OSLQDRTM2510417`.
fn ref_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
}

/// Two references (B/L, invoice, credit numbers) agree once spaces, hyphens, slashes and
/// case are ignored; they do not conflict (UCP 600 art. 14(d)).
fn same_ref(a: &str, b: &str) -> bool {
    ref_chars(a).eq(ref_chars(b))
}

/// A reference field that shows something (not null, not blank).
fn shown(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|v| ref_chars(v).next().is_some())
}

/// The words of a text, uppercase, split on anything that is not a letter or digit.
fn tokens(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

fn has_word(s: &str, word: &str) -> bool {
    tokens(s).any(|w| w.eq_ignore_ascii_case(word))
}

/// Release of documents in a collection (URC 522 art. 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Release {
    /// Documents against payment (付款交单).
    Dp,
    /// Documents against acceptance (承兑交单).
    Da,
}

impl Release {
    fn en(self) -> &'static str {
        match self {
            Release::Dp => "D/P",
            Release::Da => "D/A",
        }
    }
    fn zh(self) -> &'static str {
        match self {
            Release::Dp => "付款交单（D/P）",
            Release::Da => "承兑交单（D/A）",
        }
    }
}

/// `D/P`, `DP`, `DOCUMENTS AGAINST PAYMENT` → D/P; `D/A`, `DA`, `... AGAINST ACCEPTANCE`
/// → D/A; anything else is no D/P or D/A statement.
fn release_of(s: &str) -> Option<Release> {
    let u = s.to_ascii_uppercase();
    if u.contains("D/P") || has_word(&u, "DP") || u.contains("AGAINST PAYMENT") {
        Some(Release::Dp)
    } else if u.contains("D/A") || has_word(&u, "DA") || u.contains("AGAINST ACCEPTANCE") {
        Some(Release::Da)
    } else {
        None
    }
}

/// The release the contract's payment method calls for: `DP` and `TT+DP` (deposit by
/// T/T, balance D/P) → D/P, `DA` → D/A; `TT`, `LC` → none (not a collection).
fn contract_release(method: &str) -> Option<Release> {
    let mut release = None;
    for part in method.split(['+', '/', ',', ' ']) {
        let part = part.trim();
        if part.eq_ignore_ascii_case("DP") {
            release = Some(Release::Dp);
        } else if part.eq_ignore_ascii_case("DA") {
            release = Some(Release::Da);
        }
    }
    release
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tenor {
    Sight,
    Usance,
}

/// Sight or usance. A tenor that counts days or months, or runs "after"/"from" an event or
/// to a fixed date, is usance ("30 DAYS AFTER SIGHT" is usance, not sight); "AT SIGHT",
/// "AT ***** SIGHT", "ON DEMAND" are sight. `None` when the text says neither.
fn tenor_kind(s: &str) -> Option<Tenor> {
    let mut sight = false;
    for w in tokens(s) {
        if w.bytes().any(|b| b.is_ascii_digit()) {
            return Some(Tenor::Usance);
        }
        let is = |list: &[&str]| list.iter().any(|x| w.eq_ignore_ascii_case(x));
        if is(&["DAY", "DAYS", "MONTH", "MONTHS", "AFTER", "FROM", "USANCE"]) {
            return Some(Tenor::Usance);
        }
        if is(&["SIGHT", "DEMAND", "PRESENTATION"]) {
            sight = true;
        }
    }
    sight.then_some(Tenor::Sight)
}

impl Tenor {
    fn en(self) -> &'static str {
        match self {
            Tenor::Sight => "a sight draft",
            Tenor::Usance => "a usance draft",
        }
    }
    fn zh(self) -> &'static str {
        match self {
            Tenor::Sight => "即期汇票",
            Tenor::Usance => "远期汇票",
        }
    }
}

/// A tenor in one spelling, for comparing two of them: every sight tenor is `SIGHT`;
/// a usance tenor keeps its figures and event, with `B/L` = `BILL OF LADING` = `BL`,
/// `D/S` = `DAYS AFTER SIGHT`, `FROM` = `AFTER` (UCP 600 art. 3: both exclude the date
/// mentioned when they fix a maturity), and `AT`, `THE`, `OF`, `DATE` left out.
fn tenor_key(s: &str) -> String {
    match tenor_kind(s) {
        Some(Tenor::Sight) => return "SIGHT".to_string(),
        None => return crate::text::norm(s),
        Some(Tenor::Usance) => {}
    }
    let u = s
        .to_ascii_uppercase()
        .replace("BILL OF LADING", "BL")
        .replace("B/L", "BL")
        .replace("D/S", " DAYS AFTER SIGHT ");
    let mut out = String::with_capacity(u.len());
    for w in tokens(&u) {
        let w = match w {
            "AT" | "THE" | "OF" | "DATE" | "DATED" => continue,
            "DAY" => "DAYS",
            "MONTH" => "MONTHS",
            "FROM" => "AFTER",
            w => w,
        };
        // Leading zeros do not change a figure.
        let w = if w.bytes().all(|b| b.is_ascii_digit()) {
            let t = w.trim_start_matches('0');
            if t.is_empty() { "0" } else { t }
        } else {
            w
        };
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The set's key of the document a type code names, its English and Chinese name, and
/// whether it is in the set (`None` for a type code the format does not know).
fn document_of(set: &DocumentSet, code: &str) -> (&'static str, &'static str, &'static str, Option<bool>) {
    const CODES: [&str; 8] = [
        "DRAFT",
        "INVOICE",
        "PACKING_LIST",
        "BL",
        "CO",
        "PHYTO",
        "INSURANCE",
        "SHIPPING_ADVICE",
    ];
    let code = code.trim();
    let code = CODES
        .iter()
        .find(|c| code.eq_ignore_ascii_case(c))
        .copied()
        .unwrap_or("");
    match code {
        "DRAFT" => ("draft", "draft", "汇票", Some(set.draft.is_some())),
        "INVOICE" => ("invoice", "commercial invoice", "商业发票", Some(true)),
        "PACKING_LIST" => (
            "packing_list",
            "packing list",
            "装箱单",
            Some(set.packing_list.is_some()),
        ),
        "BL" => (
            "bills_of_lading",
            "bill of lading",
            "提单",
            Some(!set.bills_of_lading.is_empty()),
        ),
        "CO" => (
            "certificate_of_origin",
            "certificate of origin",
            "原产地证",
            Some(set.certificate_of_origin.is_some()),
        ),
        "PHYTO" => (
            "phytosanitary_certificate",
            "phytosanitary certificate",
            "植物检疫证书",
            Some(set.phytosanitary_certificate.is_some()),
        ),
        "INSURANCE" => (
            "insurance_certificate",
            "insurance certificate",
            "保险单",
            Some(set.insurance_certificate.is_some()),
        ),
        "SHIPPING_ADVICE" => (
            "shipping_advice",
            "shipping advice",
            "装船通知",
            Some(set.shipping_advice.is_some()),
        ),
        _ => ("presentation", "document", "单据", None),
    }
}

fn same_type(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Originals and copies of one type over a list (entries of the same type added up), and
/// whether the list names the type at all.
fn count_of(list: &[DocumentCount], code: &str) -> (u32, u32, bool) {
    let mut n = (0, 0, false);
    for d in list.iter().filter(|d| same_type(&d.document_type, code)) {
        n.0 += d.originals;
        n.1 += d.copies;
        n.2 = true;
    }
    n
}

/// The first entry of this type in the list is at `i` (later entries of the same type
/// were added to it).
fn first_of_type(list: &[DocumentCount], i: usize) -> bool {
    !list[..i]
        .iter()
        .any(|d| same_type(&d.document_type, &list[i].document_type))
}

/// Adds the originals and copies of every entry of `code` in `list` (at `path`) to a hit.
fn count_fields(mut hit: Hit, path: &str, list: &[DocumentCount], code: &str) -> Hit {
    for (i, d) in list.iter().enumerate() {
        if same_type(&d.document_type, code) {
            hit = hit
                .field(format!("{path}[{i}].originals"), Some(d.originals))
                .field(format!("{path}[{i}].copies"), Some(d.copies));
        }
    }
    hit
}

// ---------------------------------------------------------------------------------------
// §2.6 X-BL-NUMBER
// ---------------------------------------------------------------------------------------

/// X-BL-NUMBER: the B/L number quoted on the shipping advice, the insurance certificate and
/// the collection instruction must be the number of a B/L in the set (spaces, hyphens and
/// case ignored; several numbers in one field separated by `,` `;` `&` `/` or AND, each
/// checked). One finding per document that quotes a number no B/L carries. UCP 600 art.
/// 14(d).
static BL_NUMBER: Rule = Rule {
    id: "X-BL-NUMBER",
    severity: Severity::Blocking,
    title_en: "B/L number quoted on another document differs from the B/L",
    title_zh: "其他单据所列提单号与提单不符",
    source: "UCP 600 art. 14(d)",
    run: bl_number,
};

/// The quoted text names only B/Ls of the set: one B/L number, or several separated by
/// `,`, `;`, `&`, `/` or the word AND (a number that itself holds a `/` is read whole
/// first).
fn quotes_bl_numbers(quoted: &str, bls: &[BillOfLading]) -> bool {
    let known = |p: &str| bls.iter().any(|bl| same_ref(p, &bl.number));
    if known(quoted) {
        return true;
    }
    let mut parts: Vec<String> = vec![String::new()];
    for w in quoted.split_whitespace() {
        if w.eq_ignore_ascii_case("AND") {
            parts.push(String::new());
        } else if let Some(last) = parts.last_mut() {
            last.push(' ');
            last.push_str(w);
        }
    }
    parts
        .iter()
        .flat_map(|p| p.split([',', ';', '&']))
        .filter(|p| ref_chars(p).next().is_some())
        .all(|p| known(p) || p.split('/').filter(|x| ref_chars(x).next().is_some()).all(known))
}

fn bl_number(cx: &Ctx) -> Outcome {
    let set = cx.set;
    if set.bills_of_lading.is_empty() {
        return not_applicable(
            "No bill of lading: no B/L number to compare with.",
            "无提单，无可比对的提单号。",
        );
    }
    let quoting: [(&str, &str, Option<&str>); 3] = [
        (
            "shipping_advice.bl_number",
            "装船通知",
            set.shipping_advice.as_ref().and_then(|a| shown(&a.bl_number)),
        ),
        (
            "insurance_certificate.bl_number",
            "保险单",
            set.insurance_certificate
                .as_ref()
                .and_then(|i| shown(&i.bl_number)),
        ),
        (
            "collection_instruction.bl_number",
            "托收指示",
            set.collection_instruction
                .as_ref()
                .and_then(|c| shown(&c.bl_number)),
        ),
    ];
    if quoting.iter().all(|q| q.2.is_none()) {
        return not_applicable(
            "No shipping advice, insurance certificate or collection instruction quotes a B/L number.",
            "装船通知、保险单、托收指示均未注明提单号。",
        );
    }
    let mut hits = Vec::new();
    for (path, zh_doc, quoted) in quoting {
        let Some(quoted) = quoted else { continue };
        let unknown = !quotes_bl_numbers(quoted, &set.bills_of_lading);
        if !unknown {
            continue;
        }
        let numbers = set
            .bills_of_lading
            .iter()
            .map(|b| b.number.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let doc = path.split('.').next().unwrap_or(path).replace('_', " ");
        let mut hit = Hit::new(
            format!("The {doc} quotes B/L number {quoted}; the B/L number is {numbers}."),
            format!("{zh_doc}所列提单号 {quoted} 与提单号 {numbers} 不符。"),
        )
        .field(path, Some(quoted));
        for (i, bl) in set.bills_of_lading.iter().enumerate() {
            hit = hit.field(format!("bills_of_lading[{i}].number"), Some(&bl.number));
        }
        hits.push(hit);
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// §2.6 COL-STRAIGHT-BL
// ---------------------------------------------------------------------------------------

/// COL-STRAIGHT-BL (warning): under a D/P or D/A collection (a collection instruction in the
/// set, or contract payment DP / DA / TT+DP), a straight B/L — consignee not "TO ORDER
/// [OF ...]" — consigned to the drawee (the instruction's, else the draft's, else the
/// contract buyer) lets the buyer take the goods without paying or accepting. One finding
/// per such B/L. URC 522 art. 10.
static STRAIGHT_BL: Rule = Rule {
    id: "COL-STRAIGHT-BL",
    severity: Severity::Warning,
    title_en: "Collection with a straight B/L consigned to the drawee",
    title_zh: "托收项下记名提单收货人为付款人（失去货权控制）",
    source: "URC 522 art. 10",
    run: straight_bl,
};

fn straight_bl(cx: &Ctx) -> Outcome {
    let set = cx.set;
    let collection =
        set.collection_instruction.is_some() || contract_release(&set.contract.payment.method).is_some();
    if !collection {
        return not_applicable("Not a D/P or D/A collection.", "非付款交单或承兑交单托收。");
    }
    if set.bills_of_lading.is_empty() {
        return not_applicable("No bill of lading.", "无提单。");
    }
    let (drawee, drawee_path) = if let Some(c) = &set.collection_instruction {
        (c.drawee.name.as_str(), "collection_instruction.drawee.name")
    } else if let Some(d) = &set.draft {
        (d.drawee.name.as_str(), "draft.drawee.name")
    } else {
        (set.contract.buyer.name.as_str(), "contract.buyer.name")
    };
    let drawee_key = company(drawee);
    let mut hits = Vec::new();
    for (i, bl) in set.bills_of_lading.iter().enumerate() {
        let text = bl.consignee.as_str();
        if has_word(text, "ORDER") || has_word(text, "BEARER") {
            continue;
        }
        let by_party = !drawee_key.is_empty()
            && bl
                .consignee_party
                .as_ref()
                .is_some_and(|p| same_company(&p.name, drawee));
        let by_text = !drawee_key.is_empty() && {
            let k = company(text);
            k == drawee_key
                || k.strip_prefix(drawee_key.as_str())
                    .is_some_and(|rest| rest.starts_with(' '))
        };
        if !(by_party || by_text) {
            continue;
        }
        let mut hit = Hit::new(
            format!(
                "B/L {} is a straight B/L consigned to the drawee {drawee}: the buyer can take delivery without paying or accepting; consign it \"TO ORDER\" and endorse it.",
                bl.number
            ),
            format!(
                "提单 {} 为记名提单，收货人即付款人 {drawee}：买方可不付款或不承兑即提货；应做成“凭指示”（TO ORDER）并背书。",
                bl.number
            ),
        )
        .field(format!("bills_of_lading[{i}].consignee"), Some(text));
        if let Some(p) = &bl.consignee_party {
            hit = hit.field(
                format!("bills_of_lading[{i}].consignee_party.name"),
                Some(&p.name),
            );
        }
        hits.push(hit.field(drawee_path, Some(drawee)));
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// §2.9 Collection instruction and draft (URC 522)
// ---------------------------------------------------------------------------------------

fn no_instruction() -> Outcome {
    not_applicable("No collection instruction.", "无托收指示。")
}

/// COL-URC522: the collection instruction does not state that the collection is subject to
/// URC 522. URC 522 art. 4(a)(1).
static URC522: Rule = Rule {
    id: "COL-URC522",
    severity: Severity::Blocking,
    title_en: "Collection instruction not subject to URC 522",
    title_zh: "托收指示未注明遵循《托收统一规则》（URC 522）",
    source: "URC 522 art. 4(a)(1)",
    run: urc522,
};

fn urc522(cx: &Ctx) -> Outcome {
    let Some(c) = &cx.set.collection_instruction else {
        return no_instruction();
    };
    let mut hits = Vec::new();
    if !c.subject_to_urc522 {
        hits.push(
            Hit::new(
                "The collection instruction does not state that it is subject to URC 522.",
                "托收指示未注明遵循《托收统一规则》国际商会第522号出版物（URC 522）。",
            )
            .field("collection_instruction.subject_to_urc522", Some(false)),
        );
    }
    Outcome::Checked(hits)
}

/// COL-AMOUNT: the amount to collect on the instruction vs the invoice's balance due when
/// the invoice shows one (a deposit was received), else the invoice total; compared in
/// cents, with the currency. The draft is judged by DRAFT-AMOUNT. URC 522 art. 4(b)(5).
static AMOUNT: Rule = Rule {
    id: "COL-AMOUNT",
    severity: Severity::Blocking,
    title_en: "Amount to collect differs from the invoice",
    title_zh: "托收金额与发票不符",
    source: "URC 522 art. 4(b)(5)",
    run: amount,
};

fn amount(cx: &Ctx) -> Outcome {
    let Some(c) = &cx.set.collection_instruction else {
        return no_instruction();
    };
    let inv = &cx.set.invoice;
    let (due, due_path, what_en, what_zh) = match inv.balance_due {
        Some(b) => (b, "invoice.balance_due", "balance due", "应付余额"),
        None => (inv.total_amount, "invoice.total_amount", "total", "总金额"),
    };
    let mut hits = Vec::new();
    if !c.currency.trim().eq_ignore_ascii_case(inv.currency.trim()) {
        hits.push(
            Hit::new(
                format!(
                    "The collection instruction collects in {}; the invoice is in {}.",
                    c.currency, inv.currency
                ),
                format!("托收指示币种 {} 与发票币种 {} 不符。", c.currency, inv.currency),
            )
            .field("collection_instruction.currency", Some(&c.currency))
            .field("invoice.currency", Some(&inv.currency)),
        );
    }
    if cents(c.amount) != cents(due) {
        hits.push(
            Hit::new(
                format!(
                    "The collection instruction collects {} {}; the invoice {what_en} is {} {}.",
                    c.currency, c.amount, inv.currency, due
                ),
                format!(
                    "托收金额 {} {} 与发票{what_zh} {} {} 不符。",
                    c.currency, c.amount, inv.currency, due
                ),
            )
            .field("collection_instruction.amount", Some(c.amount))
            .field(due_path, Some(due))
            .tolerance("none: compared in cents"),
        );
    }
    Outcome::Checked(hits)
}

/// COL-DOC-LIST: the documents the instruction lists as enclosed (type, originals, copies)
/// vs what is in the set: the counts in `presentation.documents` must be the same, and a
/// listed document must be in the set; a document presented but not listed fires too. One
/// finding per document type. Without counts in `presentation.documents`, only presence is
/// checked. URC 522 art. 4(b)(6).
static DOC_LIST: Rule = Rule {
    id: "COL-DOC-LIST",
    severity: Severity::Blocking,
    title_en: "Documents listed on the collection instruction differ from the set",
    title_zh: "托收指示所列单据与所附单据不符",
    source: "URC 522 art. 4(b)(6)",
    run: doc_list,
};

fn doc_list(cx: &Ctx) -> Outcome {
    let set = cx.set;
    let Some(c) = &set.collection_instruction else {
        return no_instruction();
    };
    let enclosed = &c.documents_enclosed;
    let presented = &set.presentation.documents;
    let mut hits = Vec::new();
    if enclosed.is_empty() {
        hits.push(
            Hit::new(
                "The collection instruction lists no documents enclosed.",
                "托收指示未列明所附单据。",
            )
            .field("collection_instruction.documents_enclosed", Some("[]")),
        );
        return Outcome::Checked(hits);
    }
    for i in 0..enclosed.len() {
        if !first_of_type(enclosed, i) {
            continue;
        }
        let code = enclosed[i].document_type.as_str();
        let (listed_o, listed_c, _) = count_of(enclosed, code);
        let (key, en, zh, in_set) = document_of(set, code);
        let absent = in_set == Some(false);
        let (o, cp, _) = count_of(presented, code);
        let counts_differ = !presented.is_empty() && (o, cp) != (listed_o, listed_c);
        if !(absent || counts_differ) {
            continue;
        }
        let mut hit = if absent {
            Hit::new(
                format!(
                    "The collection instruction lists the {en} ({code}: {listed_o} original(s), {listed_c} copy(ies)), but it is not in the set."
                ),
                format!(
                    "托收指示列明{zh}（{code}：正本 {listed_o} 份，副本 {listed_c} 份），但单据中无此单。"
                ),
            )
            .field(key, None::<&str>)
        } else {
            Hit::new(
                format!(
                    "The collection instruction lists the {en} ({code}) as {listed_o} original(s) and {listed_c} copy(ies); the set holds {o} original(s) and {cp} copy(ies)."
                ),
                format!(
                    "托收指示列明{zh}（{code}）正本 {listed_o} 份、副本 {listed_c} 份，实际所附正本 {o} 份、副本 {cp} 份。"
                ),
            )
        };
        hit = count_fields(hit, "collection_instruction.documents_enclosed", enclosed, code);
        hit = count_fields(hit, "presentation.documents", presented, code);
        hits.push(hit);
    }
    for j in 0..presented.len() {
        let d = &presented[j];
        if !first_of_type(presented, j) || count_of(enclosed, &d.document_type).2 {
            continue;
        }
        let (o, cp, _) = count_of(presented, &d.document_type);
        if o + cp == 0 {
            continue;
        }
        let code = d.document_type.as_str();
        let (_, en, zh, _) = document_of(set, code);
        let hit = Hit::new(
            format!(
                "The set holds the {en} ({code}: {o} original(s), {cp} copy(ies)), but the collection instruction does not list it."
            ),
            format!(
                "所附单据中有{zh}（{code}：正本 {o} 份，副本 {cp} 份），但托收指示未列明。"
            ),
        )
        .field("collection_instruction.documents_enclosed", None::<&str>);
        hits.push(count_fields(hit, "presentation.documents", presented, code));
    }
    Outcome::Checked(hits)
}

/// COL-TERMS-TENOR: release terms vs the tenor (the instruction's and the draft's): D/A
/// with a sight draft; D/P with a usance draft ("30 DAYS AFTER SIGHT" is usance, art. 7(a):
/// no future-dated drafts with D/P); a usance draft with no D/A or D/P statement (art. 7(b):
/// documents then released only against payment). URC 522 art. 6, 7.
static TERMS_TENOR: Rule = Rule {
    id: "COL-TERMS-TENOR",
    severity: Severity::Blocking,
    title_en: "Release terms (D/P, D/A) do not fit the tenor",
    title_zh: "交单条件（D/P、D/A）与汇票期限矛盾",
    source: "URC 522 art. 6, 7(a)(b)",
    run: terms_tenor,
};

fn terms_tenor(cx: &Ctx) -> Outcome {
    let set = cx.set;
    let Some(c) = &set.collection_instruction else {
        return no_instruction();
    };
    let tenors: [(&str, Option<&str>); 2] = [
        ("collection_instruction.tenor", c.tenor.as_deref()),
        ("draft.tenor", set.draft.as_ref().map(|d| d.tenor.as_str())),
    ];
    let known = || {
        tenors
            .iter()
            .filter_map(|&(p, t)| t.and_then(|t| tenor_kind(t).map(|k| (p, t, k))))
    };
    if known().next().is_none() {
        return not_applicable(
            "Neither the collection instruction nor a draft states a sight or usance tenor.",
            "托收指示及汇票均未注明即期或远期。",
        );
    }
    let release = c.release.as_deref().and_then(release_of);
    let (wrong, en, zh) = match release {
        Some(Release::Da) => (
            Tenor::Sight,
            "D/A (documents against acceptance) needs a usance draft to accept",
            "承兑交单（D/A）须为远期汇票，即期汇票无从承兑",
        ),
        Some(Release::Dp) => (
            Tenor::Usance,
            "D/P should not carry a usance (future-dated) draft (URC 522 art. 7(a))",
            "付款交单（D/P）不应附远期汇票（URC 522 第7条a款）",
        ),
        None => (
            Tenor::Usance,
            "a usance draft needs a D/A or D/P statement; without one documents are released only against payment (URC 522 art. 7(b))",
            "远期汇票须注明 D/A 或 D/P；未注明则仅凭付款交单（URC 522 第7条b款）",
        ),
    };
    let mut offending = known().filter(|x| x.2 == wrong).peekable();
    let mut hits = Vec::new();
    if offending.peek().is_some() {
        let terms_en = match release {
            Some(r) => format!("states {}", r.en()),
            None => "makes no D/A or D/P statement".to_string(),
        };
        let terms_zh = release.map_or("未注明 D/A 或 D/P", Release::zh);
        let mut hit = Hit::new(
            format!("The collection instruction {terms_en} with {}: {en}.", wrong.en()),
            format!("托收指示为{terms_zh}，却附{}：{zh}。", wrong.zh()),
        )
        .field("collection_instruction.release", c.release.as_deref());
        for (path, t, _) in offending {
            hit = hit.field(path, Some(t));
        }
        hits.push(hit);
    }
    Outcome::Checked(hits)
}

/// COL-TERMS-CONTRACT: release terms and tenor on the instruction vs the contract's payment
/// terms (DP / TT+DP → D/P, DA → D/A; tenor compared after normalisation: every sight
/// wording is sight, `B/L` = `BILL OF LADING`, `FROM` = `AFTER`). One finding for the
/// release terms, one for the tenor. URC 522 art. 4(b)(7); sales contract.
static TERMS_CONTRACT: Rule = Rule {
    id: "COL-TERMS-CONTRACT",
    severity: Severity::Blocking,
    title_en: "Collection terms differ from the contract's payment terms",
    title_zh: "托收交单条件与合同付款条件不符",
    source: "URC 522 art. 4(b)(7); sales contract",
    run: terms_contract,
};

fn terms_contract(cx: &Ctx) -> Outcome {
    let set = cx.set;
    let Some(c) = &set.collection_instruction else {
        return no_instruction();
    };
    let pay = &set.contract.payment;
    let wanted = contract_release(&pay.method);
    let stated = c.release.as_deref().and_then(release_of);
    let mut hits = Vec::new();
    if wanted != stated {
        let stated_en = stated.map_or("no D/P or D/A terms", Release::en);
        let stated_zh = match stated {
            Some(r) => format!("为{}", r.zh()),
            None => "未注明交单条件".to_string(),
        };
        let (en, zh) = match wanted {
            Some(w) => (
                format!(
                    "The collection instruction states {stated_en}; the contract's payment terms ({}) call for {}.",
                    pay.method,
                    w.en()
                ),
                format!(
                    "托收指示{stated_zh}，而合同付款方式 {} 要求{}。",
                    pay.method,
                    w.zh()
                ),
            ),
            None => (
                format!(
                    "The collection instruction states {stated_en}; the contract's payment terms are {}, not a documentary collection.",
                    pay.method
                ),
                format!(
                    "托收指示{stated_zh}，但合同付款方式为 {}，并非跟单托收。",
                    pay.method
                ),
            ),
        };
        hits.push(
            Hit::new(en, zh)
                .field("collection_instruction.release", c.release.as_deref())
                .field("contract.payment.method", Some(&pay.method)),
        );
    }
    if wanted.is_some()
        && let (Some(ct), Some(it)) = (pay.tenor.as_deref(), c.tenor.as_deref())
        && tenor_key(ct) != tenor_key(it)
    {
        hits.push(
            Hit::new(
                format!("The collection instruction's tenor is {it}; the contract's payment tenor is {ct}."),
                format!("托收指示付款期限 {it} 与合同付款期限 {ct} 不符。"),
            )
            .field("collection_instruction.tenor", Some(it))
            .field("contract.payment.tenor", Some(ct)),
        );
    }
    Outcome::Checked(hits)
}

// ---------------------------------------------------------------------------------------
// §2.10 LC presentation and references
// ---------------------------------------------------------------------------------------

/// LC-DOCS-MISSING: each document the credit requires (46A) is in the set and presented
/// with at least the required originals and copies. Originals beyond those required count
/// as copies (UCP 600 art. 17(d)). One finding per missing or short document. Without
/// counts in `presentation.documents`, only presence is checked. UCP 600 art. 14, 15.
static DOCS_MISSING: Rule = Rule {
    id: "LC-DOCS-MISSING",
    severity: Severity::Blocking,
    title_en: "Document required by the credit missing or short",
    title_zh: "缺少信用证要求的单据或份数不足",
    source: "UCP 600 art. 14, 15",
    run: docs_missing,
};

fn docs_missing(cx: &Ctx) -> Outcome {
    let set = cx.set;
    let Some(lc) = cx.lc() else {
        return not_applicable("No letter of credit.", "无信用证。");
    };
    let required = &lc.documents_required;
    if required.is_empty() {
        return not_applicable(
            "The credit lists no documents required (46A).",
            "信用证未列明所需单据（46A）。",
        );
    }
    let presented = &set.presentation.documents;
    let mut hits = Vec::new();
    for (i, req) in required.iter().enumerate() {
        let code = req.document_type.as_str();
        let (key, en, zh, in_set) = document_of(set, code);
        let (o, cp, _) = count_of(presented, code);
        let (ro, rc) = (req.originals, req.copies);
        let short = !presented.is_empty() && (o < ro || (o - ro) + cp < rc);
        let absent = in_set == Some(false);
        if !(absent || short) {
            continue;
        }
        let mut hit = if absent {
            Hit::new(
                format!(
                    "The credit requires the {en} ({code}: {ro} original(s), {rc} copy(ies)); it is not in the set."
                ),
                format!("信用证要求{zh}（{code}：正本 {ro} 份，副本 {rc} 份），但单据中无此单。"),
            )
            .field(key, None::<&str>)
        } else {
            Hit::new(
                format!(
                    "The credit requires the {en} ({code}) in {ro} original(s) and {rc} copy(ies); presented: {o} original(s) and {cp} copy(ies)."
                ),
                format!(
                    "信用证要求{zh}（{code}）正本 {ro} 份、副本 {rc} 份，实际提交正本 {o} 份、副本 {cp} 份，份数不足。"
                ),
            )
            .tolerance("UCP 600 art. 17(d): originals beyond those required count as copies")
        };
        hit = hit
            .field(format!("lc.documents_required[{i}].originals"), Some(ro))
            .field(format!("lc.documents_required[{i}].copies"), Some(rc));
        hits.push(count_fields(hit, "presentation.documents", presented, code));
    }
    Outcome::Checked(hits)
}

/// LC-REF-MISSING (warning): the credit asks for its number on all documents (47A) and a
/// document that carries a credit-number field (invoice, packing list, each B/L) leaves it
/// out or shows another number (spaces, hyphens, case ignored). Not a reason for refusal
/// (ISBP 821 preliminary consideration viii, ICC Opinion 876rev), but worth fixing. One
/// finding per document.
static REF_MISSING: Rule = Rule {
    id: "LC-REF-MISSING",
    severity: Severity::Warning,
    title_en: "Credit number missing or mistyped on a document",
    title_zh: "单据未注明或错注信用证号",
    source: "ISBP 821 preliminary consideration (viii); ICC Opinion 876rev",
    run: ref_missing,
};

fn ref_missing(cx: &Ctx) -> Outcome {
    let set = cx.set;
    let Some(lc) = cx.lc() else {
        return not_applicable("No letter of credit.", "无信用证。");
    };
    if !lc.lc_number_on_all_documents {
        return not_applicable(
            "The credit does not ask for its number on all documents.",
            "信用证未要求所有单据注明信用证号。",
        );
    }
    let mut hits = Vec::new();
    let mut check = |path: String, en: &str, zh: &str, value: Option<&str>| {
        let value = value.filter(|v| ref_chars(v).next().is_some());
        let hit = match value {
            Some(v) if same_ref(v, &lc.number) => return,
            Some(v) => Hit::new(
                format!("The {en} shows credit number {v}; the credit is {}.", lc.number),
                format!("{zh}所注信用证号 {v} 与信用证号 {} 不符。", lc.number),
            ),
            None => Hit::new(
                format!(
                    "The {en} does not show the credit number {}, which the credit asks for on all documents.",
                    lc.number
                ),
                format!("{zh}未注明信用证号 {}（信用证要求所有单据注明）。", lc.number),
            ),
        };
        hits.push(hit.field(path, value).field("lc.number", Some(&lc.number)));
    };
    check(
        "invoice.lc_number".to_string(),
        "commercial invoice",
        "商业发票",
        set.invoice.lc_number.as_deref(),
    );
    if let Some(pl) = &set.packing_list {
        check(
            "packing_list.lc_number".to_string(),
            "packing list",
            "装箱单",
            pl.lc_number.as_deref(),
        );
    }
    for (i, bl) in set.bills_of_lading.iter().enumerate() {
        check(
            format!("bills_of_lading[{i}].lc_number"),
            "bill of lading",
            "提单",
            bl.lc_number.as_deref(),
        );
    }
    Outcome::Checked(hits)
}

/// ADV-INVOICE-REF: the invoice number and amount (with its currency) on the shipping advice
/// vs the invoice; numbers compared with spaces, hyphens and case ignored, the amount in
/// cents against the invoice total. One finding per field. UCP 600 art. 14(d); the credit's
/// shipping-advice condition.
static ADV_INVOICE: Rule = Rule {
    id: "ADV-INVOICE-REF",
    severity: Severity::Blocking,
    title_en: "Shipping advice invoice number or amount differs from the invoice",
    title_zh: "装船通知所列发票号或金额与发票不符",
    source: "UCP 600 art. 14(d); LC shipping-advice condition",
    run: adv_invoice,
};

fn adv_invoice(cx: &Ctx) -> Outcome {
    let inv = &cx.set.invoice;
    let Some(adv) = &cx.set.shipping_advice else {
        return not_applicable("No shipping advice.", "无装船通知。");
    };
    let number = shown(&adv.invoice_number);
    if number.is_none() && adv.invoice_amount.is_none() {
        return not_applicable(
            "The shipping advice quotes no invoice number or amount.",
            "装船通知未注明发票号及金额。",
        );
    }
    let mut hits = Vec::new();
    if let Some(n) = number
        && !same_ref(n, &inv.number)
    {
        hits.push(
            Hit::new(
                format!(
                    "The shipping advice quotes invoice number {n}; the invoice is number {}.",
                    inv.number
                ),
                format!("装船通知所列发票号 {n} 与发票号 {} 不符。", inv.number),
            )
            .field("shipping_advice.invoice_number", Some(n))
            .field("invoice.number", Some(&inv.number)),
        );
    }
    if let Some(cur) = adv.currency.as_deref().filter(|c| !c.trim().is_empty())
        && !cur.trim().eq_ignore_ascii_case(inv.currency.trim())
    {
        hits.push(
            Hit::new(
                format!(
                    "The shipping advice states the invoice in {cur}; the invoice is in {}.",
                    inv.currency
                ),
                format!("装船通知所列币种 {cur} 与发票币种 {} 不符。", inv.currency),
            )
            .field("shipping_advice.currency", Some(cur))
            .field("invoice.currency", Some(&inv.currency)),
        );
    }
    if let Some(a) = adv.invoice_amount
        && cents(a) != cents(inv.total_amount)
    {
        hits.push(
            Hit::new(
                format!(
                    "The shipping advice states the invoice amount as {a}; the invoice total is {} {}.",
                    inv.currency, inv.total_amount
                ),
                format!(
                    "装船通知所列发票金额 {a} 与发票总金额 {} {} 不符。",
                    inv.currency, inv.total_amount
                ),
            )
            .field("shipping_advice.invoice_amount", Some(a))
            .field("invoice.total_amount", Some(inv.total_amount))
            .tolerance("none: compared in cents"),
        );
    }
    Outcome::Checked(hits)
}

/// §2.6 X-BL-NUMBER and COL-STRAIGHT-BL, then §2.9 and §2.10 in the catalogue's order.
pub(crate) static RULES: &[&Rule] = &[
    &BL_NUMBER,
    &STRAIGHT_BL,
    &URC522,
    &AMOUNT,
    &DOC_LIST,
    &TERMS_TENOR,
    &TERMS_CONTRACT,
    &DOCS_MISSING,
    &REF_MISSING,
    &ADV_INVOICE,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenors() {
        assert_eq!(tenor_kind("AT SIGHT"), Some(Tenor::Sight));
        assert_eq!(tenor_kind("AT ***** SIGHT"), Some(Tenor::Sight));
        assert_eq!(tenor_kind("30 DAYS AFTER SIGHT"), Some(Tenor::Usance));
        assert_eq!(tenor_kind("AT 60 D/S"), Some(Tenor::Usance));
        assert_eq!(tenor_kind(""), None);
        assert_eq!(
            tenor_key("60 DAYS AFTER B/L DATE"),
            tenor_key("AT 60 DAYS FROM THE DATE OF BILL OF LADING")
        );
        assert_eq!(tenor_key("AT 60 D/S"), tenor_key("60 DAYS AFTER SIGHT"));
        assert_ne!(tenor_key("60 DAYS AFTER SIGHT"), tenor_key("30 DAYS AFTER SIGHT"));
        assert_eq!(tenor_key("AT ***** SIGHT"), tenor_key("SIGHT"));
    }

    #[test]
    fn release_terms() {
        assert_eq!(release_of("D/P"), Some(Release::Dp));
        assert_eq!(release_of("documents against acceptance"), Some(Release::Da));
        assert_eq!(release_of("CASH"), None);
        assert_eq!(contract_release("TT+DP"), Some(Release::Dp));
        assert_eq!(contract_release("DA"), Some(Release::Da));
        assert_eq!(contract_release("LC"), None);
    }

    #[test]
    fn references() {
        assert!(same_ref("OSLQ-DRTM 2510417", "oslqdrtm2510417"));
        assert!(!same_ref("OSLQDRTM2510471", "OSLQDRTM2510417"));
    }
}
