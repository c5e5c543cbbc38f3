//! `body-limit-disabled`: see `rules/body-limit-disabled.md`.

use crate::rules::prelude::*;
use crate::semantic::insecure_api::insecure_call;

declare_rule!(BodyLimitDisabled, "body-limit-disabled");

const ID: &str = "body-limit-disabled";

impl Rule for BodyLimitDisabled {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Expr]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        let Node::Expr(expr) = node else {
            return;
        };
        // A limit a setting chooses (`if config.unlimited_uploads { .. }`) is the operator's.
        if cx.in_non_production_code() || cx.scope.in_flag_branch {
            return;
        }
        let Some(found) = insecure_call(cx.file, expr, ID) else {
            return;
        };
        let at = cx.call_span(expr);
        let finding = cx
            .report(at, format!("`{}` {}", found.written, found.model.what))
            .label("request body size unbounded or above 64 MiB")
            .help(found.model.fix.as_str());
        if found.model.unless.is_empty() {
            finding.emit();
        } else {
            // A limit the crate sets another way (`RequestBodyLimitLayer::new(..)`).
            finding.emit_if(Condition::Not(Box::new(Condition::CrateCallsFunction(
                found.model.unless.clone(),
            ))));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::findings;

    fn lines(code: &str) -> Vec<u32> {
        findings("body-limit-disabled", code)
            .iter()
            .map(|d| d.primary.span.start.line)
            .collect()
    }

    #[test]
    fn disabled_and_oversized_limits_are_reported_in_every_framework() {
        let code = r#"
use axum::extract::DefaultBodyLimit;
use actix_web::web;
const MAX_UPLOAD: usize = 512 * 1024 * 1024;
pub fn layers() {
    let _ = DefaultBodyLimit::disable();
    let _ = DefaultBodyLimit::max(MAX_UPLOAD);
    let _ = DefaultBodyLimit::max(10 * 1024 * 1024);
    let _ = web::JsonConfig::default().limit(usize::MAX);
    let _ = web::JsonConfig::default().limit(4 * 1024 * 1024);
    let _ = web::PayloadConfig::new(1 << 30);
    let _ = warp::body::content_length_limit(1024 * 16);
    let _ = rocket::data::Limits::default().limit("json", 2.gibibytes());
    let _ = rocket::data::Limits::default().limit("json", 2.mebibytes());
}
"#;
        // tower-http's layer is in the next test: it replaces a disabled default limit.
        assert_eq!(lines(code), vec![6, 7, 9, 11, 13]);
    }

    #[test]
    fn common_method_names_count_only_on_the_limit_builders() {
        let code = r#"
pub fn queries(q: diesel_query::Query) {
    let _ = q.limit(i64::MAX);
    let _ = Vec::<u8>::new().limit(usize::MAX);
    let _ = actix_web::web::JsonConfig::default().limit(usize::MAX);
}
"#;
        assert_eq!(lines(code), vec![5]);
    }

    #[test]
    fn limits_of_what_goes_to_temporary_files_are_not_judged() {
        let code = r#"
use rocket::data::{Limits, ToByteUnit};
pub fn limits() -> Limits {
    let _ = actix_multipart::form::MultipartFormConfig::default().total_limit(usize::MAX);
    let _ = actix_multipart::form::MultipartFormConfig::default().memory_limit(usize::MAX);
    Limits::default()
        .limit("file", 4.gibibytes())
        .limit("data-form", 4.gibibytes())
        .limit("forms", 4.gibibytes())
        .limit("form", 4.gibibytes())
}
"#;
        // Only the url-encoded form, which rocket reads into memory (`forms` is no key of
        // rocket 0.5's).
        assert_eq!(lines(code), vec![10]);
    }

    #[test]
    fn the_default_limit_replaced_by_tower_https_layer_is_not_reported() {
        let replaced = r#"
use axum::{extract::DefaultBodyLimit, Router};
use tower_http::limit::RequestBodyLimitLayer;
pub fn app() -> Router {
    Router::new()
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(250 * 1024 * 1024))
}
"#;
        // The replacement itself is above 64 MiB: reported, at the layer.
        assert_eq!(lines(replaced), vec![7]);
        let bounded = replaced.replace("250 * 1024 * 1024", "10 * 1024 * 1024");
        assert!(lines(&bounded).is_empty());
    }

    #[test]
    fn a_limit_the_configuration_chooses_is_not_reported() {
        let code = r#"
use axum::extract::DefaultBodyLimit;
pub fn layer(config: &Config) -> DefaultBodyLimit {
    if config.unlimited_uploads {
        return DefaultBodyLimit::disable();
    }
    DefaultBodyLimit::max(config.max_body)
}
"#;
        assert!(lines(code).is_empty());
    }
}
