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
/// `INSERT .. SELECT * FROM`), if one does.
pub fn star_select(statements: &[Statement]) -> Option<String> {
    statements.iter().find_map(|statement| match statement {
        Statement::Query(query) => query_star(query, &[]),
        Statement::Insert(insert) => insert
            .source
            .as_deref()
            .and_then(|source| query_star(source, &[])),
        _ => None,
    })
}

fn query_star(query: &Query, outer_ctes: &[String]) -> Option<String> {
    let ctes = with_ctes(query, outer_ctes);
    set_star(&query.body, &ctes)
}

fn set_star(body: &SetExpr, ctes: &[String]) -> Option<String> {
    match body {
        SetExpr::Select(select) => select_star(select, ctes),
        SetExpr::Query(query) => query_star(query, ctes),
        SetExpr::SetOperation { left, right, .. } => {
            set_star(left, ctes).or_else(|| set_star(right, ctes))
        }
        _ => None,
    }
}

fn select_star(select: &Select, ctes: &[String]) -> Option<String> {
    let tables = base_tables(select, ctes);
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

/// A table a `FROM` clause reads, by its last name part and its alias.
struct BaseTable {
    name: String,
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
                (!ctes.iter().any(|cte| cte.eq_ignore_ascii_case(&table))).then(|| BaseTable {
                    name: table,
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
/// (`aggregates`: function names, lower case) and not narrowed to one key by a comparison
/// with a parameter (`WHERE owner_id = $1`, `id = ANY($1)`, `id IN (?, ?)`: a parent's rows,
/// or the rows asked for).
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
    let keyed = select.selection.as_ref().is_some_and(narrows_to_a_key)
        || select.from.iter().any(|from| {
            from.joins
                .iter()
                .any(|join| join_constraint(&join.join_operator).is_some_and(narrows_to_a_key))
        });
    (!keyed).then_some(table.name)
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
/// column with a parameter for equality, or to a list of them.
fn narrows_to_a_key(expr: &Expr) -> bool {
    match expr {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => narrows_to_a_key(left) || narrows_to_a_key(right),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq,
            right,
        } => is_parameter(left) || is_parameter(right),
        Expr::AnyOp {
            compare_op: BinaryOperator::Eq,
            right,
            ..
        } => is_parameter(right),
        Expr::In {
            target: InTarget::List(items),
            negated: false,
            ..
        } => !items.is_empty() && items.iter().all(is_parameter),
        Expr::In {
            target: InTarget::Subquery(query),
            negated: false,
            ..
        }
        | Expr::Exists {
            subquery: query,
            negated: false,
        } => subquery_narrows(query),
        Expr::Nested(inner) => narrows_to_a_key(inner),
        _ => false,
    }
}

fn subquery_narrows(query: &Query) -> bool {
    match query.body.as_ref() {
        SetExpr::Select(select) => select.selection.as_ref().is_some_and(narrows_to_a_key),
        _ => false,
    }
}

/// `$1`, `?`, `?1`, `:name`, through casts (`$1::uuid`); in a `format!` template, a value
/// written into the text (`id = {id}`, `code = '{code}'`).
fn is_parameter(expr: &Expr) -> bool {
    match expr {
        Expr::Value(value) => match &value.value {
            Value::Placeholder(_) => true,
            Value::SingleQuotedString(text) => text.contains(HOLE),
            _ => false,
        },
        Expr::Identifier(ident) => ident.value == HOLE,
        Expr::Cast { expr, .. } | Expr::Nested(expr) => is_parameter(expr),
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
        star_select(&parsed(sql))
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
    }

    #[test]
    fn a_table_read_whole_and_unpaged_is_unbounded() {
        assert_eq!(
            unbounded("SELECT id, title FROM posts ORDER BY id").as_deref(),
            Some("posts")
        );
        assert_eq!(
            unbounded("SELECT id FROM posts WHERE published = true").as_deref(),
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
            unbounded("SELECT id FROM items WHERE code = 'A1'").as_deref(),
            Some("items")
        );
        assert_eq!(unbounded("UPDATE posts SET seen = true"), None);
    }
}
