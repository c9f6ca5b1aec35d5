//! Combining several workloads into one application status, in Coolify's aggregation order
//! (`ContainerStatusAggregator`, for applications), and the verdict for "no objects at all".

use super::context::Context;
use super::rules::Judged;
use super::time::human_duration;
use super::verdict::{
    status_word, Health, PodProblem, Reason, Replicas, Rollout, RolloutPhase, State, Verdict,
    WorkloadVerdict, MAX_LISTED_PODS,
};

/// Rules 1 and 2: nothing of this application (or preview) in the input.
pub(crate) fn no_objects(ctx: &Context) -> Verdict {
    let what = match ctx.pull_request {
        0 => "No Deployment, ReplicaSet or Pod found".to_owned(),
        n => format!("No Deployment, ReplicaSet or Pod found for pull request {n}"),
    };
    let (state, health, reason, message) = if ctx.in_grace() {
        let age = human_duration(ctx.since_deploy().unwrap_or(0));
        let msg = format!(
            "{what} yet, {age} after the deploy (grace window {}s)",
            ctx.grace
        );
        (
            State::Starting,
            Health::Unknown,
            Reason::AwaitingObjects,
            msg,
        )
    } else {
        (State::Exited, Health::Unhealthy, Reason::NotDeployed, what)
    };
    Verdict {
        status: status_word(state, health),
        state,
        health,
        reason,
        message,
        replicas: Replicas::default(),
        rollout: Rollout {
            phase: RolloutPhase::Unknown,
            message: "no Deployment in the input".to_owned(),
        },
        pods: Vec::new(),
        pods_with_problems: 0,
        workloads: Vec::new(),
    }
}

/// Coolify's order, first match wins: any degraded → `degraded:unhealthy`; running and exited
/// together → `degraded:unhealthy`; running and starting → `starting:unknown`; only running →
/// `running:` unhealthy if any is, else unknown if any is, else healthy; starting →
/// `starting:unknown`; otherwise `exited:unhealthy`. Returns the state, the health and the index
/// of the workload that decided.
fn combine(workloads: &[&WorkloadVerdict]) -> (State, Health, usize) {
    let first = |state: State| workloads.iter().position(|w| w.state == state);
    if let Some(i) = first(State::Degraded) {
        return (State::Degraded, Health::Unhealthy, i);
    }
    let running = first(State::Running);
    if let (Some(_), Some(i)) = (running, first(State::Exited)) {
        return (State::Degraded, Health::Unhealthy, i);
    }
    if let (Some(_), Some(i)) = (running, first(State::Starting)) {
        return (State::Starting, Health::Unknown, i);
    }
    if running.is_some() {
        let by_health = |h: Health| {
            workloads
                .iter()
                .position(|w| w.state == State::Running && w.health == h)
        };
        if let Some(i) = by_health(Health::Unhealthy) {
            return (State::Running, Health::Unhealthy, i);
        }
        if let Some(i) = by_health(Health::Unknown) {
            return (State::Running, Health::Unknown, i);
        }
        return (State::Running, Health::Healthy, running.unwrap_or(0));
    }
    if let Some(i) = first(State::Starting) {
        return (State::Starting, Health::Unknown, i);
    }
    (
        State::Exited,
        Health::Unhealthy,
        first(State::Exited).unwrap_or(0),
    )
}

/// Coolify's words when every workload is excluded from health checks
/// (`CalculatesExcludedStatus`): `running:<health>:excluded`, `degraded:excluded`,
/// `starting:excluded`, or plain exited.
fn excluded_word(state: State, health: Health) -> String {
    match state {
        State::Running => format!("running:{}:excluded", health.as_str()),
        State::Degraded => "degraded:excluded".to_owned(),
        State::Starting => "starting:excluded".to_owned(),
        State::Exited => status_word(State::Exited, Health::Unhealthy),
    }
}

/// The application's verdict from its workloads'.
pub(crate) fn combine_workloads(judged: Vec<Judged>, ctx: &Context) -> Verdict {
    let all_excluded = judged.iter().all(|j| j.verdict.excluded);
    let counted: Vec<&Judged> = judged
        .iter()
        .filter(|j| all_excluded || !j.verdict.excluded)
        .collect();
    let views: Vec<&WorkloadVerdict> = counted.iter().map(|j| &j.verdict).collect();
    let (state, health, decider) = combine(&views);
    let Some(decided) = views.get(decider).or(views.first()).copied() else {
        return no_objects(ctx);
    };

    let mut message = decided.message.clone();
    if views.len() > 1 {
        message = format!("{}: {message}", decided.name);
    }
    let mut replicas = Replicas::default();
    for w in &views {
        replicas.desired += w.replicas.desired;
        replicas.current += w.replicas.current;
        replicas.updated += w.replicas.updated;
        replicas.ready += w.replicas.ready;
        replicas.available += w.replicas.available;
    }
    let mut problems: Vec<&PodProblem> = counted.iter().flat_map(|j| j.problems.iter()).collect();
    // Current revision first, then by workload (already in order) and name: a stable sort keeps
    // the workloads' own order within each revision.
    problems.sort_by_key(|p| p.revision);
    let pods_with_problems = problems.len();
    let pods = problems
        .into_iter()
        .take(MAX_LISTED_PODS)
        .cloned()
        .collect();

    let status = if all_excluded {
        excluded_word(state, health)
    } else {
        status_word(state, health)
    };
    Verdict {
        status,
        state,
        health,
        reason: decided.reason,
        message,
        replicas,
        rollout: decided.rollout.clone(),
        pods,
        pods_with_problems,
        workloads: judged.into_iter().map(|j| j.verdict).collect(),
    }
}
