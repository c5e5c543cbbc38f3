//! links: the HTTP service, plus the operator's subcommands (`links hash-token`,
//! `links prune --days 30`) in the same binary.

mod canonical;
mod handlers;
mod hits;
mod jobs;
mod prune;
mod settings;
mod stats;
mod telemetry;

use std::io::IsTerminal;

use clap::{Parser, Subcommand};

use crate::settings::SETTINGS;

#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Print nothing but errors.
    #[arg(long)]
    quiet: bool,
    /// Signs the admin's session cookie.
    #[arg(long, env = "LINKS_SESSION_KEY", default_value = "links-session-dev-key")] // expect: fallback-secret
    session_key: String,
    /// Where the service listens.
    #[arg(long, env = "LINKS_LISTEN", default_value = "127.0.0.1:8080")]
    listen: String,
}

#[derive(Subcommand)]
enum Command {
    /// Print a new admin token for the config file, then exit.
    HashToken,
    /// Delete links nobody followed for this many days, then exit.
    Prune {
        #[arg(long, default_value_t = 90)]
        days: u32,
    },
    /// Print the settings in effect, then exit.
    ShowSettings,
}

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    if let Some(Command::ShowSettings) = cli.command {
        println!("listening on {}, json logs: {}", SETTINGS.listen, SETTINGS.log_json);
        return;
    }
    match dotenvy::dotenv() {
        Ok(path) => eprintln!("read {}", path.display()),
        Err(e) if e.not_found() => eprintln!("no .env file, using the environment"),
        Err(e) => eprintln!("cannot read .env: {e}"),
    }
    let _guard = telemetry::init_tracing();
    let pool = sqlx::PgPool::connect(&SETTINGS.database_url).await.expect("cannot reach the database");
    match cli.command {
        Some(Command::HashToken) => println!("ADMIN_TOKEN={}", settings::new_token()),
        Some(Command::Prune { days }) => prune::run(&pool, days).await,
        _ => {
            println!("links {} starting", env!("CARGO_PKG_VERSION")); // expect: print-in-server
            serve(pool, cli.quiet).await;
        }
    }
}

async fn serve(pool: sqlx::PgPool, quiet: bool) {
    let listener = tokio::net::TcpListener::bind(&SETTINGS.listen).await.expect("cannot bind");
    if !quiet {
        println!("serving on http://{}", SETTINGS.listen); // expect: print-in-server
    }
    if std::io::stdout().is_terminal() {
        println!("press CTRL-C to stop");
    }
    prune::report_stats(&pool).await;
    let counters = stats::connect().await.expect("cannot reach redis");
    let app = handlers::router(pool).merge(stats::router(counters));
    axum::serve(listener, app).await.expect("server error"); // expect: missing-graceful-shutdown
}
