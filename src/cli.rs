//! The command line: arguments of `backlint` (and the lint flags `cargo backlint` shares), the
//! run from arguments to exit code, and the guard that turns every failure into one line on
//! stderr.
//!
//! Exit codes: 0 = no active finding at or above `--fail-on`; 1 = findings; 2 = usage,
//! config or I/O error (one `backlint: error: …` line), an I/O or internal problem in the
//! report, or a panic (one `backlint: internal error: …` line, no backtrace).

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::num::NonZeroUsize;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, ValueEnum};
use codespan_reporting::term::termcolor::{Ansi, Color, ColorSpec, NoColor, WriteColor};

use crate::cargo::{Owners, Package};
use crate::config;
use crate::diagnostic::Severity;
use crate::discover;
use crate::engine::baseline::Baseline;
use crate::engine::diff::ChangedLines;
use crate::engine::FatalError;
use crate::messages::io_message;
use crate::paths::project_root;
use crate::progress::{self, TerminalProgress};
use crate::report::{self, Format, Problem, ProblemKind, RenderOptions, Report};
use crate::rules::meta::RuleMeta;
use crate::rules::registry;
use crate::selection::{self, SelectorList};
use crate::settings::{FailOn, RuleLevels, Selector, Settings};

/// Exit code: nothing at or above `--fail-on`.
pub const EXIT_OK: u8 = 0;
/// Exit code: findings at or above `--fail-on`.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage, config or I/O error, or an internal error.
pub const EXIT_ERROR: u8 = 2;

/// The `Examples:` of `backlint --help` (`tests/readme_examples.rs` runs each of them).
const EXAMPLES: &str = "\
Examples:
  backlint                                          check the current directory
  backlint services/api --format sarif -o backlint.sarif
  backlint --select security --fail-on error        security rules only; fail on errors
  backlint --write-baseline backlint-baseline.json  accept today's findings
  backlint --baseline backlint-baseline.json        report only findings added since
  backlint --diff origin/main --format github       changed lines, as GitHub annotations
  backlint --explain sql-injection                  a rule's documentation";

/// `backlint [OPTIONS] [PATH]...`
#[derive(Debug, Parser)]
#[command(
    name = "backlint",
    version,
    about = "A static analyzer for Rust backend services: security, error handling, \
             performance and operations",
    max_term_width = 100,
    after_help = EXAMPLES
)]
pub struct Cli {
    /// Files and directories to check
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Print the documentation of a rule and exit
    #[arg(long, value_name = "RULE", conflicts_with_all = ["paths", "list_rules"])]
    pub explain: Option<String>,

    /// List all rules (id, category, default level, summary) and exit
    #[arg(long, conflicts_with = "paths")]
    pub list_rules: bool,

    #[command(flatten)]
    pub lint: LintArgs,
}

/// The flags of a lint run, shared by `backlint` and `cargo backlint`.
#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Output format [default: text]
    #[arg(long, value_name = "FORMAT", value_parser = format_parser())]
    pub format: Option<Format>,

    /// Write the report to FILE instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Run only these rules or categories (`all` for every rule); replaces config's `select`
    #[arg(long, value_name = "RULE|CATEGORY", value_delimiter = ',', value_parser = selector)]
    pub select: Vec<Selector>,

    /// Run these rules or categories in addition to the selected ones
    #[arg(long, value_name = "RULE|CATEGORY", value_delimiter = ',', value_parser = selector)]
    pub extend_select: Vec<Selector>,

    /// Do not run these rules or categories
    #[arg(long, value_name = "RULE|CATEGORY", value_delimiter = ',', value_parser = selector)]
    pub ignore: Vec<Selector>,

    /// Exit with code 1 for findings at or above this level [default: warning]
    #[arg(long, value_name = "LEVEL", value_parser = fail_on_parser())]
    pub fail_on: Option<FailOn>,

    /// Read config from FILE instead of discovering backlint.toml or Cargo.toml metadata
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Use no config file: defaults and flags only
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,

    /// Worker threads [default: one per core]
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<NonZeroUsize>,

    /// Colored output: auto = when stdout is a terminal and NO_COLOR is unset or empty
    #[arg(long, value_name = "WHEN", value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print counts per rule and level after the findings (text and concise formats)
    #[arg(long)]
    pub statistics: bool,

    /// Also print findings silenced by `backlint-allow` comments, with their reason
    #[arg(long)]
    pub show_suppressed: bool,

    /// Print findings only: no summary line, no notes about skipped files
    #[arg(short, long)]
    pub quiet: bool,

    /// Report only findings that FILE (written by --write-baseline) does not hold
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record the current findings in FILE as the baseline; they then pass
    #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "diff"])]
    pub write_baseline: Option<PathBuf>,

    /// Report only findings on lines changed since the merge-base of GIT_REF and HEAD,
    /// uncommitted changes included
    #[arg(long, value_name = "GIT_REF")]
    pub diff: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn format_parser() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(Format::ALL.map(Format::name)).try_map(|name| name.parse())
}

fn fail_on_parser() -> impl TypedValueParser<Value = FailOn> {
    PossibleValuesParser::new(["error", "warning", "note", "never"])
        .try_map(|name| FailOn::parse(&name).ok_or("unknown level"))
}

fn selector(text: &str) -> Result<Selector, String> {
    config::parse_selector(text)
}

/// A failure that ends the run with exit code 2; the text is one line.
#[derive(Debug, PartialEq, Eq)]
pub struct Failure(pub String);

impl From<config::ConfigError> for Failure {
    fn from(error: config::ConfigError) -> Self {
        Failure(error.0)
    }
}

impl From<FatalError> for Failure {
    fn from(error: FatalError) -> Self {
        Failure(error.0)
    }
}

/// The `backlint` binary: parses `args` (including the program name) and runs.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    guarded(|| {
        let cli = match Cli::try_parse_from(args) {
            Ok(cli) => cli,
            Err(error) => return Ok(clap_exit(&error)),
        };
        if let Some(id) = &cli.explain {
            return explain(id, use_color(cli.lint.color, true));
        }
        if cli.list_rules {
            return list_rules();
        }
        let format = cli.lint.format.unwrap_or_default();
        run(&cli.paths, &cli.lint, format, None)
    })
}

/// Prints a clap error or `--help`/`--version` output; returns clap's exit code (2 for
/// usage errors).
pub fn clap_exit(error: &clap::Error) -> u8 {
    // Output to a closed pipe is not an error worth reporting.
    let _ = error.print();
    u8::try_from(error.exit_code()).unwrap_or(EXIT_ERROR)
}

/// Runs `body` and turns its result into an exit code: a [`Failure`] becomes one
/// `backlint: error: …` line on stderr and exit code 2, a panic one
/// `backlint: internal error: <message> at <location>` line and exit code 2.
pub fn guarded(body: impl FnOnce() -> Result<u8, Failure>) -> ExitCode {
    install_panic_hook();
    let code = match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(code)) => code,
        Ok(Err(Failure(message))) => {
            eprint_line(&format!("backlint: error: {message}"));
            EXIT_ERROR
        }
        Err(payload) => {
            let message = take_last_panic().unwrap_or_else(|| panic_message(payload.as_ref()));
            eprint_line(&format!("backlint: internal error: {message}"));
            EXIT_ERROR
        }
    };
    ExitCode::from(code)
}

/// The last panic seen by the hook, as `<message> at <file:line:column>`.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Replaces the default panic output (message plus backtrace hint) by a record that
/// [`guarded`] prints as one line if the panic reaches it. Panics that the engine contains
/// (a rule failing on one file) are not recorded: the engine reports them itself.
fn install_panic_hook() {
    panic::set_hook(Box::new(|info| {
        if crate::engine::panic_is_contained() {
            return;
        }
        let message = panic_message(info.payload());
        let text = match info.location() {
            Some(location) => format!("{message} at {location}"),
            None => message,
        };
        *LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some(text);
    }));
}

fn take_last_panic() -> Option<String> {
    LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()).take()
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text.to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "panic with a non-text payload".to_string()
    }
    .replace('\n', " ")
}

/// Writes one line to stderr; a closed stderr is ignored (there is nowhere left to report).
fn eprint_line(line: &str) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// What `cargo backlint` knows before the run.
pub struct CargoContext<'a> {
    /// Where config discovery starts (the selected package, or the workspace root).
    pub config_start: &'a Path,
    /// The workspace's packages, as `cargo metadata` described them (for `cargo-json`).
    pub packages: &'a [Package],
}

/// Checks `paths` with the config (found from the current directory, or from where `cargo`
/// says) and flags, writes the report, and returns the exit code.
pub fn run(
    paths: &[PathBuf],
    args: &LintArgs,
    format: Format,
    cargo: Option<&CargoContext>,
) -> Result<u8, Failure> {
    let cwd = std::env::current_dir().map_err(|error| {
        Failure(format!(
            "cannot read the current directory: {}",
            io_message(&error)
        ))
    })?;
    let config_start = cargo.map_or(cwd.as_path(), |cargo| cargo.config_start);
    let Resolved { settings, warnings } = resolve_settings(args, config_start, &cwd)?;
    for warning in &warnings {
        eprint_line(&format!("backlint: warning: {warning}"));
    }
    if args.statistics && !format.shows_statistics() {
        eprint_line(&format!(
            "backlint: warning: `--statistics` is ignored with `--format {format}`"
        ));
    }
    // Nothing to check, nothing to report: no empty report, no summary of 0 files.
    let unavailable: Vec<Problem> = paths
        .iter()
        .filter_map(|path| discover::unavailable_path(path, &cwd))
        .collect();
    if !paths.is_empty() && unavailable.len() == paths.len() {
        print_problems(&unavailable, args.quiet);
        return Ok(EXIT_ERROR);
    }
    // Create the output file before the run: a wrong path fails fast.
    let output = match &args.output {
        Some(path) => Some(
            File::create(path)
                .map(BufWriter::new)
                .map_err(|error| cannot_write(path, &error))?,
        ),
        None => None,
    };
    // Ask git and read the baseline before the run: a wrong ref or file fails fast.
    let changed = match &args.diff {
        Some(git_ref) => Some(ChangedLines::since(git_ref, &cwd)?),
        None => None,
    };
    let root = project_root(&cwd, settings.config_file.as_deref());
    let baseline = match &args.baseline {
        Some(path) => Some(Baseline::read(path, &root, &cwd)?),
        None => None,
    };
    let progress = TerminalProgress::new(progress::wanted(
        args.quiet,
        &progress::Environment::current(),
    ));
    let report = crate::engine::check_with_progress(paths, &settings, &progress);
    // Cleared before anything else is written.
    progress.finish();
    let mut report = report?;
    if let Some(changed) = &changed {
        changed.retain_changed(&mut report, &cwd);
    }
    if let Some(path) = &args.write_baseline {
        let written = Baseline::of(&report, &root, &cwd);
        written.write(path, &cwd)?;
        if !args.quiet {
            let suppressed = match written.held_suppressed() {
                0 => String::new(),
                n => format!(" ({n} suppressed)"),
            };
            eprint_line(&format!(
                "backlint: wrote {}{suppressed} to `{}`",
                report::plural(written.held(), "finding"),
                path.display()
            ));
        }
        written.apply(&mut report, &cwd);
    } else if let Some(baseline) = &baseline {
        baseline.apply(&mut report, &cwd);
    }
    let owners = (format == Format::CargoJson).then(|| {
        let known = cargo.map_or(&[][..], |cargo| cargo.packages);
        Owners::resolve(report.active().map(|d| &*d.primary.file), &cwd, known)
    });
    if !args.quiet {
        for warning in owners.iter().flat_map(|owners| &owners.warnings) {
            eprint_line(&format!("backlint: warning: {warning}"));
        }
    }
    let options = RenderOptions {
        color: use_color(args.color, args.output.is_none()),
        statistics: args.statistics,
        quiet: args.quiet,
        show_suppressed: args.show_suppressed,
        owners: owners.as_ref(),
    };
    let rendered = match (output, &args.output) {
        (Some(mut file), Some(path)) => report::render(&report, format, &options, &mut file)
            .and_then(|()| file.flush())
            .map_err(|error| cannot_write(path, &error)),
        _ => write_stdout(|out| report::render(&report, format, &options, out)),
    };
    // After the report, so that an error is the last thing a terminal shows.
    print_problems(&report.problems, args.quiet);
    rendered?;
    Ok(exit_code(&report, settings.fail_on))
}

/// One line each on stderr; `quiet` leaves out skipped files.
fn print_problems(problems: &[Problem], quiet: bool) {
    for problem in problems {
        if !(quiet && problem.kind == ProblemKind::Skipped) {
            eprint_line(&format!("backlint: {}", report::problem_line(problem)));
        }
    }
}

fn cannot_write(path: &Path, error: &io::Error) -> Failure {
    Failure(format!(
        "cannot write `{}`: {}",
        path.display(),
        io_message(error)
    ))
}

/// 2 for I/O and internal problems, 1 for active findings at or above `fail_on`, else 0.
pub fn exit_code(report: &Report, fail_on: FailOn) -> u8 {
    if report
        .problems
        .iter()
        .any(|p| matches!(p.kind, ProblemKind::Io | ProblemKind::Internal))
    {
        EXIT_ERROR
    } else if report.active().any(|d| fail_on.fails(d.level)) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Whether text output gets ANSI colours.
fn use_color(choice: ColorChoice, to_stdout: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_stdout
                && io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
        }
    }
}

/// Writes to stdout through a buffer. A closed pipe (`backlint | head -1`) ends the output
/// quietly; other write errors are failures.
fn write_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), Failure> {
    let mut out = BufWriter::new(io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => {
            // Drop what is still buffered without retrying the write.
            let _ = out.into_parts();
            Ok(())
        }
        Err(error) => Err(Failure(format!(
            "cannot write to stdout: {}",
            io_message(&error)
        ))),
    }
}

/// Settings for a run, and the warnings about them to print before it.
#[derive(Debug)]
pub struct Resolved {
    pub settings: Settings,
    /// One line each, without the `backlint: warning: ` prefix.
    pub warnings: Vec<String>,
}

/// The config (unless `--no-config`) with the flags on top. A selection that names only
/// categories without rules is an error; one that names them next to others, a warning.
pub fn resolve_settings(args: &LintArgs, start: &Path, cwd: &Path) -> Result<Resolved, Failure> {
    let loaded = if args.no_config {
        None
    } else {
        config::load(args.config.as_deref(), start, cwd)?
    };
    let config_file = loaded
        .as_ref()
        .map(|loaded| crate::paths::display_path(&loaded.path, cwd));
    let mut settings = loaded.map(|loaded| loaded.settings).unwrap_or_default();
    let flags = RuleLevels {
        select: (!args.select.is_empty()).then(|| args.select.clone()),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
        levels: Default::default(),
    };
    let lists = selector_lists(&settings, config_file.as_deref(), &flags);
    settings.rules = with_flags(&settings.rules, &flags);
    for over in &mut settings.overrides {
        over.rules = with_flags(&over.rules, &flags);
    }
    let selects_rules = registry()
        .iter()
        .any(|rule| settings.enabled_anywhere(rule.meta()));
    let warnings = selection::check(&lists, selects_rules).map_err(Failure)?;
    if let Some(fail_on) = args.fail_on {
        settings.fail_on = fail_on;
    }
    if let Some(jobs) = args.jobs {
        settings.jobs = Some(jobs.get());
    }
    Ok(Resolved { settings, warnings })
}

/// The `select` and `extend-select` lists that take part in the run, named as written: the
/// flags', and the config's (`file` is its displayed path) — its `select` lists only when
/// `--select` does not replace them.
fn selector_lists(config: &Settings, file: Option<&str>, flags: &RuleLevels) -> Vec<SelectorList> {
    let mut lists = Vec::new();
    if let Some(select) = &flags.select {
        lists.push(SelectorList {
            origin: "`--select`".to_string(),
            selectors: select.clone(),
        });
    }
    lists.push(SelectorList {
        origin: "`--extend-select`".to_string(),
        selectors: flags.extend_select.clone(),
    });
    let Some(file) = file else {
        return lists;
    };
    let tables = std::iter::once((String::new(), &config.rules)).chain(
        config
            .overrides
            .iter()
            .enumerate()
            .map(|(index, over)| (format!("overrides[{index}]."), &over.rules)),
    );
    for (table, rules) in tables {
        if let (Some(select), None) = (&rules.select, &flags.select) {
            lists.push(SelectorList {
                origin: format!("{file}: {table}select"),
                selectors: select.clone(),
            });
        }
        lists.push(SelectorList {
            origin: format!("{file}: {table}extend-select"),
            selectors: rules.extend_select.clone(),
        });
    }
    lists
}

/// `rules` (from config) with the command line's selection on top. Flags win: config
/// `levels` cannot re-enable a rule that `--select` left out or `--ignore` turned off.
fn with_flags(rules: &RuleLevels, flags: &RuleLevels) -> RuleLevels {
    let mut rules = rules.clone();
    rules.levels.retain(|id, severity| {
        let Some(rule) = crate::rules::find(id) else {
            return true;
        };
        let meta = rule.meta();
        let selected_by_flags = flags.select.as_ref().is_none_or(|select| {
            select
                .iter()
                .chain(&flags.extend_select)
                .any(|s| s.matches(meta))
        });
        *severity == Severity::Off
            || (selected_by_flags && !flags.ignore.iter().any(|s| s.matches(meta)))
    });
    rules.merged(flags)
}

/// `--explain RULE`: the rule's page, under a `id (category, default level)` line. With
/// colour, that line and the Markdown headings are bold, the headings coloured (`Bad` red,
/// `Good` green); code blocks stay plain.
fn explain(id: &str, color: bool) -> Result<u8, Failure> {
    let rule = config::find_rule(id).map_err(Failure)?;
    write_stdout(|out| {
        if color {
            write_explanation(rule, &mut Ansi::new(out))
        } else {
            write_explanation(rule, &mut NoColor::new(out))
        }
    })?;
    Ok(EXIT_OK)
}

fn write_explanation(rule: &RuleMeta, out: &mut dyn WriteColor) -> io::Result<()> {
    out.set_color(ColorSpec::new().set_bold(true))?;
    write!(
        out,
        "{} ({}, {})",
        rule.id,
        rule.category,
        severity_name(rule.default_severity)
    )?;
    out.reset()?;
    writeln!(out, "\n")?;
    let mut in_code = false;
    for line in rule.markdown.trim().lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if in_code || !line.starts_with('#') {
            writeln!(out, "{line}")?;
            continue;
        }
        let color = match line.trim_start_matches('#').trim() {
            "Bad" => Color::Red,
            "Good" => Color::Green,
            _ => Color::Cyan,
        };
        out.set_color(ColorSpec::new().set_bold(true).set_fg(Some(color)))?;
        write!(out, "{line}")?;
        out.reset()?;
        writeln!(out)?;
    }
    Ok(())
}

/// `--list-rules`: one rule a line, sorted by id, in aligned columns under a header.
fn list_rules() -> Result<u8, Failure> {
    let mut rules: Vec<_> = registry().iter().map(|rule| rule.meta()).collect();
    rules.sort_by_key(|meta| meta.id);
    let rows: Vec<[&str; 4]> = std::iter::once(["RULE", "CATEGORY", "LEVEL", "SUMMARY"])
        .chain(rules.iter().map(|meta| {
            [
                meta.id,
                meta.category.as_str(),
                severity_name(meta.default_severity),
                meta.summary.as_str(),
            ]
        }))
        .collect();
    let width = |column: usize| rows.iter().map(|row| row[column].len()).max().unwrap_or(0);
    let (id_width, category_width, level_width) = (width(0), width(1), width(2));
    write_stdout(|out| {
        for [id, category, level, summary] in &rows {
            writeln!(
                out,
                "{id:id_width$}  {category:category_width$}  {level:level_width$}  {summary}"
            )?;
        }
        Ok(())
    })?;
    Ok(EXIT_OK)
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Off => "off",
        Severity::On(level) => level.as_str(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Level;
    use crate::rules::meta::Category;

    fn lint_args(args: &[&str]) -> LintArgs {
        let mut argv = vec!["backlint"];
        argv.extend(args);
        Cli::try_parse_from(argv).unwrap().lint
    }

    fn meta(id: &str) -> &'static crate::rules::meta::RuleMeta {
        crate::rules::find(id).unwrap().meta()
    }

    #[test]
    fn the_command_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn selectors_are_repeatable_and_comma_separated() {
        let args = lint_args(&["--select", "errors,print-in-server", "--select", "all"]);
        assert_eq!(
            args.select,
            vec![
                Selector::Category(Category::Errors),
                Selector::Rule("print-in-server"),
                Selector::All
            ]
        );
        let error = Cli::try_parse_from(["backlint", "--ignore", "print-in-servr"]).unwrap_err();
        assert_eq!(error.exit_code(), 2);
        assert!(error
            .to_string()
            .contains("did you mean `print-in-server`?"));
    }

    #[test]
    fn flags_win_over_config_levels() {
        let mut config = RuleLevels::default();
        config
            .levels
            .insert("print-in-server", Severity::On(Level::Error));
        config.levels.insert("swallowed-error", Severity::Off);
        let flags = |args: &[&str]| {
            let args = lint_args(args);
            RuleLevels {
                select: (!args.select.is_empty()).then(|| args.select.clone()),
                extend_select: args.extend_select,
                ignore: args.ignore,
                levels: Default::default(),
            }
        };
        let merged = with_flags(&config, &flags(&["--ignore", "operations"]));
        assert_eq!(merged.level(meta("print-in-server")), None);
        let merged = with_flags(&config, &flags(&["--select", "errors"]));
        assert_eq!(merged.level(meta("print-in-server")), None);
        assert_eq!(merged.level(meta("swallowed-error")), None);
        assert!(merged.level(meta("unwrap-in-request-path")).is_some());
        let merged = with_flags(
            &config,
            &flags(&["--select", "errors", "--extend-select", "print-in-server"]),
        );
        assert_eq!(merged.level(meta("print-in-server")), Some(Level::Error));
        let merged = with_flags(&config, &flags(&[]));
        assert_eq!(merged.level(meta("print-in-server")), Some(Level::Error));
    }

    #[test]
    fn scalar_flags_override_config() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir(root.join(".git")).unwrap();
        std::fs::write(root.join("backlint.toml"), "fail-on = \"error\"\njobs = 2").unwrap();
        let settings = resolve_settings(&lint_args(&[]), &root, &root)
            .unwrap()
            .settings;
        assert_eq!(settings.fail_on, FailOn::Level(Level::Error));
        assert_eq!(settings.jobs, Some(2));
        let args = lint_args(&["--fail-on", "never", "--jobs", "7"]);
        let settings = resolve_settings(&args, &root, &root).unwrap().settings;
        assert_eq!(settings.fail_on, FailOn::Never);
        assert_eq!(settings.jobs, Some(7));
        let settings = resolve_settings(&lint_args(&["--no-config"]), &root, &root)
            .unwrap()
            .settings;
        assert_eq!(settings.jobs, None);
    }

    #[test]
    fn jobs_must_be_positive() {
        let error = Cli::try_parse_from(["backlint", "--jobs", "0"]).unwrap_err();
        assert_eq!(error.exit_code(), 2);
    }

    #[test]
    fn exit_codes_follow_problems_and_fail_on() {
        let mut report = Report::default();
        assert_eq!(exit_code(&report, FailOn::Level(Level::Warning)), EXIT_OK);
        report.problems.push(crate::report::Problem {
            path: "a.rs".into(),
            kind: ProblemKind::Skipped,
            message: "too large".into(),
        });
        assert_eq!(exit_code(&report, FailOn::Level(Level::Warning)), EXIT_OK);
        report.problems[0].kind = ProblemKind::Io;
        assert_eq!(exit_code(&report, FailOn::Never), EXIT_ERROR);
    }

    #[test]
    fn panic_messages_are_one_line() {
        let payload: Box<dyn std::any::Any + Send> = Box::new(String::from("a\nb"));
        assert_eq!(panic_message(payload.as_ref()), "a b");
    }
}
