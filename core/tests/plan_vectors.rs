//! Runs every vector in `tests/vectors/plan` (see its README) and compares with the expected
//! files byte for byte. `UPDATE_VECTORS=1` rewrites them. Also checks that the plans' lenient
//! reading of an application's identity agrees with render on every render vector.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test may panic

mod common;

use common::{input, vectors};
use coolify_k8s_core::output::to_json_pretty;
use coolify_k8s_core::plan::{check_cluster, identities, parse_kubeconfig, parse_top, plan, rewrite_k3s_kubeconfig, unknown_kinds, unknown_stack_kinds, Action};
use coolify_k8s_core::compose::ComposeInput;
use coolify_k8s_core::{render, render_compose, Bundle, Errors};
use serde_json::Value;
use std::fs;
use std::path::Path;

fn check(dir: &Path, file: &str, actual: &str, failures: &mut Vec<String>) {
    let path = dir.join(file);
    if std::env::var_os("UPDATE_VECTORS").is_some() {
        for stale in ["expected.json", "expected.txt", "problems.json"] {
            if stale != file {
                let _ = fs::remove_file(dir.join(stale));
            }
        }
        fs::write(&path, actual).expect("write vector");
        return;
    }
    match fs::read_to_string(&path) {
        Ok(expected) if expected == actual => {}
        Ok(_) => failures.push(format!("{}: output differs from {file}", dir.display())),
        Err(_) => failures.push(format!("{}: {file} is missing", dir.display())),
    }
}

/// What a vector produces: the file name and its text.
fn run(input: &Value) -> (&'static str, String) {
    let result: Result<(&'static str, String), Errors> = if let Some(parse) = input.get("parse").and_then(Value::as_str) {
        let text = input.get("text").and_then(Value::as_str).unwrap_or("");
        let option = |k: &str| input.get(k).and_then(Value::as_str);
        match parse {
            "resources" => parse_top(text).map(|u| ("expected.json", to_json_pretty(&u))),
            "cluster-check" => check_cluster(text).map(|v| ("expected.json", to_json_pretty(&v))),
            "kubeconfig" => parse_kubeconfig(text, option("context")).map(|k| ("expected.json", to_json_pretty(&k))),
            "k3s-kubeconfig" => rewrite_k3s_kubeconfig(text, option("public_address").unwrap_or("")).map(|t| ("expected.txt", t)),
            other => panic!("unknown parser {other}"),
        }
    } else {
        Action::from_value(input.clone()).and_then(|a| plan(&a)).map(|p| ("expected.json", to_json_pretty(&p)))
    };
    match result {
        Ok(ok) => ok,
        Err(e) => ("problems.json", to_json_pretty(&e.problems)),
    }
}

#[test]
fn plan_vectors_match_expected_output() {
    let mut failures = Vec::new();
    for dir in vectors("plan") {
        let text = fs::read_to_string(dir.join("input.json")).unwrap_or_else(|_| panic!("{}: no input.json", dir.display()));
        let input: Value = serde_json::from_str(&text).expect("input.json is JSON");
        let (file, actual) = run(&input);
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // Error vectors are named e*, the others must succeed.
        if name.starts_with('e') != (file == "problems.json") && !name.starts_with('p') {
            failures.push(format!("{}: unexpected {file}", dir.display()));
        }
        check(&dir, file, &actual, &mut failures);
        assert_eq!(run(&input), (file, actual), "{}: not deterministic", dir.display());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn secrets_of_the_vectors_appear_only_in_hidden_steps() {
    for dir in vectors("plan") {
        let text = fs::read_to_string(dir.join("input.json")).expect("input");
        let input: Value = serde_json::from_str(&text).expect("json");
        let (file, out) = run(&input);
        for secret in ["s3cr3t", "c2VjcmV0LXRva2Vu", "bm90LWEtcmVhbC1rZXk", "ya29"] {
            if file == "problems.json" {
                assert!(!out.contains(secret), "{}: a problem shows a secret", dir.display());
            }
        }
        if file == "expected.json" && input.get("action").is_some() {
            let json: Value = serde_json::from_str(&out).expect("plan json");
            for step in json["steps"].as_array().expect("steps") {
                if step["hidden"] == Value::Bool(false) {
                    let command = step["command"].as_str().expect("command");
                    assert!(!command.contains("s3cr3t"), "{}: a visible step shows a secret", dir.display());
                }
            }
            assert!(!json["warnings"].to_string().contains("s3cr3t"));
            assert!(!json.get("kubeconfig").map(Value::to_string).unwrap_or_default().contains("c2VjcmV0"));
            let action = Action::from_value(input.clone()).expect("action");
            let debug = format!("{action:?} {:?}", plan(&action).expect("plan"));
            for secret in ["s3cr3t", "c2VjcmV0LXRva2Vu", "bm90LWEtcmVhbC1rZXk"] {
                assert!(!debug.contains(secret), "{}: Debug shows a secret", dir.display());
            }
        }
    }
}

#[test]
fn identity_read_for_plans_agrees_with_render() {
    let mut count = 0;
    for dir in vectors("render") {
        let text = ["input.json", "input.yaml"].iter().find_map(|f| fs::read_to_string(dir.join(f)).ok()).expect("input");
        let bundle = Bundle::from_text(&text).expect("bundle");
        let [lenient, rendered] = identities(&bundle).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        assert_eq!(lenient, rendered, "{}", dir.display());
        let manifests = render(&bundle).expect("renders").manifests;
        assert!(unknown_kinds(&manifests).is_empty(), "{}: plans cannot prune {:?}", dir.display(), unknown_kinds(&manifests));
        count += 1;
    }
    assert!(count > 10);
}

#[test]
fn plans_know_every_kind_compose_renders() {
    let mut count = 0;
    for dir in vectors("compose") {
        let manifests = render_compose(&ComposeInput::from_text(&input(&dir)).expect("reads")).expect("renders").manifests;
        assert!(unknown_stack_kinds(&manifests).is_empty(), "{}: plans cannot prune {:?}", dir.display(), unknown_stack_kinds(&manifests));
        count += 1;
    }
    assert!(count >= 5);
}
