//! Fuzz target: arbitrary bytes (split on NUL into up to four files of one service crate)
//! through discovery, the per-file pipeline, the crate pass and every renderer. Seeded with
//! `test-corpus/`, libFuzzer's mutations turn the corpus programs into near-valid Rust.

#![no_main]

#[path = "../../tests/support/pipeline.rs"]
mod pipeline;

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

static WORKSPACE: OnceLock<pipeline::Workspace> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    WORKSPACE.get_or_init(pipeline::Workspace::new).check(data);
});
