//! Small helpers over syn nodes shared by the engine and rules: paths, attributes, patterns,
//! constant-ness and macro arguments (macro bodies are token streams; the common
//! format/log/assert macros are parsed here so rules can see the expressions inside).

use proc_macro2::{TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;

/// The identifiers of a path's segments, generic arguments dropped (`std::env::var` →
/// `["std", "env", "var"]`).
pub fn segments(path: &syn::Path) -> Vec<String> {
    path.segments.iter().map(|s| s.ident.to_string()).collect()
}

/// The last identifier of a path.
pub fn last_ident(path: &syn::Path) -> Option<&syn::Ident> {
    path.segments.last().map(|s| &s.ident)
}

/// Whether a path's last segment is `name`.
pub fn path_ends_with(path: &syn::Path, name: &str) -> bool {
    last_ident(path).is_some_and(|ident| ident == name)
}

/// A macro's name: the last segment of its path (`tracing::info!` → `info`).
pub fn macro_name(mac: &syn::Macro) -> String {
    last_ident(&mac.path)
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// An attribute's name: the last segment of its path (`#[tokio::test]` → `test`).
pub fn attr_name(attr: &syn::Attribute) -> String {
    last_ident(attr.path())
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// The lints `#[allow(..)]` and `#[expect(..)]` attributes name (`clippy::unwrap_used`), each
/// with the span of its attribute. `#[cfg_attr(.., allow(..))]` applies only in some builds
/// and is not counted.
pub fn allowed_lints(attrs: &[syn::Attribute]) -> Vec<(String, proc_macro2::Span)> {
    use syn::spanned::Spanned;
    let mut lints = Vec::new();
    for attr in attrs {
        if !(attr.path().is_ident("allow") || attr.path().is_ident("expect")) {
            continue;
        }
        let Ok(metas) =
            attr.parse_args_with(Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
        else {
            continue;
        };
        for meta in metas {
            if let syn::Meta::Path(path) = meta {
                lints.push((segments(&path).join("::"), attr.span()));
            }
        }
    }
    lints
}

/// The outer attributes of a statement (`#[allow(..)] let x = ..;`, `#[cfg(..)] f();`).
pub fn stmt_attrs(stmt: &syn::Stmt) -> &[syn::Attribute] {
    match stmt {
        syn::Stmt::Local(local) => &local.attrs,
        syn::Stmt::Macro(mac) => &mac.attrs,
        syn::Stmt::Item(_) => &[],
        syn::Stmt::Expr(expr, _) => expr_attrs(expr),
    }
}

/// The outer attributes of an item (none for a verbatim item).
pub fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    use syn::Item;
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// The outer attributes of an expression, for the kinds that start statements.
fn expr_attrs(expr: &syn::Expr) -> &[syn::Attribute] {
    use syn::Expr;
    match expr {
        Expr::Assign(e) => &e.attrs,
        Expr::Async(e) => &e.attrs,
        Expr::Await(e) => &e.attrs,
        Expr::Binary(e) => &e.attrs,
        Expr::Block(e) => &e.attrs,
        Expr::Call(e) => &e.attrs,
        Expr::Closure(e) => &e.attrs,
        Expr::Field(e) => &e.attrs,
        Expr::ForLoop(e) => &e.attrs,
        Expr::If(e) => &e.attrs,
        Expr::Index(e) => &e.attrs,
        Expr::Loop(e) => &e.attrs,
        Expr::Macro(e) => &e.attrs,
        Expr::Match(e) => &e.attrs,
        Expr::MethodCall(e) => &e.attrs,
        Expr::Paren(e) => &e.attrs,
        Expr::Path(e) => &e.attrs,
        Expr::Reference(e) => &e.attrs,
        Expr::Return(e) => &e.attrs,
        Expr::Struct(e) => &e.attrs,
        Expr::Try(e) => &e.attrs,
        Expr::Tuple(e) => &e.attrs,
        Expr::Unary(e) => &e.attrs,
        Expr::While(e) => &e.attrs,
        _ => &[],
    }
}

/// `#[cfg(test)]`, `#[cfg(all(test, ..))]`; not `#[cfg(not(test))]`.
pub fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && match &attr.meta {
                syn::Meta::List(list) => cfg_mentions_test(list.tokens.clone(), false),
                _ => false,
            }
    })
}

fn cfg_mentions_test(tokens: TokenStream, negated: bool) -> bool {
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match token {
            TokenTree::Ident(ident) if ident == "test" && !negated => return true,
            TokenTree::Ident(ident) if ident == "not" || ident == "any" || ident == "all" => {
                if let Some(TokenTree::Group(group)) = tokens.peek() {
                    let inner = group.stream();
                    tokens.next();
                    if cfg_mentions_test(inner, negated || ident == "not") {
                        return true;
                    }
                }
            }
            _ => {}
        }
    }
    false
}

/// Test functions: `#[test]`, `#[tokio::test]`, `#[sqlx::test]`, `#[rstest]`, `#[test_case]`,
/// `#[bench]`, `#[cfg(test)]`.
pub fn is_test_fn(attrs: &[syn::Attribute]) -> bool {
    is_cfg_test(attrs)
        || attrs.iter().any(|attr| {
            let name = attr_name(attr);
            matches!(
                name.as_str(),
                "test" | "rstest" | "test_case" | "bench" | "quickcheck" | "proptest"
            ) || name.ends_with("_test")
        })
}

/// Entry points: `#[tokio::main]`, `#[actix_web::main]`, `#[rocket::main]`, `#[shuttle_runtime::main]`.
pub fn is_main_attr(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|attr| attr_name(attr) == "main" || attr_name(attr) == "launch")
}

/// Whether a signature's return type is `Result<..>` or a `..Result` alias, with an error that
/// says something: `Result<T, ()>` carries nothing a caller could report.
pub fn returns_result(sig: &syn::Signature) -> bool {
    match &sig.output {
        syn::ReturnType::Type(_, ty) => {
            let unit_error = matches!(
                type_arguments(ty).get(1),
                Some(syn::Type::Tuple(tuple)) if tuple.elems.is_empty()
            );
            type_last_ident(ty).is_some_and(|id| id.to_string().ends_with("Result")) && !unit_error
        }
        syn::ReturnType::Default => false,
    }
}

/// The path of a type, looking through references, parentheses and groups.
pub fn type_path(ty: &syn::Type) -> Option<&syn::Path> {
    match ty {
        syn::Type::Path(path) => Some(&path.path),
        syn::Type::Reference(reference) => type_path(&reference.elem),
        syn::Type::Paren(paren) => type_path(&paren.elem),
        syn::Type::Group(group) => type_path(&group.elem),
        _ => None,
    }
}

pub fn type_last_ident(ty: &syn::Type) -> Option<&syn::Ident> {
    type_path(ty).and_then(last_ident)
}

/// The generic type arguments of a type's last segment (`Json<CreateUser>` → `CreateUser`).
pub fn type_arguments(ty: &syn::Type) -> Vec<&syn::Type> {
    let Some(segment) = type_path(ty).and_then(|p| p.segments.last()) else {
        return Vec::new();
    };
    match &segment.arguments {
        syn::PathArguments::AngleBracketed(args) => args
            .args
            .iter()
            .filter_map(|arg| match arg {
                syn::GenericArgument::Type(ty) => Some(ty),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The names a pattern binds (`Json(body)`, `Query(Params { q, .. })`, `(a, b)`).
pub fn bindings(pat: &syn::Pat) -> Vec<syn::Ident> {
    let mut names = Vec::new();
    collect_bindings(pat, &mut names);
    names
}

fn collect_bindings(pat: &syn::Pat, names: &mut Vec<syn::Ident>) {
    match pat {
        syn::Pat::Ident(ident) => {
            names.push(ident.ident.clone());
            if let Some((_, sub)) = &ident.subpat {
                collect_bindings(sub, names);
            }
        }
        syn::Pat::Reference(r) => collect_bindings(&r.pat, names),
        syn::Pat::Paren(p) => collect_bindings(&p.pat, names),
        syn::Pat::Guard(g) => collect_bindings(&g.pat, names),
        syn::Pat::Type(t) => collect_bindings(&t.pat, names),
        syn::Pat::Tuple(t) => t.elems.iter().for_each(|p| collect_bindings(p, names)),
        syn::Pat::TupleStruct(t) => t.elems.iter().for_each(|p| collect_bindings(p, names)),
        syn::Pat::Slice(s) => s.elems.iter().for_each(|p| collect_bindings(p, names)),
        syn::Pat::Or(o) => o.cases.iter().for_each(|p| collect_bindings(p, names)),
        syn::Pat::Struct(s) => s
            .fields
            .iter()
            .for_each(|f| collect_bindings(&f.pat, names)),
        _ => {}
    }
}

/// The identifier pattern a `let` binds, through a type ascription (`let guard: T = ..`); none
/// for destructuring.
pub fn bound_ident(local: &syn::Local) -> Option<&syn::PatIdent> {
    let pat = match &local.pat {
        syn::Pat::Type(typed) => &*typed.pat,
        other => other,
    };
    match pat {
        syn::Pat::Ident(ident) => Some(ident),
        _ => None,
    }
}

/// The name an immutable `let` binds to a literal or constant (`let version = "1.2.3";`);
/// not `let mut`, `ref`, destructuring or `let .. else`.
pub fn constant_binding(local: &syn::Local) -> Option<String> {
    let ident = bound_ident(local)?;
    let init = local.init.as_ref()?;
    let plain = ident.mutability.is_none() && ident.by_ref.is_none() && ident.subpat.is_none();
    (plain && init.diverge.is_none() && is_constant(&init.expr)).then(|| ident.ident.to_string())
}

/// `let name = "..";` or `let name = &format!("..", ..);` (immutable): the name and the literal.
pub fn text_binding(local: &syn::Local) -> Option<(String, String)> {
    let syn::Pat::Ident(ident) = &local.pat else {
        return None;
    };
    let init = local.init.as_ref()?;
    let plain = ident.mutability.is_none() && ident.by_ref.is_none() && ident.subpat.is_none();
    if !plain || init.diverge.is_some() {
        return None;
    }
    Some((ident.ident.to_string(), literal_text(&init.expr)?))
}

/// The text of a string literal, or of the format string of `format!(..)`, looking through
/// references and parentheses.
pub fn literal_text(expr: &syn::Expr) -> Option<String> {
    match peel(expr) {
        syn::Expr::Reference(reference) => literal_text(&reference.expr),
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(lit),
            ..
        }) => Some(lit.value()),
        syn::Expr::Macro(mac) if macro_name(&mac.mac) == "format" => {
            macro_args(&mac.mac).format.map(|lit| lit.value())
        }
        _ => None,
    }
}

/// Whether an expression is a compile-time constant in the loose sense rules need: literals,
/// `SCREAMING_CASE` paths, and arrays/tuples/references/casts/unary ops of those.
pub fn is_constant(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::Lit(_) => true,
        syn::Expr::Path(path) => {
            path.qself.is_none()
                && last_ident(&path.path).is_some_and(|id| is_screaming_case(&id.to_string()))
        }
        syn::Expr::Reference(r) => is_constant(&r.expr),
        syn::Expr::Paren(p) => is_constant(&p.expr),
        syn::Expr::Group(g) => is_constant(&g.expr),
        syn::Expr::Cast(c) => is_constant(&c.expr),
        syn::Expr::Unary(u) => is_constant(&u.expr),
        syn::Expr::Array(a) => a.elems.iter().all(is_constant),
        syn::Expr::Tuple(t) => t.elems.iter().all(is_constant),
        syn::Expr::Binary(b) => is_constant(&b.left) && is_constant(&b.right),
        _ => false,
    }
}

pub fn is_screaming_case(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Peels `(..)`, invisible groups, `&`, `*`, `.await` and `?` off an expression.
pub fn peel(mut expr: &syn::Expr) -> &syn::Expr {
    loop {
        expr = match expr {
            syn::Expr::Paren(p) => &p.expr,
            syn::Expr::Group(g) => &g.expr,
            syn::Expr::Reference(r) => &r.expr,
            syn::Expr::Await(a) => &a.base,
            syn::Expr::Try(t) => &t.expr,
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => &u.expr,
            _ => return expr,
        }
    }
}

/// A block's value: its tail expression (without a semicolon).
pub fn block_value(block: &syn::Block) -> Option<&syn::Expr> {
    match block.stmts.last() {
        Some(syn::Stmt::Expr(tail, None)) => Some(tail),
        _ => None,
    }
}

/// Whether a block's last statement leaves (see [`diverges`]): the `then` of `if x.is_none() {
/// return .. }`, after which the rest of the enclosing block knows the check passed.
pub fn block_diverges(block: &syn::Block) -> bool {
    matches!(block.stmts.last(), Some(syn::Stmt::Expr(last, _)) if diverges(last))
}

/// Whether evaluating `expr` leaves the enclosing block: `return`, `break`, `continue`, a
/// panicking macro, `std::process::exit(..)`, or a block ending in one of those.
pub fn diverges(expr: &syn::Expr) -> bool {
    match peel(expr) {
        syn::Expr::Return(_) | syn::Expr::Break(_) | syn::Expr::Continue(_) => true,
        syn::Expr::Macro(mac) => matches!(
            macro_name(&mac.mac).as_str(),
            "panic" | "unreachable" | "todo" | "unimplemented"
        ),
        syn::Expr::Call(_) => is_process_exit(expr),
        syn::Expr::Block(block) => {
            matches!(block.block.stmts.last(), Some(syn::Stmt::Expr(last, _)) if diverges(last))
        }
        _ => false,
    }
}

/// `std::process::exit(..)` or `process::exit(..)`.
pub fn is_process_exit(expr: &syn::Expr) -> bool {
    let syn::Expr::Call(call) = peel(expr) else {
        return false;
    };
    let syn::Expr::Path(path) = peel(&call.func) else {
        return false;
    };
    let segments = segments(&path.path);
    segments.ends_with(&["process".to_string(), "exit".to_string()])
}

/// For each statement of a block, whether it starts a run of one or more `print!`-like macro
/// calls followed by `std::process::exit(..)`: the fatal-error exit of a program. One backward
/// pass, so a block of many prints costs no more than its length.
pub fn exits_after_prints(stmts: &[syn::Stmt]) -> Vec<bool> {
    let is_print = |stmt: &syn::Stmt| {
        let mac = match stmt {
            syn::Stmt::Macro(stmt) => &stmt.mac,
            syn::Stmt::Expr(syn::Expr::Macro(expr), _) => &expr.mac,
            _ => return false,
        };
        matches!(
            macro_name(mac).as_str(),
            "println" | "eprintln" | "print" | "eprint"
        )
    };
    let mut starts = vec![false; stmts.len()];
    // Whether the statement after the current one is an exit or starts such a run.
    let mut exit_follows = false;
    for (at, stmt) in stmts.iter().enumerate().rev() {
        let is_exit = matches!(stmt, syn::Stmt::Expr(expr, _) if is_process_exit(expr));
        starts[at] = is_print(stmt) && exit_follows;
        exit_follows = is_exit || starts[at];
    }
    starts
}

/// Whether `expr` installs a logger: `tracing_subscriber::fmt().init()`, `env_logger::init()`,
/// `tracing::subscriber::set_global_default(..)`, `log::set_logger(..)` (the crates and calls
/// of `[logger]` in `rules/models/console.toml`). `resolve` gives a path's canonical segments.
pub fn initialises_logger(expr: &syn::Expr, resolve: impl Fn(&syn::Path) -> Vec<String>) -> bool {
    let logger = &crate::semantic::models::models().console;
    let installs = |name: &syn::Ident| logger.logger_installs.contains(&name.to_string());
    // Checked on the written name first: this runs for every call of every file.
    let root = match expr {
        syn::Expr::MethodCall(call) if installs(&call.method) => chain_root(&call.receiver),
        syn::Expr::Call(call) => match peel(&call.func) {
            syn::Expr::Path(path) if last_ident(&path.path).is_some_and(installs) => expr,
            _ => return false,
        },
        _ => return false,
    };
    is_logger_crate_call(root, resolve)
}

/// Whether `expr` is a call of a function of a logger crate (`tracing_subscriber::registry()`),
/// the root of a logger being built.
pub fn is_logger_crate_call(expr: &syn::Expr, resolve: impl Fn(&syn::Path) -> Vec<String>) -> bool {
    let syn::Expr::Call(root) = expr else {
        return false;
    };
    let syn::Expr::Path(func) = peel(&root.func) else {
        return false;
    };
    let logger = &crate::semantic::models::models().console;
    resolve(&func.path)
        .first()
        .is_some_and(|first| logger.logger_crates.contains(first))
}

/// A call that runs its closure argument at most once per process, like a `static`
/// initialiser: `LazyLock::new(..)`, `Lazy::new(..)`, `LazyCell::new(..)`,
/// `cell.get_or_init(..)`, `once.call_once(..)`.
pub fn runs_once(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::MethodCall(call) => matches!(
            call.method.to_string().as_str(),
            "get_or_init" | "call_once" | "call_once_force"
        ),
        syn::Expr::Call(call) => match peel(&call.func) {
            syn::Expr::Path(path) => {
                let segments = segments(&path.path);
                matches!(
                    segments
                        .iter()
                        .rev()
                        .take(2)
                        .map(String::as_str)
                        .collect::<Vec<_>>()[..],
                    ["new", "Lazy" | "LazyLock" | "LazyCell"]
                )
            }
            _ => false,
        },
        _ => false,
    }
}

/// The name of a call: the method name of `x.name(..)`, the last path segment of `a::name(..)`.
pub fn call_name(expr: &syn::Expr) -> Option<String> {
    match peel(expr) {
        syn::Expr::MethodCall(call) => Some(call.method.to_string()),
        syn::Expr::Call(call) => match peel(&call.func) {
            syn::Expr::Path(path) => last_ident(&path.path).map(ToString::to_string),
            _ => None,
        },
        _ => None,
    }
}

/// A call's callee as written, for matching against known APIs: a method's name after a dot
/// (`.encode`; `Builder::body` for the `body` of an http `builder()` chain), or a path's last
/// two segments (`HeaderValue::try_from`, `serde_json::to_vec`).
pub fn callee_text(expr: &syn::Expr) -> Option<String> {
    match peel(expr) {
        syn::Expr::MethodCall(call)
            if call.method == "body" && builds_from_builder(&call.receiver) =>
        {
            Some("Builder::body".to_string())
        }
        syn::Expr::MethodCall(call) => Some(format!(".{}", call.method)),
        syn::Expr::Call(call) => match peel(&call.func) {
            syn::Expr::Path(path) => {
                let segments = segments(&path.path);
                let from = segments.len().saturating_sub(2);
                Some(segments[from..].join("::"))
            }
            _ => None,
        },
        _ => None,
    }
}

/// Whether a method chain starts at a `builder()` call (`Response::builder().status(..)`).
fn builds_from_builder(receiver: &syn::Expr) -> bool {
    is_builder_call(chain_root(receiver))
}

/// `Response::builder()`, `http::Request::builder()`: a `builder()` call without arguments.
pub fn is_builder_call(expr: &syn::Expr) -> bool {
    matches!(peel(expr), syn::Expr::Call(root)
        if root.args.is_empty()
            && matches!(peel(&root.func), syn::Expr::Path(path)
                if path.path.segments.last().is_some_and(|last| last.ident == "builder")))
}

/// The call a `Result` expression's error comes from, looking through adapters that keep the
/// error (`serde_json::to_vec(&x).map(..)` → `serde_json::to_vec`).
pub fn error_source(expr: &syn::Expr) -> Option<String> {
    let mut expr = peel(expr);
    while let syn::Expr::MethodCall(call) = expr {
        if !matches!(
            call.method.to_string().as_str(),
            "map" | "as_ref" | "as_deref" | "inspect"
        ) {
            break;
        }
        expr = peel(&call.receiver);
    }
    callee_text(expr)
}

/// `Err(..)` or `None` (also under a guard, or as every `|` alternative): a pattern that
/// matches only the failure of a `Result`/`Option`.
pub fn is_failure_pattern(pat: &syn::Pat) -> bool {
    match pat {
        syn::Pat::Guard(guarded) => is_failure_pattern(&guarded.pat),
        syn::Pat::Paren(paren) => is_failure_pattern(&paren.pat),
        syn::Pat::Or(or) => or.cases.iter().all(is_failure_pattern),
        syn::Pat::TupleStruct(tuple) => path_ends_with(&tuple.path, "Err"),
        syn::Pat::Ident(ident) => ident.ident == "None" && ident.subpat.is_none(),
        syn::Pat::Path(path) => path_ends_with(&path.path, "None"),
        _ => false,
    }
}

/// `true` or `false` (a `match` arm on a flag).
pub fn is_bool_pattern(pat: &syn::Pat) -> bool {
    matches!(pat, syn::Pat::Lit(lit) if matches!(lit.lit, syn::Lit::Bool(_)))
}

/// `Ok(..)` or `Some(..)`: a pattern that matches only the success of a `Result`/`Option`
/// (the `else` of `let Ok(v) = .. else { .. }` runs on failure).
pub fn is_success_pattern(pat: &syn::Pat) -> bool {
    match pat {
        syn::Pat::Type(typed) => is_success_pattern(&typed.pat),
        syn::Pat::TupleStruct(tuple) => {
            path_ends_with(&tuple.path, "Ok") || path_ends_with(&tuple.path, "Some")
        }
        _ => false,
    }
}

/// `Err(..) if <guard>`: an arm that picks some errors.
pub fn is_guarded_err(pat: &syn::Pat) -> bool {
    matches!(pat, syn::Pat::Guard(guarded)
        if matches!(&*guarded.pat, syn::Pat::TupleStruct(tuple) if path_ends_with(&tuple.path, "Err")))
}

/// The name an `Err(e)` pattern binds (also under a guard, `Err(e) if ..`).
pub fn err_binding(pat: &syn::Pat) -> Option<String> {
    match pat {
        syn::Pat::Guard(guarded) => err_binding(&guarded.pat),
        syn::Pat::TupleStruct(tuple) if path_ends_with(&tuple.path, "Err") => {
            match tuple.elems.first() {
                Some(syn::Pat::Ident(ident)) if tuple.elems.len() == 1 => {
                    Some(ident.ident.to_string())
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether a branch ends by handing on the error bound to `name`: `return Err(e)`,
/// `return Err(e.into())`, `Err(AppError::Db(e))?`, `bail!(e)`, or an `Err(..e..)` tail.
pub fn ends_returning_error(body: &syn::Expr, name: &str) -> bool {
    let carries = |expr: &syn::Expr| match peel(expr) {
        syn::Expr::Call(call) => {
            matches!(peel(&call.func), syn::Expr::Path(path) if path_ends_with(&path.path, "Err"))
                && call.args.iter().any(|arg| mentions(arg, name))
        }
        _ => false,
    };
    match peel(body) {
        syn::Expr::Block(block) => block_ends_returning_error(&block.block, name),
        syn::Expr::Return(ret) => ret.expr.as_deref().is_some_and(carries),
        syn::Expr::Try(tried) => carries(&tried.expr),
        syn::Expr::Macro(mac) => bails_with(&mac.mac, name),
        other => carries(other),
    }
}

/// [`ends_returning_error`] for a block (`if let Err(e) = .. { .. }`).
pub fn block_ends_returning_error(block: &syn::Block, name: &str) -> bool {
    match block.stmts.last() {
        Some(syn::Stmt::Expr(last, _)) => ends_returning_error(last, name),
        Some(syn::Stmt::Macro(mac)) => bails_with(&mac.mac, name),
        _ => false,
    }
}

/// `bail!(..)` (anyhow, eyre) with an argument that mentions `name`.
fn bails_with(mac: &syn::Macro, name: &str) -> bool {
    macro_name(mac) == "bail" && token_stream_mentions(mac.tokens.clone(), name)
}

/// The argument count of a call expression.
pub fn call_arity(expr: &syn::Expr) -> usize {
    match peel(expr) {
        syn::Expr::MethodCall(call) => call.args.len(),
        syn::Expr::Call(call) => call.args.len(),
        _ => 0,
    }
}

/// The innermost receiver of a method chain (`a.b().c()` → `a`).
pub fn chain_root(mut expr: &syn::Expr) -> &syn::Expr {
    loop {
        match peel(expr) {
            syn::Expr::MethodCall(call) => expr = &call.receiver,
            syn::Expr::Field(field) => expr = &field.base,
            other => return other,
        }
    }
}

/// Whether an expression mentions the identifier `name` anywhere (closure bodies included;
/// the identifiers inside macro token streams count too).
pub fn mentions(expr: &syn::Expr, name: &str) -> bool {
    use quote::ToTokens;
    token_stream_mentions(expr.to_token_stream(), name)
}

/// The single-segment names an expression mentions (`start(opt, config.port)`: `start`,
/// `opt`, `config`, `port`), each once, in order, also inside macro arguments.
pub fn mentioned_names(tokens: TokenStream) -> Vec<String> {
    fn collect(tokens: TokenStream, names: &mut Vec<String>) {
        for token in tokens {
            match token {
                TokenTree::Ident(ident) => {
                    let name = ident.to_string();
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
                TokenTree::Group(group) => collect(group.stream(), names),
                _ => {}
            }
        }
    }
    let mut names = Vec::new();
    collect(tokens, &mut names);
    names
}

/// Whether a token stream contains the identifier `name`.
pub fn token_stream_mentions(tokens: TokenStream, name: &str) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => ident == name,
        TokenTree::Group(group) => token_stream_mentions(group.stream(), name),
        TokenTree::Literal(lit) => {
            // Inline format captures: "{name}", "{name:?}".
            let text = lit.to_string();
            text.starts_with('"') && format_captures(&text).iter().any(|c| c == name)
        }
        TokenTree::Punct(_) => false,
    })
}

/// The identifiers captured inline by a format string literal (`"{id} {name:?}"`).
pub fn format_captures(literal: &str) -> Vec<String> {
    placeholders(literal)
        .into_iter()
        .filter_map(|placeholder| match placeholder {
            Placeholder::Name { name, .. }
                if name
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_') =>
            {
                Some(name)
            }
            _ => None,
        })
        .collect()
}

/// How a format string's placeholders take their arguments, in order: the next positional
/// argument, an explicit index (`{0}`) or a name (`{password}`), and whether it is `{:?}`.
#[derive(Debug, PartialEq, Eq)]
pub enum Placeholder {
    Next { debug: bool },
    Index { index: usize, debug: bool },
    Name { name: String, debug: bool },
}

/// The placeholders of a format string (`"{} {0:?} {name:#?}"`); `{{` is text.
pub fn placeholders(format: &str) -> Vec<Placeholder> {
    let mut found = Vec::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '{' {
            continue;
        }
        if chars.peek() == Some(&'{') {
            chars.next();
            continue;
        }
        let mut inner = String::new();
        for next in chars.by_ref() {
            if next == '}' {
                break;
            }
            inner.push(next);
        }
        let (argument, spec) = inner.split_once(':').unwrap_or((inner.as_str(), ""));
        let debug = spec.contains('?');
        let argument = argument.trim();
        found.push(if argument.is_empty() {
            Placeholder::Next { debug }
        } else if let Ok(index) = argument.parse() {
            Placeholder::Index { index, debug }
        } else {
            Placeholder::Name {
                name: argument.to_string(),
                debug,
            }
        });
    }
    found
}

/// The arguments of a format-like or log-like macro, parsed as expressions.
#[derive(Default)]
pub struct MacroArgs {
    /// The format string, when the macro has one.
    pub format: Option<syn::LitStr>,
    /// Positional arguments and values of named/structured fields (`user = %name`).
    pub exprs: Vec<syn::Expr>,
    /// Field names of structured logging (`password = ..` → `password`).
    pub field_names: Vec<syn::Ident>,
    /// Per expression of `exprs`: the field it is the value of, if any, and tracing's sigil
    /// before it (`%` Display, `?` Debug).
    pub expr_fields: Vec<(Option<syn::Ident>, Option<char>)>,
    /// How many of `exprs` come before the format string (tracing's fields); the rest are the
    /// format's arguments.
    pub format_at: usize,
}

impl MacroArgs {
    /// Identifiers captured inline by the format string: not those a named argument gives
    /// (`format!("{id}", id = random_hex())` captures no local `id`).
    pub fn captures(&self) -> Vec<String> {
        let mut captures = self
            .format
            .as_ref()
            .map(|lit| format_captures(&lit.value()))
            .unwrap_or_default();
        // Named arguments come after the format string (tracing's fields before it are not
        // the format's arguments).
        let named: Vec<&syn::Ident> = self
            .expr_fields
            .iter()
            .skip(self.format_at)
            .filter_map(|(field, _)| field.as_ref())
            .collect();
        captures.retain(|name| !named.iter().any(|field| *field == name));
        captures
    }
}

/// Parses a macro body as comma-separated arguments: expressions, `name = expr`,
/// tracing's `%expr`/`?expr`/`field = %expr`, and `target: "..", ` prefixes. Arguments that are
/// not expressions are skipped; this never fails.
pub fn macro_args(mac: &syn::Macro) -> MacroArgs {
    let mut args = MacroArgs::default();
    for chunk in split_top_level_commas(mac.tokens.clone()) {
        let before = args.field_names.len();
        let chunk = strip_key_prefix(chunk, &mut args.field_names);
        let positional = args.field_names.len() == before;
        let field = (!positional)
            .then(|| args.field_names.last().cloned())
            .flatten();
        let sigil = match chunk.first() {
            Some(TokenTree::Punct(p)) if p.as_char() == '%' || p.as_char() == '?' => {
                Some(p.as_char())
            }
            _ => None,
        };
        let chunk: TokenStream = chunk
            .into_iter()
            .skip_while(
                |t| matches!(t, TokenTree::Punct(p) if p.as_char() == '%' || p.as_char() == '?'),
            )
            .collect();
        if chunk.is_empty() {
            continue;
        }
        if let Ok(expr) = syn::parse2::<syn::Expr>(chunk) {
            match &expr {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(lit),
                    ..
                }) if positional && args.format.is_none() => {
                    args.format = Some(lit.clone());
                    args.format_at = args.exprs.len();
                }
                _ => {
                    args.exprs.push(expr);
                    args.expr_fields.push((field, sigil));
                }
            }
        }
    }
    args
}

/// Drops a leading `name =` / `name:` (structured field or `target:`), remembering the name.
fn strip_key_prefix(chunk: Vec<TokenTree>, names: &mut Vec<syn::Ident>) -> Vec<TokenTree> {
    let is_key = |tokens: &[TokenTree]| matches!(tokens, [TokenTree::Ident(_), TokenTree::Punct(p), ..] if (p.as_char() == '=' || p.as_char() == ':') && p.spacing() == proc_macro2::Spacing::Alone);
    if is_key(&chunk) {
        if let TokenTree::Ident(ident) = &chunk[0] {
            names.push(ident.clone());
        }
        return chunk[2..].to_vec();
    }
    // Dotted field names: `user.id = %id`.
    let eq = chunk.iter().position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == '=' && p.spacing() == proc_macro2::Spacing::Alone));
    if let Some(eq) = eq {
        let key = &chunk[..eq];
        let dotted = !key.is_empty()
            && key.iter().enumerate().all(|(i, t)| match t {
                TokenTree::Ident(_) => i % 2 == 0,
                TokenTree::Punct(p) => p.as_char() == '.' && i % 2 == 1,
                _ => false,
            });
        if dotted {
            if let Some(TokenTree::Ident(ident)) = key.last() {
                names.push(ident.clone());
            }
            return chunk[eq + 1..].to_vec();
        }
    }
    chunk
}

fn split_top_level_commas(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut chunks = vec![Vec::new()];
    for token in tokens {
        match &token {
            TokenTree::Punct(p) if p.as_char() == ',' => chunks.push(Vec::new()),
            TokenTree::Punct(p) if p.as_char() == ';' => chunks.push(Vec::new()),
            _ => chunks.last_mut().expect("never empty").push(token),
        }
    }
    chunks.retain(|c| !c.is_empty());
    chunks
}

/// The value and pattern of `matches!(value, pattern)` (a guard after the pattern is ignored).
pub fn matches_args(mac: &syn::Macro) -> Option<(syn::Expr, syn::Pat)> {
    if macro_name(mac) != "matches" {
        return None;
    }
    mac.parse_body_with(
        |input: syn::parse::ParseStream<'_>| -> syn::Result<(syn::Expr, syn::Pat)> {
            let value: syn::Expr = input.parse()?;
            input.parse::<syn::Token![,]>()?;
            let pat = syn::Pat::parse_multi_with_leading_vert(input)?;
            let _: TokenStream = input.parse()?;
            Ok((value, pat))
        },
    )
    .ok()
}

/// Whether a statement throws away the verdict of a check: `let _ = p.components().all(..);`,
/// `name.contains("..");` (a predicate's value, unlike `let _ = validate(p)?;`, whose `?`
/// still acts on it).
pub fn discards_a_check(stmt: &syn::Stmt) -> bool {
    let discarded = match stmt {
        syn::Stmt::Local(local) if matches!(local.pat, syn::Pat::Wild(_)) => {
            local.init.as_ref().map(|init| &*init.expr)
        }
        syn::Stmt::Expr(expr, Some(_)) => Some(expr),
        _ => None,
    };
    const PREDICATES: &[&str] = &[
        "all",
        "any",
        "contains",
        "starts_with",
        "ends_with",
        "eq",
        "ne",
    ];
    let is_verdict = |expr: &syn::Expr| match expr {
        syn::Expr::MethodCall(call) => PREDICATES.iter().any(|name| call.method == name),
        syn::Expr::Binary(binary) => matches!(
            binary.op,
            syn::BinOp::Eq(_) | syn::BinOp::Ne(_) | syn::BinOp::And(_) | syn::BinOp::Or(_)
        ),
        syn::Expr::Unary(unary) => matches!(unary.op, syn::UnOp::Not(_)),
        syn::Expr::Macro(mac) => macro_name(&mac.mac) == "matches",
        _ => false,
    };
    discarded.is_some_and(|expr| {
        let mut expr = expr;
        while let syn::Expr::Paren(paren) = expr {
            expr = &paren.expr;
        }
        is_verdict(expr)
    })
}

/// The count of `vec![elem; n]`.
pub fn vec_repeat_count(mac: &syn::Macro) -> Option<syn::Expr> {
    if macro_name(mac) != "vec" {
        return None;
    }
    let tokens: Vec<TokenTree> = mac.tokens.clone().into_iter().collect();
    let semicolon = tokens
        .iter()
        .position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ';'))?;
    syn::parse2(tokens[semicolon + 1..].iter().cloned().collect()).ok()
}

/// Parses a macro body as a comma-separated list of paths (`routes![a, b::c]`).
pub fn macro_paths(mac: &syn::Macro) -> Vec<syn::Path> {
    let parser =
        |input: ParseStream<'_>| Punctuated::<syn::Path, syn::Token![,]>::parse_terminated(input);
    parser
        .parse2(mac.tokens.clone())
        .map(|paths| paths.into_iter().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mac(code: &str) -> syn::Macro {
        syn::parse_str(code).unwrap()
    }

    #[test]
    fn format_placeholders() {
        assert_eq!(
            placeholders("{} {{x}} {0:?} {password:#?} {:>8}"),
            vec![
                Placeholder::Next { debug: false },
                Placeholder::Index {
                    index: 0,
                    debug: true
                },
                Placeholder::Name {
                    name: "password".into(),
                    debug: true
                },
                Placeholder::Next { debug: false },
            ]
        );
    }

    #[test]
    fn named_format_arguments_are_not_captures() {
        let mac: syn::Macro =
            syn::parse_quote!(format!("{id}-{cw}-{url}", id = random_hex(), cw = cw));
        assert_eq!(macro_args(&mac).captures(), vec!["url"]);
        // tracing's fields before the message are not the format's arguments.
        let mac: syn::Macro = syn::parse_quote!(info!(id = %other, "saved {id}"));
        assert_eq!(macro_args(&mac).captures(), vec!["id"]);
    }

    #[test]
    fn format_captures_skip_escapes_and_positions() {
        assert_eq!(
            format_captures("{id} {{x}} {0} {name:?} {}"),
            vec!["id", "name"]
        );
    }

    #[test]
    fn macro_args_understand_format_and_tracing_fields() {
        let args = macro_args(&mac("println!(\"{} {user}\", a.b(), c)"));
        assert_eq!(args.format.unwrap().value(), "{} {user}");
        assert_eq!(args.exprs.len(), 2);
        let args = macro_args(&mac(
            "info!(target: \"x\", password = %req.password, ?token, \"login {user}\")",
        ));
        let names: Vec<String> = args.field_names.iter().map(ToString::to_string).collect();
        assert_eq!(names, vec!["target", "password"]);
        assert_eq!(
            args.exprs.len(),
            3,
            "the target, the password and the token"
        );
        assert_eq!(args.captures(), vec!["user"]);
        let args = macro_args(&mac("info!(user.id = id, \"x\")"));
        assert_eq!(args.field_names[0], "id");
        // Raw identifiers as field names (tracing's own tests use `r#type = ..`).
        let args = macro_args(&mac("debug!(r#type = \"x\", request.r#ref = 1, \"y\")"));
        let names: Vec<String> = args.field_names.iter().map(ToString::to_string).collect();
        assert_eq!(names, vec!["r#type", "r#ref"]);
    }

    #[test]
    fn cfg_test_detection() {
        let item: syn::ItemMod =
            syn::parse_str("#[cfg(all(test, feature = \"x\"))] mod t {}").unwrap();
        assert!(is_cfg_test(&item.attrs));
        let item: syn::ItemMod = syn::parse_str("#[cfg(not(test))] mod t {}").unwrap();
        assert!(!is_cfg_test(&item.attrs));
    }

    #[test]
    fn constants() {
        for code in ["1", "\"a\"", "MAX_LEN", "&[1, 2]", "LIMIT as usize * 2"] {
            assert!(is_constant(&syn::parse_str(code).unwrap()), "{code}");
        }
        for code in ["x", "f()", "a.b"] {
            assert!(!is_constant(&syn::parse_str(code).unwrap()), "{code}");
        }
    }
}
