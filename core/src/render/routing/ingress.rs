//! A plain `networking.k8s.io/v1` Ingress for any controller: one rule per `fqdn` entry (host,
//! path prefix, container port), TLS through cert-manager for https entries. Every behaviour of
//! Coolify's proxy a plain Ingress cannot express is a warning naming the domain and the feature.

use super::DomainPlan;
use crate::error::Collector;
use crate::model::App;
use crate::objects::Object;
use crate::render::labels;
use crate::render::service::service_name;
use k8s_openapi::api::networking::v1::{
    HTTPIngressPath, HTTPIngressRuleValue, Ingress, IngressBackend, IngressRule, IngressServiceBackend, IngressSpec, IngressTLS, ServiceBackendPort,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::BTreeMap;

/// The Ingress.
pub fn objects(app: &App, plans: &[DomainPlan<'_>], warnings: &mut Collector) -> Vec<Object> {
    for m in &app.middlewares {
        warnings.push("middleware_not_applied", "application.labels", format!("`{m}`: a plain Ingress has no standard way to add a Traefik middleware; left out"));
    }
    let service = service_name(app);
    let mut rules: Vec<IngressRule> = Vec::new();
    let mut tls_hosts: Vec<String> = Vec::new();
    for plan in plans {
        let d = plan.domain;
        let path = HTTPIngressPath {
            path: Some(d.path.clone()),
            path_type: "Prefix".to_owned(),
            backend: IngressBackend {
                service: Some(IngressServiceBackend { name: service.clone(), port: Some(ServiceBackendPort { number: Some(i32::from(plan.port)), name: None }) }),
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
        let mut missing = Vec::new();
        if plan.strip {
            missing.push("strip the path prefix");
        }
        if plan.http_redirects {
            missing.push("redirect http to https");
        }
        if plan.redirect.is_some() {
            missing.push("redirect to the www/non-www host");
        }
        if plan.gzip {
            missing.push("compress responses (gzip)");
        }
        if plan.basic_auth {
            missing.push("ask for basic auth");
        }
        if plan.noindex {
            missing.push("add the noindex header");
        }
        if !missing.is_empty() {
            warnings.push(
                "routing_feature_not_applied",
                format!("application.fqdn[{}]", d.index),
                format!("`{}`: a plain Ingress cannot {}; use the traefik or gateway routing flavour, or the controller's own annotations", d.url, missing.join(", ")),
            );
        }
    }
    let annotations = if tls_hosts.is_empty() { None } else { Some(BTreeMap::from([("cert-manager.io/cluster-issuer".to_owned(), app.cluster_issuer.clone())])) };
    vec![Object::Ingress(Ingress {
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
            tls: if tls_hosts.is_empty() { None } else { Some(vec![IngressTLS { hosts: Some(tls_hosts), secret_name: Some(format!("{}-tls", app.base_name)) }]) },
            ..Default::default()
        }),
        ..Default::default()
    })]
}
