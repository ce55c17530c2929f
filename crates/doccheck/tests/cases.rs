//! Every case file under tests/cases runs through the engine (the same files run through
//! `gendan check` in the gendan crate's tests).
//!
//! Layout: `tests/cases/clean/*.json` are sets that raise no finding at all;
//! `tests/cases/<RULE-ID>/<expect>-<what>.json` is a set whose expected outcome for that
//! rule is named by the prefix: `fires-` (the rule reports a finding), `passes-` (the rule
//! ran and found nothing), `na-` (the rule could not run). The edge of a tolerance is a
//! `passes-edge-…` case, one unit beyond it a `fires-beyond-…` case.

use std::path::{Path, PathBuf};

use gendan_doccheck::{Options, check, rule};
use gendan_domain::document_set::DocumentSet;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

fn read(path: &Path) -> DocumentSet {
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn clean_sets_raise_no_finding() {
    let files = json_files(&cases_dir().join("clean"));
    assert!(!files.is_empty());
    for f in files {
        let report = check(&read(&f), &Options::default());
        assert!(
            report.findings.is_empty(),
            "{}: {:#?}",
            f.display(),
            report.findings
        );
    }
}

#[test]
fn every_case_file_has_the_outcome_its_name_says() {
    let mut failures = Vec::new();
    let mut count = 0;
    for entry in std::fs::read_dir(cases_dir()).unwrap() {
        let dir = entry.unwrap().path();
        let Some(id) = dir.file_name().and_then(|n| n.to_str()).map(str::to_string) else {
            continue;
        };
        if !dir.is_dir() || id == "clean" || id == "gen" {
            continue;
        }
        assert!(rule(&id).is_some(), "{id}: no such rule");
        for f in json_files(&dir) {
            count += 1;
            let name = f.file_name().unwrap().to_str().unwrap().to_string();
            let report = check(&read(&f), &Options::default());
            let ok = if name.starts_with("fires-") {
                report.fired(&id)
            } else if name.starts_with("passes-") {
                !report.fired(&id) && !report.is_not_applicable(&id)
            } else if name.starts_with("na-") {
                report.is_not_applicable(&id) && !report.fired(&id)
            } else {
                panic!("{id}/{name}: the name must start with fires-, passes- or na-")
            };
            if !ok {
                failures.push(format!(
                    "{id}/{name}: fired={} not_applicable={} findings={:?}",
                    report.fired(&id),
                    report.is_not_applicable(&id),
                    report
                        .findings
                        .iter()
                        .filter(|x| x.rule == id)
                        .map(|x| &x.message.en)
                        .collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{count} cases, {} wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_a_firing_a_passing_and_an_edge_case() {
    let mut missing = Vec::new();
    for r in gendan_doccheck::rules() {
        let dir = cases_dir().join(r.id);
        let names: Vec<String> = if dir.is_dir() {
            json_files(&dir)
                .iter()
                .map(|p| p.file_name().unwrap().to_str().unwrap().to_string())
                .collect()
        } else {
            Vec::new()
        };
        let fires = names.iter().any(|n| n.starts_with("fires-"));
        let passes = names.iter().any(|n| n.starts_with("passes-"));
        if !(fires && passes && names.len() >= 3) {
            missing.push(r.id);
        }
    }
    assert!(
        missing.is_empty(),
        "rules without fires/passes/third case: {missing:?}"
    );
}
