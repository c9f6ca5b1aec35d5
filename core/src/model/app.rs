//! The normalised application: Coolify's defaults applied, every field parsed and checked.
//! This is the one place where defaults live.

use super::domains;
use super::env::{self, Injected};
use super::image;
use super::runopts;
use super::scalar::{JsonObject, JsonOr, Scalar, StrList};
use super::{Application, Bundle, FileStorage, PersistentStorage, ServerSettings, Settings};
use crate::error::{Collector, Errors, Problem};
use crate::names;
use crate::quantity;
use crate::validate;
use k8s_openapi::api::core::v1::{Affinity, Toleration};
use std::collections::BTreeMap;

pub use super::domains::Domain;
pub use super::env::{EnvEntry, EnvSource};
pub use super::runopts::RunOptions;

/// Coolify's health-check defaults (`health_check_*` columns).
pub mod defaults {
    /// `health_check_interval`.
    pub const INTERVAL: i32 = 5;
    /// `health_check_timeout`.
    pub const TIMEOUT: i32 = 5;
    /// `health_check_retries`.
    pub const RETRIES: i32 = 10;
    /// `health_check_start_period`.
    pub const START_PERIOD: i32 = 5;
    /// `stop_grace_period` when unset or outside 1–3600.
    pub const STOP_GRACE_SECONDS: i64 = 30;
    /// Memory requested when a memory limit is set without `limits_memory_reservation`.
    pub const MEMORY_REQUEST_BYTES: u64 = 64 * 1024 * 1024;
    /// CPU requested (millicores) when a CPU limit is set.
    pub const CPU_REQUEST_MILLIS: u64 = 100;
    /// Size of a PersistentVolumeClaim (Docker volumes have none).
    pub const STORAGE_SIZE: &str = "10Gi";
    /// Time allowed for scheduling and pulling before the health check's own budget starts.
    pub const PROGRESS_MARGIN_SECONDS: i32 = 120;
    /// Kubernetes' own progress deadline, used without a health check.
    pub const PROGRESS_DEADLINE_SECONDS: i32 = 600;
    /// Namespace when the server names none.
    pub const NAMESPACE: &str = "default";
    /// Ingress class of K3s's bundled Traefik (routing flavour `traefik`).
    pub const INGRESS_CLASS: &str = "traefik";
    /// Ingress class for the plain `ingress` flavour.
    pub const PLAIN_INGRESS_CLASS: &str = "nginx";
    /// Gateway listener names.
    pub const GATEWAY_HTTP_LISTENER: &str = "http";
    /// Gateway listener for https.
    pub const GATEWAY_HTTPS_LISTENER: &str = "https";
    /// Seconds a scheduled task may run (`timeout` unset).
    pub const TASK_TIMEOUT_SECONDS: i64 = 3600;
    /// bcrypt cost Coolify uses for basic auth.
    pub const BCRYPT_COST: u32 = 10;
    /// cert-manager cluster issuer (Coolify's ACME resolver name).
    pub const CLUSTER_ISSUER: &str = "letsencrypt";
}

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
}

fn text(v: &Option<Scalar>) -> Option<&str> {
    v.as_ref().and_then(Scalar::text).map(str::trim).filter(|s| !s.is_empty())
}

fn raw_text(v: &Option<Scalar>) -> Option<&str> {
    v.as_ref().and_then(Scalar::text)
}

struct Reader<'a> {
    errors: &'a mut Collector,
    warnings: &'a mut Collector,
}

impl Reader<'_> {
    fn not_scalar(&mut self, v: &Option<Scalar>, path: &str) {
        if let Some(Scalar::Invalid(what)) = v {
            self.errors.push("invalid_field", path, format!("expected a string, a number or a boolean, found {what}"));
        }
    }

    fn flag(&mut self, v: &Option<Scalar>, path: &str, default: bool) -> bool {
        self.not_scalar(v, path);
        match raw_text(v).map(|t| t.trim().to_ascii_lowercase()) {
            None => default,
            Some(t) => match t.as_str() {
                "true" | "1" | "yes" | "on" => true,
                "false" | "0" | "no" | "off" | "" => false,
                _ => {
                    self.errors.push("invalid_boolean", path, format!("`{t}` is not a boolean (true/false, 1/0)"));
                    default
                }
            },
        }
    }

    fn int(&mut self, v: &Option<Scalar>, path: &str, min: i64, max: i64) -> Option<i64> {
        self.not_scalar(v, path);
        let t = text(v)?;
        let parsed = t.parse::<i64>().ok().or_else(|| t.parse::<f64>().ok().filter(|f| f.fract() == 0.0 && f.is_finite()).map(|f| f as i64));
        match parsed {
            Some(n) if (min..=max).contains(&n) => Some(n),
            Some(n) => {
                self.errors.push("out_of_range", path, format!("{n} is outside {min}–{max}"));
                None
            }
            None => {
                self.errors.push("invalid_number", path, format!("`{t}` is not a whole number"));
                None
            }
        }
    }

    fn json<T: serde::de::DeserializeOwned + Clone>(&mut self, v: &Option<JsonOr<T>>, path: &str) -> Option<T> {
        match v {
            None => None,
            Some(JsonOr::Value(t)) => Some(t.clone()),
            Some(JsonOr::Text(s)) if s.trim().is_empty() || s.trim() == "null" => None,
            Some(JsonOr::Text(s)) => {
                let parsed = serde_json::from_str::<serde_json::Value>(s)
                    .map_err(|e| e.to_string())
                    .and_then(|value| serde_path_to_error::deserialize::<_, T>(super::hinted::Hinted(value)).map_err(|e| {
                        let at = e.path().to_string();
                        if at == "." { e.into_inner().to_string() } else { format!("at {at}: {}", e.into_inner()) }
                    }));
                match parsed {
                    Ok(t) => Some(t),
                    Err(why) => {
                        self.errors.push("invalid_json_setting", path, format!("not valid JSON for this setting: {why}"));
                        None
                    }
                }
            }
        }
    }

    fn object<T: serde::de::DeserializeOwned + Clone>(&mut self, v: &Option<JsonObject<T>>, path: &str) -> Option<T> {
        let as_json_or = match v {
            None | Some(JsonObject::Empty) => return None,
            Some(JsonObject::Text(t)) if t.trim() == "[]" => return None,
            Some(JsonObject::Value(t)) => JsonOr::Value(t.clone()),
            Some(JsonObject::Text(t)) => JsonOr::Text(t.clone()),
        };
        self.json(&Some(as_json_or), path)
    }

    fn string_map(&mut self, v: &Option<JsonObject<BTreeMap<String, Scalar>>>, path: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        if let Some(map) = self.object(v, path) {
            for (k, val) in map {
                match val {
                    Scalar::Text(t) => {
                        out.insert(k, t);
                    }
                    Scalar::Invalid(what) => self.errors.push("invalid_field", format!("{path}.{k}"), format!("expected a string, found {what}")),
                }
            }
        }
        out
    }
}


const APP: &str = "application";

/// Applies Coolify's defaults and checks every field. Returns the application and the
/// warnings, or every problem found.
pub fn normalize(bundle: &Bundle) -> Result<(App, Vec<Problem>), Errors> {
    let mut errors = Collector::default();
    let mut warnings = Collector::default();
    let Some(app) = bundle.application.as_ref() else {
        return Err(Errors::one("missing_field", APP, "the bundle has no `application`"));
    };
    let empty_settings = Settings::default();
    let settings = app.settings.as_ref().unwrap_or(&empty_settings);
    let empty_server = ServerSettings::default();
    let server = bundle.server.as_ref().and_then(|s| s.settings.as_ref()).unwrap_or(&empty_server);
    let mut r = Reader { errors: &mut errors, warnings: &mut warnings };

    for (v, path) in [
        (&app.name, "application.name"), (&app.id, "application.id"), (&app.build_pack, "application.build_pack"),
        (&app.fqdn, "application.fqdn"), (&app.domains, "application.domains"), (&app.redirect, "application.redirect"),
        (&app.docker_registry_image_name, "application.docker_registry_image_name"), (&app.docker_registry_image_tag, "application.docker_registry_image_tag"),
        (&app.git_commit_sha, "application.git_commit_sha"), (&app.git_branch, "application.git_branch"), (&app.dockerfile, "application.dockerfile"),
        (&app.preview_url_template, "application.preview_url_template"), (&app.custom_docker_run_options, "application.custom_docker_run_options"),
        (&app.custom_labels, "application.custom_labels"), (&app.health_check_type, "application.health_check_type"),
        (&app.health_check_command, "application.health_check_command"), (&app.health_check_path, "application.health_check_path"),
        (&app.health_check_port, "application.health_check_port"), (&app.health_check_host, "application.health_check_host"),
        (&app.health_check_method, "application.health_check_method"), (&app.health_check_scheme, "application.health_check_scheme"),
        (&app.http_basic_auth_username, "application.http_basic_auth_username"), (&app.http_basic_auth_password, "application.http_basic_auth_password"),
        (&app.http_basic_auth_password_hash, "application.http_basic_auth_password_hash"),
        (&app.limits_cpuset, "application.limits_cpuset"), (&app.swarm_placement_constraints, "application.swarm_placement_constraints"),
        (&app.kubernetes_service_type, "application.kubernetes_service_type"), (&app.destination_type, "application.destination_type"),
        (&bundle.image, "image"), (&bundle.commit, "commit"),
    ] {
        r.not_scalar(v, path);
    }

    // Identity.
    r.not_scalar(&app.uuid, "application.uuid");
    let uuid = match text(&app.uuid) {
        Some(u) => u.to_owned(),
        None => {
            r.errors.push("missing_field", "application.uuid", "the application has no uuid");
            "x".to_owned()
        }
    };
    let name = text(&app.name).unwrap_or(&uuid).to_owned();
    let application_id = text(&app.id).map(str::to_owned);
    let pull_request_id = match &bundle.preview {
        Some(p) => r.int(&p.pull_request_id, "preview.pull_request_id", 0, i64::from(u32::MAX)).unwrap_or(0) as u64,
        None => 0,
    };
    let preview = pull_request_id > 0;
    let base_name = if preview { names::dns_label(&format!("{uuid}-pr-{pull_request_id}"), 63) } else { names::dns_label(&uuid, 63) };

    // Server settings.
    let namespace = text(&server.kubernetes_namespace).unwrap_or(defaults::NAMESPACE).to_owned();
    if !names::is_dns_label(&namespace) {
        r.errors.push("invalid_namespace", "server.settings.kubernetes_namespace", format!("`{namespace}` is not a namespace name (lowercase letters, digits and `-`, at most 63)"));
    }
    let create_namespace = r.flag(&server.kubernetes_create_namespace, "server.settings.kubernetes_create_namespace", false);
    let routing = match text(&server.kubernetes_routing).unwrap_or("traefik") {
        "traefik" => Routing::Traefik,
        "ingress" => Routing::Ingress,
        "gateway" => match text(&server.kubernetes_gateway_name) {
            Some(name) => Routing::Gateway(Gateway {
                name: name.to_owned(),
                namespace: text(&server.kubernetes_gateway_namespace).unwrap_or(&namespace).to_owned(),
                http_listener: text(&server.kubernetes_gateway_http_listener).unwrap_or(defaults::GATEWAY_HTTP_LISTENER).to_owned(),
                https_listener: text(&server.kubernetes_gateway_https_listener).unwrap_or(defaults::GATEWAY_HTTPS_LISTENER).to_owned(),
            }),
            None => {
                r.errors.push("missing_field", "server.settings.kubernetes_gateway_name", "the `gateway` routing flavour needs the name of the Gateway to attach routes to");
                Routing::Ingress
            }
        },
        other => {
            r.errors.push("invalid_field", "server.settings.kubernetes_routing", format!("`{other}` is not one of traefik, gateway, ingress"));
            Routing::Traefik
        }
    };
    let default_class = if routing == Routing::Ingress { defaults::PLAIN_INGRESS_CLASS } else { defaults::INGRESS_CLASS };
    let ingress_class = text(&server.kubernetes_ingress_class).unwrap_or(default_class).to_owned();
    let cluster_issuer = text(&server.kubernetes_cluster_issuer).unwrap_or(defaults::CLUSTER_ISSUER).to_owned();
    let storage_class = text(&server.kubernetes_storage_class).map(str::to_owned);
    let storage_size = match text(&server.kubernetes_storage_size) {
        Some(s) => match quantity::docker_bytes(s) {
            Ok(Some(b)) => quantity::bytes_quantity(b),
            _ => {
                r.errors.push("invalid_quantity", "server.settings.kubernetes_storage_size", format!("`{s}` is not a size (e.g. `10g` or `10Gi`)"));
                defaults::STORAGE_SIZE.to_owned()
            }
        },
        None => defaults::STORAGE_SIZE.to_owned(),
    };
    let image_pull_secrets = str_list(&mut r, &server.kubernetes_image_pull_secrets, "server.settings.kubernetes_image_pull_secrets");

    // Image.
    let commit = text(&bundle.commit).or(text(&app.git_commit_sha)).unwrap_or("HEAD").to_owned();
    let image = compute_image(&mut r, bundle, app, &uuid, &commit, pull_request_id);

    // Ports.
    let is_static = r.flag(&settings.is_static, "application.settings.is_static", false);
    let mut ports = if is_static { vec![80] } else { port_list(&mut r, &app.ports_exposes, "application.ports_exposes") };
    let port_mappings = if preview { Vec::new() } else { mappings(&mut r, &app.ports_mappings) };

    // Domains.
    let fqdn_source = text(&app.fqdn).or(text(&app.domains));
    let mut domains = Vec::new();
    if let Some(fqdn) = fqdn_source {
        for (i, entry) in domains::split_list(fqdn).into_iter().enumerate() {
            match domains::parse_domain(i, entry) {
                Ok(d) => domains.push(d),
                Err(why) => r.errors.push("invalid_domain", format!("application.fqdn[{i}]"), why),
            }
        }
    }
    let mut fqdn_text = fqdn_source.map(|f| domains::split_list(f).join(","));
    if preview {
        let pr = bundle.preview.as_ref();
        let given = pr.and_then(|p| text(&p.fqdn));
        let template = text(&app.preview_url_template).unwrap_or("{{pr_id}}.{{domain}}");
        let preview_domain = match (given, domains.first()) {
            (Some(f), _) => match domains::parse_domain(0, domains::split_list(f).first().copied().unwrap_or(f)) {
                Ok(d) => Some(d),
                Err(why) => {
                    r.errors.push("invalid_domain", "preview.fqdn", why);
                    None
                }
            },
            (None, Some(first)) => {
                let random = names::short_hash(&format!("{uuid}/{pull_request_id}"), 24);
                if template.contains("{{random}}") {
                    r.warnings.push(
                        "preview_host_derived",
                        "application.preview_url_template",
                        "the template uses {{random}}, which Coolify draws once and stores in the preview's fqdn; send `preview.fqdn` to keep the same host (a stable value derived from the uuid and pull request is used)",
                    );
                }
                let host = template.replace("{{pr_id}}", &pull_request_id.to_string()).replace("{{domain}}", &first.host).replace("{{random}}", &random);
                let port = first.port.map(|p| format!(":{p}")).unwrap_or_default();
                let path = if first.path == "/" { String::new() } else { first.path.clone() };
                let url = format!("{}://{host}{port}{path}", if first.https { "https" } else { "http" });
                match domains::parse_domain(0, &url) {
                    Ok(d) => Some(d),
                    Err(why) => {
                        r.errors.push("invalid_domain", "application.preview_url_template", why);
                        None
                    }
                }
            }
            (None, None) => None,
        };
        fqdn_text = preview_domain.as_ref().map(|d| d.url.clone());
        domains = preview_domain.into_iter().collect();
    }
    for d in &domains {
        if let Some(p) = d.port {
            if !ports.contains(&p) {
                // Under Docker the proxy reaches any container port; the Service must list it.
                ports.push(p);
            }
        } else if ports.is_empty() {
            r.errors.push("missing_port", "application.ports_exposes", format!("`{}` names no port and the application exposes none: set `ports_exposes` or a port in the domain", d.url));
        }
    }
    for (_, container) in &port_mappings {
        if !ports.contains(container) {
            ports.push(*container);
        }
    }

    // Routing settings (rendered by the routing objects).
    let force_https = r.flag(&settings.is_force_https_enabled, "application.settings.is_force_https_enabled", true);
    let gzip = r.flag(&settings.is_gzip_enabled, "application.settings.is_gzip_enabled", true);
    let strip_prefix = r.flag(&settings.is_stripprefix_enabled, "application.settings.is_stripprefix_enabled", true);
    let redirect = text(&app.redirect).unwrap_or("both").to_owned();
    if !matches!(redirect.as_str(), "www" | "non-www" | "both") {
        r.errors.push("invalid_field", "application.redirect", format!("`{redirect}` is not one of www, non-www, both"));
    }
    let basic_auth = if r.flag(&app.is_http_basic_auth_enabled, "application.is_http_basic_auth_enabled", false) {
        let hash = text(&app.http_basic_auth_password_hash).map(str::to_owned);
        if let Some(h) = &hash {
            let ok = h.len() == 60 && (h.starts_with("$2y$") || h.starts_with("$2a$") || h.starts_with("$2b$"));
            if !ok {
                r.errors.push("invalid_password_hash", "application.http_basic_auth_password_hash", "not a bcrypt hash (`$2y$10$` followed by 53 characters)");
            }
        }
        match (text(&app.http_basic_auth_username), raw_text(&app.http_basic_auth_password).filter(|p| !p.is_empty()).map(str::to_owned), hash) {
            (Some(u), password, hash) if password.is_some() || hash.is_some() => {
                if u.contains(':') {
                    r.errors.push("invalid_field", "application.http_basic_auth_username", "a basic-auth user name cannot contain `:`");
                }
                Some(BasicAuth { username: u.to_owned(), password: if hash.is_some() { None } else { password }, hash })
            }
            _ => {
                r.warnings.push("basic_auth_incomplete", "application.is_http_basic_auth_enabled", "basic auth is on but the username or password is empty; Coolify then adds no basic auth, and neither does this render");
                None
            }
        }
    } else {
        None
    };
    let noindex = match &app.noindex_domains {
        Some(list) => list.0.iter().filter_map(Scalar::text).map(str::to_owned).collect(),
        None => Vec::new(),
    };
    let custom_labels = if r.flag(&settings.is_container_label_readonly_enabled, "application.settings.is_container_label_readonly_enabled", true) {
        None
    } else {
        text(&app.custom_labels).map(decode_labels)
    };

    // Health check.
    let health = health_check(&mut r, app, &ports, is_static);

    // Resources.
    let (memory_limit, memory_request, cpu_limit, cpu_request) = resources(&mut r, app);

    // Run options (Coolify applies them to production only).
    let run = match text(&app.custom_docker_run_options) {
        Some(t) if !preview => runopts::parse(t, r.errors, r.warnings),
        _ => RunOptions::default(),
    };
    let gpu = gpu(&mut r, settings, &run);

    // Environment.
    let empty_vars = Vec::new();
    let vars = bundle.environment_variables.as_ref().unwrap_or(&empty_vars);
    let sort_by_key = r.flag(&settings.is_env_sorting_enabled, "application.settings.is_env_sorting_enabled", false);
    let mut first: Vec<(String, EnvSource)> = vec![("SOURCE_COMMIT".to_owned(), EnvSource::Value(commit.clone()))];
    if let Some(f) = &fqdn_text {
        let without: Vec<String> = domains.iter().map(Domain::without_scheme).collect();
        first.push(("COOLIFY_URL".to_owned(), EnvSource::Value(f.clone())));
        first.push(("COOLIFY_FQDN".to_owned(), EnvSource::Value(without.join(","))));
    }
    let build_pack = text(&app.build_pack).unwrap_or("");
    let branch = if build_pack == "dockerimage" { "" } else { text(&app.git_branch).unwrap_or("") };
    first.push(("COOLIFY_BRANCH".to_owned(), EnvSource::Value(branch.to_owned())));
    first.push(("COOLIFY_RESOURCE_UUID".to_owned(), EnvSource::Value(uuid.clone())));
    first.push(("COOLIFY_CONTAINER_NAME".to_owned(), EnvSource::PodName));
    let mut last = Vec::new();
    if let Some(p) = ports.first() {
        last.push(("PORT".to_owned(), p.to_string()));
    }
    last.push(("HOST".to_owned(), "0.0.0.0".to_owned()));
    let env = env::build(vars, preview, sort_by_key, Injected { first, last }, r.errors, r.warnings);

    // Storage.
    let (storages, files) = storage(&mut r, bundle, &base_name, preview, pull_request_id);

    // Aliases.
    let mut aliases = Vec::new();
    if let Some(list) = &app.custom_network_aliases {
        for (i, a) in list.0.iter().enumerate() {
            let path = format!("application.custom_network_aliases[{i}]");
            match a {
                Scalar::Text(t) => {
                    let alias = t.trim().replace(' ', "-");
                    if alias.is_empty() {
                        continue;
                    }
                    if alias == names::dns1035_label(&base_name, names::MAX_LABEL) {
                        r.errors.push("network_alias_collision", path, format!("`{alias}` is already the application's own Service name"));
                    } else if !names::is_dns1035_label(&alias) {
                        r.errors.push("invalid_network_alias", path, format!("`{alias}` cannot be a Service name: lowercase letters, digits and `-`, starting with a letter, at most 63"));
                    } else if !aliases.contains(&alias) {
                        aliases.push(alias);
                    }
                }
                Scalar::Invalid(what) => r.errors.push("invalid_network_alias", path, format!("expected a string, found {what}")),
            }
        }
    }
    let consistent = r.flag(&settings.is_consistent_container_name_enabled, "application.settings.is_consistent_container_name_enabled", false);
    let internal_name = text(&settings.custom_internal_name).map(str::to_owned);
    if let Some(n) = &internal_name {
        let n = if preview { format!("{n}-pr-{pull_request_id}") } else { n.clone() };
        if names::is_dns1035_label(&n) {
            if !aliases.contains(&n) {
                aliases.push(n);
            }
        } else {
            r.errors.push("invalid_network_alias", "application.settings.custom_internal_name", format!("`{n}` cannot be a Service name: lowercase letters, digits and `-`, starting with a letter, at most 63"));
        }
    }

    // Kubernetes settings.
    let replicas = if preview {
        1
    } else {
        let k = r.int(&app.kubernetes_replicas, "application.kubernetes_replicas", 0, 10_000);
        let s = if text(&app.kubernetes_replicas).is_none() { r.int(&app.swarm_replicas, "application.swarm_replicas", 0, 10_000) } else { None };
        k.or(s).unwrap_or(1) as i32
    };
    let mut node_selector = r.string_map(&app.kubernetes_node_selector, "application.kubernetes_node_selector");
    let tolerations = r.json(&app.kubernetes_tolerations, "application.kubernetes_tolerations").unwrap_or_default();
    let mut affinity = r.object(&app.kubernetes_affinity, "application.kubernetes_affinity");
    if node_selector.is_empty() && affinity.is_none() {
        let swarm_destination = text(&app.destination_type).is_some_and(|t| t.ends_with("SwarmDocker"));
        let worker_only = swarm_destination && r.flag(&settings.is_swarm_only_worker_nodes, "application.settings.is_swarm_only_worker_nodes", true);
        affinity = super::placement::translate(text(&app.swarm_placement_constraints), worker_only, &mut node_selector, r.errors, r.warnings);
    }
    let pod_labels = r.string_map(&app.kubernetes_pod_labels, "application.kubernetes_pod_labels");
    let service_annotations = r.string_map(&app.kubernetes_service_annotations, "application.kubernetes_service_annotations");
    for (map, field, values_are_labels) in [
        (&pod_labels, "application.kubernetes_pod_labels", true),
        (&node_selector, "application.kubernetes_node_selector", true),
        (&service_annotations, "application.kubernetes_service_annotations", false),
    ] {
        for (k, v) in map {
            let key_check = if values_are_labels { validate::is_qualified_name(k) } else { validate::is_annotation_key(k) };
            if let Err(why) = key_check {
                r.errors.push("invalid_label_key", format!("{field}.{k}"), format!("`{k}` is not a valid key: {why}"));
            }
            if values_are_labels {
                if let Err(why) = validate::is_label_value(v) {
                    r.errors.push("invalid_label_value", format!("{field}.{k}"), format!("`{v}` is not a valid label value: {why}"));
                }
            }
        }
    }
    let service_type = text(&app.kubernetes_service_type).unwrap_or("ClusterIP").to_owned();
    if !matches!(service_type.as_str(), "ClusterIP" | "NodePort" | "LoadBalancer") {
        r.errors.push("invalid_field", "application.kubernetes_service_type", format!("`{service_type}` is not one of ClusterIP, NodePort, LoadBalancer"));
    }
    if service_type == "NodePort" {
        for (host, _) in &port_mappings {
            if !(30000..=32767).contains(host) {
                r.errors.push("node_port_out_of_range", "application.ports_mappings", format!("host port {host} cannot be a NodePort: Kubernetes gives NodePorts from 30000–32767"));
            }
        }
    }
    let autoscaling = if preview { None } else { autoscaling(&mut r, app, memory_request, cpu_request) };
    let disruption_budget = r.flag(&app.kubernetes_pod_disruption_budget, "application.kubernetes_pod_disruption_budget", true);
    let topology_spread = r.flag(&app.kubernetes_topology_spread, "application.kubernetes_topology_spread", true);
    let tasks = if preview { Vec::new() } else { tasks(&mut r, bundle) };
    let time_zone = text(&server.server_timezone).map(str::to_owned);
    let stop_grace_seconds = match r.int(&settings.stop_grace_period, "application.settings.stop_grace_period", i64::MIN, i64::MAX) {
        Some(n) if (1..=3600).contains(&n) => n,
        Some(n) => {
            r.warnings.push("stop_grace_period_out_of_range", "application.settings.stop_grace_period", format!("{n} s is outside 1–3600; Coolify uses 30 s, and so does this render"));
            defaults::STOP_GRACE_SECONDS
        }
        None => defaults::STOP_GRACE_SECONDS,
    };

    // Rollout: Coolify stops the old container first in these cases.
    let mut recreate_reasons = Vec::new();
    if !port_mappings.is_empty() && service_type != "NodePort" {
        recreate_reasons.push("ports_mappings".to_owned());
    }
    if consistent {
        recreate_reasons.push("is_consistent_container_name_enabled".to_owned());
    }
    if internal_name.is_some() {
        recreate_reasons.push("custom_internal_name".to_owned());
    }
    if preview {
        recreate_reasons.push("preview".to_owned());
    }
    if run.fixed_ip {
        recreate_reasons.push("--ip".to_owned());
    }
    if storages.iter().any(|s| matches!(s.kind, StorageKind::Claim(_))) {
        recreate_reasons.push("persistent_storages".to_owned());
    }

    let unused = (text(&app.health_check_return_code).is_some_and(|c| c != "200"), text(&app.health_check_response_text).is_some());
    if health.is_some() && (unused.0 || unused.1) {
        r.warnings.push(
            "unused_health_check_field",
            "application.health_check_return_code",
            "Coolify's health check ignores the expected status code and response text (any status below 400 passes); so does the readiness probe",
        );
    }
    let _ = &r.warnings;

    if !errors.is_empty() {
        return Err(Errors::new(errors.into_vec()));
    }
    let app = App {
        uuid,
        base_name,
        name,
        application_id,
        pull_request_id,
        namespace,
        create_namespace,
        image,
        replicas,
        ports,
        port_mappings,
        domains,
        fqdn_text,
        env,
        health,
        memory_limit,
        memory_request,
        cpu_limit,
        cpu_request,
        gpu,
        storages,
        files,
        run,
        aliases,
        node_selector,
        tolerations,
        affinity,
        pod_labels,
        service_annotations,
        service_type,
        stop_grace_seconds,
        recreate_reasons,
        force_https,
        gzip,
        strip_prefix,
        redirect,
        basic_auth,
        routing,
        autoscaling,
        disruption_budget,
        topology_spread,
        tasks,
        time_zone,
        noindex,
        ingress_class,
        cluster_issuer,
        storage_class,
        storage_size,
        image_pull_secrets,
        custom_labels,
    };
    Ok((app, warnings.into_vec()))
}

/// Coolify stores `custom_labels` base64-encoded, except right after an API write, where it is
/// raw text (`Application::parseContainerLabels()` re-encodes it later): accept both.
fn decode_labels(text: &str) -> String {
    use base64::Engine;
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    match base64::engine::general_purpose::STANDARD.decode(compact.as_bytes()) {
        Ok(bytes) if base64::engine::general_purpose::STANDARD.encode(&bytes) == compact => String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned()),
        _ => text.to_owned(),
    }
}

fn str_list(r: &mut Reader<'_>, v: &Option<StrList>, path: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(list) = v {
        for (i, item) in list.0.iter().enumerate() {
            match item {
                Scalar::Text(t) => {
                    let t = t.trim();
                    if !t.is_empty() {
                        out.push(t.to_owned());
                    }
                }
                Scalar::Invalid(what) => r.errors.push("invalid_field", format!("{path}[{i}]"), format!("expected a string, found {what}")),
            }
        }
    }
    out
}

fn compute_image(r: &mut Reader<'_>, bundle: &Bundle, app: &Application, uuid: &str, commit: &str, pr: u64) -> String {
    let (image, path) = if let Some(given) = text(&bundle.image) {
        (given.to_owned(), "image")
    } else {
        let build_pack = text(&app.build_pack).unwrap_or("");
        let name = text(&app.docker_registry_image_name);
        let tag = text(&app.docker_registry_image_tag);
        if text(&app.dockerfile).is_some() && build_pack != "dockerimage" {
            (format!("{}:latest", name.unwrap_or(uuid)), "application.dockerfile")
        } else if build_pack == "dockerimage" {
            let Some(name) = name else {
                r.errors.push("missing_image", "application.docker_registry_image_name", "a Docker-image application needs `docker_registry_image_name` (or the bundle's `image`)");
                return String::new();
            };
            let preview_tag = bundle.preview.as_ref().and_then(|p| text(&p.docker_registry_image_tag)).filter(|_| pr > 0);
            (image::join_image(name, preview_tag.or(tag).unwrap_or("latest")), "application.docker_registry_image_name")
        } else {
            let commit: String = commit.chars().take(128).collect();
            let tag = if pr > 0 { format!("pr-{pr}-{commit}") } else { commit };
            if name.is_none() {
                r.warnings.push(
                    "image_not_in_registry",
                    "application.docker_registry_image_name",
                    format!("Coolify builds this application on the server and names the image `{uuid}:<commit>` without pushing it; a cluster can only pull it from a registry: set `docker_registry_image_name` or pass `image`"),
                );
            } else if tag.ends_with("HEAD") {
                r.warnings.push("image_tag_unresolved", "commit", "the image tag is the deployed commit, and the bundle says `HEAD`: pass `commit` or `image` from the deployment");
            }
            (format!("{}:{tag}", name.unwrap_or(uuid)), "application.docker_registry_image_name")
        }
    };
    if let Err(why) = image::check_reference(&image) {
        r.errors.push("invalid_image", path, why);
    }
    image
}

fn port_list(r: &mut Reader<'_>, v: &Option<Scalar>, path: &str) -> Vec<u16> {
    r.not_scalar(v, path);
    let mut out = Vec::new();
    if let Some(t) = text(v) {
        for (i, p) in domains::split_list(t).into_iter().enumerate() {
            match p.parse::<u32>() {
                Ok(n) if (1..=65535).contains(&n) => {
                    let n = n as u16;
                    if out.contains(&n) {
                        r.warnings.push("duplicate_port", format!("{path}[{i}]"), format!("port {n} is listed twice"));
                    } else {
                        out.push(n);
                    }
                }
                Ok(n) => r.errors.push("invalid_port", format!("{path}[{i}]"), format!("port {n} is outside 1–65535")),
                Err(_) => r.errors.push("invalid_port", format!("{path}[{i}]"), format!("`{p}` is not a port number")),
            }
        }
    }
    out
}

fn mappings(r: &mut Reader<'_>, v: &Option<Scalar>) -> Vec<(u16, u16)> {
    const PATH: &str = "application.ports_mappings";
    r.not_scalar(v, PATH);
    let mut out = Vec::new();
    let Some(t) = text(v) else { return out };
    for (i, entry) in domains::split_list(t).into_iter().enumerate() {
        let path = format!("{PATH}[{i}]");
        let Some((host, container)) = entry.split_once(':') else {
            r.errors.push("invalid_port_mapping", path, format!("`{entry}` is not `host:container`"));
            continue;
        };
        let parse = |s: &str| s.trim().parse::<u32>().ok().filter(|n| (1..=65535).contains(n)).map(|n| n as u16);
        match (parse(host), parse(container)) {
            (Some(h), Some(c)) => {
                if out.iter().any(|(oh, _)| *oh == h) {
                    r.errors.push("invalid_port_mapping", path, format!("host port {h} is mapped twice"));
                } else {
                    out.push((h, c));
                }
            }
            _ => r.errors.push("invalid_port", path, format!("`{entry}`: both ports must be numbers in 1–65535")),
        }
    }
    out
}

/// Coolify's value sanitising: an invalid value silently becomes the default.
fn sanitized<'a>(v: Option<&'a str>, ok: impl Fn(&str) -> bool, default: &'a str) -> &'a str {
    match v {
        Some(s) if ok(s) => s,
        _ => default,
    }
}

fn health_check(r: &mut Reader<'_>, app: &Application, ports: &[u16], is_static: bool) -> Option<HealthCheck> {
    let enabled = r.flag(&app.health_check_enabled, "application.health_check_enabled", false);
    let custom = r.flag(&app.custom_healthcheck_found, "application.custom_healthcheck_found", false);
    let interval = r.int(&app.health_check_interval, "application.health_check_interval", 0, 86_400).unwrap_or(i64::from(defaults::INTERVAL)) as i32;
    let timeout = r.int(&app.health_check_timeout, "application.health_check_timeout", 0, 86_400).unwrap_or(i64::from(defaults::TIMEOUT)) as i32;
    let retries = r.int(&app.health_check_retries, "application.health_check_retries", 0, 10_000).unwrap_or(i64::from(defaults::RETRIES)) as i32;
    let start_period = r.int(&app.health_check_start_period, "application.health_check_start_period", 0, 86_400).unwrap_or(i64::from(defaults::START_PERIOD)) as i32;
    if !enabled {
        return None;
    }
    if custom {
        r.warnings.push(
            "image_healthcheck_ignored",
            "application.custom_healthcheck_found",
            "the Dockerfile has its own HEALTHCHECK, which Docker runs and Kubernetes ignores; Coolify then emits no health check, so the pods get no readiness probe",
        );
        return None;
    }
    let kind = text(&app.health_check_type).unwrap_or("http");
    let mut command = None;
    if kind == "cmd" {
        let cmd = text(&app.health_check_command).map(|c| c.replace(['\n', '\r'], " "));
        match cmd {
            Some(c) if c.len() <= 1000 && c.chars().all(|ch| ch.is_ascii_alphanumeric() || " -_./:=@,+".contains(ch)) => command = Some(c),
            Some(_) => r.warnings.push(
                "health_check_command_rejected",
                "application.health_check_command",
                "Coolify accepts only letters, digits, spaces and - _ . / : = @ , + (at most 1000 characters) and falls back to the HTTP check; so does this render",
            ),
            None => r.warnings.push("health_check_command_missing", "application.health_check_command", "the command check has no command; Coolify falls back to the HTTP check, and so does this render"),
        }
    }
    let command = match command {
        Some(c) => c,
        None => {
            let port = if is_static { Some("80".to_owned()) } else { text(&app.health_check_port).map(str::to_owned).or_else(|| ports.first().map(u16::to_string)) };
            let Some(port) = port else {
                r.warnings.push("health_check_without_port", "application.health_check_port", "the HTTP health check has no port (no `health_check_port`, no `ports_exposes`); Coolify then runs no health check, and neither does this render");
                return None;
            };
            let method = sanitized(text(&app.health_check_method), |s| !s.is_empty() && s.chars().all(|c| c.is_ascii_uppercase()), "GET");
            let scheme = sanitized(text(&app.health_check_scheme), |s| s == "http" || s == "https", "http");
            let host = sanitized(text(&app.health_check_host), |s| s.chars().all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c)), "localhost");
            let path = sanitized(text(&app.health_check_path), |s| s.chars().all(|c| c.is_ascii_alphanumeric() || "/-_.~%,;".contains(c)), "/");
            let port = sanitized(Some(port.as_str()), |s| s.chars().all(|c| c.is_ascii_digit()), "80").to_owned();
            let url = format!("{scheme}://{host}:{port}{path}");
            format!("curl -s -X '{method}' -f '{url}' > /dev/null || wget -q -O- '{url}' > /dev/null || exit 1")
        }
    };
    let mut clamp = |v: i32, field: &str| {
        if v < 1 {
            r.warnings.push("health_check_clamped", format!("application.{field}"), format!("{v} is below Kubernetes' minimum of 1; 1 is used"));
            1
        } else {
            v
        }
    };
    let interval = clamp(interval, "health_check_interval");
    let timeout = clamp(timeout, "health_check_timeout");
    let retries = clamp(retries, "health_check_retries");
    Some(HealthCheck { probe: Probe::Shell(command), interval, timeout, retries, start_period })
}

fn resources(r: &mut Reader<'_>, app: &Application) -> (Option<u64>, Option<u64>, Option<u64>, Option<u64>) {
    let mut bytes = |v: &Option<Scalar>, field: &str| -> Option<u64> {
        let path = format!("application.{field}");
        r.not_scalar(v, &path);
        match text(v).map(quantity::docker_bytes) {
            None => None,
            Some(Ok(b)) => b,
            Some(Err(why)) => {
                r.errors.push("invalid_limit", path, why);
                None
            }
        }
    };
    let memory_limit = bytes(&app.limits_memory, "limits_memory");
    let reservation = bytes(&app.limits_memory_reservation, "limits_memory_reservation");
    let swap = bytes(&app.limits_memory_swap, "limits_memory_swap");
    r.not_scalar(&app.limits_cpus, "application.limits_cpus");
    let cpu_limit = match text(&app.limits_cpus).map(quantity::docker_millicpus) {
        None => None,
        Some(Ok(m)) => m,
        Some(Err(why)) => {
            r.errors.push("invalid_limit", "application.limits_cpus", why);
            None
        }
    };
    if let (Some(res), Some(lim)) = (reservation, memory_limit) {
        if res > lim {
            r.errors.push("invalid_limit", "application.limits_memory_reservation", "the reservation is larger than the memory limit; Kubernetes requires requests ≤ limits");
        }
    }
    let memory_request = reservation.or(memory_limit.map(|l| l.min(defaults::MEMORY_REQUEST_BYTES)));
    let cpu_request = cpu_limit.map(|l| l.min(defaults::CPU_REQUEST_MILLIS));
    if swap.is_some() {
        r.warnings.push("unsupported_limit", "application.limits_memory_swap", "Kubernetes has no per-container swap limit (node swap is configured on the kubelet); not mapped");
    }
    if let Some(s) = r.int(&app.limits_memory_swappiness, "application.limits_memory_swappiness", 0, 100) {
        if s != 60 {
            r.warnings.push("unsupported_limit", "application.limits_memory_swappiness", "Kubernetes has no per-container swappiness; not mapped");
        }
    }
    if text(&app.limits_cpuset).is_some() {
        r.warnings.push("unsupported_limit", "application.limits_cpuset", "Kubernetes pins CPUs only through the kubelet's static CPU manager (integer CPU requests equal to limits); not mapped");
    }
    if let Some(shares) = r.int(&app.limits_cpu_shares, "application.limits_cpu_shares", 0, 262_144) {
        if shares != 1024 {
            r.warnings.push("unsupported_limit", "application.limits_cpu_shares", "CPU shares are a relative weight; Kubernetes derives weights from CPU requests (set as a small default here); not mapped");
        }
    }
    (memory_limit, memory_request, cpu_limit, cpu_request)
}

fn gpu(r: &mut Reader<'_>, settings: &Settings, run: &RunOptions) -> Option<GpuRequest> {
    let enabled = r.flag(&settings.is_gpu_enabled, "application.settings.is_gpu_enabled", false);
    let (count_text, ids) = if enabled {
        (text(&settings.gpu_count).map(str::to_owned), text(&settings.gpu_device_ids).map(|s| domains::split_list(s).into_iter().map(str::to_owned).collect::<Vec<_>>()))
    } else if let Some(g) = &run.gpus {
        (g.as_ref().map(|ids| ids.len().to_string()).or(Some("all".to_owned())), g.clone())
    } else {
        return None;
    };
    let driver = text(&settings.gpu_driver).unwrap_or("nvidia");
    let resource = match driver {
        "nvidia" => "nvidia.com/gpu",
        "amd" => "amd.com/gpu",
        "intel" => "gpu.intel.com/i915",
        other => {
            r.warnings.push("unsupported_gpu_driver", "application.settings.gpu_driver", format!("no Kubernetes device-plugin resource is known for driver `{other}`; nvidia.com/gpu is requested"));
            "nvidia.com/gpu"
        }
    };
    let count = match (ids.as_ref().filter(|i| !i.is_empty()), count_text.as_deref()) {
        (Some(ids), _) => {
            r.warnings.push(
                "gpu_devices_not_selectable",
                "application.settings.gpu_device_ids",
                format!("Kubernetes cannot pick GPUs by device id; {} GPU(s) are requested and the device plugin chooses which", ids.len()),
            );
            ids.len() as u32
        }
        (None, Some("all")) | (None, None) => {
            r.warnings.push("gpu_count_all", "application.settings.gpu_count", "Kubernetes cannot request \"all\" GPUs; one GPU is requested (set a number)");
            1
        }
        (None, Some(n)) => match n.parse::<u32>() {
            Ok(n) if n > 0 => n,
            _ => {
                r.errors.push("invalid_number", "application.settings.gpu_count", format!("`{n}` is not `all` or a positive number"));
                1
            }
        },
    };
    if text(&settings.gpu_options).is_some() {
        r.warnings.push("unsupported_gpu_options", "application.settings.gpu_options", "driver options are set on the node's device plugin in Kubernetes; not mapped");
    }
    Some(GpuRequest { resource: resource.to_owned(), count })
}

/// The ConfigMap holding the content file mounted at `mount_path`.
pub fn file_config_map_name(base_name: &str, mount_path: &str) -> String {
    names::dns_label(&format!("{base_name}-file-{mount_path}"), 253)
}

fn storage(r: &mut Reader<'_>, bundle: &Bundle, base_name: &str, preview: bool, pr: u64) -> (Vec<Storage>, Vec<FileMount>) {
    let persistent: &[PersistentStorage] = bundle
        .persistent_storages
        .as_deref()
        .or_else(|| bundle.storages.as_ref().and_then(|s| s.persistent_storages.as_deref()))
        .unwrap_or(&[]);
    let file: &[FileStorage] = bundle.file_storages.as_deref().or_else(|| bundle.storages.as_ref().and_then(|s| s.file_storages.as_deref())).unwrap_or(&[]);
    let mut storages = Vec::new();
    let mut claim_sources: Vec<(String, String, usize)> = Vec::new();
    for (index, s) in persistent.iter().enumerate() {
        let path = format!("persistent_storages[{index}]");
        let Some(mount) = mount_path(r, &s.mount_path, &format!("{path}.mount_path")) else { continue };
        let suffix = preview && r.flag(&s.is_preview_suffix_enabled, &format!("{path}.is_preview_suffix_enabled"), true);
        let kind = if let Some(host) = text(&s.host_path) {
            if !host.starts_with('/') {
                r.errors.push("invalid_path", format!("{path}.host_path"), format!("`{host}` is not an absolute path"));
                continue;
            }
            r.warnings.push("host_path_node_local", format!("{path}.host_path"), format!("`{host}` is a directory on whichever node runs the pod; on a cluster of several nodes each node has its own"));
            let host = if suffix { format!("{host}-pr-{pr}") } else { host.to_owned() };
            StorageKind::HostPath(host)
        } else {
            let Some(name) = text(&s.name) else {
                r.errors.push("missing_field", format!("{path}.name"), "a volume without `host_path` needs a name");
                continue;
            };
            let name = if suffix { format!("{name}-pr-{pr}") } else { name.to_owned() };
            let claim = names::dns_label(&name, 253);
            if let Some(other) = claim_sources.iter().find(|(c, original, _)| *c == claim && *original != name) {
                r.errors.push(
                    "name_collision",
                    format!("{path}.name"),
                    format!("`{name}` and `{}` (persistent_storages[{}]) both become the claim name `{claim}`; rename one", other.1, other.2),
                );
                continue;
            }
            claim_sources.push((claim.clone(), name.clone(), index));
            StorageKind::Claim(claim)
        };
        storages.push(Storage { index, kind, mount_path: mount });
    }
    let mut files = Vec::new();
    for (index, f) in file.iter().enumerate() {
        let path = format!("file_storages[{index}]");
        let Some(mount) = mount_path(r, &f.mount_path, &format!("{path}.mount_path")) else { continue };
        let directory = r.flag(&f.is_directory, &format!("{path}.is_directory"), false);
        let content = raw_text(&f.content);
        if let Some(chown) = text(&f.chown) {
            r.warnings.push("unsupported_file_option", format!("{path}.chown"), format!("`chown {chown}`: Kubernetes mounts ConfigMap files owned by root (a pod fsGroup changes the group only); not mapped"));
        }
        match (directory, content) {
            (false, Some(content)) => {
                if content.len() > 1_000_000 {
                    r.errors.push("file_too_large", format!("{path}.content"), "a ConfigMap holds at most 1 MiB; this file is larger");
                    continue;
                }
                let mode = match text(&f.chmod) {
                    Some(m) => match i32::from_str_radix(m.trim_start_matches("0o"), 8) {
                        Ok(v) if (0..=0o777).contains(&v) => Some(v),
                        _ => {
                            r.errors.push("invalid_file_mode", format!("{path}.chmod"), format!("`{m}` is not an octal file mode such as 644"));
                            None
                        }
                    },
                    None => None,
                };
                let config_map = file_config_map_name(base_name, &mount);
                if let Some(FileMount::Content { index: i, mount_path: m, .. }) =
                    files.iter().find(|g| matches!(g, FileMount::Content { mount_path: m, .. } if file_config_map_name(base_name, m) == config_map))
                {
                    r.errors.push(
                        "name_collision",
                        format!("{path}.mount_path"),
                        format!("`{mount}` and `{m}` (file_storages[{i}]) both become the ConfigMap name `{config_map}`; rename one"),
                    );
                    continue;
                }
                files.push(FileMount::Content { index, mount_path: mount, content: content.to_owned(), mode });
            }
            _ => {
                let Some(host) = text(&f.fs_path) else {
                    r.errors.push("missing_field", format!("{path}.fs_path"), "a file storage without content needs `fs_path`");
                    continue;
                };
                if !host.starts_with('/') {
                    r.errors.push("invalid_path", format!("{path}.fs_path"), format!("`{host}` is not an absolute path"));
                    continue;
                }
                r.warnings.push(
                    "host_path_node_local",
                    format!("{path}.fs_path"),
                    format!("`{host}` is read from whichever node runs the pod; on a cluster of several nodes it must exist on each"),
                );
                files.push(FileMount::Host { index, host_path: host.to_owned(), mount_path: mount, directory });
            }
        }
    }
    (storages, files)
}

fn mount_path(r: &mut Reader<'_>, v: &Option<Scalar>, path: &str) -> Option<String> {
    r.not_scalar(v, path);
    let Some(m) = text(v) else {
        r.errors.push("missing_field", path, "the mount path is empty");
        return None;
    };
    // Coolify's setter: trim, leading `/`.
    let m = if m.starts_with('/') { m.to_owned() } else { format!("/{m}") };
    let m = if m.len() > 1 { m.trim_end_matches('/').to_owned() } else { m };
    if m.contains(':') || m.split('/').any(|seg| seg == "..") {
        r.errors.push("invalid_path", path, format!("`{m}` cannot be a mount path (no `:` and no `..`)"));
        return None;
    }
    Some(m)
}

fn autoscaling(r: &mut Reader<'_>, app: &Application, memory_request: Option<u64>, cpu_request: Option<u64>) -> Option<Autoscaling> {
    const PATH: &str = "application.kubernetes_autoscaling";
    let settings = r.object(&app.kubernetes_autoscaling, PATH)?;
    if !r.flag(&settings.enabled, &format!("{PATH}.enabled"), false) {
        return None;
    }
    let fixed = r.int(&app.kubernetes_replicas, "application.kubernetes_replicas", 0, 10_000);
    let min = r.int(&settings.min_replicas, &format!("{PATH}.min_replicas"), 1, 10_000).or(fixed.filter(|n| *n > 0)).unwrap_or(1) as i32;
    let Some(max) = r.int(&settings.max_replicas, &format!("{PATH}.max_replicas"), 1, 10_000).map(|n| n as i32) else {
        r.errors.push("missing_field", format!("{PATH}.max_replicas"), "autoscaling needs the most replicas it may run");
        return None;
    };
    if min > max {
        r.errors.push("autoscaling_min_above_max", format!("{PATH}.min_replicas"), format!("min_replicas ({min}) is above max_replicas ({max})"));
    }
    let mut target = |v: &Option<Scalar>, field: &str| -> Option<i32> {
        let path = format!("{PATH}.{field}");
        match r.int(v, &path, i64::MIN, i64::MAX) {
            Some(n) if (1..=1000).contains(&n) => Some(n as i32),
            Some(n) => {
                r.errors.push("invalid_target", path, format!("{n}% is not a utilisation target (1–1000)"));
                None
            }
            None => None,
        }
    };
    let cpu = target(&settings.target_cpu_utilization, "target_cpu_utilization");
    let memory = target(&settings.target_memory_utilization, "target_memory_utilization");
    if text(&settings.target_cpu_utilization).is_none() && text(&settings.target_memory_utilization).is_none() {
        r.errors.push("missing_field", format!("{PATH}.target_cpu_utilization"), "autoscaling needs a CPU or memory utilisation target");
    }
    // Utilisation is usage divided by the request: without one the autoscaler never scales.
    if cpu.is_some() && cpu_request.is_none() {
        r.errors.push(
            "autoscaling_needs_requests",
            "application.limits_cpus",
            "a CPU utilisation target is a percentage of the CPU request, and this application has none (limits_cpus is unlimited): set limits_cpus",
        );
    }
    if memory.is_some() && memory_request.is_none() {
        r.errors.push(
            "autoscaling_needs_requests",
            "application.limits_memory",
            "a memory utilisation target is a percentage of the memory request, and this application has none: set limits_memory or limits_memory_reservation",
        );
    }
    Some(Autoscaling { min, max, cpu, memory })
}

fn tasks(r: &mut Reader<'_>, bundle: &Bundle) -> Vec<Task> {
    let mut out: Vec<Task> = Vec::new();
    for (index, t) in bundle.scheduled_tasks.iter().flatten().enumerate() {
        let path = format!("scheduled_tasks[{index}]");
        for (v, field) in [(&t.name, "name"), (&t.command, "command"), (&t.frequency, "frequency")] {
            r.not_scalar(v, &format!("{path}.{field}"));
            if text(v).is_none() {
                r.errors.push("missing_field", format!("{path}.{field}"), format!("a scheduled task needs a {field}"));
            }
        }
        let (Some(name), Some(command), Some(frequency)) = (text(&t.name), text(&t.command), text(&t.frequency)) else { continue };
        let schedule = match super::cron::schedule(frequency) {
            Ok(s) => s,
            Err(why) => {
                r.errors.push("invalid_cron", format!("{path}.frequency"), why);
                continue;
            }
        };
        let enabled = r.flag(&t.enabled, &format!("{path}.enabled"), true);
        let timeout = r.int(&t.timeout, &format!("{path}.timeout"), 1, 86_400 * 7).unwrap_or(defaults::TASK_TIMEOUT_SECONDS);
        if text(&t.container).is_some() {
            r.warnings.push("task_container_ignored", format!("{path}.container"), "an application has one container; the task runs with its image");
        }
        out.push(Task { index, name: name.to_owned(), schedule, command: command.replace(['\n', '\r'], " "), enabled, timeout });
    }
    out
}
