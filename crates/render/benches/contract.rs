//! `cargo bench -p gendan-render`: font loading, PDF and XLSX rendering of the sample
//! contract. Plain `Instant` timing; prints min / median / p95 in milliseconds.

use std::hint::black_box;
use std::time::{Duration, Instant};

use gendan_render::{Fonts, Renderer, render_contract_xlsx, sample_contract};

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pick = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    println!(
        "{name:<44} n={:<3} min={:>8.2} ms  median={:>8.2} ms  p95={:>8.2} ms",
        samples.len(),
        ms(samples[0]),
        ms(pick(0.5)),
        ms(pick(0.95)),
    );
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let out = f();
    (start.elapsed(), out)
}

fn main() {
    let iterations: usize = std::env::var("BENCH_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(30);
    let doc = sample_contract(100);

    // The very first render in the process: nothing cached, font faces not yet parsed.
    let (load, fonts) = time(|| Fonts::system().expect("fonts"));
    let renderer = Renderer::new(fonts);
    let (first, pdf) = time(|| renderer.render_contract_pdf(&doc).expect("render"));
    println!("fonts: {:?}; 100-line PDF: {} bytes", renderer.fonts(), pdf.len());
    report("font load, first in process (Fonts::system)", vec![load]);
    report("PDF 100 lines, first render in process", vec![first]);

    let samples = (0..iterations.min(10))
        .map(|_| time(|| black_box(Fonts::system().expect("fonts"))).0)
        .collect();
    report("font load (Fonts::system)", samples);

    // Cold: typst's memo cache emptied before each render (fonts stay parsed).
    let samples = (0..iterations.min(10))
        .map(|_| {
            comemo::evict(0);
            time(|| black_box(renderer.render_contract_pdf(&doc).expect("render"))).0
        })
        .collect();
    report("PDF 100 lines, cold (typst cache emptied)", samples);

    // Warm, the same document again (e.g. a re-download).
    for _ in 0..3 {
        renderer.render_contract_pdf(&doc).expect("warm-up");
    }
    let samples = (0..iterations)
        .map(|_| time(|| black_box(renderer.render_contract_pdf(&doc).expect("render"))).0)
        .collect();
    report("PDF 100 lines, warm, same document", samples);

    // Warm, a different document each time (the usual case on a server).
    let samples = (0..iterations)
        .map(|i| {
            let mut doc = doc.clone();
            doc.number = format!("SC-2026-{:04}", 100 + i);
            doc.lines[i % 100].quantity = format!("{}", 1_000 + i);
            time(|| black_box(renderer.render_contract_pdf(&doc).expect("render"))).0
        })
        .collect();
    report("PDF 100 lines, warm, changed document", samples);

    let small = sample_contract(3);
    let samples = (0..iterations)
        .map(|i| {
            let mut doc = small.clone();
            doc.number = format!("SC-2027-{i:04}");
            time(|| black_box(renderer.render_contract_pdf(&doc).expect("render"))).0
        })
        .collect();
    report("PDF 3 lines, warm, changed document", samples);

    for _ in 0..3 {
        render_contract_xlsx(&doc).expect("warm-up");
    }
    let (_, xlsx) = time(|| render_contract_xlsx(&doc).expect("xlsx"));
    println!("100-line XLSX: {} bytes", xlsx.len());
    let samples = (0..iterations)
        .map(|_| time(|| black_box(render_contract_xlsx(&doc).expect("xlsx"))).0)
        .collect();
    report("XLSX 100 lines", samples);
}
