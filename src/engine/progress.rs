//! How far a run is, told to an observer: the library draws nothing; the command line turns
//! it into a progress bar (`crate::progress`). A run has two phases, each a count of steps:
//! files read, parsed and walked (on the worker threads, in any order), then crate passes.

/// The phases of a run, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// One step per file: read, parsed and walked (facts-only files included).
    Files,
    /// One step per crate: the crate pass, levels and suppressions.
    Crates,
}

/// Receives a run's progress. Steps of [`Phase::Files`] come from worker threads at once.
pub trait Progress: Sync {
    /// `phase` starts; it will take `total` steps.
    fn start(&self, phase: Phase, total: usize);
    /// One more step of the phase last started is done.
    fn step(&self);
}

/// Progress nobody watches.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _phase: Phase, _total: usize) {}
    fn step(&self) {}
}
