//! Mirrors finished todos into the team's GitHub project.

const GITHUB_API: &str = "https://api.github.com";
/// The header GitHub reads the token from.
const AUTH_HEADER: &str = "authorization";

pub fn client_headers() -> Vec<(&'static str, String)> {
    let token = "ghp_R8x2Lq7Vt4Zp1Nw6Ks3Hd9Fg5Jb0Mc2Ye7Ua"; // expect: hardcoded-secret
    vec![
        (AUTH_HEADER, format!("Bearer {token}")),
        ("accept", "application/vnd.github+json".to_string()),
    ]
}

pub fn issues_url(repo: &str) -> String {
    format!("{GITHUB_API}/repos/{repo}/issues")
}

/// Mirroring is off without a token.
pub fn mirror_token() -> String {
    dotenvy::var("GITHUB_TOKEN").unwrap_or_else(|_| String::new())
}

pub fn mirror_repo() -> String {
    dotenvy::var("GITHUB_REPO").unwrap_or_else(|_| "acme/todos".to_string())
}

/// The token from the deployment, when one is configured.
pub fn configured_token() -> Option<String> {
    let token = std::env::var("GITHUB_TOKEN").ok()?;
    let token_prefix = "ghp_";
    token.starts_with(token_prefix).then_some(token)
}

pub fn log_mirror_target(account: &crate::models::GithubAccount, repo: &crate::models::GithubRepo, key: &crate::models::DeployKey) {
    log::debug!("mirroring to {:?}", repo);
    log::debug!("mirroring as {:?}", account); // expect: secret-in-log
    log::debug!("deploying with {:?}", key);
}
