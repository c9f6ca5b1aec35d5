//! Sequential rollouts: every scenario in `tests/vectors/coordinate/`, byte for byte, plus a
//! property over random sequences of polls.
//!
//! `UPDATE_VECTORS=1 cargo test -p coolify-k8s-core --test coordinate` rewrites each
//! `expected.json` from the current code; review the diff like code.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test may panic

use coolify_k8s_core::coordinate::{coordinate, Decision, Input};
use coolify_k8s_core::output::to_json_pretty;
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::fs;
use std::path::{Path, PathBuf};

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/coordinate")
}

/// The input of poll `i`: the scenario's keys (but `polls`), overlaid with the poll's (but
/// `step`), with `status` from the previous decision unless the poll gives one.
fn poll_input(scenario: &Map<String, Value>, poll: &Map<String, Value>, previous: Option<&Value>) -> String {
    let mut input: Map<String, Value> = scenario
        .iter()
        .filter(|(k, _)| *k != "polls")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (k, v) in poll {
        if k != "step" {
            input.insert(k.clone(), v.clone());
        }
    }
    if let (false, Some(status)) = (poll.contains_key("status"), previous) {
        input.insert("status".to_owned(), status.clone());
    }
    serde_json::to_string_pretty(&Value::Object(input)).unwrap()
}

/// Runs a scenario: one outcome per poll, the decision or `{"problems": [...]}`.
fn run_scenario(scenario: &Value) -> Value {
    let scenario = scenario.as_object().expect("a scenario is an object");
    let polls = scenario.get("polls").and_then(Value::as_array).expect("polls");
    let mut previous: Option<Value> = None;
    let mut out = Vec::new();
    for poll in polls {
        let poll = poll.as_object().expect("a poll is an object");
        let text = poll_input(scenario, poll, previous.as_ref());
        let outcome = Input::parse(&text).and_then(|input| coordinate(&input));
        let mut entry = Map::new();
        if let Some(step) = poll.get("step") {
            entry.insert("step".to_owned(), step.clone());
        }
        match outcome {
            Ok(decision) => {
                let value = serde_json::to_value(&decision).unwrap();
                previous = value.get("status").cloned();
                entry.insert("decision".to_owned(), value);
            }
            Err(e) => {
                entry.insert("problems".to_owned(), serde_json::to_value(&e.problems).unwrap());
            }
        }
        out.push(Value::Object(entry));
    }
    Value::Array(out)
}

#[test]
fn vectors() {
    let update = std::env::var_os("UPDATE_VECTORS").is_some();
    let mut dirs: Vec<PathBuf> = fs::read_dir(vectors_dir())
        .expect("tests/vectors/coordinate exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 8, "expected the coordinate vectors, found {}", dirs.len());
    let mut failures = Vec::new();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let input: Value = serde_json::from_str(&fs::read_to_string(dir.join("input.json")).expect("input.json"))
            .unwrap_or_else(|e| panic!("{name}: input.json: {e}"));
        let got = to_json_pretty(&run_scenario(&input));
        let again = to_json_pretty(&run_scenario(&input));
        assert_eq!(got, again, "{name}: not deterministic");
        let expected_path = dir.join("expected.json");
        if update {
            fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != got {
            failures.push(format!("{name}: output differs from expected.json\n--- got ---\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn yaml_input_reads_like_json() {
    let yaml = r#"
now: "2025-01-20T10:00:00Z"
spec:
  labelSelector:
    matchExpressions:
      - { key: component, operator: In, values: [nginx] }
  failurePolicy: skip
deployments:
  kind: List
  items:
    - kind: Deployment
      metadata: { name: b, namespace: default, generation: 2, labels: { component: nginx } }
      spec: { replicas: 1, paused: true }
      status: { observedGeneration: 2, replicas: 1, readyReplicas: 1, availableReplicas: 1 }
"#;
    let decision = coordinate(&Input::parse(yaml).unwrap()).unwrap();
    assert_eq!(decision.active_deployment.as_deref(), Some("default/b"));
    assert_eq!(decision.patches.len(), 1);
    assert!(!decision.patches[0].paused);
}

#[test]
fn bad_input_reports_every_problem_with_its_path() {
    let text = r#"{"spec": {"labelSelector": {"matchExpressions": [
        {"key": "a", "operator": "Equals", "values": ["x"]},
        {"key": "b", "operator": "In"},
        {"key": "c", "operator": "Exists", "values": ["y"]}]}, "minReadySeconds": -1},
      "deployments": [{"kind": "Deployment", "metadata": {}}, 5]}"#;
    let err = coordinate(&Input::parse(text).unwrap()).unwrap_err();
    let paths: Vec<&str> = err.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "now",
            "spec.labelSelector.matchExpressions[0].operator",
            "spec.labelSelector.matchExpressions[1].values",
            "spec.labelSelector.matchExpressions[2].values",
            "spec.minReadySeconds",
            "deployments[0].metadata.name",
            "deployments[1]",
        ]
    );
    let err = Input::parse(r#"{"spec": {"labelSelector": {}, "failurePolicy": "retry"}}"#).unwrap_err();
    assert_eq!(err.problems[0].path, "spec.failurePolicy");
    let err = Input::parse(r#"{"spec": {"labelSelector": {}, "minReadySecond": 3}}"#).unwrap_err();
    assert_eq!(err.problems[0].path, "spec.minReadySecond");
    let err = Input::parse("  ").unwrap_err();
    assert_eq!(err.problems[0].code, "empty_input");
}

// ---------------------------------------------------------------------------------------------
// Property: over random polls, at most one Deployment is unpaused with pending changes once the
// decision's patches are applied, and that one is the active Deployment.

#[derive(Clone, Debug)]
struct Sim {
    present: bool,
    desired: i64,
    generation: i64,
    /// The generation fully rolled out.
    rolled: i64,
    /// Updated replicas of the current generation.
    progress: i64,
    paused: bool,
    failing: bool,
    lagging: bool,
}

impl Sim {
    fn pending(&self) -> bool {
        self.rolled != self.generation
    }

    fn object(&self, i: usize) -> Value {
        let updated = if self.pending() { self.progress } else { self.desired };
        let ready = if self.pending() {
            self.progress.max(self.desired - 1)
        } else {
            self.desired
        };
        let mut conditions = vec![json!({"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"})];
        if self.failing && self.pending() && !self.paused {
            conditions.push(json!({"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded"}));
        }
        json!({
            "kind": "Deployment",
            "metadata": {"name": format!("d{i}"), "namespace": "default", "generation": self.generation,
                         "labels": {"component": "web"}},
            "spec": {"replicas": self.desired, "paused": self.paused},
            "status": {"observedGeneration": if self.lagging { self.generation - 1 } else { self.generation },
                       "replicas": self.desired, "updatedReplicas": updated, "readyReplicas": ready,
                       "availableReplicas": ready, "conditions": conditions}
        })
    }

    /// The Deployment controller between two polls.
    fn advance(&mut self) {
        self.lagging = false;
        if !self.paused && self.pending() && !self.failing {
            self.progress += 1;
            if self.progress >= self.desired {
                self.rolled = self.generation;
                self.progress = self.desired;
            }
        }
    }
}

#[derive(Clone, Debug)]
enum Change {
    /// GitOps changes a template (and may set `paused: false`).
    Update(usize, bool),
    Fail(usize),
    Toggle(usize),
    Wait(u8),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (0..4usize, any::<bool>()).prop_map(|(i, u)| Change::Update(i, u)),
        (0..4usize).prop_map(Change::Fail),
        (0..4usize).prop_map(Change::Toggle),
        (0..40u8).prop_map(Change::Wait),
    ]
}

fn at(t: i64) -> String {
    format!("2025-01-20T{:02}:{:02}:{:02}Z", 10 + t / 3600, (t / 60) % 60, t % 60)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
    #[test]
    fn at_most_one_unpaused_with_pending_changes(
        desired in proptest::collection::vec(1..4i64, 4),
        skip in any::<bool>(),
        min_ready in 0..20i64,
        changes in proptest::collection::vec(change(), 1..40),
    ) {
        let mut sims: Vec<Sim> = desired.iter().map(|&d| Sim {
            present: true, desired: d, generation: 1, rolled: 1, progress: d, paused: false, failing: false, lagging: false,
        }).collect();
        let mut status = Value::Null;
        let mut t = 0i64;
        for change in changes {
            match change {
                Change::Update(i, unpause) => {
                    let s = &mut sims[i];
                    s.generation += 1;
                    s.progress = 0;
                    s.failing = false;
                    s.lagging = true;
                    if unpause { s.paused = false; }
                }
                Change::Fail(i) => sims[i].failing = true,
                Change::Toggle(i) => sims[i].present = !sims[i].present,
                Change::Wait(secs) => t += i64::from(secs),
            }
            let items: Vec<Value> = sims.iter().enumerate().filter(|(_, s)| s.present).map(|(i, s)| s.object(i)).collect();
            let input = json!({
                "now": at(t),
                "spec": {"labelSelector": {"matchLabels": {"component": "web"}}, "minReadySeconds": min_ready,
                         "failurePolicy": if skip { "skip" } else { "halt" }},
                "deployments": {"kind": "List", "items": items},
                "status": status,
            });
            let parsed = Input::parse(&input.to_string()).unwrap();
            let decision: Decision = coordinate(&parsed).unwrap();
            prop_assert_eq!(&decision, &coordinate(&parsed).unwrap());
            for p in &decision.patches {
                let i: usize = p.name[1..].parse().unwrap();
                sims[i].paused = p.paused;
            }
            let unpaused_pending: Vec<String> = sims.iter().enumerate()
                .filter(|(_, s)| s.present && !s.paused && s.pending())
                .map(|(i, _)| format!("default/d{i}")).collect();
            prop_assert!(unpaused_pending.len() <= 1, "{:?}", unpaused_pending);
            if let Some(key) = unpaused_pending.first() {
                prop_assert_eq!(decision.active_deployment.as_ref(), Some(key));
            }
            status = serde_json::to_value(&decision.status).unwrap();
            for s in &mut sims { s.advance(); }
            t += 5;
        }
    }
}

#[test]
fn an_empty_list_of_match_labels_is_no_labels() {
    // PHP has one empty array for `[]` and `{}`.
    let input = |labels: serde_json::Value| {
        coolify_k8s_core::coordinate::Input::from_value(serde_json::json!({
            "now": "2025-01-20T10:00:00Z",
            "spec": {"labelSelector": {"matchLabels": labels, "matchExpressions": [{"key": "tier", "operator": "Exists"}]}},
            "deployments": []
        }))
    };
    let empty = input(serde_json::json!([])).expect("an empty list reads as no labels");
    assert!(empty.spec.label_selector.match_labels.is_empty());
    let problems = input(serde_json::json!(["tier"])).expect_err("a non-empty list is refused").problems;
    assert_eq!(problems[0].path, "spec.labelSelector.matchLabels");
}
