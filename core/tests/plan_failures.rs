//! Failure paths of command plans, run the way Coolify runs them (one script on the stdin of
//! `bash -se`) with the stub programs of `tests/plan`: a fatal step stops the script, a non-fatal
//! one does not, a failed download fails the install, and every step also runs alone.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test may panic

use coolify_k8s_core::plan::{plan, Action};
use serde_json::{json, Value};

#[path = "../../tests/plan/sandbox.rs"]
mod sandbox;
use sandbox::{run_script, Run, Sandbox};

fn bundle_with_hooks() -> Value {
    json!({
        "application": {"uuid": "q4w8c0k0o4sgs0cgc8kk0so8", "name": "web", "build_pack": "dockerimage", "docker_registry_image_name": "nginx",
                        "ports_exposes": "80", "pre_deployment_command": "echo pre", "post_deployment_command": "echo post"},
        "server": {"settings": {"kubernetes_namespace": "apps"}},
    })
}

fn programs(run: &Run) -> Vec<String> {
    run.calls.iter().map(|c| c.argv.iter().skip(3).take(2).cloned().collect::<Vec<_>>().join(" ")).collect()
}

fn script_of(action: Value) -> String {
    plan(&Action::from_value(action).expect("action")).expect("plan").script()
}

#[test]
fn a_failed_rollout_is_rolled_back_and_stops_the_script() {
    let sb = Sandbox::new("rollout");
    let dir = sb.case_dir();
    let script = script_of(json!({"action": "deploy", "timeout_seconds": 5, "bundle": bundle_with_hooks()}));
    let run = run_script(&sb, &dir, &script, &[("STUB_FAIL", "rollout status")]);
    assert_ne!(run.status, 0, "the deploy must fail");
    // pre-deployment (get pods, exec), apply, rollout status, rollout undo — no prune, no post command.
    assert_eq!(programs(&run), ["get pods", "exec pod/stub-pod", "apply --server-side", "rollout status", "rollout undo"]);
}

#[test]
fn a_failed_prune_step_does_not_stop_the_script() {
    let sb = Sandbox::new("prune");
    let dir = sb.case_dir();
    let script = script_of(json!({"action": "deploy", "timeout_seconds": 5, "bundle": bundle_with_hooks()}));
    let run = run_script(&sb, &dir, &script, &[("STUB_FAIL", "delete")]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let p = programs(&run);
    assert_eq!(p.iter().filter(|c| c.starts_with("delete")).count(), 12);
    assert_eq!(p.last().map(String::as_str), Some("exec pod/stub-pod"), "the post-deployment command still runs");
}

#[test]
fn without_a_ready_pod_the_pre_command_is_skipped_and_the_post_command_fails() {
    let sb = Sandbox::new("nopod");
    let dir = sb.case_dir();
    let pre = script_of(json!({"action": "pre-deploy", "bundle": bundle_with_hooks()}));
    let run = run_script(&sb, &dir, &format!("{pre}kubectl marker </dev/null\n"), &[("STUB_NO_POD", "1")]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stderr.contains("pre-deployment command skipped"));
    assert_eq!(run.calls.len(), 2, "the lookup, then the script carried on");
    let dir = sb.case_dir();
    let post = script_of(json!({"action": "post-deploy", "bundle": bundle_with_hooks()}));
    let run = run_script(&sb, &dir, &format!("{post}kubectl marker </dev/null\n"), &[("STUB_NO_POD", "1")]);
    assert_ne!(run.status, 0);
    assert_eq!(run.calls.len(), 2, "rollout status, the lookup; the script stopped there");
    let dir = sb.case_dir();
    let exec = script_of(json!({"action": "exec", "command": ["ls"], "bundle": bundle_with_hooks()}));
    let run = run_script(&sb, &dir, &exec, &[("STUB_NO_POD", "1")]);
    assert_ne!(run.status, 0);
}

#[test]
fn a_failed_download_fails_the_install() {
    let sb = Sandbox::new("curl");
    let dir = sb.case_dir();
    let script = script_of(json!({"action": "install-k3s"}));
    let run = run_script(&sb, &dir, &script, &[("STUB_FAIL", "-sfL")]);
    assert_ne!(run.status, 0, "curl failed, so the step fails even though sh succeeded");
}

#[test]
fn uninstall_scripts_in_an_unusual_directory() {
    let sb = Sandbox::new("bindir");
    let dir = sb.case_dir();
    let odd = dir.join("work").join("bin 'dir' $(touch x) ;\n日本");
    std::fs::create_dir_all(&odd).expect("dir");
    for s in ["k3s-uninstall.sh", "k3s-agent-uninstall.sh"] {
        std::fs::copy(sb.bin.join(s), odd.join(s)).expect("copy");
    }
    let script = script_of(json!({"action": "uninstall-k3s", "agent": true, "bin_dir": odd.display().to_string()}));
    let run = run_script(&sb, &dir, &script, &[]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.calls.len(), 1);
    assert_eq!(run.calls[0].argv, ["k3s-agent-uninstall.sh"]);
    assert!(!dir.join("work").join("x").exists());
}

#[test]
fn each_step_also_runs_alone() {
    // Coolify may run steps one by one (execute_remote_command): no step relies on another's
    // shell state.
    let sb = Sandbox::new("alone");
    let p = plan(&Action::from_value(json!({"action": "deploy", "timeout_seconds": 5, "bundle": bundle_with_hooks()})).expect("action")).expect("plan");
    let dir = sb.case_dir();
    let together = run_script(&sb, &dir, &p.script(), &[]);
    let mut alone = Vec::new();
    for step in &p.steps {
        let dir = sb.case_dir();
        let run = run_script(&sb, &dir, &format!("{}\n", step.command), &[]);
        assert_eq!(run.status, 0, "{}: {}", step.description, run.stderr);
        alone.extend(run.calls);
    }
    assert_eq!(together.calls, alone);
}
