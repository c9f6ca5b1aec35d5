//! Sequential rollouts: coordinate several Deployments so only one rolls out at a time.
//!
//! [`coordinate`] is the decision of a deployment coordinator (like kube-deployment-coordinator),
//! made on each status poll from plain data: the coordination [`Spec`] (a label selector,
//! `minReadySeconds`, a [`FailurePolicy`]), the Deployments kubectl reported, the
//! [`CoordinationStatus`] the previous decision returned, and `now`. It returns a [`Decision`]:
//! the active Deployment, the pause/unpause [`Patch`]es (also as shell [`Step`](crate::plan::Step)s),
//! the new status with `Ready`/`Progressing`/`Degraded` conditions, and [`Event`]s. The caller
//! applies the steps and stores the status for the next poll.
//!
//! ```
//! use coolify_k8s_core::coordinate::{coordinate, Input};
//! let input = Input::parse(r#"{
//!   "now": "2025-01-20T10:00:00Z",
//!   "spec": { "labelSelector": { "matchLabels": { "component": "nginx" } } },
//!   "deployments": { "kind": "List", "items": [
//!     { "kind": "Deployment", "metadata": { "name": "a", "namespace": "default", "generation": 2,
//!       "labels": { "component": "nginx" } }, "spec": { "replicas": 1, "paused": true },
//!       "status": { "observedGeneration": 2, "replicas": 1, "readyReplicas": 1, "availableReplicas": 1 } } ] }
//! }"#).unwrap();
//! let decision = coordinate(&input).unwrap();
//! assert_eq!(decision.active_deployment.as_deref(), Some("default/a"));
//! assert_eq!(decision.steps[0].command,
//!     r#"kubectl -n default patch deployment/a --type=merge -p '{"spec":{"paused":false}}' </dev/null"#);
//! ```
//!
//! # Input (JSON or YAML)
//!
//! ```yaml
//! now: "2025-01-20T10:00:00Z"          # required (the CLI's --now sets it)
//! spec:
//!   labelSelector:                      # required, not empty
//!     matchLabels: { component: nginx }
//!     matchExpressions: [ { key: tier, operator: In, values: [web] } ]   # In, NotIn, Exists, DoesNotExist
//!   minReadySeconds: 30                 # default 0
//!   failurePolicy: halt                 # halt (default) | skip
//!   namespace: default                  # optional: only Deployments of this namespace
//! deployments: <kubectl get deployment,replicaset,pod -o json>   # a List, an array or one object
//! status: <the previous decision's status>                        # optional: none on the first poll
//! ```
//!
//! Unknown fields in the top level and `spec` are errors (a misspelt `minReadySecond` must not
//! be ignored). Deployments are read leniently (a missing count is 0, `spec.replicas` 1); a
//! Deployment needs `metadata.name`; its namespace defaults to `default`. Objects of other
//! kinds (ReplicaSets, Pods, Events) feed the status verdict of the active Deployment. Every
//! problem is reported at once, with its field path (`spec.labelSelector.matchExpressions[0].operator`,
//! `deployments.items[2].metadata.name`).
//!
//! YAML is read with YAML 1.2 booleans only (`yes` stays a string). The observed objects are
//! kept as JSON values (they feed the status verdict as they are), so a YAML label value such as
//! `012` is read as a number and compared as its text (`12`); quote label values in YAML, as
//! kubectl does.
//!
//! # Words
//!
//! - **Key**: `namespace/name`; every list is sorted by it (byte order).
//! - **Desired**: `spec.replicas`, 1 when absent.
//! - **Rolling out**: unpaused, and `status.replicas != desired`, or updated, ready or available
//!   replicas below desired, or `observedGeneration < generation`.
//! - **Pending changes**: any of replicas, updated, ready, available `!= desired`, or
//!   `observedGeneration < generation` (paused or not: a paused Deployment whose template
//!   changed shows `updatedReplicas` below desired).
//! - **Ready**: available and ready replicas equal desired, generation observed.
//! - **Failed rollout**: a Deployment with pending changes whose `Progressing` condition is
//!   `False`/`ProgressDeadlineExceeded` for its current generation, or whose status
//!   [`verdict`](crate::verdict) is `degraded` (a crash loop, an image that cannot be pulled
//!   after the grace window from its rollout start, a replica failure). A failure is remembered
//!   in the status (`failedGeneration`) until the Deployment's generation changes.
//!
//! # Rules, in order
//!
//! 1. The previous active Deployment that no longer matches (deleted, relabelled) is cleared
//!    (`ActiveDeploymentCleared`).
//! 2. The active Deployment that failed: `RolloutFailed` (once per generation); under `halt` it
//!    stays active and unpaused (so a fixed version rolls through) and nothing else starts;
//!    under `skip` it is dropped (`DeploymentSkipped`) and paused.
//! 3. The active Deployment still rolling out (or paused with pending changes: it is unpaused
//!    again) stays active.
//! 4. The active Deployment done: with `minReadySeconds`, it stays active until it has been
//!    ready that long, counted from when this coordinator first saw its rollout finished (not
//!    from `Available`'s transition time, which often predates the rollout); then
//!    `ActiveDeploymentReady` and it is cleared.
//! 5. With no active Deployment, the first unpaused one mid-rollout is adopted
//!    (`DeploymentActivated` "already rolling out"), a failed one following the policy;
//!    otherwise the first paused one with pending changes is activated, except the one just
//!    cleared and those that failed at their current generation.
//! 6. Every unpaused Deployment other than the active one is paused (`DeploymentPaused`), in
//!    every case: after the patches at most one coordinated Deployment is unpaused. The active
//!    one, if paused, is unpaused (`DeploymentUnpaused`). Patches: pauses first, then the unpause.
//!
//! # Status
//!
//! `deploymentStates[].lastRolloutStarted` is set when a Deployment becomes the active one with
//! changes to roll out; `lastRolloutFinished` when it stops being so. Conditions keep their
//! `lastTransitionTime` while their status stays the same:
//!
//! | condition | status / reason | when |
//! |---|---|---|
//! | Ready | `True` / `AllDeploymentsReady` | nothing active, nothing pending, no failure |
//! | Ready | `False` / `RolloutFailed` | nothing active or pending, but a rollout failed |
//! | Ready | `False` / `DeploymentsInProgress` | otherwise |
//! | Progressing | `False` / `RolloutHalted` | the active rollout failed under `halt` |
//! | Progressing | `True` / `WaitingMinReadySeconds` | the active one is done, waiting `minReadySeconds` |
//! | Progressing | `True` / `DeploymentRollingOut` | a Deployment is active |
//! | Progressing | `True` / `DeploymentsPending` | others have pending changes |
//! | Progressing | `False` / `AllDeploymentsReady` | otherwise |
//! | Degraded | `True` / `RolloutFailed` | a rollout failed (halted, or skipped and not yet changed) |
//! | Degraded | `False` / `NoFailures` | otherwise |
//!
//! `requeueAfterSeconds`: the time left of `minReadySeconds`, 10 while something is active or
//! pending, none when all is done.

mod decide;
mod input;
mod types;

pub use types::{
    Condition, CoordinationStatus, Decision, DeploymentState, Event, FailurePolicy, Input, LabelSelector, Patch,
    SelectorExpression, Spec,
};

use crate::error::Errors;

/// Decides, for one poll, which coordinated Deployment rolls out and what to pause and unpause.
/// Fails only on bad input (every problem at once); a failed rollout is a decision.
pub fn coordinate(input: &Input) -> Result<Decision, Errors> {
    let checked = input::check(input)?;
    Ok(decide::decide(&checked))
}
