//! Application actions: apply, deploy, pre/post-deployment commands, prune, rollback, scale,
//! stop, start, restart, delete, status, logs, exec, resources.

use super::input::{check_word, Action, ActionKind, Deploy, Logs};
use super::kinds::{self, OWNED};
use super::kubectl::{check_namespace, check_target, Kubectl};
use super::shell::{feed, join, note, quote, run};
use super::{Plan, Step, READY_POD_TEMPLATE};
use crate::error::{Collector, Errors, Problem};
use crate::model::{defaults, Bundle, Scalar};
use crate::objects::Object;
use crate::render::labels::{self, MANAGED_BY};
use crate::{names, output, render};
use std::collections::BTreeMap;

/// Label render puts on the pods of scheduled tasks (CronJobs); their pods are not the
/// application's serving pods.
const TASK_LABEL: &str = "coolify.scheduledTask";
/// Longest wait for a rollout by default: Coolify's default deployment timeout.
const MAX_TIMEOUT_SECONDS: u64 = 3600;

/// Who the application is, read leniently from the bundle (the uuid, the name, the preview and
/// the namespace only), exactly as render derives it.
struct Identity {
    /// The uuid as a label value (`coolify.name`).
    uuid_label: String,
    /// The Deployment's name and `app.kubernetes.io/instance`: the uuid, or `<uuid>-pr-<N>`.
    name: String,
    /// The application's container.
    container: String,
    /// The namespace.
    namespace: String,
}

impl Identity {
    /// `app.kubernetes.io/instance=<name>,app.kubernetes.io/managed-by=coolify`.
    fn selector(&self) -> String {
        format!("app.kubernetes.io/instance={},app.kubernetes.io/managed-by={MANAGED_BY}", self.name)
    }

    /// The selector of the application's own pods (not its scheduled tasks').
    fn pod_selector(&self) -> String {
        format!("{},!{TASK_LABEL}", self.selector())
    }

    fn deployment(&self) -> String {
        format!("deployment/{}", self.name)
    }
}

fn text(v: &Option<Scalar>) -> Option<&str> {
    v.as_ref().and_then(Scalar::text).map(str::trim).filter(|s| !s.is_empty())
}

/// Reads the identity the way `model::normalize` does (same defaults, same sanitising); a test
/// compares both on every render vector.
fn identity(bundle: &Bundle, problems: &mut Collector) -> Option<Identity> {
    let Some(app) = bundle.application.as_ref() else {
        problems.push("missing_field", "application", "the bundle has no `application`");
        return None;
    };
    let uuid = match &app.uuid {
        Some(Scalar::Invalid(what)) => {
            problems.push("invalid_field", "application.uuid", format!("expected a string, a number or a boolean, found {what}"));
            return None;
        }
        v => match text(v) {
            Some(u) => u.to_owned(),
            None => {
                problems.push("missing_field", "application.uuid", "the application has no uuid");
                return None;
            }
        },
    };
    let name = text(&app.name).unwrap_or(&uuid).to_owned();
    let pull_request_id = match bundle.preview.as_ref().map(|p| &p.pull_request_id) {
        None | Some(None) => 0,
        Some(v) => match text(v) {
            None => 0,
            Some(t) => {
                let parsed = t.parse::<i64>().ok().or_else(|| t.parse::<f64>().ok().filter(|f| f.fract() == 0.0 && f.is_finite()).map(|f| f as i64));
                match parsed {
                    Some(n) if (0..=i64::from(u32::MAX)).contains(&n) => n as u64,
                    _ => {
                        problems.push("invalid_number", "preview.pull_request_id", format!("`{t}` is not a pull request number"));
                        return None;
                    }
                }
            }
        },
    };
    let base = if pull_request_id > 0 { names::dns_label(&format!("{uuid}-pr-{pull_request_id}"), 63) } else { names::dns_label(&uuid, 63) };
    let server = bundle.server.as_ref().and_then(|s| s.settings.as_ref());
    let namespace = server.and_then(|s| text(&s.kubernetes_namespace)).unwrap_or(defaults::NAMESPACE).to_owned();
    if !check_namespace(&namespace, "server.settings.kubernetes_namespace", problems) {
        return None;
    }
    Some(Identity { uuid_label: names::label_value(&uuid), name: base, container: labels::slug(&name), namespace })
}

/// What a plan needs from the render.
struct Rendered {
    yaml: String,
    identity: Identity,
    /// The pod template's container names (the first is the application's).
    containers: Vec<String>,
    replicas: i32,
    /// The Deployment leaves `replicas` to an autoscaler.
    autoscaled: bool,
    progress_deadline: i32,
    /// Names kept per kind.
    kept: BTreeMap<&'static str, Vec<String>>,
    warnings: Vec<Problem>,
}

fn rendered(bundle: &Bundle) -> Result<Rendered, Errors> {
    let out = render(bundle)?;
    let mut kept: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    let mut deployment = None;
    for object in &out.manifests {
        kept.entry(object.kind()).or_default().push(object.name().to_owned());
        if let Object::Deployment(d) = object {
            deployment.get_or_insert(d);
        }
    }
    let Some(d) = deployment else {
        return Err(Errors::one("no_deployment", "application", "the render holds no Deployment"));
    };
    let spec = d.spec.as_ref();
    let selector = spec.and_then(|s| s.selector.match_labels.clone()).unwrap_or_default();
    let containers: Vec<String> =
        spec.and_then(|s| s.template.spec.as_ref()).map(|p| p.containers.iter().map(|c| c.name.clone()).collect()).unwrap_or_default();
    let identity = Identity {
        uuid_label: d.metadata.labels.as_ref().and_then(|l| l.get("coolify.name")).cloned().unwrap_or_default(),
        name: selector.get("app.kubernetes.io/instance").cloned().unwrap_or_else(|| d.metadata.name.clone().unwrap_or_default()),
        container: containers.first().cloned().unwrap_or_default(),
        namespace: d.metadata.namespace.clone().unwrap_or_else(|| defaults::NAMESPACE.to_owned()),
    };
    Ok(Rendered {
        yaml: output::to_yaml(&out.manifests),
        replicas: spec.and_then(|s| s.replicas).unwrap_or(1),
        autoscaled: spec.is_some_and(|s| s.replicas.is_none()),
        progress_deadline: spec.and_then(|s| s.progress_deadline_seconds).unwrap_or(defaults::PROGRESS_DEADLINE_SECONDS),
        identity,
        containers,
        kept,
        warnings: out.warnings,
    })
}

/// Builds the plan of an application action.
pub(crate) fn plan(action: &Action) -> Result<Plan, Errors> {
    let mut problems = Collector::default();
    check_target(&action.target, &mut problems);
    check_options(&action.kind, &mut problems);
    let Some(bundle) = action.bundle.as_ref() else {
        problems.push("missing_field", "bundle", format!("`{}` needs the application's bundle", action.kind.name()));
        return Err(Errors::new(problems.into_vec()));
    };
    let needs_render = matches!(
        action.kind,
        ActionKind::Apply | ActionKind::Deploy(_) | ActionKind::PreDeploy | ActionKind::PostDeploy { .. } | ActionKind::Prune { .. } | ActionKind::Start
    );
    if needs_render {
        if !problems.is_empty() {
            return Err(Errors::new(problems.into_vec()));
        }
        let r = rendered(bundle)?;
        if let Some(ns) = &action.target.namespace {
            if *ns != r.identity.namespace {
                return Err(Errors::one(
                    "namespace_mismatch",
                    "namespace",
                    format!("the rendered objects belong to namespace `{}`, not `{ns}`", r.identity.namespace),
                ));
            }
        }
        let k = Kubectl::new(&action.target, Some(&r.identity.namespace));
        return Ok(with_render(action, bundle, &r, &k));
    }
    let id = identity(bundle, &mut problems);
    let Some(mut id) = id.filter(|_| problems.is_empty()) else {
        return Err(Errors::new(problems.into_vec()));
    };
    if let Some(ns) = &action.target.namespace {
        id.namespace = ns.clone();
    }
    let k = Kubectl::new(&action.target, Some(&id.namespace));
    Ok(without_render(action, &id, &k))
}

/// Checks the options that become command words.
pub(crate) fn check_options(kind: &ActionKind, problems: &mut Collector) {
    match kind {
        ActionKind::Logs(logs) => check_logs(logs, problems),
        ActionKind::Exec { command, container, .. } => {
            if command.is_empty() {
                problems.push("missing_field", "command", "exec needs a command (argv)");
            }
            for (i, word) in command.iter().enumerate() {
                check_word(problems, &format!("command[{i}]"), word);
            }
            if let Some(c) = container {
                check_container(c, "container", problems);
            }
        }
        ActionKind::Scale { replicas, .. } if *replicas > 10_000 => {
            problems.push("out_of_range", "replicas", format!("{replicas} is outside 0–10000"));
        }
        _ => {}
    }
}

pub(crate) fn check_container(name: &str, path: &str, problems: &mut Collector) {
    if let Err(message) = crate::validate::is_dns1123_label(name) {
        problems.push("invalid_container", path, format!("not a container name: {message}"));
    }
}

pub(crate) fn check_logs(logs: &Logs, problems: &mut Collector) {
    if logs.tail < -1 {
        problems.push("out_of_range", "tail", "must be -1 (all lines) or more");
    }
    if logs.since.is_some() && logs.since_time.is_some() {
        problems.push("conflicting_fields", "since_time", "give `since` or `since_time`, not both");
    }
    if let Some(s) = &logs.since {
        if !is_go_duration(s) {
            problems.push("invalid_duration", "since", "not a duration such as `30s`, `5m` or `1h30m`");
        }
    }
    if let Some(t) = &logs.since_time {
        if crate::status::Timestamp::parse(t).is_err() {
            problems.push("invalid_time", "since_time", "not an RFC 3339 time such as 2025-05-01T12:00:00Z");
        }
    }
    if logs.container.is_some() && logs.all_containers {
        problems.push("conflicting_fields", "all_containers", "give `container` or `all_containers`, not both");
    }
    if let Some(c) = &logs.container {
        check_container(c, "container", problems);
    }
    if let Some(p) = &logs.pod {
        if let Err(message) = crate::validate::is_dns1123_subdomain(p) {
            problems.push("invalid_pod", "pod", format!("not a pod name: {message}"));
        }
    }
}

/// A Go duration as kubectl's `--since` takes it: `<number><unit>` repeated, units h, m, s, ms.
fn is_go_duration(text: &str) -> bool {
    let mut rest = text;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let number = &rest[..digits];
        if number.is_empty() || number.starts_with('.') || number.ends_with('.') || number.matches('.').count() > 1 {
            return false;
        }
        rest = &rest[digits..];
        let unit = ["ms", "h", "m", "s"].into_iter().find(|u| rest.starts_with(u));
        match unit {
            Some(u) => rest = &rest[u.len()..],
            None => return false,
        }
    }
    true
}

fn with_render(action: &Action, bundle: &Bundle, r: &Rendered, k: &Kubectl) -> Plan {
    let id = &r.identity;
    let mut warnings = r.warnings.clone();
    let steps = match &action.kind {
        ActionKind::Apply => apply_steps(r, k),
        ActionKind::Deploy(options) => deploy(bundle, r, k, options, &mut warnings),
        ActionKind::PreDeploy => deployment_command(bundle, r, k, Phase::Pre, &mut warnings).into_iter().collect(),
        ActionKind::PostDeploy { timeout_seconds } => {
            let mut steps = vec![rollout_status(id, k, timeout(r, *timeout_seconds), false)];
            steps.extend(deployment_command(bundle, r, k, Phase::Post, &mut warnings));
            steps
        }
        ActionKind::Prune { claims } => prune(r, k, *claims),
        ActionKind::Start => vec![Step::new(
            run(&k.argv(&["scale", &id.deployment(), &format!("--replicas={}", r.replicas)])),
            format!("Start {}: scale back to {} replica(s)", id.name, r.replicas),
        )],
        _ => Vec::new(),
    };
    let mut plan = Plan::new(action.kind.name(), steps);
    plan.warnings = warnings;
    plan
}

fn apply_steps(r: &Rendered, k: &Kubectl) -> Vec<Step> {
    let mut steps = Vec::new();
    if r.autoscaled {
        steps.push(replicas_handover(r, k));
    }
    steps.push(Step::new(
        feed(r.yaml.as_bytes(), &k.argv(&["apply", "--server-side", "--field-manager=coolify", "--force-conflicts", "-f", "-"])),
        format!("Apply the rendered objects of {} (server-side apply, field manager coolify)", r.identity.name),
    )
    .hide());
    steps
}

/// Field manager that keeps `spec.replicas` once an autoscaler owns the count.
const HANDOVER_MANAGER: &str = "coolify-autoscaler-handover";

/// With an autoscaler the rendered Deployment has no `replicas`. Under server-side apply, a
/// field the `coolify` manager stops sending is removed — the Deployment would fall back to one
/// replica before the autoscaler acts. So the current count is first re-applied by another
/// field manager, which then owns it; the `coolify` apply no longer touches it.
fn replicas_handover(r: &Rendered, k: &Kubectl) -> Step {
    let id = &r.identity;
    let deployment = id.deployment();
    let exists = run(&k.argv(&["get", &deployment, "-o", "name"]));
    let current = run(&k.argv(&["get", &deployment, "-o", "jsonpath={.spec.replicas}"]));
    // Name and namespace are DNS labels (checked when rendering), so they are JSON-safe.
    let template = format!(
        r#"{{"apiVersion":"apps/v1","kind":"Deployment","metadata":{{"name":"{}","namespace":"{}"}},"spec":{{"replicas":%s}}}}"#,
        id.name, id.namespace
    );
    let apply = join(&k.argv(&["apply", "--server-side", &format!("--field-manager={HANDOVER_MANAGER}"), "--force-conflicts", "-f", "-"]));
    Step::new(
        format!(
            "if {exists} >/dev/null 2>&1; then printf {} \"$({current})\" | {}; fi",
            quote(&template),
            apply
        ),
        format!("Hand the replica count of {} over to the autoscaler (keeps the current count while the apply drops the field)", id.name),
    )
}

/// The rollout timeout: given, or `(progressDeadlineSeconds + 60) × max(1, replicas)`, at most
/// an hour.
fn timeout(r: &Rendered, given: Option<u32>) -> u64 {
    given.map(u64::from).unwrap_or_else(|| {
        let per = u64::try_from(r.progress_deadline).unwrap_or(0) + 60;
        (per * u64::try_from(r.replicas.max(1)).unwrap_or(1)).min(MAX_TIMEOUT_SECONDS)
    })
}

fn rollout_status(id: &Identity, k: &Kubectl, seconds: u64, rollback: bool) -> Step {
    let status = run(&k.argv(&["rollout", "status", &id.deployment(), &format!("--timeout={seconds}s")]));
    if rollback {
        let undo = run(&k.argv(&["rollout", "undo", &id.deployment()]));
        Step::new(
            format!("{status} || {{ {undo} || true; false; }}"),
            format!("Wait up to {seconds}s for {} to roll out; if it does not, roll back to the previous version", id.name),
        )
    } else {
        Step::new(status, format!("Wait up to {seconds}s for {} to roll out", id.name))
    }
}

fn deploy(bundle: &Bundle, r: &Rendered, k: &Kubectl, options: &Deploy, warnings: &mut Vec<Problem>) -> Vec<Step> {
    let mut steps = Vec::new();
    steps.extend(deployment_command(bundle, r, k, Phase::Pre, warnings));
    steps.extend(apply_steps(r, k));
    steps.push(rollout_status(&r.identity, k, timeout(r, options.timeout_seconds), options.rollback));
    if options.prune {
        steps.extend(prune(r, k, options.claims));
    }
    steps.extend(deployment_command(bundle, r, k, Phase::Post, warnings));
    steps
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Pre,
    Post,
}

/// `coolify_pod=$(<newest ready pod>); if [ -n "$coolify_pod" ]; then kubectl exec ...; else ...; fi`
fn in_ready_pod(id: &Identity, k: &Kubectl, container: &str, argv: &[String], if_none: &str) -> String {
    in_ready_pod_of(&id.pod_selector(), k, container, argv, if_none)
}

/// The same for the pods `selector` selects.
pub(crate) fn in_ready_pod_of(selector: &str, k: &Kubectl, container: &str, argv: &[String], if_none: &str) -> String {
    let find = join(&k.argv(&[
        "get",
        "pods",
        "-l",
        selector,
        "--sort-by=.metadata.creationTimestamp",
        "-o",
        &format!("go-template={READY_POD_TEMPLATE}"),
    ]));
    // The pod name is a shell expansion inside double quotes (one word whatever it holds),
    // written between two quoted parts; nothing from input is ever outside `quote`.
    let mut rest = vec!["-c".to_owned(), container.to_owned(), "--".to_owned()];
    rest.extend(argv.iter().cloned());
    let exec = format!("{} \"pod/$coolify_pod\" {}", join(&k.argv(&["exec"])), join(&rest));
    format!("coolify_pod=$({find} </dev/null | tail -n 1); if [ -n \"$coolify_pod\" ]; then {exec} </dev/null; else {if_none}; fi")
}

fn deployment_command(bundle: &Bundle, r: &Rendered, k: &Kubectl, phase: Phase, warnings: &mut Vec<Problem>) -> Option<Step> {
    let app = bundle.application.as_ref()?;
    let (command, container_field, field) = match phase {
        Phase::Pre => (&app.pre_deployment_command, &app.pre_deployment_command_container, "pre_deployment_command"),
        Phase::Post => (&app.post_deployment_command, &app.post_deployment_command_container, "post_deployment_command"),
    };
    let command = command.as_ref().and_then(Scalar::text).filter(|c| !c.trim().is_empty())?;
    let id = &r.identity;
    // Coolify names the compose service here; a single-container application runs the command
    // in its one container whatever the name says, as Coolify does.
    let container = match text(container_field) {
        Some(c) if r.containers.iter().any(|n| n == c) => c.to_owned(),
        Some(_) => {
            warnings.push(Problem::new(
                "deployment_command_container_ignored",
                format!("application.{field}_container"),
                format!("the pod has no container of that name; the command runs in `{}`", id.container),
            ));
            id.container.clone()
        }
        None => id.container.clone(),
    };
    if phase == Phase::Post && r.replicas == 0 {
        warnings.push(Problem::new(
            "post_deployment_command_skipped",
            format!("application.{field}"),
            "the application runs 0 replicas: there is no pod to run the post-deployment command in",
        ));
        return None;
    }
    let argv = vec!["sh".to_owned(), "-c".to_owned(), command.to_owned()];
    Some(match phase {
        Phase::Pre => Step::new(
            in_ready_pod(id, k, &container, &argv, &note(&format!("coolify-k8s: no ready pod of {}; pre-deployment command skipped", id.name))),
            format!("Run the pre-deployment command in a ready pod of {} (the serving version)", id.name),
        ),
        Phase::Post => Step::new(
            in_ready_pod(id, k, &container, &argv, &format!("{}; false", note(&format!("coolify-k8s: no ready pod of {} for the post-deployment command", id.name)))),
            format!("Run the post-deployment command in a ready pod of {} (the new version)", id.name),
        ),
    })
}

fn prune(r: &Rendered, k: &Kubectl, claims: bool) -> Vec<Step> {
    let id = &r.identity;
    OWNED
        .iter()
        .filter(|o| claims || o.kind != kinds::CLAIM)
        .map(|o| {
            let mut terms = Vec::new();
            if o.kind == "Secret" {
                // TLS Secrets are written by cert-manager or an ingress controller, never by render.
                terms.push("type!=kubernetes.io/tls".to_owned());
            }
            for name in r.kept.get(o.kind).into_iter().flatten() {
                terms.push(format!("metadata.name!={name}"));
            }
            let mut args = vec!["delete".to_owned(), o.resource.to_owned(), "-l".to_owned(), id.selector()];
            if !terms.is_empty() {
                args.push(format!("--field-selector={}", terms.join(",")));
            }
            args.push("--ignore-not-found".to_owned());
            Step::new(run(&k.argv(&args)), format!("Prune {} objects of {} that the new render no longer has", o.kind, id.name)).non_fatal()
        })
        .collect()
}

fn without_render(action: &Action, id: &Identity, k: &Kubectl) -> Plan {
    let deployment = id.deployment();
    let steps = match &action.kind {
        ActionKind::Rollback { to_revision, timeout_seconds } => {
            let mut args = vec!["rollout".to_owned(), "undo".to_owned(), deployment.clone()];
            if let Some(rev) = to_revision {
                args.push(format!("--to-revision={rev}"));
            }
            let mut steps = vec![Step::new(run(&k.argv(&args)), format!("Roll {} back to the previous version", id.name))];
            if let Some(t) = timeout_seconds {
                steps.push(rollout_status(id, k, u64::from(*t), false));
            }
            steps
        }
        ActionKind::Scale { replicas, .. } => vec![Step::new(
            run(&k.argv(&["scale", &deployment, &format!("--replicas={replicas}")])),
            format!("Scale {} to {replicas} replica(s)", id.name),
        )],
        ActionKind::Stop => vec![Step::new(
            run(&k.argv(&["scale", &deployment, "--replicas=0"])),
            format!("Stop {}: scale to 0, keep everything else", id.name),
        )],
        ActionKind::Restart => vec![Step::new(run(&k.argv(&["rollout", "restart", &deployment])), format!("Restart the pods of {}", id.name))],
        ActionKind::Delete { claims, previews } => {
            let selector = if *previews {
                format!("coolify.name={},app.kubernetes.io/managed-by={MANAGED_BY}", id.uuid_label)
            } else {
                id.selector()
            };
            OWNED
                .iter()
                .filter(|o| *claims || o.kind != kinds::CLAIM)
                .map(|o| {
                    let step = Step::new(
                        run(&k.argv(&["delete", o.resource, "-l", &selector, "--ignore-not-found"])),
                        format!("Delete the {} objects of {}", o.kind, id.name),
                    );
                    if o.builtin { step } else { step.non_fatal() }
                })
                .collect()
        }
        ActionKind::Status => vec![
            Step::new(
                run(&k.argv(&["get", "deployment,replicaset,pod,hpa", "-l", &format!("coolify.name={}", id.uuid_label), "-o", "json"])),
                format!("Read the Deployments, ReplicaSets, Pods and autoscalers of {} (production and previews)", id.uuid_label),
            ),
            Step::new(run(&k.argv(&["get", "events", "-o", "json"])), "Read the namespace's recent events".to_owned()),
        ],
        ActionKind::Logs(logs) => vec![logs_step(id, k, logs)],
        ActionKind::Exec { command, container, .. } => {
            let container = container.clone().unwrap_or_else(|| id.container.clone());
            vec![Step::new(
                in_ready_pod(id, k, &container, command, &format!("{}; false", note(&format!("coolify-k8s: no ready pod of {}", id.name)))),
                format!("Run a command in a ready pod of {}", id.name),
            )]
        }
        ActionKind::Resources { containers } => {
            let mut args = vec!["top".to_owned(), "pods".to_owned(), "-l".to_owned(), id.pod_selector(), "--no-headers".to_owned()];
            if *containers {
                args.push("--containers".to_owned());
            }
            vec![Step::new(run(&k.argv(&args)), format!("Read the CPU and memory use of the pods of {}", id.name))]
        }
        _ => Vec::new(),
    };
    Plan::new(action.kind.name(), steps)
}

fn logs_step(id: &Identity, k: &Kubectl, logs: &Logs) -> Step {
    Step::new(run(&k.argv(&logs_args(&id.pod_selector(), logs))), format!("Read the logs of {}", id.name))
}

/// `logs` with its options, for the pods `selector` selects (or the one pod asked for).
pub(crate) fn logs_args(selector: &str, logs: &Logs) -> Vec<String> {
    let mut args = vec!["logs".to_owned()];
    match &logs.pod {
        Some(pod) => args.push(format!("pod/{pod}")),
        None => {
            args.push("-l".to_owned());
            args.push(selector.to_owned());
        }
    }
    args.push(format!("--tail={}", logs.tail));
    args.push("--prefix".to_owned());
    if let Some(s) = &logs.since {
        args.push(format!("--since={s}"));
    }
    if let Some(t) = logs.since_time.as_deref().and_then(|t| crate::status::Timestamp::parse(t).ok()) {
        args.push(format!("--since-time={t}"));
    }
    if let Some(c) = &logs.container {
        args.push("-c".to_owned());
        args.push(c.clone());
    }
    if logs.all_containers {
        args.push("--all-containers".to_owned());
    }
    if logs.previous {
        args.push("--previous".to_owned());
    }
    if logs.timestamps {
        args.push("--timestamps".to_owned());
    }
    args
}

/// The identity both ways, for the drift test: `(lenient, rendered)` as
/// `(name, container, namespace, uuid label)`.
#[doc(hidden)]
pub fn identities(bundle: &Bundle) -> Result<[(String, String, String, String); 2], Errors> {
    let mut problems = Collector::default();
    let lenient = identity(bundle, &mut problems).ok_or_else(|| Errors::new(problems.into_vec()))?;
    let r = rendered(bundle)?.identity;
    Ok([
        (lenient.name, lenient.container, lenient.namespace, lenient.uuid_label),
        (r.name, r.container, r.namespace, r.uuid_label),
    ])
}

/// Whether every kind in `manifests` is one plans know how to prune (Namespace excepted).
#[doc(hidden)]
pub fn unknown_kinds(manifests: &[Object]) -> Vec<&'static str> {
    manifests.iter().map(Object::kind).filter(|k| *k != "Namespace" && !kinds::is_owned(k)).collect()
}

/// The same for a compose resource's objects.
#[doc(hidden)]
pub fn unknown_stack_kinds(manifests: &[Object]) -> Vec<&'static str> {
    manifests.iter().map(Object::kind).filter(|k| *k != "Namespace" && !kinds::is_stack_owned(k)).collect()
}
