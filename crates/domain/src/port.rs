//! Ports (港口) by UN/LOCODE, the United Nations Code for Trade and Transport Locations
//! (UNECE Recommendation No. 16).
//!
//! The list is the sea ports (function `1`) of the UN/LOCODE 2022-1 edition, embedded in the
//! binary and parsed once on first use. Carriers and bills of lading use some codes for Chinese
//! ports that UN/LOCODE 2022 gives to an airport (CNTAO Qingdao, CNSHA Shanghai, CNYNT Yantai,
//! CNNGB Ningbo …); those trade codes are accepted as ports too, under the trade's name, and
//! point to the official port codes (see [`Port::alias`]).
//!
//! Rows whose country is `XZ` (installations in international waters) are left out: `XZ` is
//! not an ISO 3166-1 code, and every [`Port`] has a real [`CountryCode`].

use crate::country::{CountryCode, country_name};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

const PORTS_CSV: &str = include_str!("../data/unlocode-ports.csv");
const ALIASES_CSV: &str = include_str!("../data/port-aliases.csv");

/// A port (港口) by its five-character UN/LOCODE: two letters of the ISO 3166-1 country and
/// three characters for the location (`NLRTM` Rotterdam).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Port {
    /// The UN/LOCODE, upper case, five characters.
    pub code: String,
    pub country: CountryCode,
    /// The name as UNECE writes it, with diacritics (`Nordby Havn, Fanø`).
    pub name: String,
    /// The same name without diacritics (`Nordby Havn, Fano`), for documents and search.
    pub name_ascii: String,
    /// ISO 3166-2 subdivision code without the country prefix (`ZH` for Zuid-Holland).
    pub subdivision: Option<String>,
}

/// A trade code for a port that UN/LOCODE gives to another location (usually an airport),
/// as carriers and bills of lading use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortAlias {
    /// The trade code, e.g. `CNTAO`.
    pub code: String,
    /// The official UN/LOCODE port codes of the same port (`CNQDG`, `CNQIN`); may be empty.
    pub official_port_codes: Vec<String>,
    /// Why the alias exists.
    pub note: String,
}

struct Index {
    ports: Vec<Port>,
    /// Lower-case `name` and `name_ascii` of `ports[i]`, for search.
    lower: Vec<(String, String)>,
    by_code: HashMap<String, usize>,
    aliases: HashMap<String, PortAlias>,
    /// Rows of the CSV files that could not be read (the tests require none).
    malformed: usize,
    /// Rows left out because their country is not an ISO 3166-1 code (`XZ`).
    not_a_country: usize,
}

static INDEX: OnceLock<Index> = OnceLock::new();

fn index() -> &'static Index {
    INDEX.get_or_init(load)
}

fn is_code(s: &str) -> bool {
    s.len() == 5 && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn load() -> Index {
    let mut ix = Index {
        ports: Vec::new(),
        lower: Vec::new(),
        by_code: HashMap::new(),
        aliases: HashMap::new(),
        malformed: 0,
        not_a_country: 0,
    };
    let push = |ix: &mut Index, port: Port, replace: bool| {
        let i = ix.ports.len();
        ix.lower
            .push((port.name.to_lowercase(), port.name_ascii.to_lowercase()));
        if replace {
            ix.by_code.insert(port.code.clone(), i);
        } else {
            ix.by_code.entry(port.code.clone()).or_insert(i);
        }
        ix.ports.push(port);
    };
    // unlocode,country,name,name_ascii,subdivision,coordinates
    for row in crate::csv::parse(PORTS_CSV).into_iter().skip(1) {
        let [code, country, name, name_ascii, subdivision, _coordinates] = row.as_slice() else {
            ix.malformed += 1;
            continue;
        };
        if !is_code(code) || name.trim().is_empty() {
            ix.malformed += 1;
            continue;
        }
        let Ok(country) = CountryCode::parse(country) else {
            ix.not_a_country += 1;
            continue;
        };
        let name = name.trim().to_string();
        let name_ascii = match name_ascii.trim() {
            "" => name.clone(),
            a => a.to_string(),
        };
        let subdivision = Some(subdivision.trim().to_string()).filter(|s| !s.is_empty());
        let port = Port {
            code: code.clone(),
            country,
            name,
            name_ascii,
            subdivision,
        };
        push(&mut ix, port, false);
    }
    // code,name,country,official_port_codes,note
    for row in crate::csv::parse(ALIASES_CSV).into_iter().skip(1) {
        let [code, name, country, official, note] = row.as_slice() else {
            ix.malformed += 1;
            continue;
        };
        let (true, Ok(country), false) = (is_code(code), CountryCode::parse(country), name.trim().is_empty())
        else {
            ix.malformed += 1;
            continue;
        };
        // The official port's subdivision, when the alias names one we know.
        let official_port_codes: Vec<String> = official.split_whitespace().map(str::to_string).collect();
        let subdivision = official_port_codes
            .iter()
            .filter_map(|c| ix.by_code.get(c))
            .find_map(|&i| ix.ports[i].subdivision.clone());
        let port = Port {
            code: code.clone(),
            country,
            name: name.trim().to_string(),
            name_ascii: name.trim().to_string(),
            subdivision,
        };
        ix.aliases.insert(
            code.clone(),
            PortAlias {
                code: code.clone(),
                official_port_codes,
                note: note.trim().to_string(),
            },
        );
        // A trade code wins over any UN/LOCODE row of the same code (an airport, if any).
        push(&mut ix, port, true);
    }
    ix
}

impl Port {
    /// The port with this UN/LOCODE or trade alias, ignoring case and surrounding spaces
    /// (`nlrtm`, ` CNTAO `). A space between country and location (`NL RTM`), as UNECE prints
    /// it, is accepted too.
    pub fn lookup(code: &str) -> Option<&'static Port> {
        let t = code.trim();
        if t.len() > 6 || !t.is_ascii() {
            return None;
        }
        let up: String = t
            .chars()
            .filter(|c| *c != ' ')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let ix = index();
        ix.by_code.get(&up).map(|&i| &ix.ports[i])
    }

    /// Ports whose code starts with `query` or whose name (or ASCII name) contains it, case
    /// insensitive, at most `limit`. Order: the exact code first, then ports whose name starts
    /// with the query, then the rest; within each, trade aliases first, then by name and code.
    pub fn search(query: &str, limit: usize) -> Vec<&'static Port> {
        let q = query.trim();
        if q.is_empty() || limit == 0 {
            return Vec::new();
        }
        let q_lower = q.to_lowercase();
        let q_code: String = q
            .chars()
            .filter(|c| *c != ' ')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let ix = index();
        let mut hits: Vec<(u8, bool, &str, &str, usize)> = Vec::new();
        for (i, (p, (name, ascii))) in ix.ports.iter().zip(&ix.lower).enumerate() {
            let rank = if p.code == q_code {
                0
            } else if name.starts_with(&q_lower) || ascii.starts_with(&q_lower) {
                1
            } else if (q_code.len() <= 5 && p.code.starts_with(&q_code))
                || name.contains(&q_lower)
                || ascii.contains(&q_lower)
            {
                2
            } else {
                continue;
            };
            // A code that appears twice (UNECE's bilingual names) counts once, with its
            // best-ranked name.
            hits.push((
                rank,
                !ix.aliases.contains_key(&p.code),
                ascii.as_str(),
                p.code.as_str(),
                i,
            ));
        }
        hits.sort_unstable();
        let mut seen = std::collections::HashSet::new();
        hits.into_iter()
            .filter(|h| seen.insert(h.3))
            .take(limit)
            .map(|h| &ix.ports[h.4])
            .collect()
    }

    /// Every port, in file order (UN/LOCODE ports, then the trade aliases).
    pub fn all() -> &'static [Port] {
        &index().ports
    }

    /// When this code is a trade alias (`CNTAO`): the official port codes and why.
    pub fn alias(&self) -> Option<&'static PortAlias> {
        index().aliases.get(&self.code)
    }

    /// The country's English short name (`Netherlands`).
    pub fn country_name(&self) -> &'static str {
        country_name(self.country)
    }
}

/// `Rotterdam, Netherlands (NLRTM)`.
impl fmt::Display for Port {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {} ({})", self.name, self.country_name(), self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_loads_completely() {
        let ix = index();
        assert_eq!(ix.malformed, 0);
        assert_eq!(ix.not_a_country, 24, "only the XZ rows are left out");
        assert!(Port::all().len() > 10_000, "{}", Port::all().len());
        assert!(ix.aliases.len() >= 4);
    }

    #[test]
    fn rotterdam_by_code() {
        let p = Port::lookup("NLRTM").unwrap();
        assert_eq!(p.name, "Rotterdam");
        assert_eq!(p.country.as_str(), "NL");
        assert_eq!(p.subdivision.as_deref(), Some("ZH"));
        assert_eq!(p.to_string(), "Rotterdam, Netherlands (NLRTM)");
        assert_eq!(Port::lookup(" nlrtm "), Some(p));
        assert_eq!(Port::lookup("NL RTM"), Some(p));
        assert!(p.alias().is_none());
    }

    #[test]
    fn qingdao_by_trade_alias() {
        let p = Port::lookup("cntao").unwrap();
        assert_eq!(p.name, "Qingdao");
        assert_eq!(p.country.as_str(), "CN");
        assert_eq!(p.subdivision.as_deref(), Some("SD"));
        assert_eq!(p.to_string(), "Qingdao, China (CNTAO)");
        let a = p.alias().unwrap();
        assert_eq!(a.official_port_codes, ["CNQDG", "CNQIN"]);
        for code in ["CNSHA", "CNYNT", "CNNGB"] {
            assert!(Port::lookup(code).is_some_and(|p| p.alias().is_some()), "{code}");
        }
        assert_eq!(Port::lookup("CNSHA").unwrap().name, "Shanghai");
    }

    #[test]
    fn jakarta_is_in_the_list() {
        let p = Port::lookup("IDJKT").unwrap();
        assert_eq!(p.name, "Jakarta, Java");
        assert_eq!(p.country_name(), "Indonesia");
    }

    #[test]
    fn unknown_codes_are_none() {
        for code in ["XXXXX", "NLRTX", "", "NLRTMM", "ROTTERDAM", "AEAB", "ÄÄÄÄÄ"] {
            assert_eq!(Port::lookup(code), None, "{code}");
        }
    }

    #[test]
    fn ascii_names_and_subdivisions() {
        let p = Port::lookup("DKNDB").unwrap();
        assert_eq!(p.name, "Nordby Havn, Fanø");
        assert_eq!(p.name_ascii, "Nordby Havn, Fano");
        assert_eq!(p.subdivision, None);
        assert!(Port::search("havn, fano", 5).iter().any(|p| p.code == "DKNDB"));
    }

    #[test]
    fn search_by_name_ranks_prefix_first() {
        let hits: Vec<&str> = Port::search("rotter", 10)
            .iter()
            .map(|p| p.code.as_str())
            .collect();
        assert_eq!(hits.first(), Some(&"NLRTM"));
        assert!(hits.contains(&"USRAJ"));
        // "rdam" is inside the names only.
        let inner = Port::search("RDAM", 50);
        assert!(inner.iter().any(|p| p.code == "NLRTM"));
        assert!(inner.iter().any(|p| p.code == "NLAMS"));
    }

    #[test]
    fn search_puts_the_exact_code_first_then_name_prefixes() {
        let hits = Port::search("cntao", 5);
        assert_eq!(hits[0].code, "CNTAO");
        let hits = Port::search("qingdao", 5);
        assert_eq!(hits[0].code, "CNTAO", "the trade alias leads");
        assert!(hits.iter().any(|p| p.code == "CNQIN"));
        // Code prefix: every NL port, limited.
        let nl = Port::search("NLR", 100);
        assert!(nl.iter().any(|p| p.code == "NLRTM"));
        assert!(Port::search("nl", 7).len() == 7);
        assert!(Port::search("  ", 10).is_empty());
        assert!(Port::search("rotter", 0).is_empty());
        assert!(Port::search("zzzzzzzz", 10).is_empty());
    }

    #[test]
    fn duplicate_codes_appear_once_in_search() {
        let hits = Port::search("BEBRU", 10);
        assert_eq!(hits.iter().filter(|p| p.code == "BEBRU").count(), 1);
        let hits = Port::search("brussel", 10);
        assert_eq!(hits.iter().filter(|p| p.code == "BEBRU").count(), 1);
    }

    #[test]
    fn quoted_names_with_commas_load() {
        let p = Port::lookup("BSFPO").unwrap();
        assert_eq!(p.name, "Freeport, Grand Bahama");
    }
}
