//! The normalised application: Coolify's defaults applied, every field parsed and checked.
//! This is the one place where defaults live.

use super::domains;
use super::env::{self, Injected};
use super::runopts;
use super::scalar::Scalar;
use super::{Bundle, ServerSettings, Settings};
use crate::error::{Collector, Errors, Problem};
use crate::names;
use crate::quantity;
use crate::validate;

use super::fields::*;
use super::reader::{raw_text, text, Reader};
pub use super::types::*;

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
        middlewares: Vec::new(),
    };
    Ok((app, warnings.into_vec()))
}
