//! The rule table, applied to one workload: the first rule that matches decides.

use super::context::{Context, HealthCheck};
use super::input::RawObject;
use super::lenient::Int;
use super::pod::{self, Finding};
use super::time::human_duration;
use super::verdict::{
    status_word, Health, PodProblem, Reason, Replicas, Revision, Rollout, RolloutPhase, State,
    WorkloadVerdict,
};
use super::workload::{pod_hash, Events, Workload};

/// One workload's verdict and every pod of it with a problem (current revision first, then by
/// name).
pub(crate) struct Judged {
    pub verdict: WorkloadVerdict,
    pub problems: Vec<PodProblem>,
}

fn count(v: Int) -> u64 {
    u64::try_from(v.0.unwrap_or(0)).unwrap_or(0)
}

/// What the rules need to know about a workload, computed once.
struct Facts<'o, 'a> {
    name: &'o str,
    deployment: Option<&'o RawObject<'a>>,
    newest_rs: Option<&'o RawObject<'a>>,
    /// Live pods of the current revision, by name.
    current: Vec<&'o RawObject<'a>>,
    live: usize,
    desired: u64,
    hpa_decides: bool,
    serving: u64,
    generation_observed: bool,
}

pub(crate) fn judge(
    w: &Workload<'_, '_>,
    ctx: &Context,
    events: &Events<'_, '_>,
    has_pods: bool,
) -> Judged {
    let in_grace = ctx.in_grace();
    let deployment = w.deployment;
    let newest_rs = w.newest_replica_set();
    let current_hash = w.current_hash();
    let is_current = |p: &RawObject<'_>| match (current_hash, pod_hash(p)) {
        (Some(c), Some(h)) => c == h,
        _ => true,
    };
    let live: Vec<&RawObject<'_>> = w.pods.iter().copied().filter(|p| pod::is_live(p)).collect();
    let current: Vec<&RawObject<'_>> = live.iter().copied().filter(|p| is_current(p)).collect();

    let hpa_desired = w
        .hpa
        .and_then(|h| h.status().desired_replicas.0)
        .map(|n| u64::try_from(n).unwrap_or(0));
    let (desired, hpa_decides) = match (deployment.or(newest_rs), hpa_desired) {
        (Some(o), _) if o.spec().replicas.0 == Some(0) || o.spec().suspend.0 == Some(true) => {
            (0, false)
        }
        (_, Some(n)) => (n, true),
        (Some(o), None) => (
            o.spec()
                .replicas
                .0
                .map_or(1, |n| u64::try_from(n).unwrap_or(0)),
            false,
        ),
        (None, None) => ((live.len() as u64).max(1), false),
    };
    let serving = if has_pods {
        live.iter().filter(|p| pod::is_ready(p)).count() as u64
    } else if let Some(d) = deployment {
        count(d.status().ready_replicas)
    } else {
        w.replica_sets
            .iter()
            .map(|rs| count(rs.status().ready_replicas))
            .sum()
    };
    let replicas = match deployment {
        Some(d) if d.status.get().is_some() || !has_pods => {
            let s = d.status();
            Replicas {
                desired,
                current: count(s.replicas),
                updated: count(s.updated_replicas),
                ready: count(s.ready_replicas),
                available: count(s.available_replicas),
            }
        }
        _ if has_pods => Replicas {
            desired,
            current: live.len() as u64,
            updated: current.len() as u64,
            ready: serving,
            available: serving,
        },
        _ => Replicas {
            desired,
            current: w
                .replica_sets
                .iter()
                .map(|rs| count(rs.status().replicas))
                .sum(),
            updated: newest_rs.map_or(0, |rs| count(rs.status().replicas)),
            ready: serving,
            available: w
                .replica_sets
                .iter()
                .map(|rs| count(rs.status().available_replicas))
                .sum(),
        },
    };
    let generation_observed = deployment.is_none_or(|d| {
        d.meta().generation.0.unwrap_or(0) <= d.status().observed_generation.0.unwrap_or(0)
    });
    let (rollout, progress) = rollout(w.name, deployment, generation_observed);
    let has_health_check = match ctx.health_check {
        HealthCheck::Yes => true,
        HealthCheck::No => false,
        HealthCheck::Auto => deployment
            .or(newest_rs)
            .is_some_and(RawObject::template_has_probe),
    };

    // Every live pod with a problem, current revision first.
    let mut problems: Vec<PodProblem> = Vec::new();
    for want_current in [true, false] {
        for p in w
            .pods
            .iter()
            .copied()
            .filter(|p| is_current(p) == want_current)
        {
            if let Some(f) = pod::problem(p, in_grace) {
                problems.push(pod_problem(w.name, p, want_current, f, events));
            }
        }
    }

    let facts = Facts {
        name: w.name,
        deployment,
        newest_rs,
        current,
        live: live.len(),
        desired,
        hpa_decides,
        serving,
        generation_observed,
    };
    let (state, health, reason, message) = rules(
        &facts,
        ctx,
        events,
        has_health_check,
        &rollout,
        progress.as_deref(),
        &problems,
    );
    Judged {
        verdict: WorkloadVerdict {
            name: w.name.to_owned(),
            excluded: w.is_excluded(),
            status: status_word(state, health),
            state,
            health,
            reason,
            message,
            replicas,
            rollout,
        },
        problems,
    }
}

type Outcome = (State, Health, Reason, String);

fn rules(
    f: &Facts<'_, '_>,
    ctx: &Context,
    events: &Events<'_, '_>,
    has_health_check: bool,
    rollout: &Rollout,
    progress: Option<&str>,
    problems: &[PodProblem],
) -> Outcome {
    let in_grace = ctx.in_grace();
    let degraded =
        |reason: Reason, message: String| (State::Degraded, Health::Unhealthy, reason, message);

    // 3. The workload is being deleted.
    if let Some(d) = f.deployment.filter(|d| d.is_deleting()) {
        return degraded(
            Reason::Terminating,
            format!("{} {:?} is being deleted", kind_of(d), d.name()),
        );
    }
    // 3a. A Job (a one-shot compose service) that finished.
    if let Some(j) = f.deployment.filter(|d| d.kind.is("Job")) {
        if j.condition("Complete").is_some_and(|c| c.is_true()) {
            return (
                State::Exited,
                Health::Unhealthy,
                Reason::Completed,
                format!("Job {:?} completed", j.name()),
            );
        }
        if let Some(c) = j.condition("Failed").filter(|c| c.is_true()) {
            let mut msg = format!("Job {:?} failed", j.name());
            append(&mut msg, c.message.non_empty().or(c.reason.non_empty()));
            return degraded(Reason::JobFailed, msg);
        }
    }
    // 4. Scaled to zero (by spec.replicas, or by the HPA's desired count).
    if f.desired == 0 {
        let who = if f.hpa_decides {
            format!(
                "its HorizontalPodAutoscaler wants 0 replicas of {:?}",
                f.name
            )
        } else {
            format!(
                "{} {:?} is scaled to 0 replicas",
                f.deployment.map_or("Workload", kind_of),
                f.name
            )
        };
        return (
            State::Exited,
            Health::Unhealthy,
            Reason::Stopped,
            format!("Stopped: {who}"),
        );
    }
    // 5. The rollout exceeded its progress deadline (judged only once the current generation is
    //    observed, as kubectl and Argo CD do: a new deploy resets it).
    if let Some(d) = f.deployment.filter(|_| f.generation_observed) {
        if let Some(c) = progress_deadline_exceeded(d) {
            let mut msg = format!("{} {:?} exceeded its progress deadline", kind_of(d), d.name());
            append(&mut msg, c.message.get());
            append_hint(&mut msg, problems);
            return degraded(Reason::ProgressDeadlineExceeded, msg);
        }
    }
    // 6. Pods cannot be created, and none serves.
    if f.serving == 0 {
        let failure = f
            .deployment
            .and_then(|d| d.condition("ReplicaFailure"))
            .filter(|c| c.is_true())
            .or_else(|| {
                f.newest_rs
                    .and_then(|rs| rs.condition("ReplicaFailure"))
                    .filter(|c| c.is_true())
            });
        if let Some(c) = failure {
            let quoted = c.message.non_empty().or_else(|| {
                f.newest_rs
                    .and_then(|rs| events.latest_message("ReplicaSet", rs, &["FailedCreate"]))
            });
            let mut msg = "Pods cannot be created".to_owned();
            append(&mut msg, quoted.or(c.reason.non_empty()));
            return degraded(Reason::ReplicaFailure, msg);
        }
    }
    // 7. A current pod that cannot run: crash loop, OOM kill, bad config, bad image name.
    for p in &f.current {
        if let Some(found) = pod::hard_failure(p) {
            return pod_outcome(p, found, events);
        }
    }
    // 8. After the grace window: a current pod whose image cannot be pulled, or unschedulable.
    if !in_grace {
        for p in &f.current {
            if let Some(found) = pod::pull_or_schedule_failure(p) {
                return pod_outcome(p, found, events);
            }
        }
    }
    // 9. After the grace window: a current pod running but not ready.
    if !in_grace {
        if let Some(p) = f
            .current
            .iter()
            .find(|p| pod::is_running(p) && !pod::is_ready(p))
        {
            let mut msg = format!("Pod {:?} is running but not ready", p.name());
            append(&mut msg, not_ready_message(p, events));
            return (State::Running, Health::Unhealthy, Reason::NotReady, msg);
        }
    }
    // 10. Serving pods exist (of any revision).
    if f.serving > 0 {
        let short = !in_grace && f.serving < f.desired;
        let health = match (short, has_health_check) {
            (true, _) => Health::Unhealthy,
            (false, true) => Health::Healthy,
            (false, false) => Health::Unknown,
        };
        let rolling = match rollout.phase {
            RolloutPhase::Progressing | RolloutPhase::Pending => true,
            RolloutPhase::Unknown => f.live > f.current.len(),
            _ => false,
        };
        let mut msg = ready_count(f.serving, f.desired);
        if rolling {
            append_sep(
                &mut msg,
                "; rolling out: ",
                progress.or(Some(rollout.message.as_str())),
            );
        }
        if !has_health_check && !short {
            msg.push_str(" (no health check)");
        }
        if short || rolling {
            append_hint(&mut msg, problems);
        }
        let reason = if rolling {
            Reason::RollingOut
        } else {
            Reason::Serving
        };
        return (State::Running, health, reason, msg);
    }
    // 11. Nothing serves yet, but it is early (or the controller has not caught up).
    if !f.generation_observed && !in_grace {
        let d = f.deployment.map(|d| {
            (
                d.meta().generation.0.unwrap_or(0),
                d.status().observed_generation.0,
            )
        });
        let msg = match d {
            Some((generation, Some(observed))) => format!(
                "Waiting for the Deployment controller to observe generation {generation} (observed: {observed})"
            ),
            Some((generation, None)) => {
                format!("Waiting for the Deployment controller to observe generation {generation}")
            }
            None => "Waiting for the Deployment controller".to_owned(),
        };
        return (State::Starting, Health::Unknown, Reason::Starting, msg);
    }
    if in_grace {
        let mut msg = format!("No pod is ready yet: {}", ready_count(0, f.desired));
        if let Some(age) = ctx.since_deploy() {
            msg.push_str(&format!(
                ", {} after the deploy (grace window {}s)",
                human_duration(age),
                ctx.grace
            ));
        }
        match f.current.first() {
            Some(p) if pod::is_running(p) => {
                msg.push_str(&format!("; pod {:?} is running, not ready yet", p.name()))
            }
            Some(p) => msg.push_str(&format!(
                "; pod {:?} is {}",
                p.name(),
                pod::kubectl_status(p)
            )),
            None => msg.push_str("; no pods yet"),
        }
        return (State::Starting, Health::Unknown, Reason::Starting, msg);
    }
    // 12. Nothing serves and nothing above explains it.
    let mut msg = if f.live == 0 {
        format!("No pods exist: {}", ready_count(0, f.desired))
    } else {
        format!("No pod is ready: {}", ready_count(0, f.desired))
    };
    if let Some(age) = ctx.since_deploy() {
        msg.push_str(&format!(", {} after the deploy", human_duration(age)));
    }
    append_hint(&mut msg, problems);
    (State::Exited, Health::Unhealthy, Reason::NoPods, msg)
}

/// `Progressing=False`, or reason `ProgressDeadlineExceeded` whatever the status.
fn progress_deadline_exceeded<'o, 'a>(
    d: &'o RawObject<'a>,
) -> Option<&'o super::input::Condition<'a>> {
    d.condition("Progressing")
        .filter(|c| c.is_false() || c.reason.is("ProgressDeadlineExceeded"))
}

/// The workload object's kind as written (`Deployment` when it has none).
fn kind_of<'o>(o: &'o RawObject<'_>) -> &'o str {
    o.kind.non_empty().unwrap_or("Deployment")
}

fn ready_count(ready: u64, desired: u64) -> String {
    format!(
        "{ready} of {desired} {} ready",
        if desired == 1 { "pod" } else { "pods" }
    )
}

fn append(msg: &mut String, quoted: Option<&str>) {
    append_sep(msg, ": ", quoted);
}

fn append_sep(msg: &mut String, sep: &str, quoted: Option<&str>) {
    if let Some(q) = quoted.map(str::trim).filter(|q| !q.is_empty()) {
        msg.push_str(sep);
        msg.push_str(q);
    }
}

/// `; pod "x": Reason: message` for the first pod with a problem.
fn append_hint(msg: &mut String, problems: &[PodProblem]) {
    if let Some(p) = problems.first() {
        msg.push_str(&format!("; pod {:?}: {}", p.name, p.reason));
        append(msg, Some(&p.message));
    }
}

fn pod_outcome(p: &RawObject<'_>, found: Finding, events: &Events<'_, '_>) -> Outcome {
    let reason = found.reason.unwrap_or(Reason::NoPods);
    let what = match reason {
        Reason::CrashLoopBackOff => "keeps crashing (CrashLoopBackOff)",
        Reason::CreateContainerConfigError => "cannot be configured (CreateContainerConfigError)",
        Reason::CreateContainerError => "cannot be created (CreateContainerError)",
        Reason::InvalidImageName => "has an invalid image name (InvalidImageName)",
        Reason::RunContainerError => "cannot be started (RunContainerError)",
        Reason::ErrImagePull => "cannot pull its image (ErrImagePull)",
        Reason::ImagePullBackOff => "cannot pull its image (ImagePullBackOff)",
        Reason::ErrImageNeverPull => "has no image and may not pull one (ErrImageNeverPull)",
        Reason::Unschedulable => "cannot be scheduled on any node (Unschedulable)",
        _ => "",
    };
    let quoted = if found.message.is_empty() {
        events
            .latest_message("Pod", p, &[])
            .unwrap_or("")
            .to_owned()
    } else {
        found.message.clone()
    };
    let msg = if reason == Reason::OomKilled {
        // The finding's message reads "was OOMKilled (exit code 137)...".
        format!("Pod {:?}: {} {}", p.name(), found.subject(), quoted)
    } else if found.container.is_none() {
        let mut m = format!("Pod {:?} {what}", p.name());
        append(&mut m, Some(&quoted));
        m
    } else {
        let mut m = format!("Pod {:?}: {} {what}", p.name(), found.subject());
        append(&mut m, Some(&quoted));
        m
    };
    (State::Degraded, Health::Unhealthy, reason, msg)
}

/// Why a running pod is not ready: the latest failed readiness probe, else the condition.
fn not_ready_message<'o>(p: &'o RawObject<'_>, events: &Events<'o, '_>) -> Option<&'o str> {
    events
        .latest_message("Pod", p, &["Unhealthy"])
        .or_else(|| p.condition("Ready").and_then(|c| c.message.non_empty()))
        .or_else(|| {
            p.condition("ContainersReady")
                .and_then(|c| c.message.non_empty())
        })
}

fn pod_problem(
    workload: &str,
    p: &RawObject<'_>,
    current: bool,
    f: Finding,
    events: &Events<'_, '_>,
) -> PodProblem {
    let message = if f.label == "NotReady" {
        not_ready_message(p, events)
            .map(str::to_owned)
            .unwrap_or(f.message.clone())
    } else if f.message.is_empty() {
        events
            .latest_message("Pod", p, &[])
            .unwrap_or("")
            .to_owned()
    } else {
        f.message.clone()
    };
    let subject = if f.init {
        f.container.map(|c| format!("init:{c}"))
    } else {
        f.container
    };
    PodProblem {
        name: p.name().to_owned(),
        workload: workload.to_owned(),
        revision: if current {
            Revision::Current
        } else {
            Revision::Old
        },
        phase: p.status().phase.non_empty().map(str::to_owned),
        ready: pod::is_ready(p),
        restarts: pod::restarts(p),
        reason: f.label,
        container: subject,
        message,
    }
}

/// The rollout phase and `kubectl rollout status`'s message; also the bare progress clause
/// (`1 of 2 updated replicas are available`) when the counts say the rollout is not done.
fn rollout(
    name: &str,
    deployment: Option<&RawObject<'_>>,
    generation_observed: bool,
) -> (Rollout, Option<String>) {
    let Some(d) = deployment else {
        let message =
            format!("no Deployment {name:?} in the input: judged from its ReplicaSets and pods");
        return (
            Rollout {
                phase: RolloutPhase::Unknown,
                message,
            },
            None,
        );
    };
    let kind = kind_of(d).to_ascii_lowercase();
    if kind == "job" {
        let (phase, message) = if d.is_deleting() {
            (RolloutPhase::Terminating, format!("job {name:?} is being deleted"))
        } else if d.condition("Complete").is_some_and(|c| c.is_true()) {
            (RolloutPhase::Complete, format!("job {name:?} completed"))
        } else if d.condition("Failed").is_some_and(|c| c.is_true()) {
            (RolloutPhase::Failed, format!("job {name:?} failed"))
        } else {
            (RolloutPhase::Progressing, format!("Waiting for job {name:?} to complete..."))
        };
        return (Rollout { phase, message }, None);
    }
    let s = d.status();
    let (replicas, updated, available) = (
        count(s.replicas),
        count(s.updated_replicas),
        count(s.available_replicas),
    );
    let progress = match d.spec().replicas.0 {
        Some(spec) if (updated as i64) < spec => Some(format!(
            "{updated} out of {spec} new replicas have been updated"
        )),
        _ if replicas > updated => Some(format!(
            "{} old replicas are pending termination",
            replicas - updated
        )),
        _ if available < updated => Some(format!(
            "{available} of {updated} updated replicas are available"
        )),
        _ => None,
    };
    let (phase, message) = if d.is_deleting() {
        (
            RolloutPhase::Terminating,
            format!("{kind} {name:?} is being deleted"),
        )
    } else if d.spec().paused.is_true() {
        let m = match &progress {
            Some(p) => format!("{kind} {name:?} is paused: {p}"),
            None => format!("{kind} {name:?} is paused"),
        };
        (RolloutPhase::Paused, m)
    } else if !generation_observed {
        (
            RolloutPhase::Pending,
            format!("Waiting for {kind} spec update to be observed..."),
        )
    } else if progress_deadline_exceeded(d).is_some() {
        (
            RolloutPhase::Failed,
            format!("{kind} {name:?} exceeded its progress deadline"),
        )
    } else if let Some(p) = &progress {
        (
            RolloutPhase::Progressing,
            format!("Waiting for {kind} {name:?} rollout to finish: {p}..."),
        )
    } else {
        (
            RolloutPhase::Complete,
            format!("{kind} {name:?} successfully rolled out"),
        )
    };
    (Rollout { phase, message }, progress)
}
