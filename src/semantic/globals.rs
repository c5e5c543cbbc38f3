//! Statics that hold global mutable state: `static mut`, a lock or cell around data, a
//! database handle (`[global-state]` of `rules/models/architecture.toml`), declared as `static`
//! items or in the bodies of declaring macros (`lazy_static!`).

use syn::parse::ParseStream;

use crate::semantic::models::models;
use crate::semantic::models::performance::any_matches;
use crate::semantic::syntax::{last_ident, type_arguments, type_path};
use crate::semantic::Imports;

/// A static as declared: by a `static` item or inside a declaring macro.
pub struct DeclaredStatic {
    pub attrs: Vec<syn::Attribute>,
    pub name: syn::Ident,
    pub mutable: bool,
    pub ty: syn::Type,
}

impl DeclaredStatic {
    pub fn of_item(item: &syn::ItemStatic) -> DeclaredStatic {
        DeclaredStatic {
            attrs: item.attrs.clone(),
            name: item.ident.clone(),
            mutable: matches!(item.mutability, syn::StaticMutability::Mut(_)),
            ty: (*item.ty).clone(),
        }
    }
}

/// What makes a static global mutable state.
#[derive(Debug, PartialEq, Eq)]
pub enum GlobalState {
    /// `static mut`.
    MutableStatic,
    /// A lock or cell around data (`Mutex<HashMap<..>>`), by the type's name.
    Interior(String),
    /// A database pool or connection, by the type's name.
    Handle(String),
}

/// The statics a declaring macro's invocation (`lazy_static!`) declares (none for other
/// macros, or a body that does not parse).
pub fn statics_of_macro(mac: &syn::Macro) -> Vec<DeclaredStatic> {
    let name = crate::semantic::syntax::macro_name(mac);
    let declaring = &models().architecture.global_state.static_macros;
    if !declaring.contains(&name) {
        return Vec::new();
    }
    mac.parse_body_with(parse_statics).unwrap_or_default()
}

/// `#[attr] pub static ref NAME: Type = init;`, repeated (`ref` as lazy_static writes it).
fn parse_statics(input: ParseStream<'_>) -> syn::Result<Vec<DeclaredStatic>> {
    let mut statics = Vec::new();
    while !input.is_empty() {
        let attrs = input.call(syn::Attribute::parse_outer)?;
        input.parse::<syn::Visibility>()?;
        input.parse::<syn::Token![static]>()?;
        let mutable = input.parse::<Option<syn::Token![mut]>>()?.is_some();
        input.parse::<Option<syn::Token![ref]>>()?;
        let name: syn::Ident = input.parse()?;
        input.parse::<syn::Token![:]>()?;
        let ty: syn::Type = input.parse()?;
        input.parse::<syn::Token![=]>()?;
        // The initialiser: everything up to the `;` that ends the declaration.
        while !input.is_empty() && !input.peek(syn::Token![;]) {
            input.parse::<proc_macro2::TokenTree>()?;
        }
        input.parse::<Option<syn::Token![;]>>()?;
        statics.push(DeclaredStatic {
            attrs,
            name,
            mutable,
            ty,
        });
    }
    Ok(statics)
}

/// Whether (and why) a static of this type is global mutable state.
pub fn global_state(imports: &Imports, declared: &DeclaredStatic) -> Option<GlobalState> {
    if declared.mutable {
        return Some(GlobalState::MutableStatic);
    }
    let model = &models().architecture.global_state;
    let mut ty = &declared.ty;
    loop {
        let path = type_path(ty)?;
        let name = last_ident(path)?.to_string();
        if model.wrappers.contains(&name) {
            ty = type_arguments(ty).into_iter().next()?;
            continue;
        }
        if model.mutable.contains(&name) {
            let guards_data = type_arguments(ty).first().is_none_or(
                |inner| !matches!(inner, syn::Type::Tuple(unit) if unit.elems.is_empty()),
            );
            return guards_data.then_some(GlobalState::Interior(name));
        }
        return any_matches(&model.handles, &imports.resolve(path))
            .then_some(GlobalState::Handle(name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_of(declaration: &str) -> Option<GlobalState> {
        let item: syn::ItemStatic = syn::parse_str(declaration).expect("a static");
        let imports = Imports::default();
        global_state(&imports, &DeclaredStatic::of_item(&item))
    }

    #[test]
    fn locks_cells_handles_and_static_mut_are_state() {
        assert_eq!(
            state_of("static mut COUNT: u32 = 0;"),
            Some(GlobalState::MutableStatic)
        );
        assert_eq!(
            state_of("static USERS: LazyLock<Mutex<HashMap<u32, String>>> = LazyLock::new(Default::default);"),
            Some(GlobalState::Interior("Mutex".into()))
        );
        assert_eq!(
            state_of("static POOL: OnceLock<sqlx::PgPool> = OnceLock::new();"),
            Some(GlobalState::Handle("PgPool".into()))
        );
        assert_eq!(
            state_of("static CONFIG: once_cell::sync::Lazy<Arc<RwLock<Config>>> = Lazy::new(Default::default);"),
            Some(GlobalState::Interior("RwLock".into()))
        );
    }

    #[test]
    fn atomics_config_and_plain_locks_are_not() {
        assert_eq!(
            state_of("static HITS: AtomicU64 = AtomicU64::new(0);"),
            None
        );
        assert_eq!(
            state_of("static CONFIG: LazyLock<Config> = LazyLock::new(Config::load);"),
            None
        );
        assert_eq!(
            state_of("static ENV_LOCK: Mutex<()> = Mutex::new(());"),
            None
        );
        assert_eq!(state_of("static NAME: &str = \"svc\";"), None);
    }

    #[test]
    fn declaring_macros_are_read() {
        let mac: syn::Macro = syn::parse_str(
            "lazy_static! { #[doc = \"x\"] pub static ref CACHE: Mutex<Vec<u8>> = Mutex::new(vec![]); static ref N: u32 = 1; }",
        )
        .unwrap();
        let declared = statics_of_macro(&mac);
        assert_eq!(declared.len(), 2);
        assert_eq!(declared[0].name, "CACHE");
        let mac: syn::Macro = syn::parse_str(
            "thread_local! { static SEEN: RefCell<HashSet<u64>> = RefCell::new(HashSet::new()) }",
        )
        .unwrap();
        assert!(
            statics_of_macro(&mac).is_empty(),
            "thread_local! is not modelled"
        );
    }
}
