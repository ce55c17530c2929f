//! Helpers shared by the render tests: PNG images made on the spot, and poppler's tools.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// An RGBA PNG of `size`×`size` pixels drawn by `pixel(x, y)`.
pub fn png(size: u32, pixel: impl Fn(f64, f64) -> [u8; 4]) -> Vec<u8> {
    png_rect(size, size, pixel)
}

/// An RGBA PNG of `width`×`height` pixels drawn by `pixel(x, y)`, (0, 0) in the middle.
pub fn png_rect(width: u32, height: u32, pixel: impl Fn(f64, f64) -> [u8; 4]) -> Vec<u8> {
    let mut data = Vec::with_capacity((width * height * 4) as usize);
    for y in 0..height {
        for x in 0..width {
            let (cx, cy) = (f64::from(width) / 2.0, f64::from(height) / 2.0);
            data.extend_from_slice(&pixel(f64::from(x) - cx, f64::from(y) - cy));
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("png header");
    writer.write_image_data(&data).expect("png data");
    writer.finish().expect("png finish");
    out
}

/// A red seal: a ring and a star-ish centre on transparency.
pub fn stamp_png() -> Vec<u8> {
    png(160, |x, y| {
        let r = (x * x + y * y).sqrt();
        if (66.0..76.0).contains(&r) || r < 14.0 {
            [200, 30, 30, 210]
        } else {
            [0, 0, 0, 0]
        }
    })
}

/// A blue handwritten-looking stroke on transparency, four times as wide as high.
pub fn signature_png() -> Vec<u8> {
    png_rect(240, 60, |x, y| {
        if (y - 14.0 * (x / 19.0).sin()).abs() < 2.5 && x.abs() < 105.0 {
            [20, 40, 150, 255]
        } else {
            [0, 0, 0, 0]
        }
    })
}

/// A green apple on white.
pub fn logo_png() -> Vec<u8> {
    png(96, |x, y| {
        if (x * x + (y - 6.0) * (y - 6.0)).sqrt() < 36.0 {
            [60, 140, 60, 255]
        } else if x.abs() < 3.0 && (-44.0..-26.0).contains(&y) {
            [110, 70, 30, 255]
        } else {
            [255, 255, 255, 255]
        }
    })
}

fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("contract.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    run(tool, args, &path)
}

fn run(tool: &str, args: &[&str], path: &Path) -> String {
    let output = Command::new(tool)
        .args(args)
        .arg(path)
        .args(if tool == "pdftotext" { &["-"][..] } else { &[][..] })
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run `{tool}` ({e}): these tests need poppler-utils \
                 (apt-get install poppler-utils)"
            )
        });
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("poppler prints UTF-8")
}

/// The text of the PDF (all pages), as `pdftotext` reads it back.
pub fn pdftotext(pdf: &[u8]) -> String {
    poppler("pdftotext", &["-enc", "UTF-8"], pdf)
}

/// The text of one page.
pub fn pdftotext_page(pdf: &[u8], page: u32) -> String {
    let page = page.to_string();
    poppler("pdftotext", &["-enc", "UTF-8", "-f", &page, "-l", &page], pdf)
}

/// Number of pages according to `pdfinfo`.
pub fn page_count(pdf: &[u8]) -> u32 {
    let info = poppler("pdfinfo", &[], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo printed no page count:\n{info}"))
}

/// The size of page `page` in points (width, height) according to `pdfinfo`.
pub fn page_size(pdf: &[u8], page: u32) -> (f64, f64) {
    let page = page.to_string();
    let info = poppler("pdfinfo", &["-f", &page, "-l", &page], pdf);
    let line = info
        .lines()
        .find(|l| l.starts_with("Page") && l.contains("size:"))
        .unwrap_or_else(|| panic!("pdfinfo printed no page size:\n{info}"));
    // `Page    5 size: 841.89 x 595.276 pts (A4)`
    let numbers: Vec<f64> = line
        .split_once("size:")
        .map(|(_, rest)| rest)
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

/// The fonts embedded in the PDF according to `pdffonts`.
pub fn pdffonts(pdf: &[u8]) -> String {
    poppler("pdffonts", &[], pdf)
}

/// Every run of whitespace as one space, lines kept, empty lines dropped.
pub fn normalise(text: &str) -> String {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whitespace-normalised text on one line, for `contains` checks across line breaks.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// `text` without the spaces pdftotext puts between Chinese and Latin characters
/// (`第 2 次修改`, `18 公斤`), other whitespace collapsed to one space.
pub fn loose(text: &str) -> String {
    let flat = flat(text);
    let chars: Vec<char> = flat.chars().collect();
    let mut out = String::with_capacity(flat.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            if before.is_some_and(is_cjk) || after.is_some_and(is_cjk) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Panics unless every string in `expected` occurs in the PDF text (compared with [`loose`]).
#[track_caller]
pub fn assert_contains_all(text: &str, expected: &[&str]) {
    let text = loose(text);
    let missing: Vec<&&str> = expected.iter().filter(|e| !text.contains(&loose(e))).collect();
    assert!(missing.is_empty(), "missing {missing:?} in PDF text:\n{text}");
}

/// A JPEG picture of the first page of `pdf` at `dpi`, as `pdftoppm` draws it: a real JPEG
/// without a JPEG encoder among the dev-dependencies.
pub fn jpeg_of(pdf: &[u8], dpi: u32) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("page.pdf");
    std::fs::write(&input, pdf).expect("write pdf");
    let output = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-jpeg", "-singlefile", "-r", &dpi.to_string()])
        .arg(&input)
        .arg(&output)
        .status()
        .unwrap_or_else(|e| panic!("cannot run `pdftoppm` ({e}): these tests need poppler-utils"));
    assert!(status.success(), "pdftoppm failed");
    std::fs::read(output.with_extension("jpg")).expect("pdftoppm wrote a JPEG")
}
