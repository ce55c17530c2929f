//! Writes the sample contract: `cargo run -p gendan-render --example contract -- LINES OUT_DIR`
//! produces `OUT_DIR/contract.pdf` and `OUT_DIR/contract.xlsx`; with `--images` (after the
//! two arguments) the PDF gets the test suite's made-up logo and stamp.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::PathBuf;

use gendan_render::{Fonts, Renderer, render_contract_xlsx, sample_contract};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let lines = args.next().map_or(Ok(3), |n| n.parse())?;
    let dir = PathBuf::from(args.next().unwrap_or_else(|| ".".to_owned()));
    let mut doc = sample_contract(lines);
    if args.next().as_deref() == Some("--images") {
        doc.logo_png = Some(common::logo_png());
        doc.stamp_png = Some(common::stamp_png());
    }
    let renderer = Renderer::new(Fonts::system()?);
    std::fs::write(dir.join("contract.pdf"), renderer.render_contract_pdf(&doc)?)?;
    std::fs::write(dir.join("contract.xlsx"), render_contract_xlsx(&doc)?)?;
    println!("wrote {}/contract.pdf and contract.xlsx", dir.display());
    Ok(())
}
