//! Runs every vector in `tests/vectors/compose` and `tests/vectors/compose-errors` through
//! `render_compose` and compares with the expected files, byte for byte. `UPDATE_VECTORS=1`
//! rewrites them.

mod common;

use common::{check, input, problems_json, vectors};
use coolify_k8s_core::compose::ComposeInput;
use coolify_k8s_core::{output, render_compose, validate};
use std::path::Path;

fn run(dir: &Path) -> Result<coolify_k8s_core::Rendered, coolify_k8s_core::Errors> {
    ComposeInput::from_text(&input(dir)).and_then(|i| render_compose(&i))
}

#[test]
fn compose_vectors_match_expected_output() {
    let mut failures = Vec::new();
    for dir in vectors("compose") {
        let rendered = run(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        assert!(validate::validate_objects(&rendered.manifests).is_empty(), "{}", dir.display());
        check(&dir, "expected.yaml", &output::to_yaml(&rendered.manifests), &mut failures);
        check(&dir, "expected.json", &output::to_json_list(&rendered.manifests), &mut failures);
        check(&dir, "warnings.json", &problems_json(&rendered.warnings), &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn compose_is_deterministic() {
    for dir in vectors("compose") {
        let once = run(&dir).expect("renders");
        let twice = run(&dir).expect("renders");
        assert_eq!(output::to_yaml(&once.manifests), output::to_yaml(&twice.manifests), "{}", dir.display());
        assert_eq!(once.warnings, twice.warnings);
    }
}

#[test]
fn compose_error_vectors_report_every_problem() {
    let mut failures = Vec::new();
    for dir in vectors("compose-errors") {
        match run(&dir) {
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
fn yes_and_octal_stay_strings() {
    let input = ComposeInput::from_text("uuid: u1\ncompose: |\n  services:\n    a:\n      image: busybox\n      environment:\n        A: yes\n        B: 012\n        C: on\n").expect("input");
    let yaml = output::to_yaml(&render_compose(&input).expect("renders").manifests);
    // Secret data is base64: `yes` → eWVz, `012` → MDEy, `on` → b24=.
    assert!(yaml.contains("A: eWVz") && yaml.contains("B: MDEy") && yaml.contains("C: b24="), "{yaml}");
}

#[test]
fn process_environment_is_never_read() {
    // `HOME` is set in every test process; the compose file's `${HOME}` must not see it.
    let input = ComposeInput::from_text("uuid: u1\ncompose: |\n  services:\n    a:\n      image: busybox\n      environment:\n        - HOME\n        - H=${HOME}\n").expect("input");
    let rendered = render_compose(&input).expect("renders");
    let yaml = output::to_yaml(&rendered.manifests);
    assert!(yaml.contains("H: ''") || yaml.contains("H: \"\""), "{yaml}");
    assert!(rendered.warnings.iter().any(|w| w.code == "unset_variable" && w.path == "services.a.environment[0]"));
}

#[test]
fn seed_derivation_is_stable_and_seed_dependent() {
    let text = |seed: &str| format!("uuid: u1\nseed: {seed}\ncompose: |\n  services:\n    a:\n      image: busybox\n      environment:\n        P: ${{SERVICE_PASSWORD_A}}\n");
    let a = output::to_yaml(&render_compose(&ComposeInput::from_text(&text("one")).unwrap()).unwrap().manifests);
    let b = output::to_yaml(&render_compose(&ComposeInput::from_text(&text("one")).unwrap()).unwrap().manifests);
    let c = output::to_yaml(&render_compose(&ComposeInput::from_text(&text("two")).unwrap()).unwrap().manifests);
    assert_eq!(a, b);
    assert_ne!(a, c);
}
