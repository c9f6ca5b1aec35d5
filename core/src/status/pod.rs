//! Reading one Pod: readiness, restarts, and what (if anything) is wrong with it.

use super::input::{ContainerStatus, RawObject};
use super::verdict::Reason;

/// A problem found on a pod, with the container concerned and the cluster's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Finding {
    /// A rule-7/8 reason, when the problem is one; otherwise the word in `label`.
    pub reason: Option<Reason>,
    /// The word shown in the pod list (`CrashLoopBackOff`, `NotReady`, `ContainerCreating`, ...).
    pub label: String,
    pub container: Option<String>,
    /// Whether `container` is an init container.
    pub init: bool,
    pub message: String,
}

impl Finding {
    fn of(reason: Reason, container: &ContainerStatus<'_>, init: bool, message: String) -> Self {
        Finding {
            reason: Some(reason),
            label: reason.as_str().to_owned(),
            container: container.name.non_empty().map(str::to_owned),
            init,
            message,
        }
    }

    fn word(
        label: &str,
        container: Option<&ContainerStatus<'_>>,
        init: bool,
        message: &str,
    ) -> Self {
        Finding {
            reason: None,
            label: label.to_owned(),
            container: container
                .and_then(|c| c.name.non_empty())
                .map(str::to_owned),
            init,
            message: message.to_owned(),
        }
    }

    /// `container "web"` / `init container "migrate"` / `pod`.
    pub fn subject(&self) -> String {
        match (&self.container, self.init) {
            (Some(name), false) => format!("container {name:?}"),
            (Some(name), true) => format!("init container {name:?}"),
            (None, _) => "pod".to_owned(),
        }
    }
}

/// Init containers first (they run first and block the others), then the regular ones.
fn containers<'p, 'a>(
    pod: &'p RawObject<'a>,
) -> impl Iterator<Item = (&'p ContainerStatus<'a>, bool)> {
    let status = pod.status();
    let init = status.init_container_statuses.0.iter().map(|c| (c, true));
    init.chain(status.container_statuses.0.iter().map(|c| (c, false)))
}

fn is_terminal(pod: &RawObject<'_>) -> bool {
    matches!(pod.status().phase.get(), Some("Succeeded" | "Failed"))
}

/// Phase `Running` (or absent) and the `Ready` condition True; without a `Ready` condition,
/// every container ready.
pub(crate) fn is_ready(pod: &RawObject<'_>) -> bool {
    if !matches!(pod.status().phase.get(), None | Some("Running")) {
        return false;
    }
    match pod.condition("Ready") {
        Some(c) => c.is_true(),
        None => {
            let statuses = &pod.status().container_statuses.0;
            !statuses.is_empty() && statuses.iter().all(|c| c.ready.is_true())
        }
    }
}

/// Phase `Running`, ready or not.
pub(crate) fn is_running(pod: &RawObject<'_>) -> bool {
    pod.status().phase.is("Running")
}

/// Whether the pod counts at all: not being deleted and not finished.
pub(crate) fn is_live(pod: &RawObject<'_>) -> bool {
    !pod.is_deleting() && !is_terminal(pod)
}

/// Restarts of all containers, init containers included.
pub(crate) fn restarts(pod: &RawObject<'_>) -> u64 {
    containers(pod)
        .map(|(c, _)| c.restart_count.0.unwrap_or(0).max(0) as u64)
        .fold(0, u64::saturating_add)
}

fn last_exit(c: &ContainerStatus<'_>) -> Option<String> {
    let term = c.last_state.get()?.terminated.get()?;
    let reason = term.reason.non_empty().unwrap_or("terminated");
    Some(match term.exit_code.0 {
        Some(code) => format!("last exit: {reason}, exit code {code}"),
        None => format!("last exit: {reason}"),
    })
}

fn join(parts: &[Option<&str>]) -> String {
    let parts: Vec<&str> = parts
        .iter()
        .flatten()
        .copied()
        .filter(|s| !s.is_empty())
        .collect();
    parts.join("; ")
}

/// Rule 7: a container crash-looping, unable to be created or started, with a malformed image,
/// or killed for memory and not running-and-ready now. A crash loop whose last exit was an
/// OOM kill is reported as `OOMKilled`: that is its cause.
pub(crate) fn hard_failure(pod: &RawObject<'_>) -> Option<Finding> {
    for (c, init) in containers(pod) {
        let state = c.state.get();
        let waiting = state.and_then(|s| s.waiting.get());
        let terminated = state.and_then(|s| s.terminated.get());
        let last_terminated = c.last_state.get().and_then(|s| s.terminated.get());
        let last_oom = last_terminated.is_some_and(|t| t.reason.is("OOMKilled"));
        if let Some(w) = waiting {
            if let Some(reason) = w.reason.get().and_then(Reason::hard_failure) {
                if reason == Reason::CrashLoopBackOff && last_oom {
                    let code = last_terminated.and_then(|t| t.exit_code.0).unwrap_or(137);
                    let msg = format!(
                        "was OOMKilled (exit code {code}) and is restarting in a crash loop"
                    );
                    return Some(Finding::of(
                        Reason::OomKilled,
                        c,
                        init,
                        join(&[Some(&msg), w.message.get()]),
                    ));
                }
                let exit = if reason == Reason::CrashLoopBackOff {
                    last_exit(c)
                } else {
                    None
                };
                return Some(Finding::of(
                    reason,
                    c,
                    init,
                    join(&[w.message.get(), exit.as_deref()]),
                ));
            }
        }
        if let Some(t) = terminated.filter(|t| t.reason.is("OOMKilled")) {
            let code = t.exit_code.0.unwrap_or(137);
            let msg = format!("was OOMKilled (exit code {code})");
            return Some(Finding::of(
                Reason::OomKilled,
                c,
                init,
                join(&[Some(&msg), t.message.get()]),
            ));
        }
        let running_and_ready = state.is_some_and(|s| s.running.0) && c.ready.is_true();
        if last_oom && !running_and_ready {
            let code = last_terminated.and_then(|t| t.exit_code.0).unwrap_or(137);
            let msg = format!("was OOMKilled (exit code {code}) and is not ready again");
            return Some(Finding::of(Reason::OomKilled, c, init, msg));
        }
    }
    None
}

/// Rule 8: the image cannot be pulled, or no node can take the pod.
pub(crate) fn pull_or_schedule_failure(pod: &RawObject<'_>) -> Option<Finding> {
    for (c, init) in containers(pod) {
        let waiting = c.state.get().and_then(|s| s.waiting.get());
        if let Some(w) = waiting {
            if let Some(reason) = w.reason.get().and_then(Reason::pull_failure) {
                return Some(Finding::of(
                    reason,
                    c,
                    init,
                    w.message.or_empty().to_owned(),
                ));
            }
        }
    }
    let scheduled = pod.condition("PodScheduled")?;
    if scheduled.is_false() && scheduled.reason.is("Unschedulable") {
        return Some(Finding {
            reason: Some(Reason::Unschedulable),
            label: Reason::Unschedulable.as_str().to_owned(),
            container: None,
            init: false,
            message: scheduled.message.or_empty().to_owned(),
        });
    }
    None
}

/// Anything worth listing about a live pod: rules 7 and 8 (within the grace window too), a
/// finished pod, a container in another waiting or failed state, a pod running but not ready
/// after the grace window, or still pending after it.
pub(crate) fn problem(pod: &RawObject<'_>, in_grace: bool) -> Option<Finding> {
    if pod.is_deleting() {
        return None;
    }
    if let Some(f) = hard_failure(pod).or_else(|| pull_or_schedule_failure(pod)) {
        return Some(f);
    }
    let status = pod.status();
    if is_terminal(pod) {
        let label = kubectl_status(pod);
        return Some(Finding::word(
            &label,
            None,
            false,
            status.message.or_empty(),
        ));
    }
    for (c, init) in containers(pod) {
        let state = c.state.get();
        if let Some(w) = state.and_then(|s| s.waiting.get()) {
            let reason = w.reason.or_empty();
            if !reason.is_empty() && reason != "ContainerCreating" && reason != "PodInitializing" {
                return Some(Finding::word(reason, Some(c), init, w.message.or_empty()));
            }
        }
        if let Some(t) = state.and_then(|s| s.terminated.get()) {
            if t.exit_code.0.unwrap_or(0) != 0 {
                let reason = t.reason.non_empty().unwrap_or("Error");
                return Some(Finding::word(reason, Some(c), init, t.message.or_empty()));
            }
        }
    }
    if in_grace || is_ready(pod) {
        return None;
    }
    if is_running(pod) {
        let message = pod
            .condition("Ready")
            .map(|c| c.message.or_empty())
            .unwrap_or("");
        return Some(Finding::word("NotReady", None, false, message));
    }
    let label = kubectl_status(pod);
    let message = pod
        .condition("PodScheduled")
        .filter(|c| c.is_false())
        .map(|c| c.message.or_empty())
        .unwrap_or(status.message.or_empty());
    Some(Finding::word(&label, None, false, message))
}

/// kubectl's STATUS column (`kubectl get pods`), from the pod's status alone.
pub(crate) fn kubectl_status(pod: &RawObject<'_>) -> String {
    let status = pod.status();
    let mut reason: String = status
        .reason
        .non_empty()
        .or(status.phase.non_empty())
        .unwrap_or("Pending")
        .to_owned();
    if pod
        .condition("PodScheduled")
        .is_some_and(|c| c.reason.is("SchedulingGated"))
    {
        reason = "SchedulingGated".to_owned();
    }
    let inits = &status.init_container_statuses.0;
    let mut initializing = false;
    for (i, c) in inits.iter().enumerate() {
        let state = c.state.get();
        let terminated = state.and_then(|s| s.terminated.get());
        let waiting = state.and_then(|s| s.waiting.get());
        if terminated.is_some_and(|t| t.exit_code.0 == Some(0)) {
            continue;
        }
        if c.started.is_true() && state.is_some_and(|s| s.running.0) {
            continue; // a restartable init container (sidecar) that has started
        }
        initializing = true;
        reason = if let Some(t) = terminated {
            match t.reason.non_empty() {
                Some(r) => format!("Init:{r}"),
                None => match t.signal.0.filter(|s| *s != 0) {
                    Some(signal) => format!("Init:Signal:{signal}"),
                    None => format!("Init:ExitCode:{}", t.exit_code.0.unwrap_or(0)),
                },
            }
        } else if let Some(r) = waiting
            .and_then(|w| w.reason.non_empty())
            .filter(|r| *r != "PodInitializing")
        {
            format!("Init:{r}")
        } else {
            format!("Init:{i}/{}", inits.len())
        };
        break;
    }
    let initialized = pod.condition("Initialized").is_some_and(|c| c.is_true());
    if !initializing || initialized {
        let mut has_running = false;
        for c in status.container_statuses.0.iter().rev() {
            let state = c.state.get();
            let waiting = state.and_then(|s| s.waiting.get());
            let terminated = state.and_then(|s| s.terminated.get());
            if let Some(r) = waiting.and_then(|w| w.reason.non_empty()) {
                reason = r.to_owned();
            } else if let Some(t) = terminated {
                reason = match t.reason.non_empty() {
                    Some(r) => r.to_owned(),
                    None => match t.signal.0.filter(|s| *s != 0) {
                        Some(signal) => format!("Signal:{signal}"),
                        None => format!("ExitCode:{}", t.exit_code.0.unwrap_or(0)),
                    },
                };
            } else if c.ready.is_true() && state.is_some_and(|s| s.running.0) {
                has_running = true;
            }
        }
        if reason == "Completed" && has_running {
            let ready = pod.condition("Ready").is_some_and(|c| c.is_true());
            reason = if ready { "Running" } else { "NotReady" }.to_owned();
        }
    }
    if pod.is_deleting() {
        if status.reason.is("NodeLost") {
            reason = "Unknown".to_owned();
        } else if !is_terminal(pod) {
            reason = "Terminating".to_owned();
        }
    }
    reason
}

#[cfg(test)]
#[allow(clippy::expect_used)] // a test may panic
mod tests {
    use super::*;

    fn pod(status: &str) -> RawObject<'_> {
        serde_json::from_str(status).expect("a pod")
    }

    #[test]
    fn kubectl_status_words() {
        let cases = [
            (r#"{"status": {}}"#, "Pending"),
            (r#"{"status": {"phase": "Failed", "reason": "Evicted"}}"#, "Evicted"),
            (
                r#"{"status": {"phase": "Pending", "initContainerStatuses": [
                    {"state": {"terminated": {"exitCode": 0}}}, {"state": {"running": {}}}]}}"#,
                "Init:1/2",
            ),
            (
                r#"{"status": {"phase": "Pending", "initContainerStatuses": [
                    {"state": {"terminated": {"exitCode": 3}}}]}}"#,
                "Init:ExitCode:3",
            ),
            (
                r#"{"status": {"phase": "Pending", "initContainerStatuses": [
                    {"started": true, "state": {"running": {}}}],
                    "containerStatuses": [{"state": {"waiting": {"reason": "ContainerCreating"}}}]}}"#,
                "ContainerCreating",
            ),
            (
                r#"{"status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}],
                    "containerStatuses": [{"ready": true, "state": {"running": {}}},
                                          {"state": {"terminated": {"reason": "Completed", "exitCode": 0}}}]}}"#,
                "Running",
            ),
            (
                r#"{"status": {"phase": "Running", "containerStatuses": [
                    {"state": {"terminated": {"signal": 9, "exitCode": 137}}}]}}"#,
                "Signal:9",
            ),
            (
                r#"{"metadata": {"deletionTimestamp": "2025-05-01T12:00:00Z"}, "status": {"phase": "Running"}}"#,
                "Terminating",
            ),
            (
                r#"{"status": {"phase": "Pending", "conditions": [
                    {"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]}}"#,
                "SchedulingGated",
            ),
        ];
        for (json, want) in cases {
            assert_eq!(kubectl_status(&pod(json)), want, "{json}");
        }
    }

    #[test]
    fn readiness_without_a_ready_condition() {
        assert!(is_ready(&pod(r#"{"status": {"containerStatuses": [{"ready": true}]}}"#)));
        assert!(!is_ready(&pod(r#"{"status": {"containerStatuses": []}}"#)));
        assert!(!is_ready(&pod(
            r#"{"status": {"phase": "Pending", "conditions": [{"type": "Ready", "status": "True"}]}}"#
        )));
    }

    #[test]
    fn crash_loop_after_oom_is_oom() {
        let p = pod(
            r#"{"status": {"containerStatuses": [{"name": "web",
                "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                "lastState": {"terminated": {"reason": "OOMKilled", "exitCode": 137}}}]}}"#,
        );
        let found = hard_failure(&p).expect("a failure");
        assert_eq!(found.reason, Some(Reason::OomKilled));
        assert_eq!(found.container.as_deref(), Some("web"));
    }
}
