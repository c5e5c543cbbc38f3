//! The logger: a JSON or human formatter, and the tracer provider behind it.

use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing_subscriber::EnvFilter;

use crate::settings::SETTINGS;

/// Flushes the traces when `main` returns.
pub struct TracingGuard(Option<SdkTracerProvider>);

impl Drop for TracingGuard {
    fn drop(&mut self) {
        if let Some(provider) = self.0.take() {
            if let Err(e) = provider.shutdown() {
                eprintln!("could not flush the traces: {e}");
            }
        }
    }
}

/// Installs the logger. Until it is installed there is nowhere else to report to.
pub fn init_tracing() -> TracingGuard {
    let filter = match EnvFilter::try_new(&SETTINGS.log_filter) {
        Ok(filter) => filter,
        Err(e) => {
            eprintln!("invalid log_filter ({e}), using info");
            EnvFilter::new("info")
        }
    };
    if SETTINGS.log_json {
        tracing_subscriber::fmt().with_env_filter(filter).json().init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    eprintln!("logging to stdout"); // expect: print-in-server
    TracingGuard(Some(SdkTracerProvider::builder().build()))
}
