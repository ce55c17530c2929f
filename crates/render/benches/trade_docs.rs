//! `cargo bench -p gendan-render --bench trade_docs`: the commercial invoice and the packing
//! list with 100 lines in 4 containers, as PDF (cold and warm) and XLSX; the shipping
//! instruction form and the draft (cold and warm); the full document set of a shipment
//! (invoice, packing list, shipping instruction, certificate of origin and phytosanitary
//! applications, insurance declaration, draft) rendered one after another, and bundled into
//! one PDF. Plain `Instant` timing like `benches/contract.rs` (the workspace uses no
//! benchmark framework); prints min / median / p95 in milliseconds. `BENCH_ITERATIONS` sets
//! the number of samples (30).

use std::hint::black_box;
use std::time::{Duration, Instant};

use gendan_render::{
    BundleKind, BundlePart, Fonts, Renderer, render_invoice_xlsx, render_packing_list_xlsx, sample_draft,
    sample_form, sample_forms, sample_invoice, sample_packing_list,
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

    bench(
        "shipping instruction PDF, 2 containers",
        iterations,
        &sample_form(),
        |doc, i| {
            doc.number = format!("SI2026-{:04}", 100 + i);
            doc.fields[0].value = format!("CARRIER {i}");
        },
        |doc| renderer.render_form_pdf(doc).expect("shipping instruction"),
    );
    bench(
        "draft PDF, FIRST and SECOND",
        iterations,
        &sample_draft(),
        |doc, i| {
            doc.number = format!("CI2026-{:04}", 100 + i);
            doc.amount = format!("{},472.00", 10 + i);
        },
        |doc| renderer.render_draft_pdf(doc).expect("draft"),
    );

    // The documents of one shipment (3 lines in 2 containers), as the set is downloaded.
    let set_invoice = sample_invoice(3, 2);
    let set_list = sample_packing_list(3, 2);
    let forms = sample_forms();
    let draft = sample_draft();
    let full_set = |i: usize| -> Vec<Vec<u8>> {
        let mut invoice = set_invoice.clone();
        invoice.number = format!("CI2026-{:04}", 100 + i);
        let mut pdfs = vec![
            renderer.render_invoice_pdf(&invoice).expect("invoice"),
            renderer.render_packing_list_pdf(&set_list).expect("packing list"),
        ];
        pdfs.extend(forms.iter().map(|f| renderer.render_form_pdf(f).expect("form")));
        pdfs.push(renderer.render_draft_pdf(&draft).expect("draft"));
        pdfs
    };
    let (first, pdfs) = time(|| full_set(0));
    println!(
        "full set: {} PDFs, {} bytes",
        pdfs.len(),
        pdfs.iter().map(Vec::len).sum::<usize>()
    );
    report("full set (7 PDFs), first render", vec![first]);
    let samples = (0..iterations.min(10))
        .map(|i| {
            comemo::evict(0);
            time(|| black_box(full_set(i))).0
        })
        .collect();
    report("full set (7 PDFs), cold (typst cache emptied)", samples);
    let samples = (0..iterations)
        .map(|i| time(|| black_box(full_set(i))).0)
        .collect();
    report("full set (7 PDFs), warm, changed invoice", samples);

    let parts: Vec<BundlePart> = pdfs
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| BundlePart {
            title: format!("document {}", i + 1),
            bytes,
            kind: BundleKind::Pdf,
        })
        .collect();
    let (first, bundle) = time(|| renderer.render_bundle_pdf(&parts).expect("bundle"));
    println!("bundle of the full set: {} bytes", bundle.len());
    report("bundle of the full set, first render", vec![first]);
    let samples = (0..iterations)
        .map(|i| {
            // A new title each time: the bundle is laid out again, the parsed PDFs are reused.
            let mut parts = parts.clone();
            parts[0].title = format!("Commercial invoice CI2026-{:04}", 100 + i);
            time(|| black_box(renderer.render_bundle_pdf(&parts).expect("bundle"))).0
        })
        .collect();
    report("bundle of the full set, warm, changed title", samples);
}
