//! Swarm placement constraints (`swarm_placement_constraints`, base64 of a YAML fragment merged
//! into `deploy:`) translated to node affinity where Kubernetes can express them.

use crate::error::Collector;
use base64::Engine;
use k8s_openapi::api::core::v1::{Affinity, NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm};
use serde::Deserialize;
use std::collections::BTreeMap;

const PATH: &str = "application.swarm_placement_constraints";

#[derive(Deserialize, Default)]
#[serde(default)]
struct Fragment {
    placement: Option<Placement>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Placement {
    constraints: Vec<String>,
    preferences: Option<serde::de::IgnoredAny>,
    max_replicas_per_node: Option<serde::de::IgnoredAny>,
}

fn requirement(key: &str, op: &str, values: Vec<String>) -> NodeSelectorRequirement {
    NodeSelectorRequirement { key: key.to_owned(), operator: op.to_owned(), values: if values.is_empty() { None } else { Some(values) } }
}

/// Translates the constraints (plus `node.role == worker` when Coolify would add it).
/// Returns the affinity, or `None` when nothing applies. `node_selector` is left for the caller.
pub fn translate(encoded: Option<&str>, worker_only: bool, _node_selector: &mut BTreeMap<String, String>, errors: &mut Collector, warnings: &mut Collector) -> Option<Affinity> {
    let mut constraints: Vec<String> = Vec::new();
    if let Some(text) = encoded {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_else(|| text.to_owned());
        match serde_saphyr::from_str::<Fragment>(&decoded) {
            Ok(fragment) => {
                if let Some(p) = fragment.placement {
                    if p.preferences.is_some() || p.max_replicas_per_node.is_some() {
                        warnings.push("unsupported_placement", PATH, "placement preferences and max_replicas_per_node have no direct counterpart; not mapped");
                    }
                    constraints = p.constraints;
                }
            }
            Err(e) => errors.push("invalid_placement", PATH, format!("not a YAML `placement:` fragment: {e}")),
        }
    }
    if worker_only {
        constraints.push("node.role == worker".to_owned());
    }
    let mut exprs = Vec::new();
    for c in &constraints {
        let (key, op, value) = if let Some((k, v)) = c.split_once("==") {
            (k.trim(), "==", v.trim())
        } else if let Some((k, v)) = c.split_once("!=") {
            (k.trim(), "!=", v.trim())
        } else {
            errors.push("invalid_placement", PATH, format!("`{c}` is not `key == value` or `key != value`"));
            continue;
        };
        let value = value.trim_matches(|q| q == '\'' || q == '"').to_owned();
        let set_op = if op == "==" { "In" } else { "NotIn" };
        if let Some(label) = key.strip_prefix("node.labels.") {
            exprs.push(requirement(label, set_op, vec![value]));
        } else if key == "node.hostname" {
            exprs.push(requirement("kubernetes.io/hostname", set_op, vec![value]));
        } else if key == "node.platform.os" {
            exprs.push(requirement("kubernetes.io/os", set_op, vec![value.to_ascii_lowercase()]));
        } else if key == "node.platform.arch" {
            let arch = match value.as_str() {
                "x86_64" => "amd64",
                "aarch64" => "arm64",
                other => other,
            };
            exprs.push(requirement("kubernetes.io/arch", set_op, vec![arch.to_owned()]));
        } else if key == "node.role" {
            let manager = (value == "manager") == (op == "==");
            exprs.push(requirement("node-role.kubernetes.io/control-plane", if manager { "Exists" } else { "DoesNotExist" }, vec![]));
            if !manager {
                warnings.push(
                    "worker_nodes_only",
                    PATH,
                    "`node.role == worker`: pods avoid control-plane nodes; on a single-node cluster (one K3s server) they cannot be scheduled — turn off `is_swarm_only_worker_nodes` or set `kubernetes_affinity`",
                );
            }
        } else {
            warnings.push("unsupported_placement", PATH, format!("`{c}` has no Kubernetes node label counterpart; not mapped"));
        }
    }
    if exprs.is_empty() {
        return None;
    }
    Some(Affinity {
        node_affinity: Some(NodeAffinity {
            required_during_scheduling_ignored_during_execution: Some(NodeSelector { node_selector_terms: vec![NodeSelectorTerm { match_expressions: Some(exprs), ..Default::default() }] }),
            ..Default::default()
        }),
        ..Default::default()
    })
}
