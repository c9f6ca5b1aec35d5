//! The typed objects every capability emits, and their fixed output order.

use k8s_openapi::api::apps::v1::{Deployment, StatefulSet};
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::core::v1::{ConfigMap, Namespace, PersistentVolumeClaim, Secret, Service};
use k8s_openapi::api::networking::v1::Ingress;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use crate::render::routing::crds::{Certificate, HttpRoute, IngressRoute, Middleware};
use serde::Serialize;

/// One Kubernetes object. Serialises exactly as the API server expects it (`apiVersion` and
/// `kind` come from the types).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)] // a handful per render; boxing would only add noise
pub enum Object {
    /// `v1` Namespace (only on request).
    Namespace(Namespace),
    /// `v1` Secret.
    Secret(Secret),
    /// `v1` ConfigMap.
    ConfigMap(ConfigMap),
    /// `v1` PersistentVolumeClaim.
    PersistentVolumeClaim(PersistentVolumeClaim),
    /// `v1` Service.
    Service(Service),
    /// `apps/v1` Deployment.
    Deployment(Deployment),
    /// `apps/v1` StatefulSet (a compose service whose data follows it).
    StatefulSet(StatefulSet),
    /// `batch/v1` Job (a one-shot compose service).
    Job(Job),
    /// `networking.k8s.io/v1` Ingress.
    Ingress(Ingress),
    /// `traefik.io/v1alpha1` IngressRoute.
    IngressRoute(IngressRoute),
    /// `gateway.networking.k8s.io/v1` HTTPRoute.
    HttpRoute(HttpRoute),
    /// `traefik.io/v1alpha1` Middleware.
    Middleware(Middleware),
    /// `cert-manager.io/v1` Certificate.
    Certificate(Certificate),
    /// `autoscaling/v2` HorizontalPodAutoscaler.
    HorizontalPodAutoscaler(HorizontalPodAutoscaler),
    /// `policy/v1` PodDisruptionBudget.
    PodDisruptionBudget(PodDisruptionBudget),
    /// `batch/v1` CronJob (a scheduled task).
    CronJob(CronJob),
}

impl Object {
    /// The object's kind, as the API spells it.
    pub fn kind(&self) -> &'static str {
        match self {
            Object::Namespace(_) => "Namespace",
            Object::Secret(_) => "Secret",
            Object::ConfigMap(_) => "ConfigMap",
            Object::PersistentVolumeClaim(_) => "PersistentVolumeClaim",
            Object::Service(_) => "Service",
            Object::Deployment(_) => "Deployment",
            Object::StatefulSet(_) => "StatefulSet",
            Object::Job(_) => "Job",
            Object::Ingress(_) => "Ingress",
            Object::IngressRoute(_) => "IngressRoute",
            Object::HttpRoute(_) => "HTTPRoute",
            Object::Middleware(_) => "Middleware",
            Object::Certificate(_) => "Certificate",
            Object::HorizontalPodAutoscaler(_) => "HorizontalPodAutoscaler",
            Object::PodDisruptionBudget(_) => "PodDisruptionBudget",
            Object::CronJob(_) => "CronJob",
        }
    }

    /// The object's metadata.
    pub fn metadata(&self) -> &ObjectMeta {
        match self {
            Object::Namespace(o) => &o.metadata,
            Object::Secret(o) => &o.metadata,
            Object::ConfigMap(o) => &o.metadata,
            Object::PersistentVolumeClaim(o) => &o.metadata,
            Object::Service(o) => &o.metadata,
            Object::Deployment(o) => &o.metadata,
            Object::StatefulSet(o) => &o.metadata,
            Object::Job(o) => &o.metadata,
            Object::Ingress(o) => &o.metadata,
            Object::IngressRoute(o) => &o.metadata,
            Object::HttpRoute(o) => &o.metadata,
            Object::Middleware(o) => &o.metadata,
            Object::Certificate(o) => &o.metadata,
            Object::HorizontalPodAutoscaler(o) => &o.metadata,
            Object::PodDisruptionBudget(o) => &o.metadata,
            Object::CronJob(o) => &o.metadata,
        }
    }

    /// The object's metadata, to change.
    pub fn metadata_mut(&mut self) -> &mut ObjectMeta {
        match self {
            Object::Namespace(o) => &mut o.metadata,
            Object::Secret(o) => &mut o.metadata,
            Object::ConfigMap(o) => &mut o.metadata,
            Object::PersistentVolumeClaim(o) => &mut o.metadata,
            Object::Service(o) => &mut o.metadata,
            Object::Deployment(o) => &mut o.metadata,
            Object::StatefulSet(o) => &mut o.metadata,
            Object::Job(o) => &mut o.metadata,
            Object::Ingress(o) => &mut o.metadata,
            Object::IngressRoute(o) => &mut o.metadata,
            Object::HttpRoute(o) => &mut o.metadata,
            Object::Middleware(o) => &mut o.metadata,
            Object::Certificate(o) => &mut o.metadata,
            Object::HorizontalPodAutoscaler(o) => &mut o.metadata,
            Object::PodDisruptionBudget(o) => &mut o.metadata,
            Object::CronJob(o) => &mut o.metadata,
        }
    }

    /// Position in the output: Namespace, Secret, ConfigMap, PVC, Service, the workloads
    /// (Deployment, StatefulSet, Job), routes (Ingress, IngressRoute, HTTPRoute), Middleware,
    /// Certificate, then HorizontalPodAutoscaler, PodDisruptionBudget, CronJob.
    pub fn rank(&self) -> u8 {
        match self {
            Object::Namespace(_) => 0,
            Object::Secret(_) => 1,
            Object::ConfigMap(_) => 2,
            Object::PersistentVolumeClaim(_) => 3,
            Object::Service(_) => 4,
            Object::Deployment(_) => 5,
            Object::StatefulSet(_) => 6,
            Object::Job(_) => 7,
            Object::Ingress(_) | Object::IngressRoute(_) | Object::HttpRoute(_) => 8,
            Object::Middleware(_) => 9,
            Object::Certificate(_) => 10,
            Object::HorizontalPodAutoscaler(_) => 11,
            Object::PodDisruptionBudget(_) => 12,
            Object::CronJob(_) => 13,
        }
    }

    /// The object's name (empty when unset).
    pub fn name(&self) -> &str {
        self.metadata().name.as_deref().unwrap_or("")
    }
}

/// Sorts objects into the documented output order: by rank, then by name.
pub fn sort(objects: &mut [Object]) {
    objects.sort_by(|a, b| (a.rank(), a.name()).cmp(&(b.rank(), b.name())));
}
