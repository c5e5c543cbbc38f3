//! What cargo says about the packages around the checked files: `cargo metadata --no-deps`,
//! run so that the checked tree chooses nothing about what runs ([`metadata`]), and which
//! package and target each file with findings belongs to ([`Owners`]), as `cargo backlint`
//! selects packages and `--format cargo-json` names them in its messages. Where cargo cannot
//! say (no manifest, cargo missing, a broken manifest), the owner is inferred from the file
//! layout ([`layout`]) and a warning says so.

mod layout;
mod metadata;
mod owners;

pub use metadata::{metadata, Metadata, MetadataError, Package, Target};
pub use owners::{Owner, Owners};
