//! backlint-allow-file(print-in-server): the startup banner is meant for the operator's terminal, before logging is shipped anywhere
//!
//! Startup banner.

use crate::config::Config;

pub fn print_banner(config: &Config) {
    println!("==============================================");
    println!(" orders-service {}", env!("CARGO_PKG_VERSION"));
    println!(" listening on  {}", config.listen_addr);
    println!(" public url    {}", config.public_base_url);
    println!("==============================================");
}
