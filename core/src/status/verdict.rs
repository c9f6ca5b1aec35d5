//! The verdict: Coolify's status words plus the details behind them. Plain data, serialised
//! with serde (snake_case field names); the CLI prints it as pretty JSON.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The judgement of one application (or preview): Coolify's `<state>:<health>` and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// What Coolify stores: `state:health` (`running:healthy`), or with the `:excluded` suffix
    /// when every workload is excluded from health checks (as Coolify writes it).
    pub status: String,
    /// The state part of `status`.
    pub state: State,
    /// The health part of `status`.
    pub health: Health,
    /// The stable code of the rule that decided (see the module docs' rule table).
    pub reason: Reason,
    /// For a person; quotes the cluster's own message where there is one.
    pub message: String,
    /// Replica counts (summed over the judged workloads).
    pub replicas: Replicas,
    /// The rollout, `kubectl rollout status`-style (of the workload that decided).
    pub rollout: Rollout,
    /// Pods with a problem (finished pods included, pods being deleted left out), current
    /// revision first, then by workload and name; at most [`MAX_LISTED_PODS`].
    pub pods: Vec<PodProblem>,
    /// How many pods have a problem in all (`pods` may list fewer).
    pub pods_with_problems: usize,
    /// Each workload (Deployment) judged on its own, by namespace and name.
    pub workloads: Vec<WorkloadVerdict>,
}

/// The most pods a verdict lists.
pub const MAX_LISTED_PODS: usize = 10;

/// One workload's verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkloadVerdict {
    /// The Deployment's name (or, without a Deployment in the input, the name it is known by).
    pub name: String,
    /// Left out of the application's status (label or annotation `coolify.excludeFromHealthCheck: "true"`).
    pub excluded: bool,
    /// `state:health` of this workload alone.
    pub status: String,
    /// The state part of `status`.
    pub state: State,
    /// The health part of `status`.
    pub health: Health,
    /// The stable code of the rule that decided.
    pub reason: Reason,
    /// For a person.
    pub message: String,
    /// Replica counts.
    pub replicas: Replicas,
    /// The rollout.
    pub rollout: Rollout,
}

/// Coolify's state word. Kubernetes gives no cause for `restarting` (a restarting container is
/// reported as CrashLoopBackOff, judged `degraded`) nor `paused` (a paused Deployment keeps
/// its pods running), so neither is produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Serving.
    Running,
    /// On its way up.
    Starting,
    /// Broken or partly broken.
    Degraded,
    /// Not running: stopped, never deployed, or nothing serving.
    Exited,
}

/// Coolify's health word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Health {
    /// Serving, and a health check says so.
    Healthy,
    /// Not (fully) serving.
    Unhealthy,
    /// Serving without a health check, or too early to tell.
    Unknown,
}

impl State {
    /// The word Coolify uses.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Running => "running",
            State::Starting => "starting",
            State::Degraded => "degraded",
            State::Exited => "exited",
        }
    }
}

impl Health {
    /// The word Coolify uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Health::Healthy => "healthy",
            Health::Unhealthy => "unhealthy",
            Health::Unknown => "unknown",
        }
    }
}

/// The stable reason codes, one per rule of the table (rule 7 and 8 carry the pod's reason).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Reason {
    /// 1: no objects yet, within the grace window.
    AwaitingObjects,
    /// 2: no objects, and no grace window to wait for them.
    NotDeployed,
    /// 3: the Deployment is being deleted.
    Terminating,
    /// 3a: a Job (a one-shot compose service) completed.
    Completed,
    /// 3a: a Job (a one-shot compose service) failed: its retries are used up.
    JobFailed,
    /// 4: scaled to zero.
    Stopped,
    /// 5: the rollout exceeded its progress deadline.
    ProgressDeadlineExceeded,
    /// 6: pods cannot be created (quota, admission) and none serves.
    ReplicaFailure,
    /// 7: a container keeps crashing.
    CrashLoopBackOff,
    /// 7: a container was killed for using too much memory.
    #[serde(rename = "OOMKilled")]
    OomKilled,
    /// 7: a referenced Secret, ConfigMap or key is missing.
    CreateContainerConfigError,
    /// 7: the container runtime cannot create the container.
    CreateContainerError,
    /// 7: the image reference is malformed.
    InvalidImageName,
    /// 7: the container runtime cannot start the container.
    RunContainerError,
    /// 8: the image cannot be pulled (after the grace window).
    ErrImagePull,
    /// 8: pulling the image is backing off (after the grace window).
    ImagePullBackOff,
    /// 8: the image is absent and the pull policy is Never (after the grace window).
    ErrImageNeverPull,
    /// 8: no node can take the pod (after the grace window).
    Unschedulable,
    /// 9: a current pod runs but is not ready (after the grace window).
    NotReady,
    /// 10: serving, rollout complete.
    Serving,
    /// 10: serving while a rollout is in progress.
    RollingOut,
    /// 11: nothing serving yet, still on its way up.
    Starting,
    /// 12: nothing serving, and nothing above explains why.
    NoPods,
}

impl Reason {
    /// The code as serialised (`CrashLoopBackOff`, `OOMKilled`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::AwaitingObjects => "AwaitingObjects",
            Reason::NotDeployed => "NotDeployed",
            Reason::Terminating => "Terminating",
            Reason::Completed => "Completed",
            Reason::JobFailed => "JobFailed",
            Reason::Stopped => "Stopped",
            Reason::ProgressDeadlineExceeded => "ProgressDeadlineExceeded",
            Reason::ReplicaFailure => "ReplicaFailure",
            Reason::CrashLoopBackOff => "CrashLoopBackOff",
            Reason::OomKilled => "OOMKilled",
            Reason::CreateContainerConfigError => "CreateContainerConfigError",
            Reason::CreateContainerError => "CreateContainerError",
            Reason::InvalidImageName => "InvalidImageName",
            Reason::RunContainerError => "RunContainerError",
            Reason::ErrImagePull => "ErrImagePull",
            Reason::ImagePullBackOff => "ImagePullBackOff",
            Reason::ErrImageNeverPull => "ErrImageNeverPull",
            Reason::Unschedulable => "Unschedulable",
            Reason::NotReady => "NotReady",
            Reason::Serving => "Serving",
            Reason::RollingOut => "RollingOut",
            Reason::Starting => "Starting",
            Reason::NoPods => "NoPods",
        }
    }

    /// The rule-7 reason for a container waiting or termination reason, if it is one.
    pub(crate) fn hard_failure(reason: &str) -> Option<Reason> {
        match reason {
            "CrashLoopBackOff" => Some(Reason::CrashLoopBackOff),
            "OOMKilled" => Some(Reason::OomKilled),
            "CreateContainerConfigError" => Some(Reason::CreateContainerConfigError),
            "CreateContainerError" => Some(Reason::CreateContainerError),
            "InvalidImageName" => Some(Reason::InvalidImageName),
            "RunContainerError" => Some(Reason::RunContainerError),
            _ => None,
        }
    }

    /// The rule-8 reason for a container waiting reason, if it is one.
    pub(crate) fn pull_failure(reason: &str) -> Option<Reason> {
        match reason {
            "ErrImagePull" => Some(Reason::ErrImagePull),
            "ImagePullBackOff" => Some(Reason::ImagePullBackOff),
            "ErrImageNeverPull" => Some(Reason::ErrImageNeverPull),
            _ => None,
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Replica counts. With a Deployment in the input: `desired` as judged (the HPA's desired count
/// when one targets it, else `spec.replicas`, default 1) and the rest from its status
/// (`replicas`, `updatedReplicas`, `readyReplicas`, `availableReplicas`). Without one: counted
/// from the pods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replicas {
    /// How many pods should run.
    pub desired: u64,
    /// How many pods exist (all revisions).
    pub current: u64,
    /// How many pods run the newest pod template.
    pub updated: u64,
    /// How many pods are ready.
    pub ready: u64,
    /// How many pods have been ready for `minReadySeconds`.
    pub available: u64,
}

/// Where the rollout stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rollout {
    /// The phase.
    pub phase: RolloutPhase,
    /// `kubectl rollout status`'s words (without its trailing newline).
    pub message: String,
}

/// Rollout phases, in the order they are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RolloutPhase {
    /// No Deployment in the input.
    Unknown,
    /// The Deployment is being deleted.
    Terminating,
    /// `spec.paused`: rollouts are stopped; pods keep running.
    Paused,
    /// The controller has not yet observed the latest generation.
    Pending,
    /// The progress deadline passed.
    Failed,
    /// New pods are being created, or old ones are still there.
    Progressing,
    /// Every replica is updated and available, no old one is left.
    Complete,
}

/// One pod with a problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodProblem {
    /// The pod's name.
    pub name: String,
    /// The workload it belongs to.
    pub workload: String,
    /// Whether it runs the newest pod template (`current`) or an older one (`old`).
    pub revision: Revision,
    /// `status.phase`, when the pod has one.
    pub phase: Option<String>,
    /// Whether the pod is ready.
    pub ready: bool,
    /// Restarts of all its containers.
    pub restarts: u64,
    /// The problem: a container's reason (`CrashLoopBackOff`, `OOMKilled`, ...), `Unschedulable`,
    /// `NotReady`, or kubectl's STATUS word (`ContainerCreating`, `Evicted`, ...).
    pub reason: String,
    /// The container concerned, when the problem is a container's; an init container's name
    /// is prefixed with `init:`.
    pub container: Option<String>,
    /// The cluster's own words (container message, condition message, or the latest warning
    /// event about the pod); empty when it gave none.
    pub message: String,
}

/// Which pod template a pod runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Revision {
    /// The newest ReplicaSet's (by `pod-template-hash`).
    Current,
    /// An older ReplicaSet's.
    Old,
}

/// `state:health`, the way Coolify writes it.
pub(crate) fn status_word(state: State, health: Health) -> String {
    format!("{}:{}", state.as_str(), health.as_str())
}
