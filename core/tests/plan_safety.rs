//! The safety test of command plans: each plan's commands run the way Coolify runs them — all
//! steps as one script on the stdin of a real `bash -se` — with stub `kubectl`, `curl`, `sh` and
//! K3s uninstall scripts first on `PATH`. The stubs record their argv (NUL-separated), their
//! stdin and the K3s environment. For random inputs full of quotes, `$`, backticks, newlines,
//! `;`, `|`, `&`, unicode and very long strings (in names, namespaces' neighbours, contexts,
//! kubeconfig paths, commands, argv, tokens, manifest and kubeconfig content), the recorded
//! calls must be exactly the intended ones and nothing else may run: many inputs carry
//! `touch <canary>` in every shell spelling, and the canary must never appear.
//!
//! Core utilities (`printf`, `base64`, `tail`, `sed`, `cat`, `mkdir`, `rm`, `env`) are the real
//! ones. Case counts stay CI-friendly (640 random cases in all).

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test may panic

use coolify_k8s_core::output::to_yaml;
use coolify_k8s_core::plan::{join, plan, quote, rewrite_k3s_kubeconfig, Action, Plan, READY_POD_TEMPLATE};
use coolify_k8s_core::{render, Bundle, Object};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

#[path = "../../tests/plan/sandbox.rs"]
mod sandbox;
use sandbox::{call, file_name, first_difference, nasty, nonempty, pipeline_order, printable, run_script, Call, Sandbox, CURL_OUTPUT};

// ------------------------------------------------------------------ application actions

const APP_ACTIONS: [&str; 16] = [
    "apply", "deploy", "pre-deploy", "post-deploy", "prune", "rollback", "scale", "stop", "start", "restart", "delete", "status", "logs", "exec", "resources",
    "cluster-check",
];

/// Kinds an application may own and kubectl's names for them (what prune and delete walk).
const OWNED: [(&str, &str, bool); 13] = [
    ("Ingress", "ingresses.networking.k8s.io", true),
    ("IngressRoute", "ingressroutes.traefik.io", false),
    ("HTTPRoute", "httproutes.gateway.networking.k8s.io", false),
    ("Middleware", "middlewares.traefik.io", false),
    ("Certificate", "certificates.cert-manager.io", false),
    ("HorizontalPodAutoscaler", "horizontalpodautoscalers.autoscaling", true),
    ("PodDisruptionBudget", "poddisruptionbudgets.policy", true),
    ("CronJob", "cronjobs.batch", true),
    ("Deployment", "deployments.apps", true),
    ("Service", "services", true),
    ("ConfigMap", "configmaps", true),
    ("Secret", "secrets", true),
    ("PersistentVolumeClaim", "persistentvolumeclaims", true),
];

#[derive(Clone, Debug)]
struct AppCase {
    kubeconfig: Option<String>,
    context: Option<String>,
    namespace: String,
    explicit_namespace: Option<String>,
    uuid: String,
    name: String,
    env_values: Vec<String>,
    file_content: String,
    pre: Option<String>,
    post: Option<String>,
    replicas: u32,
    preview: Option<u32>,
    exec: Vec<String>,
    scale: u32,
    tail: i64,
    timeout: u32,
    claims: bool,
    previews: bool,
    actions: Vec<&'static str>,
}

fn app_case(canary: &Path) -> impl Strategy<Value = AppCase> {
    let n = nasty(canary);
    let label = "[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,6}){0,2}";
    (
        (proptest::option::of(nonempty(n.clone())), proptest::option::of(nonempty(n.clone())), label, proptest::option::of(label)),
        (prop_oneof![3 => "[a-z0-9]{24}".boxed(), 1 => nonempty(n.clone())], n.clone(), proptest::collection::vec(n.clone(), 1..3), n.clone()),
        (proptest::option::of(n.clone()), proptest::option::of(n.clone()), 0..4u32, proptest::option::of(1..500u32)),
        (proptest::collection::vec(n.clone(), 1..4), 0..50u32, -1..1000i64, 1..4000u32, any::<bool>(), any::<bool>()),
        proptest::sample::subsequence(APP_ACTIONS.to_vec(), 2..=5),
    )
        .prop_map(|((kubeconfig, context, namespace, explicit_namespace), (uuid, name, env_values, file_content), (pre, post, replicas, preview), (exec, scale, tail, timeout, claims, previews), actions)| {
            AppCase {
                kubeconfig,
                context,
                namespace,
                explicit_namespace,
                uuid,
                name,
                env_values,
                file_content,
                pre,
                post,
                replicas,
                preview,
                exec,
                scale,
                tail,
                timeout,
                claims,
                previews,
                actions,
            }
        })
}

impl AppCase {
    fn bundle(&self) -> Value {
        let envs: Vec<Value> = self.env_values.iter().enumerate().map(|(i, v)| json!({"key": format!("VAR_{i}"), "value": v, "is_runtime": true, "is_literal": true})).collect();
        let mut b = json!({
            "application": {
                "uuid": self.uuid, "name": self.name, "build_pack": "dockerimage", "docker_registry_image_name": "nginx",
                "ports_exposes": "80", "fqdn": "https://app.example.com", "kubernetes_replicas": self.replicas,
                "pre_deployment_command": self.pre, "post_deployment_command": self.post,
            },
            "environment_variables": envs,
            "file_storages": [{"fs_path": "/data/f", "mount_path": "/etc/app/config.txt", "content": self.file_content, "is_directory": false}],
            "server": {"settings": {"kubernetes_namespace": self.namespace}},
        });
        if let Some(pr) = self.preview {
            b["preview"] = json!({"pull_request_id": pr, "fqdn": "https://pr.app.example.com"});
        }
        b
    }

    fn action(&self, name: &str, bundle: &Value) -> Value {
        let mut a = json!({"action": name});
        if let Some(k) = &self.kubeconfig {
            a["kubeconfig"] = json!(k);
        }
        if let Some(c) = &self.context {
            a["context"] = json!(c);
        }
        let renders = matches!(name, "apply" | "deploy" | "pre-deploy" | "post-deploy" | "prune" | "start");
        if !renders {
            if let Some(ns) = &self.explicit_namespace {
                a["namespace"] = json!(ns);
            }
        }
        if name != "cluster-check" {
            a["bundle"] = bundle.clone();
        }
        match name {
            "deploy" => {
                a["timeout_seconds"] = json!(self.timeout);
                a["claims"] = json!(self.claims);
            }
            "post-deploy" => a["timeout_seconds"] = json!(self.timeout),
            "prune" => a["claims"] = json!(self.claims),
            "scale" => a["replicas"] = json!(self.scale),
            "delete" => {
                a["claims"] = json!(self.claims);
                a["previews"] = json!(self.previews);
            }
            "logs" => a["tail"] = json!(self.tail),
            "exec" => a["command"] = json!(self.exec),
            _ => {}
        }
        a
    }
}

/// What the render says about the application (independently of the plan module).
struct Facts {
    yaml: Vec<u8>,
    name: String,
    container: String,
    uuid_label: String,
    namespace: String,
    replicas: i32,
    kept: BTreeMap<&'static str, Vec<String>>,
}

fn facts(bundle: &Value) -> Option<Facts> {
    let rendered = Bundle::from_value(bundle.clone()).and_then(|b| render(&b)).ok()?;
    let mut kept: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for o in &rendered.manifests {
        kept.entry(o.kind()).or_default().push(o.name().to_owned());
    }
    let d = rendered.manifests.iter().find_map(|o| if let Object::Deployment(d) = o { Some(d) } else { None })?;
    let spec = d.spec.as_ref()?;
    Some(Facts {
        yaml: to_yaml(&rendered.manifests).into_bytes(),
        name: d.metadata.name.clone()?,
        container: spec.template.spec.as_ref()?.containers[0].name.clone(),
        uuid_label: d.metadata.labels.as_ref()?.get("coolify.name")?.clone(),
        namespace: d.metadata.namespace.clone()?,
        replicas: spec.replicas.unwrap_or(1),
        kept,
    })
}

fn strings(words: &[&str]) -> Vec<String> {
    words.iter().map(|s| (*s).to_owned()).collect()
}

/// The intended calls of one action, stated from the README's step table.
fn intended(case: &AppCase, action: &str, f: &Facts) -> Vec<Call> {
    let renders = matches!(action, "apply" | "deploy" | "pre-deploy" | "post-deploy" | "prune" | "start");
    let ns = if renders { f.namespace.clone() } else { case.explicit_namespace.clone().unwrap_or_else(|| f.namespace.clone()) };
    let k = |args: &[&str]| -> Call {
        let mut argv = vec!["kubectl".to_owned()];
        if let Some(p) = &case.kubeconfig {
            argv.push(format!("--kubeconfig={p}"));
        }
        if let Some(c) = &case.context {
            argv.push(format!("--context={c}"));
        }
        if action != "cluster-check" || case.explicit_namespace.is_some() {
            argv.push("-n".to_owned());
            argv.push(if action == "cluster-check" { case.explicit_namespace.clone().unwrap_or_default() } else { ns.clone() });
        }
        argv.extend(strings(args));
        call(argv)
    };
    let deployment = format!("deployment/{}", f.name);
    let sel = format!("app.kubernetes.io/instance={},app.kubernetes.io/managed-by=coolify", f.name);
    let pod_sel = format!("{sel},!coolify.scheduledTask");
    let in_pod = |argv: &[String]| -> Vec<Call> {
        let mut exec = k(&["exec", "pod/stub-pod", "-c", &f.container, "--"]);
        exec.argv.extend(argv.iter().cloned());
        vec![k(&["get", "pods", "-l", &pod_sel, "--sort-by=.metadata.creationTimestamp", "-o", &format!("go-template={READY_POD_TEMPLATE}")]), exec]
    };
    let hook = |cmd: &Option<String>, post: bool| -> Vec<Call> {
        match cmd {
            Some(c) if !(c.trim().is_empty() || post && f.replicas == 0) => in_pod(&strings(&["sh", "-c", c])),
            _ => Vec::new(),
        }
    };
    let mut apply = k(&["apply", "--server-side", "--field-manager=coolify", "--force-conflicts", "-f", "-"]);
    apply.stdin = f.yaml.clone();
    let prune = || -> Vec<Call> {
        OWNED
            .iter()
            .filter(|(kind, _, _)| case.claims || *kind != "PersistentVolumeClaim")
            .map(|(kind, resource, _)| {
                let mut terms: Vec<String> = if *kind == "Secret" { vec!["type!=kubernetes.io/tls".to_owned()] } else { Vec::new() };
                terms.extend(f.kept.get(kind).into_iter().flatten().map(|n| format!("metadata.name!={n}")));
                let mut args = vec!["delete".to_owned(), (*resource).to_owned(), "-l".to_owned(), sel.clone()];
                if !terms.is_empty() {
                    args.push(format!("--field-selector={}", terms.join(",")));
                }
                args.push("--ignore-not-found".to_owned());
                k(&args.iter().map(String::as_str).collect::<Vec<_>>())
            })
            .collect()
    };
    let status = k(&["rollout", "status", &deployment, &format!("--timeout={}s", case.timeout)]);
    match action {
        "apply" => vec![apply],
        "deploy" => [hook(&case.pre, false), vec![apply, status], prune(), hook(&case.post, true)].concat(),
        "pre-deploy" => hook(&case.pre, false),
        "post-deploy" => [vec![status], hook(&case.post, true)].concat(),
        "prune" => prune(),
        "rollback" => vec![k(&["rollout", "undo", &deployment])],
        "scale" => vec![k(&["scale", &deployment, &format!("--replicas={}", case.scale)])],
        "stop" => vec![k(&["scale", &deployment, "--replicas=0"])],
        "start" => vec![k(&["scale", &deployment, &format!("--replicas={}", f.replicas)])],
        "restart" => vec![k(&["rollout", "restart", &deployment])],
        "delete" => {
            let selector = if case.previews { format!("coolify.name={},app.kubernetes.io/managed-by=coolify", f.uuid_label) } else { sel.clone() };
            OWNED
                .iter()
                .filter(|(kind, _, _)| case.claims || *kind != "PersistentVolumeClaim")
                .map(|(_, resource, _)| k(&["delete", resource, "-l", &selector, "--ignore-not-found"]))
                .collect()
        }
        "status" => vec![k(&["get", "deployment,replicaset,pod,hpa", "-l", &format!("coolify.name={}", f.uuid_label), "-o", "json"]), k(&["get", "events", "-o", "json"])],
        "logs" => vec![k(&["logs", "-l", &pod_sel, &format!("--tail={}", case.tail), "--prefix"])],
        "exec" => in_pod(&case.exec),
        "resources" => vec![k(&["top", "pods", "-l", &pod_sel, "--no-headers"])],
        "cluster-check" => {
            let mut crd = strings(&["get", "customresourcedefinitions.apiextensions.k8s.io"]);
            crd.extend(strings(&[
                "ingressroutes.traefik.io", "middlewares.traefik.io", "httproutes.gateway.networking.k8s.io", "gateways.gateway.networking.k8s.io",
                "certificates.cert-manager.io", "clusterissuers.cert-manager.io", "--ignore-not-found", "-o", "json",
            ]));
            vec![
                k(&["version", "-o", "json"]),
                k(&["get", "nodes", "-o", "json"]),
                k(&["get", "ingressclasses.networking.k8s.io", "-o", "json"]),
                k(&crd.iter().map(String::as_str).collect::<Vec<_>>()),
            ]
        }
        other => panic!("no model for {other}"),
    }
}

static RENDERED: AtomicUsize = AtomicUsize::new(0);
static REFUSED: AtomicUsize = AtomicUsize::new(0);

fn check_app_case(sb: &Sandbox, case: &AppCase) -> Result<(), TestCaseError> {
    let bundle = case.bundle();
    let Some(f) = facts(&bundle) else {
        REFUSED.fetch_add(1, Ordering::SeqCst);
        if std::env::var_os("PLAN_SAFETY_WHY").is_some() {
            eprintln!("refused: {:?}", Bundle::from_value(bundle.clone()).and_then(|b| render(&b)).err().map(|e| e.problems.iter().map(|p| format!("{} {}", p.code, p.path)).collect::<Vec<_>>()));
        }
        // The render refuses this bundle: every plan that renders must refuse it too.
        for name in ["apply", "deploy", "start"] {
            prop_assert!(Action::from_value(case.action(name, &bundle)).and_then(|a| plan(&a)).is_err());
        }
        return Ok(());
    };
    let mut script = String::new();
    let mut expected = Vec::new();
    for name in &case.actions {
        let action = Action::from_value(case.action(name, &bundle)).map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
        let p: Plan = plan(&action).map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
        for step in &p.steps {
            if !step.hidden {
                for v in &case.env_values {
                    if v.len() >= 12 && !f.yaml.is_empty() && !case.pre.as_deref().unwrap_or("").contains(v.as_str()) && !case.post.as_deref().unwrap_or("").contains(v.as_str()) && !case.exec.iter().any(|e| e.contains(v.as_str())) && !case.kubeconfig.as_deref().unwrap_or("").contains(v.as_str()) && !case.context.as_deref().unwrap_or("").contains(v.as_str()) && !case.name.contains(v.as_str()) && !case.uuid.contains(v.as_str()) && !case.file_content.contains(v.as_str()) {
                        prop_assert!(!step.command.contains(v.as_str()), "{name}: an env value shows in a visible step");
                    }
                }
            }
        }
        script.push_str(&p.script());
        expected.extend(intended(case, name, &f));
    }
    RENDERED.fetch_add(1, Ordering::SeqCst);
    let dir = sb.case_dir();
    let run = run_script(sb, &dir, &script, &[]);
    prop_assert!(!sb.canary.exists(), "the canary was created: something ran that should not have");
    prop_assert_eq!(run.status, 0, "script failed: {}", run.stderr.chars().take(2000).collect::<String>());
    prop_assert!(run.calls == expected, "{}", first_difference(&expected, &run.calls));
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() })
}

#[test]
fn application_plans_run_exactly_the_intended_commands() {
    let sb = Sandbox::new("app");
    let strategy = app_case(&sb.canary);
    let result = runner(128).run(&strategy, |case| check_app_case(&sb, &case));
    if let Err(e) = result {
        panic!("{e}");
    }
    let (rendered, refused) = (RENDERED.load(Ordering::SeqCst), REFUSED.load(Ordering::SeqCst));
    eprintln!("application cases: {rendered} ran, {refused} refused by render");
    assert!(rendered >= 3 * refused, "too few cases reach the shell: {rendered} ran, {refused} refused");
}

// ------------------------------------------------------------------ clusters

#[derive(Clone, Debug)]
struct HostCase {
    token: String,
    extra: Vec<String>,
    server_tail: String,
    installer_tail: Option<String>,
    version: Option<String>,
    tls_san: Vec<String>,
    labels: Vec<String>,
    agent: bool,
    link_dir: Option<String>,
    link_name: String,
    kube_token: String,
    kube_names: (String, String),
    k3s_text: String,
    k3s_file: String,
    address: String,
    token_file: String,
    token_content: String,
}

fn host_case(canary: &Path) -> impl Strategy<Value = HostCase> {
    let n = nasty(canary);
    let no_space = |s: BoxedStrategy<String>| printable(s).prop_map(|t| t.chars().filter(|c| !c.is_whitespace()).collect::<String>()).prop_map(|t| if t.is_empty() { "h".to_owned() } else { t });
    let server_line = prop_oneof![Just("    server: https://127.0.0.1:6443".to_owned()), Just("server: https://[::1]:6443 server: https://127.0.0.1:1".to_owned()), n.clone()];
    (
        (printable(n.clone()), proptest::collection::vec(n.clone(), 0..3), no_space(n.clone()), proptest::option::of(no_space(n.clone())), proptest::option::of("v1\\.3[0-9]\\.[0-9]\\+k3s[0-9]")),
        (
            proptest::collection::vec(prop_oneof![Just("203.0.113.7".to_owned()), Just("k3s.example.com".to_owned()), Just("2001:db8::1".to_owned())], 0..3),
            proptest::collection::vec("[a-z]{1,8}(\\.io/[a-z]{1,5})?=[a-z0-9]{0,6}", 0..3),
            any::<bool>(),
        ),
        (proptest::option::of(file_name(nonempty(n.clone()))), file_name(nonempty(n.clone())), printable(n.clone()), (nonempty(n.clone()), nonempty(n.clone()))),
        (
            proptest::collection::vec(server_line, 1..6).prop_map(|lines| lines.join("\n")),
            file_name(nonempty(n.clone())),
            prop_oneof![Just("203.0.113.7".to_owned()), Just("k3s.example.com".to_owned()), Just("2001:db8::1".to_owned()), Just("[fd00::2]".to_owned())],
            file_name(nonempty(n.clone())),
            n,
        ),
    )
        .prop_map(|((token, extra, server_tail, installer_tail, version), (tls_san, labels, agent), (link_dir, link_name, kube_token, kube_names), (k3s_text, k3s_file, address, token_file, token_content))| HostCase {
            token,
            extra,
            server_tail,
            installer_tail,
            version,
            tls_san,
            labels,
            agent,
            link_dir,
            link_name,
            kube_token,
            kube_names,
            k3s_text,
            k3s_file,
            address,
            token_file,
            token_content,
        })
}

fn check_host_case(sb: &Sandbox, case: &HostCase) -> Result<(), TestCaseError> {
    let dir = sb.case_dir();
    let work = dir.join("work");
    let bin = sb.bin.display().to_string();
    let server_url = format!("https://{}", case.server_tail);
    let installer = case.installer_tail.as_ref().map(|t| format!("https://{t}"));
    let k3s_path = work.join(format!("y-{}", case.k3s_file));
    let token_path = work.join(format!("t-{}", case.token_file));
    std::fs::write(&k3s_path, &case.k3s_text).expect("k3s.yaml");
    std::fs::write(&token_path, &case.token_content).expect("token");
    let link_parent = match &case.link_dir {
        Some(d) => work.join(format!("d-{d}")),
        None => work.clone(),
    };
    let link_path = link_parent.join(format!("k-{}", case.link_name));
    let (cluster, context) = &case.kube_names;
    let kubeconfig = serde_json::to_string_pretty(&json!({
        "apiVersion": "v1", "kind": "Config", "current-context": context,
        "clusters": [{"name": cluster, "cluster": {"server": "https://203.0.113.7:6443", "certificate-authority-data": "bm90LWEtY2E="}}],
        "contexts": [{"name": context, "context": {"cluster": cluster, "user": "coolify"}}],
        "users": [{"name": "coolify", "user": {"token": case.kube_token}}],
    }))
    .expect("json");

    let mut install = json!({"action": "install-k3s", "token": case.token, "extra_args": case.extra, "bin_dir": bin, "tls_san": case.tls_san, "node_label": case.labels, "disable": ["traefik"]});
    let mut join_k3s = json!({"action": "join-k3s", "server_url": server_url, "token": case.token, "bin_dir": bin, "extra_args": case.extra});
    if let Some(v) = &case.version {
        install["version"] = json!(v);
        join_k3s["version"] = json!(v);
    }
    if let Some(u) = &installer {
        install["installer_url"] = json!(u);
        join_k3s["installer_url"] = json!(u);
    }
    let actions = vec![
        install,
        join_k3s,
        json!({"action": "uninstall-k3s", "agent": case.agent, "bin_dir": bin}),
        json!({"action": "link-cluster", "kubeconfig": link_path.display().to_string(), "content": kubeconfig}),
        json!({"action": "fetch-kubeconfig", "public_address": case.address, "path": k3s_path.display().to_string()}),
        json!({"action": "fetch-k3s-token", "path": token_path.display().to_string()}),
    ];
    let mut script = String::new();
    for a in &actions {
        let action = Action::from_value(a.clone()).map_err(|e| TestCaseError::fail(format!("{}: {e}", a["action"])))?;
        let p = plan(&action).map_err(|e| TestCaseError::fail(format!("{}: {e}", a["action"])))?;
        for step in &p.steps {
            let shows = |secret: &str| secret.len() >= 6 && step.command.contains(secret);
            let secret = shows(&case.token) || shows(&case.kube_token);
            prop_assert!(!secret || step.hidden, "a step with a secret is not hidden");
        }
        // The token may appear in other (random) fields: compare with the same action holding
        // another token.
        let mut other = a.clone();
        if other.get("token").is_some() {
            other["token"] = json!("other-token");
        }
        let other = Action::from_value(other).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let shown = format!("{action:?} {p:?}").matches(case.token.as_str()).count();
        let baseline = format!("{other:?} {:?}", plan(&other).map_err(|e| TestCaseError::fail(e.to_string()))?).matches(case.token.as_str()).count();
        prop_assert_eq!(shown, baseline, "Debug shows the token");
        script.push_str(&p.script());
    }
    let installer_url = installer.unwrap_or_else(|| "https://get.k3s.io".to_owned());
    let k3s = |role: &str, env: Vec<String>, extra_args: Vec<String>| -> [Call; 2] {
        let mut argv = strings(&["sh", "-s", "-", role]);
        argv.extend(extra_args);
        [call(strings(&["curl", "-sfL", &installer_url])), Call { argv, stdin: CURL_OUTPUT.to_vec(), env }]
    };
    let mut install_env = Vec::new();
    if let Some(v) = &case.version {
        install_env.push(format!("INSTALL_K3S_VERSION={v}"));
    }
    install_env.push(format!("INSTALL_K3S_BIN_DIR={bin}"));
    let mut join_env = install_env.clone();
    install_env.push(format!("K3S_TOKEN={}", case.token));
    join_env.push(format!("K3S_URL={server_url}"));
    join_env.push(format!("K3S_TOKEN={}", case.token));
    let mut server_args = strings(&["--disable", "traefik"]);
    for san in &case.tls_san {
        server_args.extend(strings(&["--tls-san", san]));
    }
    for l in &case.labels {
        server_args.extend(strings(&["--node-label", l]));
    }
    server_args.extend(case.extra.iter().cloned());
    let mut expected = Vec::new();
    expected.extend(k3s("server", install_env, server_args));
    expected.extend(k3s("agent", join_env, case.extra.clone()));
    expected.push(call(vec![if case.agent { "k3s-agent-uninstall.sh" } else { "k3s-uninstall.sh" }.to_owned()]));

    let run = run_script(sb, &dir, &script, &[]);
    prop_assert!(!sb.canary.exists(), "the canary was created: something ran that should not have");
    prop_assert_eq!(run.status, 0, "script failed: {}", run.stderr.chars().take(2000).collect::<String>());
    let calls = pipeline_order(run.calls);
    prop_assert!(calls == expected, "{}", first_difference(&expected, &calls));
    // fetch-kubeconfig (real sed) then fetch-k3s-token (real cat): stdout is exactly the
    // rewritten kubeconfig and the token.
    let mut stdout = rewrite_k3s_kubeconfig(&case.k3s_text, &case.address).map_err(|e| TestCaseError::fail(e.to_string()))?.into_bytes();
    stdout.extend_from_slice(case.token_content.as_bytes());
    prop_assert!(run.stdout == stdout, "stdout differs:\n{:?}\n{:?}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&stdout));
    // link-cluster: the exact bytes, owner-only.
    let stored = std::fs::read(&link_path).map_err(|e| TestCaseError::fail(format!("kubeconfig not stored: {e}")))?;
    prop_assert!(stored == kubeconfig.as_bytes(), "stored kubeconfig differs");
    let mode = std::fs::metadata(&link_path).expect("meta").permissions().mode() & 0o777;
    prop_assert_eq!(mode, 0o600);
    if case.link_dir.is_some() {
        prop_assert_eq!(std::fs::metadata(&link_parent).expect("meta").permissions().mode() & 0o777, 0o700);
    }
    // Nothing else was written next to it.
    let entries: Vec<_> = std::fs::read_dir(&link_parent).expect("dir").filter_map(Result::ok).map(|e| e.file_name()).collect();
    let expected_entries = if case.link_dir.is_some() { 1 } else { 3 };
    prop_assert_eq!(entries.len(), expected_entries, "unexpected files: {:?}", entries);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[test]
fn cluster_plans_run_exactly_the_intended_commands() {
    let sb = Sandbox::new("host");
    let strategy = host_case(&sb.canary);
    if let Err(e) = runner(128).run(&strategy, |case| check_host_case(&sb, &case)) {
        panic!("{e}");
    }
}

// ------------------------------------------------------------------ the quoting function

#[test]
fn quoted_argv_reaches_the_program_unchanged() {
    let sb = Sandbox::new("quote");
    let strategy = proptest::collection::vec(proptest::collection::vec(nasty(&sb.canary), 0..6), 1..6);
    let result = runner(384).run(&strategy, |lines| {
        let dir = sb.case_dir();
        let mut script = String::new();
        for argv in &lines {
            let mut full = vec!["kubectl".to_owned()];
            full.extend(argv.iter().cloned());
            script.push_str(&join(&full));
            script.push_str(" </dev/null\n");
        }
        let run = run_script(&sb, &dir, &script, &[]);
        prop_assert!(!sb.canary.exists());
        prop_assert_eq!(run.status, 0, "{}", run.stderr);
        let recorded: Vec<Vec<String>> = run.calls.into_iter().map(|c| c.argv[1..].to_vec()).collect();
        prop_assert_eq!(&recorded, &lines);
        for word in lines.iter().flatten() {
            let q = quote(word);
            prop_assert!(!q.is_empty());
            prop_assert!(!q.contains('"') || word.contains('"'));
        }
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
