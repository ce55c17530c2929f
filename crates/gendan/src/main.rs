//! `gendan`: the one binary. Serves the web application and API, runs migrations, manages
//! users, verifies the audit trail, and runs the demo.

mod cli;
mod config;
mod demo;
mod demo_data;
mod demo_documents;
mod demo_instructions;
mod demo_receivables;
mod demo_shipments;
mod demo_trade;
mod seed;

use std::process::ExitCode;

/// mimalloc: the list endpoints allocate many small strings per row, and glibc's malloc
/// spent a fifth of the CPU there under load (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::main()
}
