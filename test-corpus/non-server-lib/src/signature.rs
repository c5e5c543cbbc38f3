//! Exports from the shop's back office end with a signature line the importer checks; this
//! library runs on the analyst's machine, where no one can time it.

pub struct Trailer {
    pub rows: usize,
    pub signature: String,
}

pub fn trailer_matches(trailer: &Trailer, expected_signature: &str, rows: usize) -> bool {
    trailer.rows == rows && trailer.signature == expected_signature
}
