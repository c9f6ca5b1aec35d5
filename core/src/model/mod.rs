//! What Coolify gives us: the application bundle, in Coolify's own field names.
//!
//! [`Bundle`] mirrors the REST API (`GET /api/v1/applications/{uuid}`, `/envs`, `/storages`) and
//! `Application::toArray()`. Every leaf is kept as written ([`Scalar`]); [`normalize`] applies
//! Coolify's defaults and turns it into the typed [`App`] that rendering reads — the one place
//! where defaults live.

mod app;
mod reader;
mod cron;
mod fields;
mod domains;
mod env;
pub(crate) mod hinted;
mod image;
pub mod interpolate;
mod placement;
mod runopts;
mod scalar;
mod types;

pub use app::{defaults, normalize};
pub use fields::file_config_map_name;
pub use types::{App, Autoscaling, BasicAuth, Gateway, Routing, Task, Domain, EnvEntry, EnvSource, FileMount, GpuRequest, HealthCheck, Probe, RunOptions, Storage, StorageKind};
pub use runopts::shell_split;
pub use scalar::{JsonObject, JsonOr, Scalar, StrList};

use crate::error::Errors;
use k8s_openapi::api::core::v1::{Affinity, Toleration};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A Coolify application bundle: what Coolify knows about one application and its server.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Bundle {
    /// The application (`GET /api/v1/applications/{uuid}`).
    pub application: Option<Application>,
    /// Environment variables, production and preview sets (`/envs`; also accepted as `envs`).
    #[serde(alias = "envs")]
    pub environment_variables: Option<Vec<EnvVar>>,
    /// Persistent storages (also accepted inside `storages`).
    pub persistent_storages: Option<Vec<PersistentStorage>>,
    /// File storages (also accepted inside `storages`).
    pub file_storages: Option<Vec<FileStorage>>,
    /// The `/storages` endpoint's shape: `{persistent_storages, file_storages}`.
    pub storages: Option<Storages>,
    /// The preview (pull request) to render instead of production.
    pub preview: Option<Preview>,
    /// The server (destination) and its settings.
    pub server: Option<Server>,
    /// The exact image reference to run (what the deploy job built and pushed).
    pub image: Option<Scalar>,
    /// The commit being deployed (for built images and `SOURCE_COMMIT`).
    pub commit: Option<Scalar>,
    /// Coolify's scheduled tasks of the application.
    pub scheduled_tasks: Option<Vec<ScheduledTask>>,
}

/// A ScheduledTask: a command run in the application's container on a cron schedule.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[allow(missing_docs)] // Coolify's own columns
pub struct ScheduledTask {
    pub name: Option<Scalar>,
    pub command: Option<Scalar>,
    pub frequency: Option<Scalar>,
    pub enabled: Option<Scalar>,
    pub timeout: Option<Scalar>,
    pub container: Option<Scalar>,
}

/// `kubernetes_autoscaling`: a HorizontalPodAutoscaler for the application.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct AutoscalingSettings {
    /// Turn it on.
    pub enabled: Option<Scalar>,
    /// Fewest replicas.
    pub min_replicas: Option<Scalar>,
    /// Most replicas.
    pub max_replicas: Option<Scalar>,
    /// Target average CPU utilisation, percent of the request.
    pub target_cpu_utilization: Option<Scalar>,
    /// Target average memory utilisation, percent of the request.
    pub target_memory_utilization: Option<Scalar>,
}

/// `{persistent_storages, file_storages}` as `/storages` returns them.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Storages {
    /// Named volumes and host paths.
    pub persistent_storages: Option<Vec<PersistentStorage>>,
    /// Files and directories.
    pub file_storages: Option<Vec<FileStorage>>,
}

/// The Application model's fields this crate reads. Unknown fields are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[allow(missing_docs)] // the fields are Coolify's own columns, documented in the README's mapping table
pub struct Application {
    pub id: Option<Scalar>,
    pub uuid: Option<Scalar>,
    pub name: Option<Scalar>,
    pub build_pack: Option<Scalar>,
    pub git_commit_sha: Option<Scalar>,
    pub git_branch: Option<Scalar>,
    pub docker_registry_image_name: Option<Scalar>,
    pub docker_registry_image_tag: Option<Scalar>,
    pub dockerfile: Option<Scalar>,
    pub fqdn: Option<Scalar>,
    /// The API's write-side name for `fqdn`.
    pub domains: Option<Scalar>,
    pub noindex_domains: Option<StrList>,
    pub ports_exposes: Option<Scalar>,
    pub ports_mappings: Option<Scalar>,
    pub custom_network_aliases: Option<StrList>,
    pub redirect: Option<Scalar>,
    pub preview_url_template: Option<Scalar>,
    pub is_http_basic_auth_enabled: Option<Scalar>,
    pub http_basic_auth_username: Option<Scalar>,
    pub http_basic_auth_password: Option<Scalar>,
    /// A bcrypt hash of the password computed earlier (skips hashing on every render).
    pub http_basic_auth_password_hash: Option<Scalar>,
    pub custom_labels: Option<Scalar>,
    pub custom_docker_run_options: Option<Scalar>,
    pub health_check_enabled: Option<Scalar>,
    pub health_check_type: Option<Scalar>,
    pub health_check_command: Option<Scalar>,
    pub health_check_path: Option<Scalar>,
    pub health_check_port: Option<Scalar>,
    pub health_check_host: Option<Scalar>,
    pub health_check_method: Option<Scalar>,
    pub health_check_scheme: Option<Scalar>,
    pub health_check_return_code: Option<Scalar>,
    pub health_check_response_text: Option<Scalar>,
    pub health_check_interval: Option<Scalar>,
    pub health_check_timeout: Option<Scalar>,
    pub health_check_retries: Option<Scalar>,
    pub health_check_start_period: Option<Scalar>,
    pub custom_healthcheck_found: Option<Scalar>,
    pub limits_memory: Option<Scalar>,
    pub limits_memory_swap: Option<Scalar>,
    pub limits_memory_swappiness: Option<Scalar>,
    pub limits_memory_reservation: Option<Scalar>,
    pub limits_cpus: Option<Scalar>,
    pub limits_cpuset: Option<Scalar>,
    pub limits_cpu_shares: Option<Scalar>,
    pub swarm_replicas: Option<Scalar>,
    pub swarm_placement_constraints: Option<Scalar>,
    pub destination_type: Option<Scalar>,
    pub pre_deployment_command: Option<Scalar>,
    pub pre_deployment_command_container: Option<Scalar>,
    pub post_deployment_command: Option<Scalar>,
    pub post_deployment_command_container: Option<Scalar>,
    pub kubernetes_replicas: Option<Scalar>,
    pub kubernetes_node_selector: Option<JsonObject<BTreeMap<String, Scalar>>>,
    pub kubernetes_tolerations: Option<JsonOr<Vec<Toleration>>>,
    pub kubernetes_affinity: Option<JsonObject<Affinity>>,
    pub kubernetes_pod_labels: Option<JsonObject<BTreeMap<String, Scalar>>>,
    pub kubernetes_service_annotations: Option<JsonObject<BTreeMap<String, Scalar>>>,
    pub kubernetes_service_type: Option<Scalar>,
    pub kubernetes_autoscaling: Option<JsonObject<AutoscalingSettings>>,
    pub kubernetes_pod_disruption_budget: Option<Scalar>,
    pub kubernetes_topology_spread: Option<Scalar>,
    pub settings: Option<Settings>,
}

/// ApplicationSetting fields this crate reads.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[allow(missing_docs)] // Coolify's own columns
pub struct Settings {
    pub is_static: Option<Scalar>,
    pub is_force_https_enabled: Option<Scalar>,
    pub is_gzip_enabled: Option<Scalar>,
    pub is_stripprefix_enabled: Option<Scalar>,
    pub is_consistent_container_name_enabled: Option<Scalar>,
    pub custom_internal_name: Option<Scalar>,
    pub is_container_label_readonly_enabled: Option<Scalar>,
    pub is_env_sorting_enabled: Option<Scalar>,
    pub is_gpu_enabled: Option<Scalar>,
    pub gpu_driver: Option<Scalar>,
    pub gpu_count: Option<Scalar>,
    pub gpu_device_ids: Option<Scalar>,
    pub gpu_options: Option<Scalar>,
    pub is_swarm_only_worker_nodes: Option<Scalar>,
    pub stop_grace_period: Option<Scalar>,
}

/// One environment variable (`/envs` item).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[allow(missing_docs)] // Coolify's own columns
pub struct EnvVar {
    pub key: Option<Scalar>,
    pub value: Option<Scalar>,
    pub real_value: Option<Scalar>,
    pub is_preview: Option<Scalar>,
    pub is_runtime: Option<Scalar>,
    pub is_literal: Option<Scalar>,
    pub is_multiline: Option<Scalar>,
    pub is_shown_once: Option<Scalar>,
}

/// A LocalPersistentVolume.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[allow(missing_docs)] // Coolify's own columns
pub struct PersistentStorage {
    pub name: Option<Scalar>,
    pub mount_path: Option<Scalar>,
    pub host_path: Option<Scalar>,
    pub is_preview_suffix_enabled: Option<Scalar>,
}

/// A LocalFileVolume.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[allow(missing_docs)] // Coolify's own columns
pub struct FileStorage {
    pub fs_path: Option<Scalar>,
    pub mount_path: Option<Scalar>,
    pub content: Option<Scalar>,
    pub is_directory: Option<Scalar>,
    pub chmod: Option<Scalar>,
    pub chown: Option<Scalar>,
}

/// An ApplicationPreview (one pull request).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[allow(missing_docs)] // Coolify's own columns
pub struct Preview {
    pub pull_request_id: Option<Scalar>,
    pub fqdn: Option<Scalar>,
    pub docker_registry_image_tag: Option<Scalar>,
}

/// The server the application runs on.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Server {
    /// ServerSetting, with the Kubernetes settings.
    pub settings: Option<ServerSettings>,
}

/// ServerSetting fields this crate reads, including the Kubernetes ones.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[allow(missing_docs)] // documented in the README's settings table
pub struct ServerSettings {
    pub kubernetes_namespace: Option<Scalar>,
    pub kubernetes_create_namespace: Option<Scalar>,
    pub kubernetes_ingress_class: Option<Scalar>,
    pub kubernetes_routing: Option<Scalar>,
    pub kubernetes_gateway_name: Option<Scalar>,
    pub kubernetes_gateway_namespace: Option<Scalar>,
    pub kubernetes_gateway_http_listener: Option<Scalar>,
    pub kubernetes_gateway_https_listener: Option<Scalar>,
    pub kubernetes_cluster_issuer: Option<Scalar>,
    pub kubernetes_storage_class: Option<Scalar>,
    pub kubernetes_storage_size: Option<Scalar>,
    pub kubernetes_image_pull_secrets: Option<StrList>,
    pub wildcard_domain: Option<Scalar>,
    pub server_timezone: Option<Scalar>,
}

impl Bundle {
    /// Reads a bundle from JSON text.
    pub fn from_json_str(text: &str) -> Result<Self, Errors> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            Errors::one("invalid_json", "", format!("the bundle is not valid JSON: {e}"))
        })?;
        Self::from_value(value)
    }

    /// Reads a bundle from YAML text, straight into the typed model (YAML `yes` stays the
    /// string `"yes"` wherever Coolify has a string).
    pub fn from_yaml_str(text: &str) -> Result<Self, Errors> {
        let mut path = String::new();
        let options = serde_saphyr::options! { with_snippet: false };
        let result = serde_saphyr::with_deserializer_from_str_with_options(text, options, |de| {
            let mut track = serde_path_to_error::Track::new();
            let out = Bundle::deserialize(serde_path_to_error::Deserializer::new(de, &mut track));
            if out.is_err() {
                path = canonical_path(&track.path().to_string());
            }
            out
        });
        result.map_err(|e| Errors::one("invalid_yaml", path, format!("the bundle is not valid YAML for this field: {e}")))
    }

    /// Reads a bundle from text, JSON or YAML (JSON when it starts with `{`).
    pub fn from_text(text: &str) -> Result<Self, Errors> {
        if text.trim_start().starts_with(['{', '[']) {
            Self::from_json_str(text)
        } else {
            Self::from_yaml_str(text)
        }
    }

    /// Reads a bundle from an already parsed value (what the language bindings pass).
    pub fn from_value(value: serde_json::Value) -> Result<Self, Errors> {
        if !value.is_object() {
            return Err(Errors::one("invalid_bundle", "", "the bundle must be an object with an `application` key"));
        }
        serde_path_to_error::deserialize(hinted::Hinted(value)).map_err(|e| {
            let path = canonical_path(&e.path().to_string());
            Errors::one("invalid_field", path, e.into_inner().to_string())
        })
    }
}

/// Input paths in canonical names: `envs[3]` → `environment_variables[3]`,
/// `storages.file_storages[0]` → `file_storages[0]`.
pub(crate) fn canonical_path(path: &str) -> String {
    let path = if path == "." { "" } else { path };
    if let Some(rest) = path.strip_prefix("envs") {
        return format!("environment_variables{rest}");
    }
    if let Some(rest) = path.strip_prefix("storages.") {
        return rest.to_owned();
    }
    path.to_owned()
}
