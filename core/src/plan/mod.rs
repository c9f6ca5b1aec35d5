//! Command plans: the exact shell commands Coolify runs over SSH for one action.
//!
//! [`plan`] takes an [`Action`] (what to do, the namespace, an optional kubeconfig path and
//! context, and for application actions the Coolify bundle) and returns a [`Plan`]: a list of
//! [`Step`]s, each a shell command with what it is for, whether its failure is fatal and
//! whether it is hidden from logs. Nothing runs here; the core only builds text.
//!
//! ```
//! use coolify_k8s_core::plan::{plan, Action};
//! let action = Action::from_json_str(r#"{
//!     "action": "scale", "replicas": 3, "context": "prod",
//!     "bundle": { "application": { "uuid": "abc123", "name": "web" },
//!                 "server": { "settings": { "kubernetes_namespace": "apps" } } }
//! }"#).unwrap();
//! let p = plan(&action).unwrap();
//! assert_eq!(p.steps[0].command, "kubectl --context=prod -n apps scale deployment/abc123 --replicas=3 </dev/null");
//! ```
//!
//! # How the steps are meant to run
//!
//! Coolify sends a whole command list as one script on the stdin of `bash -se` (`set -e`). The
//! steps are built for exactly that:
//!
//! - **One quoting function.** Every word that comes from input goes through [`quote`] (POSIX
//!   single quotes); content (manifests, kubeconfigs) travels as base64 through
//!   `printf %s <base64> | base64 -d | program`. See [`shell`](self#quoting) below.
//! - **No stdin of their own.** A step's programs read a pipe the step builds, or `/dev/null`;
//!   none reads (and so swallows) the rest of the script.
//! - **Self-contained.** A step never relies on shell state left by another step, so steps may
//!   also be run one by one (`execute_remote_command` per step, with `ignore_errors = !fatal`).
//! - **Fatal or not.** A failing fatal step stops the script (`set -e`). A non-fatal step ends
//!   in `|| true`, so the script carries on.
//! - **Hidden.** A step whose command or output carries a secret (the rendered env Secret, a
//!   K3s token, a kubeconfig) is `hidden`: Coolify must not log it. Secrets never appear in a
//!   step that is not hidden, in a problem, a warning or `Debug` output.
//! - **No temporary files.** Content is piped, never written to a scratch file.
//!
//! Every kubectl call starts `kubectl [--kubeconfig=PATH] [--context=NAME] -n NAMESPACE`; values
//! that may start with `-` stay attached to their flag (`--context=...`).
//!
//! # Quoting
//!
//! [`quote`]: a word of only `A-Z a-z 0-9 _ - . / : , + @ % =` is written as is; any other word
//! is wrapped in single quotes with each `'` written `'\''`. Inside single quotes nothing is
//! special (`$`, backticks, `\`, `;`, `|`, `&`, globs, newlines, unicode all stay literal). A
//! word with a newline keeps it inside its quotes (the command then spans lines, still one
//! command). NUL bytes cannot travel in argv and are refused with a problem.
//!
//! # Actions and their steps
//!
//! `SEL` is the application's selector `app.kubernetes.io/instance=<name>,app.kubernetes.io/managed-by=coolify`
//! (`<name>` is the uuid, or `<uuid>-pr-<N>` for a preview); `K` is the kubectl prefix above;
//! `deployment/<name>` is the application's Deployment. (F) fatal, (n) non-fatal, (h) hidden.
//!
//! Application actions take the Coolify bundle (`bundle`: an object, or JSON/YAML text). Those
//! marked *render* call [`render()`](crate::render()) on it; the others read only the uuid, the
//! name, the preview and the namespace, so they still work when another field has become
//! invalid.
//!
//! | action | steps |
//! |---|---|
//! | `apply` (render) | (F,h) `printf %s <base64 of render's YAML> \| base64 -d \| K apply --server-side --field-manager=coolify --force-conflicts -f -` |
//! | `deploy` (render) | pre-deployment command (if set) · apply · rollout status (with rollback) · prune (unless `prune: false`) · post-deployment command (if set) |
//! | `pre-deploy` (render) | (F) in the newest ready pod: `K exec pod/<pod> -c <container> -- sh -c <pre_deployment_command>`; no ready pod (first deploy, stopped): skipped with a note |
//! | `post-deploy` (render) | rollout status, then (F) the same exec of `post_deployment_command` in the newest ready pod; no ready pod is a failure |
//! | rollout status | (F) `K rollout status deployment/<name> --timeout=<t>s`, on failure (when `rollback`, the default) `K rollout undo deployment/<name>` and fail |
//! | `prune` (render) | (n) per kind the application may own, except Namespace, and PVCs unless `claims: true`: `K delete <kind> -l SEL --field-selector=metadata.name!=<kept>,... --ignore-not-found` (Secrets also `type!=kubernetes.io/tls`) |
//! | `rollback` | (F) `K rollout undo deployment/<name> [--to-revision=N]`; with `timeout_seconds`, (F) rollout status |
//! | `scale` | (F) `K scale deployment/<name> --replicas=N` |
//! | `stop` | (F) `K scale deployment/<name> --replicas=0` (everything else is kept) |
//! | `start` (render) | (F) `K scale deployment/<name> --replicas=<the Deployment's replicas in the render>` |
//! | `restart` | (F) `K rollout restart deployment/<name>` |
//! | `delete` | per kind, routes first, PVCs only with `claims: true`: `K delete <kind> -l SEL --ignore-not-found` (F for built-in kinds, n for CRD kinds); `previews: true` selects `coolify.name=<uuid>` (production and every preview) |
//! | `status` | (F) `K get deployment,replicaset,pod,hpa -l coolify.name=<uuid> -o json`, (F) `K get events -o json` |
//! | `logs` | (F) `K logs -l SEL` (or `pod/<pod>`) `--tail=N --prefix [--since=D \| --since-time=T] [-c C \| --all-containers] [--previous] [--timestamps]` |
//! | `exec` | (F) in the newest ready pod: `K exec pod/<pod> -c <container> -- <command...>`; no ready pod is a failure |
//! | `resources` | (F) `K top pods -l SEL --no-headers [--containers]`; read its output with [`parse_top`] |
//! | `install-k3s` | (F, h with a token) `(set -o pipefail && curl -sfL <installer> \| INSTALL_K3S_...=... sh -s - server [--disable X] [--tls-san X] [--node-label k=v] ...)` |
//! | `join-k3s` | (F,h) the same with `K3S_URL`, `K3S_TOKEN` and `agent` |
//! | `uninstall-k3s` | (F) `<bin_dir>/k3s-uninstall.sh` (or `k3s-agent-uninstall.sh` with `agent: true`) |
//! | `fetch-kubeconfig` | (F,h) `sed -e 's\|server: https://127\.0\.0\.1:\|server: https://<public address>:\|' -e ... /etc/rancher/k3s/k3s.yaml` ([`rewrite_k3s_kubeconfig`] does the same on text); without an address, `cat` |
//! | `fetch-k3s-token` | (F,h) `cat /var/lib/rancher/k3s/server/node-token` |
//! | `link-cluster` | validates the kubeconfig (`content`), chooses the context, then (F,h) `(umask 077 && mkdir -p -- <dir> && rm -f -- <kubeconfig> && printf %s <base64> \| base64 -d > <kubeconfig>)` |
//! | `cluster-check` | (n) `K version -o json`, `K get nodes -o json`, `K get ingressclasses.networking.k8s.io -o json`, `K get customresourcedefinitions.apiextensions.k8s.io <the routing CRDs> --ignore-not-found -o json`; read the script's output with [`check_cluster`] |
//!
//! A compose resource (the action's `compose` in place of `bundle`) takes `apply`, `deploy`,
//! `prune`, `stop`, `start`, `restart`, `delete`, `status` and `logs` over all its workloads, and
//! `scale` and `exec` of one `service`: see [`stack`].
//!
//! The K3s host actions (`install-k3s`, `join-k3s`, `uninstall-k3s`, `fetch-kubeconfig`,
//! `fetch-k3s-token`) run on the server itself, without kubectl: they ignore the namespace,
//! kubeconfig and context.
//!
//! The pod of `pre-deploy`, `post-deploy` and `exec` is the newest (by creation) pod of the
//! application that is Ready and not being deleted: before the apply, one of the serving
//! revision; after a successful rollout, one of the new revision.

mod app;
mod cluster;
mod input;
mod k3s;
mod kinds;
mod kubeconfig;
mod kubectl;
mod registry;
mod shell;
pub mod stack;
mod top;

pub use cluster::{check_cluster, ClusterVerdict, IngressClassInfo, NodeInfo, Routing as ClusterRouting};
pub use input::{Sensitive, ACTIONS};
pub use k3s::{BIN_DIR, INSTALLER_URL, KUBECONFIG_PATH, TOKEN_PATH};
pub use app::{identities, unknown_kinds, unknown_stack_kinds};
pub use input::{Action, ActionKind, Deploy, InstallK3s, JoinK3s, Logs, Target};
pub use k3s::rewrite_k3s_kubeconfig;
pub use kubeconfig::{parse_kubeconfig, ContextSummary, Kubeconfig, KubeconfigSummary};
pub use shell::{join, quote};
pub use top::{parse_top, PodUsage, Usage};

use crate::error::{Errors, Problem};
use serde::Serialize;
use std::fmt;

/// The go-template kubectl prints the Ready, not-deleting pods with (one name per line); with
/// `--sort-by=.metadata.creationTimestamp` and `tail -n 1` it gives the newest such pod.
pub const READY_POD_TEMPLATE: &str = r#"{{range .items}}{{if not .metadata.deletionTimestamp}}{{$name := .metadata.name}}{{range .status.conditions}}{{if and (eq .type "Ready") (eq .status "True")}}{{$name}}{{"\n"}}{{end}}{{end}}{{end}}{{end}}"#;

/// One shell command of a plan.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The command, ready for `bash`.
    pub command: String,
    /// What it is for, for a person.
    pub description: String,
    /// Whether a failure must stop what follows.
    pub fatal: bool,
    /// Whether the command or its output carries a secret: never log it.
    pub hidden: bool,
}

impl Step {
    /// A fatal, visible step.
    pub(crate) fn new(command: String, description: impl Into<String>) -> Self {
        Step { command, description: description.into(), fatal: true, hidden: false }
    }

    /// Marks the step hidden.
    pub(crate) fn hide(mut self) -> Self {
        self.hidden = true;
        self
    }

    /// Makes the step non-fatal: `|| true` lets a `set -e` script carry on.
    pub(crate) fn non_fatal(mut self) -> Self {
        self.fatal = false;
        self.command.push_str(" || true");
        self
    }
}

impl fmt::Debug for Step {
    /// A hidden step's command is not shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let command: &dyn fmt::Debug = if self.hidden { &"<hidden>" } else { &self.command };
        f.debug_struct("Step")
            .field("command", command)
            .field("description", &self.description)
            .field("fatal", &self.fatal)
            .field("hidden", &self.hidden)
            .finish()
    }
}

/// What [`plan`] returns.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Plan {
    /// The action's name (`scale`, `install-k3s`, ...).
    pub action: String,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// Things the caller should know (a kubeconfig relying on an exec plugin, a setting that
    /// was ignored). Never secrets.
    pub warnings: Vec<Problem>,
    /// For `link-cluster`: what the kubeconfig holds (names, servers, kinds of credentials).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kubeconfig: Option<KubeconfigSummary>,
}

impl Plan {
    pub(crate) fn new(action: &str, steps: Vec<Step>) -> Self {
        Plan { action: action.to_owned(), steps, warnings: Vec::new(), kubeconfig: None }
    }

    /// The steps as Coolify sends them: one script, one command after another, a newline after
    /// each (what `bash -se` reads on its stdin).
    pub fn script(&self) -> String {
        let mut out = String::new();
        for step in &self.steps {
            out.push_str(&step.command);
            out.push('\n');
        }
        out
    }
}

/// Builds the plan for one action. Every problem in the input is reported at once.
pub fn plan(action: &Action) -> Result<Plan, Errors> {
    match &action.kind {
        ActionKind::InstallK3s(_)
        | ActionKind::JoinK3s(_)
        | ActionKind::UninstallK3s { .. }
        | ActionKind::FetchKubeconfig { .. }
        | ActionKind::FetchK3sToken { .. } => k3s::plan(action),
        ActionKind::LinkCluster { .. } => kubeconfig::plan(action),
        ActionKind::ClusterCheck => cluster::plan(action),
        ActionKind::RegistrySecret { .. } => registry::plan(action),
        _ => match &action.compose {
            Some(input) => stack::plan(action, input),
            None => app::plan(action),
        },
    }
}
