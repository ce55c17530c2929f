//! Reading pages like a browser: the fields a form would send, field errors, the visible
//! text and catalogue keys shown raw; HTTP helpers for a signed-in client.

use super::TestApp;

pub type Fields = Vec<(String, String)>;

pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let entity = rest.find(';').filter(|e| *e <= 10).map(|e| &rest[1..e]);
        let ch = match entity {
            Some("lt") => Some('<'),
            Some("gt") => Some('>'),
            Some("quot") => Some('"'),
            Some("apos") => Some('\''),
            Some("amp") => Some('&'),
            Some(e) if e.starts_with("#x") || e.starts_with("#X") => {
                u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32)
            }
            Some(e) if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match (ch, entity) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The end of the tag starting at `s[0] == '<'` (the index of its `>`), quotes respected.
pub fn tag_end(s: &str) -> usize {
    let mut quote: Option<char> = None;
    for (i, ch) in s.char_indices() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(ch),
            (None, '>') => return i,
            _ => {}
        }
    }
    s.len()
}

/// The attributes of a tag's text (after its name): name → value (`""` for bare ones).
pub fn attrs(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let b = tag.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        if start == i {
            i += 1;
            continue;
        }
        let name = tag[start..i].to_ascii_lowercase();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                i += 1;
                let vs = i;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                out.push((name, unescape(&tag[vs..i])));
                i += 1;
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                out.push((name, unescape(&tag[vs..i])));
            }
        } else {
            out.push((name, String::new()));
        }
    }
    out
}

pub fn attr<'a>(a: &'a [(String, String)], name: &str) -> Option<&'a str> {
    a.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// The HTML of the `<form>` whose `id` is `form_id`.
pub fn form_html<'a>(html: &'a str, form_id: &str) -> &'a str {
    let marker = format!("id=\"{form_id}\"");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no form #{form_id} in the page:\n{html}"));
    let start = html[..at].rfind("<form").expect("the id is on a <form>");
    let end = html[start..]
        .find("</form>")
        .map(|e| start + e)
        .expect("the form is closed");
    &html[start..end]
}

/// What a browser sends for the form `form_id` as rendered: text and hidden inputs, checked
/// boxes, the selected (else first) option of each select, textareas. No files, no buttons.
pub fn form_fields(html: &str, form_id: &str) -> Fields {
    let f = form_html(html, form_id);
    let mut out = Fields::new();
    let mut i = 0;
    while let Some(j) = f[i..].find('<') {
        let s = i + j;
        let rest = &f[s..];
        let end = tag_end(rest);
        let tag = &rest[..end];
        let name_end = tag
            .find(|c: char| c.is_ascii_whitespace() || c == '>')
            .unwrap_or(tag.len());
        let tag_name = tag[1..name_end].to_ascii_lowercase();
        let a = attrs(&tag[name_end..]);
        i = s + end + 1;
        match tag_name.as_str() {
            "input" => {
                let Some(name) = attr(&a, "name") else { continue };
                let ty = attr(&a, "type").unwrap_or("text").to_ascii_lowercase();
                match ty.as_str() {
                    "submit" | "button" | "file" | "image" | "reset" => {}
                    "checkbox" | "radio" => {
                        if attr(&a, "checked").is_some() {
                            out.push((name.into(), attr(&a, "value").unwrap_or("on").into()));
                        }
                    }
                    _ => out.push((name.into(), attr(&a, "value").unwrap_or("").into())),
                }
            }
            "select" => {
                let close = f[i..].find("</select>").map(|e| i + e).unwrap_or(f.len());
                let inner = &f[i..close];
                i = close;
                let Some(name) = attr(&a, "name") else { continue };
                let mut first: Option<String> = None;
                let mut chosen: Option<String> = None;
                let mut k = 0;
                while let Some(o) = inner[k..].find("<option") {
                    let os = k + o;
                    let oend = os + tag_end(&inner[os..]);
                    let oa = attrs(&inner[os + "<option".len()..oend]);
                    let text_end = inner[oend + 1..]
                        .find('<')
                        .map(|e| oend + 1 + e)
                        .unwrap_or(inner.len());
                    let value = attr(&oa, "value")
                        .map(str::to_string)
                        .unwrap_or_else(|| unescape(inner[oend + 1..text_end].trim()));
                    if first.is_none() {
                        first = Some(value.clone());
                    }
                    if attr(&oa, "selected").is_some() {
                        chosen = Some(value);
                    }
                    k = oend + 1;
                }
                if let Some(v) = chosen.or(first) {
                    out.push((name.into(), v));
                }
            }
            "textarea" => {
                let close = f[i..].find("</textarea>").map(|e| i + e).unwrap_or(f.len());
                let mut v = unescape(&f[i..close]);
                if v.starts_with('\n') {
                    v.remove(0);
                }
                i = close;
                if let Some(name) = attr(&a, "name") {
                    out.push((name.into(), v));
                }
            }
            _ => {}
        }
    }
    out
}

pub fn field<'a>(f: &'a Fields, name: &str) -> &'a str {
    f.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no field `{name}` in {f:?}"))
}

/// Set a field as a user would (replacing its value, or adding it: a checkbox ticked).
pub fn set(f: &mut Fields, name: &str, value: &str) {
    match f.iter_mut().find(|(k, _)| k == name) {
        Some((_, v)) => *v = value.to_string(),
        None => f.push((name.to_string(), value.to_string())),
    }
}

/// The field error printed right after the field `name` (inside its label), if any.
pub fn field_error(html: &str, name: &str) -> Option<String> {
    let key = format!("name=\"{name}\"");
    let i = html.find(&key)?;
    let rest = &html[i..];
    let seg = &rest[..rest.find("</label>").unwrap_or(rest.len())];
    let j = seg.find("<small class=\"field-error\">")?;
    let s = &seg[j + "<small class=\"field-error\">".len()..];
    Some(unescape(&s[..s.find("</small>")?]))
}

/// The text a reader sees: tags dropped (scripts and styles too) and entities decoded, plus
/// the texts of `title`, `placeholder` and `aria-label` attributes.
pub fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut i = 0;
    while let Some(j) = html[i..].find('<') {
        out.push_str(&unescape(&html[i..i + j]));
        out.push(' ');
        let s = i + j;
        let end = s + tag_end(&html[s..]);
        let tag = &html[s..end];
        let name_end = tag
            .find(|c: char| c.is_ascii_whitespace() || c == '>')
            .unwrap_or(tag.len());
        let tag_name = tag[1..name_end].to_ascii_lowercase();
        for (k, v) in attrs(&tag[name_end..]) {
            if matches!(k.as_str(), "title" | "placeholder" | "aria-label") {
                out.push_str(&v);
                out.push(' ');
            }
        }
        i = end + 1;
        if tag_name == "script" || tag_name == "style" {
            let close = format!("</{tag_name}>");
            i = html[i..].find(&close).map(|e| i + e).unwrap_or(html.len());
        }
        if i >= html.len() {
            break;
        }
    }
    if i < html.len() {
        out.push_str(&unescape(&html[i..]));
    }
    out
}

/// Every key of the interface catalogue.
pub fn catalogue_keys() -> Vec<String> {
    include_str!("../../../web/locales/en/main.ftl")
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
        .collect()
}

/// Words in the visible text that look like catalogue keys (`contract-number`,
/// `state-draft`, or a key the catalogue lacks but whose family it has, `doc-foo_bar`).
pub fn raw_keys(html: &str) -> Vec<String> {
    let keys = catalogue_keys();
    let families: std::collections::BTreeSet<&str> = keys
        .iter()
        .filter_map(|k| k.split_once('-').map(|(f, _)| f))
        .collect();
    let text = visible_text(html);
    let mut found: Vec<String> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|w| {
            w.contains('-')
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
                && (keys.iter().any(|k| k == w)
                    || w.split_once('-')
                        .is_some_and(|(f, rest)| families.contains(f) && !rest.is_empty()))
        })
        .map(str::to_string)
        .collect();
    found.sort();
    found.dedup();
    found
}

// ---------------------------------------------------------------- HTTP helpers

pub async fn page(c: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let r = c.get(app.url(path)).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.text().await.unwrap())
}

/// A GET that must answer 200; the HTML.
pub async fn html(c: &reqwest::Client, app: &TestApp, path: &str) -> String {
    let (status, body) = page(c, app, path).await;
    assert_eq!(status, 200, "GET {path}: {body}");
    body
}

pub async fn post_form(c: &reqwest::Client, app: &TestApp, path: &str, f: &Fields) -> (u16, String, String) {
    response_parts(c.post(app.url(path)).form(f).send().await.unwrap()).await
}

/// Status, `Location` header and body of a response.
pub async fn response_parts(r: reqwest::Response) -> (u16, String, String) {
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, location, r.text().await.unwrap())
}

/// Switch the signed-in user's language as the header's button does.
pub async fn switch_language(c: &reqwest::Client, app: &TestApp, csrf: &str, lang: &str) {
    let r = c
        .post(app.url("/language"))
        .form(&[("lang", lang), ("next", "/"), ("_csrf", csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "switch to {lang}");
}
