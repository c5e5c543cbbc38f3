//! `panic-in-request-path`: see `rules/panic-in-request-path.md`.

use crate::rules::prelude::*;
use crate::semantic::syntax::{macro_args, macro_name, mentions};

declare_rule!(PanicInRequestPath, "panic-in-request-path");

impl Rule for PanicInRequestPath {
    fn meta(&self) -> &'static RuleMeta {
        Self::metadata()
    }

    fn interests(&self) -> &'static [NodeKind] {
        &[NodeKind::Macro]
    }

    fn check(&self, node: Node<'_>, cx: &mut RuleCx<'_>) {
        let Node::Macro(mac) = node else {
            return;
        };
        let Some(function) = cx.scope.function else {
            return;
        };
        if !cx.scope.is_production() || cx.scope.in_once_init || cx.scope.compiled_out {
            return;
        }
        let name = macro_name(mac);
        let message = match name.as_str() {
            "panic" => "`panic!` while serving a request".to_string(),
            "todo" | "unimplemented" => format!("`{name}!` is reachable from a request handler"),
            "unreachable" => "`unreachable!` while serving a request".to_string(),
            "assert" | "assert_eq" | "assert_ne" => {
                // Asserting on request input turns bad input into a crash; invariants on
                // internal state are left alone.
                let on_input = macro_args(mac)
                    .exprs
                    .iter()
                    .any(|expr| cx.scope.params.iter().any(|param| mentions(expr, param)));
                if !on_input {
                    return;
                }
                format!("`{name}!` on request input panics on bad input")
            }
            _ => return,
        };
        let at = cx
            .span(&mac.path)
            .to(cx.span_of(mac.delimiter.span().join()));
        let allowed = cx.scope.allowing_attribute(&name);
        let mut finding = cx
            .report(at, message)
            .label("the task serving this request panics here")
            .help("return an error response instead (for example `Err(AppError::BadRequest(..))`)");
        if let Some((lint, attribute)) = allowed {
            finding = finding.allowed_by_attribute(attribute, lint);
        }
        finding.emit_if(Condition::InRequestPath(function));
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::{count_findings, report_on};
    use crate::settings::Settings;

    /// The lines of `src/lib.rs` reported in a crate with `manifest`.
    fn lines_in_crate(manifest: &str, code: &str) -> Vec<u32> {
        report_on(
            &[("Cargo.toml", manifest), ("src/lib.rs", code)],
            &Settings::default(),
        )
        .active()
        .filter(|d| d.rule == "panic-in-request-path")
        .map(|d| d.primary.span.start.line)
        .collect()
    }

    #[test]
    fn code_the_default_build_leaves_out_is_not_reported() {
        let manifest = r#"
[package]
name = "media"
version = "0.1.0"

[dependencies]
axum = "0.8"

[features]
default = ["storage"]
storage = ["s3"]
s3 = []
local = []
"#;
        let code = r#"
use axum::{routing::get, Router};

async fn upload() -> &'static str {
    #[cfg(not(feature = "s3"))]
    unreachable!("s3 is configured only with the feature");
    #[cfg(feature = "s3")]
    todo!("multipart upload");
}

async fn thumbnail() -> &'static str {
    #[cfg(not(feature = "local"))]
    unimplemented!("thumbnails need local storage");
    #[cfg(feature = "local")]
    unreachable!()
}

#[cfg(not(feature = "storage"))]
async fn fallback() -> &'static str {
    panic!("no storage")
}

pub fn router() -> Router {
    Router::new().route("/upload", get(upload)).route("/thumb", get(thumbnail))
}
"#;
        assert_eq!(lines_in_crate(manifest, code), [8, 13]);
        let no_features = manifest.split("[features]").next().unwrap();
        assert_eq!(
            lines_in_crate(no_features, code),
            [6, 13],
            "s3 is off without a default that enables it"
        );
    }

    #[test]
    fn what_only_a_once_per_process_initialiser_calls_is_not_the_request_path() {
        let code = r#"
use axum::{routing::get, Router};
use std::sync::{LazyLock, OnceLock};

fn load_template() -> String {
    std::fs::read_to_string("index.html").unwrap_or_else(|e| panic!("no template: {e}"))
}

fn load_banner() -> String {
    std::fs::read_to_string("banner.txt").unwrap_or_else(|e| panic!("no banner: {e}"))
}

fn load_header() -> String {
    std::fs::read_to_string("header.html").unwrap_or_else(|e| panic!("no header: {e}"))
}

fn load_footer() -> String {
    std::fs::read_to_string("footer.txt").unwrap_or_else(|e| panic!("no footer: {e}"))
}

async fn index() -> String {
    static TEMPLATE: LazyLock<String> = LazyLock::new(load_template);
    static FOOTER: OnceLock<String> = OnceLock::new();
    let footer = FOOTER.get_or_init(|| load_footer());
    let header = LazyLock::new(load_header);
    format!("{}{}{}{footer}", *header, *TEMPLATE, load_banner())
}

async fn banner() -> String {
    static BANNER: LazyLock<String> = LazyLock::new(|| load_banner());
    BANNER.clone()
}

pub fn router() -> Router {
    Router::new().route("/", get(index)).route("/banner", get(banner))
}
"#;
        assert_eq!(
            count_findings("panic-in-request-path", code),
            1,
            "the banner, which a handler also loads directly"
        );
    }
}
