//! `gendan`: the one binary. Serves the web application and API, runs migrations, manages
//! users, verifies the audit trail, and runs the demo.

mod cli;
mod config;
mod demo;
mod demo_data;
mod seed;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
