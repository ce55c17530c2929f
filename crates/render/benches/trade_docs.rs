//! `cargo bench -p gendan-render --bench trade_docs`: the commercial invoice and the packing
//! list with 100 lines in 4 containers, as PDF (cold and warm) and XLSX. Plain `Instant`
//! timing like `benches/contract.rs` (the workspace uses no benchmark framework); prints
//! min / median / p95 in milliseconds. `BENCH_ITERATIONS` sets the number of samples (30).

use std::hint::black_box;
use std::time::{Duration, Instant};

use gendan_render::{
    Fonts, Renderer, render_invoice_xlsx, render_packing_list_xlsx, sample_invoice, sample_packing_list,
};

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pick = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    println!(
        "{name:<48} n={:<3} min={:>8.2} ms  median={:>8.2} ms  p95={:>8.2} ms",
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

/// Cold (typst's cache emptied before each render), then warm with a changed document each
/// time (the usual case on a server).
fn bench<D: Clone>(
    name: &str,
    iterations: usize,
    doc: &D,
    change: impl Fn(&mut D, usize),
    render: impl Fn(&D) -> Vec<u8>,
) {
    let (first, pdf) = time(|| render(doc));
    println!("{name}: {} bytes", pdf.len());
    report(&format!("{name}, first render"), vec![first]);
    let samples = (0..iterations.min(10))
        .map(|_| {
            comemo::evict(0);
            time(|| black_box(render(doc))).0
        })
        .collect();
    report(&format!("{name}, cold (typst cache emptied)"), samples);
    for _ in 0..3 {
        render(doc);
    }
    let samples = (0..iterations)
        .map(|i| {
            let mut doc = doc.clone();
            change(&mut doc, i);
            time(|| black_box(render(&doc))).0
        })
        .collect();
    report(&format!("{name}, warm, changed document"), samples);
}

fn main() {
    let iterations: usize = std::env::var("BENCH_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(30);
    let renderer = Renderer::new(Fonts::system().expect("fonts"));
    let invoice = sample_invoice(100, 4);
    let packing_list = sample_packing_list(100, 4);

    bench(
        "invoice PDF 100 lines",
        iterations,
        &invoice,
        |doc, i| {
            doc.number = format!("CI2026-{:04}", 100 + i);
            doc.lines[i % 100].quantity = format!("{}", 1_000 + i);
        },
        |doc| renderer.render_invoice_pdf(doc).expect("invoice"),
    );
    bench(
        "packing list PDF 100 lines, 4 containers",
        iterations,
        &packing_list,
        |doc, i| {
            doc.number = format!("PL2026-{:04}", 100 + i);
            doc.lines[i % 100].gross = format!("{}.500", 9_000 + i);
        },
        |doc| renderer.render_packing_list_pdf(doc).expect("packing list"),
    );

    let samples = (0..iterations)
        .map(|_| time(|| black_box(render_invoice_xlsx(&invoice).expect("xlsx"))).0)
        .collect();
    report("invoice XLSX 100 lines", samples);
    let samples = (0..iterations)
        .map(|_| time(|| black_box(render_packing_list_xlsx(&packing_list).expect("xlsx"))).0)
        .collect();
    report("packing list XLSX 100 lines", samples);
}
