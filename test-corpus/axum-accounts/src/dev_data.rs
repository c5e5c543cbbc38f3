//! The seed data a local stack starts with (`accounts --dev`): an admin and a sign-in link the
//! integration tests use. Never inserted outside dev mode.

pub struct SeedLink {
    pub user: &'static str,
    pub csrf_token: &'static str,
}

pub const ADMIN_LINK: SeedLink = SeedLink {
    user: "admin@localhost",
    csrf_token: "8jINPnFznLF9o905QuE2n9CD4rTraQO4E4fOWPZTAkbg",
};
