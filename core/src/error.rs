//! Problems and warnings: every one carries a stable code, the field path in the input and a
//! message a Coolify user understands.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One problem (an error) or one warning, in the input's canonical field names.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Problem {
    /// Stable, machine-readable code (`invalid_port`, `unsupported_run_option`, ...).
    pub code: String,
    /// Where in the input, with canonical names: `application.fqdn[1]`, `environment_variables[3].key`.
    pub path: String,
    /// For a person.
    pub message: String,
}

impl Problem {
    /// A problem with the given code, path and message.
    pub fn new(code: &str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem { code: code.to_owned(), path: path.into(), message: message.into() }
    }
}

impl fmt::Display for Problem {
    /// The CLI's stderr line: `<field path>: <message> [<code>]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} [{}]", self.path, self.message, self.code)
    }
}

/// The error every fallible entry function returns: all the problems found, never only the first.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", render_list(.problems))]
pub struct Errors {
    /// Every problem, in input order.
    pub problems: Vec<Problem>,
}

impl Errors {
    /// Wraps a list of problems.
    pub fn new(problems: Vec<Problem>) -> Self {
        Errors { problems }
    }

    /// A single problem.
    pub fn one(code: &str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Errors { problems: vec![Problem::new(code, path, message)] }
    }
}

fn render_list(problems: &[Problem]) -> String {
    let lines: Vec<String> = problems.iter().map(Problem::to_string).collect();
    lines.join("\n")
}

/// Collects problems (or warnings) while a capability walks its input.
#[derive(Debug, Default)]
pub struct Collector {
    items: Vec<Problem>,
}

impl Collector {
    /// Records one entry.
    pub fn push(&mut self, code: &str, path: impl Into<String>, message: impl Into<String>) {
        self.items.push(Problem::new(code, path, message));
    }

    /// Records an already built entry.
    pub fn add(&mut self, problem: Problem) {
        self.items.push(problem);
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The entries, in the order they were recorded.
    pub fn into_vec(self) -> Vec<Problem> {
        self.items
    }
}
