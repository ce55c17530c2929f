//! How many typical document sets one core checks per second (issue: at least 10,000).
//!
//! `cargo bench -p gendan-doccheck --bench throughput`
//!
//! The sets are the clean sets of tests/cases/clean plus every case file (each with one
//! discrepancy or edge), parsed once; the timed loop runs every rule over each set on one
//! thread, round after round, for about three seconds, and reports sets per second and the
//! median time per set over the rounds.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use gendan_doccheck::{Ctx, Options, check, input::read_set};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut sets = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs.iter().filter(|d| d.is_dir() && !d.ends_with("gen")) {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files
            .iter()
            .filter(|f| f.extension().is_some_and(|x| x == "json"))
        {
            sets.push(read_set(&std::fs::read_to_string(f).unwrap()).unwrap());
        }
    }
    let options = Options::default();
    let rules = gendan_doccheck::rules().len();
    // Warm up.
    for s in &sets {
        black_box(check(s, &options));
    }
    let mut per_set = Vec::new();
    let mut checked = 0usize;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(3) {
        let t = Instant::now();
        for s in &sets {
            black_box(check(black_box(s), &options));
        }
        per_set.push(t.elapsed().as_secs_f64() / sets.len() as f64);
        checked += sets.len();
    }
    let elapsed = started.elapsed().as_secs_f64();
    per_set.sort_by(|a, b| a.total_cmp(b));
    let median = per_set[per_set.len() / 2];
    println!(
        "doccheck: {rules} rules, {} distinct sets, {checked} checks in {elapsed:.2} s on one thread: \
         {:.0} sets/s; median {:.1} µs per set",
        sets.len(),
        checked as f64 / elapsed,
        median * 1e6
    );

    // Where the time goes: each rule alone over every set, the ten costliest.
    let mut per_rule: Vec<(&str, f64)> = gendan_doccheck::rules()
        .iter()
        .map(|r| {
            let t = Instant::now();
            for _ in 0..20 {
                for s in &sets {
                    let cx = Ctx::new(s, &options);
                    black_box((r.run)(black_box(&cx)));
                }
            }
            (r.id, t.elapsed().as_secs_f64() / (20 * sets.len()) as f64)
        })
        .collect();
    per_rule.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (id, t) in per_rule.iter().take(10) {
        println!("  {id:<28} {:>6.2} µs per set", t * 1e6);
    }
}
