//! Runs every vector in `tests/vectors/render` and `tests/vectors/render-errors` through the
//! core and compares with the expected files, byte for byte. `UPDATE_VECTORS=1` rewrites them.

mod common;

use common::{check, input, problems_json, vectors};
use coolify_k8s_core::{output, render, Bundle};
use std::fs;

#[test]
fn render_vectors_match_expected_output() {
    let mut failures = Vec::new();
    for dir in vectors("render") {
        let bundle = Bundle::from_text(&input(&dir)).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let rendered = render(&bundle).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let yaml = output::to_yaml(&rendered.manifests);
        check(&dir, "expected.yaml", &yaml, &mut failures);
        check(&dir, "expected.json", &output::to_json_list(&rendered.manifests), &mut failures);
        check(&dir, "warnings.json", &problems_json(&rendered.warnings), &mut failures);
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("vector").to_owned();
        insta::with_settings!({ snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots") }, {
            insta::assert_snapshot!(name, yaml);
        });
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn render_is_deterministic() {
    for dir in vectors("render") {
        let text = input(&dir);
        let once = Bundle::from_text(&text).and_then(|b| render(&b)).expect("renders");
        let twice = Bundle::from_text(&text).and_then(|b| render(&b)).expect("renders");
        assert_eq!(output::to_yaml(&once.manifests), output::to_yaml(&twice.manifests), "{}", dir.display());
        assert_eq!(output::to_json_list(&once.manifests), output::to_json_list(&twice.manifests), "{}", dir.display());
        assert_eq!(once.warnings, twice.warnings);
    }
}

#[test]
fn error_vectors_report_every_problem() {
    let mut failures = Vec::new();
    for dir in vectors("render-errors") {
        let result = Bundle::from_text(&input(&dir)).and_then(|b| render(&b));
        match result {
            Ok(_) => failures.push(format!("{}: rendered, but problems were expected", dir.display())),
            Err(e) => {
                assert!(!e.problems.is_empty());
                check(&dir, "problems.json", &problems_json(&e.problems), &mut failures);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn json_and_yaml_inputs_agree() {
    for dir in vectors("render") {
        let Ok(json) = fs::read_to_string(dir.join("input.json")) else { continue };
        let value: serde_json::Value = serde_json::from_str(&json).expect("json");
        let yaml = serde_saphyr::to_string(&value).expect("yaml");
        let a = Bundle::from_json_str(&json).and_then(|b| render(&b)).expect("json renders");
        let b = Bundle::from_yaml_str(&yaml).and_then(|b| render(&b)).expect("yaml renders");
        assert_eq!(output::to_yaml(&a.manifests), output::to_yaml(&b.manifests), "{}", dir.display());
    }
}
