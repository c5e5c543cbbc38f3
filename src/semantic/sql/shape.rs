//! What the SQL rules ask of a parsed statement: whether its result's columns are a table's
//! `*` (`select-star`), and whether it returns every row of a table, unpaged (`unbounded-query`).
//! Only the outermost query counts: a `*` inside `EXISTS (..)`, a CTE or a derived table is
//! narrowed by the query around it.

use super::HOLE;
use sqlparser::ast::{
    BinaryOperator, Expr, GroupByExpr, InTarget, ObjectName, ObjectNamePart, Query, Select,
    SelectItem, SelectItemQualifiedWildcardKind, SetExpr, Statement, TableFactor, Value,
};

/// The table whose every column a statement's result selects (`SELECT *`, `SELECT u.*`,
/// `INSERT .. SELECT * FROM`), if one does; tables of a system catalog (`catalogs`: schema or
/// table names, `pg_*` a prefix) are the database's description of itself, not data.
pub fn star_select(statements: &[Statement], catalogs: &[String]) -> Option<String> {
    statements.iter().find_map(|statement| match statement {
        Statement::Query(query) => query_star(query, &[], catalogs),
        Statement::Insert(insert) => insert
            .source
            .as_deref()
            .and_then(|source| query_star(source, &[], catalogs)),
        _ => None,
    })
}

fn query_star(query: &Query, outer_ctes: &[String], catalogs: &[String]) -> Option<String> {
    let ctes = with_ctes(query, outer_ctes);
    set_star(&query.body, &ctes, catalogs)
}

fn set_star(body: &SetExpr, ctes: &[String], catalogs: &[String]) -> Option<String> {
    match body {
        SetExpr::Select(select) => select_star(select, ctes, catalogs),
        SetExpr::Query(query) => query_star(query, ctes, catalogs),
        SetExpr::SetOperation { left, right, .. } => {
            set_star(left, ctes, catalogs).or_else(|| set_star(right, ctes, catalogs))
        }
        _ => None,
    }
}

fn select_star(select: &Select, ctes: &[String], catalogs: &[String]) -> Option<String> {
    let tables: Vec<BaseTable> = base_tables(select, ctes)
        .into_iter()
        .filter(|table| !in_catalog(table, catalogs))
        .collect();
    select.projection.iter().find_map(|item| match item {
        SelectItem::Wildcard(_) => tables.first().map(|table| table.name.clone()),
        SelectItem::QualifiedWildcard(SelectItemQualifiedWildcardKind::ObjectName(name), _) => {
            let qualifier = last_part(name)?;
            tables
                .iter()
                .find(|table| table.alias.as_deref().unwrap_or(&table.name) == qualifier)
                .map(|table| table.name.clone())
        }
        _ => None,
    })
}

fn in_catalog(table: &BaseTable, catalogs: &[String]) -> bool {
    let matches = |name: &str| {
        let name = name.to_ascii_lowercase();
        catalogs
            .iter()
            .any(|catalog| match catalog.strip_suffix('*') {
                Some(prefix) => name.starts_with(prefix),
                None => name == *catalog,
            })
    };
    matches(&table.name) || table.schema.as_deref().is_some_and(matches)
}

/// A table a `FROM` clause reads, by its last name part, its schema (when written) and its
/// alias.
struct BaseTable {
    name: String,
    schema: Option<String>,
    alias: Option<String>,
}

/// The tables of the database a select reads (not CTEs, derived tables or table functions).
fn base_tables(select: &Select, ctes: &[String]) -> Vec<BaseTable> {
    select
        .from
        .iter()
        .flat_map(|from| {
            std::iter::once(&from.relation).chain(from.joins.iter().map(|join| &join.relation))
        })
        .filter_map(|factor| match factor {
            TableFactor::Table {
                name,
                alias,
                args: None,
                ..
            } => {
                let table = last_part(name)?;
                let schema = name.0.iter().rev().nth(1).and_then(|part| match part {
                    ObjectNamePart::Identifier(ident) => Some(ident.value.clone()),
                    ObjectNamePart::Function(_) => None,
                });
                (!ctes.iter().any(|cte| cte.eq_ignore_ascii_case(&table))).then(|| BaseTable {
                    name: table,
                    schema,
                    alias: alias.as_ref().map(|alias| alias.name.value.clone()),
                })
            }
            _ => None,
        })
        .collect()
}

fn with_ctes(query: &Query, outer: &[String]) -> Vec<String> {
    let mut names = outer.to_vec();
    if let Some(with) = &query.with {
        names.extend(
            with.cte_tables
                .iter()
                .map(|cte| cte.alias.name.value.clone()),
        );
    }
    names
}

fn last_part(name: &ObjectName) -> Option<String> {
    match name.0.last()? {
        ObjectNamePart::Identifier(ident) => Some(ident.value.clone()),
        ObjectNamePart::Function(_) => None,
    }
}

/// The table a statement returns every row of, if it does: a single query with no `LIMIT`,
/// `FETCH FIRST` or `TOP`, reading a table of the database, not collapsed by aggregates
/// (`aggregates`: function names, lower case) and not narrowed by an equality on a column
/// (`WHERE owner_id = $1`, `id = ANY($1)`, `id IN (?, ?)`: a parent's rows, or the rows asked
/// for; `status = 'in_progress'`: a state, whose rows may be few by design).
pub fn unbounded_table(statements: &[Statement], aggregates: &[String]) -> Option<String> {
    let [Statement::Query(query)] = statements else {
        return None;
    };
    if query.limit_clause.is_some() || query.fetch.is_some() {
        return None;
    }
    let ctes = with_ctes(query, &[]);
    let SetExpr::Select(select) = query.body.as_ref() else {
        return None;
    };
    if select.top.is_some() || aggregated(select, aggregates) {
        return None;
    }
    let table = base_tables(select, &ctes).into_iter().next()?;
    let narrowed = select.selection.as_ref().is_some_and(narrows_by_equality)
        || select.from.iter().any(|from| {
            from.joins
                .iter()
                .any(|join| join_constraint(&join.join_operator).is_some_and(narrows_by_equality))
        });
    (!narrowed).then_some(table.name)
}

/// Whether a select collapses its rows: an aggregate without `GROUP BY` gives one row, and a
/// `GROUP BY` gives one per group (a summary, not the table).
fn aggregated(select: &Select, aggregates: &[String]) -> bool {
    let grouped = match &select.group_by {
        GroupByExpr::All(_) => true,
        GroupByExpr::Expressions(exprs, _) => !exprs.is_empty(),
    };
    grouped
        || select.projection.iter().any(|item| match item {
            SelectItem::UnnamedExpr(expr) | SelectItem::ExprWithAlias { expr, .. } => {
                is_aggregate(expr, aggregates)
            }
            _ => false,
        })
}

fn is_aggregate(expr: &Expr, aggregates: &[String]) -> bool {
    match expr {
        Expr::Function(function) => last_part(&function.name)
            .is_some_and(|name| aggregates.contains(&name.to_ascii_lowercase())),
        Expr::Nested(inner) | Expr::Cast { expr: inner, .. } => is_aggregate(inner, aggregates),
        _ => false,
    }
}

fn join_constraint(operator: &sqlparser::ast::JoinOperator) -> Option<&Expr> {
    use sqlparser::ast::{JoinConstraint, JoinOperator};
    let constraint = match operator {
        JoinOperator::Join(c)
        | JoinOperator::Inner(c)
        | JoinOperator::Left(c)
        | JoinOperator::LeftOuter(c)
        | JoinOperator::Right(c)
        | JoinOperator::RightOuter(c)
        | JoinOperator::Semi(c)
        | JoinOperator::LeftSemi(c)
        | JoinOperator::RightSemi(c)
        | JoinOperator::Anti(c)
        | JoinOperator::LeftAnti(c)
        | JoinOperator::RightAnti(c) => c,
        _ => return None,
    };
    match constraint {
        JoinConstraint::On(expr) => Some(expr),
        _ => None,
    }
}

/// Whether a condition (through `AND`, parentheses and `EXISTS`/`IN` subqueries) compares a
/// column for equality with a parameter or a literal, or with a list of them.
fn narrows_by_equality(expr: &Expr) -> bool {
    match expr {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => narrows_by_equality(left) || narrows_by_equality(right),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq,
            right,
        } => is_value(left) || is_value(right),
        Expr::AnyOp {
            compare_op: BinaryOperator::Eq,
            right,
            ..
        } => is_value(right),
        Expr::In {
            target: InTarget::List(items),
            negated: false,
            ..
        } => !items.is_empty() && items.iter().all(is_value),
        Expr::In {
            target: InTarget::Subquery(query),
            negated: false,
            ..
        }
        | Expr::Exists {
            subquery: query,
            negated: false,
        } => subquery_narrows(query),
        Expr::Nested(inner) => narrows_by_equality(inner),
        _ => false,
    }
}

fn subquery_narrows(query: &Query) -> bool {
    match query.body.as_ref() {
        SetExpr::Select(select) => select.selection.as_ref().is_some_and(narrows_by_equality),
        _ => false,
    }
}

/// A parameter (`$1`, `?`, `?1`, `:name`) or a literal, through casts (`$1::uuid`); in a
/// `format!` template, a value written into the text (`id = {id}`).
fn is_value(expr: &Expr) -> bool {
    match expr {
        Expr::Value(value) => !matches!(value.value, Value::Null),
        Expr::Identifier(ident) => ident.value == HOLE,
        Expr::Cast { expr, .. } | Expr::Nested(expr) => is_value(expr),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::PostgreSqlDialect;
    use sqlparser::parser::Parser;

    fn parsed(sql: &str) -> Vec<Statement> {
        Parser::parse_sql(&PostgreSqlDialect {}, sql).unwrap()
    }

    fn star(sql: &str) -> Option<String> {
        let catalogs = ["sqlite_master", "information_schema", "pg_*"].map(String::from);
        star_select(&parsed(sql), &catalogs)
    }

    fn unbounded(sql: &str) -> Option<String> {
        let aggregates = ["count", "sum", "max"].map(String::from);
        unbounded_table(&parsed(sql), &aggregates)
    }

    #[test]
    fn a_tables_star_in_the_result_is_a_star_select() {
        assert_eq!(
            star("SELECT * FROM users WHERE id = $1").as_deref(),
            Some("users")
        );
        assert_eq!(
            star("select u.* from app.users u join orgs o on o.id = u.org").as_deref(),
            Some("users")
        );
        assert_eq!(
            star("SELECT * FROM a UNION SELECT * FROM b").as_deref(),
            Some("a")
        );
        assert_eq!(
            star("INSERT INTO archive SELECT * FROM orders").as_deref(),
            Some("orders")
        );
        assert_eq!(star("SELECT id, name FROM users"), None);
        assert_eq!(star("SELECT count(*) FROM users"), None);
        assert_eq!(star("SELECT id FROM users WHERE EXISTS (SELECT * FROM bans WHERE bans.user_id = users.id)"), None);
        assert_eq!(
            star("WITH recent AS (SELECT id, title FROM posts) SELECT * FROM recent"),
            None
        );
        assert_eq!(star("SELECT * FROM (SELECT id FROM users) sub"), None);
        assert_eq!(
            star("SELECT sub.* FROM (SELECT id FROM users) sub JOIN orgs ON true"),
            None
        );
        assert_eq!(star("SELECT * FROM generate_series(1, 10)"), None);
        assert_eq!(star("INSERT INTO t (a) VALUES ($1) RETURNING *"), None);
        assert_eq!(star("SELECT * FROM pg_tables WHERE tablename = 'x'"), None);
        assert_eq!(star("SELECT * FROM information_schema.columns"), None);
        assert_eq!(
            star("SELECT * FROM sqlite_master WHERE type = 'table'"),
            None
        );
    }

    #[test]
    fn a_table_read_whole_and_unpaged_is_unbounded() {
        assert_eq!(
            unbounded("SELECT id, title FROM posts ORDER BY id").as_deref(),
            Some("posts")
        );
        assert_eq!(
            unbounded("SELECT id FROM posts WHERE published").as_deref(),
            Some("posts")
        );
        assert_eq!(
            unbounded("SELECT id FROM posts WHERE title ILIKE $1").as_deref(),
            Some("posts")
        );
        assert_eq!(
            unbounded("SELECT id FROM posts WHERE created > $1 ORDER BY created").as_deref(),
            Some("posts")
        );
        assert_eq!(unbounded("SELECT id FROM posts LIMIT $1 OFFSET $2"), None);
        assert_eq!(
            unbounded("SELECT id FROM posts FETCH FIRST 10 ROWS ONLY"),
            None
        );
        assert_eq!(unbounded("SELECT id FROM posts WHERE author_id = $1"), None);
        assert_eq!(
            unbounded("SELECT id FROM posts WHERE author_id = $1::uuid AND draft = false"),
            None
        );
        assert_eq!(unbounded("SELECT id FROM posts WHERE id = ANY($1)"), None);
        assert_eq!(unbounded("SELECT p.id FROM posts p JOIN follows f ON f.author = p.author AND f.follower = $1"), None);
        assert_eq!(unbounded("SELECT id FROM posts WHERE author IN (SELECT followee FROM follows WHERE follower = $1)"), None);
        assert_eq!(unbounded("SELECT count(*) FROM posts"), None);
        assert_eq!(
            unbounded("SELECT status, count(*) FROM posts GROUP BY status"),
            None
        );
        assert_eq!(unbounded("SELECT 1"), None);
        assert_eq!(
            unbounded("SELECT id FROM items WHERE code = 'backlint_hole'"),
            None
        );
        assert_eq!(
            unbounded("SELECT id FROM items WHERE id = backlint_hole"),
            None
        );
        assert_eq!(
            unbounded("SELECT id FROM builds WHERE status = 'in_progress'"),
            None
        );
        assert_eq!(
            unbounded("SELECT id FROM posts WHERE deleted_at IS NULL").as_deref(),
            Some("posts")
        );
        assert_eq!(unbounded("UPDATE posts SET seen = true"), None);
    }
}
