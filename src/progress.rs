//! The progress bar of the command line: files parsed out of the total, then the crate
//! passes, drawn on stderr once a run has taken [`DELAY`] (a shorter run shows nothing).
//!
//! It is drawn only for a person at a terminal ([`wanted`]): stderr is a terminal whose
//! `TERM` is not `dumb`, `CI` is unset (or empty, `false`, `0`), and `-q` is not given. The
//! report's format and destination do not matter: the bar is cleared before anything else is
//! written, so it never mixes with the report on stdout or the problem lines on stderr.
//! `BACKLINT_PROGRESS_DELAY_MS` overrides the delay, for tests.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::engine::progress::{Phase, Progress};

/// How long a run goes before the bar appears.
pub const DELAY: Duration = Duration::from_secs(1);

/// What decides whether a bar is drawn, read from the process.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Environment {
    pub stderr_is_terminal: bool,
    /// `CI`, which CI services set (to `true`, mostly).
    pub ci: Option<OsString>,
    pub term: Option<OsString>,
}

impl Environment {
    pub fn current() -> Environment {
        Environment {
            stderr_is_terminal: std::io::stderr().is_terminal(),
            ci: std::env::var_os("CI"),
            term: std::env::var_os("TERM"),
        }
    }
}

/// Whether a run should draw a progress bar.
pub fn wanted(quiet: bool, env: &Environment) -> bool {
    let in_ci = env.ci.as_deref().is_some_and(|ci| {
        !(ci.is_empty() || ci.eq_ignore_ascii_case("false") || ci == OsStr::new("0"))
    });
    let dumb = env.term.as_deref() == Some(OsStr::new("dumb"));
    !quiet && env.stderr_is_terminal && !in_ci && !dumb
}

/// A bar that stays hidden until the delay has passed, then draws on stderr until
/// [`finish`](TerminalProgress::finish) (or drop) clears it.
pub struct TerminalProgress {
    bar: ProgressBar,
    /// The phase shown: [`FINDING`] until the engine starts one. Changed together with the
    /// counts, under the bar's lock, so that no frame mixes two phases.
    phase: Arc<AtomicU8>,
    /// Dropped to tell the revealing thread that the run is over.
    done: Option<mpsc::Sender<()>>,
    revealer: Option<JoinHandle<()>>,
}

/// What the bar shows: [`FINDING`] (before the engine has found the files), then a phase.
const FINDING: u8 = 0;
const FILES: u8 = 1;
const CRATES: u8 = 2;

fn code(phase: Phase) -> u8 {
    match phase {
        Phase::Files => FILES,
        Phase::Crates => CRATES,
    }
}

/// The label of what the bar shows, and what it counts.
fn label_and_unit(shown: u8) -> (&'static str, &'static str) {
    match shown {
        FINDING => ("Finding", "files"),
        FILES => ("Parsing", "files"),
        _ => ("Crate passes", "crates"),
    }
}

impl TerminalProgress {
    /// A bar if `wanted`, else one that never draws.
    pub fn new(wanted: bool) -> TerminalProgress {
        let phase = Arc::new(AtomicU8::new(FINDING));
        let label = Arc::clone(&phase);
        let count = Arc::clone(&phase);
        let style = ProgressStyle::with_template("{phase:>12} [{bar:40}] {count}")
            .expect("a valid template")
            .progress_chars("=> ")
            .with_key(
                "phase",
                move |_: &ProgressState, out: &mut dyn fmt::Write| {
                    let _ = out.write_str(label_and_unit(label.load(Ordering::Relaxed)).0);
                },
            )
            .with_key(
                "count",
                move |state: &ProgressState, out: &mut dyn fmt::Write| {
                    let shown = count.load(Ordering::Relaxed);
                    let unit = label_and_unit(shown).1;
                    let _ = match (shown, state.len()) {
                        (FINDING, _) | (_, None) => out.write_str(unit),
                        (_, Some(total)) => write!(out, "{}/{total} {unit}", state.pos()),
                    };
                },
            );
        let bar =
            ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()).with_style(style);
        let mut progress = TerminalProgress {
            bar,
            phase,
            done: None,
            revealer: None,
        };
        if !wanted {
            return progress;
        }
        let delay = std::env::var("BACKLINT_PROGRESS_DELAY_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(DELAY, Duration::from_millis);
        if delay.is_zero() {
            reveal(&progress.bar);
            return progress;
        }
        let (done, run_over) = mpsc::channel::<()>();
        let bar = progress.bar.clone();
        progress.done = Some(done);
        progress.revealer = Some(thread::spawn(move || {
            if run_over.recv_timeout(delay) == Err(RecvTimeoutError::Timeout) {
                reveal(&bar);
            }
        }));
        progress
    }

    /// Clears the bar (if it was drawn); nothing is drawn after this.
    pub fn finish(mut self) {
        self.clear();
    }

    fn clear(&mut self) {
        if self.bar.is_finished() {
            return;
        }
        self.done = None;
        if let Some(revealer) = self.revealer.take() {
            // It only draws; a panic there is no reason to lose the report.
            let _ = revealer.join();
        }
        self.bar.disable_steady_tick();
        self.bar.finish_and_clear();
    }
}

impl Drop for TerminalProgress {
    fn drop(&mut self) {
        self.clear();
    }
}

/// Starts drawing `bar` on stderr: at once, then ten times a second (so the time moves
/// while a long crate pass takes no steps).
fn reveal(bar: &ProgressBar) {
    bar.set_draw_target(ProgressDrawTarget::stderr());
    bar.force_draw();
    bar.enable_steady_tick(Duration::from_millis(100));
}

impl Progress for TerminalProgress {
    fn start(&self, phase: Phase, total: usize) {
        self.bar.update(|state| {
            self.phase.store(code(phase), Ordering::Relaxed);
            state.set_pos(0);
            state.set_len(total as u64);
        });
        // Each phase is shown as it starts (a no-op while hidden).
        self.bar.force_draw();
    }

    fn step(&self) {
        self.bar.inc(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(stderr_is_terminal: bool, ci: Option<&str>, term: Option<&str>) -> Environment {
        Environment {
            stderr_is_terminal,
            ci: ci.map(OsString::from),
            term: term.map(OsString::from),
        }
    }

    #[test]
    fn a_bar_only_for_a_person_at_a_terminal() {
        assert!(wanted(false, &env(true, None, Some("xterm-256color"))));
        assert!(wanted(false, &env(true, None, None)));
        // Not a terminal, quiet, a dumb terminal.
        assert!(!wanted(false, &env(false, None, Some("xterm"))));
        assert!(!wanted(true, &env(true, None, Some("xterm"))));
        assert!(!wanted(false, &env(true, None, Some("dumb"))));
        // CI: any value but empty, false and 0 means a CI job.
        for ci in ["true", "1", "yes", "woodpecker"] {
            assert!(
                !wanted(false, &env(true, Some(ci), Some("xterm"))),
                "CI={ci}"
            );
        }
        for ci in ["", "false", "FALSE", "0"] {
            assert!(
                wanted(false, &env(true, Some(ci), Some("xterm"))),
                "CI={ci}"
            );
        }
    }

    #[test]
    fn an_unwanted_bar_counts_without_drawing() {
        let progress = TerminalProgress::new(false);
        progress.start(Phase::Crates, 3);
        progress.step();
        assert_eq!(progress.bar.position(), 1);
        assert_eq!(progress.bar.length(), Some(3));
        assert!(progress.bar.is_hidden());
        assert!(progress.revealer.is_none());
        progress.finish();
    }
}
