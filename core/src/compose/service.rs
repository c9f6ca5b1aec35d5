//! One compose service → its Secret, ConfigMaps, workload, Services and routing objects (the
//! parts: [`super::env`], [`super::network`], [`super::depends`], [`super::routes`],
//! [`super::volumes`], [`super::files`], [`super::workload`]).

use super::depends::waits;
use super::env::{env_checksum, environment};
use super::file::{Service, StrOrSeq};
use super::network::{kube_service, port_name, ports};
use super::routes::{proxy_middlewares, routes, MIDDLEWARES_LABEL};
use super::text::{duration_seconds, shell_words};
use super::files::{self, Which};
use super::settings::{health, host_aliases, resources, security};
use super::volumes;
use super::workload::{self, Kind, WORKLOAD_LABEL};
use super::{Ctx, STOP_GRACE_SECONDS};
use crate::model::Scalar;
use crate::names;
use crate::objects::Object;
use crate::render::labels::{slug, MANAGED_BY};
use k8s_openapi::api::core::v1::{
    Container, ContainerPort, EnvVar, EnvVarSource, LocalObjectReference, PodSecurityContext, PodSpec, PodTemplateSpec, Secret,
    SecretKeySelector, Sysctl,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::ByteString;
use std::collections::BTreeMap;

/// What one service gives.
pub(crate) struct Translated {
    /// Its objects.
    pub(crate) objects: Vec<Object>,
    /// The Service names it claims.
    pub(crate) service_names: Vec<String>,
}

/// The selector of a service's pods.
pub(crate) fn selector(object: &str) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("app.kubernetes.io/instance".to_owned(), object.to_owned()),
        ("app.kubernetes.io/managed-by".to_owned(), MANAGED_BY.to_owned()),
    ])
}

/// Labels on every object of the compose resource (shared claims carry only these).
pub(crate) fn stack_labels(ctx: &Ctx<'_>) -> BTreeMap<String, String> {
    let mut l = BTreeMap::from([
        ("app.kubernetes.io/managed-by".to_owned(), MANAGED_BY.to_owned()),
        ("coolify.managed".to_owned(), "true".to_owned()),
        ("coolify.type".to_owned(), "service".to_owned()),
    ]);
    let part_of = names::label_value(&ctx.name);
    if !part_of.is_empty() {
        l.insert("app.kubernetes.io/part-of".to_owned(), part_of);
    }
    if !ctx.uuid.is_empty() {
        l.insert("coolify.serviceId".to_owned(), names::label_value(&ctx.uuid));
    }
    l
}

/// Labels on a service's objects.
pub(crate) fn labels(ctx: &Ctx<'_>, service: &str, object: &str) -> BTreeMap<String, String> {
    let mut l = stack_labels(ctx);
    l.extend(selector(object));
    l.insert("app.kubernetes.io/name".to_owned(), slug(service));
    l.insert("coolify.name".to_owned(), names::label_value(object));
    l.insert("coolify.service.subName".to_owned(), names::label_value(service));
    l.insert("coolify.pullRequestId".to_owned(), "0".to_owned());
    l
}

pub(crate) fn meta(ctx: &Ctx<'_>, name: String, service: &str, object: &str) -> ObjectMeta {
    ObjectMeta { name: Some(name), namespace: Some(ctx.base.namespace.clone()), labels: Some(labels(ctx, service, object)), ..Default::default() }
}

pub(crate) fn flag(ctx: &mut Ctx<'_>, v: &Option<Scalar>, path: &str) -> bool {
    match v.as_ref().and_then(Scalar::text).map(|t| t.trim().to_ascii_lowercase()) {
        None => false,
        Some(t) => match t.as_str() {
            "true" | "yes" | "1" | "on" => true,
            "false" | "no" | "0" | "off" | "" => false,
            _ => {
                ctx.errors.push("invalid_boolean", path, format!("`{t}` is not a boolean"));
                false
            }
        },
    }
}

pub(crate) fn scalar(ctx: &mut Ctx<'_>, v: &Option<Scalar>, path: &str) -> Option<String> {
    match v {
        None => None,
        Some(Scalar::Text(t)) => Some(ctx.x(t, path)),
        Some(Scalar::Invalid(what)) => {
            ctx.errors.push("invalid_field", path, format!("expected a string, found {what}"));
            None
        }
    }
}

/// A command: a string goes through shell splitting, a list is taken as is. Kubernetes
/// expands `$(VAR)` in commands, Docker does not: `$(` is escaped.
fn command(ctx: &mut Ctx<'_>, v: &Option<StrOrSeq>, path: &str) -> Option<Vec<String>> {
    let words = match v.as_ref()? {
        StrOrSeq::Str(s) => {
            let s = ctx.x(s, path);
            match shell_words(&s) {
                Ok(w) => w,
                Err(e) => {
                    ctx.errors.push("invalid_command", path, format!("cannot split `{s}` into words: {e}"));
                    return None;
                }
            }
        }
        StrOrSeq::Seq(items) => items.iter().enumerate().filter_map(|(i, s)| scalar(ctx, &Some(s.clone()), &format!("{path}[{i}]"))).collect(),
    };
    Some(words.into_iter().map(|w| w.replace("$(", "$$(")).collect())
}

/// Translates one service.
pub(crate) fn translate(ctx: &mut Ctx<'_>, name: &str, svc: &Service, all: &BTreeMap<String, Service>, domains: Option<&str>) -> Translated {
    let path = format!("services.{name}");
    let object = ctx.object_name(name);
    ctx.untranslated(&path, &svc.extra);
    let image = match scalar(ctx, &svc.image, &format!("{path}.image")) {
        Some(i) if !i.trim().is_empty() => i.trim().to_owned(),
        _ => {
            ctx.errors.push("missing_image", format!("{path}.image"), "every service needs an image (`build` is not translated: build the image and push it first)");
            String::new()
        }
    };
    if svc.container_name.is_some() {
        ctx.warnings.push("container_name", format!("{path}.container_name"), format!("objects are named `{object}`; other services reach this one as `{}`", names::dns1035_label(name, names::MAX_LABEL)));
    }
    let env = environment(ctx, svc, &path);
    let entrypoint = command(ctx, &svc.entrypoint, &format!("{path}.entrypoint"));
    let args = command(ctx, &svc.command, &format!("{path}.command"));
    let mut ports = ports(ctx, svc, &path);
    let (probe, deadline) = health(ctx, svc, &path);
    let resources = resources(ctx, svc, &path);
    let restart = workload::restart(ctx, svc, &path);
    let security = security(ctx, svc, &path);
    let init = waits(ctx, svc, &path, all);
    let facts = workload::Facts { restart, awaited: ctx.awaited.contains(name), own_volume: ctx.own_volume.contains(name) };
    let kind = workload::choose(ctx, svc, &path, &facts);
    let aliases = host_aliases(ctx, &svc.extra_hosts, &path);
    let mut mounts = volumes::mounts(ctx, svc, name, &object, &path);
    let mut mounted = files::Mounted::default();
    for which in [Which::Secrets, Which::Configs] {
        let mut entries = std::mem::take(if which == Which::Secrets { &mut ctx.secrets } else { &mut ctx.configs });
        files::mount(ctx, which, svc, &path, &mut entries, &mut mounted);
        *(if which == Which::Secrets { &mut ctx.secrets } else { &mut ctx.configs }) = entries;
    }
    mounts.volumes.extend(mounted.volumes);
    mounts.mounts.extend(mounted.mounts);
    if !mounted.checksum_text.is_empty() {
        let before = mounts.files_checksum.take().unwrap_or_default();
        mounts.files_checksum = Some(names::short_hash(&format!("{before}\0{}", mounted.checksum_text), 16));
    }
    let middlewares = proxy_middlewares(ctx, svc, &path);
    let mut objects: Vec<Object> = Vec::new();
    objects.extend(mounts.config_maps.into_iter().map(Object::ConfigMap));
    // Without an entry in `docker_compose_domains`, a `SERVICE_URL_<NAME>_<PORT>` (or
    // `SERVICE_FQDN_...`) key in the service's environment routes it, as Coolify's one-click
    // services are exposed.
    let magic: Option<String> = match (domains, &svc.environment) {
        (None, Some(e)) => {
            let mut urls: Vec<String> = Vec::new();
            for (i, (k, _)) in e.entries.iter().enumerate() {
                let epath = if e.list { format!("{path}.environment[{i}]") } else { format!("{path}.environment.{k}") };
                if let Some(u) = ctx.vars.magic_route(k, name, &epath) {
                    if !urls.contains(&u) {
                        urls.push(u);
                    }
                }
            }
            if urls.is_empty() { None } else { Some(urls.join(",")) }
        }
        _ => None,
    };
    if let Some(d) = domains {
        objects.extend(routes(ctx, name, &object, d, &format!("docker_compose_domains.{name}.domain"), &mut ports, &middlewares));
    } else if let Some(d) = magic {
        objects.extend(routes(ctx, name, &object, &d, &format!("{path}.environment"), &mut ports, &middlewares));
    } else if !middlewares.is_empty() {
        ctx.warnings.push("proxy_label", format!("{path}.labels"), "`coolify.traefik.middlewares`: the service has no domain, so there is no route to add them to");
    }

    // Replicas.
    let mut replicas = 1;
    if let Some(d) = &svc.deploy {
        ctx.untranslated(&format!("{path}.deploy"), &d.extra);
        if let Some(t) = scalar(ctx, &d.replicas, &format!("{path}.deploy.replicas")) {
            match t.trim().parse::<i32>() {
                Ok(n) if n >= 0 => replicas = n,
                _ => ctx.errors.push("invalid_number", format!("{path}.deploy.replicas"), format!("`{t}` is not a whole number of replicas")),
            }
        }
    }
    let grace = match scalar(ctx, &svc.stop_grace_period, &format!("{path}.stop_grace_period")) {
        None => STOP_GRACE_SECONDS,
        Some(t) => duration_seconds(&t).unwrap_or_else(|e| {
            ctx.errors.push("invalid_duration", format!("{path}.stop_grace_period"), e);
            STOP_GRACE_SECONDS
        }),
    };
    let sysctls: Vec<Sysctl> = match &svc.sysctls {
        None => Vec::new(),
        Some(s) => s
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, (k, v))| {
                let p = if s.list { format!("{path}.sysctls[{i}]") } else { format!("{path}.sysctls.{k}") };
                match v {
                    Some(v) => Some(Sysctl { name: k.trim().to_owned(), value: ctx.x(v.trim(), &p) }),
                    None => {
                        ctx.errors.push("invalid_sysctl", p, format!("`{k}` has no value"));
                        None
                    }
                }
            })
            .collect(),
    };
    let hostname = scalar(ctx, &svc.hostname, &format!("{path}.hostname"));
    let init_process = flag(ctx, &svc.init, &format!("{path}.init"));
    let tty = flag(ctx, &svc.tty, &format!("{path}.tty"));
    let stdin = flag(ctx, &svc.stdin_open, &format!("{path}.stdin_open"));
    let working_dir = scalar(ctx, &svc.working_dir, &format!("{path}.working_dir"));
    let exclude = workload::excluded(ctx, svc, &path);

    // Labels: pod annotations, except the proxy's.
    let mut annotations: BTreeMap<String, String> = BTreeMap::new();
    if let Some(l) = &svc.labels {
        for (i, (k, v)) in l.entries.iter().enumerate() {
            let p = if l.list { format!("{path}.labels[{i}]") } else { format!("{path}.labels.{k}") };
            if k == WORKLOAD_LABEL || k == MIDDLEWARES_LABEL {
                continue;
            }
            if k.starts_with("traefik.") || k.starts_with("caddy") || k.starts_with("coolify.traefik.") {
                ctx.warnings.push("proxy_label", p, format!("`{k}`: proxy labels are not read; routing comes from `docker_compose_domains`"));
                continue;
            }
            if crate::validate::is_annotation_key(k).is_err() {
                ctx.warnings.push("invalid_label_key", p, format!("`{k}` cannot be a Kubernetes annotation key; left out"));
                continue;
            }
            let v = v.as_ref().map(|v| ctx.x(v, &p)).unwrap_or_default();
            annotations.insert(k.clone(), v);
        }
    }

    // Aliases → extra Services.
    let compose_name = names::dns1035_label(name, names::MAX_LABEL);
    let main = names::dns1035_label(&object, names::MAX_LABEL);
    let mut service_names = vec![main.clone()];
    if compose_name != name {
        ctx.warnings.push("service_renamed", path.clone(), format!("`{name}` is not a valid Service name: other services reach it as `{compose_name}`"));
    }
    if compose_name != main {
        service_names.push(compose_name);
    }
    for (net, long) in svc.networks.iter().flat_map(|n| n.0.iter()) {
        ctx.untranslated(&format!("{path}.networks.{net}"), &long.extra);
        for (i, a) in long.aliases.iter().flatten().enumerate() {
            let p = format!("{path}.networks.{net}.aliases[{i}]");
            if let Some(a) = scalar(ctx, &Some(a.clone()), &p) {
                let alias = names::dns1035_label(&a, names::MAX_LABEL);
                if alias != a {
                    ctx.warnings.push("alias_renamed", p, format!("`{a}` is not a valid Service name; the alias is `{alias}`"));
                }
                if !service_names.contains(&alias) {
                    service_names.push(alias);
                }
            }
        }
    }

    let secret_name = format!("{object}-env");
    let secret = Secret {
        metadata: meta(ctx, secret_name.clone(), name, &object),
        type_: Some("Opaque".to_owned()),
        data: Some(env.iter().map(|(k, v)| (k.clone(), ByteString(v.as_bytes().to_vec()))).collect()),
        ..Default::default()
    };
    let env_vars: Vec<EnvVar> = env
        .iter()
        .map(|(k, _)| EnvVar {
            name: k.clone(),
            value: None,
            value_from: Some(EnvVarSource { secret_key_ref: Some(SecretKeySelector { name: secret_name.clone(), key: k.clone(), optional: None }), ..Default::default() }),
        })
        .collect();
    let container = Container {
        name: slug(name),
        image: Some(image),
        command: entrypoint,
        args,
        working_dir,
        ports: if ports.is_empty() {
            None
        } else {
            Some(
                ports
                    .iter()
                    .map(|(p, proto)| ContainerPort { name: Some(port_name(*p, proto)), container_port: i32::from(*p), protocol: Some(proto.to_ascii_uppercase()), ..Default::default() })
                    .collect(),
            )
        },
        env: if env_vars.is_empty() { None } else { Some(env_vars) },
        resources,
        readiness_probe: probe,
        volume_mounts: if mounts.mounts.is_empty() { None } else { Some(mounts.mounts) },
        security_context: security,
        tty: if tty { Some(true) } else { None },
        stdin: if stdin { Some(true) } else { None },
        ..Default::default()
    };
    let mut checksums = BTreeMap::from([("checksum.coolify.io/env".to_owned(), env_checksum(&env))]);
    if let Some(sum) = mounts.files_checksum {
        checksums.insert("checksum.coolify.io/files".to_owned(), sum);
    }
    annotations.extend(checksums);
    let pod = PodSpec {
        containers: vec![container],
        init_containers: if init.is_empty() { None } else { Some(init) },
        volumes: if mounts.volumes.is_empty() { None } else { Some(mounts.volumes) },
        termination_grace_period_seconds: Some(grace),
        automount_service_account_token: Some(false),
        enable_service_links: Some(false),
        host_aliases: if aliases.is_empty() { None } else { Some(aliases) },
        hostname,
        share_process_namespace: if init_process { Some(true) } else { None },
        security_context: if sysctls.is_empty() { None } else { Some(PodSecurityContext { sysctls: Some(sysctls), ..Default::default() }) },
        image_pull_secrets: if ctx.base.image_pull_secrets.is_empty() {
            None
        } else {
            Some(ctx.base.image_pull_secrets.iter().map(|n| LocalObjectReference { name: n.clone() }).collect())
        },
        ..Default::default()
    };
    let excluded = exclude || matches!(kind, Kind::Job(..));
    let mut workload_labels = labels(ctx, name, &object);
    if excluded {
        workload_labels.insert(crate::status::input::EXCLUDE_LABEL.to_owned(), "true".to_owned());
    }
    let headless_service = names::dns1035_label(&format!("{object}-headless"), names::MAX_LABEL);
    let parts = workload::Parts {
        object: object.clone(),
        meta: ObjectMeta { labels: Some(workload_labels.clone()), ..meta(ctx, object.clone(), name, &object) },
        selector: selector(&object),
        template: PodTemplateSpec {
            metadata: Some(ObjectMeta { labels: Some(workload_labels), annotations: Some(annotations), ..Default::default() }),
            spec: Some(pod),
        },
        replicas,
        recreate: mounts.recreate,
        deadline,
        headless_service: headless_service.clone(),
    };
    if !env.is_empty() {
        objects.push(Object::Secret(secret));
    }
    objects.push(workload::build(kind, parts));
    for s in &service_names {
        objects.push(Object::Service(kube_service(ctx, s.clone(), name, &object, &ports, false)));
    }

    if kind == Kind::StatefulSet {
        objects.push(Object::Service(kube_service(ctx, headless_service.clone(), name, &object, &ports, true)));
        service_names.push(headless_service);
    }
    Translated { objects, service_names }
}
