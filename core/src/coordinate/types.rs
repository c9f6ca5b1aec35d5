//! The data [`coordinate`](super::coordinate) reads and returns.

use crate::plan::Step;
use crate::status::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything one decision needs: the spec, what the cluster reported, the last status, `now`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Input {
    /// The coordination spec.
    pub spec: Spec,
    /// kubectl's output (`kubectl get deployment,replicaset,pod -o json`): a `List`, an array or
    /// one object. Objects other than Deployments only feed the status verdict.
    #[serde(default)]
    pub deployments: serde_json::Value,
    /// The status the previous decision returned; none on the first poll.
    #[serde(default)]
    pub status: Option<CoordinationStatus>,
    /// The time of the decision (the CLI's `--now` sets it).
    #[serde(default)]
    pub now: Option<Timestamp>,
}

/// Which Deployments are coordinated, and how.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Spec {
    /// Deployments whose labels match are coordinated. It must not be empty.
    pub label_selector: LabelSelector,
    /// Seconds the active Deployment must stay ready before the next one starts (default 0).
    #[serde(default)]
    pub min_ready_seconds: i64,
    /// What a failed rollout does to the queue (default `halt`).
    #[serde(default)]
    pub failure_policy: FailurePolicy,
    /// Only Deployments of this namespace (like the reference, which lists the coordination's
    /// own namespace); none: every namespace in the input.
    #[serde(default)]
    pub namespace: Option<String>,
}

/// A Kubernetes label selector.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LabelSelector {
    /// Every label must be present with this value. An empty list counts as no labels (PHP
    /// has one empty array for both).
    #[serde(default, deserialize_with = "map_or_empty_list")]
    pub match_labels: BTreeMap<String, String>,
    /// Every expression must hold.
    #[serde(default)]
    pub match_expressions: Vec<SelectorExpression>,
}

/// One `matchExpressions` entry.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectorExpression {
    /// The label key.
    pub key: String,
    /// `In`, `NotIn`, `Exists` or `DoesNotExist`.
    pub operator: String,
    /// The values (`In`/`NotIn` need some; `Exists`/`DoesNotExist` take none).
    #[serde(default)]
    pub values: Vec<String>,
}

/// What happens when the active Deployment's rollout fails (progress deadline exceeded, or a
/// status verdict of `degraded`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FailurePolicy {
    /// Keep it active (unpaused, so a fix rolls through), start no other, report Degraded.
    #[default]
    Halt,
    /// Pause it, report Degraded, and go on with the next one; it is retried when its
    /// generation changes.
    Skip,
}

/// The coordination's status: returned by each decision, passed back in on the next poll.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CoordinationStatus {
    /// `namespace/name` of the Deployment allowed to roll out; none (or `""`) when idle.
    #[serde(default, deserialize_with = "empty_is_none", skip_serializing_if = "Option::is_none")]
    pub active_deployment: Option<String>,
    /// Every coordinated Deployment, `namespace/name`, sorted.
    #[serde(default)]
    pub deployments: Vec<String>,
    /// One state per coordinated Deployment, sorted by name.
    #[serde(default)]
    pub deployment_states: Vec<DeploymentState>,
    /// `Ready`, `Progressing` and `Degraded`, in that order.
    #[serde(default)]
    pub conditions: Vec<Condition>,
}

fn map_or_empty_list<'de, D: serde::Deserializer<'de>>(de: D) -> Result<BTreeMap<String, String>, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = BTreeMap<String, String>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a map of label names to values")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            BTreeMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            match seq.next_element::<serde::de::IgnoredAny>()? {
                None => Ok(BTreeMap::new()),
                Some(_) => Err(serde::de::Error::invalid_type(serde::de::Unexpected::Seq, &self)),
            }
        }
    }
    de.deserialize_any(V)
}

fn empty_is_none<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Option<String>, D::Error> {
    let s: Option<String> = Option::deserialize(de)?;
    Ok(s.filter(|s| !s.is_empty()))
}

/// What the coordination remembers about one Deployment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentState {
    /// `namespace/name`.
    pub name: String,
    /// Counts off the desired replicas, or the generation not yet observed.
    #[serde(default)]
    pub has_pending_changes: bool,
    /// `metadata.generation`.
    #[serde(default)]
    pub generation: i64,
    /// When its last rollout started (seen rolling out, or activated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_rollout_started: Option<Timestamp>,
    /// When its last rollout ended (done, or stopped after a failure).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_rollout_finished: Option<Timestamp>,
    /// The generation whose rollout failed; it is not activated again until the generation
    /// changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_generation: Option<i64>,
    /// Why that rollout failed, for a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_message: Option<String>,
}

/// A `metav1.Condition` (without `observedGeneration`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    /// `Ready`, `Progressing` or `Degraded`.
    #[serde(rename = "type")]
    pub type_: String,
    /// `"True"` or `"False"`.
    pub status: String,
    /// A CamelCase code.
    pub reason: String,
    /// For a person.
    #[serde(default)]
    pub message: String,
    /// When `status` last changed (kept while it stays the same).
    pub last_transition_time: Timestamp,
}

/// One pause or unpause.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Patch {
    /// The Deployment's namespace.
    pub namespace: String,
    /// The Deployment's name.
    pub name: String,
    /// The new `spec.paused`.
    pub paused: bool,
}

/// One event to record on the coordination.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Event {
    /// `Normal` or `Warning`.
    #[serde(rename = "type")]
    pub type_: &'static str,
    /// `DeploymentActivated`, `DeploymentPaused`, ...
    pub reason: &'static str,
    /// For a person.
    pub message: String,
    /// The Deployment it is about (`namespace/name`).
    pub deployment: String,
}

/// What [`coordinate`](super::coordinate) decides.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    /// The Deployment allowed to roll out after this decision, `namespace/name`.
    pub active_deployment: Option<String>,
    /// The pauses and unpauses to apply, in order: pauses first, then the unpause.
    pub patches: Vec<Patch>,
    /// The same patches as shell steps.
    pub steps: Vec<Step>,
    /// The new status, to store and pass back in on the next poll.
    pub status: CoordinationStatus,
    /// Events, in the order they happened.
    pub events: Vec<Event>,
    /// When to poll again, in seconds; none when nothing is pending.
    pub requeue_after_seconds: Option<i64>,
}
