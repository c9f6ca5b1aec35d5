//! Field paths and problem messages in Kubernetes' own shape.
//!
//! Kubernetes reports a validation failure as a field path plus an error body such as
//! `Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of ...` or
//! `Duplicate value: "http"`. [`Report`] produces exactly those bodies, prefixed paths with the
//! object (`Deployment/web.spec.replicas`) and a stable code per rule.

use crate::error::Problem;
use std::fmt::Write as _;

/// A path to a field inside one object, rendered like Kubernetes' `field.Path`:
/// `spec.template.spec.containers[0].ports[1].name`, map keys as `labels[app]`.
///
/// A path is a small array of borrowed segments kept on the stack: making one allocates
/// nothing, and it is only written out as text when a problem is reported (the validator walks
/// every field of every object, and almost all of them are fine).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Path<'a> {
    segments: [Segment<'a>; MAX_DEPTH],
    len: usize,
}

/// The deepest path the validator builds is 12 segments
/// (`spec.jobTemplate.spec.template.spec.containers[0].env[3].valueFrom.secretKeyRef.key`).
const MAX_DEPTH: usize = 13;

#[derive(Clone, Copy, Debug)]
enum Segment<'a> {
    /// `.name` (no dot at the start).
    Name(&'a str),
    /// `[index]`.
    Index(usize),
    /// `[key]`.
    Key(&'a str),
}

impl<'a> Path<'a> {
    /// The empty path (the object itself).
    pub(crate) fn root() -> Path<'static> {
        Path { segments: [Segment::Index(0); MAX_DEPTH], len: 0 }
    }

    /// A path starting at a top-level field.
    pub(crate) fn new(name: &'a str) -> Path<'a> {
        Path::root().with(Segment::Name(name))
    }

    fn with<'b>(&self, segment: Segment<'b>) -> Path<'b>
    where
        'a: 'b,
    {
        let mut out: Path<'b> = *self;
        // Deeper than any Kubernetes object this validator reads; a longer path would only be
        // shortened in a message.
        if out.len < MAX_DEPTH {
            out.segments[out.len] = segment;
            out.len += 1;
        }
        out
    }

    /// `self.name`.
    pub(crate) fn child<'b>(&self, name: &'b str) -> Path<'b>
    where
        'a: 'b,
    {
        self.with(Segment::Name(name))
    }

    /// `self[index]`.
    pub(crate) fn index(&self, index: usize) -> Path<'a> {
        self.with(Segment::Index(index))
    }

    /// `self[key]`.
    pub(crate) fn key<'b>(&self, key: &'b str) -> Path<'b>
    where
        'a: 'b,
    {
        self.with(Segment::Key(key))
    }

    /// The rendered path.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        for segment in &self.segments[..self.len] {
            match *segment {
                Segment::Name(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Segment::Index(i) => {
                    let _ = write!(out, "[{i}]");
                }
                Segment::Key(k) => {
                    out.push('[');
                    out.push_str(k);
                    out.push(']');
                }
            }
        }
        out
    }
}

/// The offending value of an `Invalid value` / `Duplicate value` / `Not found` error.
#[derive(Clone, Debug)]
pub(crate) enum Bad<'a> {
    /// A string, shown quoted the way Go's `%q` does.
    Str(&'a str),
    /// A number, shown bare.
    Int(i64),
    /// A structured value, shown as compact JSON.
    Json(String),
}

impl Bad<'_> {
    fn render(&self, out: &mut String) {
        match self {
            Bad::Str(s) => out.push_str(&go_quote(s)),
            Bad::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Bad::Json(j) => out.push_str(j),
        }
    }
}

/// A structured value as compact JSON, for error bodies (`Invalid value: {"app":"web"}: ...`).
pub(crate) fn json<T: serde::Serialize + ?Sized>(value: &T) -> Bad<'static> {
    Bad::Json(serde_json::to_string(value).unwrap_or_else(|_| String::from("null")))
}

/// Quotes a string as Go's `strconv.Quote` (and so `%q`) does.
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c.is_control() => {
                if (c as u32) < 0x10000 {
                    let _ = write!(out, "\\u{:04x}", c as u32);
                } else {
                    let _ = write!(out, "\\U{:08x}", c as u32);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Collects the problems of one object. Every entry gets the object prefix
/// (`Deployment/web`), the field path and a body in Kubernetes' words.
#[derive(Debug)]
pub(crate) struct Report {
    object: String,
    problems: Vec<Problem>,
}

impl Report {
    /// A report for the object `kind/name` (`kind/(unnamed)` when the name is empty).
    pub(crate) fn new(kind: &str, name: &str) -> Report {
        let name = if name.is_empty() { "(unnamed)" } else { name };
        Report {
            object: format!("{kind}/{name}"),
            problems: Vec::new(),
        }
    }

    fn push(&mut self, code: &str, path: &Path<'_>, body: String) {
        let path = path.render();
        let full = if path.is_empty() {
            self.object.clone()
        } else {
            format!("{}.{}", self.object, path)
        };
        self.problems.push(Problem::new(code, full, body));
    }

    /// `Invalid value: <value>: <detail>`.
    pub(crate) fn invalid(&mut self, code: &str, path: &Path, value: Bad<'_>, detail: &str) {
        let mut body = String::from("Invalid value: ");
        value.render(&mut body);
        if !detail.is_empty() {
            body.push_str(": ");
            body.push_str(detail);
        }
        self.push(code, path, body);
    }

    /// One `Invalid value` entry per message, as Kubernetes reports rule failures.
    pub(crate) fn invalid_each(
        &mut self,
        code: &str,
        path: &Path,
        value: Bad<'_>,
        details: &[String],
    ) {
        for detail in details {
            self.invalid(code, path, value.clone(), detail);
        }
    }

    /// `Required value` or `Required value: <detail>`.
    pub(crate) fn required(&mut self, code: &str, path: &Path, detail: &str) {
        let body = if detail.is_empty() {
            String::from("Required value")
        } else {
            format!("Required value: {detail}")
        };
        self.push(code, path, body);
    }

    /// `Duplicate value: <value>`.
    pub(crate) fn duplicate(&mut self, code: &str, path: &Path, value: Bad<'_>) {
        let mut body = String::from("Duplicate value: ");
        value.render(&mut body);
        self.push(code, path, body);
    }

    /// `Unsupported value: <value>: supported values: "a", "b"`.
    pub(crate) fn not_supported(
        &mut self,
        code: &str,
        path: &Path,
        value: &str,
        supported: &[&str],
    ) {
        let mut body = format!("Unsupported value: {}", go_quote(value));
        if !supported.is_empty() {
            let quoted: Vec<String> = supported.iter().map(|s| go_quote(s)).collect();
            body.push_str(": supported values: ");
            body.push_str(&quoted.join(", "));
        }
        self.push(code, path, body);
    }

    /// `Forbidden: <detail>`.
    pub(crate) fn forbidden(&mut self, code: &str, path: &Path, detail: &str) {
        self.push(code, path, format!("Forbidden: {detail}"));
    }

    /// `Too long: must have at most <max> bytes`.
    pub(crate) fn too_long(&mut self, code: &str, path: &Path, max: usize) {
        self.push(
            code,
            path,
            format!("Too long: must have at most {max} bytes"),
        );
    }

    /// `Not found: <value>`.
    pub(crate) fn not_found(&mut self, code: &str, path: &Path, value: Bad<'_>) {
        let mut body = String::from("Not found: ");
        value.render(&mut body);
        self.push(code, path, body);
    }

    /// A problem about the object as a whole (path = the object itself).
    pub(crate) fn object_problem(&mut self, code: &str, body: String) {
        self.push(code, &Path::root(), body);
    }

    /// How many problems have been collected so far.
    pub(crate) fn len(&self) -> usize {
        self.problems.len()
    }

    /// The collected problems, in the order they were found.
    pub(crate) fn into_problems(self) -> Vec<Problem> {
        self.problems
    }
}
