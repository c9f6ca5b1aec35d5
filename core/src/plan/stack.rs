//! Compose actions: the same actions as an application's, for a compose resource (a Coolify
//! `dockercompose` application or one-click service) given as [`ComposeInput`] in the action's
//! `compose` field.
//!
//! `SEL` is the resource's selector `coolify.serviceId=<uuid>,app.kubernetes.io/managed-by=coolify`
//! (every object [`render_compose`] makes carries it, routes included). (F) fatal, (n) non-fatal,
//! (h) hidden.
//!
//! | action | steps |
//! |---|---|
//! | `apply` (render) | (F,h) `printf %s <base64 of the YAML> \| base64 -d \| K apply --server-side --field-manager=coolify --force-conflicts -f -` |
//! | `deploy` (render) | apply · per Deployment and StatefulSet, in output order, rollout status (with `rollout undo` of that workload on failure, unless `rollback: false`) · prune (unless `prune: false`); Jobs are not waited for (their outcome is in the status) |
//! | `prune` (render) | (n) per kind a stack may own, PVCs only with `claims: true`: `K delete <kind> -l SEL --field-selector=metadata.name!=<kept>,... --ignore-not-found` |
//! | `stop` | (F) `K scale deployments.apps,statefulsets.apps -l SEL --replicas=0` |
//! | `start` (render) | (F) per Deployment and StatefulSet, `K scale <kind>/<name> --replicas=<rendered>` |
//! | `restart` | (F) `K rollout restart deployments.apps,statefulsets.apps -l SEL` |
//! | `delete` | per kind, routes first, PVCs only with `claims: true`: `K delete <kind> -l SEL --ignore-not-found` |
//! | `status` | (F) `K get deployments.apps,statefulsets.apps,jobs.batch,replicasets.apps,pods -l SEL -o json`, (F) `K get events -o json` |
//! | `logs` | (F) `K logs -l SEL[,app.kubernetes.io/name=<service>] --tail=N --prefix ...` (the application's options, plus `service`) |
//! | `scale` (`service` required) | (F) `K scale deployments.apps,statefulsets.apps -l SEL,app.kubernetes.io/name=<service> --replicas=N` |
//! | `exec` (`service` required) | (F) in the service's newest ready pod: `K exec pod/<pod> -c <container, default the service's> -- <command...>`; no ready pod is a failure |
//!
//! The other application actions (`pre-deploy`, `post-deploy`, `rollback`, `resources`) name one
//! application's Deployment and are refused for a compose resource.

use super::input::{Action, ActionKind, Deploy, Logs};
use super::kinds::{self, Owned, STACK_OWNED};
use super::kubectl::{check_namespace, check_target, Kubectl};
use super::shell::{feed, note, run};
use super::{Plan, Step};
use crate::compose::ComposeInput;
use crate::error::{Collector, Errors};
use crate::model::{defaults, Scalar};
use crate::objects::Object;
use crate::render::labels::{slug, MANAGED_BY};
use crate::{names, output, render_compose};
use std::collections::BTreeMap;

/// Longest wait for one workload's rollout by default.
const MAX_TIMEOUT_SECONDS: u64 = 3600;

/// Who the stack is: its uuid label and namespace, read without rendering.
struct Identity {
    uuid: String,
    namespace: String,
}

impl Identity {
    fn selector(&self) -> String {
        format!("coolify.serviceId={},app.kubernetes.io/managed-by={MANAGED_BY}", self.uuid)
    }
}

fn text(v: &Option<Scalar>) -> Option<&str> {
    v.as_ref().and_then(Scalar::text).map(str::trim).filter(|s| !s.is_empty())
}

/// The uuid and namespace, as [`render_compose`] derives them.
fn identity(input: &ComposeInput, problems: &mut Collector) -> Option<Identity> {
    let server_ns = input.server.as_ref().and_then(|s| s.settings.as_ref()).and_then(|s| text(&s.kubernetes_namespace));
    let (namespace, path) = match text(&input.namespace) {
        Some(ns) => (ns, "compose.namespace"),
        None => (server_ns.unwrap_or(defaults::NAMESPACE), "compose.server.settings.kubernetes_namespace"),
    };
    let namespace_ok = check_namespace(namespace, path, problems);
    let Some(uuid) = text(&input.uuid) else {
        problems.push("missing_field", "compose.uuid", "a compose resource's actions need its uuid (its objects are found by `coolify.serviceId`)");
        return None;
    };
    namespace_ok.then(|| Identity { uuid: names::label_value(uuid), namespace: namespace.to_owned() })
}

/// A long-running workload of the render: kind (`deployment`, `statefulset`), name, replicas,
/// progress deadline.
struct Workload {
    kind: &'static str,
    name: String,
    replicas: i32,
    deadline: i32,
}

/// What the render gives the plans.
struct Rendered {
    yaml: String,
    workloads: Vec<Workload>,
    kept: BTreeMap<&'static str, Vec<String>>,
    warnings: Vec<crate::Problem>,
}

fn rendered(input: &ComposeInput) -> Result<Rendered, Errors> {
    let out = render_compose(input)?;
    let mut kept: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    let mut workloads = Vec::new();
    for object in &out.manifests {
        kept.entry(object.kind()).or_default().push(object.name().to_owned());
        match object {
            Object::Deployment(d) => {
                let spec = d.spec.as_ref();
                workloads.push(Workload {
                    kind: "deployment",
                    name: object.name().to_owned(),
                    replicas: spec.and_then(|s| s.replicas).unwrap_or(1),
                    deadline: spec.and_then(|s| s.progress_deadline_seconds).unwrap_or(defaults::PROGRESS_DEADLINE_SECONDS),
                });
            }
            Object::StatefulSet(s) => workloads.push(Workload {
                kind: "statefulset",
                name: object.name().to_owned(),
                replicas: s.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1),
                deadline: defaults::PROGRESS_DEADLINE_SECONDS,
            }),
            _ => {}
        }
    }
    Ok(Rendered { yaml: output::to_yaml(&out.manifests), workloads, kept, warnings: out.warnings })
}

/// Builds the plan of an action on a compose resource.
pub(crate) fn plan(action: &Action, input: &ComposeInput) -> Result<Plan, Errors> {
    let mut problems = Collector::default();
    check_target(&action.target, &mut problems);
    match &action.kind {
        ActionKind::PreDeploy
        | ActionKind::PostDeploy { .. }
        | ActionKind::Rollback { .. }
        | ActionKind::Resources { .. } => problems.push(
            "not_for_compose",
            "action",
            format!(
                "`{}` acts on one application's Deployment; a compose resource takes apply, deploy, prune, stop, start, restart, delete, status, logs, and scale and exec of one service",
                action.kind.name()
            ),
        ),
        ActionKind::Scale { service, .. } | ActionKind::Exec { service, .. } if service.as_deref().is_none_or(|s| s.trim().is_empty()) => {
            problems.push("missing_field", "service", format!("`{}` of a compose resource names one of its services", action.kind.name()));
        }
        ActionKind::Logs(Logs { service: Some(s), .. }) if s.trim().is_empty() => {
            problems.push("missing_field", "service", "`service` is empty: name one of the compose resource's services, or leave it out");
        }
        _ => {}
    }
    super::app::check_options(&action.kind, &mut problems);
    let id = identity(input, &mut problems);
    let Some(mut id) = id.filter(|_| problems.is_empty()) else {
        return Err(Errors::new(problems.into_vec()));
    };
    let needs_render = matches!(action.kind, ActionKind::Apply | ActionKind::Deploy(_) | ActionKind::Prune { .. } | ActionKind::Start);
    if needs_render {
        if let Some(ns) = &action.target.namespace {
            if *ns != id.namespace {
                return Err(Errors::one("namespace_mismatch", "namespace", format!("the rendered objects belong to namespace `{}`, not `{ns}`", id.namespace)));
            }
        }
        let r = rendered(input)?;
        let k = Kubectl::new(&action.target, Some(&id.namespace));
        let steps = match &action.kind {
            ActionKind::Apply => vec![apply(&id, &r, &k)],
            ActionKind::Deploy(options) => deploy(&id, &r, &k, options),
            ActionKind::Prune { claims } => prune(&id, &r, &k, *claims),
            _ => r
                .workloads
                .iter()
                .map(|w| {
                    Step::new(
                        run(&k.argv(&["scale", &format!("{}/{}", w.kind, w.name), &format!("--replicas={}", w.replicas)])),
                        format!("Start {}: scale back to {} replica(s)", w.name, w.replicas),
                    )
                })
                .collect(),
        };
        let mut plan = Plan::new(action.kind.name(), steps);
        plan.warnings = r.warnings;
        return Ok(plan);
    }
    if let Some(ns) = &action.target.namespace {
        id.namespace = ns.clone();
    }
    let k = Kubectl::new(&action.target, Some(&id.namespace));
    let sel = id.selector();
    let steps = match &action.kind {
        ActionKind::Stop => vec![Step::new(
            run(&k.argv(&["scale", "deployments.apps,statefulsets.apps", "-l", &sel, "--replicas=0"])),
            format!("Stop the compose resource {}: scale its Deployments and StatefulSets to 0, keep everything else", id.uuid),
        )],
        ActionKind::Restart => vec![Step::new(
            run(&k.argv(&["rollout", "restart", "deployments.apps,statefulsets.apps", "-l", &sel])),
            format!("Restart the pods of the compose resource {}", id.uuid),
        )],
        ActionKind::Delete { claims, .. } => STACK_OWNED
            .iter()
            .filter(|o| *claims || o.kind != kinds::CLAIM)
            .map(|o| {
                let step = Step::new(run(&k.argv(&["delete", o.resource, "-l", &sel, "--ignore-not-found"])), format!("Delete the {} objects of {}", o.kind, id.uuid));
                if o.builtin { step } else { step.non_fatal() }
            })
            .collect(),
        ActionKind::Status => vec![
            Step::new(
                run(&k.argv(&["get", "deployments.apps,statefulsets.apps,jobs.batch,replicasets.apps,pods", "-l", &sel, "-o", "json"])),
                format!("Read the Deployments, StatefulSets, Jobs, ReplicaSets and Pods of the compose resource {}", id.uuid),
            ),
            Step::new(run(&k.argv(&["get", "events", "-o", "json"])), "Read the namespace's recent events".to_owned()),
        ],
        ActionKind::Logs(logs) => vec![logs_step(&id, &k, logs)],
        ActionKind::Scale { replicas, service: Some(service) } => vec![Step::new(
            run(&k.argv(&["scale", "deployments.apps,statefulsets.apps", "-l", &service_selector(&id, service), &format!("--replicas={replicas}")])),
            format!("Scale the service {service} of {} to {replicas} replica(s)", id.uuid),
        )],
        ActionKind::Exec { command, container, service: Some(service) } => {
            let container = container.clone().unwrap_or_else(|| slug(service));
            let if_none = format!("{}; false", note(&format!("coolify-k8s: no ready pod of the service {service}")));
            vec![Step::new(
                super::app::in_ready_pod_of(&service_selector(&id, service), &k, &container, command, &if_none),
                format!("Run a command in a ready pod of the service {service} of {}", id.uuid),
            )]
        }
        _ => Vec::new(),
    };
    Ok(Plan::new(action.kind.name(), steps))
}

fn apply(id: &Identity, r: &Rendered, k: &Kubectl) -> Step {
    Step::new(
        feed(r.yaml.as_bytes(), &k.argv(&["apply", "--server-side", "--field-manager=coolify", "--force-conflicts", "-f", "-"])),
        format!("Apply the rendered objects of the compose resource {} (server-side apply, field manager coolify)", id.uuid),
    )
    .hide()
}

fn deploy(id: &Identity, r: &Rendered, k: &Kubectl, options: &Deploy) -> Vec<Step> {
    let mut steps = vec![apply(id, r, k)];
    for w in &r.workloads {
        let seconds = options.timeout_seconds.map(u64::from).unwrap_or_else(|| {
            let per = u64::try_from(w.deadline).unwrap_or(0) + 60;
            (per * u64::try_from(w.replicas.max(1)).unwrap_or(1)).min(MAX_TIMEOUT_SECONDS)
        });
        let target = format!("{}/{}", w.kind, w.name);
        let status = run(&k.argv(&["rollout", "status", &target, &format!("--timeout={seconds}s")]));
        steps.push(if options.rollback {
            let undo = run(&k.argv(&["rollout", "undo", &target]));
            Step::new(
                format!("{status} || {{ {undo} || true; false; }}"),
                format!("Wait up to {seconds}s for {} to roll out; if it does not, roll it back to its previous version", w.name),
            )
        } else {
            Step::new(status, format!("Wait up to {seconds}s for {} to roll out", w.name))
        });
    }
    if options.prune {
        steps.extend(prune(id, r, k, options.claims));
    }
    steps
}

fn prune(id: &Identity, r: &Rendered, k: &Kubectl, claims: bool) -> Vec<Step> {
    STACK_OWNED
        .iter()
        .filter(|o: &&Owned| claims || o.kind != kinds::CLAIM)
        .map(|o| {
            let mut terms = Vec::new();
            if o.kind == "Secret" {
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
            Step::new(run(&k.argv(&args)), format!("Prune {} objects of {} that the new render no longer has", o.kind, id.uuid)).non_fatal()
        })
        .collect()
}

/// The selector of one compose service's objects.
fn service_selector(id: &Identity, service: &str) -> String {
    format!("{},app.kubernetes.io/name={}", id.selector(), slug(service))
}

fn logs_step(id: &Identity, k: &Kubectl, logs: &Logs) -> Step {
    let selector = match &logs.service {
        Some(service) => service_selector(id, service),
        None => id.selector(),
    };
    let args = super::app::logs_args(&selector, logs);
    Step::new(run(&k.argv(&args)), format!("Read the logs of the compose resource {}", id.uuid))
}
