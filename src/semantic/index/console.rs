//! The crate pass's half of `print-in-server`: which printed output is a command-line
//! program's or the logger's own rather than the server's.
//!
//! - The *serving* functions start the server, directly (`axum::serve(..)`) or through crate
//!   functions (`main` → `run` → `serve`), also through the other crates of the workspace.
//! - A branch of command-line dispatch is a *subcommand* when it does not reach a serving
//!   function and either leaves the program (`return`, `exit(0)`) or has a sibling that does
//!   reach one (`None => run(cfg).await`), or when it is nested in a subcommand.
//! - *Console-only* functions are called only from console code (`src/bin`, `cli` modules,
//!   logger implementations), from subcommands, or from other console-only functions, in
//!   their crate or in the other crates of the workspace.
//! - The logger's *setup* is a function that builds a logger (returns `tracing::Dispatch`) or
//!   installs one, and that neither is `main` nor serves; what it prints before the install
//!   has no logger to go to, nor has the initialiser of a static it reads before then (the
//!   settings that decide the log filter), nor has a report on loading a `.env` file printed
//!   before its function installs the logger or calls the logger's setup.
//! - *Pre-logger* functions are what a `main` (or another free function that is neither a
//!   handler nor a test) calls, before its logger exists, for a value that flows into the
//!   logger's setup (`let config = Config::load(path)?` before `start(config)` installs it),
//!   and what only those call: the loading of what the logger is then set up with, which has
//!   no log to report to yet.
//!
//! Without [`CrateIndex::link_workspace`], a crate's console facts are computed from the
//! crate alone.

use std::collections::{HashMap, HashSet};

use super::{CrateIndex, FnRef};
use crate::semantic::facts::{CallRef, FlagRequirement, FnFact, LetFact, PathCall, PrintSite};

/// What the crate pass knows about output, computed once per crate.
#[derive(Debug, Default)]
pub(super) struct ConsoleFacts {
    /// Per file, whether each command-line branch is a subcommand.
    subcommands: Vec<Vec<bool>>,
    console_only: HashSet<FnRef>,
    logger_setup: HashSet<FnRef>,
    /// Statics read by the logger's setup before it is installed (canonical paths).
    logger_statics: HashSet<String>,
    pre_logger: HashSet<FnRef>,
    /// Calls into other crates that reach the logger's setup or install it.
    logger_calls: HashSet<String>,
    /// The crate's functions that other crates call, or that the initialiser of a static the
    /// logger's setup does not read calls: callers `reached_only_from_console`
    /// cannot weigh.
    unseen_callers: HashSet<FnRef>,
}

/// What the other crates of the workspace tell a crate about its calls and callers.
#[derive(Debug, Default)]
struct Externals {
    /// Calls into other crates (paths as this crate writes them) that reach a server start.
    serving_calls: HashSet<String>,
    /// Calls into other crates that set the logger up or install it.
    logger_calls: HashSet<String>,
    /// The crate's functions that other crates call: per call, whether it is console code.
    callers: HashMap<FnRef, Vec<bool>>,
    /// The crate's functions another crate's `main` calls for their value before its logger
    /// exists.
    pre_logger: HashSet<FnRef>,
}

impl CrateIndex<'_> {
    /// Whether a print is command-line or logger output (see the module documentation).
    pub(super) fn is_console_output(&self, file: usize, site: &PrintSite) -> bool {
        let facts = self
            .console
            .get_or_init(|| self.console_facts(&Externals::default()));
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
            fact.output.path_calls.iter().any(|path_call| {
                path_call.span.0 > site.offset && self.sets_logger_up(&path_call.call, facts)
            })
        };
        fact.is_console
            || facts.console_only.contains(&at)
            || facts.pre_logger.contains(&at)
            || (facts.logger_setup.contains(&at) && (fact.output.returns_logger || before_install))
            || (site.reports_env_file && (before_install || before_setup_call()))
            || self.reached_only_from_console(at, site, facts)
    }

    /// Whether the print runs only for calls from console or pre-logger code: every call of
    /// its function from elsewhere passes a `bool` literal that an early exit before the print
    /// turns away (`validate(&cfg, true)` from the admin endpoint, where `if on_update {
    /// err!(..) }` comes first; `validate(&cfg, false)` from the configuration's loading).
    fn reached_only_from_console(&self, at: FnRef, site: &PrintSite, facts: &ConsoleFacts) -> bool {
        let diverges = |name: &str| {
            self.files
                .iter()
                .any(|file| file.diverging_macros.iter().any(|m| m == name))
        };
        let requires: Vec<&FlagRequirement> = site
            .requires
            .iter()
            .filter(|r| r.if_diverges.as_deref().is_none_or(diverges))
            .collect();
        if requires.is_empty() || facts.unseen_callers.contains(&at) {
            return false;
        }
        let turned_away = |flags: &[(u16, bool)]| {
            flags.iter().any(|&(index, value)| {
                requires
                    .iter()
                    .any(|r| r.param == index && r.value != value)
            })
        };
        let mut calls = 0;
        for caller in self.functions_where(|f| !f.is_test) {
            let fact = self.function(caller);
            let calling = |call: &CallRef| self.resolve(call).contains(&at);
            let made = fact
                .calls
                .iter()
                .chain(&fact.once_calls)
                .filter(|call| calling(call))
                .count();
            if made == 0 {
                continue;
            }
            calls += made;
            let console = fact.is_console
                || facts.console_only.contains(&caller)
                || facts.pre_logger.contains(&caller);
            let away = fact
                .flag_calls
                .iter()
                .filter(|call| calling(&call.callee) && turned_away(&call.flags))
                .count();
            if !console && away < made {
                return false;
            }
        }
        calls > 0
    }

    /// Links the console facts of a workspace's crates (each with its library name): servers
    /// started, subcommands and the logger's setup are followed across the crates' calls.
    pub fn link_workspace(crates: &[(&CrateIndex<'_>, Option<&str>)]) {
        let by_name: HashMap<&str, usize> = crates
            .iter()
            .enumerate()
            .filter_map(|(at, (_, name))| Some(((*name)?, at)))
            .collect();
        let graphs: Vec<CallGraph> = crates
            .iter()
            .map(|(index, _)| CallGraph::of(index))
            .collect();
        // Each crate's calls into the others, resolved once.
        let outgoing: Vec<HashMap<&str, Vec<(usize, FnRef)>>> = crates
            .iter()
            .enumerate()
            .map(|(at, (index, _))| index.external_calls(at, &by_name, crates))
            .collect();
        let targets = |at: usize, call: &CallRef| -> &[(usize, FnRef)] {
            match call {
                CallRef::Path(path) => outgoing[at].get(path.as_str()).map_or(&[], Vec::as_slice),
                _ => &[],
            }
        };
        let calls_where = |at: usize, wanted: &dyn Fn(usize, FnRef) -> bool| -> HashSet<String> {
            outgoing[at]
                .iter()
                .filter(|(_, found)| found.iter().any(|&(other, f)| wanted(other, f)))
                .map(|(path, _)| path.to_string())
                .collect()
        };
        // Serving, to a fixed point: a crate's function may serve through another crate's.
        let mut serving: Vec<HashSet<FnRef>> = crates
            .iter()
            .zip(&graphs)
            .map(|((index, _), graph)| index.serving(graph, &HashSet::new()))
            .collect();
        loop {
            let mut changed = false;
            for at in 0..crates.len() {
                let serving_calls = calls_where(at, &|other, f| serving[other].contains(&f));
                let now = crates[at].0.serving(&graphs[at], &serving_calls);
                changed |= now.len() != serving[at].len();
                serving[at] = now;
            }
            if !changed {
                break;
            }
        }
        let mut externals: Vec<Externals> = (0..crates.len())
            .map(|at| Externals {
                serving_calls: calls_where(at, &|other, f| serving[other].contains(&f)),
                logger_calls: calls_where(at, &|other, f| crates[other].0.installs_logger(f)),
                ..Externals::default()
            })
            .collect();
        // Who calls whom across crates, and from where.
        for (at, (index, _)) in crates.iter().enumerate() {
            let subcommands = index.subcommand_branches(&serving[at], &externals[at]);
            let in_subcommands = index.subcommand_calls(&subcommands, |call| targets(at, call));
            for caller in index.functions_where(|_| true) {
                let fact = index.function(caller);
                let mut total: HashMap<(usize, FnRef), usize> = HashMap::new();
                for call in fact.calls.iter().chain(&fact.once_calls) {
                    for &target in targets(at, call) {
                        *total.entry(target).or_default() += 1;
                    }
                }
                for ((other, callee), count) in total {
                    let console = fact.is_console
                        || in_subcommands.get(&(caller, (other, callee))) == Some(&count);
                    externals[other]
                        .callers
                        .entry(callee)
                        .or_default()
                        .extend(std::iter::repeat_n(console, count));
                }
            }
            let is_logger_call = |call: &CallRef| {
                index.installs_any(&index.resolve(call))
                    || externals[at].logger_calls.contains(path_of(call))
            };
            for path_call in index.pre_logger_calls(&is_logger_call) {
                for &(other, callee) in targets(at, &path_call.call) {
                    let chained = crates[other].0.chained(callee, &path_call.chain);
                    externals[other].pre_logger.extend(chained);
                }
            }
        }
        for ((index, _), externals) in crates.iter().zip(externals) {
            // Set once: a crate linked twice keeps its first facts.
            let _ = index.console.set(index.console_facts(&externals));
        }
    }

    fn function(&self, (file, function): FnRef) -> &FnFact {
        &self.files[file].functions[function]
    }

    fn console_facts(&self, externals: &Externals) -> ConsoleFacts {
        let graph = CallGraph::of(self);
        let serving = self.serving(&graph, &externals.serving_calls);
        let subcommands = self.subcommand_branches(&serving, externals);
        let console_only = self.console_only_functions(&graph, &subcommands, externals);
        let logger_setup: HashSet<FnRef> = self
            .functions_where(|f| {
                !f.output.is_main && (f.output.returns_logger || f.output.logger_install.is_some())
            })
            .into_iter()
            .filter(|at| !serving.contains(at))
            .collect();
        let logger_statics = self.logger_statics(&logger_setup);
        let is_logger_call = |call: &CallRef| {
            self.installs_any(&self.resolve(call)) || externals.logger_calls.contains(path_of(call))
        };
        let mut pre_logger = externals.pre_logger.clone();
        let mut unseen_callers: HashSet<FnRef> = externals.callers.keys().copied().collect();
        // What the initialiser of a static the logger's setup reads calls loads the settings
        // the logger is set up with (`static CONFIG = LazyLock::new(|| Config::load())`).
        for (item, call) in self.files.iter().flat_map(|facts| &facts.static_calls) {
            if logger_statics.contains(item) {
                pre_logger.extend(self.resolve(call));
            } else {
                unseen_callers.extend(self.resolve(call));
            }
        }
        for path_call in self.pre_logger_calls(&is_logger_call) {
            for callee in self.resolve(&path_call.call) {
                pre_logger.extend(self.chained(callee, &path_call.chain));
            }
        }
        self.extend_to_sole_callees(&mut pre_logger, &graph, &unseen_callers);
        ConsoleFacts {
            subcommands,
            console_only,
            logger_setup,
            logger_statics,
            pre_logger,
            logger_calls: externals.logger_calls.clone(),
            unseen_callers,
        }
    }

    /// Adds to `loading` the crate functions that only `loading` functions (and tests) call,
    /// to a fixed point: what the configuration's loading alone calls loads it too
    /// (`configuration::init` → `check_for_unexpected_env_variables`). A function with a caller
    /// in another crate or a static's initialiser (`unseen`), a handler, or one on the
    /// request path is not added.
    fn extend_to_sole_callees(
        &self,
        loading: &mut HashSet<FnRef>,
        graph: &CallGraph,
        unseen: &HashSet<FnRef>,
    ) {
        loop {
            let more: Vec<FnRef> = loading
                .iter()
                .flat_map(|caller| graph.callees.get(caller).into_iter().flatten().copied())
                .filter(|callee| !loading.contains(callee) && !unseen.contains(callee))
                .filter(|&callee| {
                    let fact = self.function(callee);
                    fact.handler.is_none()
                        && !self.on_request_path[callee.0][callee.1]
                        && graph
                            .callers
                            .get(&callee)
                            .into_iter()
                            .flatten()
                            .all(|caller| {
                                loading.contains(caller) || self.function(*caller).is_test
                            })
                })
                .collect();
            if more.is_empty() {
                return;
            }
            loading.extend(more);
        }
    }

    /// Whether a call reaches the logger's setup: a function of the crate that is one, or a
    /// call into another crate that installs a logger.
    fn sets_logger_up(&self, call: &CallRef, facts: &ConsoleFacts) -> bool {
        self.resolve(call)
            .iter()
            .any(|callee| facts.logger_setup.contains(callee))
            || facts.logger_calls.contains(path_of(call))
    }

    /// Whether a function installs a logger or builds one.
    fn installs_logger(&self, at: FnRef) -> bool {
        let output = &self.function(at).output;
        output.logger_install.is_some() || output.returns_logger
    }

    fn installs_any(&self, functions: &[FnRef]) -> bool {
        functions.iter().any(|&f| self.installs_logger(f))
    }

    /// The calls a startup function of the crate (a `main`, or a free function that is neither
    /// a handler nor a test) makes, before its logger exists, for a value its setup is given:
    /// the first install in it, or the first call of a function that installs one
    /// (`is_logger_call`), takes names (`start(opt, config)`); the `let`s that bind them are
    /// followed back to what they are computed from, and the calls in those `let`s (and in the
    /// setup call's arguments) load what the logger needs. A function that never sets a logger
    /// up has no "before".
    fn pre_logger_calls<'c>(
        &'c self,
        is_logger_call: &dyn Fn(&CallRef) -> bool,
    ) -> Vec<&'c PathCall> {
        let mut calls = Vec::new();
        for main in self.functions_where(FnFact::is_startup_candidate) {
            let output = &self.function(main).output;
            let setup_call = output
                .path_calls
                .iter()
                .filter(|path_call| is_logger_call(&path_call.call))
                .min_by_key(|path_call| path_call.span.0);
            let installed = output.logger_install.map(|(start, _)| start);
            // The logger comes to exist at `at`, set up from `inputs`.
            let (at, mut inputs, within) = match (setup_call, installed) {
                (Some(call), Some(start)) if start < call.span.0 => {
                    (start, output.logger_install_mentions.clone(), None)
                }
                (Some(call), _) => (call.span.0, call.mentions.clone(), Some(call.span)),
                (None, Some(start)) => (start, output.logger_install_mentions.clone(), None),
                (None, None) => continue,
            };
            let before: Vec<&LetFact> = output.lets.iter().filter(|l| l.span.1 <= at).collect();
            let mut feeding: Vec<&LetFact> = Vec::new();
            loop {
                let more: Vec<&LetFact> = before
                    .iter()
                    .copied()
                    .filter(|l| !feeding.iter().any(|f| std::ptr::eq(*f, *l)))
                    .filter(|l| l.names.iter().any(|name| inputs.contains(name)))
                    .collect();
                if more.is_empty() {
                    break;
                }
                for fact in more {
                    inputs.extend(fact.mentions.iter().cloned());
                    feeding.push(fact);
                }
            }
            let inside = |(start, end): (usize, usize), span: (usize, usize)| {
                start <= span.0 && span.1 <= end
            };
            calls.extend(output.path_calls.iter().filter(|path_call| {
                feeding.iter().any(|l| inside(l.span, path_call.span))
                    || within.is_some_and(|w| w != path_call.span && inside(w, path_call.span))
            }));
        }
        calls
    }

    /// `first` and the methods of `chain` called on its value, each found on the type the one
    /// before declares it returns (`Config::build()` returns `ConfigBuilder`, whose `port`
    /// returns `Self`, whose `finish` ..). The chain stops at a type the crate does not define.
    fn chained(&self, first: FnRef, chain: &[String]) -> Vec<FnRef> {
        let mut found = vec![first];
        let mut current = first;
        for method in chain {
            let Some(ty) = self.function(current).output.returns_type.as_deref() else {
                break;
            };
            let candidates = self.resolve(&CallRef::Path(format!("{ty}::{method}")));
            let [next] = candidates[..] else {
                break;
            };
            found.push(next);
            current = next;
        }
        found
    }

    /// The crate's functions that start serving: directly, through a call into another crate
    /// in `serving_calls`, or through the crate's own functions.
    fn serving(&self, graph: &CallGraph, serving_calls: &HashSet<String>) -> HashSet<FnRef> {
        let starts = self.functions_where(|f| {
            f.output.starts_server
                || (!serving_calls.is_empty()
                    && f.calls
                        .iter()
                        .chain(&f.once_calls)
                        .any(|call| serving_calls.contains(path_of(call))))
        });
        graph.reaching(starts)
    }

    /// The crate's calls by path into the other crates of `crates`, with what they reach.
    pub(super) fn external_calls<'c>(
        &'c self,
        this: usize,
        by_name: &HashMap<&str, usize>,
        crates: &[(&CrateIndex<'_>, Option<&str>)],
    ) -> HashMap<&'c str, Vec<(usize, FnRef)>> {
        let mut found: HashMap<&str, Vec<(usize, FnRef)>> = HashMap::new();
        for facts in &self.files {
            for function in &facts.functions {
                for call in function.calls.iter().chain(&function.once_calls) {
                    let CallRef::Path(path) = call else {
                        continue;
                    };
                    let Some((krate, rest)) = path.split_once("::") else {
                        continue;
                    };
                    let Some(&other) = by_name.get(krate).filter(|&&other| other != this) else {
                        continue;
                    };
                    found.entry(path.as_str()).or_insert_with(|| {
                        let local = CallRef::Path(format!("crate::{rest}"));
                        crates[other]
                            .0
                            .resolve(&local)
                            .into_iter()
                            .map(|f| (other, f))
                            .collect()
                    });
                }
            }
        }
        found
    }

    /// For each file, which command-line branches are subcommands. Branches are numbered in
    /// the order they are met, so a parent comes before the branches nested in it.
    fn subcommand_branches(
        &self,
        serving: &HashSet<FnRef>,
        externals: &Externals,
    ) -> Vec<Vec<bool>> {
        let command_line_types: HashSet<&str> = self
            .files
            .iter()
            .flat_map(|facts| facts.command_line_types.iter().map(String::as_str))
            .collect();
        let serves = |call: &CallRef| {
            self.resolve(call).iter().any(|f| serving.contains(f))
                || externals.serving_calls.contains(path_of(call))
        };
        self.files
            .iter()
            .map(|facts| {
                let branches = &facts.branches;
                // A branch reaches the server through its own calls or a nested branch's.
                let mut reaches: Vec<bool> = branches
                    .iter()
                    .map(|branch| branch.starts_server || branch.calls.iter().any(serves))
                    .collect();
                for (id, branch) in branches.iter().enumerate().rev() {
                    if let (true, Some(parent)) = (reaches[id], branch.parent) {
                        reaches[parent] = true;
                    }
                }
                let mut subcommand = vec![false; branches.len()];
                for (id, branch) in branches.iter().enumerate() {
                    let inherited = branch.parent.is_some_and(|parent| subcommand[parent]);
                    // A branch on a parameter whose type turned out not to be the command line
                    // is ordinary code of its enclosing branch.
                    let on_command_line = branch
                        .requires_type
                        .as_deref()
                        .is_none_or(|ty| command_line_types.contains(ty));
                    let instead_of_serving =
                        branch.exits || branch.siblings.iter().any(|&other| reaches[other]);
                    subcommand[id] =
                        inherited || (on_command_line && !reaches[id] && instead_of_serving);
                }
                subcommand
            })
            .collect()
    }

    /// How many calls each function makes to each target from within subcommands;
    /// `targets` resolves a call (in this crate or another).
    fn subcommand_calls<'t, T: Copy + Eq + std::hash::Hash + 't>(
        &self,
        subcommands: &[Vec<bool>],
        targets: impl Fn(&CallRef) -> &'t [T],
    ) -> HashMap<(FnRef, T), usize> {
        let mut counts = HashMap::new();
        for (file, facts) in self.files.iter().enumerate() {
            for (id, branch) in facts.branches.iter().enumerate() {
                if !subcommands[file][id] {
                    continue;
                }
                let caller = (file, branch.function);
                for call in &branch.calls {
                    for &target in targets(call) {
                        *counts.entry((caller, target)).or_default() += 1;
                    }
                }
            }
        }
        counts
    }

    /// The functions whose callers are all console code, subcommands or themselves such
    /// functions (`display_version()` called only from `src/bin/server.rs`, `prune(..)` called
    /// only from the `prune` subcommand, a stats helper only a tracing `Layer` calls), here or
    /// in another crate. Only functions console code reaches are candidates; handlers,
    /// functions on the request path and what leads to registering routes never are.
    fn console_only_functions(
        &self,
        graph: &CallGraph,
        subcommands: &[Vec<bool>],
        externals: &Externals,
    ) -> HashSet<FnRef> {
        let is_console = |at: FnRef| self.function(at).is_console;
        // Calls made in subcommands, per (caller, callee): an edge is console code when every
        // call along it is in one.
        let resolved: HashMap<&CallRef, Vec<FnRef>> = self
            .files
            .iter()
            .flat_map(|facts| facts.branches.iter().flat_map(|branch| &branch.calls))
            .map(|call| (call, self.resolve(call)))
            .collect();
        let in_subcommands = self.subcommand_calls(subcommands, |call| {
            resolved.get(call).map_or(&[], Vec::as_slice)
        });
        let mut reached: Vec<FnRef> = self
            .functions_where(|function| function.is_console)
            .into_iter()
            .flat_map(|console| graph.callees.get(&console).into_iter().flatten().copied())
            .chain(in_subcommands.keys().map(|&(_, target)| target))
            .chain(
                externals
                    .callers
                    .iter()
                    .filter(|(_, calls)| calls.iter().all(|&console| console))
                    .map(|(&target, _)| target),
            )
            .collect();
        reached.sort_unstable();
        let console_edge = |caller: FnRef, callee: FnRef| {
            in_subcommands.get(&(caller, callee)).copied().unwrap_or(0)
                == graph.edge_count(caller, callee)
        };
        let called_elsewhere = |callee: FnRef| {
            externals
                .callers
                .get(&callee)
                .is_some_and(|calls| calls.iter().any(|&console| !console))
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
                (graph.callers.contains_key(&at) || externals.callers.contains_key(&at))
                    && !called_elsewhere(at)
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
                    graph
                        .callers
                        .get(&callee)
                        .into_iter()
                        .flatten()
                        .any(|&caller| {
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

/// The path a call names (`""` for method calls).
fn path_of(call: &CallRef) -> &str {
    match call {
        CallRef::Path(path) => path,
        _ => "",
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
            let function = index.function(caller);
            // Once-per-process calls (a settings `LazyLock` read by the logger) are calls too.
            for call in function.calls.iter().chain(&function.once_calls) {
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
