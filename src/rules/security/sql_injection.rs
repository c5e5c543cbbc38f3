//! `sql-injection`: see `rules/sql-injection.md`.

use crate::rules::prelude::*;
use crate::semantic::models::SinkKind;
use crate::semantic::taint::{report_sink, SinkTexts};

declare_rule!(SqlInjection, "sql-injection");

impl Rule for SqlInjection {
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
        let Some((sink, arg)) = cx.taint().sink_arguments(expr, SinkKind::Sql) else {
            return;
        };
        let texts = SinkTexts {
            message: &|sink| format!("request input reaches the SQL text of `{sink}`"),
            label: "SQL text built from request input",
            help: "keep the SQL text constant and pass values as bind parameters (`$1`/`?` with `.bind(..)`, `push_bind`, `sql_query(..).bind::<T, _>(..)`)",
            structural: Some(&|sink| format!("the SQL text of `{sink}` is built from non-constant values")),
        };
        report_sink(cx, SinkKind::Sql, &sink, arg, &texts, None);
    }
}
