//! A reader for the reference CSV files compiled into the binary (RFC 4180: comma-separated
//! fields; a field in double quotes may hold commas, line breaks and doubled quotes). Only for
//! our own embedded data; imports of user files use a full reader at the edge.

/// Parse CSV text (RFC 4180): comma-separated fields, a field in double quotes may contain
/// commas, line breaks and doubled quotes (`""`). `\r\n` and `\n` both end a record; empty
/// lines are skipped.
pub fn parse(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut touched = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                in_quotes = true;
                touched = true;
            }
            ',' => {
                record.push(std::mem::take(&mut field));
                touched = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                if touched || !field.is_empty() {
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                }
                touched = false;
            }
            _ => {
                field.push(c);
                touched = true;
            }
        }
    }
    if touched || !field.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

/// The records of `text` after its header line.
pub fn records(text: &str) -> impl Iterator<Item = Vec<String>> {
    parse(text).into_iter().skip(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_parser_handles_quotes() {
        let rows = crate::csv::parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\n\n\"multi\nline\",,z");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0], ["a", "b", "c"]);
        assert_eq!(rows[1], ["x, y", "say \"hi\"", ""]);
        assert_eq!(rows[2], ["multi\nline", "", "z"]);
    }

    #[test]
    fn records_skip_the_header() {
        let r: Vec<_> = records("code,name\n0101,\"Horses, asses\"\n").collect();
        assert_eq!(r, vec![vec!["0101".to_string(), "Horses, asses".to_string()]]);
    }
}
