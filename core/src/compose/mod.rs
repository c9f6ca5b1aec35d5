//! Compose: a docker-compose file plus Coolify's context → Kubernetes objects.
//!
//! Coolify runs compose applications (the `dockercompose` build pack) and its one-click services
//! as compose files with a few extensions (`exclude_from_hc`, volume `content:` and
//! `is_directory`, magic `SERVICE_*` variables). [`render_compose`] translates one such file:
//!
//! - each compose service becomes a workload named `<service>-<uuid>` (as Coolify names the
//!   container): a Job when it is one-shot, a StatefulSet when it owns a named volume, else a
//!   Deployment (the rules: [`workload`]); its environment a Secret; Services named
//!   `<service>-<uuid>`, `<service>` (so services reach each other by their compose names, as on a
//!   compose network) and one per network alias;
//! - named volumes become PersistentVolumeClaims, bind mounts host paths (relative ones under
//!   Coolify's service directory `/data/coolify/services/<uuid>/`), files with `content:`
//!   ConfigMaps, `tmpfs` memory-backed emptyDirs; `secrets` and `configs` Secrets and ConfigMaps
//!   mounted as single files;
//! - domains from `docker_compose_domains` are routed like an application's `fqdn`, with the
//!   middlewares of `coolify.traefik.middlewares`;
//! - `${VAR}` takes values from the caller's `variables` and Coolify's magic variables only,
//!   never from the environment of the machine converting.
//!
//! Every key that is not translated is a warning naming its path (`services.db.ulimits`).
//! `depends_on` with `condition: service_healthy` adds an init container that waits until the
//! dependency's Service accepts connections (which, with the readiness probe made from its
//! health check, means it is healthy).

mod depends;
mod env;
mod file;
mod files;
mod network;
mod routes;
mod service;
mod settings;
mod text;
mod vars;
mod volumes;
pub mod workload;

use crate::error::{Collector, Errors, Problem};
use crate::model::{self, Bundle, JsonOr, Scalar, Server};
use crate::names;
use crate::objects::{self, Object};
use crate::render::Rendered;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

pub use files::CONTENT_KEY;
pub use vars::{derive_bytes, supabase_key, SUPABASE_EXPIRES_AT, SUPABASE_ISSUED_AT};
pub use workload::{JOB_BACKOFF_LIMIT, WORKLOAD_LABEL};

/// Grace period (seconds) when `stop_grace_period` is unset: Docker Compose's default.
pub const STOP_GRACE_SECONDS: i64 = 10;
/// Image of the init container that waits for a healthy dependency.
pub const WAIT_IMAGE: &str = "busybox:1.36";
/// Where Coolify keeps a compose resource's relative bind mounts (`./data` →
/// `/data/coolify/services/<uuid>/data`).
pub const SERVICES_DIR: &str = "/data/coolify/services";

/// What [`render_compose`] reads: the compose file and Coolify's context for it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ComposeInput {
    /// The compose file's text (YAML).
    pub compose: Option<Scalar>,
    /// The resource's uuid: object names are `<service>-<uuid>`. Without it, the service names.
    pub uuid: Option<Scalar>,
    /// The resource's name (label `app.kubernetes.io/part-of`).
    pub name: Option<Scalar>,
    /// Namespace; else the server's `kubernetes_namespace`; else `default`.
    pub namespace: Option<Scalar>,
    /// Values for `${VAR}` (Coolify's stored environment variables, magic ones included).
    pub variables: Option<BTreeMap<String, Option<Scalar>>>,
    /// Seed from which missing `SERVICE_PASSWORD_*`, `SERVICE_USER_*`, ... are derived.
    pub seed: Option<Scalar>,
    /// Domains per service, as Coolify stores them: `{"web": {"domain": "https://a,https://b"}}`
    /// (an object or its JSON text).
    pub docker_compose_domains: Option<JsonOr<BTreeMap<String, ServiceDomain>>>,
    /// Contents of the files named by `env_file`, by the path written in the compose file.
    pub env_files: Option<BTreeMap<String, Scalar>>,
    /// Contents of the files named by top-level `secrets.*.file` and `configs.*.file`, by the
    /// path written in the compose file.
    pub files: Option<BTreeMap<String, Scalar>>,
    /// The server, as in an application bundle (namespace, routing, storage class, ...).
    pub server: Option<Server>,
}

/// One service's entry in `docker_compose_domains`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct ServiceDomain {
    /// Comma-separated URLs.
    pub domain: Option<Scalar>,
}

impl ComposeInput {
    /// Reads the context from JSON or YAML text (JSON is read as YAML, with the same string
    /// hints: `yes` stays a string).
    pub fn from_text(text: &str) -> Result<Self, Errors> {
        let mut path = String::new();
        let options = serde_saphyr::options! { with_snippet: false };
        let result = serde_saphyr::with_deserializer_from_str_with_options(text, options, |de| {
            let mut track = serde_path_to_error::Track::new();
            let out = ComposeInput::deserialize(serde_path_to_error::Deserializer::new(de, &mut track));
            if out.is_err() {
                path = track.path().to_string();
            }
            out
        });
        result.map_err(|e| Errors::one("invalid_input", if path == "." { String::new() } else { path }, format!("the compose context cannot be read: {e}")))
    }

    /// Reads the context from an already parsed value (what the language bindings pass).
    /// Numbers and booleans are taken as the strings they spell, as in a bundle.
    pub fn from_value(value: serde_json::Value) -> Result<Self, Errors> {
        if !value.is_object() {
            return Err(Errors::one("invalid_input", "", "the compose context must be an object (with `compose`, the compose file's text)"));
        }
        serde_path_to_error::deserialize(crate::model::hinted::Hinted(value)).map_err(|e| {
            let path = e.path().to_string();
            Errors::one("invalid_input", if path == "." { String::new() } else { path }, format!("the compose context cannot be read: {}", e.into_inner()))
        })
    }
}

/// A named volume: claim name, external, services mounting it.
pub(crate) type Claim = (String, bool, Vec<String>);

/// What every service translation shares.
pub(crate) struct Ctx<'a> {
    /// The resource uuid ("" when none).
    pub(crate) uuid: String,
    /// The resource name.
    pub(crate) name: String,
    /// Defaults read from the server settings through the application model.
    pub(crate) base: model::App,
    /// The server, for the routing of each service's domains.
    pub(crate) base_server: Option<Server>,
    /// Variables.
    pub(crate) vars: vars::Vars<'a>,
    /// `env_file` contents.
    pub(crate) env_files: BTreeMap<String, String>,
    /// `secrets` / `configs` file contents.
    pub(crate) files: BTreeMap<String, String>,
    /// Services another service waits for with `service_completed_successfully`.
    pub(crate) awaited: BTreeSet<String>,
    /// Services mounting a named volume no other service mounts.
    pub(crate) own_volume: BTreeSet<String>,
    /// The top-level secrets.
    pub(crate) secrets: files::Entries,
    /// The top-level configs.
    pub(crate) configs: files::Entries,
    /// Problems.
    pub(crate) errors: Collector,
    /// Warnings.
    pub(crate) warnings: Collector,
    /// Named volumes: name → (claim name, external, services using it).
    pub(crate) claims: BTreeMap<String, Claim>,
}

impl Ctx<'_> {
    /// Interpolates one value.
    pub(crate) fn x(&mut self, text: &str, path: &str) -> String {
        self.vars.expand(text, path, &mut self.errors, &mut self.warnings)
    }

    /// Warns about each key in `extra` under `path`; `x-` extension keys are skipped.
    pub(crate) fn untranslated(&mut self, path: &str, extra: &[String]) {
        for key in extra {
            if key.starts_with("x-") {
                continue;
            }
            let full = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            self.warnings.push("untranslated_key", full, format!("`{key}` is not translated to Kubernetes"));
        }
    }

    /// The object name of a compose service: `<service>-<uuid>`, sanitised.
    pub(crate) fn object_name(&self, service: &str) -> String {
        if self.uuid.is_empty() {
            names::dns_label(service, names::MAX_LABEL)
        } else {
            names::dns_label(&format!("{service}-{}", self.uuid), names::MAX_LABEL)
        }
    }
}

fn text(v: &Option<Scalar>) -> Option<String> {
    v.as_ref().and_then(Scalar::text).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// The base application model for the server settings: namespace, routing flavour, ingress
/// class, storage class and size come from the one place that holds their defaults.
fn base_app(input: &ComposeInput, uuid: &str, name: &str) -> Result<model::App, Errors> {
    let bundle = Bundle {
        application: Some(model::Application {
            uuid: Some(Scalar::from(if uuid.is_empty() { "compose" } else { uuid })),
            name: Some(Scalar::from(if name.is_empty() { "compose" } else { name })),
            build_pack: Some(Scalar::from("dockerimage")),
            docker_registry_image_name: Some(Scalar::from("compose")),
            ..Default::default()
        }),
        server: input.server.clone(),
        ..Default::default()
    };
    let (app, _) = model::normalize(&bundle)?;
    Ok(app)
}

fn domains(input: &ComposeInput, errors: &mut Collector) -> BTreeMap<String, String> {
    let map = match &input.docker_compose_domains {
        None => return BTreeMap::new(),
        Some(JsonOr::Value(m)) => m.clone(),
        Some(JsonOr::Text(t)) if t.trim().is_empty() => return BTreeMap::new(),
        Some(JsonOr::Text(t)) => match serde_json::from_str::<BTreeMap<String, ServiceDomain>>(t) {
            Ok(m) => m,
            Err(e) => {
                errors.push("invalid_json", "docker_compose_domains", format!("not valid JSON of the form {{\"service\": {{\"domain\": \"https://...\"}}}}: {e}"));
                return BTreeMap::new();
            }
        },
    };
    map.into_iter().filter_map(|(k, v)| text(&v.domain).map(|d| (k, d))).collect()
}

/// Renders a compose file with Coolify's context as Kubernetes objects. Every problem is
/// returned at once; an object Kubernetes would reject is never returned.
pub fn render_compose(input: &ComposeInput) -> Result<Rendered, Errors> {
    let Some(compose_text) = input.compose.as_ref().and_then(Scalar::text) else {
        return Err(Errors::one("missing_field", "compose", "the compose file's text is required"));
    };
    let compose = file::parse(compose_text).map_err(|(path, message)| {
        let path = if path.is_empty() { "compose".to_owned() } else { format!("compose.{path}") };
        Errors::one("invalid_compose", path, message)
    })?;
    let uuid = text(&input.uuid).unwrap_or_default();
    let name = text(&input.name).unwrap_or_else(|| uuid.clone());
    let mut base = base_app(input, &uuid, &name)?;
    if let Some(ns) = text(&input.namespace) {
        base.namespace = ns;
    }
    let mut errors = Collector::default();
    let domain_text = domains(input, &mut errors);
    let given: BTreeMap<String, String> = input
        .variables
        .iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.as_ref().and_then(Scalar::text).unwrap_or("").to_owned()))
        .collect();
    let services = compose.services.clone().unwrap_or_default();
    let first_domains = domain_text.iter().filter_map(|(s, d)| d.split(',').map(str::trim).find(|u| !u.is_empty()).map(|u| (s.clone(), u.to_owned()))).collect();
    let mut ctx = Ctx {
        uuid: uuid.clone(),
        name,
        vars: vars::Vars {
            given: &given,
            seed: input.seed.as_ref().and_then(Scalar::text),
            uuid: &uuid,
            services: services.keys().cloned().collect(),
            domains: first_domains,
            wildcard: wildcard(input),
            derived: BTreeMap::new(),
            missing: BTreeMap::new(),
        },
        env_files: input.env_files.iter().flatten().map(|(k, v)| (k.clone(), v.text().unwrap_or("").to_owned())).collect(),
        files: input.files.iter().flatten().map(|(k, v)| (k.clone(), v.text().unwrap_or("").to_owned())).collect(),
        awaited: awaited(&services),
        own_volume: own_volume(&services, compose.volumes.as_ref()),
        secrets: files::Entries::new(),
        configs: files::Entries::new(),
        base,
        base_server: input.server.clone(),
        errors,
        warnings: Collector::default(),
        claims: BTreeMap::new(),
    };
    if uuid.is_empty() {
        ctx.warnings.push("no_uuid", "uuid", "no uuid given: objects are named after the compose services alone");
    }
    for domain_service in domain_text.keys() {
        if !services.contains_key(domain_service) {
            ctx.errors.push("unknown_service", format!("docker_compose_domains.{domain_service}"), format!("there is no service `{domain_service}` in the compose file"));
        }
    }
    ctx.untranslated("", &compose.extra.iter().filter(|k| *k != "version" && *k != "name").cloned().collect::<Vec<_>>());
    if services.is_empty() {
        ctx.errors.push("no_services", "compose.services", "the compose file defines no services");
    }
    for (net, config) in compose.networks.iter().flatten() {
        if let Some(c) = config {
            ctx.untranslated(&format!("networks.{net}"), &c.extra);
            if c.name.is_some() {
                ctx.warnings.push("untranslated_key", format!("networks.{net}.name"), "pods share one flat network; network names are not translated");
            }
        }
    }
    for (vol, config) in compose.volumes.iter().flatten() {
        let claim = names::dns_label(&if uuid.is_empty() { vol.clone() } else { format!("{uuid}-{vol}") }, 253);
        let mut entry = (claim, false, Vec::new());
        if let Some(c) = config {
            ctx.untranslated(&format!("volumes.{vol}"), &c.extra);
            let external = c.external.as_ref().and_then(Scalar::text).is_some_and(|t| t == "true");
            if let Some(n) = text(&c.name) {
                entry.0 = names::dns_label(&n, 253);
            }
            if external {
                entry.1 = true;
                ctx.warnings.push("external_volume", format!("volumes.{vol}.external"), format!("the claim `{}` must already exist in the namespace", entry.0));
            }
        }
        ctx.claims.insert(vol.clone(), entry);
    }

    ctx.secrets = files::resolve(&mut ctx, files::Which::Secrets, compose.secrets.as_ref());
    ctx.configs = files::resolve(&mut ctx, files::Which::Configs, compose.configs.as_ref());

    let mut manifests: Vec<Object> = Vec::new();
    let mut service_names: BTreeMap<String, String> = BTreeMap::new();
    let mut object_names: BTreeMap<String, String> = BTreeMap::new();
    for (svc_name, svc) in &services {
        let path = format!("services.{svc_name}");
        let object = ctx.object_name(svc_name);
        if let Some(other) = object_names.insert(object.clone(), svc_name.clone()) {
            ctx.errors.push("name_collision", path.clone(), format!("`{svc_name}` and `{other}` both give the object name `{object}`"));
        }
        let out = service::translate(&mut ctx, svc_name, svc, &services, domain_text.get(svc_name).map(String::as_str));
        for s in &out.service_names {
            if let Some(other) = service_names.insert(s.clone(), svc_name.clone()) {
                if other != *svc_name {
                    ctx.errors.push("name_collision", path.clone(), format!("the Service name `{s}` is used by `{other}` too"));
                }
            }
        }
        manifests.extend(out.objects);
    }
    manifests.extend(volumes::claims(&mut ctx));
    manifests.extend(files::objects(&ctx, files::Which::Secrets, &ctx.secrets));
    manifests.extend(files::objects(&ctx, files::Which::Configs, &ctx.configs));
    for (_, (path, message)) in std::mem::take(&mut ctx.vars.missing) {
        ctx.errors.push("missing_variable", path, message);
    }
    if !ctx.errors.is_empty() {
        return Err(Errors::new(ctx.errors.into_vec()));
    }
    objects::sort(&mut manifests);
    let invalid = crate::validate::validate_objects(&manifests);
    if !invalid.is_empty() {
        return Err(Errors::new(invalid));
    }
    Ok(Rendered { manifests, warnings: ctx.warnings.into_vec() })
}

/// Services another waits for with `condition: service_completed_successfully`.
fn awaited(services: &BTreeMap<String, file::Service>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for svc in services.values() {
        for (dep, long) in svc.depends_on.iter().flat_map(|d| d.0.iter()) {
            if long.condition.as_ref().and_then(Scalar::text).is_some_and(|c| c.trim() == "service_completed_successfully") {
                out.insert(dep.clone());
            }
        }
    }
    out
}

/// Services that mount a named volume (not external) that no other service mounts.
fn own_volume(services: &BTreeMap<String, file::Service>, top: Option<&BTreeMap<String, Option<file::TopVolume>>>) -> BTreeSet<String> {
    let external = |v: &str| {
        top.and_then(|t| t.get(v)).and_then(Option::as_ref).and_then(|c| c.external.as_ref()).and_then(Scalar::text).is_some_and(|t| t.trim() == "true")
    };
    let mut users: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (name, svc) in services {
        for v in volumes::named_sources(svc) {
            users.entry(v).or_default().push(name);
        }
    }
    users.into_iter().filter(|(v, u)| u.len() == 1 && !external(v)).map(|(_, u)| u[0].to_owned()).collect()
}

fn wildcard(input: &ComposeInput) -> Option<String> {
    input.server.as_ref()?.settings.as_ref().and_then(|s| text(&s.wildcard_domain))
}

/// Moves problems reported for a synthetic application onto the compose path they came from.
/// `domains` is the path the domains came from.
pub(crate) fn remap(problems: Vec<Problem>, service: &str, domains: &str) -> Vec<Problem> {
    problems
        .into_iter()
        .map(|mut p| {
            p.path = if let Some(rest) = p.path.strip_prefix("application.fqdn") {
                format!("{domains}{rest}")
            } else if let Some(rest) = p.path.strip_prefix("application.") {
                format!("services.{service}.{rest}")
            } else {
                p.path
            };
            p
        })
        .collect()
}
