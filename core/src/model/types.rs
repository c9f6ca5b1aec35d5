//! The normalised application's types: what rendering reads.

use k8s_openapi::api::core::v1::{Affinity, Toleration};
use std::collections::BTreeMap;

pub use super::domains::Domain;
pub use super::env::{EnvEntry, EnvSource};
pub use super::runopts::RunOptions;

/// The probe command Kubernetes runs in the container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Probe {
    /// `/bin/sh -c <command>` (Coolify's CMD-SHELL health check).
    Shell(String),
}

/// The readiness check (Coolify's health check gates traffic; it never restarts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthCheck {
    /// What to run.
    pub probe: Probe,
    /// `health_check_interval`.
    pub interval: i32,
    /// `health_check_timeout`.
    pub timeout: i32,
    /// `health_check_retries`.
    pub retries: i32,
    /// `health_check_start_period`.
    pub start_period: i32,
}

/// A GPU request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GpuRequest {
    /// The extended resource name (`nvidia.com/gpu`).
    pub resource: String,
    /// How many.
    pub count: u32,
}

/// Kind of a persistent storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageKind {
    /// A PersistentVolumeClaim with this name.
    Claim(String),
    /// A directory on the node.
    HostPath(String),
}

/// A persistent storage mount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Storage {
    /// Input index (`persistent_storages[i]`).
    pub index: usize,
    /// Claim or host path.
    pub kind: StorageKind,
    /// Where it is mounted.
    pub mount_path: String,
}

/// A file storage mount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileMount {
    /// File content, served from a ConfigMap with `subPath`.
    Content {
        /// Input index (`file_storages[i]`).
        index: usize,
        /// Where the file appears.
        mount_path: String,
        /// The content.
        content: String,
        /// File mode (`chmod`), when given.
        mode: Option<i32>,
    },
    /// A file or directory already on the node.
    Host {
        /// Input index.
        index: usize,
        /// The node path.
        host_path: String,
        /// Where it appears.
        mount_path: String,
        /// A directory rather than a file.
        directory: bool,
    },
}

/// How domains are routed (server setting `kubernetes_routing`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Routing {
    /// Traefik on Kubernetes (K3s's default): IngressRoute + Middleware + cert-manager Certificate.
    Traefik,
    /// Gateway API HTTPRoutes attached to a Gateway the platform runs.
    Gateway(Gateway),
    /// A plain `networking.k8s.io/v1` Ingress for any controller.
    Ingress,
}

/// The Gateway HTTPRoutes attach to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gateway {
    /// Gateway name.
    pub name: String,
    /// Gateway namespace.
    pub namespace: String,
    /// Listener for plain http.
    pub http_listener: String,
    /// Listener for https.
    pub https_listener: String,
}

/// A HorizontalPodAutoscaler.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Autoscaling {
    /// Fewest replicas.
    pub min: i32,
    /// Most replicas.
    pub max: i32,
    /// CPU target, percent.
    pub cpu: Option<i32>,
    /// Memory target, percent.
    pub memory: Option<i32>,
}

/// A scheduled task, as a CronJob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    /// Input index (`scheduled_tasks[i]`).
    pub index: usize,
    /// Task name.
    pub name: String,
    /// Five-field cron schedule (or a `@` macro).
    pub schedule: String,
    /// Shell command.
    pub command: String,
    /// Disabled tasks are kept, suspended.
    pub enabled: bool,
    /// Seconds before the run is stopped.
    pub timeout: i64,
}

/// HTTP basic auth.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BasicAuth {
    /// User name.
    pub username: String,
    /// The password, when no hash was given.
    pub password: Option<String>,
    /// A bcrypt hash given by the caller.
    pub hash: Option<String>,
}

/// The application, normalised.
#[derive(Clone, Debug)]
pub struct App {
    /// Coolify's application uuid.
    pub uuid: String,
    /// Base name of every object: the uuid, or `<uuid>-pr-<N>` for a preview.
    pub base_name: String,
    /// The application's display name.
    pub name: String,
    /// Coolify's numeric application id, when the bundle has it.
    pub application_id: Option<String>,
    /// Pull request number; 0 for production.
    pub pull_request_id: u64,
    /// Target namespace.
    pub namespace: String,
    /// Emit the Namespace object.
    pub create_namespace: bool,
    /// The image reference to run.
    pub image: String,
    /// Replica count.
    pub replicas: i32,
    /// Exposed container ports, first = main.
    pub ports: Vec<u16>,
    /// `(host, container)` port mappings (production only).
    pub port_mappings: Vec<(u16, u16)>,
    /// Parsed domains (the preview's one for previews).
    pub domains: Vec<Domain>,
    /// The `fqdn` text as Coolify injects it (`COOLIFY_URL`).
    pub fqdn_text: Option<String>,
    /// The container's environment.
    pub env: Vec<EnvEntry>,
    /// The readiness check.
    pub health: Option<HealthCheck>,
    /// Memory limit in bytes.
    pub memory_limit: Option<u64>,
    /// Memory request in bytes.
    pub memory_request: Option<u64>,
    /// CPU limit in millicores.
    pub cpu_limit: Option<u64>,
    /// CPU request in millicores.
    pub cpu_request: Option<u64>,
    /// GPUs.
    pub gpu: Option<GpuRequest>,
    /// Persistent storages.
    pub storages: Vec<Storage>,
    /// File storages.
    pub files: Vec<FileMount>,
    /// Parsed `custom_docker_run_options`.
    pub run: RunOptions,
    /// Extra DNS names (`custom_network_aliases`, `custom_internal_name`).
    pub aliases: Vec<String>,
    /// `kubernetes_node_selector`.
    pub node_selector: BTreeMap<String, String>,
    /// `kubernetes_tolerations`.
    pub tolerations: Vec<Toleration>,
    /// `kubernetes_affinity`, or Swarm placement translated.
    pub affinity: Option<Affinity>,
    /// `kubernetes_pod_labels`.
    pub pod_labels: BTreeMap<String, String>,
    /// `kubernetes_service_annotations`.
    pub service_annotations: BTreeMap<String, String>,
    /// `kubernetes_service_type`.
    pub service_type: String,
    /// `terminationGracePeriodSeconds`.
    pub stop_grace_seconds: i64,
    /// Why the old pod must stop before the new one starts (empty: rolling update).
    pub recreate_reasons: Vec<String>,
    /// `https` routing redirects plain http.
    pub force_https: bool,
    /// Compress responses.
    pub gzip: bool,
    /// Strip the path prefix.
    pub strip_prefix: bool,
    /// `www`, `non-www` or `both`.
    pub redirect: String,
    /// Basic auth, when enabled and complete.
    pub basic_auth: Option<BasicAuth>,
    /// Routing flavour.
    pub routing: Routing,
    /// `kubernetes_autoscaling`.
    pub autoscaling: Option<Autoscaling>,
    /// A PodDisruptionBudget for more than one replica.
    pub disruption_budget: bool,
    /// Soft spread of replicas across nodes.
    pub topology_spread: bool,
    /// Scheduled tasks.
    pub tasks: Vec<Task>,
    /// Server time zone for schedules.
    pub time_zone: Option<String>,
    /// Domains (URLs) flagged noindex.
    pub noindex: Vec<String>,
    /// Ingress class.
    pub ingress_class: String,
    /// cert-manager cluster issuer.
    pub cluster_issuer: String,
    /// Storage class for claims.
    pub storage_class: Option<String>,
    /// Size of claims.
    pub storage_size: String,
    /// `imagePullSecrets`.
    pub image_pull_secrets: Vec<String>,
    /// The user's own labels (`custom_labels`, decoded) when they are what Coolify deploys
    /// (`is_container_label_readonly_enabled` off).
    pub custom_labels: Option<String>,
    /// Traefik middlewares added to every router of the domains, after Coolify's own (a compose
    /// service's `coolify.traefik.middlewares` label); `name@provider` names another provider's.
    pub middlewares: Vec<String>,
}
