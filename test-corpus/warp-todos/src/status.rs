//! The hosting provider's status, shown beside the todo list.

use std::convert::Infallible;

use warp::http::StatusCode;
use warp::Reply;

const PROVIDER_STATUS: &str = "https://status.todos-cloud.io/api/v2/status.json";

/// GET /status: the provider's current status, fetched for each request.
pub async fn provider_status() -> Result<impl Reply, Infallible> {
    match reqwest::get(PROVIDER_STATUS).await { // expect: client-per-request, http-client-without-timeout
        Ok(response) => match response.text().await {
            Ok(body) => Ok(warp::reply::with_status(body, StatusCode::OK)),
            Err(e) => {
                log::warn!("the status page sent no body: {e}");
                Ok(warp::reply::with_status(String::new(), StatusCode::BAD_GATEWAY))
            }
        },
        Err(e) => {
            log::warn!("the status page is unreachable: {e}");
            Ok(warp::reply::with_status(String::new(), StatusCode::BAD_GATEWAY))
        }
    }
}
