use std::path::PathBuf;

use tokio::io::AsyncWriteExt;

#[derive(Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    pub async fn open(dir: impl Into<PathBuf>) -> std::io::Result<Store> {
        let dir = dir.into();
        tokio::fs::create_dir_all(&dir).await?;
        Ok(Store { dir })
    }

    /// Appends one event to today's spool file of its source.
    pub async fn append(&self, source: &str, payload: &[u8]) -> std::io::Result<()> {
        let path = self.dir.join(format!("{source}.jsonl"));
        let mut file = tokio::fs::OpenOptions::new().create(true).append(true).open(&path).await?;
        file.write_all(payload).await?;
        file.write_all(b"\n").await?;
        let _ = file.flush().await; // expect: discarded-result
        Ok(())
    }

    /// Deletes spool files of sources that are no longer configured.
    pub async fn prune(&self, keep: &[&str]) -> usize {
        let mut entries = match tokio::fs::read_dir(&self.dir).await {
            Ok(entries) => entries,
            Err(e) => {
                tracing::warn!(dir = %self.dir.display(), error = %e, "cannot list the spool directory");
                return 0;
            }
        };
        let mut removed = 0;
        while let Ok(Some(entry)) = entries.next_entry().await {
            let path = entry.path();
            let source = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            if keep.contains(&source) {
                continue;
            }
            match tokio::fs::remove_file(&path).await {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => tracing::warn!(path = %path.display(), error = %e, "could not prune a spool file"),
            }
        }
        removed
    }

    /// Makes sure today's events are on disk (called by the hourly flush task).
    pub async fn sync(&self, source: &str) {
        let path = self.dir.join(format!("{source}.jsonl"));
        match tokio::fs::File::open(&path).await {
            Ok(file) => match file.sync_all().await {
                Ok(()) => {}
                Err(e) => {} // expect: swallowed-error
            },
            Err(e) => tracing::debug!(path = %path.display(), error = %e, "nothing to sync"),
        }
    }

    /// The last `limit` events of a source, oldest first.
    pub async fn recent(&self, source: &str, limit: usize) -> Vec<String> {
        let path = self.dir.join(format!("{source}.jsonl"));
        let text = match tokio::fs::read_to_string(&path).await { // expect: path-traversal
            Ok(text) => text,
            Err(e) => {
                tracing::debug!(path = %path.display(), error = %e, "no events to replay");
                return Vec::new();
            }
        };
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines[lines.len().saturating_sub(limit)..].to_vec()
    }

    pub fn secret_for(&self, source: &str) -> Option<String> {
        std::env::var(format!("WEBHOOK_SECRET_{}", source.to_ascii_uppercase())).ok() // expect: env-in-handler
    }
}
