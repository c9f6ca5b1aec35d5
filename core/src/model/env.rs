//! The runtime environment Coolify writes to the application's `.env`, rebuilt for Kubernetes:
//! which variables, in which order, with which values after Docker's `$VAR` interpolation.

use super::interpolate::{self, ExpandError};
use super::scalar::Scalar;
use super::EnvVar;
use crate::error::Collector;
use std::collections::{BTreeMap, BTreeSet};

/// Where one variable's value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnvSource {
    /// A value, stored in the application's Secret.
    Value(String),
    /// The pod's own name (Coolify's `COOLIFY_CONTAINER_NAME`).
    PodName,
    /// The bundle had no value (the API hides values of "shown once" variables): the Secret
    /// key is left for the operator to fill.
    Missing,
}

/// One variable of the container's environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvEntry {
    /// The variable name.
    pub key: String,
    /// Its value.
    pub source: EnvSource,
}

/// What Coolify injects, computed by the model.
pub struct Injected {
    /// `(key, source)` pairs added first, unless the user defined the key.
    pub first: Vec<(String, EnvSource)>,
    /// `(key, value)` pairs added last (`PORT`, `HOST`), unless the user defined the key.
    pub last: Vec<(String, String)>,
}

struct UserVar {
    index: usize,
    key: String,
    raw: Option<String>,
    literal: bool,
}

fn flag(value: &Option<Scalar>, default: bool) -> bool {
    match value.as_ref().and_then(Scalar::text) {
        Some(t) => matches!(t.trim().to_ascii_lowercase().as_str(), "true" | "1" | "yes" | "on"),
        None => default,
    }
}

fn text(value: &Option<Scalar>) -> Option<String> {
    value.as_ref().and_then(Scalar::text).map(str::to_owned)
}

/// A valid variable name for both the container (Kubernetes 1.33: printable ASCII without `=`)
/// and the Secret that holds the value (`[-._a-zA-Z0-9]+`).
pub fn check_key(key: &str) -> Result<(), String> {
    if key.is_empty() {
        return Err("the key is empty".to_owned());
    }
    if key.len() > 253 {
        return Err("the key is longer than 253 characters".to_owned());
    }
    if !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.') {
        return Err(format!("`{key}` cannot be a Kubernetes environment variable: use letters, digits, `_`, `-` and `.`"));
    }
    if key == "." || key == ".." {
        return Err(format!("`{key}` cannot be a Kubernetes Secret key"));
    }
    Ok(())
}

/// Builds the runtime environment: Coolify's variables first, the user's runtime variables
/// (preview set for previews), then `PORT` and `HOST`.
pub fn build(vars: &[EnvVar], preview: bool, sort_by_key: bool, injected: Injected, errors: &mut Collector, warnings: &mut Collector) -> Vec<EnvEntry> {
    let mut selected: Vec<(usize, &EnvVar)> = vars.iter().enumerate().filter(|(_, v)| flag(&v.is_preview, false) == preview).collect();
    if preview && !selected.is_empty() {
        // Coolify falls back to production keys the preview set does not override.
        let overridden: BTreeSet<String> = selected.iter().filter_map(|(_, v)| text(&v.key)).collect();
        let fallback = vars.iter().enumerate().filter(|(_, v)| !flag(&v.is_preview, false) && text(&v.key).is_some_and(|k| !overridden.contains(&k)));
        selected.extend(fallback);
        selected.sort_by_key(|(i, _)| *i);
    }

    let mut users: Vec<UserVar> = Vec::new();
    for (index, var) in selected {
        let path = format!("environment_variables[{index}]");
        let key = match &var.key {
            Some(Scalar::Text(k)) => k.clone(),
            Some(Scalar::Invalid(what)) => {
                errors.push("invalid_env_key", format!("{path}.key"), format!("the key is {what}, not a string"));
                continue;
            }
            None => {
                errors.push("invalid_env_key", format!("{path}.key"), "the variable has no key");
                continue;
            }
        };
        if !flag(&var.is_runtime, true) || key.starts_with("NIXPACKS_") || key.starts_with("RAILPACK_") {
            continue;
        }
        if let Err(why) = check_key(&key) {
            errors.push("invalid_env_key", format!("{path}.key"), why);
            continue;
        }
        let literal = flag(&var.is_literal, false) || flag(&var.is_multiline, false);
        let raw = match (text(&var.value), text(&var.real_value)) {
            (Some(v), real) if v.contains("{{") => match real {
                Some(r) => Some(unquote_real_value(&r, literal)),
                None => {
                    errors.push(
                        "unresolved_shared_variable",
                        format!("{path}.value"),
                        format!("`{key}` refers to a Coolify shared variable (`{v}`); send `real_value` (the API returns it with the read:sensitive permission)"),
                    );
                    continue;
                }
            },
            (Some(v), _) => Some(v),
            (None, Some(r)) => Some(unquote_real_value(&r, literal)),
            (None, None) => {
                warnings.push(
                    "env_value_missing",
                    format!("{path}.value"),
                    format!("`{key}` has no value in the bundle (the API hides values of locked variables): the pod waits until key `{key}` is added to the application's Secret"),
                );
                None
            }
        };
        if let Some(prev) = users.iter().position(|u| u.key == key) {
            warnings.push("duplicate_env_key", format!("{path}.key"), format!("`{key}` is defined more than once; the last definition wins, as in Docker's env file"));
            users.remove(prev);
        }
        users.push(UserVar { index, key, raw, literal });
    }
    if sort_by_key {
        users.sort_by(|a, b| a.key.cmp(&b.key));
    }
    // Variables that refer to `$SERVICE_...` go last, as Coolify orders them.
    users.sort_by_key(|u| u.raw.as_deref().is_some_and(|r| r.contains("$SERVICE_") || r.contains("${SERVICE_")));

    let user_keys: BTreeSet<&str> = users.iter().map(|u| u.key.as_str()).collect();
    let mut entries: Vec<EnvEntry> = Vec::new();
    for (key, source) in injected.first {
        if !user_keys.contains(key.as_str()) {
            entries.push(EnvEntry { key, source });
        }
    }
    let mut tail: Vec<EnvEntry> = Vec::new();
    for (key, value) in injected.last {
        if !user_keys.contains(key.as_str()) {
            tail.push(EnvEntry { key, source: EnvSource::Value(value) });
        }
    }

    // Docker interpolates `$VAR` in non-literal values from the same file.
    let mut known: BTreeMap<String, (Option<String>, bool)> = BTreeMap::new();
    for e in entries.iter().chain(tail.iter()) {
        if let EnvSource::Value(v) = &e.source {
            known.insert(e.key.clone(), (Some(v.clone()), true));
        }
    }
    for u in &users {
        known.insert(u.key.clone(), (u.raw.clone(), u.literal));
    }
    let mut resolver = Resolver { known: &known, done: BTreeMap::new(), active: BTreeSet::new() };
    for u in &users {
        let path = format!("environment_variables[{}].value", u.index);
        let source = match &u.raw {
            None => EnvSource::Missing,
            Some(raw) if u.literal => EnvSource::Value(raw.clone()),
            Some(_) => match resolver.resolve(&u.key) {
                Ok((value, unresolved)) => {
                    if !unresolved.is_empty() {
                        warnings.push(
                            "unresolved_variable",
                            path,
                            format!("`{}` refers to {} which no variable defines; Docker substitutes an empty string, and so does this render", u.key, list(&unresolved)),
                        );
                    }
                    EnvSource::Value(value)
                }
                Err(ExpandError::Required(name, message)) => {
                    errors.push("required_variable", path, format!("`{}` requires `{name}`: {message}", u.key));
                    continue;
                }
                Err(ExpandError::Syntax(why)) => {
                    errors.push("invalid_interpolation", path, why);
                    continue;
                }
            },
        };
        entries.push(EnvEntry { key: u.key.clone(), source });
    }
    entries.extend(tail);
    entries
}

fn list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`${n}`")).collect();
    quoted.join(", ")
}

/// Undoes the quoting Coolify applies when it writes `real_value` into `.env`.
fn unquote_real_value(real: &str, literal: bool) -> String {
    if literal {
        if let Some(inner) = real.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
            return inner.to_owned();
        }
        return real.to_owned();
    }
    let mut out = String::with_capacity(real.len());
    let mut chars = real.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(x @ ('\\' | '"' | '\'')) => out.push(x),
                Some(x) => {
                    out.push('\\');
                    out.push(x);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

struct Resolver<'a> {
    known: &'a BTreeMap<String, (Option<String>, bool)>,
    done: BTreeMap<String, (String, Vec<String>)>,
    active: BTreeSet<String>,
}

impl Resolver<'_> {
    fn resolve(&mut self, key: &str) -> Result<(String, Vec<String>), ExpandError> {
        if let Some(done) = self.done.get(key) {
            return Ok(done.clone());
        }
        let Some((raw, literal)) = self.known.get(key).cloned() else {
            return Ok((String::new(), vec![key.to_owned()]));
        };
        let Some(raw) = raw else { return Ok((String::new(), vec![key.to_owned()])) };
        if literal {
            return Ok((raw, Vec::new()));
        }
        self.active.insert(key.to_owned());
        let mut nested: Vec<String> = Vec::new();
        let mut failure: Option<ExpandError> = None;
        let expanded = {
            let mut lookup = |name: &str| -> Option<String> {
                if self.active.contains(name) || !self.known.contains_key(name) {
                    return None;
                }
                match self.resolve(name) {
                    Ok((v, unresolved)) => {
                        nested.extend(unresolved);
                        Some(v)
                    }
                    Err(e) => {
                        failure.get_or_insert(e);
                        Some(String::new())
                    }
                }
            };
            interpolate::expand(&raw, &mut lookup)
        };
        self.active.remove(key);
        if let Some(e) = failure {
            return Err(e);
        }
        let expanded = expanded?;
        let mut unresolved = expanded.unresolved;
        unresolved.extend(nested);
        unresolved.dedup();
        let out = (expanded.value, unresolved);
        self.done.insert(key.to_owned(), out.clone());
        Ok(out)
    }
}
