//! The columns of the import sheets and how headers are matched to them.

use crate::table::column_letter;
use crate::{ImportError, Table};
use serde::Serialize;

/// One column of an import sheet. A header matches when, after normalising (lower case;
/// spaces, `_`, `-`, `/`, `*`, `°` and brackets removed; `³` read as `3`, `℃` as `c`), it
/// equals the normalised key, Chinese label or one of the aliases: `Gross KG`, `gross-kg`,
/// `毛重 (kg)` and `毛重kg` all name `gross_kg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Column {
    /// The English key, as the templates' header row has it.
    pub key: &'static str,
    /// The Chinese label, accepted as a header too.
    pub label_zh: &'static str,
    /// Other accepted headers.
    pub aliases: &'static [&'static str],
    /// The file must have this column (its cells may still be empty where allowed).
    pub required: bool,
    pub help_en: &'static str,
    pub help_zh: &'static str,
}

const fn col(
    key: &'static str,
    label_zh: &'static str,
    aliases: &'static [&'static str],
    required: bool,
    help_en: &'static str,
    help_zh: &'static str,
) -> Column {
    Column {
        key,
        label_zh,
        aliases,
        required,
        help_en,
        help_zh,
    }
}

/// Products sheet: one row per package type of a product; rows with the same SKU are one
/// product.
pub const PRODUCT_COLUMNS: &[Column] = &[
    col(
        "sku",
        "货号",
        &["article_no", "item_no", "产品编号"],
        true,
        "Your article number. Rows with the same SKU are one product with several package types; \
         repeat the product columns or leave them empty on the extra rows.",
        "货号。货号相同的多行是同一产品的多种包装；其余行的产品列可重复填写或留空。",
    ),
    col(
        "name_zh",
        "中文品名",
        &["品名"],
        false,
        "Product name in Chinese.",
        "中文品名。",
    ),
    col(
        "name_en",
        "英文品名",
        &["name", "description"],
        true,
        "English name, printed on invoices and packing lists.",
        "英文品名，打印在发票和装箱单上。",
    ),
    col(
        "hs_code",
        "HS编码",
        &["hs", "海关编码", "商品编码"],
        true,
        "HS code, 6 to 10 digits, e.g. 0808100000 (keep the column formatted as text so the \
         leading 0 stays).",
        "海关 HS 编码，6 至 10 位，如 0808100000（单元格设为文本，保留开头的 0）。",
    ),
    col(
        "botanical_name",
        "学名",
        &["拉丁学名", "植物学名"],
        false,
        "Botanical name for phytosanitary certificates, e.g. Malus domestica.",
        "植物学名（植物检疫证书用），如 Malus domestica。",
    ),
    col(
        "origin",
        "原产国",
        &["origin_country", "country_of_origin", "产地"],
        true,
        "Country of origin: ISO 3166-1 two-letter code, e.g. CN (an English name such as China is read too).",
        "原产国：两位国家代码，如 CN（也可填英文国名，如 China）。",
    ),
    col(
        "variety",
        "品种",
        &[],
        false,
        "Variety, e.g. Fuji.",
        "品种，如 红富士 / Fuji。",
    ),
    col(
        "grade",
        "等级",
        &[],
        false,
        "Grade, e.g. Grade A.",
        "等级，如 一级 / Grade A。",
    ),
    col(
        "size",
        "规格",
        &["count", "大小"],
        false,
        "Size or count, e.g. 80-100 (fruit per carton) or 75mm+.",
        "规格或个数，如 80-100（每箱个数）或 75mm+。",
    ),
    col(
        "shelf_life_days",
        "保质期(天)",
        &["shelf_life", "保质期"],
        false,
        "Shelf life in days, 1 to 3650.",
        "保质期天数，1 至 3650。",
    ),
    col(
        "package_name",
        "包装名称",
        &["package"],
        true,
        "Name of this package type, e.g. 18kg carton. Leave the package columns empty for a \
         product without packages.",
        "此包装的名称，如 18kg carton。没有包装的产品，包装各列留空。",
    ),
    col(
        "package_kind",
        "包装种类",
        &["kind"],
        true,
        "carton, bundle, bag, crate, case, bin, drum or pallet.",
        "包装种类：carton 纸箱、bundle 捆、bag 袋、crate 板条箱、case 木箱、bin 大箱、drum 桶、pallet 托盘。",
    ),
    col(
        "net_kg",
        "净重kg",
        &["net", "净重"],
        true,
        "Net weight of one package in kg.",
        "每件净重（千克）。",
    ),
    col(
        "gross_kg",
        "毛重kg",
        &["gross", "毛重"],
        true,
        "Gross weight of one package in kg (at least the net weight).",
        "每件毛重（千克），不小于净重。",
    ),
    col(
        "length_mm",
        "长mm",
        &["length", "长"],
        true,
        "Outside length in whole mm.",
        "外尺寸长（毫米，整数）。",
    ),
    col(
        "width_mm",
        "宽mm",
        &["width", "宽"],
        true,
        "Outside width in whole mm.",
        "外尺寸宽（毫米，整数）。",
    ),
    col(
        "height_mm",
        "高mm",
        &["height", "高"],
        true,
        "Outside height in whole mm.",
        "外尺寸高（毫米，整数）。",
    ),
    col(
        "this_side_up",
        "此面向上",
        &["upright", "向上"],
        false,
        "yes or no: may only stand upright. Empty means no.",
        "是 或 否：只能正放。留空表示否。",
    ),
    col(
        "max_stack_kg",
        "最大堆码kg",
        &["max_stack", "堆码重量", "最大堆码"],
        false,
        "The most weight that may rest on one package, in kg.",
        "单件上方允许的最大堆码重量（千克）。",
    ),
    col(
        "reefer",
        "冷藏",
        &["冷藏箱"],
        false,
        "yes or no: ships in a reefer container. yes with empty settings uses the commodity's \
         guideline for the HS code.",
        "是 或 否：用冷藏箱运输。填“是”而温度等留空时，按 HS 编码采用该商品的推荐设定。",
    ),
    col(
        "set_point_c",
        "设定温度°C",
        &["set_point", "temperature", "设定温度", "温度"],
        false,
        "Reefer set point in °C, -35 to 30, one decimal.",
        "冷藏箱设定温度（°C），-35 至 30，一位小数。",
    ),
    col(
        "fresh_air_m3h",
        "新风量m³/h",
        &["fresh_air", "ventilation", "新风量", "通风量"],
        false,
        "Fresh-air exchange in m³/h, 0 to 300 (0: vents closed).",
        "新风量（立方米/小时），0 至 300（0 为关闭）。",
    ),
    col(
        "humidity_pct",
        "湿度%",
        &["humidity", "湿度"],
        false,
        "Relative humidity set point in %, 50 to 100; may stay empty.",
        "相对湿度设定（%），50 至 100，可留空。",
    ),
];

/// Customers sheet: one row per customer, with at most one address and one contact.
pub const CUSTOMER_COLUMNS: &[Column] = &[
    col(
        "name_latin",
        "英文名称",
        &["name_en", "外文名称", "company"],
        false,
        "Company name in Latin script, as printed on documents. This or name_zh is required.",
        "公司外文名称（单据上打印的名称）。与中文名称至少填一个。",
    ),
    col(
        "name_zh",
        "中文名称",
        &["中文名"],
        false,
        "Company name in Chinese characters.",
        "公司中文名称。",
    ),
    col(
        "bic",
        "SWIFT代码",
        &["swift", "swift_bic", "bic_code"],
        false,
        "SWIFT BIC: only banks carry one, so leave it empty for customers.",
        "SWIFT 代码：仅银行填写，客户请留空。",
    ),
    col(
        "line1",
        "地址",
        &[
            "address",
            "address_line1",
            "address1",
            "street",
            "地址1",
            "地址行1",
        ],
        false,
        "Street address. Fill the address columns, or leave them all empty.",
        "街道地址。地址各列要么填写，要么全部留空。",
    ),
    col(
        "line2",
        "地址2",
        &["address_line2", "address2", "地址行2"],
        false,
        "Second address line.",
        "地址第二行。",
    ),
    col(
        "city",
        "城市",
        &["town"],
        false,
        "City (required with an address).",
        "城市（填写地址时必填）。",
    ),
    col(
        "region",
        "省州",
        &["state", "province", "省份", "州"],
        false,
        "State, province or region.",
        "省、州或地区。",
    ),
    col(
        "postal_code",
        "邮编",
        &["zip", "zip_code", "postcode", "邮政编码"],
        false,
        "Postal code.",
        "邮政编码。",
    ),
    col(
        "country",
        "国家",
        &["country_code", "国家代码"],
        false,
        "Country: ISO 3166-1 two-letter code, e.g. NL, or its English name (required with an address).",
        "国家：两位国家代码，如 NL，也可填英文国名（填写地址时必填）。",
    ),
    col(
        "contact_name",
        "联系人",
        &["contact"],
        false,
        "Contact person (required when e-mail, phone or messenger is given).",
        "联系人（填写邮箱、电话或即时通讯时必填）。",
    ),
    col(
        "email",
        "邮箱",
        &["电子邮件", "电子邮箱", "邮件"],
        false,
        "Contact's e-mail.",
        "联系人邮箱。",
    ),
    col(
        "phone",
        "电话",
        &["tel", "telephone", "mobile", "手机"],
        false,
        "Phone: digits, spaces, + - ( ) only.",
        "电话：只含数字、空格和 + - ( )。",
    ),
    col(
        "messenger",
        "即时通讯",
        &["wechat", "whatsapp", "微信"],
        false,
        "WeChat, WhatsApp, Telegram … handle, e.g. WhatsApp +31 6 1234 5678.",
        "微信、WhatsApp 等账号，如 WhatsApp +31 6 1234 5678。",
    ),
    col(
        "notes",
        "备注",
        &["note", "remarks", "comment"],
        false,
        "Notes, several lines allowed.",
        "备注，可多行。",
    ),
];

/// Normalise a header for matching.
pub(crate) fn normalise(h: &str) -> String {
    h.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '_' | '-'
                        | '/'
                        | '*'
                        | '°'
                        | '('
                        | ')'
                        | '（'
                        | '）'
                        | '['
                        | ']'
                        | '【'
                        | '】'
                        | '\u{feff}'
                )
        })
        .flat_map(|c| match c {
            '³' => vec!['3'],
            '℃' => vec!['c'],
            c => c.to_lowercase().collect(),
        })
        .collect()
}

fn find(columns: &[Column], header: &str) -> Option<usize> {
    let n = normalise(header);
    columns.iter().position(|c| {
        normalise(c.key) == n || normalise(c.label_zh) == n || c.aliases.iter().any(|a| normalise(a) == n)
    })
}

/// Which file column each known column is in, and its header as written.
pub(crate) struct Layout {
    /// Per entry of the column list: the index in the file's rows.
    pub index: Vec<Option<usize>>,
    /// Per entry of the column list: the header as the file writes it, or the key.
    pub header: Vec<String>,
}

impl Layout {
    /// Match `table`'s headers to `columns`; every unknown, missing, doubled or unnamed
    /// column is reported at once. `required_any`: groups of which at least one must be
    /// present (reported by the group's first key).
    pub fn resolve(
        table: &Table,
        columns: &[Column],
        required_any: &[&[&str]],
    ) -> Result<Layout, ImportError> {
        let mut index = vec![None; columns.len()];
        let mut header: Vec<String> = columns.iter().map(|c| c.key.to_string()).collect();
        let (mut unknown, mut duplicate, mut unnamed) = (Vec::new(), Vec::new(), Vec::new());
        for (i, h) in table.headers.iter().enumerate() {
            if h.trim().is_empty() {
                if table
                    .rows
                    .iter()
                    .any(|(_, r)| r.get(i).is_some_and(|v| !v.trim().is_empty()))
                {
                    unnamed.push(column_letter(i));
                }
                continue;
            }
            match find(columns, h) {
                None => unknown.push(h.clone()),
                Some(k) if index[k].is_some() => duplicate.push(h.clone()),
                Some(k) => {
                    index[k] = Some(i);
                    header[k] = h.clone();
                }
            }
        }
        // Values right of the last header.
        let width = table.headers.len();
        let mut extra: Vec<usize> = table
            .rows
            .iter()
            .flat_map(|(_, r)| {
                r.iter()
                    .enumerate()
                    .skip(width)
                    .filter(|(_, v)| !v.trim().is_empty())
                    .map(|(i, _)| i)
            })
            .collect();
        extra.sort_unstable();
        extra.dedup();
        unnamed.extend(extra.into_iter().map(column_letter));
        let mut missing: Vec<String> = columns
            .iter()
            .zip(&index)
            .filter(|(c, i)| c.required && i.is_none())
            .map(|(c, _)| c.key.to_string())
            .collect();
        for group in required_any {
            let present = group.iter().any(|k| {
                columns
                    .iter()
                    .position(|c| c.key == *k)
                    .is_some_and(|p| index[p].is_some())
            });
            if !present && let Some(first) = group.first() {
                missing.push((*first).to_string());
            }
        }
        if unknown.is_empty() && missing.is_empty() && duplicate.is_empty() && unnamed.is_empty() {
            Ok(Layout { index, header })
        } else {
            Err(ImportError::Columns {
                unknown,
                missing,
                duplicate,
                unnamed,
            })
        }
    }
}

/// Boolean cells: yes/no, true/false, 1/0, y/n, 是/否 (any case; empty is `None`).
pub(crate) fn parse_bool(s: &str) -> Result<Option<bool>, ()> {
    match s.trim().to_lowercase().as_str() {
        "" => Ok(None),
        "yes" | "y" | "true" | "1" | "是" | "√" | "✓" | "x" => Ok(Some(true)),
        "no" | "n" | "false" | "0" | "否" => Ok(Some(false)),
        _ => Err(()),
    }
}

/// Excel's error values, as cells show them.
pub(crate) fn is_excel_error(s: &str) -> bool {
    matches!(
        s.trim(),
        "#N/A"
            | "#DIV/0!"
            | "#VALUE!"
            | "#REF!"
            | "#NAME?"
            | "#NUM!"
            | "#NULL!"
            | "#DATA!"
            | "#GETTING_DATA"
            | "#SPILL!"
            | "#CALC!"
            | "#FIELD!"
            | "#BLOCKED!"
            | "#CONNECT!"
            | "#BUSY!"
            | "#UNKNOWN!"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_unambiguous() {
        for cols in [PRODUCT_COLUMNS, CUSTOMER_COLUMNS] {
            let mut seen = std::collections::HashMap::new();
            for c in cols {
                for name in [c.key, c.label_zh].iter().chain(c.aliases) {
                    if let Some(other) = seen.insert(normalise(name), c.key) {
                        assert_eq!(other, c.key, "`{name}` names both {other} and {}", c.key);
                    }
                }
            }
        }
    }

    #[test]
    fn header_variants_match() {
        for h in [
            "gross_kg",
            "Gross KG",
            "GROSS-KG",
            "毛重kg",
            "毛重 (kg)",
            "毛重（KG）",
            "gross_kg*",
        ] {
            assert_eq!(
                find(PRODUCT_COLUMNS, h).map(|i| PRODUCT_COLUMNS[i].key),
                Some("gross_kg"),
                "{h}"
            );
        }
        assert_eq!(
            find(PRODUCT_COLUMNS, "设定温度℃").map(|i| PRODUCT_COLUMNS[i].key),
            Some("set_point_c")
        );
        assert_eq!(
            find(PRODUCT_COLUMNS, "新风量 m3/h").map(|i| PRODUCT_COLUMNS[i].key),
            Some("fresh_air_m3h")
        );
        assert_eq!(
            find(PRODUCT_COLUMNS, "HS编码").map(|i| PRODUCT_COLUMNS[i].key),
            Some("hs_code")
        );
        assert_eq!(
            find(CUSTOMER_COLUMNS, "E-mail").map(|i| CUSTOMER_COLUMNS[i].key),
            Some("email")
        );
        assert_eq!(find(PRODUCT_COLUMNS, "colour"), None);
    }
}
