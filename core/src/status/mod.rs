//! Status verdicts: what the cluster says, in Coolify's words.
//!
//! [`verdict`] reads the objects of one application as kubectl prints them ([`Observed`]: a
//! `List`, an array or one object, JSON or YAML, any mix of Deployments, ReplicaSets, Pods,
//! HorizontalPodAutoscalers and Events) and a [`Context`] (`now`, the last deploy time, the
//! grace window, the preview, whether there is a health check), and returns a [`Verdict`]:
//! Coolify's `<state>:<health>`, a stable [`Reason`] code, a message for a person, replica
//! counts, the rollout phase and a short list of pods with a problem. A crashing application is a
//! verdict, never an error; only unparseable input is ([`Observed::parse`]).
//!
//! ```
//! use coolify_k8s_core::status::{verdict, Context, Observed, Timestamp};
//! let observed = Observed::parse(r#"{"apiVersion": "v1", "kind": "List", "items": []}"#).unwrap();
//! let mut ctx = Context::new(Timestamp::parse("2025-05-01T12:00:30Z").unwrap());
//! ctx.deployed_at = Some(Timestamp::parse("2025-05-01T12:00:00Z").unwrap());
//! let v = verdict(&observed, &ctx);
//! assert_eq!(v.status, "starting:unknown"); // nothing listed yet, but within the grace window
//! assert_eq!(v.reason.as_str(), "AwaitingObjects");
//! ```
//!
//! # Words
//!
//! - **Workload**: one Deployment with its ReplicaSets (by `ownerReferences`), their Pods (by
//!   `ownerReferences`) and the HPA whose `scaleTargetRef` names it. Without the Deployment in the
//!   input, the objects that name it still form the workload. A StatefulSet or a Job (what a
//!   compose service can become) stands in the Deployment's place, with the pods it owns; a
//!   suspended Job counts as scaled to zero.
//! - **Current pods**: live pods (not being deleted, not finished) whose `pod-template-hash`
//!   equals the newest ReplicaSet's (highest `deployment.kubernetes.io/revision`, then latest
//!   creation). Without ReplicaSets, the most recently created pod's hash is current.
//! - **Serving pods**: live pods of any revision in phase Running with `Ready=True`. When the input
//!   holds no Pod at all (`kubectl get deployment` only), the Deployment's `readyReplicas`.
//! - **Desired**: `spec.replicas` (default 1); with an HPA targeting the Deployment, its
//!   `status.desiredReplicas`, except that a Deployment at 0 stays at 0 (Kubernetes disables an
//!   HPA whose target is scaled to zero).
//! - **Grace window**: from `deployed_at` for `grace` seconds (`deployed_at <= now < deployed_at
//!   + grace`); none without a deploy time.
//! - **Previews**: only workloads whose `coolify.pullRequestId` label (first found on the
//!   Deployment, its ReplicaSets, its pods) equals `pull_request` are judged; no label means 0.
//! - **Excluded**: a Deployment (StatefulSet, Job; without one in the input, its first
//!   ReplicaSet or pod) labelled or annotated `coolify.excludeFromHealthCheck: "true"` is
//!   judged and listed but left out of the application's status, like a compose service with
//!   `exclude_from_hc: true`. When every workload is excluded, the status is Coolify's excluded
//!   word (`running:healthy:excluded`, `degraded:excluded`, `starting:excluded`, `exited:unhealthy`).
//! - **Events** carry no labels: they are matched to pods, ReplicaSets and Deployments by
//!   `involvedObject` (or `regarding`): kind and name, plus namespace and uid when both sides
//!   have one. Only `Warning` events are read; they supply the message when the object itself
//!   has none (`FailedMount`, `FailedCreate`, a failed readiness probe).
//!
//! # The rule table: the first rule that matches decides (per workload)
//!
//! | # | situation | status | reason |
//! |---|---|---|---|
//! | 1 | no objects at all, within the grace window | `starting:unknown` | `AwaitingObjects` |
//! | 2 | no objects at all otherwise | `exited:unhealthy` | `NotDeployed` |
//! | 3 | the Deployment (StatefulSet, Job) is being deleted | `degraded:unhealthy` | `Terminating` |
//! | 3a | a Job's `Complete=True` / `Failed=True` | `exited:unhealthy` / `degraded:unhealthy` | `Completed` / `JobFailed` |
//! | 4 | desired replicas 0 | `exited:unhealthy` | `Stopped` |
//! | 5 | `Progressing=False` / `ProgressDeadlineExceeded`, generation observed | `degraded:unhealthy` | `ProgressDeadlineExceeded` |
//! | 6 | `ReplicaFailure=True` (Deployment or newest ReplicaSet), no serving pod | `degraded:unhealthy` | `ReplicaFailure` |
//! | 7 | a current pod: CrashLoopBackOff, CreateContainerConfigError, CreateContainerError, InvalidImageName, RunContainerError, or OOMKilled and not running-and-ready | `degraded:unhealthy` | the pod's reason |
//! | 8 | after the grace window, a current pod: ErrImagePull, ImagePullBackOff, ErrImageNeverPull, Unschedulable | `degraded:unhealthy` | the pod's reason |
//! | 9 | after the grace window, a current pod running but not ready | `running:unhealthy` | `NotReady` |
//! | 10 | serving pods exist | `running:healthy` (health check) / `running:unknown` (none); `running:unhealthy` when fewer serving than desired after the grace window | `Serving` / `RollingOut` |
//! | 11 | no serving pod; within the grace window, or the generation is not yet observed | `starting:unknown` | `Starting` |
//! | 12 | no serving pod, nothing above explains it | `exited:unhealthy` | `NoPods` |
//!
//! Rules 1 and 2 apply to the application as a whole (no workload of the chosen preview); the
//! others to each workload. A crash loop whose last exit was an OOM kill reports `OOMKilled`
//! (the cause). Init containers count like the others. `RollingOut` means the rollout phase is
//! `Progressing` or `Pending` (or, without a Deployment, old-revision pods are still live).
//! A paused Deployment is judged by its pods like any other (Kubernetes pause stops rollouts,
//! not containers); its rollout phase says `Paused`. `restarting` and `paused` are never
//! produced: Kubernetes reports a restarting container as CrashLoopBackOff.
//!
//! Several workloads (a compose application) are combined in Coolify's order
//! (`ContainerStatusAggregator`): any degraded → `degraded:unhealthy`; running with exited →
//! `degraded:unhealthy`; running with starting → `starting:unknown`; only running → unhealthy
//! if any is, else unknown if any is, else healthy; starting → `starting:unknown`; else
//! `exited:unhealthy`. The reason, message (prefixed by the workload's name) and rollout come
//! from the workload that decided; replica counts are summed.
//!
//! # Rollout phase (kubectl's order, plus deletion and pause)
//!
//! `Unknown` (no Deployment) → `Terminating` → `Paused` → `Pending` ("Waiting for deployment
//! spec update to be observed...", generation > observedGeneration, missing counting as 0) →
//! `Failed` ("exceeded its progress deadline") → `Progressing` ("U out of S new replicas have
//! been updated...", "N old replicas are pending termination...", "A of U updated replicas are
//! available...") → `Complete` ("successfully rolled out"). The messages are kubectl's, without
//! the trailing newline.
//!
//! # Where this contract differs from kstatus, Argo CD, Helm and kubectl, on purpose
//!
//! - **Pods decide.** None of them looks at pods when judging a Deployment: a crash loop shows
//!   only as unavailable replicas until `progressDeadlineSeconds` (600 s by default) turns into
//!   `ProgressDeadlineExceeded`. Coolify users need the crash at once and its cause in words, so
//!   current pods are read (rules 7–9), with kubectl's STATUS words for the pod list.
//! - **Rolling out while serving is `running`**, not InProgress/Progressing: old pods still
//!   serve traffic, which is what Coolify's status means. The rollout phase carries the progress.
//! - **Paused is not suspended.** Argo CD says Suspended, Helm treats it as ready or skips it,
//!   kstatus usually InProgress. Here pods decide (a coordinated Deployment rests paused while it
//!   serves) and the rollout phase says `Paused`.
//! - **Scaled to zero is `Stopped`** (`exited`), where every anchor says Current/Healthy: for
//!   Coolify, zero replicas is a stopped application.
//! - **Being deleted is `degraded`** (kstatus: Terminating; Argo CD: Progressing): Coolify has no
//!   word for it, and an application whose Deployment disappears is not healthy.
//! - **Image pull failures are failures**, after the grace window (kstatus never reports them;
//!   Argo CD flags them at once). `InvalidImageName` is a failure at once (Argo CD misses it).
//! - **Unschedulable waits for the grace window**, measured from the deploy, instead of kstatus'
//!   15 s from the pod's creation: the deploy time is what Coolify knows and shows.
//! - **`ProgressDeadlineExceeded` needs the generation observed**, as in kubectl and Argo CD
//!   (kstatus checks it always): a new deploy must not inherit the last one's failure.
//! - **`ReplicaFailure` needs no serving pod** (kstatus: InProgress; Argo CD: ReplicaSet
//!   Degraded): a quota that blocks surge pods while old pods serve is not an outage.
//! - **Finished pods do not decide** (kstatus: Current; Argo CD: Degraded): an evicted pod is
//!   replaced by its ReplicaSet; it is listed, not judged.
//! - **Empty lists within the grace window are `starting`**, not `exited`: right after a deploy
//!   the API may list no pods while they are being created (kubectl and Argo CD wait on the
//!   generation; Coolify's Docker checker would say exited).
//!
//! # Reading the input
//!
//! Fields are read with lenient types: a missing, null or oddly typed field reads as absent
//! (counts as 0, `spec.replicas` as 1, like the API defaults), so a partial object never fails.
//! Object timestamps that are not RFC 3339 read as absent. Only a syntax error, an empty input,
//! or a top level that is not a Kubernetes object, a `List` or an array is an error. Objects of
//! other kinds are ignored.

mod aggregate;
mod context;
pub(crate) mod input;
mod lenient;
mod observed;
mod pod;
mod rules;
mod time;
mod verdict;
mod workload;

pub use context::{Context, HealthCheck, HealthCheckError};
pub use input::{EXCLUDE_LABEL, POD_TEMPLATE_HASH_LABEL, PULL_REQUEST_LABEL, REVISION_ANNOTATION};
pub use observed::Observed;
pub use time::{TimeError, Timestamp};
pub use verdict::{
    Health, PodProblem, Reason, Replicas, Revision, Rollout, RolloutPhase, State, Verdict,
    WorkloadVerdict, MAX_LISTED_PODS,
};

/// Judges an application (or one preview) from what the cluster reported. Never fails: every
/// situation, a crash loop included, is a [`Verdict`]. Deterministic: the same input gives the
/// same verdict.
pub fn verdict(observed: &Observed<'_>, context: &Context) -> Verdict {
    let events = workload::Events::index(observed);
    let judged: Vec<rules::Judged> = workload::group(observed)
        .iter()
        .filter(|w| w.is_pull_request(context.pull_request))
        .map(|w| rules::judge(w, context, &events, observed.has_pods))
        .collect();
    if judged.is_empty() {
        return aggregate::no_objects(context);
    }
    aggregate::combine_workloads(judged, context)
}
