//! A minimal reader for the reference CSV files compiled into the binary (RFC 4180: fields
//! separated by commas, optionally quoted, `""` inside quotes for a quote). Only for our own
//! embedded data; imports of user files use a full reader at the edge.

/// The records of `text`, header line skipped, each split into its fields.
pub fn records(text: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    text.lines().skip(1).filter(|l| !l.trim().is_empty()).map(fields)
}

/// Split one line into its fields.
pub fn fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.trim_end_matches('\r').chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_keep_their_commas_and_quotes() {
        assert_eq!(
            fields(r#"0101,"Horses, asses ""and"" mules",01,4"#),
            vec!["0101", r#"Horses, asses "and" mules"#, "01", "4"]
        );
        assert_eq!(fields("a,,c"), vec!["a", "", "c"]);
    }
}
