//! Human-readable summaries of a seeding or import run, for the operator's terminal.

/// Prints how a seeding run went. Only `src/bin/seed.rs` calls this: the command-line tool's
/// output, not the server's.
pub fn print_seed_summary(created: usize, requested: usize) {
    println!("done: {created} of {requested} items created");
    if created < requested {
        print_skipped_hint(requested - created);
    }
}

fn print_skipped_hint(skipped: usize) {
    eprintln!("{skipped} items were skipped; run with RUST_LOG=debug for the reasons");
}

/// Shared by the seeding tool and the server's startup: once the server calls it, its output
/// is server output.
pub fn print_pool_size(size: u32) {
    println!("database pool: {size} connections"); // expect: print-in-server
}

/// The stock summary's SKU column is ASCII by construction (`[A-Z0-9-]`, checked at insert),
/// so the padded text is built without a second UTF-8 check. The crate allows unsafe code on
/// purpose (`[lints.rust]` of its manifest): its policy is decided, nothing to report.
pub fn padded_sku(sku: &str, width: usize) -> String {
    let mut bytes = sku.as_bytes().to_vec();
    bytes.resize(width.max(bytes.len()), b' ');
    // SAFETY: `sku` is valid UTF-8 and only ASCII spaces were appended.
    unsafe { String::from_utf8_unchecked(bytes) }
}
