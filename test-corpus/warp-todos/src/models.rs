use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

pub type Db = Arc<Mutex<Vec<Todo>>>;

pub fn blank_db() -> Db {
    Arc::new(Mutex::new(Vec::new()))
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Todo {
    pub id: u64,
    pub text: String,
    pub completed: bool,
}

#[derive(Debug, Deserialize)]
pub struct NewTodo {
    pub text: String,
}

#[derive(Debug, Deserialize)]
pub struct ListOptions {
    pub offset: Option<usize>,
    pub limit: Option<usize>,
}

#[derive(Debug, Deserialize)]
pub struct Announcement {
    pub text: String,
    pub channel: Option<String>,
}

/// The account todos are mirrored with.
#[derive(Debug, Clone)]
pub struct GithubAccount {
    pub login: String,
    pub token: String,
}

/// Where todos are mirrored.
#[derive(Debug, Clone)]
pub struct GithubRepo {
    pub owner: String,
    pub name: String,
}

/// A deploy key: its `Debug` shows the key's id only.
#[derive(Clone)]
pub struct DeployKey {
    pub id: u64,
    pub private_key: String,
}

impl std::fmt::Debug for DeployKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeployKey").field("id", &self.id).finish_non_exhaustive()
    }
}
