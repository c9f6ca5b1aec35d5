//! What [`plan`](super::plan) takes: the [`Action`], read from JSON (or a binding's native
//! value) with a path for every problem.
//!
//! The JSON shape is flat: `{"action": "<name>", "namespace": ..., "kubeconfig": ...,
//! "context": ..., "bundle": ..., <the action's own fields>}` (`compose` in place of `bundle` for
//! a compose resource). Unknown fields are ignored.

use crate::error::{Collector, Errors, Problem};
use crate::compose::ComposeInput;
use crate::model::Bundle;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use std::fmt;

/// Where kubectl points: every action takes these (`-n`, `--kubeconfig`, `--context`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Target {
    /// The namespace (`-n`). For application actions, defaults to the bundle's
    /// (`server.settings.kubernetes_namespace`, else `default`).
    pub namespace: Option<String>,
    /// Path of the kubeconfig on the server running kubectl (`--kubeconfig=`). For
    /// `link-cluster`, where the kubeconfig is stored.
    pub kubeconfig: Option<String>,
    /// The kubeconfig context (`--context=`). For `link-cluster`, the context to use.
    pub context: Option<String>,
}

/// A value that must never be shown: its `Debug` output is `<redacted>`.
#[derive(Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(transparent)]
pub struct Sensitive(pub String);

impl fmt::Debug for Sensitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Options of `deploy`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Deploy {
    /// Seconds `kubectl rollout status` waits; default `(progressDeadlineSeconds + 60) ×
    /// max(1, replicas)`, at most 3600 (Coolify's default deployment timeout).
    pub timeout_seconds: Option<u32>,
    /// Prune objects the new render no longer contains (default true).
    pub prune: bool,
    /// Prune PersistentVolumeClaims too (default false: data is never deleted unasked).
    pub claims: bool,
    /// `kubectl rollout undo` when the rollout fails (default true): the previous version keeps
    /// serving, as Coolify keeps the old container when the new one never gets healthy.
    pub rollback: bool,
}

impl Default for Deploy {
    fn default() -> Self {
        Deploy { timeout_seconds: None, prune: true, claims: false, rollback: true }
    }
}

/// Options of `logs`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Logs {
    /// Lines per container (`--tail`); -1 for all. Default 100.
    pub tail: i64,
    /// Only lines newer than this Go duration (`30s`, `5m`, `1h`).
    pub since: Option<String>,
    /// Only lines after this RFC 3339 time.
    pub since_time: Option<String>,
    /// One container (`-c`).
    pub container: Option<String>,
    /// Every container of the pods.
    pub all_containers: bool,
    /// One pod instead of all pods of the application.
    pub pod: Option<String>,
    /// The previous (crashed) instance of the containers.
    pub previous: bool,
    /// Prefix lines with their time.
    pub timestamps: bool,
    /// A compose resource's service: only its pods (compose actions only).
    pub service: Option<String>,
}

impl Default for Logs {
    fn default() -> Self {
        Logs { tail: 100, since: None, since_time: None, container: None, all_containers: false, pod: None, previous: false, timestamps: false, service: None }
    }
}

/// Options of `install-k3s`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct InstallK3s {
    /// `INSTALL_K3S_VERSION` (`v1.33.4+k3s1`).
    pub version: Option<String>,
    /// `INSTALL_K3S_CHANNEL` (`stable`, `latest`, `v1.33`).
    pub channel: Option<String>,
    /// Bundled components to leave out (`--disable traefik`).
    pub disable: Vec<String>,
    /// Extra names or addresses for the API server certificate (`--tls-san`).
    pub tls_san: Vec<String>,
    /// Node labels `key=value` (`--node-label`).
    pub node_label: Vec<String>,
    /// Node taints `key=value:Effect` (`--node-taint`).
    pub node_taint: Vec<String>,
    /// The cluster token (`K3S_TOKEN`); K3s generates one when absent. Makes the step hidden.
    pub token: Option<Sensitive>,
    /// Start an embedded etcd cluster (`--cluster-init`), for more servers later.
    pub cluster_init: bool,
    /// Where K3s puts its binaries and scripts (`INSTALL_K3S_BIN_DIR`); default `/usr/local/bin`.
    pub bin_dir: Option<String>,
    /// More arguments for `k3s server`, passed as they are.
    pub extra_args: Vec<String>,
    /// The install script's URL; default `https://get.k3s.io`.
    pub installer_url: Option<String>,
}

/// Options of `join-k3s`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct JoinK3s {
    /// The server to join (`K3S_URL`, `https://<server>:6443`). Required.
    pub server_url: Option<String>,
    /// The server's node token (`K3S_TOKEN`). Required; makes the step hidden.
    pub token: Option<Sensitive>,
    /// `INSTALL_K3S_VERSION`.
    pub version: Option<String>,
    /// `INSTALL_K3S_CHANNEL`.
    pub channel: Option<String>,
    /// Node labels `key=value`.
    pub node_label: Vec<String>,
    /// Node taints `key=value:Effect`.
    pub node_taint: Vec<String>,
    /// `INSTALL_K3S_BIN_DIR`.
    pub bin_dir: Option<String>,
    /// More arguments for `k3s agent`.
    pub extra_args: Vec<String>,
    /// The install script's URL.
    pub installer_url: Option<String>,
}

/// What to do, with the action's own options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionKind {
    /// Server-side apply of the rendered objects.
    Apply,
    /// Pre-deployment command, apply, rollout status, prune, post-deployment command.
    Deploy(Deploy),
    /// The pre-deployment command in a pod of the serving revision.
    PreDeploy,
    /// Rollout status, then the post-deployment command in a pod of the new revision.
    PostDeploy {
        /// As in [`Deploy::timeout_seconds`].
        timeout_seconds: Option<u32>,
    },
    /// Delete the application's objects the render no longer contains.
    Prune {
        /// PersistentVolumeClaims too.
        claims: bool,
    },
    /// `kubectl rollout undo`.
    Rollback {
        /// `--to-revision`.
        to_revision: Option<u64>,
        /// Wait for the rollout this long.
        timeout_seconds: Option<u32>,
    },
    /// Scale to a replica count.
    Scale {
        /// The count.
        replicas: u32,
        /// A compose resource's service to scale (compose resources only, where it is required).
        service: Option<String>,
    },
    /// Scale to zero, keep everything.
    Stop,
    /// Scale back to the rendered replica count.
    Start,
    /// `kubectl rollout restart`.
    Restart,
    /// Delete every object of the application (never the Namespace).
    Delete {
        /// PersistentVolumeClaims too.
        claims: bool,
        /// Production and every preview of the application.
        previews: bool,
    },
    /// The reads that feed [`verdict`](crate::status::verdict).
    Status,
    /// Container logs.
    Logs(Logs),
    /// A command (argv) in one ready pod.
    Exec {
        /// The argv.
        command: Vec<String>,
        /// The container; default the application's (the service's, for a compose resource).
        container: Option<String>,
        /// A compose resource's service to run it in (compose resources only, where it is
        /// required).
        service: Option<String>,
    },
    /// `kubectl top pods`.
    Resources {
        /// Per container (`--containers`).
        containers: bool,
    },
    /// Install a K3s server.
    InstallK3s(InstallK3s),
    /// Join a K3s agent to a server.
    JoinK3s(JoinK3s),
    /// Uninstall K3s.
    UninstallK3s {
        /// The agent's uninstall script.
        agent: bool,
        /// Where K3s put its scripts; default `/usr/local/bin`.
        bin_dir: Option<String>,
    },
    /// Print a K3s server's kubeconfig, server address rewritten.
    FetchKubeconfig {
        /// The address other machines reach the server at.
        public_address: Option<String>,
        /// The file; default `/etc/rancher/k3s/k3s.yaml`.
        path: Option<String>,
    },
    /// Print a K3s server's node token (for `join-k3s`).
    FetchK3sToken {
        /// The file; default `/var/lib/rancher/k3s/server/node-token`.
        path: Option<String>,
    },
    /// Validate a kubeconfig and store it (at the target's `kubeconfig` path).
    LinkCluster {
        /// The kubeconfig text (YAML or JSON).
        content: Sensitive,
    },
    /// The reads that feed [`check_cluster`](super::check_cluster).
    ClusterCheck,
    /// Store a private registry's credentials as a `kubernetes.io/dockerconfigjson` Secret.
    RegistrySecret {
        /// `{name, server, username, password, email?}` as JSON or YAML text.
        credentials: Sensitive,
    },
}

/// Every action name, as the `action` field spells it.
pub const ACTIONS: &[&str] = &[
    "apply", "deploy", "pre-deploy", "post-deploy", "prune", "rollback", "scale", "stop", "start", "restart", "delete", "status", "logs",
    "exec", "resources", "install-k3s", "join-k3s", "uninstall-k3s", "fetch-kubeconfig", "fetch-k3s-token", "link-cluster",
    "cluster-check", "registry-secret",
];

impl ActionKind {
    /// The action's name, as the `action` field spells it.
    pub fn name(&self) -> &'static str {
        match self {
            ActionKind::Apply => "apply",
            ActionKind::Deploy(_) => "deploy",
            ActionKind::PreDeploy => "pre-deploy",
            ActionKind::PostDeploy { .. } => "post-deploy",
            ActionKind::Prune { .. } => "prune",
            ActionKind::Rollback { .. } => "rollback",
            ActionKind::Scale { .. } => "scale",
            ActionKind::Stop => "stop",
            ActionKind::Start => "start",
            ActionKind::Restart => "restart",
            ActionKind::Delete { .. } => "delete",
            ActionKind::Status => "status",
            ActionKind::Logs(_) => "logs",
            ActionKind::Exec { .. } => "exec",
            ActionKind::Resources { .. } => "resources",
            ActionKind::InstallK3s(_) => "install-k3s",
            ActionKind::JoinK3s(_) => "join-k3s",
            ActionKind::UninstallK3s { .. } => "uninstall-k3s",
            ActionKind::FetchKubeconfig { .. } => "fetch-kubeconfig",
            ActionKind::FetchK3sToken { .. } => "fetch-k3s-token",
            ActionKind::LinkCluster { .. } => "link-cluster",
            ActionKind::RegistrySecret { .. } => "registry-secret",
            ActionKind::ClusterCheck => "cluster-check",
        }
    }

    /// Whether the action is about one application (and takes a bundle).
    pub fn is_application(&self) -> bool {
        !matches!(
            self,
            ActionKind::InstallK3s(_)
                | ActionKind::JoinK3s(_)
                | ActionKind::UninstallK3s { .. }
                | ActionKind::FetchKubeconfig { .. }
                | ActionKind::FetchK3sToken { .. }
                | ActionKind::LinkCluster { .. }
                | ActionKind::ClusterCheck
                | ActionKind::RegistrySecret { .. }
        )
    }
}

/// One action: what to do, where, and (for application actions) the Coolify bundle.
#[derive(Clone)]
pub struct Action {
    /// What to do.
    pub kind: ActionKind,
    /// Namespace, kubeconfig, context.
    pub target: Target,
    /// The application (application actions only).
    pub bundle: Option<Bundle>,
    /// A compose resource instead of an application (application actions only): the compose
    /// file with Coolify's context, as [`render_compose`](crate::render_compose) takes it.
    pub compose: Option<ComposeInput>,
}

impl fmt::Debug for Action {
    /// The bundle (env values, passwords) is not shown; secrets in the options print as
    /// `<redacted>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Action")
            .field("kind", &self.kind)
            .field("target", &self.target)
            .field("bundle", &self.bundle.as_ref().map(|_| "<bundle>"))
            .field("compose", &self.compose.as_ref().map(|_| "<compose>"))
            .finish()
    }
}

impl Action {
    /// An action of `kind` with no target and no bundle.
    pub fn new(kind: ActionKind) -> Self {
        Action { kind, target: Target::default(), bundle: None, compose: None }
    }

    /// Reads an action from JSON text.
    pub fn from_json_str(text: &str) -> Result<Self, Errors> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            // Syntax errors name a line and column, never the content.
            Errors::one("invalid_json", "", format!("the action is not valid JSON: {}", scrub(&e.to_string())))
        })?;
        Self::from_value(value)
    }

    /// Reads an action from a parsed value (what the bindings pass): an object with an
    /// `action` name, the target fields, `bundle` for application actions (an object, or JSON
    /// or YAML text) and the action's own fields.
    pub fn from_value(value: Value) -> Result<Self, Errors> {
        let Value::Object(map) = &value else {
            return Err(Errors::one("invalid_action", "", "the action must be an object with an `action` name"));
        };
        let name = match map.get("action") {
            Some(Value::String(s)) => s.as_str(),
            Some(_) => return Err(Errors::one("invalid_field", "action", "the action name must be a string")),
            None => return Err(Errors::one("missing_field", "action", format!("no `action`; one of: {}", ACTIONS.join(", ")))),
        };
        let mut problems = Collector::default();
        let target = field::<Target>(&value, &mut problems).unwrap_or_default();
        let kind = match name {
            "apply" => Some(ActionKind::Apply),
            "deploy" => field::<Deploy>(&value, &mut problems).map(ActionKind::Deploy),
            "pre-deploy" => Some(ActionKind::PreDeploy),
            "post-deploy" => field::<Timeout>(&value, &mut problems).map(|t| ActionKind::PostDeploy { timeout_seconds: t.timeout_seconds }),
            "prune" => field::<Claims>(&value, &mut problems).map(|c| ActionKind::Prune { claims: c.claims }),
            "rollback" => field::<RollbackIn>(&value, &mut problems)
                .map(|r| ActionKind::Rollback { to_revision: r.to_revision, timeout_seconds: r.timeout_seconds }),
            "scale" => field::<ScaleIn>(&value, &mut problems).and_then(|s| match s.replicas {
                Some(replicas) => Some(ActionKind::Scale { replicas, service: s.service }),
                None => {
                    problems.push("missing_field", "replicas", "scale needs a replica count");
                    None
                }
            }),
            "stop" => Some(ActionKind::Stop),
            "start" => Some(ActionKind::Start),
            "restart" => Some(ActionKind::Restart),
            "delete" => field::<DeleteIn>(&value, &mut problems).map(|d| ActionKind::Delete { claims: d.claims, previews: d.previews }),
            "status" => Some(ActionKind::Status),
            "logs" => field::<Logs>(&value, &mut problems).map(ActionKind::Logs),
            "exec" => field::<ExecIn>(&value, &mut problems).map(|e| ActionKind::Exec { command: e.command, container: e.container, service: e.service }),
            "resources" => field::<ResourcesIn>(&value, &mut problems).map(|r| ActionKind::Resources { containers: r.containers }),
            "install-k3s" => field::<InstallK3s>(&value, &mut problems).map(ActionKind::InstallK3s),
            "join-k3s" => field::<JoinK3s>(&value, &mut problems).map(ActionKind::JoinK3s),
            "uninstall-k3s" => field::<UninstallIn>(&value, &mut problems).map(|u| ActionKind::UninstallK3s { agent: u.agent, bin_dir: u.bin_dir }),
            "fetch-kubeconfig" => field::<FetchKubeconfigIn>(&value, &mut problems)
                .map(|f| ActionKind::FetchKubeconfig { public_address: f.public_address, path: f.path }),
            "fetch-k3s-token" => field::<PathIn>(&value, &mut problems).map(|p| ActionKind::FetchK3sToken { path: p.path }),
            "link-cluster" => field::<LinkIn>(&value, &mut problems).and_then(|l| match l.content {
                Some(content) => Some(ActionKind::LinkCluster { content }),
                None => {
                    problems.push("missing_field", "content", "link-cluster needs the kubeconfig's content");
                    None
                }
            }),
            "cluster-check" => Some(ActionKind::ClusterCheck),
            "registry-secret" => field::<CredentialsIn>(&value, &mut problems).and_then(|c| match c.credentials {
                Some(credentials) => Some(ActionKind::RegistrySecret { credentials }),
                None => {
                    problems.push("missing_field", "credentials", "registry-secret needs the registry credentials");
                    None
                }
            }),
            other => {
                return Err(Errors::one(
                    "unknown_action",
                    "action",
                    format!("`{}` is not an action; one of: {}", other.escape_debug(), ACTIONS.join(", ")),
                ))
            }
        };
        let bundle = match map.get("bundle") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => collect(Bundle::from_text(text), &mut problems),
            Some(v @ Value::Object(_)) => collect(Bundle::from_value(v.clone()), &mut problems),
            Some(_) => {
                problems.push("invalid_field", "bundle", "the bundle must be an object, or JSON or YAML text");
                None
            }
        };
        let compose = match map.get("compose") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => collect(ComposeInput::from_text(text), &mut problems),
            Some(v @ Value::Object(_)) => collect(ComposeInput::from_value(v.clone()), &mut problems),
            Some(_) => {
                problems.push("invalid_field", "compose", "the compose resource must be an object, or JSON or YAML text");
                None
            }
        };
        if map.get("bundle").is_some_and(|b| !b.is_null()) && map.get("compose").is_some_and(|c| !c.is_null()) {
            problems.push("conflicting_fields", "compose", "give an application's `bundle` or a compose resource's `compose`, not both");
        }
        match kind {
            Some(kind) if problems.is_empty() => Ok(Action { kind, target, bundle, compose }),
            _ => Err(Errors::new(problems.into_vec())),
        }
    }
}

fn collect<T>(result: Result<T, Errors>, problems: &mut Collector) -> Option<T> {
    match result {
        Ok(v) => Some(v),
        Err(e) => {
            for p in e.problems {
                problems.add(p);
            }
            None
        }
    }
}

/// Deserialises the whole action object into `T` (which ignores fields it does not know).
fn field<T: DeserializeOwned>(value: &Value, problems: &mut Collector) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(v) => Some(v),
        Err(e) => {
            let path = e.path().to_string();
            let path = if path == "." { String::new() } else { path };
            problems.add(Problem::new("invalid_field", path, scrub(&e.into_inner().to_string())));
            None
        }
    }
}

/// A serde message without the offending value (which may be a secret): `invalid type:
/// string "s3cr3t", expected u32` becomes `wrong type or value: expected u32`.
pub(crate) fn scrub(message: &str) -> String {
    match message.find("expected") {
        Some(at) if message.starts_with("invalid") || message.starts_with("unknown") => {
            format!("wrong type or value: {}", &message[at..])
        }
        _ => message.to_owned(),
    }
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct Timeout {
    timeout_seconds: Option<u32>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct Claims {
    claims: bool,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct RollbackIn {
    to_revision: Option<u64>,
    timeout_seconds: Option<u32>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ScaleIn {
    replicas: Option<u32>,
    service: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct DeleteIn {
    claims: bool,
    previews: bool,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ExecIn {
    command: Vec<String>,
    container: Option<String>,
    service: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ResourcesIn {
    containers: bool,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct UninstallIn {
    agent: bool,
    bin_dir: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct FetchKubeconfigIn {
    public_address: Option<String>,
    path: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct PathIn {
    path: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct LinkIn {
    content: Option<Sensitive>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct CredentialsIn {
    credentials: Option<Sensitive>,
}

/// Checks that `value` can travel as an argv word (no NUL byte). The message never repeats the
/// value.
pub(crate) fn check_word(problems: &mut Collector, path: &str, value: &str) -> bool {
    if value.contains('\0') {
        problems.push("nul_byte", path, "contains a NUL byte, which a command argument cannot carry");
        return false;
    }
    true
}

/// An optional non-empty word: empty is refused (kubectl would read `--context=` as "the
/// current context").
pub(crate) fn check_optional(problems: &mut Collector, path: &str, value: Option<&str>) {
    if let Some(v) = value {
        if v.is_empty() {
            problems.push("empty_field", path, "must not be empty when given");
        } else {
            check_word(problems, path, v);
        }
    }
}
