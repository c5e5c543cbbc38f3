//! `sql-injection`: see `rules/sql-injection.md`.

use crate::rules::declare_taint_rule;
use crate::semantic::models::SinkKind;
use crate::semantic::taint::TaintRule;

const SQL_INJECTION: TaintRule = TaintRule {
    kind: SinkKind::Sql,
    message: |sink, _| format!("request input reaches the SQL text of `{sink}`"),
    label: "SQL text built from request input",
    help: "keep the SQL text constant and pass values as bind parameters (`$1`/`?` with `.bind(..)`, `push_bind`, `sql_query(..).bind::<T, _>(..)`)",
    structural: Some(|sink| format!("the SQL text of `{sink}` is built from non-constant values")),
    extra_sink: None,
    also: None,
};

declare_taint_rule!(SqlInjection, "sql-injection", SQL_INJECTION);
