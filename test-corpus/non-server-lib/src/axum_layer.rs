//! Optional axum integration (feature `axum`): a freshness endpoint and a hit-counting layer
//! that services built on axum can mount. The library defines them; it routes nothing itself,
//! so it is still not a server.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::{Json, Router};

/// When today's export last changed, refreshed from the export directory.
pub struct ExportStatus {
    pub modified_secs: AtomicU64,
    pub hits: AtomicU64,
    pub export_dir: std::path::PathBuf,
}

impl ExportStatus {
    /// Re-reads the export's modification time; the old one stays when that fails.
    pub fn refresh(&self) -> Result<(), std::io::Error> {
        let modified = std::fs::metadata(self.export_dir.join("today.csv"))?.modified()?;
        let secs = modified.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        self.modified_secs.store(secs, Ordering::Relaxed);
        Ok(())
    }
}

/// `GET /export-status`, for the embedding service to route.
pub async fn export_status(State(status): State<Arc<ExportStatus>>) -> Json<u64> {
    let _ = status.refresh();
    Json(status.modified_secs.load(Ordering::Relaxed))
}

async fn count_hits(State(status): State<Arc<ExportStatus>>, request: Request, next: Next) -> Response {
    status.hits.fetch_add(1, Ordering::Relaxed);
    next.run(request).await
}

/// Installs the hit counter onto a service's router.
pub trait CountHits {
    fn count_hits(self, status: Arc<ExportStatus>) -> Self;
}

impl<S: Clone + Send + Sync + 'static> CountHits for Router<S> {
    fn count_hits(self, status: Arc<ExportStatus>) -> Self {
        self.layer(axum::middleware::from_fn_with_state(status, count_hits))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_endpoint_mounts() {
        let status = Arc::new(ExportStatus {
            modified_secs: AtomicU64::new(0),
            hits: AtomicU64::new(0),
            export_dir: "exports".into(),
        });
        let _app: Router = Router::new()
            .route("/export-status", axum::routing::get(export_status))
            .with_state(status.clone())
            .count_hits(status);
    }
}
