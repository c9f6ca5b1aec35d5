//! Unit tests of the plan readers: the kubeconfig parser, the `kubectl top` parser, the cluster
//! check, the K3s kubeconfig rewrite, the quoting function and the action reader.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test may panic

use coolify_k8s_core::plan::{check_cluster, parse_kubeconfig, parse_top, plan, quote, rewrite_k3s_kubeconfig, Action};
use serde_json::json;

fn codes(e: &coolify_k8s_core::Errors) -> Vec<&str> {
    e.problems.iter().map(|p| p.code.as_str()).collect()
}

const CERT: &str = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t"; // "-----BEGIN CERTIFICATE-----"
const KEY: &str = "c3VwZXItc2VjcmV0LWtleQ=="; // "super-secret-key"

fn cert_config() -> String {
    format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://k8s.example.com:6443\n    certificate-authority-data: {CERT}\n\
         contexts:\n- name: main\n  context:\n    cluster: c\n    user: admin\n    namespace: apps\ncurrent-context: main\n\
         users:\n- name: admin\n  user:\n    client-certificate-data: {CERT}\n    client-key-data: {KEY}\n"
    )
}

// ------------------------------------------------------------------ kubeconfig

#[test]
fn kubeconfig_with_embedded_certificates() {
    let k = parse_kubeconfig(&cert_config(), None).unwrap();
    assert_eq!(k.summary.context, "main");
    assert_eq!(k.summary.cluster, "c");
    assert_eq!(k.summary.server, "https://k8s.example.com:6443");
    assert_eq!(k.summary.user.as_deref(), Some("admin"));
    assert_eq!(k.summary.namespace.as_deref(), Some("apps"));
    assert_eq!(k.summary.auth, ["client-certificate"]);
    assert!(k.warnings.is_empty(), "{:?}", k.warnings);
    let shown = format!("{k:?} {}", serde_json::to_string(&k).unwrap());
    assert!(!shown.contains(KEY) && !shown.contains("super-secret"));
}

#[test]
fn kubeconfig_with_a_token_never_shows_it() {
    let text = "clusters: [{name: c, cluster: {server: 'https://1.2.3.4'}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\nusers: [{name: u, user: {token: tok-s3cr3t}}]\n";
    let k = parse_kubeconfig(text, None).unwrap();
    assert_eq!(k.summary.context, "x", "the only context is chosen");
    assert_eq!(k.summary.auth, ["token"]);
    assert!(!format!("{k:?}").contains("s3cr3t"));
    assert!(!serde_json::to_string(&k).unwrap().contains("s3cr3t"));
}

#[test]
fn kubeconfig_as_json_and_yaml_strings_stay_strings() {
    let json = r#"{"clusters":[{"name":"yes","cluster":{"server":"https://a.example.com"}}],"contexts":[{"name":"on","context":{"cluster":"yes","user":"012"}}],"users":[{"name":"012","user":{"token":"t"}}],"current-context":"on"}"#;
    let k = parse_kubeconfig(json, None).unwrap();
    assert_eq!((k.summary.context.as_str(), k.summary.cluster.as_str()), ("on", "yes"));
    let yaml = "clusters: [{name: yes, cluster: {server: https://a.example.com}}]\ncontexts: [{name: on, context: {cluster: yes, user: 012}}]\nusers: [{name: 012, user: {token: t}}]\ncurrent-context: on\n";
    let k = parse_kubeconfig(yaml, None).unwrap();
    assert_eq!(k.summary.user.as_deref(), Some("012"));
}

#[test]
fn kubeconfig_exec_plugins_and_file_references_are_flagged() {
    let text = "clusters:\n- name: c\n  cluster:\n    server: https://eks.example.com\n    certificate-authority: /home/me/ca.crt\n\
                contexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\n\
                users:\n- name: u\n  user:\n    exec:\n      command: /usr/local/bin/aws\n      args: [eks, get-token, --role, s3cr3t-role]\n    tokenFile: /var/run/token\n";
    let k = parse_kubeconfig(text, None).unwrap();
    let warn: Vec<&str> = k.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(warn, ["kubeconfig_file_reference", "kubeconfig_file_reference", "kubeconfig_exec_plugin"]);
    let exec = &k.warnings[2];
    assert_eq!(exec.path, "content.users[0].user.exec");
    assert!(exec.message.contains("`aws`") && !exec.message.contains("s3cr3t"));
    assert_eq!(k.summary.auth, ["token-file", "exec"]);
}

#[test]
fn kubeconfig_problems_name_the_field_never_the_secret() {
    let text = "clusters:\n- name: c\n  cluster:\n    server: ftp://x\n    certificate-authority-data: '%%%not base64'\n    insecure-skip-tls-verify: true\n\
                contexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\n\
                users:\n- name: u\n  user:\n    client-key-data: 's3cr3t!!'\n";
    let e = parse_kubeconfig(text, None).unwrap_err();
    assert_eq!(
        codes(&e),
        ["kubeconfig_invalid_server", "kubeconfig_invalid_base64", "kubeconfig_insecure_with_ca", "kubeconfig_invalid_base64", "kubeconfig_incomplete_client_certificate"]
    );
    assert_eq!(e.problems[3].path, "content.users[0].user.client-key-data");
    assert!(!e.to_string().contains("s3cr3t") && !e.to_string().contains("%%%"));
}

#[test]
fn kubeconfig_parse_errors_give_a_place_not_the_content() {
    let e = parse_kubeconfig("users:\n- name: u\n  user: {token: \"s3cr3t\n", None).unwrap_err();
    assert_eq!(codes(&e), ["invalid_kubeconfig"]);
    assert!(e.problems[0].message.contains("line"), "{}", e.problems[0].message);
    assert!(!e.to_string().contains("s3cr3t"));
    let e = parse_kubeconfig("users: s3cr3t-in-the-wrong-place\ncontexts: []\n", None).unwrap_err();
    assert_eq!(e.problems[0].path, "content.users");
    assert!(!e.to_string().contains("s3cr3t"));
    let e = parse_kubeconfig(r#"{"users": [{"name": "u", "user": {"token": 12345678}}]}"#, None).unwrap_err();
    assert_eq!(e.problems[0].path, "content.users[0].user.token");
    assert!(!e.to_string().contains("12345678"));
    assert_eq!(codes(&parse_kubeconfig("  \n", None).unwrap_err()), ["empty_input"]);
}

#[test]
fn kubeconfig_context_choice() {
    let two = "clusters: [{name: c, cluster: {server: 'https://a.example.com'}}]\ncontexts: [{name: a, context: {cluster: c}}, {name: b, context: {cluster: nope, user: u}}]\n";
    let e = parse_kubeconfig(two, None).unwrap_err();
    assert_eq!(codes(&e), ["context_required"]);
    assert!(e.problems[0].message.contains("a, b"));
    let e = parse_kubeconfig(two, Some("zzz")).unwrap_err();
    assert_eq!((e.problems[0].code.as_str(), e.problems[0].path.as_str()), ("unknown_context", "context"));
    let e = parse_kubeconfig(two, Some("b")).unwrap_err();
    assert_eq!(codes(&e), ["kubeconfig_unknown_cluster", "kubeconfig_unknown_user"]);
    let k = parse_kubeconfig(two, Some("a")).unwrap();
    assert_eq!(k.warnings[0].code, "kubeconfig_no_credentials");
    assert_eq!(k.summary.contexts.len(), 2);
    assert_eq!(codes(&parse_kubeconfig("contexts: []\n", None).unwrap_err()), ["kubeconfig_no_context"]);
}

#[test]
fn kubeconfig_servers_and_auth_providers() {
    let text = |server: &str, user: &str| format!("clusters: [{{name: c, cluster: {{server: '{server}'}}}}]\ncontexts: [{{name: x, context: {{cluster: c, user: u}}}}]\nusers: [{{name: u, user: {user}}}]\n");
    let k = parse_kubeconfig(&text("https://admin:pw@127.0.0.1:6443/", "{token: t}"), None).unwrap();
    assert_eq!(k.summary.server, "https://127.0.0.1:6443/", "user info is removed");
    assert_eq!(k.warnings[0].code, "kubeconfig_local_server");
    let k = parse_kubeconfig(&text("http://[::1]:8080", "{auth-provider: {name: oidc}}"), None).unwrap();
    let warn: Vec<&str> = k.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(warn, ["kubeconfig_plain_http", "kubeconfig_local_server", "kubeconfig_auth_provider"]);
    let e = parse_kubeconfig(&text("https://a", "{auth-provider: {name: azure}}"), None).unwrap_err();
    assert_eq!(codes(&e), ["kubeconfig_auth_provider_removed"]);
    let k = parse_kubeconfig(&text("https://a", "{username: admin, password: pw}"), None).unwrap();
    assert_eq!(k.summary.auth, ["basic"]);
    assert!(!format!("{k:?}").contains("pw\""));
}

// ------------------------------------------------------------------ kubectl top

#[test]
fn top_pods_in_numbers() {
    let u = parse_top("NAME CPU(cores) MEMORY(bytes)\nweb-1   250m   64Mi\nweb-2   1   1Gi\n\nweb-3 0.5 512Ki\nweb-4 0 1500k\n").unwrap();
    let cpu: Vec<u64> = u.pods.iter().map(|p| p.cpu_millicores).collect();
    let mem: Vec<u64> = u.pods.iter().map(|p| p.memory_bytes).collect();
    assert_eq!(cpu, [250, 1000, 500, 0]);
    assert_eq!(mem, [64 << 20, 1 << 30, 512 << 10, 1_500_000]);
    assert_eq!(u.cpu_millicores, 1750);
    assert_eq!(u.memory_bytes, (64 << 20) + (1 << 30) + (512 << 10) + 1_500_000);
    assert!(u.pods.iter().all(|p| p.container.is_none()));
}

#[test]
fn top_containers_and_empty_output() {
    let u = parse_top("web-1  app  3m  20Mi\nweb-1  sidecar  1m  5M\n").unwrap();
    assert_eq!(u.pods[1].container.as_deref(), Some("sidecar"));
    assert_eq!(u.pods[1].memory_bytes, 5_000_000);
    assert_eq!(parse_top("").unwrap().pods.len(), 0);
    assert_eq!(parse_top("No resources found in apps namespace.\n").unwrap().pods.len(), 0);
}

#[test]
fn top_reports_every_bad_line() {
    let e = parse_top("web-1 12x 1Mi\nweb-2 1m\nweb-3 1m -5Mi\nweb-4 1m 2Mi extra more\n").unwrap_err();
    let paths: Vec<&str> = e.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["line 1", "line 2", "line 3", "line 4"]);
    assert_eq!(codes(&e), ["invalid_quantity", "invalid_top_line", "invalid_quantity", "invalid_top_line"]);
}

// ------------------------------------------------------------------ K3s kubeconfig

#[test]
fn k3s_kubeconfig_rewrite() {
    let text = "a: 1\n    server: https://127.0.0.1:6443\n  server: https://[::1]:7443 # server: https://127.0.0.1:9\nx: https://127.0.0.1:6443\nlast server: https://127.0.0.1:1";
    let out = rewrite_k3s_kubeconfig(text, "2001:db8::5").unwrap();
    assert_eq!(
        out,
        "a: 1\n    server: https://[2001:db8::5]:6443\n  server: https://[2001:db8::5]:7443 # server: https://[2001:db8::5]:9\nx: https://127.0.0.1:6443\nlast server: https://[2001:db8::5]:1"
    );
    assert_eq!(rewrite_k3s_kubeconfig("server: https://127.0.0.1:6443\n", "[fd00::1]").unwrap(), "server: https://[fd00::1]:6443\n");
    for bad in ["", "a b", "x|y", "a&b", "-x.com", "[not-ipv6]", "host/path", "a\\b"] {
        assert_eq!(codes(&rewrite_k3s_kubeconfig("x", bad).unwrap_err()), ["invalid_address"], "{bad}");
    }
}

// ------------------------------------------------------------------ cluster check

#[test]
fn cluster_check_reads_a_stream_of_documents() {
    let out = concat!(
        r#"{"clientVersion": {"gitVersion": "v1.33.1"}, "serverVersion": {"gitVersion": "v1.31.2-eks-123", "minor": "31+"}}"#,
        "\n",
        r#"{"kind": "NodeList", "apiVersion": "v1", "items": [{"metadata": {"name": "n1"}, "spec": {"unschedulable": true}, "status": {"conditions": [{"type": "Ready", "status": "True"}]}}]}"#,
        r#"{"kind": "List", "items": [{"kind": "IngressClass", "metadata": {"name": "nginx"}, "spec": {"controller": "k8s.io/ingress-nginx"}}]}"#,
        r#"{"kind": "List", "items": [{"kind": "CustomResourceDefinition", "metadata": {"name": "httproutes.gateway.networking.k8s.io"}}]}"#,
    );
    let v = check_cluster(out).unwrap();
    assert!(v.ready && v.reachable);
    assert_eq!(v.distribution.as_deref(), Some("eks"));
    assert!(v.nodes[0].unschedulable);
    assert_eq!(v.routing.flavour.as_deref(), Some("gateway"));
    assert_eq!(v.warnings[0].code, "old_kubernetes");
    let v = check_cluster(r#"{"kind": "List", "items": [{"kind": "IngressClass", "metadata": {"name": "nginx"}}]}"#).unwrap();
    assert_eq!((v.routing.flavour.as_deref(), v.routing.ingress_class.as_deref()), (Some("ingress"), Some("nginx")));
    assert_eq!(v.reason, "NodesNotListed");
    let v = check_cluster(r#"{"kind": "List", "items": []}{"kind": "NodeList", "items": []}"#).unwrap();
    assert_eq!(v.reason, "NoNodes");
    assert_eq!(check_cluster("").unwrap().reason, "Unreachable");
    assert_eq!(codes(&check_cluster("{} error: oops").unwrap_err()), ["invalid_json"]);
}

// ------------------------------------------------------------------ quoting and actions

#[test]
fn quoting() {
    assert_eq!(quote("kubectl"), "kubectl");
    assert_eq!(quote("--context=prod"), "--context=prod");
    assert_eq!(quote(""), "''");
    assert_eq!(quote("a b"), "'a b'");
    assert_eq!(quote("'"), r"''\'''");
    assert_eq!(quote("$(x)`y`"), "'$(x)`y`'");
    assert_eq!(quote("~root"), "'~root'");
    assert_eq!(quote("#c"), "'#c'");
    assert_eq!(quote("a\nb"), "'a\nb'");
    assert_eq!(quote("日本"), "'日本'");
}

#[test]
fn action_debug_hides_secrets() {
    let install = Action::from_value(json!({"action": "install-k3s", "token": "tok-s3cr3t"})).unwrap();
    assert!(!format!("{install:?}").contains("s3cr3t"));
    let p = plan(&install).unwrap();
    assert!(p.steps[0].hidden);
    assert!(!format!("{p:?}").contains("s3cr3t"), "a hidden step's command is not in Debug");
    let link = Action::from_value(json!({"action": "link-cluster", "kubeconfig": "/k", "content": "users: [{user: {token: s3cr3t}}]"})).unwrap();
    assert!(!format!("{link:?}").contains("s3cr3t"));
    let app = Action::from_value(json!({"action": "stop", "bundle": {"application": {"uuid": "u"}, "environment_variables": [{"key": "K", "value": "s3cr3t"}]}})).unwrap();
    assert!(!format!("{app:?}").contains("s3cr3t"));
}

#[test]
fn action_reader_problems() {
    assert_eq!(codes(&Action::from_json_str("[1, 2").unwrap_err()), ["invalid_json"]);
    assert_eq!(codes(&Action::from_json_str("[]").unwrap_err()), ["invalid_action"]);
    assert_eq!(codes(&Action::from_json_str("{}").unwrap_err()), ["missing_field"]);
    assert_eq!(codes(&Action::from_json_str(r#"{"action": 1}"#).unwrap_err()), ["invalid_field"]);
    let e = Action::from_json_str(r#"{"action": "join-k3s", "token": 123456789}"#).unwrap_err();
    assert_eq!(e.problems[0].path, "token");
    assert!(!e.to_string().contains("123456789"));
    let e = plan(&Action::from_json_str(r#"{"action": "status"}"#).unwrap()).unwrap_err();
    assert_eq!(e.problems[0].path, "bundle");
    let e = Action::from_json_str(r#"{"action": "status", "bundle": 5}"#).unwrap_err();
    assert_eq!(e.problems[0].path, "bundle");
    let yaml_bundle = Action::from_value(json!({"action": "stop", "bundle": "application:\n  uuid: abc\n"})).unwrap();
    assert_eq!(plan(&yaml_bundle).unwrap().steps[0].command, "kubectl -n default scale deployment/abc --replicas=0 </dev/null");
}

#[test]
fn script_is_the_steps_one_per_line() {
    let p = plan(&Action::from_value(json!({"action": "status", "bundle": {"application": {"uuid": "abc"}}})).unwrap()).unwrap();
    assert_eq!(p.script(), format!("{}\n{}\n", p.steps[0].command, p.steps[1].command));
}
