//! The whole pipeline over arbitrary bytes, shared by the cargo-fuzz target
//! (`fuzz/fuzz_targets/pipeline.rs`) and the bounded property test that runs in CI
//! (`tests/robustness.rs`).
//!
//! The input is split on NUL bytes into up to four files of one axum service crate, written to
//! a temporary directory, and checked with the library API, so discovery, reading, the limits,
//! parsing, the walk with every rule, the crate pass, suppressions and every renderer all run
//! (JSON formats must parse, XML ones must be well formed).
//! A panic anywhere — including a rule panic the engine contains and reports as an internal
//! problem — is a failure.

use std::fs;
use std::path::PathBuf;

use backlint::report::{self, Format, ProblemKind, RenderOptions};
use backlint::settings::{RuleLevels, Selector, Settings};

const MANIFEST: &str = "[package]\nname = \"fuzzed\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
                        [dependencies]\naxum = \"0.7\"\nsqlx = \"0.8\"\n";

/// Where the parts of an input go: a crate root, modules and a binary.
const FILES: [&str; 4] = [
    "src/main.rs",
    "src/handlers.rs",
    "src/db.rs",
    "src/bin/tool.rs",
];

/// A crate directory reused for many inputs.
pub struct Workspace {
    dir: tempfile::TempDir,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new()
    }
}

impl Workspace {
    pub fn new() -> Workspace {
        let dir = tempfile::tempdir().expect("create a temporary directory");
        fs::create_dir_all(dir.path().join("src/bin")).expect("create src/bin");
        fs::write(dir.path().join("Cargo.toml"), MANIFEST).expect("write Cargo.toml");
        Workspace { dir }
    }

    /// Checks `input` as the crate's files and renders the report in every format. Panics
    /// (failing the fuzz target or the test) when backlint panics or reports an internal error.
    pub fn check(&self, input: &[u8]) {
        let mut parts = input.splitn(FILES.len(), |&b| b == 0);
        for file in FILES {
            let path = self.dir.path().join(file);
            match parts.next() {
                Some(part) => fs::write(&path, part).expect("write an input file"),
                None => match fs::remove_file(&path) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => panic!("cannot remove {}: {e}", path.display()),
                },
            }
        }
        let settings = Settings {
            jobs: Some(1),
            rules: RuleLevels {
                select: Some(vec![Selector::All]),
                ..RuleLevels::default()
            },
            ..Settings::default()
        };
        let paths = [PathBuf::from(".")];
        let report = backlint::engine::check_in(&paths, &settings, self.dir.path())
            .expect("a run over a readable directory starts");
        let internal: Vec<_> = report
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::Internal)
            .collect();
        assert!(internal.is_empty(), "internal errors: {internal:?}");
        for diagnostic in &report.diagnostics {
            let span = diagnostic.primary.span;
            assert!(
                span.start.line >= 1 && span.start.column >= 1 && span.byte_start <= span.byte_end,
                "bad span {span:?} of {diagnostic:?}"
            );
        }
        for format in Format::ALL {
            let options = RenderOptions {
                statistics: true,
                show_suppressed: true,
                ..RenderOptions::default()
            };
            let mut out = Vec::new();
            report::render(&report, format, &options, &mut out).expect("render to memory");
            match format {
                Format::Json | Format::Sarif | Format::Gitlab | Format::Rdjson => {
                    serde_json::from_slice::<serde_json::Value>(&out)
                        .unwrap_or_else(|e| panic!("{format} output is not JSON: {e}"));
                }
                Format::Junit | Format::Checkstyle => assert_well_formed_xml(format, &out),
                Format::Text | Format::Concise | Format::Github | Format::CargoJson => {}
            }
        }
    }
}

/// Reads `out` through to its end with quick-xml; a syntax error or an element left open is a
/// failure.
fn assert_well_formed_xml(format: Format, out: &[u8]) {
    let text =
        std::str::from_utf8(out).unwrap_or_else(|e| panic!("{format} output is not UTF-8: {e}"));
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{format} output is not XML: {e}"),
        }
    }
    assert_eq!(depth, 0, "{format} output leaves elements open");
}
