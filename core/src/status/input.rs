//! What the cluster reports, read into borrowed structs that hold only what a verdict needs.
//!
//! One struct ([`RawObject`]) covers every kind the verdict reads (Deployment, ReplicaSet, Pod,
//! HorizontalPodAutoscaler, Event): kubectl prints `kind` before `spec` and `status`, but a
//! hand-written document need not, so the fields of all kinds are read side by side and the kind
//! is looked at afterwards. Everything else (a Pod's whole `spec`, `managedFields`, annotations
//! other than the revision, other kinds' fields) is skipped without being built.

use super::lenient::{Flag, Int, Items, Obj, Present, Text};
use serde::Deserialize;

/// The label that tells a preview's objects apart (Coolify's own label name).
pub const PULL_REQUEST_LABEL: &str = "coolify.pullRequestId";
/// The label or annotation that leaves a workload out of the health check (`"true"`), like a
/// compose service with `exclude_from_hc: true` in Coolify.
pub const EXCLUDE_LABEL: &str = "coolify.excludeFromHealthCheck";
/// The label Kubernetes puts on a ReplicaSet and its Pods: the hash of the pod template.
pub const POD_TEMPLATE_HASH_LABEL: &str = "pod-template-hash";
/// The annotation the Deployment controller puts on each ReplicaSet: its rollout revision.
pub const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";

/// One object of any kind, with the union of the fields the verdict reads.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawObject<'a> {
    #[serde(borrow)]
    pub kind: Text<'a>,
    #[serde(borrow)]
    pub metadata: Obj<Meta<'a>>,
    #[serde(borrow)]
    pub spec: Obj<Box<Spec<'a>>>,
    #[serde(borrow)]
    pub status: Obj<Box<Status<'a>>>,
    /// A `List` (or `PodList`, ...) holds its objects here.
    #[serde(borrow)]
    pub items: Option<Items<RawObject<'a>>>,
    // Event fields (core/v1 and events.k8s.io/v1 spellings).
    #[serde(borrow, rename = "involvedObject")]
    pub involved_object: Obj<Box<ObjectRef<'a>>>,
    #[serde(borrow)]
    pub regarding: Obj<Box<ObjectRef<'a>>>,
    #[serde(borrow)]
    pub reason: Text<'a>,
    #[serde(borrow)]
    pub message: Text<'a>,
    #[serde(borrow)]
    pub note: Text<'a>,
    #[serde(borrow, rename = "type")]
    pub event_type: Text<'a>,
    #[serde(borrow, rename = "lastTimestamp")]
    pub last_timestamp: Text<'a>,
    #[serde(borrow, rename = "deprecatedLastTimestamp")]
    pub deprecated_last_timestamp: Text<'a>,
    #[serde(borrow, rename = "firstTimestamp")]
    pub first_timestamp: Text<'a>,
    #[serde(borrow, rename = "eventTime")]
    pub event_time: Text<'a>,
    #[serde(borrow)]
    pub series: Obj<Box<Series<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Meta<'a> {
    #[serde(borrow)]
    pub name: Text<'a>,
    #[serde(borrow)]
    pub namespace: Text<'a>,
    #[serde(borrow)]
    pub uid: Text<'a>,
    pub generation: Int,
    #[serde(borrow, rename = "creationTimestamp")]
    pub creation_timestamp: Text<'a>,
    #[serde(rename = "deletionTimestamp")]
    pub deletion_timestamp: Present,
    #[serde(borrow)]
    pub labels: Obj<Marks<'a>>,
    #[serde(borrow)]
    pub annotations: Obj<Box<Marks<'a>>>,
    #[serde(borrow, rename = "ownerReferences")]
    pub owner_references: Items<OwnerRef<'a>>,
}

/// The labels and annotations the verdict reads; all others are skipped.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Marks<'a> {
    #[serde(borrow, rename = "pod-template-hash")]
    pub pod_template_hash: Text<'a>,
    #[serde(borrow, rename = "coolify.pullRequestId")]
    pub pull_request: Text<'a>,
    #[serde(borrow, rename = "coolify.excludeFromHealthCheck")]
    pub exclude: Text<'a>,
    #[serde(borrow, rename = "deployment.kubernetes.io/revision")]
    pub revision: Text<'a>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct OwnerRef<'a> {
    #[serde(borrow)]
    pub kind: Text<'a>,
    #[serde(borrow)]
    pub name: Text<'a>,
    #[serde(borrow)]
    pub uid: Text<'a>,
    pub controller: Flag,
}

/// `involvedObject` / `regarding` of an Event, `scaleTargetRef` of an HPA.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ObjectRef<'a> {
    #[serde(borrow)]
    pub kind: Text<'a>,
    #[serde(borrow)]
    pub name: Text<'a>,
    #[serde(borrow)]
    pub namespace: Text<'a>,
    #[serde(borrow)]
    pub uid: Text<'a>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Series<'a> {
    #[serde(borrow, rename = "lastObservedTime")]
    pub last_observed_time: Text<'a>,
}

/// The `spec` fields of Deployment, ReplicaSet and HPA. A Pod's spec has none of these names,
/// so it is skipped entirely.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Spec<'a> {
    pub replicas: Int,
    pub paused: Flag,
    /// A Job's `suspend`.
    pub suspend: Flag,
    pub template: Obj<Template>,
    #[serde(borrow, rename = "scaleTargetRef")]
    pub scale_target_ref: Obj<Box<ObjectRef<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Template {
    pub spec: Obj<TemplateSpec>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct TemplateSpec {
    pub containers: Items<TemplateContainer>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct TemplateContainer {
    #[serde(rename = "readinessProbe")]
    pub readiness_probe: Present,
}

/// The `status` fields of Deployment, ReplicaSet, Pod and HPA.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Status<'a> {
    #[serde(borrow)]
    pub phase: Text<'a>,
    #[serde(borrow)]
    pub reason: Text<'a>,
    #[serde(borrow)]
    pub message: Text<'a>,
    #[serde(borrow)]
    pub conditions: Items<Condition<'a>>,
    #[serde(borrow, rename = "containerStatuses")]
    pub container_statuses: Items<ContainerStatus<'a>>,
    #[serde(borrow, rename = "initContainerStatuses")]
    pub init_container_statuses: Items<ContainerStatus<'a>>,
    #[serde(rename = "observedGeneration")]
    pub observed_generation: Int,
    pub replicas: Int,
    #[serde(rename = "updatedReplicas")]
    pub updated_replicas: Int,
    #[serde(rename = "readyReplicas")]
    pub ready_replicas: Int,
    #[serde(rename = "availableReplicas")]
    pub available_replicas: Int,
    #[serde(rename = "desiredReplicas")]
    pub desired_replicas: Int,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Condition<'a> {
    #[serde(borrow, rename = "type")]
    pub condition_type: Text<'a>,
    #[serde(borrow)]
    pub status: Text<'a>,
    #[serde(borrow)]
    pub reason: Text<'a>,
    #[serde(borrow)]
    pub message: Text<'a>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ContainerStatus<'a> {
    #[serde(borrow)]
    pub name: Text<'a>,
    pub ready: Flag,
    #[serde(rename = "restartCount")]
    pub restart_count: Int,
    pub started: Flag,
    #[serde(borrow)]
    pub state: Obj<ContainerState<'a>>,
    #[serde(borrow, rename = "lastState")]
    pub last_state: Obj<Box<ContainerState<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ContainerState<'a> {
    #[serde(borrow)]
    pub waiting: Obj<Box<StateDetail<'a>>>,
    pub running: Present,
    #[serde(borrow)]
    pub terminated: Obj<Box<StateDetail<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct StateDetail<'a> {
    #[serde(borrow)]
    pub reason: Text<'a>,
    #[serde(borrow)]
    pub message: Text<'a>,
    #[serde(rename = "exitCode")]
    pub exit_code: Int,
    pub signal: Int,
}

/// Kinds the verdict reads; every other kind is ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Deployment,
    StatefulSet,
    Job,
    ReplicaSet,
    Pod,
    Hpa,
    Event,
}

impl Kind {
    pub fn of(kind: &str) -> Option<Kind> {
        match kind {
            "Deployment" => Some(Kind::Deployment),
            "StatefulSet" => Some(Kind::StatefulSet),
            "Job" => Some(Kind::Job),
            "ReplicaSet" => Some(Kind::ReplicaSet),
            "Pod" => Some(Kind::Pod),
            "HorizontalPodAutoscaler" => Some(Kind::Hpa),
            "Event" => Some(Kind::Event),
            _ => None,
        }
    }
}

static EMPTY_META: Meta<'static> = Meta {
    name: Text(None),
    namespace: Text(None),
    uid: Text(None),
    generation: Int(None),
    creation_timestamp: Text(None),
    deletion_timestamp: Present(false),
    labels: Obj(None),
    annotations: Obj(None),
    owner_references: Items(Vec::new()),
};

static EMPTY_MARKS: Marks<'static> = Marks {
    pod_template_hash: Text(None),
    pull_request: Text(None),
    exclude: Text(None),
    revision: Text(None),
};

static EMPTY_SPEC: Spec<'static> = Spec {
    replicas: Int(None),
    paused: Flag(None),
    suspend: Flag(None),
    template: Obj(None),
    scale_target_ref: Obj(None),
};

static EMPTY_STATUS: Status<'static> = Status {
    phase: Text(None),
    reason: Text(None),
    message: Text(None),
    conditions: Items(Vec::new()),
    container_statuses: Items(Vec::new()),
    init_container_statuses: Items(Vec::new()),
    observed_generation: Int(None),
    replicas: Int(None),
    updated_replicas: Int(None),
    ready_replicas: Int(None),
    available_replicas: Int(None),
    desired_replicas: Int(None),
};

impl<'a> RawObject<'a> {
    pub fn meta(&self) -> &Meta<'a> {
        self.metadata.get().unwrap_or(&EMPTY_META)
    }
    pub fn spec(&self) -> &Spec<'a> {
        self.spec.get().map(|b| &**b).unwrap_or(&EMPTY_SPEC)
    }
    pub fn status(&self) -> &Status<'a> {
        self.status.get().map(|b| &**b).unwrap_or(&EMPTY_STATUS)
    }
    pub fn name(&self) -> &str {
        self.meta().name.or_empty()
    }
    pub fn namespace(&self) -> Option<&str> {
        self.meta().namespace.non_empty()
    }
    pub fn labels(&self) -> &Marks<'a> {
        self.meta().labels.get().unwrap_or(&EMPTY_MARKS)
    }
    pub fn annotations(&self) -> &Marks<'a> {
        self.meta().annotations.get().map_or(&EMPTY_MARKS, |b| &**b)
    }
    pub fn is_deleting(&self) -> bool {
        self.meta().deletion_timestamp.0
    }
    /// The controlling owner (or the first owner when none is marked as controller).
    pub fn owner(&self) -> Option<&OwnerRef<'a>> {
        let owners = &self.meta().owner_references.0;
        owners
            .iter()
            .find(|o| o.controller.is_true())
            .or_else(|| owners.first())
    }
    /// The condition of this type, if any.
    pub fn condition(&self, condition_type: &str) -> Option<&Condition<'a>> {
        self.status()
            .conditions
            .0
            .iter()
            .find(|c| c.condition_type.is(condition_type))
    }
    /// Whether a container of the pod template has a readiness probe.
    pub fn template_has_probe(&self) -> bool {
        self.spec()
            .template
            .get()
            .and_then(|t| t.spec.get())
            .is_some_and(|s| s.containers.0.iter().any(|c| c.readiness_probe.0))
    }
}

impl Condition<'_> {
    pub fn is_true(&self) -> bool {
        self.status.is("True")
    }
    pub fn is_false(&self) -> bool {
        self.status.is("False")
    }
}
