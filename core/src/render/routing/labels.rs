//! Hand-edited `custom_labels` (read-only labels off): what Coolify deploys then is the user's
//! own Traefik labels. The router, service and middleware labels Coolify itself generates are
//! translated into the same Traefik objects — a router becomes an IngressRoute route, a
//! middleware a Middleware; any label not understood is a warning naming it.

use super::crds::{
    BasicAuth, Certificate, CertificateSpec, Headers, IngressRoute, IngressRouteSpec, IssuerRef, Middleware, MiddlewareRef, MiddlewareSpec,
    RedirectRegex, RedirectScheme, Route, RouteService, RouteTls, StripPrefix,
};
use crate::error::Collector;
use crate::model::App;
use crate::names;
use crate::objects::Object;
use crate::render::labels as app_labels;
use crate::render::service::service_name;
use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::ByteString;
use std::collections::BTreeMap;

const PATH: &str = "application.custom_labels";

#[derive(Default)]
struct Router {
    rule: Option<String>,
    entry_points: Vec<String>,
    service: Option<String>,
    middlewares: Vec<String>,
    tls: bool,
}

fn meta(app: &App, name: String) -> ObjectMeta {
    ObjectMeta { name: Some(name), namespace: Some(app.namespace.clone()), labels: Some(app_labels::common(app)), ..Default::default() }
}

fn object_name(app: &App, middleware: &str) -> String {
    names::dns_label(&format!("{}-{middleware}", app.base_name), 253)
}

fn unknown(warnings: &mut Collector, key: &str) {
    warnings.push("custom_label_not_translated", PATH, format!("label `{key}` has no translation here; it is not applied"));
}

fn flag(v: &str) -> bool {
    v.trim().eq_ignore_ascii_case("true")
}

/// Host names in a Traefik rule (`Host(`a`)`, `Host(`a`, `b`)`).
fn hosts(rule: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = rule;
    while let Some(i) = rest.find("Host(") {
        rest = &rest[i + 5..];
        let end = rest.find(')').unwrap_or(rest.len());
        for part in rest[..end].split(',') {
            let h = part.trim().trim_matches(|c| c == '`' || c == '"' || c == '\'');
            if !h.is_empty() && !out.iter().any(|o| o == h) {
                out.push(h.to_owned());
            }
        }
        rest = &rest[end..];
    }
    out
}

/// The Traefik objects for the labels.
pub fn objects(app: &App, text: &str, warnings: &mut Collector) -> Vec<Object> {
    let mut routers: BTreeMap<String, Router> = BTreeMap::new();
    let mut ports: BTreeMap<String, u16> = BTreeMap::new();
    let mut middlewares: BTreeMap<String, MiddlewareSpec> = BTreeMap::new();
    let mut users: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut caddy = false;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (key, value) = line.split_once('=').unwrap_or((line, ""));
        let (key, value) = (key.trim(), value.trim());
        if key.starts_with("coolify.") || key == "traefik.enable" || key.starts_with("traefik.docker.") {
            continue;
        }
        if key.starts_with("caddy") {
            caddy = true;
            continue;
        }
        let parts: Vec<&str> = key.split('.').collect();
        match parts.as_slice() {
            ["traefik", "http", "routers", name, rest @ ..] => {
                let r = routers.entry((*name).to_owned()).or_default();
                match rest.join(".").to_ascii_lowercase().as_str() {
                    "rule" => r.rule = Some(value.to_owned()),
                    "entrypoints" => r.entry_points = value.split(',').map(|e| e.trim().to_owned()).collect(),
                    "service" => r.service = Some(value.to_owned()),
                    "middlewares" => r.middlewares = value.split(',').map(|m| m.trim().trim_end_matches("@docker").to_owned()).filter(|m| !m.is_empty()).collect(),
                    "tls" => r.tls = flag(value),
                    // The certificate comes from cert-manager's cluster issuer.
                    "tls.certresolver" => r.tls = true,
                    _ => unknown(warnings, key),
                }
            }
            ["traefik", "http", "services", name, "loadbalancer", "server", "port"] => match value.parse::<u16>() {
                Ok(p) if p > 0 => {
                    ports.insert((*name).to_owned(), p);
                }
                _ => warnings.push("custom_label_not_translated", PATH, format!("label `{key}`: `{value}` is not a port")),
            },
            ["traefik", "http", "middlewares", name, kind, option @ ..] => {
                let m = middlewares.entry((*name).to_owned()).or_default();
                let option = option.join(".");
                match (kind.to_ascii_lowercase().as_str(), option.to_ascii_lowercase().as_str()) {
                    ("compress", _) => m.compress = Some(BTreeMap::new()),
                    ("stripprefix", "prefixes") => {
                        m.strip_prefix = Some(StripPrefix { prefixes: value.split(',').map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect() })
                    }
                    ("redirectscheme", "scheme") => {
                        let permanent = m.redirect_scheme.as_ref().is_some_and(|r| r.permanent);
                        m.redirect_scheme = Some(RedirectScheme { scheme: value.to_owned(), permanent });
                    }
                    ("redirectscheme", "permanent") => {
                        let scheme = m.redirect_scheme.as_ref().map(|r| r.scheme.clone()).unwrap_or_else(|| "https".to_owned());
                        m.redirect_scheme = Some(RedirectScheme { scheme, permanent: flag(value) });
                    }
                    ("redirectregex", field @ ("regex" | "replacement" | "permanent")) => {
                        let r = m.redirect_regex.get_or_insert(RedirectRegex { regex: String::new(), replacement: String::new(), permanent: false });
                        match field {
                            "regex" => r.regex = value.to_owned(),
                            "replacement" => r.replacement = value.to_owned(),
                            _ => r.permanent = flag(value),
                        }
                    }
                    ("basicauth", "users") => {
                        users.insert((*name).to_owned(), value.split(',').map(|u| u.trim().to_owned()).filter(|u| !u.is_empty()).collect());
                        m.basic_auth = Some(BasicAuth { secret: object_name(app, name) });
                    }
                    ("headers", o) if o.starts_with("customresponseheaders.") => {
                        let header = option["customresponseheaders.".len()..].to_owned();
                        let h = m.headers.get_or_insert(Headers { custom_response_headers: BTreeMap::new() });
                        h.custom_response_headers.insert(header, value.to_owned());
                    }
                    _ => unknown(warnings, key),
                }
            }
            _ => unknown(warnings, key),
        }
    }
    if caddy {
        warnings.push("caddy_labels_ignored", PATH, "the caddy_* labels configure Coolify's Caddy proxy; the Traefik labels are translated, the Caddy ones are not");
    }

    let service = service_name(app);
    let default_port = app.ports.first().copied().unwrap_or(80);
    let mut web = Vec::new();
    let mut secure = Vec::new();
    let mut tls_hosts: Vec<String> = Vec::new();
    for (name, r) in &routers {
        let Some(rule) = r.rule.clone() else {
            warnings.push("custom_label_not_translated", PATH, format!("router `{name}` has no rule; it is not applied"));
            continue;
        };
        let refs: Vec<MiddlewareRef> = r
            .middlewares
            .iter()
            .filter_map(|m| {
                if middlewares.contains_key(m) {
                    Some(MiddlewareRef { name: object_name(app, m), namespace: app.namespace.clone() })
                } else {
                    warnings.push("custom_label_not_translated", PATH, format!("router `{name}` uses middleware `{m}`, which no label defines; it is left out"));
                    None
                }
            })
            .collect();
        let port = r.service.as_ref().and_then(|s| ports.get(s)).copied().or_else(|| ports.get(name).copied()).unwrap_or(default_port);
        let route = Route { kind: "Rule".to_owned(), match_: rule.clone(), middlewares: refs, services: vec![RouteService { name: service.clone(), port: i32::from(port) }] };
        let entry_points: Vec<&str> = if r.entry_points.is_empty() { vec![if r.tls { "https" } else { "http" }] } else { r.entry_points.iter().map(String::as_str).collect() };
        for ep in entry_points {
            match ep {
                "http" | "web" => web.push(route.clone()),
                "https" | "websecure" => {
                    secure.push(route.clone());
                    for h in hosts(&rule) {
                        if !tls_hosts.contains(&h) {
                            tls_hosts.push(h);
                        }
                    }
                }
                other => warnings.push(
                    "custom_label_not_translated",
                    PATH,
                    format!("router `{name}` uses entry point `{other}`; Traefik on K3s has `web` and `websecure`, so it is not applied"),
                ),
            }
        }
    }

    let mut out = Vec::new();
    for (name, lines) in &users {
        let text = lines.join("\n") + "\n";
        out.push(Object::Secret(Secret {
            metadata: meta(app, object_name(app, name)),
            type_: Some("Opaque".to_owned()),
            data: Some(BTreeMap::from([("users".to_owned(), ByteString(text.into_bytes()))])),
            ..Default::default()
        }));
    }
    for (name, spec) in middlewares {
        if spec == MiddlewareSpec::default() {
            continue;
        }
        out.push(Object::Middleware(Middleware::new(meta(app, object_name(app, &name)), spec)));
    }
    if !web.is_empty() {
        out.push(Object::IngressRoute(IngressRoute::new(meta(app, format!("{}-http", app.base_name)), IngressRouteSpec { entry_points: vec!["web".to_owned()], routes: web, tls: None })));
    }
    if !secure.is_empty() {
        let secret = format!("{}-tls", app.base_name);
        out.push(Object::IngressRoute(IngressRoute::new(
            meta(app, format!("{}-https", app.base_name)),
            IngressRouteSpec { entry_points: vec!["websecure".to_owned()], routes: secure, tls: Some(RouteTls { secret_name: secret.clone() }) },
        )));
        if !tls_hosts.is_empty() {
            out.push(Object::Certificate(Certificate::new(
                meta(app, secret.clone()),
                CertificateSpec {
                    secret_name: secret,
                    dns_names: tls_hosts,
                    issuer_ref: IssuerRef { name: app.cluster_issuer.clone(), kind: "ClusterIssuer".to_owned(), group: "cert-manager.io".to_owned() },
                },
            )));
        }
    }
    out
}
