//! Workloads (`pkg/apis/apps/validation`, `pkg/apis/batch/validation`): Deployments,
//! StatefulSets, Jobs and CronJobs — replicas, selector, template, strategy.

use super::codes;
use super::field::{json, Bad, Path, Report};
use super::meta::{self, nonnegative};
use super::pod;
use super::rules::{self, NameRule};
use k8s_openapi::api::apps::v1::{Deployment, DeploymentStrategy, StatefulSet};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeMap;

/// Defaults `apps/v1` applies before validation.
const DEFAULT_PROGRESS_DEADLINE_SECONDS: i32 = 600;
const DEFAULT_SURGE_UNAVAILABLE: &str = "25%";

/// `ValidateDeployment`.
pub(crate) fn deployment(r: &mut Report, d: &Deployment) {
    meta::object_meta(r, &d.metadata, true, NameRule::Dns1123Subdomain);
    let path = Path::new("spec");
    let Some(spec) = &d.spec else {
        r.required(codes::REQUIRED, &path.child("selector"), "");
        r.required(
            codes::REQUIRED,
            &path.child("template").child("spec").child("containers"),
            "",
        );
        return;
    };
    if let Some(replicas) = spec.replicas {
        nonnegative(
            r,
            codes::NEGATIVE_VALUE,
            &path.child("replicas"),
            replicas.into(),
        );
    }
    selector_and_template(r, &spec.selector, &spec.template, "deployment", "ReplicaSet", &path);
    strategy(r, spec.strategy.as_ref(), &path.child("strategy"));
    let min_ready = spec.min_ready_seconds.unwrap_or(0);
    nonnegative(
        r,
        codes::NEGATIVE_VALUE,
        &path.child("minReadySeconds"),
        min_ready.into(),
    );
    if let Some(limit) = spec.revision_history_limit {
        nonnegative(
            r,
            codes::NEGATIVE_VALUE,
            &path.child("revisionHistoryLimit"),
            limit.into(),
        );
    }
    let deadline = spec
        .progress_deadline_seconds
        .unwrap_or(DEFAULT_PROGRESS_DEADLINE_SECONDS);
    let deadline_path = path.child("progressDeadlineSeconds");
    nonnegative(r, codes::NEGATIVE_VALUE, &deadline_path, deadline.into());
    if deadline <= min_ready {
        r.invalid(
            codes::INVALID_VALUE,
            &deadline_path,
            Bad::Int(deadline.into()),
            "must be greater than minReadySeconds",
        );
    }
}

/// The selector (well-formed, not empty, matching the template's labels) and, when the
/// selector is usable, the pod template as a controller of `owner` kind sees it.
fn selector_and_template(r: &mut Report, selector: &LabelSelector, template: &PodTemplateSpec, what: &str, owner: &str, path: &Path) {
    let selector_path = path.child("selector");
    let well_formed = meta::label_selector(r, selector, &selector_path);
    let empty = meta::selector_is_empty(selector);
    if empty {
        r.invalid(codes::INVALID_SELECTOR, &selector_path, json(selector), &format!("empty selector is invalid for {what}"));
    }
    let template_path = path.child("template");
    if !well_formed {
        r.invalid(codes::INVALID_SELECTOR, &selector_path, json(selector), "invalid label selector");
    } else if !empty {
        let no_labels = BTreeMap::new();
        let labels = template.metadata.as_ref().and_then(|m| m.labels.as_ref()).unwrap_or(&no_labels);
        if !meta::selector_matches(selector, labels) {
            let at = template_path.child("metadata").child("labels");
            r.invalid(codes::SELECTOR_MISMATCH, &at, json(labels), "`selector` does not match template `labels`");
        }
    }
    if well_formed {
        pod::workload_template(r, template, owner, &template_path);
    }
}

/// Longest StatefulSet name whose pods' `controller-revision-hash` label (`<name>-<10
/// characters>`) is still a valid label value.
pub(crate) const MAX_STATEFUL_SET_NAME: usize = 52;

/// `ValidateStatefulSet`: the name (a DNS-1123 label short enough for the labels the controller
/// derives from it), replicas, selector, template, pod management policy, update strategy.
pub(crate) fn stateful_set(r: &mut Report, s: &StatefulSet) {
    meta::object_meta(r, &s.metadata, true, NameRule::Dns1123Label);
    let name = s.metadata.name.as_deref().unwrap_or("");
    if name.len() > MAX_STATEFUL_SET_NAME {
        r.invalid(codes::INVALID_NAME, &Path::new("metadata").child("name"), json(name), &format!("must be no more than {MAX_STATEFUL_SET_NAME} characters"));
    }
    let path = Path::new("spec");
    let Some(spec) = &s.spec else {
        r.required(codes::REQUIRED, &path.child("selector"), "");
        r.required(codes::REQUIRED, &path.child("template").child("spec").child("containers"), "");
        return;
    };
    for (key, value) in [("replicas", spec.replicas), ("minReadySeconds", spec.min_ready_seconds), ("revisionHistoryLimit", spec.revision_history_limit)] {
        if let Some(v) = value {
            nonnegative(r, codes::NEGATIVE_VALUE, &path.child(key), v.into());
        }
    }
    if let Some(policy) = spec.pod_management_policy.as_deref() {
        if policy != "OrderedReady" && policy != "Parallel" {
            r.not_supported(codes::UNSUPPORTED_VALUE, &path.child("podManagementPolicy"), policy, &["OrderedReady", "Parallel"]);
        }
    }
    if let Some(strategy) = &spec.update_strategy {
        let spath = path.child("updateStrategy");
        match strategy.type_.as_deref().unwrap_or("RollingUpdate") {
            "RollingUpdate" => {
                if let Some(p) = strategy.rolling_update.as_ref().and_then(|u| u.partition) {
                    nonnegative(r, codes::NEGATIVE_VALUE, &spath.child("rollingUpdate").child("partition"), p.into());
                }
            }
            "OnDelete" => {
                if strategy.rolling_update.is_some() {
                    r.forbidden(codes::FORBIDDEN_FIELD, &spath.child("rollingUpdate"), "only allowed for updateStrategy 'RollingUpdate'");
                }
            }
            other => r.not_supported(codes::UNSUPPORTED_VALUE, &spath.child("type"), other, &["OnDelete", "RollingUpdate"]),
        }
    }
    selector_and_template(r, &spec.selector, &spec.template, "statefulset", "StatefulSet", &path);
}

/// `ValidateJob`: the name (a label value: the controller labels the job's pods with it),
/// counts, deadlines and the pod template (restart policy `Never` or `OnFailure`).
pub(crate) fn job(r: &mut Report, j: &Job) {
    meta::object_meta(r, &j.metadata, true, NameRule::Dns1123Subdomain);
    let name = j.metadata.name.as_deref().unwrap_or("");
    if name.len() > 63 {
        r.invalid(codes::INVALID_NAME, &Path::new("metadata").child("name"), json(name), "must be no more than 63 characters");
    }
    let path = Path::new("spec");
    let Some(spec) = &j.spec else {
        r.required(codes::REQUIRED, &path.child("template").child("spec").child("containers"), "");
        return;
    };
    for (key, value) in [("parallelism", spec.parallelism), ("completions", spec.completions), ("backoffLimit", spec.backoff_limit), ("ttlSecondsAfterFinished", spec.ttl_seconds_after_finished)] {
        if let Some(v) = value {
            nonnegative(r, codes::NEGATIVE_VALUE, &path.child(key), v.into());
        }
    }
    if let Some(d) = spec.active_deadline_seconds {
        if d <= 0 {
            r.invalid(codes::INVALID_VALUE, &path.child("activeDeadlineSeconds"), Bad::Int(d), "must be greater than 0");
        }
    }
    if spec.selector.is_some() && spec.manual_selector != Some(true) {
        r.invalid(codes::INVALID_SELECTOR, &path.child("selector"), json(&spec.selector), "`selector` not auto-generated");
    }
    pod::job_template(r, &spec.template, &path.child("template"));
}

/// `ValidateDeploymentStrategy` after defaulting (`RollingUpdate`, 25% / 25%).
fn strategy(r: &mut Report, strategy: Option<&DeploymentStrategy>, path: &Path) {
    let type_ = strategy
        .and_then(|s| s.type_.as_deref())
        .filter(|t| !t.is_empty())
        .unwrap_or("RollingUpdate");
    let rolling = strategy.and_then(|s| s.rolling_update.as_ref());
    match type_ {
        "Recreate" => {
            if rolling.is_some() {
                let detail = "may not be specified when strategy `type` is 'Recreate'";
                r.forbidden(
                    codes::INVALID_STRATEGY,
                    &path.child("rollingUpdate"),
                    detail,
                );
            }
        }
        "RollingUpdate" => {
            let default = IntOrString::String(DEFAULT_SURGE_UNAVAILABLE.to_owned());
            let max_unavailable = rolling
                .and_then(|ru| ru.max_unavailable.as_ref())
                .unwrap_or(&default);
            let max_surge = rolling
                .and_then(|ru| ru.max_surge.as_ref())
                .unwrap_or(&default);
            let ru_path = path.child("rollingUpdate");
            let unavailable_path = ru_path.child("maxUnavailable");
            int_or_percent(r, max_unavailable, &unavailable_path);
            int_or_percent(r, max_surge, &ru_path.child("maxSurge"));
            if int_or_percent_value(max_unavailable) == 0 && int_or_percent_value(max_surge) == 0 {
                r.invalid(
                    codes::INVALID_STRATEGY,
                    &unavailable_path,
                    int_or_string(max_unavailable),
                    "may not be 0 when `maxSurge` is 0",
                );
            }
            if percent_value(max_unavailable).is_some_and(|p| p > 100) {
                r.invalid(
                    codes::INVALID_STRATEGY,
                    &unavailable_path,
                    int_or_string(max_unavailable),
                    "must not be greater than 100%",
                );
            }
        }
        other => {
            r.not_supported(
                codes::INVALID_STRATEGY,
                &path.child("type"),
                other,
                &["Recreate", "RollingUpdate"],
            );
        }
    }
}

fn int_or_string(v: &IntOrString) -> Bad<'_> {
    match v {
        IntOrString::Int(i) => Bad::Int((*i).into()),
        IntOrString::String(s) => Bad::Str(s),
    }
}

/// `ValidatePositiveIntOrPercent`: a non-negative number or a percentage.
fn int_or_percent(r: &mut Report, v: &IntOrString, path: &Path) {
    match v {
        IntOrString::String(s) => r.invalid_each(
            codes::INVALID_STRATEGY,
            path,
            Bad::Str(s),
            &rules::percent_errors(s),
        ),
        IntOrString::Int(i) => nonnegative(r, codes::NEGATIVE_VALUE, path, (*i).into()),
    }
}

fn percent_value(v: &IntOrString) -> Option<i64> {
    match v {
        IntOrString::String(s) if rules::percent_errors(s).is_empty() => {
            // Go's strconv.Atoi: too many digits fail and read as 0.
            Some(s.trim_end_matches('%').parse::<i64>().unwrap_or(0))
        }
        _ => None,
    }
}

/// `getIntOrPercentValue`: the percentage's number, or the integer; a malformed string reads as 0.
fn int_or_percent_value(v: &IntOrString) -> i64 {
    match v {
        IntOrString::Int(i) => (*i).into(),
        IntOrString::String(s) => percent_value(v).unwrap_or_else(|| s.parse::<i64>().unwrap_or(0)),
    }
}

/// `ValidateCronJob`: the name (at most 52 characters, the controller appends a suffix), the
/// schedule being present, and the job's pod template.
pub(crate) fn cron_job(r: &mut Report, c: &k8s_openapi::api::batch::v1::CronJob) {
    meta::object_meta(r, &c.metadata, true, NameRule::Dns1123Subdomain);
    let name = c.metadata.name.as_deref().unwrap_or("");
    if name.len() > 52 {
        r.invalid(codes::INVALID_NAME, &Path::new("metadata").child("name"), json(name), "must be no more than 52 characters");
    }
    let path = Path::new("spec");
    let Some(spec) = &c.spec else {
        r.required(codes::REQUIRED, &path.child("schedule"), "");
        return;
    };
    if spec.schedule.trim().is_empty() {
        r.required(codes::REQUIRED, &path.child("schedule"), "");
    }
    let job_path = path.child("jobTemplate").child("spec");
    if let Some(job) = spec.job_template.spec.as_ref() {
        pod::job_template(r, &job.template, &job_path.child("template"));
    }
}
