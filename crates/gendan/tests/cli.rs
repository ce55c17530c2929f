//! The binary itself: user add, bad input exit codes, audit verify on a tampered database.

use std::io::Write;
use std::process::{Command, Stdio};

fn gendan(dir: &std::path::Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gendan"))
        .args(args)
        .env("GENDAN_DATA_DIR", dir)
        .env_remove("GENDAN_DATABASE_URL")
        .env_remove("GENDAN_CONFIG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn user_add_then_audit_verify_detects_an_edited_event() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (code, out, err) = gendan(d, &["migrate"], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("sqlite"));
    assert!(d.join("gendan.db").exists(), "created on first run");

    let (code, _, err) = gendan(
        d,
        &[
            "user",
            "add",
            "--email",
            "boss@test.example",
            "--role",
            "boss",
            "--password-stdin",
        ],
        "long password\n",
    );
    assert_eq!(code, 2, "bad role is a usage error");
    assert!(err.contains("--role") && err.contains("sales_manager"), "{err}");
    let (code, _, err) = gendan(
        d,
        &[
            "user",
            "add",
            "--email",
            "a@test.example",
            "--role",
            "admin",
            "--password-stdin",
        ],
        "short\n",
    );
    assert_eq!(code, 2);
    assert!(err.contains("at least"), "{err}");
    let (code, out, err) = gendan(
        d,
        &[
            "user",
            "add",
            "--email",
            "a@test.example",
            "--role",
            "admin",
            "--password-stdin",
        ],
        "long enough password\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added a@test.example (admin)"));
    let (code, _, err) = gendan(
        d,
        &[
            "user",
            "add",
            "--email",
            "b@test.example",
            "--role",
            "viewer",
            "--password-stdin",
        ],
        "long enough password\n",
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = gendan(d, &["audit", "verify"], "");
    assert_eq!(code, 0);
    assert!(out.contains("intact: 2 events"), "{out}");

    // Edit event 1 behind the application's back (the trigger must be dropped first).
    let db = d.join("gendan.db");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
            .await
            .unwrap();
        sqlx::query("DROP TRIGGER audit_events_no_update")
            .execute(&mut c)
            .await
            .unwrap();
        sqlx::query("UPDATE audit_events SET actor = 'someone else' WHERE seq = 1")
            .execute(&mut c)
            .await
            .unwrap();
    });
    let (code, out, _) = gendan(d, &["audit", "verify"], "");
    assert_eq!(code, 1);
    assert!(out.contains("BROKEN at event 1"), "{out}");
}

#[test]
fn bad_settings_exit_with_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = gendan(dir.path(), &["serve", "--bind", "not-an-address"], "");
    assert_eq!(code, 2);
    assert!(err.contains("bind address"), "{err}");
    let cfg = dir.path().join("gendan.toml");
    std::fs::write(&cfg, "bnid = 1\n").unwrap();
    let (code, _, err) = gendan(dir.path(), &["--config", cfg.to_str().unwrap(), "migrate"], "");
    assert_eq!(code, 2);
    assert!(err.contains("bnid"), "{err}");
    let (code, _, err) = gendan(dir.path(), &["--database-url", "mysql://x", "migrate"], "");
    assert_eq!(code, 2);
    assert!(err.contains("neither postgres"), "{err}");
}

#[test]
fn container_numbers_are_checked_by_iso_6346() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = gendan(dir.path(), &["container", "MSKU9070323", "csqu 305438-3"], "");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("MSKU 907032 3  ok") && out.contains("CSQU 305438 3  ok"),
        "{out}"
    );
    let (code, _, err) = gendan(
        dir.path(),
        &["container", "MSKU9070323", "MSKU9070324", "MSKX9070323"],
        "",
    );
    assert_eq!(code, 2, "a wrong number is bad input");
    assert!(
        err.contains("MSKU9070324") && err.contains("expected check digit is 3"),
        "{err}"
    );
    assert!(err.contains("invalid_equipment_category"), "{err}");
}
