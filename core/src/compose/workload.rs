//! Which workload a compose service becomes, and that workload built around its pod template.
//!
//! | the service | becomes |
//! |---|---|
//! | label `coolify.kubernetes.workload: deployment \| statefulset \| job` | that kind |
//! | `restart: "no"`, `restart: on-failure[:N]`, or `deploy.restart_policy.condition: none \| on-failure` | a Job (run once; retried N times on failure) |
//! | another service waits for it with `condition: service_completed_successfully` | a Job |
//! | it mounts a named volume no other service mounts (its data must follow it) | a StatefulSet |
//! | anything else | a Deployment |
//!
//! Coolify runs a service without `restart` as `unless-stopped`, so an unset restart policy
//! means a long-running service.

use super::file::Service;
use super::service::{flag, scalar};
use super::Ctx;
use crate::model::Scalar;
use crate::names;
use crate::objects::Object;
use k8s_openapi::api::apps::v1::{
    Deployment, DeploymentSpec, DeploymentStrategy, RollingUpdateDeployment, StatefulSet, StatefulSetSpec,
};
use k8s_openapi::api::batch::v1::{Job, JobSpec};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeMap;

/// The label that chooses the workload kind by hand.
pub const WORKLOAD_LABEL: &str = "coolify.kubernetes.workload";
/// Retries of a Job whose restart policy is `on-failure` without a count (Docker retries
/// without limit; Kubernetes' default limit).
pub const JOB_BACKOFF_LIMIT: i32 = 6;
/// Longest Job name prefix: the name ends in `-<hash8>` and must stay a label value.
const JOB_PREFIX_MAX: usize = names::MAX_LABEL - 9;
/// Longest StatefulSet name (the controller labels its pods `<name>-<hash10>`).
const STATEFUL_SET_MAX: usize = 52;

/// A service's restart policy (`restart`, or `deploy.restart_policy`, which wins).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Restart {
    /// `always`, `unless-stopped`, `any`, or unset (Coolify's `unless-stopped`).
    Always,
    /// `no`, `none`.
    Never,
    /// `on-failure`, with its retry count when given.
    OnFailure(Option<i32>),
}

/// The workload kind of one service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A Deployment.
    Deployment,
    /// A StatefulSet.
    StatefulSet,
    /// A Job: the pod restart policy (`Never` or `OnFailure`) and the retry limit.
    Job(&'static str, i32),
}

/// Reads the restart policy, with an error for a value that is none.
pub(crate) fn restart(ctx: &mut Ctx<'_>, svc: &Service, path: &str) -> (Restart, bool) {
    let parse = |ctx: &mut Ctx<'_>, v: &Option<Scalar>, p: &str| -> Option<Restart> {
        let t = scalar(ctx, v, p)?.trim().to_ascii_lowercase();
        match t.as_str() {
            "always" | "unless-stopped" | "any" => Some(Restart::Always),
            "" => None,
            "no" | "none" => Some(Restart::Never),
            "on-failure" => Some(Restart::OnFailure(None)),
            t => match t.strip_prefix("on-failure:").map(|n| n.trim().parse::<i32>()) {
                Some(Ok(n)) if n >= 0 => Some(Restart::OnFailure(Some(n))),
                _ => {
                    ctx.errors.push("invalid_restart", p, format!("`{t}` is not a restart policy (no, always, on-failure[:N], unless-stopped)"));
                    None
                }
            },
        }
    };
    let mut policy = parse(ctx, &svc.restart, &format!("{path}.restart"));
    if let Some(rp) = svc.deploy.as_ref().and_then(|d| d.restart_policy.as_ref()) {
        let rpath = format!("{path}.deploy.restart_policy");
        ctx.untranslated(&rpath, &rp.extra);
        if let Some(p) = parse(ctx, &rp.condition, &format!("{rpath}.condition")) {
            policy = Some(p);
        }
        if let Some(t) = scalar(ctx, &rp.max_attempts, &format!("{rpath}.max_attempts")) {
            match t.trim().parse::<i32>() {
                Ok(n) if n >= 0 => {
                    if let Some(Restart::OnFailure(_)) | None = policy {
                        policy = Some(Restart::OnFailure(Some(n)));
                    }
                }
                _ => ctx.errors.push("invalid_number", format!("{rpath}.max_attempts"), format!("`{t}` is not a whole number of attempts")),
            }
        }
    }
    let explicit = policy.is_some();
    (policy.unwrap_or(Restart::Always), explicit)
}

/// What [`choose`] looks at besides the service itself.
pub(crate) struct Facts {
    /// Its restart policy, and whether the file sets one.
    pub(crate) restart: (Restart, bool),
    /// Another service waits for it to complete.
    pub(crate) awaited: bool,
    /// It mounts a named volume no other service mounts.
    pub(crate) own_volume: bool,
}

/// Chooses the workload kind (see the module's table), warning where the restart policy
/// cannot be kept.
pub(crate) fn choose(ctx: &mut Ctx<'_>, svc: &Service, path: &str, facts: &Facts) -> Kind {
    let (restart, explicit) = facts.restart;
    let restart_path = format!("{path}.restart");
    let chosen = workload_label(ctx, svc, path);
    let job = |ctx: &mut Ctx<'_>| match restart {
        Restart::Never => Kind::Job("Never", 0),
        Restart::OnFailure(Some(n)) => Kind::Job("OnFailure", n),
        Restart::OnFailure(None) => {
            ctx.warnings.push("restart_policy", restart_path.clone(), format!("Docker retries `on-failure` without limit; the Job gives up after {JOB_BACKOFF_LIMIT} retries"));
            Kind::Job("OnFailure", JOB_BACKOFF_LIMIT)
        }
        Restart::Always => Kind::Job("OnFailure", JOB_BACKOFF_LIMIT),
    };
    let long_running = |ctx: &mut Ctx<'_>, kind: Kind, what: &str| {
        if restart != Restart::Always {
            ctx.warnings.push("restart_policy", restart_path.clone(), format!("a {what} restarts its pods after every exit; the restart policy is not translated"));
        }
        kind
    };
    match chosen.as_deref() {
        Some("job") => job(ctx),
        Some("statefulset") => long_running(ctx, Kind::StatefulSet, "StatefulSet"),
        Some("deployment") => long_running(ctx, Kind::Deployment, "Deployment"),
        _ if restart != Restart::Always => job(ctx),
        _ if facts.awaited => {
            if explicit {
                ctx.warnings.push(
                    "restart_policy",
                    restart_path.clone(),
                    "another service waits for this one to complete, so it runs once as a Job (retried on failure); the restart policy is not translated",
                );
            }
            job(ctx)
        }
        _ if facts.own_volume => Kind::StatefulSet,
        _ => Kind::Deployment,
    }
}

/// The value of the `coolify.kubernetes.workload` label, when valid.
fn workload_label(ctx: &mut Ctx<'_>, svc: &Service, path: &str) -> Option<String> {
    let labels = svc.labels.as_ref()?;
    let (i, (_, value)) = labels.entries.iter().enumerate().find(|(_, (k, _))| k == WORKLOAD_LABEL)?;
    let p = if labels.list { format!("{path}.labels[{i}]") } else { format!("{path}.labels.{WORKLOAD_LABEL}") };
    let value = value.as_deref().map(|v| ctx.x(v, &p)).unwrap_or_default().trim().to_ascii_lowercase();
    match value.as_str() {
        "deployment" | "statefulset" | "job" => Some(value),
        other => {
            ctx.errors.push("invalid_workload", p, format!("`{other}` is not a workload kind (deployment, statefulset, job)"));
            None
        }
    }
}

/// Whether a service is excluded from the health check by `exclude_from_hc`.
pub(crate) fn excluded(ctx: &mut Ctx<'_>, svc: &Service, path: &str) -> bool {
    flag(ctx, &svc.exclude_from_hc, &format!("{path}.exclude_from_hc"))
}

/// Everything a workload is built from.
pub(crate) struct Parts {
    /// The service's object name.
    pub(crate) object: String,
    /// The workload's metadata (its name is replaced per kind).
    pub(crate) meta: ObjectMeta,
    /// The pod selector.
    pub(crate) selector: BTreeMap<String, String>,
    /// The pod template.
    pub(crate) template: PodTemplateSpec,
    /// `deploy.replicas` (1 when unset).
    pub(crate) replicas: i32,
    /// A claim is mounted: a Deployment stops the old pod before starting the new one.
    pub(crate) recreate: bool,
    /// The Deployment's progress deadline.
    pub(crate) deadline: i32,
    /// The StatefulSet's governing (headless) Service.
    pub(crate) headless_service: String,
}

/// The StatefulSet name of a service's object name.
pub(crate) fn stateful_set_name(object: &str) -> String {
    names::dns_label(object, STATEFUL_SET_MAX)
}

/// Builds the workload. A Job's name ends in a hash of its pod template: a Job cannot be
/// changed once created, so a changed service is a new Job (and the old one is pruned), while
/// the same service applied again is the same, finished Job — it does not run again.
pub(crate) fn build(kind: Kind, parts: Parts) -> Object {
    let selector = LabelSelector { match_labels: Some(parts.selector), match_expressions: None };
    match kind {
        Kind::Deployment => {
            let strategy = if parts.recreate {
                DeploymentStrategy { type_: Some("Recreate".to_owned()), rolling_update: None }
            } else {
                DeploymentStrategy {
                    type_: Some("RollingUpdate".to_owned()),
                    rolling_update: Some(RollingUpdateDeployment { max_surge: Some(IntOrString::Int(1)), max_unavailable: Some(IntOrString::Int(0)) }),
                }
            };
            Object::Deployment(Deployment {
                metadata: ObjectMeta { name: Some(parts.object), ..parts.meta },
                spec: Some(DeploymentSpec {
                    replicas: Some(parts.replicas),
                    selector,
                    strategy: Some(strategy),
                    progress_deadline_seconds: Some(parts.deadline),
                    template: parts.template,
                    ..Default::default()
                }),
                ..Default::default()
            })
        }
        Kind::StatefulSet => Object::StatefulSet(StatefulSet {
            metadata: ObjectMeta { name: Some(stateful_set_name(&parts.object)), ..parts.meta },
            spec: Some(StatefulSetSpec {
                replicas: Some(parts.replicas),
                selector,
                service_name: Some(parts.headless_service),
                template: parts.template,
                ..Default::default()
            }),
            ..Default::default()
        }),
        Kind::Job(policy, backoff) => {
            let mut template = parts.template;
            if let Some(spec) = template.spec.as_mut() {
                spec.restart_policy = Some(policy.to_owned());
            }
            let hash = names::short_hash(&serde_json::to_string(&template).unwrap_or_default(), 8);
            let name = format!("{}-{hash}", names::dns_label(&parts.object, JOB_PREFIX_MAX));
            let count = parts.replicas.max(1);
            Object::Job(Job {
                metadata: ObjectMeta { name: Some(name), ..parts.meta },
                spec: Some(JobSpec {
                    backoff_limit: Some(backoff),
                    completions: if count == 1 { None } else { Some(count) },
                    parallelism: if count == 1 { None } else { Some(count) },
                    suspend: if parts.replicas == 0 { Some(true) } else { None },
                    template,
                    ..Default::default()
                }),
                ..Default::default()
            })
        }
    }
}
