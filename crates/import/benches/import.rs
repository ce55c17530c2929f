//! Import benchmark: 10,000 product rows as .xlsx and as CSV, built in memory, then
//! `read_table` and `products()` (grouping and domain validation) timed separately.
//!
//! `cargo bench -p gendan-import` (release profile). `GENDAN_BENCH_ROWS` and
//! `GENDAN_BENCH_RUNS` change the row count (default 10,000) and the runs per case (10).

use gendan_import::{Format, products, read_table, sample_products_csv, sample_products_xlsx};
use std::time::{Duration, Instant};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn summary(label: &str, mut times: Vec<Duration>, rows: usize) {
    times.sort();
    let min = times[0];
    let median = times[times.len() / 2];
    let per_sec = rows as f64 / median.as_secs_f64();
    println!(
        "  {label:<24} min {:>10}  median {:>10}  ({per_sec:>9.0} rows/s at the median)",
        ms(min),
        ms(median)
    );
}

fn main() {
    let rows = env("GENDAN_BENCH_ROWS", 10_000);
    let runs = env("GENDAN_BENCH_RUNS", 10).max(1);
    let t = Instant::now();
    let xlsx = sample_products_xlsx(rows);
    let made_xlsx = t.elapsed();
    let t = Instant::now();
    let csv = sample_products_csv(rows);
    let made_csv = t.elapsed();
    println!("gendan-import: {rows} product rows, {runs} runs per case");
    println!(
        "  generated xlsx {} KiB in {}, csv {} KiB in {}",
        xlsx.len() / 1024,
        ms(made_xlsx),
        csv.len() / 1024,
        ms(made_csv)
    );
    for (name, bytes, format) in [("xlsx", &xlsx, Format::Xlsx), ("csv", &csv, Format::Csv)] {
        let (mut read, mut validate, mut total) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..runs {
            let t0 = Instant::now();
            let table = read_table(bytes, format).expect("sample reads");
            let t1 = Instant::now();
            let preview = products(&table).expect("sample has the right columns");
            let t2 = Instant::now();
            assert!(preview.is_valid(), "sample rows are valid");
            assert_eq!(preview.items.len(), rows);
            std::hint::black_box(&preview);
            read.push(t1 - t0);
            validate.push(t2 - t1);
            total.push(t2 - t0);
        }
        println!("{name}:");
        summary("read_table", read, rows);
        summary("products()", validate, rows);
        summary("read_table + products()", total, rows);
    }
}
