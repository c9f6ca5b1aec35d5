//! Status verdicts: every vector in `tests/vectors/status/`, byte for byte, plus properties.
//!
//! `UPDATE_VECTORS=1 cargo test -p coolify-k8s-core --test status` rewrites each
//! `expected.json` from the current code; review the diff like code.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test may panic

use coolify_k8s_core::output::to_json_pretty;
use coolify_k8s_core::status::{verdict, Context, Observed};
use coolify_k8s_core::Problem;
use proptest::prelude::*;
use serde::Serialize;
use std::fs;
use std::path::{Path, PathBuf};

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/status")
}

struct Vector {
    name: String,
    dir: PathBuf,
    input: String,
    context: Context,
}

fn vectors() -> Vec<Vector> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(vectors_dir())
        .expect("tests/vectors/status exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let name = dir
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            let input_path = ["input.json", "input.yaml"]
                .iter()
                .map(|f| dir.join(f))
                .find(|p| p.exists())
                .unwrap_or_else(|| panic!("{name}: no input.json or input.yaml"));
            let input = fs::read_to_string(&input_path).expect("input is UTF-8");
            let context_text = fs::read_to_string(dir.join("context.json")).expect("context.json");
            let context: Context = serde_json::from_str(&context_text)
                .unwrap_or_else(|e| panic!("{name}: context.json: {e}"));
            Vector {
                name,
                dir,
                input,
                context,
            }
        })
        .collect()
}

/// What a binding must print for a vector: the verdict, or `{"problems": [...]}`.
fn outcome(input: &str, context: &Context) -> String {
    #[derive(Serialize)]
    struct Failure<'a> {
        problems: &'a [Problem],
    }
    match Observed::parse(input) {
        Ok(observed) => to_json_pretty(&verdict(&observed, context)),
        Err(errors) => to_json_pretty(&Failure {
            problems: &errors.problems,
        }),
    }
}

#[test]
fn every_vector_matches_expected_json() {
    let update = std::env::var("UPDATE_VECTORS").is_ok_and(|v| v == "1");
    let all = vectors();
    assert!(
        all.len() >= 60,
        "expected the full vector set, found {}",
        all.len()
    );
    let mut failures = Vec::new();
    for v in &all {
        let actual = outcome(&v.input, &v.context);
        let path = v.dir.join("expected.json");
        if update {
            fs::write(&path, &actual).expect("writable");
            continue;
        }
        let expected = fs::read_to_string(&path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "--- {}\nexpected:\n{expected}\nactual:\n{actual}",
                v.name
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} vector(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_a_vector() {
    let reasons: Vec<String> = vectors()
        .iter()
        .filter_map(|v| {
            let out: serde_json::Value =
                serde_json::from_str(&outcome(&v.input, &v.context)).ok()?;
            out.get("reason")
                .and_then(|r| r.as_str())
                .map(str::to_owned)
        })
        .collect();
    for code in [
        "AwaitingObjects",
        "NotDeployed",
        "Terminating",
        "Stopped",
        "ProgressDeadlineExceeded",
        "ReplicaFailure",
        "CrashLoopBackOff",
        "OOMKilled",
        "CreateContainerConfigError",
        "CreateContainerError",
        "InvalidImageName",
        "RunContainerError",
        "ErrImagePull",
        "ImagePullBackOff",
        "Unschedulable",
        "NotReady",
        "Serving",
        "RollingOut",
        "Starting",
        "NoPods",
    ] {
        assert!(
            reasons.iter().any(|r| r == code),
            "no vector ends in reason {code}"
        );
    }
}

#[test]
fn json_read_as_yaml_gives_the_same_verdict() {
    for v in vectors()
        .iter()
        .filter(|v| v.dir.join("input.json").exists())
    {
        let Ok(from_json) = Observed::from_json_str(&v.input) else {
            continue;
        };
        // Several JSON documents one after the other are a JSON stream, not YAML.
        let documents = serde_json::Deserializer::from_str(&v.input)
            .into_iter::<serde_json::Value>()
            .count();
        if documents > 1 {
            continue;
        }
        let from_yaml =
            Observed::from_yaml_str(&v.input).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        assert_eq!(
            to_json_pretty(&verdict(&from_json, &v.context)),
            to_json_pretty(&verdict(&from_yaml, &v.context)),
            "{}",
            v.name
        );
    }
}

#[test]
fn a_json_value_gives_the_same_verdict() {
    for v in vectors()
        .iter()
        .filter(|v| v.dir.join("input.json").exists())
    {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&v.input) else {
            continue;
        };
        let Ok(observed) = Observed::from_value(&value) else {
            continue;
        };
        assert_eq!(
            to_json_pretty(&verdict(&observed, &v.context)),
            outcome(&v.input, &v.context),
            "{}",
            v.name
        );
    }
}

#[test]
fn verdicts_are_deterministic() {
    for v in vectors() {
        assert_eq!(
            outcome(&v.input, &v.context),
            outcome(&v.input, &v.context),
            "{}",
            v.name
        );
    }
}

#[test]
fn context_defaults() {
    let ctx: Context =
        serde_json::from_str(r#"{"now": "2025-05-01T12:00:00Z"}"#).expect("a context");
    assert_eq!(ctx.grace, 120);
    assert!(!ctx.in_grace());
    let bad = serde_json::from_str::<Context>(r#"{"now": "yesterday"}"#).expect_err("not a time");
    assert!(bad.to_string().contains("RFC 3339"), "{bad}");
    let bad = serde_json::from_str::<Context>(r#"{"now": "2025-05-01T12:00:00Z", "deployedAt": null}"#)
        .expect_err("unknown field");
    assert!(bad.to_string().contains("deployedAt"), "{bad}");
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let keys = prop::sample::select(vec![
        "kind",
        "metadata",
        "spec",
        "status",
        "items",
        "name",
        "namespace",
        "labels",
        "ownerReferences",
        "replicas",
        "paused",
        "conditions",
        "type",
        "reason",
        "message",
        "phase",
        "containerStatuses",
        "state",
        "waiting",
        "lastState",
        "terminated",
        "ready",
        "restartCount",
        "generation",
        "observedGeneration",
        "readyReplicas",
        "involvedObject",
        "scaleTargetRef",
        "desiredReplicas",
        "pod-template-hash",
        "coolify.pullRequestId",
        "deletionTimestamp",
        "creationTimestamp",
        "template",
        "containers",
        "readinessProbe",
        "controller",
    ]);
    let words = prop::sample::select(vec![
        "Deployment",
        "ReplicaSet",
        "Pod",
        "HorizontalPodAutoscaler",
        "Event",
        "List",
        "PodList",
        "Running",
        "Pending",
        "Failed",
        "True",
        "False",
        "Ready",
        "Progressing",
        "ReplicaFailure",
        "PodScheduled",
        "CrashLoopBackOff",
        "OOMKilled",
        "ImagePullBackOff",
        "Unschedulable",
        "ProgressDeadlineExceeded",
        "web",
        "web-abc12",
        "Warning",
        "0",
        "7",
        "2025-05-01T12:00:00Z",
        "",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1.0e3..1.0e3f64).prop_map(Value::from),
        words.prop_map(|w| Value::String(w.to_owned())),
        "\\PC{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..8).prop_map(|entries| Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect()
            )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Arbitrary JSON (weighted towards Kubernetes field names and values) never panics, as
    /// JSON, as YAML, or as an in-memory value.
    #[test]
    fn arbitrary_json_never_panics(value in json_value(), now in 0i64..4_000_000_000, grace in 0u64..1000, pr in 0u64..3) {
        let text = serde_json::to_string_pretty(&value).expect("serialisable");
        let mut ctx = Context::new(coolify_k8s_core::status::Timestamp::from_unix_seconds(now));
        ctx.deployed_at = Some(coolify_k8s_core::status::Timestamp::from_unix_seconds(now - 60));
        ctx.grace = grace;
        ctx.pull_request = pr;
        if let Ok(observed) = Observed::parse(&text) {
            let _ = to_json_pretty(&verdict(&observed, &ctx));
        }
        if let Ok(observed) = Observed::from_yaml_str(&text) {
            let _ = verdict(&observed, &ctx);
        }
        if let Ok(observed) = Observed::from_value(&value) {
            let _ = verdict(&observed, &ctx);
        }
    }

    /// Arbitrary text never panics the parser.
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        if let Ok(observed) = Observed::parse(&text) {
            let _ = verdict(&observed, &Context::new(coolify_k8s_core::status::Timestamp::from_unix_seconds(0)));
        }
    }
}
