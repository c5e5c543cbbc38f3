//! Hostile and odd input through the real binary: each case ends with the exact one-line
//! messages expected on stderr (never a panic or a backtrace) and with the findings of the
//! other files intact. Also the bounded, deterministic version of the fuzz target that runs
//! in CI, and the inputs that once crashed the pipeline.
//!
//! Every project is an axum service whose `src/main.rs` holds one known finding, so a case
//! that loses other files' findings fails.

mod support {
    pub mod pipeline;
    pub mod project;
}

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use support::project::{Project, Run, SERVICE_MANIFEST};

const BACKLINT: &str = env!("CARGO_BIN_EXE_backlint");

/// The finding every project keeps, in concise format.
const MAIN_FINDING: &str = "src/main.rs:1:13: warning[print-in-server] `println!` in server code";

/// A project with the manifest and the `src/main.rs` whose finding every case keeps.
fn project() -> Project {
    Project::new()
        .file("Cargo.toml", SERVICE_MANIFEST)
        .file("src/main.rs", "fn main() { println!(\"up\"); }\n")
}

impl Project {
    /// `backlint --no-config --format concise ARGS` in the project.
    fn concise(&self, args: &[&str]) -> Run {
        let mut all = vec!["--no-config", "--format", "concise"];
        all.extend(args);
        self.run(&all)
    }

    fn run(&self, args: &[&str]) -> Run {
        Run::of(
            Command::new(BACKLINT)
                .current_dir(self.root())
                .env_remove("NO_COLOR")
                .env("RUST_BACKTRACE", "1")
                .args(args),
        )
    }
}

impl Run {
    /// stdout holds exactly these lines (concise findings), in this order.
    fn findings(&self, lines: &[&str]) -> &Run {
        let actual: Vec<&str> = self.stdout.lines().collect();
        assert_eq!(actual, lines, "{self:#?}");
        self
    }

    /// stderr holds exactly these lines.
    fn stderr(&self, lines: &[&str]) -> &Run {
        let actual: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(actual, lines, "{self:#?}");
        self
    }
}

fn skipped(path: &str, message: &str) -> String {
    format!("backlint: warning: skipped {path}: {message}")
}

// Deep nesting

#[test]
fn fifty_thousand_deep_nesting_is_skipped_in_one_line_each() {
    const N: usize = 50_000;
    let project = project();
    let cases = [
        (
            "src/parens.rs",
            format!(
                "fn f() {{ let x = {}1{}; }}\n",
                "(".repeat(N),
                ")".repeat(N)
            ),
        ),
        (
            "src/blocks.rs",
            format!("fn f() {}{}\n", "{".repeat(N), "}".repeat(N)),
        ),
        (
            "src/closures.rs",
            format!("fn f() {{ let c = {}1; }}\n", "|| ".repeat(N)),
        ),
        (
            "src/generics.rs",
            format!("type T = {}u8{};\n", "Vec<".repeat(N), ">".repeat(N)),
        ),
        // Brackets alone would not see these chains; each nests the tree as deep.
        (
            "src/unary.rs",
            format!("fn f() {{ let x = {}true; }}\n", "!".repeat(N * 10)),
        ),
        (
            "src/methods.rs",
            format!("fn f() {{ let x = a{}; }}\n", ".f()".repeat(N)),
        ),
        (
            "src/else_if.rs",
            format!("fn f() {{ if a {{}}{} }}\n", " else if a {}".repeat(N)),
        ),
    ];
    for (path, text) in &cases {
        project.write(path, text.as_bytes());
    }
    let run = project.concise(&[]);
    run.code(1).findings(&[MAIN_FINDING]);
    let mut lines: Vec<&str> = run.stderr.lines().collect();
    lines.sort();
    let mut paths: Vec<&str> = cases.iter().map(|(path, _)| *path).collect();
    paths.sort();
    assert_eq!(lines.len(), paths.len(), "{run:#?}");
    for (line, path) in lines.iter().zip(paths) {
        let depth = line
            .strip_prefix(&format!(
                "backlint: warning: skipped {path}: nesting depth "
            ))
            .and_then(|rest| {
                rest.strip_suffix(" is over the limit of 4096 (limits.max-nesting-depth)")
            })
            .unwrap_or_else(|| panic!("unexpected line {line:?} for {path}"));
        assert!(depth.parse::<u32>().unwrap() >= N as u32, "{line}");
    }
}

// Size

/// Functions returning 1 KiB string constants (`fn f0() -> &'static str { "…" }`, one a
/// line) up to `bytes`, then one `println!` on the last line; returns the text and the last
/// line's number. Long lines and literals keep the parse of 50 MB to seconds in debug builds;
/// `a_file_of_a_hundred_thousand_functions_is_checked_to_the_end` has the many small items.
fn generated_functions(bytes: usize) -> (String, usize) {
    let mut text = String::with_capacity(bytes + 64);
    let filler = "backlint ".repeat(114);
    let mut lines = 0;
    while text.len() < bytes {
        text.push_str(&format!(
            "fn f{lines}() -> &'static str {{ \"{filler}\" }}\n"
        ));
        lines += 1;
    }
    text.push_str("fn last() { println!(\"end\"); }\n");
    (text, lines + 1)
}

#[test]
fn a_fifty_megabyte_file_is_skipped_by_default_and_checked_under_a_raised_limit() {
    let project = project();
    let (text, last_line) = generated_functions(50 * 1024 * 1024);
    project.write("src/big.rs", text.as_bytes());
    let size = text.len();
    project
        .concise(&[])
        .code(1)
        .findings(&[MAIN_FINDING])
        .stderr(&[&skipped(
            "src/big.rs",
            &format!("file is {size} bytes, over the limit of 10485760 (limits.max-file-size)"),
        )]);
    project.write("backlint.toml", b"[limits]\nmax-file-size = 60000000\n");
    let run = project.run(&["--format", "concise"]);
    run.code(1)
        .findings(&[
            &format!(
                "src/big.rs:{last_line}:13: warning[print-in-server] `println!` in server code"
            ),
            MAIN_FINDING,
        ])
        .stderr(&[]);
}

#[test]
fn a_file_of_a_hundred_thousand_functions_is_checked_to_the_end() {
    let project = project();
    let mut text = String::new();
    for i in 0..99_999 {
        text.push_str(&format!("fn f{i}() -> u32 {{ {i} }}\n"));
    }
    text.push_str("fn last() { println!(\"end\"); }\n");
    project.write("src/many.rs", text.as_bytes());
    project
        .concise(&[])
        .code(1)
        .findings(&[
            "src/main.rs:1:13: warning[print-in-server] `println!` in server code",
            "src/many.rs:100000:13: warning[print-in-server] `println!` in server code",
        ])
        .stderr(&[]);
}

// Encodings and positions

#[test]
fn invalid_utf8_is_skipped_with_the_offset() {
    let project = project();
    project.write("src/latin1.rs", b"// caf\xe9\nfn f() {}\n");
    project
        .concise(&[])
        .code(1)
        .findings(&[MAIN_FINDING])
        .stderr(&[&skipped(
            "src/latin1.rs",
            "not valid UTF-8 (invalid byte at offset 6)",
        )]);
}

/// The SARIF region of the only result for `uri`, as (startLine, startColumn, endLine,
/// endColumn), and the run's columnKind.
fn sarif_region(project: &Project, uri: &str) -> ((u64, u64, u64, u64), String) {
    let run = project.run(&["--no-config", "--format", "sarif"]);
    run.code(1);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let result = results
        .iter()
        .find(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri)
        .unwrap_or_else(|| panic!("no result for {uri}: {results:#?}"));
    let region = &result["locations"][0]["physicalLocation"]["region"];
    let n = |key: &str| {
        region[key]
            .as_u64()
            .unwrap_or_else(|| panic!("{key} in {region}"))
    };
    let kind = sarif["runs"][0]["columnKind"].as_str().unwrap().to_string();
    (
        (
            n("startLine"),
            n("startColumn"),
            n("endLine"),
            n("endColumn"),
        ),
        kind,
    )
}

#[test]
fn a_bom_and_crlf_line_endings_keep_lines_and_columns_right() {
    let project = project();
    project.write(
        "src/windows.rs",
        "\u{feff}fn a() {\r\n    let x = 1;\r\n    println!(\"{x}\");\r\n}\r\n".as_bytes(),
    );
    project.concise(&[]).code(1).findings(&[
        MAIN_FINDING,
        "src/windows.rs:3:5: warning[print-in-server] `println!` in server code",
    ]);
    // `println!("{x}")` is 15 code points: columns 5 to 20, end exclusive.
    let (region, kind) = sarif_region(&project, "src/windows.rs");
    assert_eq!(region, (3, 5, 3, 20));
    assert_eq!(kind, "unicodeCodePoints");
}

#[test]
fn non_ascii_identifiers_and_strings_count_columns_in_code_points() {
    let project = project();
    project.write(
        "src/unicode.rs",
        "fn grüße() {\n    let straße = \"日本語\"; println!(\"{straße} — ok\");\n}\n".as_bytes(),
    );
    // `    let straße = "日本語"; ` is 24 code points (34 bytes): `println!` starts at 25.
    project.concise(&[]).code(1).findings(&[
        MAIN_FINDING,
        "src/unicode.rs:2:25: warning[print-in-server] `println!` in server code",
    ]);
    // `println!("{straße} — ok")` is 25 code points.
    let (region, kind) = sarif_region(&project, "src/unicode.rs");
    assert_eq!(region, (2, 25, 2, 50));
    assert_eq!(kind, "unicodeCodePoints");
}

#[test]
fn a_long_line_with_a_finding_per_statement_keeps_exact_columns() {
    const N: usize = 3000;
    let project = project();
    // Non-ASCII, so columns (code points) and bytes differ; each statement is 15 code points.
    let line = format!("fn main() {{ {}}}\n", "println!(\"é\"); ".repeat(N));
    project.write("src/main.rs", line.as_bytes());
    let run = project.concise(&[]);
    run.code(1).stderr(&[]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), N, "{run:#?}");
    let finding = |column: usize| {
        format!("src/main.rs:1:{column}: warning[print-in-server] `println!` in server code")
    };
    assert_eq!(lines[0], finding(13));
    assert_eq!(lines[N - 1], finding(13 + 15 * (N - 1)));
}

// Odd files

#[test]
fn an_empty_file_is_checked_quietly() {
    let project = project();
    project.write("src/empty.rs", b"");
    let run = project.run(&["--no-config"]);
    run.code(1).stderr(&[]);
    assert!(
        run.stdout
            .lines()
            .last()
            .unwrap()
            .starts_with("backlint: 1 warning in 2 files ("),
        "{run:#?}"
    );
}

#[test]
fn a_directory_named_like_a_rust_file_is_walked_not_read() {
    let project = project();
    project.write("src/x.rs/inner.rs", b"fn g() { println!(\"in\"); }\n");
    let inner = "src/x.rs/inner.rs:1:10: warning[print-in-server] `println!` in server code";
    project
        .concise(&[])
        .code(1)
        .findings(&[MAIN_FINDING, inner])
        .stderr(&[]);
    project
        .concise(&["src/x.rs", "src/main.rs"])
        .code(1)
        .findings(&[MAIN_FINDING, inner])
        .stderr(&[]);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_not_followed() {
    use std::os::unix::fs::symlink;
    let project = project();
    symlink("b.rs", project.path("src/a.rs")).unwrap();
    symlink("a.rs", project.path("src/b.rs")).unwrap();
    // A directory loop: the walk does not follow directory links.
    symlink("..", project.path("src/up")).unwrap();
    let not_followed = "symbolic link, not followed (pass its target to check it)";
    project
        .concise(&[])
        .code(1)
        .findings(&[MAIN_FINDING])
        .stderr(&[
            &skipped("src/a.rs", not_followed),
            &skipped("src/b.rs", not_followed),
        ]);
    // Named explicitly, it is followed, and the loop is an error.
    project
        .concise(&["src/a.rs", "src/main.rs"])
        .code(2)
        .findings(&[MAIN_FINDING])
        .stderr(&["backlint: error: src/a.rs: Too many levels of symbolic links"]);
}

/// Tests run as root here, where `chmod 000` does not stop a read. Two reads that fail for
/// anyone: a FIFO (a plain read would block forever with no writer) and `/proc/self/mem`,
/// whose first page is unmapped (the read fails with EIO).
#[cfg(target_os = "linux")]
#[test]
fn unreadable_files_are_reported_and_the_rest_checked() {
    let project = project();
    let fifo = project.path("src/fifo.rs");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let fifo_skipped = skipped("src/fifo.rs", "not a regular file");
    project
        .concise(&[])
        .code(1)
        .findings(&[MAIN_FINDING])
        .stderr(&[&fifo_skipped]);
    project
        .concise(&["src/fifo.rs", "src/main.rs", "/proc/self/mem"])
        .code(2)
        .findings(&[MAIN_FINDING])
        .stderr(&[
            "backlint: error: /proc/self/mem: cannot read: Input/output error",
            &fifo_skipped,
        ]);
}

// Output

#[test]
fn output_to_a_missing_directory_or_a_full_device_is_one_error_line() {
    let project = project();
    project
        .concise(&["--output", "missing/report.txt"])
        .code(2)
        .findings(&[])
        .stderr(&["backlint: error: cannot write `missing/report.txt`: No such file or directory"]);
    if Path::new("/dev/full").exists() {
        project
            .concise(&["--output", "/dev/full"])
            .code(2)
            .findings(&[])
            .stderr(&["backlint: error: cannot write `/dev/full`: No space left on device"]);
        let output = Command::new(BACKLINT)
            .current_dir(project.root())
            .args(["--no-config"])
            .stdout(
                fs::OpenOptions::new()
                    .write(true)
                    .open("/dev/full")
                    .unwrap(),
            )
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(
            String::from_utf8(output.stderr).unwrap(),
            "backlint: error: cannot write to stdout: No space left on device\n"
        );
    }
}

#[cfg(unix)]
#[test]
fn piping_into_head_exits_quietly() {
    let project = project();
    let mut text = String::new();
    for i in 0..5000 {
        text.push_str(&format!("fn f{i}() {{ println!(\"{i}\"); }}\n"));
    }
    project.write("src/noisy.rs", text.as_bytes());
    let script = format!(
        "'{BACKLINT}' --no-config 2>stderr.txt | head -1; echo \"status ${{PIPESTATUS[0]}}\""
    );
    let output = Command::new("bash")
        .args(["-c", &script])
        .current_dir(project.root())
        .stderr(Stdio::inherit())
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].starts_with("warning[print-in-server]"), "{stdout}");
    assert_eq!(lines[1], "status 1");
    assert_eq!(fs::read_to_string(project.path("stderr.txt")).unwrap(), "");
}

// Fuzzing in CI: the fuzz target's pipeline over mutated corpus programs, bounded and seeded

/// xorshift64*: a fixed seed gives the same cases on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Fragments that break or bend Rust in the places backlint looks at.
const FRAGMENTS: &[&str] = &[
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "<",
    ">",
    "|",
    "||",
    "&",
    ".",
    "?",
    ";",
    ",",
    "=>",
    "::",
    "'a",
    "\"",
    "r#\"",
    "\"#",
    "/*",
    "*/",
    "//",
    "\n",
    "\r\n",
    "\u{feff}",
    "é",
    "\u{1F600}",
    "\0",
    "fn ",
    "let ",
    "match ",
    "impl ",
    "async ",
    ".await",
    ".unwrap()",
    "panic!()",
    " else ",
    "println!(\"{}\", x);",
    "// backlint-allow(print-in-server): reason\n",
    "//! backlint-allow-file(unused-suppression)\n",
    "#[get(\"/\")]",
    "#[cfg(test)]",
    "Err(_) => {}",
    "let _ = ",
    "sqlx::query(&format!(\"{}\", q))",
    "mod m;",
];

/// One to eight edits: delete, insert a fragment, duplicate, overwrite a byte (invalid UTF-8
/// included), truncate, or splice in part of another corpus file.
fn mutate(rng: &mut Rng, text: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut out = text.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at..end);
            }
            1 => {
                let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())].as_bytes();
                out.splice(at..at, fragment.iter().copied());
            }
            2 => {
                let end = (at + rng.below(200)).min(out.len());
                let piece = out[at..end].to_vec();
                let to = rng.below(out.len() + 1);
                out.splice(to..to, piece);
            }
            3 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] = rng.next() as u8;
            }
            4 => out.truncate(at),
            _ => {
                let other = &corpus[rng.below(corpus.len())];
                let start = rng.below(other.len());
                let end = (start + rng.below(400)).min(other.len());
                out.splice(at..at, other[start..end].iter().copied());
            }
        }
    }
    out
}

fn corpus_files() -> Vec<Vec<u8>> {
    let mut paths = Vec::new();
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus")];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths.iter().map(|path| fs::read(path).unwrap()).collect()
}

/// Runs one input; a failure names the case and saves the input where the fuzz regression
/// test (below) can take it in.
fn check_case(workspace: &support::pipeline::Workspace, name: &str, input: &[u8]) {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        workspace.check(input);
    }));
    if outcome.is_err() {
        let saved = std::env::temp_dir().join(format!("backlint-failing-{name}.bin"));
        fs::write(&saved, input).unwrap();
        panic!("{name} failed; its input is saved in {}", saved.display());
    }
}

#[test]
fn mutated_corpus_programs_never_crash_the_pipeline() {
    const CASES: usize = 600;
    let corpus = corpus_files();
    assert!(
        corpus.len() >= 20,
        "test-corpus/ has {} files",
        corpus.len()
    );
    let workspace = support::pipeline::Workspace::new();
    let mut rng = Rng(0x6261_636b_6c69_6e74);
    for case in 0..CASES {
        // One to three files of one crate, separated by NUL as in the fuzz target.
        let mut input = Vec::new();
        for file in 0..1 + rng.below(3) {
            if file > 0 {
                input.push(0);
            }
            let seed = &corpus[rng.below(corpus.len())];
            input.extend(mutate(&mut rng, seed, &corpus));
        }
        check_case(&workspace, &format!("case-{case}"), &input);
    }
}

/// Every input that once crashed the pipeline, kept in `tests/data/fuzz/`: 50,000-deep
/// generics and 160,000 `!` overflowed the worker stack before the nesting estimate counted
/// more than brackets.
#[test]
fn inputs_that_once_crashed_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    let mut inputs: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    inputs.sort();
    assert!(
        !inputs.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    let workspace = support::pipeline::Workspace::new();
    for input in inputs {
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        check_case(&workspace, &name, &fs::read(&input).unwrap());
    }
}

// Never executing the analysed code

/// A workspace whose build script and proc macro each write a marker file when run.
fn booby_trapped_workspace() -> Project {
    let project = project();
    project.write(
        "Cargo.toml",
        b"[workspace]\nmembers = [\"app\", \"pm\"]\nresolver = \"2\"\n",
    );
    project.write(
        "app/Cargo.toml",
        b"[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\nbuild = \"build.rs\"\n\n\
          [dependencies]\npm = { path = \"../pm\" }\n",
    );
    project.write(
        "app/build.rs",
        b"fn main() {\n    let dir = std::env::var(\"CARGO_MANIFEST_DIR\").unwrap();\n    \
          std::fs::write(format!(\"{dir}/../build-script-ran\"), \"ran\").unwrap();\n}\n",
    );
    project.write("app/src/main.rs", b"pm::touch!();\n\nfn main() {}\n");
    // Not a module of the crate (cargo never compiles it), but backlint reads it: a finding.
    project.write(
        "app/src/server.rs",
        b"use axum::Router;\n\nfn serve() { println!(\"up\"); }\n",
    );
    project.write(
        "pm/Cargo.toml",
        b"[package]\nname = \"pm\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[lib]\nproc-macro = true\n",
    );
    project.write(
        "pm/src/lib.rs",
        b"use proc_macro::TokenStream;\n\n#[proc_macro]\npub fn touch(_: TokenStream) -> TokenStream {\n    \
          std::fs::write(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/../proc-macro-ran\"), \"ran\").unwrap();\n    \
          TokenStream::new()\n}\n",
    );
    fs::remove_file(project.path("src/main.rs")).unwrap();
    project
}

fn markers(project: &Project) -> [bool; 2] {
    ["build-script-ran", "proc-macro-ran"].map(|marker| project.path(marker).exists())
}

#[test]
fn neither_backlint_nor_cargo_backlint_runs_build_scripts_or_proc_macros() {
    let project = booby_trapped_workspace();
    let finding = "app/src/server.rs:3:14: warning[print-in-server] `println!` in server code";
    project.concise(&[]).code(1).findings(&[finding]);
    assert_eq!(
        markers(&project),
        [false, false],
        "backlint ran analysed code"
    );

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_cargo-backlint"))
        .parent()
        .unwrap();
    let mut path = std::ffi::OsString::from(bin_dir);
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    let output = Command::new(&cargo)
        .current_dir(project.root())
        .env("PATH", &path)
        .args([
            "backlint",
            "--workspace",
            "--no-config",
            "--format",
            "concise",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert_eq!(stdout.lines().collect::<Vec<_>>(), [finding]);
    assert_eq!(
        markers(&project),
        [false, false],
        "cargo backlint ran analysed code"
    );

    // The trap works: building the workspace springs both.
    let built = Command::new(&cargo)
        .current_dir(project.root())
        .env("CARGO_TARGET_DIR", project.path("target"))
        .args(["build", "--offline", "--quiet"])
        .output()
        .unwrap();
    assert!(built.status.success(), "{built:?}");
    assert_eq!(markers(&project), [true, true]);
}

// Limits

#[test]
fn limits_come_from_config_and_files_over_them_are_reported_everywhere() {
    let project = project();
    // 40 deep: under the default, over a limit of 32.
    let nested = format!(
        "fn f() {{ let x = {}1{}; println!(\"deep\"); }}\n",
        "(".repeat(40),
        ")".repeat(40)
    );
    project.write("src/nested.rs", nested.as_bytes());
    project.write(
        "src/long.rs",
        format!("// {}\nfn g() {{}}\n", "x".repeat(5000)).as_bytes(),
    );
    let nested_finding = "src/nested.rs:1:101: warning[print-in-server] `println!` in server code";
    project
        .run(&["--format", "concise"])
        .code(1)
        .findings(&[MAIN_FINDING, nested_finding])
        .stderr(&[]);

    project.write(
        "backlint.toml",
        b"[limits]\nmax-file-size = 4096\nmax-nesting-depth = 32\n",
    );
    let long = "file is 5014 bytes, over the limit of 4096 (limits.max-file-size)";
    let deep = "nesting depth 43 is over the limit of 32 (limits.max-nesting-depth)";
    project
        .run(&["--format", "concise"])
        .code(1)
        .findings(&[MAIN_FINDING])
        .stderr(&[
            &skipped("src/long.rs", long),
            &skipped("src/nested.rs", deep),
        ]);

    let json: serde_json::Value =
        serde_json::from_str(&project.run(&["--format", "json", "-q"]).stdout).unwrap();
    assert_eq!(
        json["problems"],
        serde_json::json!([
            {"path": "src/long.rs", "kind": "skipped", "message": long},
            {"path": "src/nested.rs", "kind": "skipped", "message": deep},
        ])
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&project.run(&["--format", "sarif", "-q"]).stdout).unwrap();
    let notifications: Vec<&str> = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["message"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        notifications,
        [
            format!("skipped src/long.rs: {long}"),
            format!("skipped src/nested.rs: {deep}")
        ]
    );
}
