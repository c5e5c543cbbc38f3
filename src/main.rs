//! The `backlint` binary: arguments → lint run → exit code. Everything lives in
//! [`backlint::cli`], which also installs the one-line panic hook.

use std::process::ExitCode;

fn main() -> ExitCode {
    backlint::cli::main(std::env::args_os())
}
