//! The decision: which Deployment rolls out, what to pause and unpause, the new status.

use super::input::{Checked, Observed};
use super::types::{Condition, CoordinationStatus, Decision, DeploymentState, Event, FailurePolicy, Patch};
use crate::plan::{join, Step};
use crate::status::{verdict, Context, Observed as Objects, State, Timestamp};
use serde_json::Value;
use std::collections::BTreeMap;

/// How long to wait before the next poll while something is in progress, in seconds.
pub(crate) const POLL_SECONDS: i64 = 10;

struct Work<'c> {
    c: &'c Checked,
    prev: BTreeMap<&'c str, &'c DeploymentState>,
    events: Vec<Event>,
    /// Failed rollouts: key → (generation, message).
    failed: BTreeMap<String, (i64, String)>,
}

impl<'c> Work<'c> {
    fn event(&mut self, type_: &'static str, reason: &'static str, deployment: &str, message: String) {
        self.events.push(Event {
            type_,
            reason,
            message,
            deployment: deployment.to_owned(),
        });
    }

    /// Why the rollout of `d` failed, if it did: only a Deployment with pending changes can fail.
    fn failure(&self, d: &Observed) -> Option<String> {
        if !d.has_pending_changes() {
            return None;
        }
        if d.deadline_exceeded {
            return Some("ProgressDeadlineExceeded: the rollout exceeded its progress deadline".to_owned());
        }
        let mut objects = vec![d.object.clone()];
        objects.extend(
            self.c
                .others
                .iter()
                .filter(|o| {
                    o.get("metadata")
                        .and_then(|m| m.get("namespace"))
                        .and_then(Value::as_str)
                        .is_none_or(|ns| ns == d.namespace)
                })
                .cloned(),
        );
        let value = Value::Array(objects);
        let observed = Objects::from_value(&value).ok()?;
        let mut ctx = Context::new(self.c.now);
        ctx.deployed_at = self.prev.get(d.key.as_str()).and_then(|s| s.last_rollout_started);
        ctx.pull_request = d
            .labels
            .get(crate::status::PULL_REQUEST_LABEL)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let v = verdict(&observed, &ctx);
        let w = v.workloads.iter().find(|w| w.name == d.name)?;
        (w.state == State::Degraded).then(|| format!("{}: {}", w.reason.as_str(), w.message))
    }

    /// Records a failure; an event only the first time for this generation.
    fn record_failure(&mut self, d: &Observed, message: String) {
        let known = self.failed.get(&d.key).is_some_and(|(g, _)| *g == d.generation);
        if !known {
            self.event(
                "Warning",
                "RolloutFailed",
                &d.key,
                format!(
                    "Rollout of deployment {} (generation {}) failed: {message}",
                    d.key, d.generation
                ),
            );
        }
        self.failed.insert(d.key.clone(), (d.generation, message));
    }

    /// Whether `d` failed at its current generation earlier.
    fn failed_before(&self, d: &Observed) -> bool {
        self.failed.get(&d.key).is_some_and(|(g, _)| *g == d.generation)
    }
}

/// The decision for one poll (see the module docs for the rules).
pub(crate) fn decide(c: &Checked) -> Decision {
    let now = c.now;
    let prev: BTreeMap<&str, &DeploymentState> = c
        .previous
        .deployment_states
        .iter()
        .map(|s| (s.name.as_str(), s))
        .collect();
    let by_key: BTreeMap<&str, &Observed> = c.deployments.iter().map(|d| (d.key.as_str(), d)).collect();
    // A failure is remembered while the generation stays the same.
    let failed = c
        .previous
        .deployment_states
        .iter()
        .filter_map(|s| {
            let d = by_key.get(s.name.as_str())?;
            let g = s.failed_generation.filter(|g| *g == d.generation)?;
            Some((s.name.clone(), (g, s.failure_message.clone().unwrap_or_default())))
        })
        .collect();
    let mut w = Work {
        c,
        prev,
        events: Vec::new(),
        failed,
    };

    let mut active = c.previous.active_deployment.clone();
    let mut previous_active: Option<String> = None;
    let mut requeue: Option<i64> = None;
    let mut halted: Option<String> = None;
    let mut waiting_min_ready = false;

    if let Some(a) = active.clone() {
        if !by_key.contains_key(a.as_str()) {
            w.event(
                "Normal",
                "ActiveDeploymentCleared",
                &a,
                format!("Active deployment {a} no longer matches the selector or was deleted"),
            );
            previous_active = active.take();
        }
    }

    if let Some(a) = active.clone() {
        let d = by_key[a.as_str()];
        if let Some(message) = w.failure(d) {
            w.record_failure(d, message.clone());
            match c.policy {
                FailurePolicy::Halt => halted = Some(message),
                FailurePolicy::Skip => {
                    w.event(
                        "Warning",
                        "DeploymentSkipped",
                        &a,
                        format!("Skipped deployment {a} after its rollout failed (failurePolicy skip)"),
                    );
                    previous_active = active.take();
                }
            }
        } else {
            w.failed.remove(&a);
            if d.is_rolling_out() || (d.paused && d.has_pending_changes()) {
                requeue = Some(POLL_SECONDS);
            } else {
                let ready_since = w
                    .prev
                    .get(a.as_str())
                    .and_then(|s| match (s.last_rollout_started, s.last_rollout_finished) {
                        (Some(started), Some(finished)) if finished >= started => Some(finished),
                        (None, Some(finished)) => Some(finished),
                        _ => None,
                    })
                    .unwrap_or(now);
                let elapsed = now.seconds_since(ready_since);
                if c.min_ready_seconds > 0 && (!d.is_ready() || elapsed < c.min_ready_seconds) {
                    waiting_min_ready = true;
                    requeue = Some(if d.is_ready() { c.min_ready_seconds - elapsed } else { 5 });
                } else {
                    w.event(
                        "Normal",
                        "ActiveDeploymentReady",
                        &a,
                        format!("Deployment {a} finished rolling out"),
                    );
                    previous_active = active.take();
                }
            }
        }
    }

    // The activation is told after the pauses it comes with.
    let mut activated: Option<(String, String)> = None;
    if active.is_none() {
        // Adopt an unpaused Deployment already mid-rollout.
        for d in &c.deployments {
            if !d.is_rolling_out() || w.failed_before(d) {
                continue;
            }
            if let Some(message) = w.failure(d) {
                w.record_failure(d, message.clone());
                if c.policy == FailurePolicy::Skip {
                    w.event(
                        "Warning",
                        "DeploymentSkipped",
                        &d.key,
                        format!(
                            "Skipped deployment {} after its rollout failed (failurePolicy skip)",
                            d.key
                        ),
                    );
                    continue;
                }
                halted = Some(message);
            }
            activated = Some((
                d.key.clone(),
                format!("Activated deployment {} (already rolling out)", d.key),
            ));
            active = Some(d.key.clone());
            requeue = Some(POLL_SECONDS);
            break;
        }
    }
    if active.is_none() {
        // Otherwise the first paused one with pending changes.
        let next = c.deployments.iter().find(|d| {
            d.paused
                && d.has_pending_changes()
                && previous_active.as_deref() != Some(d.key.as_str())
                && !w.failed_before(d)
        });
        if let Some(d) = next {
            activated = Some((d.key.clone(), format!("Activated deployment {} for rollout", d.key)));
            active = Some(d.key.clone());
            requeue = Some(POLL_SECONDS);
        }
    }

    // Pause every unpaused Deployment but the active one; unpause the active one.
    let mut patches = Vec::new();
    for d in &c.deployments {
        if active.as_deref() != Some(d.key.as_str()) && !d.paused {
            w.event(
                "Normal",
                "DeploymentPaused",
                &d.key,
                format!("Paused deployment {} (not the active deployment)", d.key),
            );
            patches.push(Patch {
                namespace: d.namespace.clone(),
                name: d.name.clone(),
                paused: true,
            });
        }
    }
    if let Some((key, message)) = activated {
        w.event("Normal", "DeploymentActivated", &key, message);
    }
    if let Some(d) = active.as_deref().and_then(|a| by_key.get(a)) {
        if d.paused && (d.has_pending_changes() || halted.is_some()) {
            w.event(
                "Normal",
                "DeploymentUnpaused",
                &d.key,
                format!("Unpaused deployment {} for its rollout", d.key),
            );
            patches.push(Patch {
                namespace: d.namespace.clone(),
                name: d.name.clone(),
                paused: false,
            });
        }
    }

    let states = states(&w, active.as_deref());
    let pending_others = c.deployments.iter().any(|d| {
        active.as_deref() != Some(d.key.as_str())
            && !w.failed_before(d)
            && previous_active.as_deref() != Some(d.key.as_str())
            && d.has_pending_changes()
    });
    if requeue.is_none() && (pending_others || previous_active.is_some()) {
        requeue = Some(POLL_SECONDS);
    }
    let conditions = conditions(
        &w,
        active.as_deref(),
        halted.as_deref(),
        waiting_min_ready,
        pending_others,
    );
    let steps = patches.iter().map(step).collect();
    Decision {
        active_deployment: active.clone(),
        patches,
        steps,
        status: CoordinationStatus {
            active_deployment: active,
            deployments: c.deployments.iter().map(|d| d.key.clone()).collect(),
            deployment_states: states,
            conditions,
        },
        events: w.events,
        requeue_after_seconds: requeue,
    }
}

/// The per-Deployment states, with rollout start and finish times.
fn states(w: &Work<'_>, active: Option<&str>) -> Vec<DeploymentState> {
    let now = w.c.now;
    w.c.deployments
        .iter()
        .map(|d| {
            let prev = w.prev.get(d.key.as_str());
            let started = prev.and_then(|s| s.last_rollout_started);
            let finished = prev.and_then(|s| s.last_rollout_finished);
            let was = match (started, finished) {
                (Some(s), Some(f)) => f < s,
                (Some(_), None) => true,
                _ => false,
            };
            let is = active == Some(d.key.as_str()) && (d.has_pending_changes() || d.is_rolling_out());
            let failed = w.failed.get(&d.key);
            DeploymentState {
                name: d.key.clone(),
                has_pending_changes: d.has_pending_changes(),
                generation: d.generation,
                last_rollout_started: if is && !was { Some(now) } else { started },
                last_rollout_finished: if was && !is { Some(now) } else { finished },
                failed_generation: failed.map(|(g, _)| *g),
                failure_message: failed.map(|(_, m)| m.clone()),
            }
        })
        .collect()
}

fn condition(w: &Work<'_>, type_: &str, status: bool, reason: &str, message: String) -> Condition {
    let status = if status { "True" } else { "False" }.to_owned();
    let last_transition_time: Timestamp =
        w.c.previous
            .conditions
            .iter()
            .find(|c| c.type_ == type_ && c.status == status)
            .map_or(w.c.now, |c| c.last_transition_time);
    Condition {
        type_: type_.to_owned(),
        status,
        reason: reason.to_owned(),
        message,
        last_transition_time,
    }
}

fn conditions(
    w: &Work<'_>,
    active: Option<&str>,
    halted: Option<&str>,
    waiting: bool,
    pending: bool,
) -> Vec<Condition> {
    let failed: Vec<&str> = w.failed.keys().map(String::as_str).collect();
    let ready = if active.is_none() && !pending && failed.is_empty() {
        condition(
            w,
            "Ready",
            true,
            "AllDeploymentsReady",
            "Every coordinated deployment has rolled out".to_owned(),
        )
    } else if active.is_none() && !pending {
        condition(
            w,
            "Ready",
            false,
            "RolloutFailed",
            format!("Rollouts failed: {}", failed.join(", ")),
        )
    } else {
        condition(
            w,
            "Ready",
            false,
            "DeploymentsInProgress",
            "Rollouts are in progress or pending".to_owned(),
        )
    };
    let progressing = match (active, halted) {
        (Some(a), Some(_)) => condition(
            w,
            "Progressing",
            false,
            "RolloutHalted",
            format!("The rollout of deployment {a} failed; the queue is halted"),
        ),
        (Some(a), None) if waiting => condition(
            w,
            "Progressing",
            true,
            "WaitingMinReadySeconds",
            format!("Deployment {a} rolled out; waiting minReadySeconds before the next one"),
        ),
        (Some(a), None) => condition(
            w,
            "Progressing",
            true,
            "DeploymentRollingOut",
            format!("Deployment {a} is rolling out"),
        ),
        (None, _) if pending => condition(
            w,
            "Progressing",
            true,
            "DeploymentsPending",
            "Rollouts are pending".to_owned(),
        ),
        (None, _) => condition(
            w,
            "Progressing",
            false,
            "AllDeploymentsReady",
            "No rollout is in progress or pending".to_owned(),
        ),
    };
    let degraded = match (active, halted) {
        (Some(a), Some(m)) => condition(
            w,
            "Degraded",
            true,
            "RolloutFailed",
            format!("The rollout of deployment {a} failed (failurePolicy halt): {m}"),
        ),
        _ if !failed.is_empty() => condition(
            w,
            "Degraded",
            true,
            "RolloutFailed",
            format!("Skipped after a failed rollout: {}", failed.join(", ")),
        ),
        _ => condition(w, "Degraded", false, "NoFailures", "No rollout has failed".to_owned()),
    };
    vec![ready, progressing, degraded]
}

/// `kubectl -n NS patch deployment/NAME --type=merge -p '{"spec":{"paused":B}}' </dev/null`.
fn step(p: &Patch) -> Step {
    let body = format!("{{\"spec\":{{\"paused\":{}}}}}", p.paused);
    let target = format!("deployment/{}", p.name);
    let command = format!(
        "{} </dev/null",
        join(&[
            "kubectl",
            "-n",
            p.namespace.as_str(),
            "patch",
            target.as_str(),
            "--type=merge",
            "-p",
            body.as_str()
        ])
    );
    let verb = if p.paused { "Pause" } else { "Unpause" };
    Step::new(command, format!("{verb} deployment {}/{}", p.namespace, p.name))
}
