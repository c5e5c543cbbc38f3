//! The company directory, for deployments built with the `ldap` feature.

pub fn canonical(user: &str) -> Option<String> {
    user.strip_suffix("@corp.example.com").map(str::to_lowercase)
}
