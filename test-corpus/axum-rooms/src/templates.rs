//! Rendering with a handlebars context the handler builds.

use handlebars::RenderContext;

pub async fn card(ctx: RenderContext<'static, 'static>) -> String {
    let mut fresh = RenderContext::new(None);
    // A new context starts with one block.
    let _block = fresh.block_mut().expect("context created without block");
    let _first = RenderContext::new(None).block().expect("context created without block");
    // Someone else's context may have none left, but it is the server's own rendering state:
    // not reported.
    let mut given = ctx;
    let _theirs = given.block_mut().expect("context created without block");
    String::new()
}
