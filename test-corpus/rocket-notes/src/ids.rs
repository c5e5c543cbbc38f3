//! Identifiers that arrive in URLs, checked as rocket converts them.

use notes_macros::{SlugFromParam, TextFromParam, UuidFromParam};
use rocket::request::FromParam;

/// The stored name of an attachment: letters, digits and dashes, as the upload code makes them.
pub struct AttachmentId(String);

impl<'r> FromParam<'r> for AttachmentId {
    type Error = &'r str;

    fn from_param(param: &'r str) -> Result<Self, Self::Error> {
        if !param.is_empty() && param.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            Ok(AttachmentId(param.to_string()))
        } else {
            Err(param)
        }
    }
}

impl AttachmentId {
    /// The id of a name the upload code generated.
    ///
    /// # Safety
    /// `name` must hold only ASCII letters, digits and dashes: handlers join it to paths.
    pub unsafe fn new_unchecked(name: String) -> AttachmentId { // expect: unsafe-code
        AttachmentId(name)
    }
}

impl AsRef<str> for AttachmentId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A note's share slug, as the client wrote it: nothing is checked.
pub struct ShareSlug(String);

impl<'r> FromParam<'r> for ShareSlug {
    type Error = std::convert::Infallible;

    fn from_param(param: &'r str) -> Result<Self, Self::Error> {
        Ok(ShareSlug(param.to_string()))
    }
}

impl AsRef<str> for ShareSlug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// An export's id: a UUID, checked by the derived `FromParam`.
#[derive(UuidFromParam)]
pub struct ExportId(String);

/// A theme's name: letters, digits and dashes, checked by the derived `FromParam`.
#[derive(SlugFromParam)]
pub struct ThemeName(String);

/// A font's name, as the client wrote it: the derived `FromParam` checks nothing.
#[derive(TextFromParam)]
pub struct FontName(String);
