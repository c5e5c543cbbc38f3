//! The same tree gives the same bytes, whatever the thread count: `test-corpus/` checked with
//! `--jobs 1` and `--jobs 8`, three times each, in text, JSON, SARIF and the CI formats
//! (GitLab, JUnit, rdjson, Checkstyle).
//!
//! The text summary line ends with the run's wall time (`(0.02s)`); that one number is the
//! only thing allowed to differ, and only in that place. `-q` text, which has no summary
//! line, is compared byte for byte.

use std::process::Command;

const BACKLINT: &str = env!("CARGO_BIN_EXE_backlint");

/// (exit code, stdout, stderr) of `backlint --no-config ARGS test-corpus`.
fn run(args: &[&str]) -> (i32, Vec<u8>, Vec<u8>) {
    let output = Command::new(BACKLINT)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .arg("--no-config")
        .args(args)
        .arg("test-corpus")
        .output()
        .unwrap();
    (output.status.code().unwrap(), output.stdout, output.stderr)
}

/// The outputs of every run for `args`: three with one thread, three with eight.
fn runs(args: &[&str]) -> Vec<(i32, Vec<u8>, Vec<u8>)> {
    ["1", "8"]
        .iter()
        .flat_map(|jobs| {
            (0..3).map(move |_| {
                let mut all = vec!["--jobs", jobs];
                all.extend(args);
                run(&all)
            })
        })
        .collect()
}

fn assert_identical(args: &[&str], outputs: &[(i32, Vec<u8>, Vec<u8>)]) {
    let first = &outputs[0];
    assert!(first.1.len() > 1000, "{args:?} printed little: {first:?}");
    for other in &outputs[1..] {
        assert!(other == first, "{args:?} differs between runs");
    }
}

#[test]
fn json_and_sarif_are_byte_identical_for_any_thread_count() {
    for format in ["json", "sarif"] {
        let args = ["--format", format];
        assert_identical(&args, &runs(&args));
    }
}

#[test]
fn ci_formats_are_byte_identical_for_any_thread_count() {
    for format in ["gitlab", "junit", "rdjson", "checkstyle"] {
        let args = ["--format", format];
        assert_identical(&args, &runs(&args));
    }
}

#[test]
fn quiet_text_is_byte_identical_for_any_thread_count() {
    let args = ["--format", "text", "-q"];
    assert_identical(&args, &runs(&args));
}

/// Splits text output into everything before the time and the time itself: the last line
/// must be `backlint: … (N.NNs)`.
fn without_time(stdout: &[u8]) -> (String, String) {
    let text = String::from_utf8(stdout.to_vec()).unwrap();
    let body = text
        .strip_suffix("s)\n")
        .expect("ends with the summary's time");
    let at = body.rfind(" (").expect("the summary has a time");
    let (kept, time) = body.split_at(at);
    assert!(
        kept.rsplit('\n').next().unwrap().starts_with("backlint: "),
        "the time ends the summary line"
    );
    let time = &time[2..];
    assert!(time.parse::<f64>().is_ok(), "not a time: {time:?}");
    (kept.to_string(), time.to_string())
}

#[test]
fn text_differs_only_in_the_summary_time() {
    let outputs = runs(&["--format", "text"]);
    let (first_text, _) = without_time(&outputs[0].1);
    assert!(first_text.contains("warning["), "{first_text}");
    for (code, stdout, stderr) in &outputs {
        assert_eq!(*code, outputs[0].0);
        assert_eq!(*stderr, outputs[0].2);
        assert_eq!(without_time(stdout).0, first_text);
    }
}
