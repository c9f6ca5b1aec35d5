//! Deployments (`pkg/apis/apps/validation`): replicas, selector, template, strategy.

use super::codes;
use super::field::{json, Bad, Path, Report};
use super::meta::{self, nonnegative};
use super::pod;
use super::rules::{self, NameRule};
use k8s_openapi::api::apps::v1::{Deployment, DeploymentStrategy};
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
    let selector_path = path.child("selector");
    let well_formed = meta::label_selector(r, &spec.selector, &selector_path);
    let empty = meta::selector_is_empty(&spec.selector);
    if empty {
        r.invalid(
            codes::INVALID_SELECTOR,
            &selector_path,
            json(&spec.selector),
            "empty selector is invalid for deployment",
        );
    }
    let template_path = path.child("template");
    if !well_formed {
        r.invalid(
            codes::INVALID_SELECTOR,
            &selector_path,
            json(&spec.selector),
            "invalid label selector",
        );
    } else if !empty {
        let no_labels = BTreeMap::new();
        let labels = spec
            .template
            .metadata
            .as_ref()
            .and_then(|m| m.labels.as_ref())
            .unwrap_or(&no_labels);
        if !meta::selector_matches(&spec.selector, labels) {
            let at = template_path.child("metadata").child("labels");
            r.invalid(
                codes::SELECTOR_MISMATCH,
                &at,
                json(labels),
                "`selector` does not match template `labels`",
            );
        }
    }
    if well_formed {
        pod::workload_template(r, &spec.template, "ReplicaSet", &template_path);
    }
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
