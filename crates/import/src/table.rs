//! A sheet as rows of strings: the first worksheet of an `.xlsx`, or a CSV file.

use crate::{Format, ImportError, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS};
use calamine::{DataRef, ExcelDateTime, Reader, SheetType, Xlsx};
use serde::Serialize;
use std::io::Cursor;

/// A sheet: the header row and the data rows after it, each with its 1-based row number as
/// the spreadsheet shows it. Rows without any value are left out (their numbers are not
/// reused), so `rows` may skip numbers. Cells are strings; a row may be shorter or longer
/// than `headers`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Read a file into a [`Table`].
///
/// - `.xlsx`: the first worksheet. Numbers are written as Excel shows them (at most 15
///   significant digits, no `.0` on whole numbers: `19.2` stays `19.2`, `500` is `500`),
///   dates as `2025-10-13` (with `T12:30:00` when there is a time), booleans as
///   `TRUE`/`FALSE`, error cells as Excel writes them (`#N/A`).
/// - CSV: UTF-8 with or without a byte-order mark; fields separated by `,`, `;` or tab
///   (whichever the header line uses most); RFC 4180 quotes, so a quoted field may hold
///   separators, line breaks and doubled quotes. The row number is the row Excel would show
///   (a quoted line break does not start a new row).
///
/// The header row is the first row that holds a value.
pub fn read_table(bytes: &[u8], format: Format) -> Result<Table, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            size: bytes.len(),
            max: MAX_FILE_BYTES,
        });
    }
    let mut b = Builder::default();
    match format {
        Format::Xlsx => read_xlsx(bytes, &mut b)?,
        Format::Csv => read_csv(bytes, &mut b)?,
    }
    b.finish()
}

/// Collects rows, keeps the first non-empty one as the header, and enforces the limits.
#[derive(Default)]
struct Builder {
    headers: Option<Vec<String>>,
    rows: Vec<(usize, Vec<String>)>,
}

impl Builder {
    fn push(&mut self, row: usize, mut cells: Vec<String>) -> Result<(), ImportError> {
        let Some(last) = cells.iter().rposition(|c| !c.trim().is_empty()) else {
            return Ok(());
        };
        if last >= MAX_COLUMNS {
            return Err(ImportError::TooManyColumns {
                row,
                column: column_letter(last),
                max: MAX_COLUMNS,
            });
        }
        cells.truncate(last + 1);
        if self.headers.is_none() {
            self.headers = Some(cells.into_iter().map(|h| h.trim().to_string()).collect());
            return Ok(());
        }
        if self.rows.len() >= MAX_ROWS {
            return Err(ImportError::TooManyRows { max: MAX_ROWS });
        }
        self.rows.push((row, cells));
        Ok(())
    }

    fn finish(self) -> Result<Table, ImportError> {
        let headers = self.headers.ok_or(ImportError::NoHeader)?;
        Ok(Table {
            headers,
            rows: self.rows,
        })
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
pub(crate) fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn read_xlsx(bytes: &[u8], b: &mut Builder) -> Result<(), ImportError> {
    let unreadable = |e: calamine::XlsxError| ImportError::Unreadable {
        reason: format!("not a valid .xlsx workbook ({e})"),
    };
    let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let name = wb
        .sheets_metadata()
        .iter()
        .find(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .ok_or_else(|| ImportError::Unreadable {
            reason: "the workbook has no worksheet".into(),
        })?;
    let mut cells = wb.worksheet_cells_reader(&name).map_err(unreadable)?;
    // Rows arrive in sheet order; the cells of one row are gathered into one entry.
    let mut rows: Vec<(u32, Vec<String>)> = Vec::new();
    let mut ordered = true;
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (r, c) = cell.get_position();
        let value = cell_text(cell.get_value());
        if value.trim().is_empty() {
            continue;
        }
        let c = c as usize;
        if c >= MAX_COLUMNS {
            return Err(ImportError::TooManyColumns {
                row: r as usize + 1,
                column: column_letter(c),
                max: MAX_COLUMNS,
            });
        }
        match rows.last_mut() {
            Some((row, vals)) if *row == r => {
                if vals.len() <= c {
                    vals.resize(c + 1, String::new());
                }
                vals[c] = value;
            }
            last => {
                if last.is_some_and(|(row, _)| *row > r) {
                    ordered = false;
                }
                // The header plus MAX_ROWS; pieces of rows stored out of order may count
                // more than once, hence the wider bound then.
                if rows.len() > MAX_ROWS * if ordered { 1 } else { 4 } {
                    return Err(ImportError::TooManyRows { max: MAX_ROWS });
                }
                let mut vals = vec![String::new(); c + 1];
                vals[c] = value;
                rows.push((r, vals));
            }
        }
    }
    if !ordered {
        // Rare: a writer that stores rows out of order. Merge the pieces of each row.
        rows.sort_by_key(|(r, _)| *r);
        let mut merged: Vec<(u32, Vec<String>)> = Vec::with_capacity(rows.len());
        for (r, vals) in rows {
            match merged.last_mut() {
                Some((lr, lv)) if *lr == r => {
                    if lv.len() < vals.len() {
                        lv.resize(vals.len(), String::new());
                    }
                    for (i, v) in vals.into_iter().enumerate() {
                        if !v.is_empty() {
                            lv[i] = v;
                        }
                    }
                }
                _ => merged.push((r, vals)),
            }
        }
        rows = merged;
    }
    for (r, vals) in rows {
        b.push(r as usize + 1, vals)?;
    }
    Ok(())
}

fn cell_text(v: &DataRef<'_>) -> String {
    match v {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => excel_number(*f),
        DataRef::Bool(true) => "TRUE".into(),
        DataRef::Bool(false) => "FALSE".into(),
        DataRef::DateTime(d) => excel_datetime(d),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
    }
}

/// A number as Excel displays it in a General cell: whole numbers without a fraction,
/// others rounded to 15 significant digits (which removes binary noise such as
/// `0.30000000000000004`), never in exponent notation.
pub(crate) fn excel_number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    if v == v.trunc() && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    let s = format!("{v:.14e}");
    let Some((mantissa, exp)) = s.split_once('e') else {
        return v.to_string();
    };
    let exp: i64 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    let point = exp + 1; // digits before the decimal point
    let mut out = String::new();
    if v < 0.0 {
        out.push('-');
    }
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(digits);
    } else if point as usize >= digits.len() {
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
    } else {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    }
    out
}

fn excel_datetime(d: &ExcelDateTime) -> String {
    let v = d.as_f64();
    if d.is_duration() {
        let secs = (v * 86_400.0).round() as i64;
        return format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
    }
    let (y, mo, day, h, mi, s, ms) = d.to_ymd_hms_milli();
    let time = if ms > 0 {
        format!("{h:02}:{mi:02}:{s:02}.{ms:03}")
    } else {
        format!("{h:02}:{mi:02}:{s:02}")
    };
    if (0.0..1.0).contains(&v) {
        time
    } else if (h, mi, s, ms) == (0, 0, 0, 0) {
        format!("{y:04}-{mo:02}-{day:02}")
    } else {
        format!("{y:04}-{mo:02}-{day:02}T{time}")
    }
}

fn read_csv(bytes: &[u8], b: &mut Builder) -> Result<(), ImportError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        // Excel's "Unicode Text" is UTF-16.
        return Err(ImportError::NotUtf8 { line: 1 });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| ImportError::NotUtf8 {
        line: bytes[..e.valid_up_to()].iter().filter(|&&c| c == b'\n').count() + 1,
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(detect_delimiter(text))
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    // The spreadsheet row of a record is its physical line less the line breaks inside
    // quoted fields before it. The reader skips blank lines and reports a record's start
    // before the line ends it skips, so lines are counted here from byte offsets.
    let raw = text.as_bytes();
    let (mut scanned, mut lines_before, mut quoted) = (0usize, 0usize, 0usize);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(ImportError::Unreadable {
                    reason: format!("malformed CSV ({e})"),
                });
            }
        }
        let mut start = record
            .position()
            .map_or(scanned, |p| p.byte() as usize)
            .max(scanned);
        while start < raw.len() && matches!(raw[start], b'\r' | b'\n') {
            start += 1;
        }
        lines_before += line_breaks(&raw[scanned..start]);
        scanned = start;
        let row = (lines_before + 1).saturating_sub(quoted);
        quoted += record.iter().map(|f| line_breaks(f.as_bytes())).sum::<usize>();
        b.push(row, record.iter().map(str::to_string).collect())?;
    }
    Ok(())
}

/// Line breaks in `s`: `\r\n`, `\n` or a lone `\r` each count one.
fn line_breaks(s: &[u8]) -> usize {
    s.iter()
        .enumerate()
        .filter(|&(i, &c)| c == b'\n' || (c == b'\r' && s.get(i + 1) != Some(&b'\n')))
        .count()
}

/// The separator the header line uses most: `,`, `;` (Excel in much of Europe) or tab.
fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    let mut seen_value = false;
    for c in text.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\n' | '\r' if !in_quotes && seen_value => break,
            ',' if !in_quotes => counts[0] += 1,
            ';' if !in_quotes => counts[1] += 1,
            '\t' if !in_quotes => counts[2] += 1,
            c if !c.is_whitespace() => seen_value = true,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b';', b'\t'][best]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_look_like_excel() {
        assert_eq!(excel_number(19.2), "19.2");
        assert_eq!(excel_number(500.0), "500");
        assert_eq!(excel_number(-0.0), "0");
        assert_eq!(excel_number(0.1 + 0.2), "0.3");
        assert_eq!(excel_number(18.0 * 1.0666666666666667), "19.2");
        assert_eq!(excel_number(0.000_012_5), "0.0000125");
        assert_eq!(excel_number(-1.5), "-1.5");
        assert_eq!(excel_number(1e20), "100000000000000000000");
        assert_eq!(excel_number(123456.789), "123456.789");
        assert_eq!(excel_number(19.999999999999996), "20");
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn delimiter_is_detected_from_the_header_line() {
        assert_eq!(detect_delimiter("a;b;c\n1,5;2;3"), b';');
        assert_eq!(detect_delimiter("a,b,c\n1;2"), b',');
        assert_eq!(detect_delimiter("\n\"x;y\",b\n"), b',');
        assert_eq!(detect_delimiter("a\tb\n"), b'\t');
        assert_eq!(detect_delimiter("single"), b',');
    }
}
