//! The Ingress: one rule per `fqdn` entry (host, path prefix, container port), TLS through
//! cert-manager for https entries.

use super::labels;
use super::service::service_name;
use crate::error::Collector;
use crate::model::App;
use k8s_openapi::api::networking::v1::{
    HTTPIngressPath, HTTPIngressRuleValue, Ingress, IngressBackend, IngressRule, IngressServiceBackend, IngressSpec, IngressTLS, ServiceBackendPort,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::BTreeMap;

/// Name of the application's certificate Secret (one per application).
pub fn tls_secret_name(app: &App) -> String {
    format!("{}-tls", app.base_name)
}

/// The Ingress, or `None` when the application has no domain.
pub fn ingress(app: &App, warnings: &mut Collector) -> Option<Ingress> {
    if app.domains.is_empty() {
        return None;
    }
    let service = service_name(app);
    let mut rules: Vec<IngressRule> = Vec::new();
    let mut tls_hosts: Vec<String> = Vec::new();
    for d in &app.domains {
        let port = d.port.or(app.ports.first().copied()).unwrap_or(80);
        let path = HTTPIngressPath {
            path: Some(d.path.clone()),
            path_type: "Prefix".to_owned(),
            backend: IngressBackend {
                service: Some(IngressServiceBackend { name: service.clone(), port: Some(ServiceBackendPort { number: Some(i32::from(port)), name: None }) }),
                resource: None,
            },
        };
        match rules.iter_mut().find(|r| r.host.as_deref() == Some(d.host.as_str())) {
            Some(rule) => {
                if let Some(http) = rule.http.as_mut() {
                    http.paths.push(path);
                }
            }
            None => rules.push(IngressRule { host: Some(d.host.clone()), http: Some(HTTPIngressRuleValue { paths: vec![path] }) }),
        }
        if d.https && !tls_hosts.contains(&d.host) {
            tls_hosts.push(d.host.clone());
        }
        let at = format!("application.fqdn[{}]", d.index);
        let mut missing = Vec::new();
        if d.path != "/" && app.strip_prefix {
            missing.push("strip the path prefix");
        }
        if d.https && app.force_https {
            missing.push("redirect http to https");
        }
        if app.redirect == "www" && !d.host.starts_with("www.") || app.redirect == "non-www" && d.host.starts_with("www.") {
            missing.push("redirect to the www/non-www host");
        }
        if app.gzip {
            missing.push("compress responses (gzip)");
        }
        if app.basic_auth.is_some() {
            missing.push("ask for basic auth");
        }
        if app.pull_request_id > 0 || app.noindex.iter().any(|u| u.trim_end_matches('/') == d.url.trim_end_matches('/')) {
            missing.push("add the noindex header");
        }
        if !missing.is_empty() {
            warnings.push("routing_feature_not_applied", at, format!("`{}`: the Ingress does not {}; Coolify's proxy does", d.url, missing.join(", ")));
        }
    }
    let annotations = if tls_hosts.is_empty() { None } else { Some(BTreeMap::from([("cert-manager.io/cluster-issuer".to_owned(), app.cluster_issuer.clone())])) };
    Some(Ingress {
        metadata: ObjectMeta {
            name: Some(app.base_name.clone()),
            namespace: Some(app.namespace.clone()),
            labels: Some(labels::common(app)),
            annotations,
            ..Default::default()
        },
        spec: Some(IngressSpec {
            ingress_class_name: Some(app.ingress_class.clone()),
            rules: Some(rules),
            tls: if tls_hosts.is_empty() { None } else { Some(vec![IngressTLS { hosts: Some(tls_hosts), secret_name: Some(tls_secret_name(app)) }]) },
            ..Default::default()
        }),
        ..Default::default()
    })
}
