//! The `backlint` binary.
fn main() {}
