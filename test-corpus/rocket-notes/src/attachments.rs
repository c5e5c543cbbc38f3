//! Files attached to notes, and the static assets of the web front end.

use std::path::{Path, PathBuf};

use rocket::fs::NamedFile;
use rocket::Route;

use crate::auth::AuthUser;
use crate::ids::{AttachmentId, ExportId, FontName, ShareSlug, ThemeName};

const ASSETS: &str = "static";
const ATTACHMENTS: &str = "data/attachments";

/// Front-end assets. Rocket builds the `PathBuf` from the segments itself, without `..` or
/// hidden segments, so it can be joined under the directory as it is.
#[get("/assets/<file..>")]
async fn asset(file: PathBuf) -> Option<NamedFile> {
    NamedFile::open(Path::new(ASSETS).join(file)).await.ok()
}

/// The same assets under a versioned prefix, through the shared helper.
#[get("/v/<_build>/<file..>", rank = 2)]
async fn versioned_asset(_build: &str, file: PathBuf) -> Option<NamedFile> {
    open_asset(&file).await
}

async fn open_asset(file: &Path) -> Option<NamedFile> {
    NamedFile::open(Path::new(ASSETS).join(file)).await.ok()
}

/// An attachment by its stored name. A `&str` segment is only percent-decoded: `..%2F..`
/// arrives as `../..`.
#[get("/attachments/<name>")]
async fn attachment(user: AuthUser, name: &str) -> Option<NamedFile> {
    let dir = Path::new(ATTACHMENTS).join(&user.owner);
    NamedFile::open(dir.join(name)).await.ok() // expect: path-traversal
}

/// An attachment by its checked id (see `AttachmentId::from_param`).
#[get("/attachments/by-id/<id>")]
async fn attachment_by_id(_user: AuthUser, id: AttachmentId) -> Option<NamedFile> {
    NamedFile::open(Path::new(ATTACHMENTS).join(id.as_ref())).await.ok()
}

/// The rendered page of a shared note. A `ShareSlug` is whatever the client wrote.
#[get("/shared/<slug>")]
async fn shared(slug: ShareSlug) -> Option<NamedFile> {
    NamedFile::open(Path::new("data/shared").join(slug.as_ref())).await.ok() // expect: path-traversal
}

/// A thumbnail named in the query: a `PathBuf` made from query text is not sanitised.
#[get("/thumbnail?<path>")]
async fn thumbnail(path: String) -> Option<NamedFile> {
    let file = PathBuf::from(path);
    NamedFile::open(Path::new(ASSETS).join("thumbs").join(file)).await.ok() // expect: path-traversal
}

/// A finished export, by the id a derive checks to be a UUID (see `notes-macros`).
#[get("/exports/<id>")]
async fn export(_user: AuthUser, id: ExportId) -> Option<NamedFile> {
    NamedFile::open(Path::new("data/exports").join(id.0)).await.ok()
}

/// A theme's style sheet, by a name a derive checks to be letters, digits and dashes.
#[get("/themes/<name>")]
async fn theme(name: ThemeName) -> Option<NamedFile> {
    NamedFile::open(Path::new(ASSETS).join("themes").join(name.0)).await.ok()
}

/// A font file, by a name whose derived conversion checks nothing.
#[get("/fonts/<name>")]
async fn font(name: FontName) -> Option<NamedFile> {
    NamedFile::open(Path::new(ASSETS).join("fonts").join(name.0)).await.ok() // expect: path-traversal
}

pub fn routes() -> Vec<Route> {
    routes![
        asset,
        versioned_asset,
        attachment,
        attachment_by_id,
        shared,
        thumbnail,
        export,
        theme,
        font
    ]
}
