//! The CLI contract: `render` writes exactly the vector's expected bytes; bad input exits 1 with
//! one `<path>: <message> [<code>]` line per problem and nothing on stdout.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn vectors(kind: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors").join(kind);
    let mut dirs: Vec<PathBuf> = fs::read_dir(root).expect("vectors").map(|e| e.expect("entry").path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    dirs
}

fn input_file(dir: &Path) -> PathBuf {
    let json = dir.join("input.json");
    if json.exists() { json } else { dir.join("input.yaml") }
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_coolify-k8s"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    if let Some(bytes) = stdin {
        // The CLI may exit (bad arguments) before reading stdin; a broken pipe is fine then.
        let _ = child.stdin.take().expect("stdin").write_all(bytes);
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().expect("wait");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn render_writes_the_expected_yaml_and_json() {
    for dir in vectors("render") {
        let file = input_file(&dir);
        let file = file.to_str().expect("utf-8 path");
        let (code, yaml, stderr) = run(&["render", file], None);
        assert_eq!(code, 0, "{file}: {stderr}");
        assert_eq!(yaml, fs::read_to_string(dir.join("expected.yaml")).expect("expected.yaml"), "{file}");
        let (code, json, _) = run(&["render", file, "--output", "json"], None);
        assert_eq!(code, 0);
        assert_eq!(json, fs::read_to_string(dir.join("expected.json")).expect("expected.json"), "{file}");
        let warnings: Vec<serde_json::Value> = serde_json::from_str(&fs::read_to_string(dir.join("warnings.json")).expect("warnings")).expect("json");
        assert_eq!(stderr.lines().count(), warnings.len(), "{file}: one stderr line per warning");
    }
}

#[test]
fn render_reads_stdin() {
    let dir = &vectors("render")[0];
    let bytes = fs::read(input_file(dir)).expect("input");
    let (code, yaml, _) = run(&["render", "-"], Some(&bytes));
    assert_eq!(code, 0);
    assert_eq!(yaml, fs::read_to_string(dir.join("expected.yaml")).expect("expected"));
}

#[test]
fn bad_input_exits_1_with_one_line_per_problem() {
    for dir in vectors("render-errors") {
        let file = input_file(&dir);
        let (code, stdout, stderr) = run(&["render", file.to_str().expect("path")], None);
        assert_eq!(code, 1, "{}", dir.display());
        assert!(stdout.is_empty());
        let problems: Vec<serde_json::Value> = serde_json::from_str(&fs::read_to_string(dir.join("problems.json")).expect("problems")).expect("json");
        let expected: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {} [{}]", p["path"].as_str().unwrap_or(""), p["message"].as_str().unwrap_or(""), p["code"].as_str().unwrap_or("")))
            .collect();
        let lines: Vec<&str> = stderr.lines().collect();
        let expected_lines: Vec<&str> = expected.iter().flat_map(|e| e.lines()).collect();
        assert_eq!(lines, expected_lines, "{}", dir.display());
    }
}

#[test]
fn usage_errors() {
    assert_eq!(run(&[], None).0, 1);
    assert_eq!(run(&["frobnicate"], None).0, 1);
    assert_eq!(run(&["render", "--output", "xml"], Some(b"{}")).0, 1);
    assert_eq!(run(&["render", "/nonexistent/bundle.json"], None).0, 1);
    assert_eq!(run(&["--version"], None).0, 0);
}

#[test]
fn status_prints_the_expected_verdict() {
    let mut checked = 0;
    for dir in vectors("status") {
        let input = if dir.join("input.json").exists() { dir.join("input.json") } else { dir.join("input.yaml") };
        let context: serde_json::Value = serde_json::from_str(&fs::read_to_string(dir.join("context.json")).expect("context")).expect("json");
        let mut args: Vec<String> = vec!["status".to_owned(), input.to_str().expect("path").to_owned()];
        if let Some(now) = context["now"].as_str() {
            args.extend(["--now".to_owned(), now.to_owned()]);
        }
        if let Some(at) = context["deployed_at"].as_str() {
            args.extend(["--deployed-at".to_owned(), at.to_owned()]);
        }
        if let Some(g) = context["grace"].as_u64() {
            args.extend(["--grace".to_owned(), g.to_string()]);
        }
        if let Some(pr) = context["pull_request"].as_u64() {
            args.extend(["--pull-request".to_owned(), pr.to_string()]);
        }
        if let Some(h) = context["health_check"].as_str() {
            args.extend(["--health-check".to_owned(), h.to_owned()]);
        }
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, stdout, stderr) = run(&argv, None);
        let expected = fs::read_to_string(dir.join("expected.json")).expect("expected");
        let value: serde_json::Value = serde_json::from_str(&expected).expect("json");
        if let Some(problems) = value.get("problems").and_then(|p| p.as_array()) {
            assert_eq!(code, 1, "{}", dir.display());
            assert!(stdout.is_empty());
            assert_eq!(stderr.lines().count(), problems.len(), "{}", dir.display());
        } else {
            assert_eq!(code, 0, "{}: {stderr}", dir.display());
            assert_eq!(stdout, expected, "{}", dir.display());
        }
        checked += 1;
    }
    assert!(checked > 0);
}

#[test]
fn status_needs_now() {
    assert_eq!(run(&["status", "-"], Some(b"[]")).0, 1);
}

#[test]
fn plan_prints_json_steps() {
    let dir = &vectors("render")[0];
    let file = input_file(dir);
    let (code, stdout, stderr) = run(&["plan", "restart", file.to_str().expect("path")], None);
    assert_eq!(code, 0, "{stderr}");
    let plan: serde_json::Value = serde_json::from_str(&stdout).expect("plan json");
    let steps = plan["steps"].as_array().expect("steps");
    assert!(steps.iter().any(|s| s["command"].as_str().is_some_and(|c| c.contains("rollout restart"))));
}

#[test]
fn coordinate_decides_and_refuses_bad_input() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/coordinate/01-reference-scenario/input.json");
    let scenario: serde_json::Value = serde_json::from_str(&fs::read_to_string(root).expect("scenario")).expect("json");
    let poll = &scenario["polls"][0];
    let input = serde_json::json!({"spec": scenario["spec"], "deployments": poll["deployments"], "now": poll["now"]});
    let (code, stdout, stderr) = run(&["coordinate", "-"], Some(input.to_string().as_bytes()));
    assert_eq!(code, 0, "{stderr}");
    let decision: serde_json::Value = serde_json::from_str(&stdout).expect("decision json");
    assert!(decision.get("status").is_some());
    assert_eq!(run(&["coordinate", "-"], Some(b"{\"spec\": {}}")).0, 1);
}
