//! The kinds of object an application may own, with the resource names kubectl takes for them
//! (fully qualified, so that no other API group's kind of the same name is meant).

/// One kind an application may own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Owned {
    /// The kind, as the API spells it.
    pub kind: &'static str,
    /// kubectl's resource argument.
    pub resource: &'static str,
    /// Built into Kubernetes (a CRD kind may be missing from a cluster).
    pub builtin: bool,
}

const fn owned(kind: &'static str, resource: &'static str, builtin: bool) -> Owned {
    Owned { kind, resource, builtin }
}

/// Every kind render may emit for an application, except the Namespace (shared, never an
/// application's). In deletion order: traffic first, data last.
pub(crate) const OWNED: &[Owned] = &[
    owned("Ingress", "ingresses.networking.k8s.io", true),
    owned("IngressRoute", "ingressroutes.traefik.io", false),
    owned("HTTPRoute", "httproutes.gateway.networking.k8s.io", false),
    owned("Middleware", "middlewares.traefik.io", false),
    owned("Certificate", "certificates.cert-manager.io", false),
    owned("HorizontalPodAutoscaler", "horizontalpodautoscalers.autoscaling", true),
    owned("PodDisruptionBudget", "poddisruptionbudgets.policy", true),
    owned("CronJob", "cronjobs.batch", true),
    owned("Deployment", "deployments.apps", true),
    owned("Service", "services", true),
    owned("ConfigMap", "configmaps", true),
    owned("Secret", "secrets", true),
    owned("PersistentVolumeClaim", "persistentvolumeclaims", true),
];

/// Every kind [`render_compose`](crate::render_compose) may emit for a compose resource: the
/// application's, plus StatefulSets and Jobs. In deletion order.
pub(crate) const STACK_OWNED: &[Owned] = &[
    owned("Ingress", "ingresses.networking.k8s.io", true),
    owned("IngressRoute", "ingressroutes.traefik.io", false),
    owned("HTTPRoute", "httproutes.gateway.networking.k8s.io", false),
    owned("Middleware", "middlewares.traefik.io", false),
    owned("Certificate", "certificates.cert-manager.io", false),
    owned("Job", "jobs.batch", true),
    owned("StatefulSet", "statefulsets.apps", true),
    owned("Deployment", "deployments.apps", true),
    owned("Service", "services", true),
    owned("ConfigMap", "configmaps", true),
    owned("Secret", "secrets", true),
    owned("PersistentVolumeClaim", "persistentvolumeclaims", true),
];

/// The claims' kind: pruned and deleted only on request.
pub(crate) const CLAIM: &str = "PersistentVolumeClaim";

/// Whether `kind` is one of [`OWNED`].
pub(crate) fn is_owned(kind: &str) -> bool {
    OWNED.iter().any(|o| o.kind == kind)
}

/// Whether `kind` is one of [`STACK_OWNED`].
pub(crate) fn is_stack_owned(kind: &str) -> bool {
    STACK_OWNED.iter().any(|o| o.kind == kind)
}
