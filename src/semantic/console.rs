//! Recognising output that is not a server's log, node by node: the calls that parse the
//! command line, start a server, install or build a logger, check for a terminal or load a
//! `.env` file, and blocks that leave the program. The knowledge is data
//! (`rules/models/console.toml`, `[server]` in `frameworks.toml`); the walker records what these
//! find as facts, and the crate pass (`index::console`) decides what is command-line output.

use crate::semantic::models::{models, ArgPattern, CallPattern, ConsoleModels};
use crate::semantic::syntax::{chain_root, diverges, peel};
use crate::semantic::Imports;

fn console() -> &'static ConsoleModels {
    &models().console
}

/// A path call `a::b(..)` whose canonical path ends with one of `patterns`.
fn calls_path(imports: &Imports, expr: &syn::Expr, patterns: &[ArgPattern]) -> bool {
    let syn::Expr::Call(call) = peel(expr) else {
        return false;
    };
    let syn::Expr::Path(func) = peel(&call.func) else {
        return false;
    };
    let path = imports.resolve(&func.path);
    patterns.iter().any(|pattern| pattern.matches_path(&path))
}

/// A method call `x.name(..)` matching one of `patterns` by name and argument count.
fn calls_method(expr: &syn::Expr, patterns: &[CallPattern]) -> bool {
    match peel(expr) {
        syn::Expr::MethodCall(call) => {
            let name = call.method.to_string();
            patterns.iter().any(|p| p.matches(&name, call.args.len()))
        }
        _ => false,
    }
}

/// `axum::serve(..)`, `HttpServer::new(..)`, `rocket::build()`, `.launch()`, `.serve(..)`.
pub fn is_server_start(imports: &Imports, expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::MethodCall(call) => console()
            .server_start_methods
            .contains(&call.method.to_string()),
        syn::Expr::Call(_) => calls_path(imports, expr, &console().server_starts),
        _ => false,
    }
}

/// A call that reads or parses the command line, at the root of a chain or by itself:
/// `Cli::parse()`, `pico_args::Arguments::from_env()`, `std::env::args().nth(1)`,
/// `Command::new("svc").get_matches()`.
pub fn parses_command_line(imports: &Imports, expr: &syn::Expr) -> bool {
    let models = console();
    let mut at = peel(expr);
    loop {
        if calls_method(at, &models.command_line_methods)
            || calls_path(imports, at, &models.command_line_functions)
            || is_command_line_constructor(at, &models.command_line_constructors)
        {
            return true;
        }
        match at {
            syn::Expr::MethodCall(call) => at = peel(&call.receiver),
            syn::Expr::Field(field) => at = peel(&field.base),
            syn::Expr::Try(tried) => at = peel(&tried.expr),
            syn::Expr::Await(awaited) => at = peel(&awaited.base),
            _ => return false,
        }
    }
}

/// `Type::parse()`: a constructor named in the model, called on a type (an upper-case segment
/// before the name), not on a module.
fn is_command_line_constructor(expr: &syn::Expr, patterns: &[CallPattern]) -> bool {
    let syn::Expr::Call(call) = expr else {
        return false;
    };
    let syn::Expr::Path(func) = peel(&call.func) else {
        return false;
    };
    let segments = &func.path.segments;
    let [.., ty, name] = segments.iter().collect::<Vec<_>>()[..] else {
        return false;
    };
    ty.ident.to_string().starts_with(char::is_uppercase)
        && patterns
            .iter()
            .any(|p| p.matches(&name.ident.to_string(), call.args.len()))
}

/// `io::stdout().is_terminal()`, `atty::is(Stream::Stdout)`.
pub fn is_terminal_check(imports: &Imports, expr: &syn::Expr) -> bool {
    calls_method(expr, &console().terminal_methods)
        || calls_path(imports, expr, &console().terminal_functions)
}

/// Whether `cond` being `truth` proves that output goes to a terminal:
/// `stdout().is_terminal()` and `show_qr && stdout().is_terminal()` when true,
/// `!stdout().is_terminal()` when false.
pub fn proves_terminal(imports: &Imports, cond: &syn::Expr, truth: bool) -> bool {
    match cond {
        syn::Expr::Paren(paren) => proves_terminal(imports, &paren.expr, truth),
        syn::Expr::Group(group) => proves_terminal(imports, &group.expr, truth),
        syn::Expr::Unary(unary) if matches!(unary.op, syn::UnOp::Not(_)) => {
            proves_terminal(imports, &unary.expr, !truth)
        }
        syn::Expr::Binary(binary) => match binary.op {
            // A true `&&` proves both sides; a false `||` disproves both.
            syn::BinOp::And(_) if truth => {
                proves_terminal(imports, &binary.left, truth)
                    || proves_terminal(imports, &binary.right, truth)
            }
            syn::BinOp::Or(_) if !truth => {
                proves_terminal(imports, &binary.left, truth)
                    || proves_terminal(imports, &binary.right, truth)
            }
            _ => false,
        },
        other => truth && is_terminal_check(imports, other),
    }
}

/// A call that loads a `.env` file (`dotenvy::dotenv()`), also inside a chain
/// (`dotenv().ok()`).
pub fn loads_env_file(imports: &Imports, expr: &syn::Expr) -> bool {
    let root = chain_root(expr);
    calls_path(imports, expr, &console().env_file_loaders)
        || calls_path(imports, root, &console().env_file_loaders)
}

/// Whether a function's declared return type is (or holds) a logger being built:
/// `tracing::Dispatch`, `Box<dyn Subscriber + Send + Sync>`, `(Dispatch, Guard)`.
pub fn returns_logger(sig: &syn::Signature) -> bool {
    let syn::ReturnType::Type(_, ty) = &sig.output else {
        return false;
    };
    let mut returns = false;
    mentions_type(ty, &mut |name| {
        returns |= console().logger_types.contains(name)
    });
    returns
}

/// Calls `found` with every type name a type mentions: its path segments, generic arguments,
/// tuple elements and trait-object bounds (`Box<dyn Subscriber + Send>` gives `Box`,
/// `Subscriber`, `Send`).
pub fn mentions_type(ty: &syn::Type, found: &mut dyn FnMut(&str)) {
    visit_type_names(ty, found);
}

fn visit_type_names(ty: &syn::Type, f: &mut dyn FnMut(&str)) {
    match ty {
        syn::Type::Path(path) => visit_path_names(&path.path, f),
        syn::Type::Reference(reference) => visit_type_names(&reference.elem, f),
        syn::Type::Paren(paren) => visit_type_names(&paren.elem, f),
        syn::Type::Group(group) => visit_type_names(&group.elem, f),
        syn::Type::Slice(slice) => visit_type_names(&slice.elem, f),
        syn::Type::Array(array) => visit_type_names(&array.elem, f),
        syn::Type::Tuple(tuple) => tuple.elems.iter().for_each(|e| visit_type_names(e, f)),
        syn::Type::TraitObject(object) => visit_bounds(&object.bounds, f),
        syn::Type::ImplTrait(object) => visit_bounds(&object.bounds, f),
        _ => {}
    }
}

fn visit_bounds<P>(
    bounds: &syn::punctuated::Punctuated<syn::TypeParamBound, P>,
    f: &mut dyn FnMut(&str),
) {
    for bound in bounds {
        if let syn::TypeParamBound::Trait(bound) = bound {
            visit_path_names(&bound.path, f);
        }
    }
}

fn visit_path_names(path: &syn::Path, f: &mut dyn FnMut(&str)) {
    for segment in &path.segments {
        f(&segment.ident.to_string());
        if let syn::PathArguments::AngleBracketed(args) = &segment.arguments {
            for arg in &args.args {
                if let syn::GenericArgument::Type(inner) = arg {
                    visit_type_names(inner, f);
                }
            }
        }
    }
}

/// Whether a branch's code always leaves the function or the process at its end: its last
/// statement returns, exits (`std::process::exit`, also imported as `exit`) or panics, or is an
/// `if`/`else` or `match` all of whose branches do.
pub fn block_exits(imports: &Imports, block: &syn::Block) -> bool {
    match block.stmts.last() {
        Some(syn::Stmt::Expr(last, _)) => expr_exits(imports, last),
        Some(syn::Stmt::Macro(mac)) => diverges(&syn::Expr::Macro(syn::ExprMacro {
            attrs: Vec::new(),
            mac: mac.mac.clone(),
        })),
        _ => false,
    }
}

/// [`block_exits`] for an expression (an arm's body).
pub fn expr_exits(imports: &Imports, expr: &syn::Expr) -> bool {
    match peel(expr) {
        syn::Expr::Block(block) => block_exits(imports, &block.block),
        syn::Expr::If(expr_if) => {
            block_exits(imports, &expr_if.then_branch)
                && expr_if
                    .else_branch
                    .as_ref()
                    .is_some_and(|(_, other)| expr_exits(imports, other))
        }
        syn::Expr::Match(expr_match) => {
            !expr_match.arms.is_empty()
                && expr_match
                    .arms
                    .iter()
                    .all(|arm| expr_exits(imports, &arm.body))
        }
        syn::Expr::Call(call) => {
            diverges(expr)
                || matches!(peel(&call.func), syn::Expr::Path(func)
                    if imports.resolve(&func.path) == ["std", "process", "exit"])
        }
        other => diverges(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imports(code: &str) -> Imports {
        let file = syn::parse_file(code).unwrap();
        Imports::collect(&file, vec!["crate".into()], None)
    }

    fn expr(code: &str) -> syn::Expr {
        syn::parse_str(code).unwrap()
    }

    #[test]
    fn command_line_parsers_at_the_root_of_a_chain() {
        let none = imports("");
        for code in [
            "Cli::parse()",
            "Cli::parse().command",
            "pico_args::Arguments::from_env()",
            "std::env::args().nth(1)",
            "clap::Command::new(\"svc\").get_matches()",
            "Opt::from_args()",
        ] {
            assert!(parses_command_line(&none, &expr(code)), "{code}");
        }
        for code in [
            "\"8080\".parse()",
            "Url::parse(text)",
            "config::parse()",
            "Config::from_env()",
            "std::env::var(\"PORT\")",
        ] {
            assert!(!parses_command_line(&none, &expr(code)), "{code}");
        }
    }

    #[test]
    fn server_starts_resolve_through_imports() {
        let actix = imports("use actix_web::HttpServer;");
        assert!(is_server_start(&actix, &expr("HttpServer::new(app)")));
        assert!(is_server_start(&actix, &expr("rocket.launch()")));
        assert!(!is_server_start(
            &imports(""),
            &expr("HttpServer::new(app)")
        ));
        assert!(!is_server_start(&actix, &expr("Router::new()")));
    }

    #[test]
    fn terminal_checks_prove_what_their_truth_says() {
        let std = imports("use std::io::IsTerminal;");
        let check = |code: &str, truth| proves_terminal(&std, &expr(code), truth);
        assert!(check("io::stdout().is_terminal()", true));
        assert!(check("show_qr && io::stdout().is_terminal()", true));
        assert!(check("!io::stdout().is_terminal()", false));
        assert!(!check("!io::stdout().is_terminal()", true));
        assert!(!check("quiet || io::stdout().is_terminal()", true));
        assert!(!check("io::stdout().is_terminal()", false));
        assert!(proves_terminal(
            &imports(""),
            &expr("atty::is(atty::Stream::Stdout)"),
            true
        ));
    }

    #[test]
    fn logger_return_types() {
        let returns =
            |code: &str| returns_logger(&syn::parse_str::<syn::ItemFn>(code).unwrap().sig);
        assert!(returns("fn f() -> tracing::Dispatch {}"));
        assert!(returns(
            "fn f() -> Result<(Option<Provider>, Box<dyn Subscriber + Send + Sync>), String> {}"
        ));
        assert!(returns("fn f() -> (Dispatch, Guard) {}"));
        assert!(!returns("fn f() -> Result<Config, Error> {}"));
        assert!(!returns("fn f() {}"));
    }

    #[test]
    fn blocks_that_leave_the_program() {
        let std = imports("use std::process::exit;");
        let exits = |code: &str| block_exits(&std, &syn::parse_str::<syn::Block>(code).unwrap());
        assert!(exits("{ println!(\"v1\"); std::process::exit(0); }"));
        assert!(exits("{ run(); return Ok(()); }"));
        assert!(exits("{ if ok { return Ok(()) } else { return Err(e) } }"));
        assert!(exits("{ match r { Ok(_) => exit(0), Err(_) => exit(1) } }"));
        assert!(!exits("{ if ok { return Ok(()) } }"));
        assert!(!exits("{ println!(\"migrated\"); }"));
        assert!(!block_exits(
            &imports(""),
            &syn::parse_str::<syn::Block>("{ exit(0) }").unwrap()
        ));
    }
}
