//! Calls that cannot fail for the inputs they are given: what `.unwrap()`/`.expect(..)` may
//! be called on, and what a `panic!` in an `Err` arm may follow, without a request being able
//! to trigger it. Such a call fails on every request or on none: because the program is wrong
//! or misconfigured, never because of one request's input.
//!
//! Two sources of knowledge:
//! - the `[[infallible]]` entries of `rules/models/errors.toml`: API facts keyed by call, with
//!   what the receiver and each argument must be (`serde_json::to_string` of a value serde
//!   can serialise, `Hmac::new_from_slice` of anything, `url.join("/favicon.ico")`);
//! - shapes that only a wrong program makes fail (lock poisoning, state registered at startup,
//!   the first piece of a split, a child's piped stdio, a fixed-length slice, an http builder
//!   whose every part is fixed, a `JoinHandle` awaited directly).
//!
//! The inputs are judged with what the walker knows about the function's locals
//! ([`LocalValue`], kept in the [`Scope`]) and the declared types of its locals and parameters.

use crate::semantic::models::{ends_with, models, InfallibleCall, Requirement, ValueModels};
use crate::semantic::syntax::{
    chain_root, is_builder_call, is_constant, last_ident, macro_args, macro_name, peel, segments,
};
use crate::semantic::taint::TaintEnv;
use crate::semantic::{FileModel, Scope};

/// What a local (or parameter) of the current function is known to hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalValue {
    /// The same on every request (an immutable binding of a fixed value).
    Fixed,
    /// A reading of the clock, or a value computed from one and fixed operands.
    Clock,
    /// JSON the function serialised itself (text or a `serde_json::Value`).
    JsonText,
    /// A value a generator just made (`SaltString::generate(&mut OsRng)`).
    Fresh,
    /// An in-memory buffer: writing into it cannot fail.
    Buffer,
    /// A value whose declared type holds a map serde_json cannot serialise.
    Unserializable,
    /// A value the function composed with a macro (`format!`, `json!`: `[input-conversions]
    /// composing-macros`).
    Composed,
}

/// What judging a call's inputs needs: the file, where the call is, and the function's locals.
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    pub file: &'a FileModel<'a>,
    pub scope: &'a Scope,
    pub env: &'a TaintEnv,
}

impl Inputs<'_> {
    fn values(&self) -> &'static ValueModels {
        &models().infallible.values
    }

    fn local(&self, expr: &syn::Expr) -> Option<LocalValue> {
        match peel(expr) {
            syn::Expr::Path(path) => {
                let name = path.path.get_ident()?.to_string();
                self.scope.local_value(&name)
            }
            _ => None,
        }
    }

    /// The canonical path of a called function, seen through a `type` alias of the file
    /// (`HmacSha256::new_from_slice` → `hmac::Hmac::new_from_slice`).
    fn function_path(&self, func: &syn::Path) -> Vec<String> {
        let written = segments(func);
        if written.len() >= 2 {
            if let Some(target) = self.file.types.alias(&written[written.len() - 2]) {
                let mut segments = target.to_vec();
                segments.push(written[written.len() - 1].clone());
                return self.file.imports.resolve_segments(&segments);
            }
        }
        self.file.resolve(func)
    }

    fn path_matches(&self, func: &syn::Path, suffixes: &[Vec<String>]) -> bool {
        let path = self.function_path(func);
        suffixes.iter().any(|suffix| ends_with(&path, suffix))
    }

    fn calls_one_of(&self, expr: &syn::Expr, suffixes: &[Vec<String>]) -> bool {
        matches!(peel(expr), syn::Expr::Call(call)
            if matches!(peel(&call.func), syn::Expr::Path(func) if self.path_matches(&func.path, suffixes)))
    }

    /// The same on every request: see `fixed` in `rules/models/errors.toml`.
    pub fn is_fixed(&self, expr: &syn::Expr) -> bool {
        if is_constant(expr) {
            return true;
        }
        let values = self.values();
        match expr {
            syn::Expr::Path(path) => match path.path.get_ident() {
                Some(name) => {
                    let name = name.to_string();
                    self.scope.is_constant_local(&name)
                        || self.scope.local_value(&name) == Some(LocalValue::Fixed)
                        || name.starts_with(char::is_uppercase)
                }
                // `Algorithm::Argon2id`, `Self::LIMIT`: a variant or associated constant.
                None => {
                    path.qself.is_none()
                        && last_ident(&path.path)
                            .is_some_and(|last| last.to_string().starts_with(char::is_uppercase))
                }
            },
            syn::Expr::Macro(mac) => values.literal_macros.contains(&macro_name(&mac.mac)),
            syn::Expr::Call(call) => {
                let syn::Expr::Path(func) = peel(&call.func) else {
                    return false;
                };
                let name = last_ident(&func.path).map(ToString::to_string);
                let constructs = name.as_deref().is_some_and(|name| {
                    values.constructors.iter().any(|c| c == name)
                        || name.starts_with(char::is_uppercase)
                });
                constructs && call.args.iter().all(|arg| self.is_fixed(arg))
            }
            // A method of a constant, a static or a fixed local (`CONFIG.domain()`,
            // `KEY.wait()`, `"x".to_string()`); not of a value built on the spot, which may
            // do anything (`Client::new().get(URL).send()`).
            syn::Expr::MethodCall(call) => {
                let receiver = peel(&call.receiver);
                let fixed_receiver = is_constant(receiver)
                    || matches!(receiver, syn::Expr::Path(_) if self.is_fixed(receiver))
                    || matches!(receiver, syn::Expr::Field(_) if self.is_fixed(receiver));
                fixed_receiver && call.args.iter().all(|arg| self.is_fixed(arg))
            }
            syn::Expr::Field(field) => self.is_fixed(&field.base),
            syn::Expr::Reference(r) => self.is_fixed(&r.expr),
            syn::Expr::Paren(p) => self.is_fixed(&p.expr),
            syn::Expr::Group(g) => self.is_fixed(&g.expr),
            syn::Expr::Cast(c) => self.is_fixed(&c.expr),
            syn::Expr::Unary(u) => self.is_fixed(&u.expr),
            syn::Expr::Binary(b) => self.is_fixed(&b.left) && self.is_fixed(&b.right),
            syn::Expr::Tuple(t) => t.elems.iter().all(|e| self.is_fixed(e)),
            syn::Expr::Array(a) => a.elems.iter().all(|e| self.is_fixed(e)),
            _ => false,
        }
    }

    /// A reading of the clock, or a value computed from one with fixed operands.
    pub fn is_clock(&self, expr: &syn::Expr) -> bool {
        let expr = peel(expr);
        if self.local(expr) == Some(LocalValue::Clock) {
            return true;
        }
        match expr {
            syn::Expr::Call(call) => {
                let syn::Expr::Path(func) = peel(&call.func) else {
                    return false;
                };
                if self.path_matches(&func.path, &models().infallible.clock) {
                    return true;
                }
                // A conversion of a clock value (`Duration::from_millis(now_ms)`).
                !call.args.is_empty()
                    && call.args.iter().any(|arg| self.is_clock(arg))
                    && call
                        .args
                        .iter()
                        .all(|arg| self.is_clock(arg) || self.is_fixed(arg))
            }
            syn::Expr::MethodCall(call) => {
                self.is_clock(&call.receiver) && call.args.iter().all(|arg| self.is_fixed(arg))
            }
            syn::Expr::Binary(binary) => {
                let operand = |e: &syn::Expr| self.is_clock(e) || self.is_fixed(e);
                operand(&binary.left)
                    && operand(&binary.right)
                    && (self.is_clock(&binary.left) || self.is_clock(&binary.right))
            }
            syn::Expr::Cast(cast) => self.is_clock(&cast.expr),
            _ => false,
        }
    }

    /// Serde can serialise it: not a value whose type is known to hold a map keyed by
    /// something serde_json cannot write as a key.
    fn is_serializable(&self, expr: &syn::Expr) -> bool {
        match peel(expr) {
            syn::Expr::Path(_) => self.local(expr) != Some(LocalValue::Unserializable),
            syn::Expr::Struct(literal) => !last_ident(&literal.path)
                .is_some_and(|name| self.file.types.is_unserializable(&name.to_string())),
            _ => true,
        }
    }

    /// A struct literal, or a local of its type, of a type the file declares with text,
    /// number and boolean fields only (the fields' types do not change with their values).
    fn has_text_fields(&self, expr: &syn::Expr) -> bool {
        let type_name = match peel(expr) {
            syn::Expr::Struct(literal) => last_ident(&literal.path).map(ToString::to_string),
            syn::Expr::Path(path) => path
                .path
                .get_ident()
                .and_then(|name| self.env.type_of(&name.to_string()))
                .map(str::to_string),
            _ => None,
        };
        type_name.is_some_and(|name| self.file.types.has_text_fields_only(&name))
    }

    /// An in-memory buffer, or `&mut` one.
    fn is_buffer(&self, expr: &syn::Expr) -> bool {
        let expr = peel(expr);
        if self.local(expr) == Some(LocalValue::Buffer) {
            return true;
        }
        let values = self.values();
        match expr {
            syn::Expr::Path(path) => path.path.get_ident().is_some_and(|name| {
                self.env
                    .type_of(&name.to_string())
                    .is_some_and(|ty| values.buffers.iter().any(|b| b == ty))
            }),
            other => buffer_constructor(other, values),
        }
    }

    /// A value the function composed itself, whose conversion the input's value does not
    /// decide: a composing macro (`format!("{path}?{query}")`), a struct literal, a
    /// serialiser's output, a fixed value, or an immutable local bound to one of these.
    pub fn is_composed(&self, expr: &syn::Expr) -> bool {
        let expr = peel(expr);
        matches!(
            self.local(expr),
            Some(LocalValue::Composed | LocalValue::JsonText)
        ) || is_composing_macro(expr)
            || matches!(expr, syn::Expr::Struct(_))
            || self.is_serializer_call(expr)
            || self.is_fixed(expr)
    }

    /// JSON the function has just serialised: a serialiser call, or a local bound to one.
    fn is_json_text(&self, expr: &syn::Expr) -> bool {
        let expr = unwrapped_value(expr);
        self.local(expr) == Some(LocalValue::JsonText) || self.is_serializer_call(expr)
    }

    /// A call to one of the serialisers of the model (`serde_json::to_string(..)`).
    fn is_serializer_call(&self, expr: &syn::Expr) -> bool {
        let syn::Expr::Call(call) = peel(expr) else {
            return false;
        };
        let syn::Expr::Path(func) = peel(&call.func) else {
            return false;
        };
        let path = self.function_path(&func.path);
        models()
            .infallible
            .for_path(&path)
            .into_iter()
            .any(|entry| entry.argument(0) == Requirement::Serializable)
    }

    fn is_fresh(&self, expr: &syn::Expr) -> bool {
        self.local(expr) == Some(LocalValue::Fresh)
            || self.calls_one_of(expr, &models().infallible.generators)
    }

    /// `m.as_str().as_bytes()` where `m` is of the call's own type (`owner`), or a part of an
    /// existing http message (`res.status().as_u16()`), or fixed.
    fn is_encoded(&self, expr: &syn::Expr, owner: Option<&str>) -> bool {
        let values = self.values();
        let mut value = peel(expr);
        let mut encoded = false;
        while let syn::Expr::MethodCall(call) = value {
            if !call.args.is_empty() || !values.encodings.iter().any(|e| call.method == e) {
                break;
            }
            encoded = true;
            value = peel(&call.receiver);
        }
        if !encoded {
            return false;
        }
        let own_type = match value {
            syn::Expr::Path(path) => path.path.get_ident().is_some_and(|name| {
                owner.is_some() && self.env.type_of(&name.to_string()) == owner
            }),
            _ => false,
        };
        own_type || self.is_http_part(value) || self.is_fixed(value)
    }

    /// A part of an existing http message: `res.status()`, `req.method().clone()`,
    /// `parts.uri`, `request.parts.headers.clone()`.
    fn is_http_part(&self, expr: &syn::Expr) -> bool {
        let values = self.values();
        let is_part = |name: &str| values.http_parts.iter().any(|p| p == name);
        match peel(expr) {
            syn::Expr::MethodCall(call) if call.args.is_empty() && call.method == "clone" => {
                self.is_http_part(&call.receiver)
            }
            syn::Expr::MethodCall(call) => {
                call.args.is_empty() && is_part(&call.method.to_string())
            }
            syn::Expr::Field(field) => {
                let syn::Member::Named(member) = &field.member else {
                    return false;
                };
                let binding = match peel(&field.base) {
                    syn::Expr::Field(base) => match &base.member {
                        syn::Member::Named(name) => Some(name.to_string()),
                        syn::Member::Unnamed(_) => None,
                    },
                    syn::Expr::Path(path) => path.path.get_ident().map(ToString::to_string),
                    _ => None,
                };
                is_part(&member.to_string())
                    && binding.is_some_and(|name| values.parts_bindings.contains(&name))
            }
            _ => false,
        }
    }

    fn meets(&self, expr: &syn::Expr, requirement: Requirement, owner: Option<&str>) -> bool {
        match requirement {
            Requirement::Any => true,
            Requirement::Fixed => self.is_fixed(expr),
            Requirement::Literal => matches!(
                peel(expr),
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(_),
                    ..
                })
            ),
            Requirement::Serializable => self.is_serializable(expr),
            Requirement::TextFields => self.has_text_fields(expr),
            Requirement::Buffer => self.is_buffer(expr),
            Requirement::Clock => self.is_clock(expr),
            Requirement::JsonText => self.is_json_text(expr),
            Requirement::Fresh => self.is_fresh(expr),
            Requirement::Encoded => self.is_encoded(expr, owner),
        }
    }

    fn satisfies(
        &self,
        entry: &InfallibleCall,
        receiver: Option<&syn::Expr>,
        args: &[&syn::Expr],
        owner: Option<&str>,
    ) -> bool {
        receiver.is_none_or(|receiver| self.meets(receiver, entry.receiver, owner))
            && args
                .iter()
                .enumerate()
                .all(|(index, arg)| self.meets(arg, entry.argument(index), owner))
    }

    /// Whether a modelled infallible call is made with inputs that cannot make it fail.
    fn is_modelled_infallible(&self, expr: &syn::Expr) -> bool {
        let infallible = &models().infallible;
        match peel(expr) {
            syn::Expr::Call(call) => {
                let syn::Expr::Path(func) = peel(&call.func) else {
                    return false;
                };
                let path = self.function_path(&func.path);
                let owner = path.len().checked_sub(2).map(|at| path[at].as_str());
                let args: Vec<&syn::Expr> = call.args.iter().collect();
                infallible
                    .for_path(&path)
                    .into_iter()
                    .any(|entry| self.satisfies(entry, None, &args, owner))
            }
            syn::Expr::MethodCall(call) => {
                let name = call.method.to_string();
                let args: Vec<&syn::Expr> = call.args.iter().collect();
                infallible
                    .for_name(&name, false)
                    .into_iter()
                    .any(|entry| self.satisfies(entry, Some(&call.receiver), &args, None))
            }
            syn::Expr::Macro(mac) => {
                let name = macro_name(&mac.mac);
                let parsed = macro_args(&mac.mac);
                let args: Vec<&syn::Expr> = parsed.exprs.iter().take(1).collect();
                infallible
                    .for_name(&name, true)
                    .into_iter()
                    .any(|entry| self.satisfies(entry, None, &args, None))
            }
            _ => false,
        }
    }

    /// Whether the `Result`/`Option` that `expr` evaluates to cannot be `Err`/`None` because of
    /// a request: a modelled infallible call, or one of the shapes only a wrong program makes
    /// fail (see the module documentation).
    pub fn cannot_fail(&self, expr: &syn::Expr) -> bool {
        self.is_join_handle(expr)
            || self.is_constructed_accessor(expr)
            || self.is_modelled_infallible(expr)
            || self.fails_only_on_a_wrong_program(expr)
    }

    /// An accessor that is `Some` on a value its constructor just made (`[values.constructed]`):
    /// `RenderContext::new(None).block_mut()`, or on a local bound to that call.
    fn is_constructed_accessor(&self, expr: &syn::Expr) -> bool {
        let syn::Expr::MethodCall(call) = peel(expr) else {
            return false;
        };
        let constructor: Vec<String> = match peel(&call.receiver) {
            syn::Expr::Call(made) => match peel(&made.func) {
                syn::Expr::Path(func) => self.function_path(&func.path),
                _ => return false,
            },
            syn::Expr::Path(local) => match local
                .path
                .get_ident()
                .and_then(|name| self.scope.call_of_local(&name.to_string()))
            {
                Some(crate::semantic::facts::CallRef::Path(path)) => {
                    path.split("::").map(str::to_string).collect()
                }
                _ => return false,
            },
            _ => return false,
        };
        self.values()
            .constructed
            .iter()
            .any(|(made_by, accessors)| {
                let suffix: Vec<String> = made_by.split("::").map(str::to_string).collect();
                crate::semantic::models::ends_with(&constructor, &suffix)
                    && accessors.iter().any(|accessor| call.method == accessor)
            })
    }

    /// Receivers that only fail on a programming error or a misconfigured app, not on input:
    /// - calls on literals, constants and immutable locals bound to one only
    ///   (`"127.0.0.1:8080".parse()`, `Regex::new(PATTERN)`, `let v = "1.2"; v.parse()`);
    /// - lock acquisition (`.lock()`, `.read()`, `.write()` without arguments), which fails
    ///   only if another thread panicked;
    /// - application state the server registered at startup — actix's `req.app_data::<T>()`,
    ///   rocket's `req.rocket().state::<T>()` — which fails the same way on every request when
    ///   the app was built without it;
    /// - the first or last piece of `s.split(p)` / `s.rsplit(p)`, which always yield one;
    /// - what only a wrong program, never a request, makes fail: a route segment looked up by
    ///   a fixed name (`req.match_info().get("id")`), the stdio of a spawned child
    ///   (`child.stdin.take()`), spawning a task or thread through a builder, a fixed-length
    ///   slice converted to an array or id (`bytes[..32].try_into()`,
    ///   `Uuid::from_slice(&b[0..16])`);
    /// - an http `Response`/`Request` builder whose every status, header, method and uri is
    ///   fixed (see [`Inputs::is_fixed_http_part`]).
    fn fails_only_on_a_wrong_program(&self, receiver: &syn::Expr) -> bool {
        let fixed = |expr: &syn::Expr| self.is_fixed(expr);
        match peel(receiver) {
            syn::Expr::MethodCall(call) => {
                let method = call.method.to_string();
                let lock =
                    matches!(method.as_str(), "lock" | "read" | "write") && call.args.is_empty();
                // `req.app_data::<T>()` or `let d: &T = req.app_data()..`, rocket's `state::<T>()`.
                let app_data = call.args.is_empty()
                    && (method == "app_data" || (method == "state" && call.turbofish.is_some()));
                lock || app_data
                    || self.is_first_split(call)
                    || (fixed(&call.receiver) && call.args.iter().all(fixed))
                    || is_route_segment_by_name(call)
                    || is_child_stdio(call)
                    || is_builder_spawn(call)
                    || (method == "try_into"
                        && call.args.is_empty()
                        && is_fixed_length_slice(&call.receiver))
                    || self.is_fixed_http_message(call)
            }
            syn::Expr::Call(call) => {
                let function = crate::semantic::syntax::call_name(receiver);
                (!call.args.is_empty() && call.args.iter().all(fixed))
                    || (function.as_deref() == Some("from_slice")
                        && call.args.len() == 1
                        && is_fixed_length_slice(&call.args[0]))
            }
            _ => false,
        }
    }

    /// `s.split(p).next()`, `.next_back()` or `.last()` (and `rsplit`): `split` yields at least
    /// one piece, even of an empty string. `split_whitespace` and `splitn(0, ..)` may yield
    /// none. Also the first `next()` of a local bound to such a split (see
    /// [`Scope::fresh_splits`]).
    fn is_first_split(&self, call: &syn::ExprMethodCall) -> bool {
        let end = matches!(
            call.method.to_string().as_str(),
            "next" | "next_back" | "last"
        );
        let fresh_local = matches!(peel(&call.receiver), syn::Expr::Path(path)
            if path.path.get_ident().is_some_and(|name| self.scope.is_fresh_split(&name.to_string())));
        end && call.args.is_empty() && (is_split(&call.receiver) || fresh_local)
    }

    /// `Response::builder().status(StatusCode::OK).header(CONTENT_TYPE, "text/html").body(b)`:
    /// the builder's `body` fails only if a part before it was invalid, and every part is
    /// fixed.
    fn is_fixed_http_message(&self, call: &syn::ExprMethodCall) -> bool {
        if call.method != "body" {
            return false;
        }
        let mut part = peel(&call.receiver);
        loop {
            match part {
                syn::Expr::MethodCall(step) => {
                    let checked = matches!(
                        step.method.to_string().as_str(),
                        "status" | "header" | "method" | "uri" | "version"
                    );
                    if checked && !step.args.iter().all(|arg| self.is_fixed_http_part(arg)) {
                        return false;
                    }
                    part = peel(&step.receiver);
                }
                root => return is_builder_call(root),
            }
        }
    }

    /// A status, header name or value, method or uri that cannot be invalid: a fixed value
    /// (`StatusCode::OK`, `header::CONTENT_TYPE`), `HeaderValue::from_static(..)`, or a part
    /// of an existing http message (`res.status()`, `parts.uri.clone()`, `code.as_u16()`).
    fn is_fixed_http_part(&self, expr: &syn::Expr) -> bool {
        match peel(expr) {
            syn::Expr::Call(call)
                if matches!(peel(&call.func), syn::Expr::Path(path)
                if path.path.segments.last().is_some_and(|last| last.ident == "from_static")) =>
            {
                true
            }
            other => self.is_http_part(other) || self.is_fixed(other),
        }
    }

    /// `tokio::task::spawn_blocking(..).await` or `tokio::spawn(..).await`: the `JoinHandle`'s
    /// error only says that the task panicked (or was cancelled), not that input was bad.
    fn is_join_handle(&self, receiver: &syn::Expr) -> bool {
        let syn::Expr::Await(awaited) = receiver else {
            return false;
        };
        let syn::Expr::Call(call) = peel(&awaited.base) else {
            return false;
        };
        let syn::Expr::Path(func) = peel(&call.func) else {
            return false;
        };
        let path = self.file.resolve(&func.path);
        let spawns = matches!(
            path.last().map(String::as_str),
            Some("spawn" | "spawn_blocking" | "spawn_local")
        );
        let runtime = matches!(
            path.first().map(String::as_str),
            Some("tokio" | "actix_rt" | "actix_web")
        );
        spawns && runtime
    }
}

/// What a `let` binds that infallible calls depend on: `let arg2 = Argon2::default();`
/// (fixed), `let now = SystemTime::now();` (clock), `let text = serde_json::to_string(&v)?;`
/// (JSON text), `let salt = SaltString::generate(&mut OsRng);` (fresh) — immutable bindings
/// only —, and, whatever the mutability, buffers (`let mut buf = Vec::new();`) and values whose
/// declared type holds an unserialisable map.
pub fn local_value(local: &syn::Local, inputs: &Inputs<'_>) -> Option<(String, LocalValue)> {
    let (pat, ty) = match &local.pat {
        syn::Pat::Type(typed) => (&*typed.pat, Some(&*typed.ty)),
        other => (other, None),
    };
    let syn::Pat::Ident(ident) = pat else {
        return None;
    };
    if ident.by_ref.is_some() || ident.subpat.is_some() {
        return None;
    }
    let name = ident.ident.to_string();
    if let Some(value) = ty.and_then(|ty| typed_value(ty, inputs.file)) {
        return Some((name, value));
    }
    let init = local.init.as_ref()?;
    if init.diverge.is_some() {
        return None;
    }
    let expr = &*init.expr;
    if let syn::Expr::Struct(literal) = peel(expr) {
        if last_ident(&literal.path)
            .is_some_and(|ty| inputs.file.types.is_unserializable(&ty.to_string()))
        {
            return Some((name, LocalValue::Unserializable));
        }
    }
    let buffer = buffer_constructor(peel(expr), inputs.values());
    if ident.mutability.is_some() {
        return buffer.then_some((name, LocalValue::Buffer));
    }
    let value = if inputs.is_serializer_call(unwrapped_value(expr)) {
        LocalValue::JsonText
    } else if inputs.is_clock(expr) {
        LocalValue::Clock
    } else if inputs.is_fresh(expr) {
        LocalValue::Fresh
    } else if inputs.is_fixed(expr) {
        LocalValue::Fixed
    } else if is_composing_macro(peel(expr)) {
        LocalValue::Composed
    } else if buffer {
        LocalValue::Buffer
    } else {
        return None;
    };
    Some((name, value))
}

/// What a declared type says: a buffer type (`String`, `&mut Vec<u8>`), or a type holding an
/// unserialisable map (`HashMap<(u32, u32), Stats>`, a struct of the file holding one).
pub fn typed_value(ty: &syn::Type, file: &FileModel<'_>) -> Option<LocalValue> {
    let values = &models().infallible.values;
    if file.types.holds_unserializable_map(ty) {
        return Some(LocalValue::Unserializable);
    }
    let last = crate::semantic::syntax::type_last_ident(ty)?.to_string();
    values.buffers.contains(&last).then_some(LocalValue::Buffer)
}

/// `Vec::new()`, `String::with_capacity(n)`, `BytesMut::new().writer()`, `vec![]`,
/// `format!(..)`, `x.to_string()`, `x.to_owned()`: an in-memory buffer made here. (What
/// `to_owned` makes is a buffer when it is written to: only `String` and `Vec<u8>` of the
/// owned types implement `fmt::Write` or `io::Write`.)
fn buffer_constructor(expr: &syn::Expr, values: &ValueModels) -> bool {
    match expr {
        syn::Expr::Macro(mac) => matches!(macro_name(&mac.mac).as_str(), "vec" | "format"),
        syn::Expr::MethodCall(call)
            if call.args.is_empty()
                && matches!(call.method.to_string().as_str(), "to_owned" | "to_string") =>
        {
            true
        }
        _ => match peel(chain_root(expr)) {
            syn::Expr::Call(root) => matches!(peel(&root.func), syn::Expr::Path(func)
                if func.path.segments.len() >= 2
                    && values.buffers.contains(&func.path.segments[func.path.segments.len() - 2].ident.to_string())),
            _ => false,
        },
    }
}

/// `format!(..)`, `json!(..)`: a macro that composes a value (`[input-conversions]`).
fn is_composing_macro(expr: &syn::Expr) -> bool {
    matches!(expr, syn::Expr::Macro(mac)
        if models().input_conversions.composing_macros.contains(&macro_name(&mac.mac)))
}

/// The value under `?`, `.unwrap()`, `.expect(..)` and the views that keep it (`.as_str()`,
/// `.get()` of a `RawValue`, `&`): what a re-parse reads.
fn unwrapped_value(expr: &syn::Expr) -> &syn::Expr {
    let mut expr = peel(expr);
    while let syn::Expr::MethodCall(call) = expr {
        let keeps = matches!(
            call.method.to_string().as_str(),
            "unwrap" | "expect" | "as_str" | "as_bytes" | "get" | "clone"
        );
        if !keeps || call.args.len() > usize::from(call.method == "expect") {
            break;
        }
        expr = peel(&call.receiver);
    }
    expr
}

/// `s.split(p)` / `s.rsplit(p)`: yields at least one piece.
fn is_split(expr: &syn::Expr) -> bool {
    matches!(peel(expr), syn::Expr::MethodCall(split)
        if (split.method == "split" || split.method == "rsplit") && split.args.len() == 1)
}

/// `req.match_info().get("id")` / `.query("id")`: a route segment looked up by a fixed name.
/// The route is not checked; a handler registered on a route without that segment fails on
/// every request, which is a wiring mistake rather than bad input.
fn is_route_segment_by_name(call: &syn::ExprMethodCall) -> bool {
    matches!(call.method.to_string().as_str(), "get" | "query")
        && call.args.len() == 1
        && is_constant(&call.args[0])
        && matches!(peel(&call.receiver), syn::Expr::MethodCall(info) if info.method == "match_info")
}

/// `child.stdin.take()`: present whenever the command was spawned with that stream piped.
fn is_child_stdio(call: &syn::ExprMethodCall) -> bool {
    call.method == "take"
        && matches!(peel(&call.receiver), syn::Expr::Field(field)
            if matches!(&field.member, syn::Member::Named(name) if name == "stdin" || name == "stdout" || name == "stderr"))
}

/// `tokio::task::Builder::new().name(..).spawn(..)`, `thread::Builder::new().spawn(..)`: fails
/// only when the runtime is shutting down or the system is out of threads.
fn is_builder_spawn(call: &syn::ExprMethodCall) -> bool {
    call.method.to_string().starts_with("spawn")
        && matches!(chain_root(&call.receiver), syn::Expr::Call(root)
            if matches!(peel(&root.func), syn::Expr::Path(path) if path.path.segments.len() >= 2
                && path.path.segments[path.path.segments.len() - 2].ident == "Builder"))
}

/// `&bytes[..32]`, `b[0..16]`: a slice of a fixed length (the indexing itself panics if the
/// data is shorter; that is another finding's business).
fn is_fixed_length_slice(expr: &syn::Expr) -> bool {
    matches!(peel(expr), syn::Expr::Index(index) if matches!(peel(&index.index), syn::Expr::Range(range)
        if range.end.as_deref().is_some_and(is_constant) && range.start.as_deref().is_none_or(is_constant)))
}

/// For `let [mut] parts = s.split(p);` at `stmts[at]`: the later statement that first uses
/// `parts`, when it uses it once and not inside a closure or loop — so that its
/// `parts.next()` is the split's first piece, which always exists.
pub fn split_first_use(stmts: &[syn::Stmt], at: usize) -> Option<(usize, String)> {
    let syn::Stmt::Local(local) = &stmts[at] else {
        return None;
    };
    let syn::Pat::Ident(ident) = &local.pat else {
        return None;
    };
    let init = local.init.as_ref()?;
    if init.diverge.is_some() || !is_split(&init.expr) {
        return None;
    }
    let name = ident.ident.to_string();
    let (offset, first) = stmts[at + 1..].iter().enumerate().find(|(_, stmt)| {
        crate::semantic::syntax::token_stream_mentions(
            quote::ToTokens::to_token_stream(*stmt),
            &name,
        )
    })?;
    let mut uses = Uses {
        name: &name,
        straight: 0,
        repeated: 0,
        depth: 0,
    };
    syn::visit::Visit::visit_stmt(&mut uses, first);
    let tokens = count_mentions(quote::ToTokens::to_token_stream(first), &name);
    (uses.straight == 1 && uses.repeated == 0 && tokens == 1).then(|| (at + 1 + offset, name))
}

/// Counts the uses of a local in straight-line code and in closures and loops.
struct Uses<'n> {
    name: &'n str,
    straight: usize,
    repeated: usize,
    depth: usize,
}

impl<'ast> syn::visit::Visit<'ast> for Uses<'_> {
    fn visit_expr(&mut self, expr: &'ast syn::Expr) {
        let repeats = matches!(
            expr,
            syn::Expr::Closure(_)
                | syn::Expr::ForLoop(_)
                | syn::Expr::While(_)
                | syn::Expr::Loop(_)
                | syn::Expr::Async(_)
        );
        if let syn::Expr::Path(path) = expr {
            if path.path.is_ident(self.name) {
                if self.depth == 0 {
                    self.straight += 1;
                } else {
                    self.repeated += 1;
                }
            }
        }
        self.depth += usize::from(repeats);
        syn::visit::visit_expr(self, expr);
        self.depth -= usize::from(repeats);
    }
}

/// How many times the identifier `name` occurs in a token stream (macro bodies included).
fn count_mentions(tokens: proc_macro2::TokenStream, name: &str) -> usize {
    tokens
        .into_iter()
        .map(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => usize::from(ident == name),
            proc_macro2::TokenTree::Group(group) => count_mentions(group.stream(), name),
            _ => 0,
        })
        .sum()
}
