//! The Bischoff & Ratcliff benchmark (BR0–BR15): mean volume utilisation per class and time
//! per instance, every plan checked by `check::violations`.
//!
//! ```text
//! cargo bench -p gendan-loadplan --bench br -- [--support none|full] [--time-ms 5000]
//!     [--jobs 2] [--instances 1-100] [FILE…]
//! ```
//! FILEs default to every BR*.txt in ../shared/data/benchmarks/br (or $GENDAN_BR_DIR). Each
//! instance runs on one thread with a limit in CPU time of that thread; `--jobs N` runs N
//! instances side by side (one per core).

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use gendan_loadplan::br::{BrInstance, parse_br};
use gendan_loadplan::{Support, check, mixed, solve_problem_with};

struct Args {
    support: Support,
    time_ms: u64,
    jobs: usize,
    range: (u32, u32),
    files: Vec<PathBuf>,
    /// Use the block search for one-type instances too (BR0), not the exact single solver.
    blocks_only: bool,
}

fn args() -> Args {
    let mut a = Args {
        support: Support::None,
        time_ms: 5000,
        jobs: 1,
        range: (1, 100),
        files: Vec::new(),
        blocks_only: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        match x.as_str() {
            "--bench" => {}
            "--blocks-only" => a.blocks_only = true,
            "--support" => {
                a.support = match it.next().as_deref() {
                    Some("full") => Support::Full,
                    Some("none") => Support::None,
                    other => panic!("--support full|none, not {other:?}"),
                }
            }
            "--time-ms" => a.time_ms = it.next().and_then(|v| v.parse().ok()).expect("--time-ms N"),
            "--jobs" => a.jobs = it.next().and_then(|v| v.parse().ok()).expect("--jobs N"),
            "--instances" => {
                let v = it.next().expect("--instances A-B");
                let (x, y) = v.split_once('-').unwrap_or((&v, &v));
                a.range = (x.parse().expect("A"), y.parse().expect("B"));
            }
            f => a.files.push(PathBuf::from(f)),
        }
    }
    if a.files.is_empty() {
        let dir = std::env::var("GENDAN_BR_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|_| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/benchmarks/br")
            });
        let mut fs: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        fs.sort_by_key(|p| {
            p.file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| s.trim_start_matches("BR").parse::<u32>().ok())
                .unwrap_or(u32::MAX)
        });
        a.files = fs;
    }
    a
}

/// CPU time of the calling thread: the time limit is CPU time on one core, so that other
/// work on the machine (or the second job) does not shorten an instance's run.
fn thread_cpu() -> Duration {
    cpu_time::ThreadTime::now().as_duration()
}

struct Outcome {
    util: f64,
    secs: f64,
    boxes_share: f64,
}

fn run(inst: &BrInstance, support: Support, time_ms: u64, blocks_only: bool) -> Outcome {
    let problem = inst.problem(support, time_ms);
    let start = thread_cpu();
    let effort = mixed::Effort {
        time_limit: Some(Duration::from_millis(time_ms)),
        max_rounds: None,
        clock: thread_cpu,
    };
    let plan = if blocks_only {
        mixed::solve_mixed(&problem, effort)
    } else {
        solve_problem_with(&problem, effort).expect("valid instance")
    };
    let secs = (thread_cpu() - start).as_secs_f64();
    let bad = check::violations(&problem, &plan);
    assert!(
        bad.is_empty(),
        "instance {}: {:?}",
        inst.number,
        &bad[..bad.len().min(5)]
    );
    let cont: u64 = inst.container.iter().map(|&d| d as u64).product();
    let loaded: u64 = plan
        .placements
        .iter()
        .map(|p| p.l as u64 * p.w as u64 * p.h as u64)
        .sum();
    // Reported figures are percentages for the table; the plan's own figures are decimals.
    Outcome {
        util: loaded as f64 / cont as f64 * 100.0,
        secs,
        boxes_share: inst.box_volume() as f64 / cont as f64 * 100.0,
    }
}

fn main() {
    let a = args();
    println!(
        "support {:?}, {} ms per instance, {} job(s), instances {}-{}",
        a.support, a.time_ms, a.jobs, a.range.0, a.range.1
    );
    println!("class  n    mean %   min %    max %    boxes %  mean s  max s");
    let mut all: Vec<(String, f64)> = Vec::new();
    for f in &a.files {
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let insts: Vec<BrInstance> = parse_br(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()))
            .into_iter()
            .filter(|i| (a.range.0..=a.range.1).contains(&i.number))
            .collect();
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<(u32, Outcome)>> = Mutex::new(Vec::new());
        std::thread::scope(|s| {
            for _ in 0..a.jobs {
                s.spawn(|| {
                    loop {
                        let k = next.fetch_add(1, Ordering::SeqCst);
                        let Some(inst) = insts.get(k) else { break };
                        let o = run(inst, a.support, a.time_ms, a.blocks_only);
                        results.lock().unwrap().push((inst.number, o));
                    }
                });
            }
        });
        let rs = results.into_inner().unwrap();
        let n = rs.len() as f64;
        let mean = rs.iter().map(|r| r.1.util).sum::<f64>() / n;
        let min = rs.iter().map(|r| r.1.util).fold(f64::INFINITY, f64::min);
        let max = rs.iter().map(|r| r.1.util).fold(0.0, f64::max);
        let share = rs.iter().map(|r| r.1.boxes_share).sum::<f64>() / n;
        let secs = rs.iter().map(|r| r.1.secs).sum::<f64>() / n;
        let max_s = rs.iter().map(|r| r.1.secs).fold(0.0, f64::max);
        let class = f.file_stem().and_then(|s| s.to_str()).unwrap_or("?").to_string();
        println!(
            "{class:<6} {:<4} {mean:>7.2}  {min:>7.2}  {max:>7.2}  {share:>7.2}  {secs:>6.2}  {max_s:>5.2}",
            rs.len()
        );
        all.push((class, mean));
    }
    let avg = |names: &[&str]| {
        let v: Vec<f64> = all
            .iter()
            .filter(|(c, _)| names.contains(&c.as_str()))
            .map(|x| x.1)
            .collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    };
    let weak = ["BR1", "BR2", "BR3", "BR4", "BR5", "BR6", "BR7"];
    let strong = ["BR8", "BR9", "BR10", "BR11", "BR12", "BR13", "BR14", "BR15"];
    if let Some(m) = avg(&weak) {
        println!("mean BR1-7: {m:.2} %");
    }
    if let Some(m) = avg(&strong) {
        println!("mean BR8-15: {m:.2} %");
    }
    let both: Vec<&str> = weak.iter().chain(strong.iter()).copied().collect();
    if let Some(m) = avg(&both) {
        println!("mean BR1-15: {m:.2} %");
    }
}
