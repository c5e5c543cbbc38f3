//! The crate pass's half of `print-in-server`: which printed output is a command-line
//! program's or the logger's own rather than the server's.
//!
//! - The *serving* functions start the server, directly (`axum::serve(..)`) or through crate
//!   functions (`main` → `run` → `serve`).
//! - A branch of command-line dispatch is a *subcommand* when it does not reach a serving
//!   function and either leaves the program (`return`, `exit(0)`) or has a sibling that does
//!   reach one (`None => run(cfg).await`), or when it is nested in a subcommand.
//! - *Console-only* functions are called only from console code (`src/bin`, `cli` modules,
//!   logger implementations), from subcommands, or from other console-only functions.
//! - The logger's *setup* is a function that builds a logger (returns `tracing::Dispatch`) or
//!   installs one, and that neither is `main` nor serves; what it prints before the install
//!   has no logger to go to, nor has the initialiser of a static it reads before then (the
//!   settings that decide the log filter), nor has a report on loading a `.env` file printed
//!   before its function installs the logger or calls the logger's setup.

use std::collections::{HashMap, HashSet};

use super::{CrateIndex, FnRef};
use crate::semantic::facts::{FnFact, PrintSite};

/// What the crate pass knows about output, computed once per crate on first use.
#[derive(Debug, Default)]
pub(super) struct ConsoleFacts {
    /// Per file, whether each command-line branch is a subcommand.
    subcommands: Vec<Vec<bool>>,
    console_only: HashSet<FnRef>,
    logger_setup: HashSet<FnRef>,
    /// Statics read by the logger's setup before it is installed (canonical paths).
    logger_statics: HashSet<String>,
}

impl CrateIndex<'_> {
    /// Whether a print is command-line or logger output (see the module documentation).
    pub(super) fn is_console_output(&self, file: usize, site: &PrintSite) -> bool {
        let facts = self.console.get_or_init(|| self.console_facts());
        if site
            .static_item
            .as_ref()
            .is_some_and(|item| facts.logger_statics.contains(item))
        {
            return true;
        }
        if site
            .branch
            .is_some_and(|branch| facts.subcommands[file][branch])
        {
            return true;
        }
        let Some(function) = site.function else {
            return false;
        };
        let at = (file, function);
        let fact = self.function(at);
        let before_install = fact
            .output
            .logger_install
            .is_some_and(|(_, end)| site.offset < end);
        // `dotenv()` reported on, then `telemetry::init()` called.
        let before_setup_call = || {
            fact.output.path_calls.iter().any(|(call, called_at)| {
                *called_at > site.offset
                    && self
                        .resolve(call)
                        .iter()
                        .any(|callee| facts.logger_setup.contains(callee))
            })
        };
        fact.is_console
            || facts.console_only.contains(&at)
            || (facts.logger_setup.contains(&at) && (fact.output.returns_logger || before_install))
            || (site.reports_env_file && (before_install || before_setup_call()))
    }

    fn function(&self, (file, function): FnRef) -> &FnFact {
        &self.files[file].functions[function]
    }

    fn console_facts(&self) -> ConsoleFacts {
        let graph = CallGraph::of(self);
        let serving = graph.reaching(self.functions_where(|f| f.output.starts_server));
        let subcommands = self.subcommand_branches(&serving);
        let console_only = self.console_only_functions(&graph, &subcommands);
        let logger_setup: HashSet<FnRef> = self
            .functions_where(|f| {
                !f.output.is_main && (f.output.returns_logger || f.output.logger_install.is_some())
            })
            .into_iter()
            .filter(|at| !serving.contains(at))
            .collect();
        let logger_statics = self.logger_statics(&logger_setup);
        ConsoleFacts {
            subcommands,
            console_only,
            logger_setup,
            logger_statics,
        }
    }

    /// For each file, which command-line branches are subcommands. Branches are numbered in
    /// the order they are met, so a parent comes before the branches nested in it.
    fn subcommand_branches(&self, serving: &HashSet<FnRef>) -> Vec<Vec<bool>> {
        self.files
            .iter()
            .map(|facts| {
                let branches = &facts.branches;
                // A branch reaches the server through its own calls or a nested branch's.
                let mut reaches: Vec<bool> = branches
                    .iter()
                    .map(|branch| {
                        branch.starts_server
                            || branch
                                .calls
                                .iter()
                                .any(|call| self.resolve(call).iter().any(|f| serving.contains(f)))
                    })
                    .collect();
                for (id, branch) in branches.iter().enumerate().rev() {
                    if let (true, Some(parent)) = (reaches[id], branch.parent) {
                        reaches[parent] = true;
                    }
                }
                let mut subcommand = vec![false; branches.len()];
                for (id, branch) in branches.iter().enumerate() {
                    let inherited = branch.parent.is_some_and(|parent| subcommand[parent]);
                    let instead_of_serving =
                        branch.exits || branch.siblings.iter().any(|&other| reaches[other]);
                    subcommand[id] = inherited || (!reaches[id] && instead_of_serving);
                }
                subcommand
            })
            .collect()
    }

    /// The functions whose callers are all console code, subcommands or themselves such
    /// functions (`display_version()` called only from `src/bin/server.rs`, `prune(..)` called
    /// only from the `prune` subcommand, a stats helper only a tracing `Layer` calls). Only
    /// functions console code reaches are candidates; handlers, functions on the request path
    /// and what leads to registering routes never are.
    fn console_only_functions(
        &self,
        graph: &CallGraph,
        subcommands: &[Vec<bool>],
    ) -> HashSet<FnRef> {
        let is_console = |at: FnRef| self.function(at).is_console;
        // Calls made in subcommands, per (caller, callee): an edge is console code when every
        // call along it is in one.
        let mut in_subcommands: HashMap<(FnRef, FnRef), usize> = HashMap::new();
        let mut reached: Vec<FnRef> = self
            .functions_where(|function| function.is_console)
            .into_iter()
            .flat_map(|console| graph.callees.get(&console).into_iter().flatten().copied())
            .collect();
        for (file, facts) in self.files.iter().enumerate() {
            for (id, branch) in facts.branches.iter().enumerate() {
                if !subcommands[file][id] {
                    continue;
                }
                let caller = (file, branch.function);
                for call in &branch.calls {
                    for target in self.resolve(call) {
                        *in_subcommands.entry((caller, target)).or_default() += 1;
                        reached.push(target);
                    }
                }
            }
        }
        let console_edge = |caller: FnRef, callee: FnRef| {
            in_subcommands.get(&(caller, callee)).copied().unwrap_or(0)
                == graph.edge_count(caller, callee)
        };
        // What leads to building the server is its startup, even when a command-line module
        // calls it (`cli::run()` → `serve()` → `routes()`): its banner is server output.
        let startup = graph.reaching(self.functions_where(|function| function.registers_routes));
        // Only what console code reaches: a recursive helper nothing else calls is not its.
        let reached = graph.reached_from(reached);
        // The greatest set closed under "every caller is console code or in the set": start
        // from every reached function that serves no request and drop those with another
        // caller until none is left to drop. Calls resolved by name can form cycles
        // (`self.stats.end_poll()` inside another `end_poll`); a cycle only console code
        // enters stays in the set.
        let mut console_only: HashSet<FnRef> = reached
            .into_iter()
            .filter(|&at| {
                graph.callers.contains_key(&at)
                    && self.function(at).handler.is_none()
                    && !self.on_request_path[at.0][at.1]
                    && !startup.contains(&at)
            })
            .collect();
        loop {
            let reached_elsewhere: Vec<FnRef> = console_only
                .iter()
                .copied()
                .filter(|&callee| {
                    graph.callers[&callee].iter().any(|&caller| {
                        !is_console(caller)
                            && !console_only.contains(&caller)
                            && !console_edge(caller, callee)
                    })
                })
                .collect();
            if reached_elsewhere.is_empty() {
                return console_only;
            }
            for callee in reached_elsewhere {
                console_only.remove(&callee);
            }
        }
    }

    /// The statics the logger's setup reads before the logger is installed: in a setup
    /// function before its install (or anywhere in one that returns the logger), and in any
    /// function inside the statement that installs it (`if SETTINGS.json { ..json().init() }`).
    fn logger_statics(&self, logger_setup: &HashSet<FnRef>) -> HashSet<String> {
        let mut statics = HashSet::new();
        for at in self.functions_where(|f| !f.output.static_reads.is_empty()) {
            let output = &self.function(at).output;
            let setup = logger_setup.contains(&at);
            for (item, offset) in &output.static_reads {
                let read_for_logger = match output.logger_install {
                    Some((start, end)) => *offset < end && (setup || *offset >= start),
                    None => setup && output.returns_logger,
                };
                if read_for_logger {
                    statics.insert(item.clone());
                }
            }
        }
        statics
    }
}

/// The crate's resolved call graph, both ways, with one entry per call (so a caller appears
/// as often as it calls).
struct CallGraph {
    callers: HashMap<FnRef, Vec<FnRef>>,
    callees: HashMap<FnRef, Vec<FnRef>>,
}

impl CallGraph {
    fn of(index: &CrateIndex<'_>) -> CallGraph {
        let mut graph = CallGraph {
            callers: HashMap::new(),
            callees: HashMap::new(),
        };
        for caller in index.functions_where(|_| true) {
            for call in &index.function(caller).calls {
                for target in index.resolve(call) {
                    graph.callers.entry(target).or_default().push(caller);
                    graph.callees.entry(caller).or_default().push(target);
                }
            }
        }
        graph
    }

    fn edge_count(&self, caller: FnRef, callee: FnRef) -> usize {
        self.callees.get(&caller).map_or(0, |targets| {
            targets.iter().filter(|&&t| t == callee).count()
        })
    }

    /// `targets` and every function that calls one of them, directly or not.
    fn reaching(&self, targets: Vec<FnRef>) -> HashSet<FnRef> {
        let mut found = HashSet::new();
        let mut queue = targets;
        while let Some(function) = queue.pop() {
            if found.insert(function) {
                queue.extend(self.callers.get(&function).into_iter().flatten().copied());
            }
        }
        found
    }

    /// `roots` and every function they call, directly or not.
    fn reached_from(&self, roots: Vec<FnRef>) -> HashSet<FnRef> {
        let mut found = HashSet::new();
        let mut queue = roots;
        while let Some(function) = queue.pop() {
            if found.insert(function) {
                queue.extend(self.callees.get(&function).into_iter().flatten().copied());
            }
        }
        found
    }
}
