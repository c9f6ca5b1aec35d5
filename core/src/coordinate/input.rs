//! The input of [`coordinate`](super::coordinate): parsed into typed structs, then checked, every
//! problem with its field path.

use super::types::{CoordinationStatus, FailurePolicy, Input, LabelSelector};
use crate::error::{Collector, Errors};
use crate::status::Timestamp;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

impl Input {
    /// Parses JSON or YAML: text starting with `{` is read as JSON, anything else as YAML.
    pub fn parse(text: &str) -> Result<Self, Errors> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let trimmed = text.trim_start();
        if trimmed.is_empty() {
            return Err(Errors::one(
                "empty_input",
                "input",
                "the input is empty: expected the coordination spec, the observed Deployments and the previous status",
            ));
        }
        if trimmed.starts_with('{') {
            Self::from_json_str(text)
        } else {
            Self::from_yaml_str(text)
        }
    }

    /// Parses JSON.
    pub fn from_json_str(text: &str) -> Result<Self, Errors> {
        let mut de = serde_json::Deserializer::from_str(text);
        let input: Input = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let path = if path == "." { "input".to_owned() } else { path };
            Errors::one("invalid_input", path, e.into_inner().to_string())
        })?;
        de.end()
            .map_err(|e| Errors::one("invalid_input", "input", e.to_string()))?;
        Ok(input)
    }

    /// Reads an already parsed value (what the language bindings pass), with the same field
    /// paths and messages as [`Input::from_json_str`] (without its line and column).
    ///
    /// ```
    /// use coolify_k8s_core::coordinate::Input;
    /// let input = Input::from_value(serde_json::json!({
    ///     "now": "2025-01-20T10:00:00Z",
    ///     "spec": { "labelSelector": { "matchLabels": { "component": "nginx" } } },
    ///     "deployments": []
    /// })).unwrap();
    /// assert_eq!(input.now.map(|t| t.to_string()).as_deref(), Some("2025-01-20T10:00:00Z"));
    /// ```
    pub fn from_value(value: Value) -> Result<Self, Errors> {
        serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            let path = if path == "." { "input".to_owned() } else { path };
            Errors::one("invalid_input", path, e.into_inner().to_string())
        })
    }

    /// Parses YAML (one document), with YAML 1.2 booleans only (`yes` stays a string).
    pub fn from_yaml_str(text: &str) -> Result<Self, Errors> {
        let options = serde_saphyr::options! { strict_booleans: true };
        serde_saphyr::from_str_with_options::<Input>(text, options).map_err(|e| {
            let full = e.to_string();
            let first = full.lines().next().unwrap_or("").trim();
            Errors::one(
                "invalid_input",
                "input",
                first.strip_prefix("error: ").unwrap_or(first).to_owned(),
            )
        })
    }
}

/// One observed Deployment, read leniently (a missing or oddly typed field reads as absent).
#[derive(Clone, Debug)]
pub(crate) struct Observed {
    pub key: String,
    pub namespace: String,
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub generation: i64,
    pub observed_generation: i64,
    pub desired: i64,
    pub paused: bool,
    pub replicas: i64,
    pub updated: i64,
    pub ready: i64,
    pub available: i64,
    /// `Progressing=False` with `ProgressDeadlineExceeded`, for the current generation.
    pub deadline_exceeded: bool,
    /// The Deployment object itself, for the status verdict.
    pub object: Value,
}

impl Observed {
    /// Unpaused and not yet at the desired counts, or the generation not yet observed.
    pub fn is_rolling_out(&self) -> bool {
        !self.paused
            && (self.replicas != self.desired
                || self.updated < self.desired
                || self.ready < self.desired
                || self.available < self.desired
                || self.observed_generation < self.generation)
    }

    /// Counts off the desired replicas, or the generation not yet observed (paused or not).
    pub fn has_pending_changes(&self) -> bool {
        self.replicas != self.desired
            || self.updated != self.desired
            || self.ready != self.desired
            || self.available != self.desired
            || self.observed_generation < self.generation
    }

    /// Available and ready at the desired count, generation observed.
    pub fn is_ready(&self) -> bool {
        self.available == self.desired && self.ready == self.desired && self.observed_generation >= self.generation
    }
}

/// What the checked input holds.
pub(crate) struct Checked {
    pub now: Timestamp,
    pub min_ready_seconds: i64,
    pub policy: FailurePolicy,
    /// Matching Deployments, sorted by `namespace/name`.
    pub deployments: Vec<Observed>,
    /// Objects of other kinds (Pods, ReplicaSets, Events), for the status verdict.
    pub others: Vec<Value>,
    pub previous: CoordinationStatus,
}

/// One selector requirement, matchLabels included (as `In` with one value).
#[derive(Clone, Debug)]
pub(crate) enum Requirement {
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    DoesNotExist(String),
}

impl Requirement {
    fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        match self {
            Requirement::In(k, vs) => labels.get(k).is_some_and(|v| vs.contains(v)),
            Requirement::NotIn(k, vs) => labels.get(k).is_none_or(|v| !vs.contains(v)),
            Requirement::Exists(k) => labels.contains_key(k),
            Requirement::DoesNotExist(k) => !labels.contains_key(k),
        }
    }
}

fn selector(sel: &LabelSelector, problems: &mut Collector) -> Vec<Requirement> {
    let mut out = Vec::new();
    for (k, v) in &sel.match_labels {
        if k.is_empty() {
            problems.push(
                "invalid_selector",
                "spec.labelSelector.matchLabels",
                "a label key must not be empty",
            );
        }
        out.push(Requirement::In(k.clone(), vec![v.clone()]));
    }
    for (i, e) in sel.match_expressions.iter().enumerate() {
        let path = format!("spec.labelSelector.matchExpressions[{i}]");
        if e.key.is_empty() {
            problems.push(
                "invalid_selector",
                format!("{path}.key"),
                "a label key must not be empty",
            );
        }
        match e.operator.as_str() {
            "In" | "NotIn" => {
                if e.values.is_empty() {
                    problems.push(
                        "invalid_selector",
                        format!("{path}.values"),
                        format!("operator {} needs at least one value", e.operator),
                    );
                }
                out.push(if e.operator == "In" {
                    Requirement::In(e.key.clone(), e.values.clone())
                } else {
                    Requirement::NotIn(e.key.clone(), e.values.clone())
                });
            }
            "Exists" | "DoesNotExist" => {
                if !e.values.is_empty() {
                    problems.push(
                        "invalid_selector",
                        format!("{path}.values"),
                        format!("operator {} takes no values", e.operator),
                    );
                }
                out.push(if e.operator == "Exists" {
                    Requirement::Exists(e.key.clone())
                } else {
                    Requirement::DoesNotExist(e.key.clone())
                });
            }
            other => problems.push(
                "invalid_selector",
                format!("{path}.operator"),
                format!("{other:?} is not one of In, NotIn, Exists, DoesNotExist"),
            ),
        }
    }
    if out.is_empty() {
        problems.push(
            "empty_selector",
            "spec.labelSelector",
            "the selector is empty and would coordinate every Deployment: give matchLabels or matchExpressions",
        );
    }
    out
}

fn int(v: &Value, path: &[&str]) -> Option<i64> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_i64()
}

fn text<'v>(v: &'v Value, path: &[&str]) -> Option<&'v str> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_str()
}

/// A label value as text: YAML may have read `1.0` or `true` as a number or a boolean.
fn label_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The objects of kubectl output (`List`, array, one object), each with its field path.
fn flatten<'v>(v: &'v Value, path: String, out: &mut Vec<(String, &'v Value)>) {
    match v {
        Value::Null => {}
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten(item, format!("{path}[{i}]"), out);
            }
        }
        Value::Object(map) => match map.get("items") {
            Some(Value::Array(items)) if !map.contains_key("spec") => {
                for (i, item) in items.iter().enumerate() {
                    flatten(item, format!("{path}.items[{i}]"), out);
                }
            }
            _ => out.push((path, v)),
        },
        _ => out.push((path, v)),
    }
}

fn read_deployment(v: &Value, path: &str, problems: &mut Collector) -> Option<Observed> {
    let name = text(v, &["metadata", "name"]).unwrap_or("");
    if name.is_empty() {
        problems.push(
            "missing_name",
            format!("{path}.metadata.name"),
            "a Deployment needs a name",
        );
        return None;
    }
    let namespace = text(v, &["metadata", "namespace"])
        .filter(|s| !s.is_empty())
        .unwrap_or("default");
    let labels = v
        .get("metadata")
        .and_then(|m| m.get("labels"))
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| label_text(v).map(|t| (k.clone(), t)))
                .collect()
        })
        .unwrap_or_default();
    let generation = int(v, &["metadata", "generation"]).unwrap_or(0);
    let observed_generation = int(v, &["status", "observedGeneration"]).unwrap_or(0);
    let conditions = v
        .get("status")
        .and_then(|s| s.get("conditions"))
        .and_then(Value::as_array);
    let deadline_exceeded = observed_generation >= generation
        && conditions.is_some_and(|cs| {
            cs.iter().any(|c| {
                text(c, &["type"]) == Some("Progressing")
                    && text(c, &["status"]) == Some("False")
                    && text(c, &["reason"]) == Some("ProgressDeadlineExceeded")
            })
        });
    Some(Observed {
        key: format!("{namespace}/{name}"),
        namespace: namespace.to_owned(),
        name: name.to_owned(),
        labels,
        generation,
        observed_generation,
        desired: int(v, &["spec", "replicas"]).unwrap_or(1),
        paused: v
            .get("spec")
            .and_then(|s| s.get("paused"))
            .and_then(Value::as_bool)
            .unwrap_or(false),
        replicas: int(v, &["status", "replicas"]).unwrap_or(0),
        updated: int(v, &["status", "updatedReplicas"]).unwrap_or(0),
        ready: int(v, &["status", "readyReplicas"]).unwrap_or(0),
        available: int(v, &["status", "availableReplicas"]).unwrap_or(0),
        deadline_exceeded,
        object: v.clone(),
    })
}

/// Checks the input; all problems at once.
pub(crate) fn check(input: &Input) -> Result<Checked, Errors> {
    let mut problems = Collector::default();
    if input.now.is_none() {
        problems.push(
            "missing_field",
            "now",
            "is required: the time of the decision (RFC 3339)",
        );
    }
    let selector = selector(&input.spec.label_selector, &mut problems);
    if input.spec.min_ready_seconds < 0 {
        problems.push("invalid_number", "spec.minReadySeconds", "must not be negative");
    }
    let mut found = Vec::new();
    flatten(&input.deployments, "deployments".to_owned(), &mut found);
    let mut deployments: Vec<Observed> = Vec::new();
    let mut others = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (path, v) in found {
        if !v.is_object() {
            problems.push(
                "not_kubernetes",
                path,
                "expected a Kubernetes object, a List or an array of objects",
            );
            continue;
        }
        match text(v, &["kind"]) {
            Some("Deployment") => {
                let Some(d) = read_deployment(v, &path, &mut problems) else {
                    continue;
                };
                if let Some(ns) = &input.spec.namespace {
                    if &d.namespace != ns {
                        continue;
                    }
                }
                if !selector.iter().all(|r| r.matches(&d.labels)) {
                    continue;
                }
                if let Some(first) = seen.insert(d.key.clone(), path.clone()) {
                    problems.push(
                        "duplicate_deployment",
                        path,
                        format!("{} is listed twice (first at {first})", d.key),
                    );
                    continue;
                }
                deployments.push(d);
            }
            Some(_) => others.push(v.clone()),
            None => problems.push(
                "not_kubernetes",
                format!("{path}.kind"),
                "an object without a kind is not kubectl output",
            ),
        }
    }
    deployments.sort_by(|a, b| a.key.cmp(&b.key));
    let previous = input.status.clone().unwrap_or_default();
    for (i, s) in previous.deployment_states.iter().enumerate() {
        if s.name.is_empty() {
            problems.push(
                "missing_name",
                format!("status.deploymentStates[{i}].name"),
                "a deployment state needs a name",
            );
        }
    }
    let problems = problems.into_vec();
    match input.now {
        Some(now) if problems.is_empty() => Ok(Checked {
            now,
            min_ready_seconds: input.spec.min_ready_seconds,
            policy: input.spec.failure_policy,
            deployments,
            others,
            previous,
        }),
        _ => Err(Errors::new(problems)),
    }
}

impl<'de> Deserialize<'de> for FailurePolicy {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let s = String::deserialize(de)?;
        match s.as_str() {
            "halt" | "Halt" => Ok(FailurePolicy::Halt),
            "skip" | "Skip" => Ok(FailurePolicy::Skip),
            other => Err(serde::de::Error::custom(format!("{other:?} is not one of halt, skip"))),
        }
    }
}
