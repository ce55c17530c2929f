//! The command line. Bad input exits with code 2 and a message naming what was wrong.

use crate::config::{FileConfig, Settings};
use clap::{Args, Parser, Subcommand};
use gendan_domain::audit::Actor;
use gendan_domain::clock::{Clock, SystemClock};
use gendan_domain::role::Role;
use gendan_store::{NewUser, Store, WriteContext};
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "gendan",
    version,
    about = "Gendan (跟单): follow export orders from contract to cash"
)]
struct Cli {
    #[command(flatten)]
    db: DbArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct DbArgs {
    /// postgres://user@host/db for PostgreSQL; without it, an embedded SQLite file in the data dir
    #[arg(long, global = true, env = "GENDAN_DATABASE_URL")]
    database_url: Option<String>,
    /// Where the SQLite database lives
    #[arg(long, global = true, env = "GENDAN_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Optional TOML file with the same settings (flags and environment win)
    #[arg(long, global = true, env = "GENDAN_CONFIG")]
    config: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web application and API
    Serve {
        /// host:port to listen on (default 127.0.0.1:8080)
        #[arg(long, env = "GENDAN_BIND")]
        bind: Option<String>,
    },
    /// Create or update the database schema, then exit
    Migrate,
    /// Create (or reuse) a demo database in ./demo-data and serve it
    Demo {
        #[arg(long, env = "GENDAN_BIND")]
        bind: Option<String>,
    },
    /// Manage users
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The audit trail
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Import products or customers from an .xlsx or .csv file: all rows or none
    Import {
        /// products or customers
        kind: String,
        /// The .xlsx or .csv file
        file: std::path::PathBuf,
        /// Save (without it: only check and report)
        #[arg(long)]
        commit: bool,
    },
    /// Plan a container load (装箱计算) from a JSON file: how many cartons fit, the binding
    /// limit, every placement and the reefer settings
    Loadplan {
        /// The input JSON (container, cargo, support, time_limit_ms, seed); `-` for stdin
        file: std::path::PathBuf,
        /// json (the full plan), text (a summary) or svg (an isometric view of the load)
        #[arg(long, default_value = "json")]
        format: String,
    },
    /// Check container numbers (箱号) by ISO 6346: owner code, equipment category, serial and
    /// check digit; a wrong digit names the right one (exit code 2 if any is wrong)
    Container {
        /// One or more numbers, e.g. `MSKU9070323` or `"MSKU 907032 3"`
        #[arg(required = true)]
        numbers: Vec<String>,
    },
    /// Cross-check a document set (单证审核) in the interchange format: every rule of the
    /// catalogue; exit 0 without a blocking finding, 1 with one, 2 on invalid input
    Check {
        /// The document set (JSON, document-set.md); `-` for stdin
        file: std::path::PathBuf,
        /// text (for people) or json (`{"findings": [...], "not_applicable": [...]}`)
        #[arg(long, default_value = "text")]
        format: String,
        /// Language of the messages in text output: en or zh
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Receivables (应收款) computed from every order's payment terms and recorded events:
    /// each open instalment with its due date, and the aging per customer
    Receivables {
        /// Only instalments past due
        #[arg(long)]
        overdue: bool,
        /// text (a table) or json (the API's report)
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Make today's payment reminders (催款) now: e-mails to buyers in the outbox, tasks for
    /// finance, escalations to the sales managers; orders that are done close
    Reminders,
    /// Write a sample products file of N valid rows (for trying and timing imports)
    SampleImport {
        /// How many product rows
        #[arg(long, default_value_t = 10_000)]
        rows: usize,
        /// Where to write it (.xlsx or .csv by the extension)
        out: std::path::PathBuf,
    },
    /// Fill the database with synthetic records (benchmarks, load tests)
    Seed {
        /// How many parties to create
        #[arg(long, default_value_t = 100_000)]
        parties: u64,
        /// Parties per transaction
        #[arg(long, default_value_t = 5_000)]
        batch: u64,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user; the password is read from standard input
    Add {
        #[arg(long)]
        email: String,
        /// admin, sales_manager, merchandiser, documentation, shipping, finance, production, viewer
        #[arg(long)]
        role: String,
        /// Display name (default: the e-mail)
        #[arg(long)]
        name: Option<String>,
        /// zh-CN or en
        #[arg(long, default_value = "zh-CN")]
        locale: String,
        /// Read the password from the first line of standard input
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List users
    List,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the whole hash chain and name the first broken link
    Verify,
}

/// A user error: printed, exit code 2.
struct BadInput(String);

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(cli)) {
        Ok(code) => code,
        Err(Outcome::Bad(BadInput(msg))) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
        Err(Outcome::Failed(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

enum Outcome {
    Bad(BadInput),
    Failed(anyhow::Error),
}

impl<E: Into<anyhow::Error>> From<E> for Outcome {
    fn from(e: E) -> Self {
        Outcome::Failed(e.into())
    }
}

fn bad(msg: impl Into<String>) -> Outcome {
    Outcome::Bad(BadInput(msg.into()))
}

fn settings(db: &DbArgs, bind: Option<String>, default_dir: &str) -> Result<Settings, Outcome> {
    let file = FileConfig::load(db.config.as_deref()).map_err(bad)?;
    Settings::resolve(
        file,
        db.database_url.clone(),
        db.data_dir.clone(),
        bind,
        default_dir,
    )
    .map_err(bad)
}

async fn open(s: &Settings) -> Result<Arc<dyn Store>, Outcome> {
    gendan_store_sql::open(s.database_url.as_deref(), &s.data_dir)
        .await
        .map_err(|e| Outcome::Failed(anyhow::anyhow!(e)))
}

async fn run(cli: Cli) -> Result<ExitCode, Outcome> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    match cli.command {
        Command::Serve { bind } => {
            let s = settings(&cli.db, bind, "gendan-data")?;
            let store = open(&s).await?;
            bootstrap_admin(&*store, &*clock).await?;
            if store.count_users().await? == 0 {
                tracing::warn!(
                    "no users yet: add one with `gendan user add --email you@example.com --role admin --password-stdin` \
                     or start with GENDAN_ADMIN_EMAIL and GENDAN_ADMIN_PASSWORD"
                );
            }
            serve(&s, store, clock, None).await
        }
        Command::Migrate => {
            let s = settings(&cli.db, None, "gendan-data")?;
            let store = open(&s).await?;
            println!("database is up to date ({})", store.backend());
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo { bind } => {
            let s = settings(&cli.db, bind, "demo-data")?;
            let store = open(&s).await?;
            let created = crate::demo::ensure(&store, &*clock).await?;
            let mut banner = String::new();
            banner.push_str(if created {
                "demo database created"
            } else {
                "demo database reused"
            });
            banner.push_str(&format!(
                " in {}\n",
                if s.database_url.is_some() {
                    "the given database".to_string()
                } else {
                    s.data_dir.display().to_string()
                }
            ));
            banner.push_str(&format!("logins (password `{}`):\n", crate::demo::DEMO_PASSWORD));
            for r in Role::ALL {
                banner.push_str(&format!("  {:<14} {}\n", r.as_str(), crate::demo::demo_email(r)));
            }
            serve(&s, store, clock, Some(banner)).await
        }
        Command::User { command } => {
            let s = settings(&cli.db, None, "gendan-data")?;
            match command {
                UserCommand::Add {
                    email,
                    role,
                    name,
                    locale,
                    password_stdin: _,
                } => {
                    let role = Role::parse(&role).map_err(|e| bad(format!("--role: {e}")))?;
                    if !gendan_domain::party::is_plausible_email(email.trim()) {
                        return Err(bad(format!("--email: `{email}` is not an e-mail address")));
                    }
                    if !gendan_web::i18n::LOCALES.contains(&locale.as_str()) {
                        return Err(bad("--locale: use zh-CN or en"));
                    }
                    let mut password = String::new();
                    std::io::stdin().lock().read_line(&mut password)?;
                    let password = password.trim_end_matches(['\n', '\r']).to_string();
                    if password.chars().count() < gendan_web::api::auth::MIN_PASSWORD {
                        return Err(bad(format!(
                            "password on stdin: must have at least {} characters",
                            gendan_web::api::auth::MIN_PASSWORD
                        )));
                    }
                    let store = open(&s).await?;
                    let hash = gendan_web::auth::hash_password(&password).map_err(anyhow::Error::msg)?;
                    let ctx = WriteContext {
                        actor: Actor::system(),
                        at: clock.now(),
                    };
                    let u = store
                        .create_user(
                            NewUser {
                                display_name: name.unwrap_or_else(|| email.clone()),
                                email,
                                role,
                                locale,
                                password_hash: hash,
                            },
                            &ctx,
                        )
                        .await
                        .map_err(|e| match e {
                            gendan_store::StoreError::Duplicate { field, value } => {
                                bad(format!("--{field}: `{value}` already has a user"))
                            }
                            e => Outcome::Failed(e.into()),
                        })?;
                    println!("added {} ({}) id {}", u.email, u.role, u.id);
                }
                UserCommand::List => {
                    let store = open(&s).await?;
                    for u in store.list_users().await? {
                        println!("{}\t{}\t{}\t{}", u.email, u.role, u.locale, u.display_name);
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let s = settings(&cli.db, None, "gendan-data")?;
            let store = open(&s).await?;
            let r = store.verify_audit_chain().await?;
            match r.first_broken {
                None => {
                    println!("audit chain intact: {} events verified", r.events_checked);
                    Ok(ExitCode::SUCCESS)
                }
                Some(b) => {
                    println!(
                        "audit chain BROKEN at event {}{}: {} ({} events before it verified)",
                        b.seq,
                        b.event_id.map(|i| format!(" (id {i})")).unwrap_or_default(),
                        b.reason,
                        r.events_checked
                    );
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Receivables { overdue, format } => {
            if !matches!(format.as_str(), "text" | "json") {
                return Err(bad(format!("--format `{format}`: text or json")));
            }
            let s = settings(&cli.db, None, "gendan-data")?;
            let store = open(&s).await?;
            let state = gendan_web::AppState::new(store, clock.clone(), gendan_web::WebConfig::default());
            let q = gendan_web::receivables::ReceivableQuery {
                overdue: Some(overdue),
                ..Default::default()
            };
            let r = gendan_web::receivables::report(&state, &q)
                .await
                .map_err(|e| bad(e.detail))?;
            if format == "json" {
                println!("{}", serde_json::to_string_pretty(&r)?);
                return Ok(ExitCode::SUCCESS);
            }
            println!("receivables as of {}", r.as_of);
            for i in r.instalments.iter().filter(|i| !i.open.amount.is_zero()) {
                println!(
                    "{:<14} {:<32} {}. {:<44} due {:<10} open {}{}",
                    i.contract_number,
                    i.customer_name.chars().take(32).collect::<String>(),
                    i.index + 1,
                    i.wording.chars().take(44).collect::<String>(),
                    i.due.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                    i.open,
                    if i.days_overdue > 0 {
                        format!("  OVERDUE {} days", i.days_overdue)
                    } else {
                        String::new()
                    }
                );
            }
            for a in &r.aging {
                println!(
                    "aging {} {}: {} open {:?}",
                    a.customer_name, a.currency, a.total, a.buckets
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Reminders => {
            let s = settings(&cli.db, None, "gendan-data")?;
            let store = open(&s).await?;
            let state = gendan_web::AppState::new(store, clock.clone(), gendan_web::WebConfig::default());
            let r = gendan_web::receivables::run_reminders(&state, true)
                .await
                .map_err(|e| bad(e.detail))?;
            println!(
                "{}: {} orders checked, {} reminders queued, {} tasks, {} orders closed",
                r.day, r.orders_checked, r.messages, r.tasks, r.closed
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { kind, file, commit } => {
            let Some(kind) = gendan_web::trade::ImportKind::parse(&kind) else {
                return Err(bad(format!("`{kind}`: import products or customers")));
            };
            let started = std::time::Instant::now();
            let bytes =
                std::fs::read(&file).map_err(|e| bad(format!("cannot read {}: {e}", file.display())))?;
            eprintln!(
                "[1/3] read {} ({} bytes) in {} ms",
                file.display(),
                bytes.len(),
                started.elapsed().as_millis()
            );
            let s = settings(&cli.db, None, "gendan-data")?;
            let store = open(&s).await?;
            let state = gendan_web::AppState::new(store, clock.clone(), gendan_web::WebConfig::default());
            let ctx = gendan_store::WriteContext {
                actor: gendan_domain::audit::Actor::system(),
                at: clock.now(),
            };
            eprintln!(
                "[2/3] checking every row{}",
                if commit { " and saving" } else { "" }
            );
            let name = file.file_name().map(|n| n.to_string_lossy().to_string());
            let report = gendan_web::trade::import_file(&state, &ctx, kind, name, bytes, commit)
                .await
                .map_err(|e| bad(e.detail))?;
            if let Some(fe) = &report.file_error {
                return Err(bad(format!("{}: {fe}", file.display())));
            }
            for e in report.errors.iter().take(200) {
                eprintln!("row {} column {}: {} ({})", e.row, e.column, e.message, e.code);
            }
            eprintln!(
                "[3/3] {} rows, {} {}, {} errors, {} saved in {} ms",
                report.rows_read,
                report.items,
                kind.as_str(),
                report.errors.len(),
                report.saved,
                started.elapsed().as_millis()
            );
            if !report.errors.is_empty() {
                return Err(bad(format!(
                    "{} bad cells: nothing was saved",
                    report.errors.len()
                )));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Container { numbers } => {
            let mut wrong = Vec::new();
            for n in &numbers {
                match gendan_domain::shipment::ContainerNumber::parse(n) {
                    Ok(c) => println!("{}  ok ({})", c.spaced(), c),
                    Err(e) => wrong.push(format!("{}: {e} ({})", n.trim(), e.code())),
                }
            }
            if wrong.is_empty() {
                Ok(ExitCode::SUCCESS)
            } else {
                Err(bad(wrong.join("\n")))
            }
        }
        Command::Loadplan { file, format } => {
            if !matches!(format.as_str(), "json" | "text" | "svg") {
                return Err(bad(format!("--format `{format}`: use json, text or svg")));
            }
            let text = if file.as_os_str() == "-" {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
                    .map_err(|e| bad(format!("cannot read stdin: {e}")))?;
                s
            } else {
                std::fs::read_to_string(&file)
                    .map_err(|e| bad(format!("cannot read {}: {e}", file.display())))?
            };
            let input = gendan_loadplan::parse_input(&text).map_err(|e| {
                bad(format!(
                    "{}: line {}, column {}: {e}",
                    file.display(),
                    e.line(),
                    e.column()
                ))
            })?;
            let plan = gendan_loadplan::solve(&input).map_err(|e| match e {
                gendan_loadplan::SolveError::Invalid(errs) => bad(errs
                    .0
                    .iter()
                    .map(|f| format!("{}: {} ({})", f.field, f.message, f.code))
                    .collect::<Vec<_>>()
                    .join("\n")),
            })?;
            if format == "json" {
                println!("{}", serde_json::to_string_pretty(&plan)?);
            } else if format == "svg" {
                let inner = input
                    .validate()
                    .map(|p| p.container.inner)
                    .map_err(|e| bad(e.to_string()))?;
                let svg = gendan_loadplan::svg::isometric(&plan, inner, &Default::default());
                print!("{svg}");
            } else {
                for p in &plan.placed {
                    println!("{}: {}", p.id, p.count);
                }
                println!(
                    "volume {} · weight {} · limit {:?} · upper bound {}{}",
                    plan.volume_utilisation,
                    plan.weight_utilisation,
                    plan.binding_limit,
                    plan.upper_bound_count,
                    if plan.proven_optimal {
                        " (proven optimal)"
                    } else {
                        ""
                    }
                );
                for w in &plan.warnings {
                    println!("! {}", w.message);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { file, format, lang } => check_set(&file, &format, &lang),
        Command::SampleImport { rows, out } => {
            let csv = out.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            let bytes = if csv {
                gendan_import::sample_products_csv(rows)
            } else {
                gendan_import::sample_products_xlsx(rows)
            };
            std::fs::write(&out, bytes).map_err(|e| bad(format!("cannot write {}: {e}", out.display())))?;
            println!("wrote {rows} product rows to {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Seed { parties, batch } => {
            if batch == 0 {
                return Err(bad("--batch must be at least 1"));
            }
            let s = settings(&cli.db, None, "gendan-data")?;
            let store = open(&s).await?;
            crate::seed::parties(&*store, &*clock, parties, batch).await?;
            println!("seeded {parties} parties");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// On a start that finds no user, create the admin from GENDAN_ADMIN_EMAIL and
/// GENDAN_ADMIN_PASSWORD if both are set.
async fn bootstrap_admin(store: &dyn Store, clock: &dyn Clock) -> Result<(), Outcome> {
    let (Ok(email), Ok(password)) = (
        std::env::var("GENDAN_ADMIN_EMAIL"),
        std::env::var("GENDAN_ADMIN_PASSWORD"),
    ) else {
        return Ok(());
    };
    if store.count_users().await? > 0 {
        return Ok(());
    }
    if !gendan_domain::party::is_plausible_email(email.trim()) {
        return Err(bad(format!(
            "GENDAN_ADMIN_EMAIL: `{email}` is not an e-mail address"
        )));
    }
    if password.chars().count() < gendan_web::api::auth::MIN_PASSWORD {
        return Err(bad(format!(
            "GENDAN_ADMIN_PASSWORD: must have at least {} characters",
            gendan_web::api::auth::MIN_PASSWORD
        )));
    }
    let hash = gendan_web::auth::hash_password(&password).map_err(anyhow::Error::msg)?;
    let ctx = WriteContext {
        actor: Actor::system(),
        at: clock.now(),
    };
    let new = NewUser {
        email: email.clone(),
        display_name: email,
        role: Role::Admin,
        locale: "zh-CN".into(),
        password_hash: hash,
    };
    match store.create_user(new, &ctx).await {
        Ok(u) => tracing::info!(email = %u.email, "created the first admin from GENDAN_ADMIN_EMAIL"),
        // Another copy starting at the same moment created it first.
        Err(gendan_store::StoreError::Duplicate { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

async fn serve(
    s: &Settings,
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    banner: Option<String>,
) -> Result<ExitCode, Outcome> {
    let listener = tokio::net::TcpListener::bind(&s.bind)
        .await
        .map_err(|e| bad(format!("cannot listen on {}: {e}", s.bind)))?;
    let addr = listener.local_addr()?;
    let backend = store.backend();
    let state = gendan_web::AppState::new(store, clock, s.web.clone());
    // Fonts and the typesetter load in the background, so the first PDF is as fast as the rest.
    tokio::spawn(gendan_web::documents::warm_up());
    // The daily cross-check of every document set not yet sent (once a day across instances).
    tokio::spawn(gendan_web::document_checks::daily_loop(state.clone()));
    tokio::spawn(gendan_web::receivables::daily_loop(state.clone()));
    println!("Gendan listening on http://{addr}/ ({backend})");
    if let Some(b) = banner {
        println!("{b}");
    }
    // On SIGTERM or Ctrl-C: stop accepting, let requests in flight finish, but give open
    // connections at most 10 seconds.
    let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
    let signal = async move {
        shutdown_signal().await;
        let _ = stop_tx.send(true);
    };
    let deadline = async move {
        let _ = stop_rx.wait_for(|stopped| *stopped).await;
        tokio::time::sleep(std::time::Duration::from_secs(10)).await;
    };
    tokio::select! {
        served = gendan_web::serve(listener, state, signal) => served?,
        _ = deadline => tracing::warn!("connections still open 10 s after the signal; stopping"),
    }
    Ok(ExitCode::SUCCESS)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

/// `gendan check`: read the set, run every rule, print the findings.
fn check_set(file: &std::path::Path, format: &str, lang: &str) -> Result<ExitCode, Outcome> {
    if !matches!(format, "text" | "json") {
        return Err(bad(format!("--format `{format}`: use text or json")));
    }
    if !matches!(lang, "en" | "zh") {
        return Err(bad(format!("--lang `{lang}`: use en or zh")));
    }
    let text = if file.as_os_str() == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| bad(format!("cannot read stdin: {e}")))?;
        s
    } else {
        std::fs::read_to_string(file).map_err(|e| bad(format!("cannot read {}: {e}", file.display())))?
    };
    let set = gendan_doccheck::input::read_set(&text).map_err(|e| bad(format!("{}: {e}", file.display())))?;
    let report = gendan_doccheck::check(&set, &gendan_doccheck::Options::default());
    if format == "json" {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", check_text(&report, file, lang == "zh"));
    }
    Ok(if report.has_blocking() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The report for a terminal: one block per finding, then what could not run.
fn check_text(report: &gendan_doccheck::Report, file: &std::path::Path, zh: bool) -> String {
    use std::fmt::Write;
    let pick = |t: &gendan_doccheck::Text| if zh { t.zh.clone() } else { t.en.clone() };
    let blocking = report.blocking();
    let warnings = report.findings.len() - blocking;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {blocking} blocking, {warnings} warning(s), {} passed, {} not applicable",
        file.display(),
        report.passed.len(),
        report.not_applicable.len()
    );
    for f in &report.findings {
        let _ = writeln!(
            out,
            "\n{:<8} {}  {}",
            f.severity.as_str().to_uppercase(),
            f.rule,
            pick(&f.message)
        );
        for v in &f.fields {
            let _ = writeln!(
                out,
                "         {} = {}",
                v.path,
                v.value.as_deref().unwrap_or("(absent)")
            );
        }
        if let Some(t) = &f.tolerance {
            let _ = writeln!(out, "         tolerance: {t}");
        }
        let _ = writeln!(out, "         source: {}", f.source);
    }
    if !report.not_applicable.is_empty() {
        let _ = writeln!(out, "\nnot applicable:");
        for n in &report.not_applicable {
            let _ = writeln!(out, "  {}  {}", n.rule, pick(&n.reason));
        }
    }
    out
}
