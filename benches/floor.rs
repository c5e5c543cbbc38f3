//! backlint against the parse-only floor.
//!
//! The floor is what no syn-based linter can beat: walk the tree, read every `.rs` file and
//! `syn::parse_file` it, in parallel on all cores. This benchmark times the floor and a full
//! `backlint` check (default rules, no output rendering) on the same tree, several times each,
//! and prints the medians and their ratio.
//!
//! ```text
//! cargo bench --bench floor -- [DIR] [RUNS]
//! ```
//! DIR defaults to cargo's registry source cache (`$CARGO_HOME/registry/src`), which holds the
//! sources of every crate this project depends on; RUNS defaults to 5.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let dir = args.next().map(PathBuf::from).unwrap_or_else(default_tree);
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    if !dir.is_dir() {
        eprintln!("floor: `{}` is not a directory", dir.display());
        std::process::exit(2);
    }
    let files = rust_files(&dir);
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "tree: {} ({} .rs files, {:.1} MiB), {runs} runs each, {} threads",
        dir.display(),
        files.len(),
        bytes as f64 / 1048576.0,
        rayon::current_num_threads()
    );

    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(256 * 1024 * 1024)
        .build()
        .expect("thread pool");
    let floor = median(runs, || {
        let started = Instant::now();
        let parsed: usize = pool.install(|| {
            rust_files(&dir)
                .par_iter()
                .map(|file| {
                    let ok = std::fs::read_to_string(file)
                        .ok()
                        .is_some_and(|text| syn::parse_file(&text).is_ok());
                    proc_macro2::extra::invalidate_current_thread_spans();
                    usize::from(ok)
                })
                .sum()
        });
        std::hint::black_box(parsed);
        started.elapsed()
    });
    let settings = backlint::settings::Settings::default();
    let (mut findings, mut checked) = (0, 0);
    let full = median(runs, || {
        let started = Instant::now();
        let report =
            backlint::engine::check_in(std::slice::from_ref(&dir), &settings, &dir).expect("check");
        findings = report.active().count();
        checked = report.files_checked;
        started.elapsed()
    });
    println!(
        "parse-only floor (walk + read + syn::parse_file): {:>8.3} s",
        floor.as_secs_f64()
    );
    println!("backlint (all default rules, crate pass):        {:>8.3} s  ({checked} files, {findings} findings)", full.as_secs_f64());
    println!(
        "ratio backlint / floor: {:.2}",
        full.as_secs_f64() / floor.as_secs_f64()
    );
}

fn default_tree() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    home.join("registry").join("src")
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rs"))
        .map(walkdir::DirEntry::into_path)
        .collect()
}

fn median(runs: usize, mut run: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1)).map(|_| run()).collect();
    times.sort();
    times[times.len() / 2]
}
