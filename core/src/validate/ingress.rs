//! Ingresses (`pkg/apis/networking/validation`): hosts, paths, backends, TLS, class.

use super::codes;
use super::field::{json, Bad, Path, Report};
use super::meta;
use super::rules::{self, NameRule};
use k8s_openapi::api::networking::v1::{HTTPIngressPath, Ingress, IngressBackend, IngressSpec};

const PATH_TYPES: [&str; 3] = ["Exact", "ImplementationSpecific", "Prefix"];
const INVALID_PATH_SEQUENCES: [&str; 5] = ["//", "/./", "/../", "%2f", "%2F"];
const INVALID_PATH_SUFFIXES: [&str; 2] = ["/..", "/."];
const CLASS_ANNOTATION: &str = "kubernetes.io/ingress.class";

/// `ValidateIngressCreate`.
pub(crate) fn ingress(r: &mut Report, ingress: &Ingress) {
    meta::object_meta(r, &ingress.metadata, true, NameRule::Dns1123Subdomain);
    let default_spec = IngressSpec::default();
    let spec = ingress.spec.as_ref().unwrap_or(&default_spec);
    let path = Path::new("spec");
    let rules_list = spec.rules.as_deref().unwrap_or_default();
    if rules_list.is_empty() && spec.default_backend.is_none() {
        r.invalid(
            codes::INVALID_INGRESS,
            &path,
            json(rules_list),
            "either `defaultBackend` or `rules` must be specified",
        );
    }
    if let Some(backend) = &spec.default_backend {
        self::backend(r, backend, &path.child("defaultBackend"));
    }
    for (i, rule) in rules_list.iter().enumerate() {
        let at = path.child("rules").index(i);
        if let Some(host) = rule.host.as_deref().filter(|h| !h.is_empty()) {
            self::host(r, host, true, &at.child("host"));
        }
        if let Some(http) = &rule.http {
            let paths_path = at.child("http").child("paths");
            if http.paths.is_empty() {
                r.required(codes::REQUIRED, &paths_path, "");
            }
            for (j, p) in http.paths.iter().enumerate() {
                http_path(r, p, &paths_path.index(j));
            }
        }
    }
    for (i, tls) in spec.tls.iter().flatten().enumerate() {
        let at = path.child("tls").index(i);
        for (j, host) in tls.hosts.iter().flatten().enumerate() {
            self::host(r, host, false, &at.child("hosts").index(j));
        }
        if let Some(secret) = tls.secret_name.as_deref().filter(|s| !s.is_empty()) {
            let errs = rules::dns1123_subdomain_errors(secret);
            r.invalid_each(
                codes::INVALID_NAME,
                &at.child("secretName"),
                Bad::Str(secret),
                &errs,
            );
        }
    }
    if let Some(class) = &spec.ingress_class_name {
        let errs = rules::dns1123_subdomain_errors(class);
        r.invalid_each(
            codes::INVALID_NAME,
            &path.child("ingressClassName"),
            Bad::Str(class),
            &errs,
        );
        let annotation = ingress
            .metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get(CLASS_ANNOTATION));
        if let Some(annotation) = annotation.filter(|a| *a != class) {
            let at = Path::new("metadata")
                .child("annotations")
                .key(CLASS_ANNOTATION);
            r.invalid(
                codes::INVALID_INGRESS,
                &at,
                Bad::Str(annotation),
                "must match `ingressClassName` when both are specified",
            );
        }
    }
}

/// A rule host (not an IP; a DNS-1123 subdomain or `*.` + one) or a TLS host (the same without
/// the IP rule).
fn host(r: &mut Report, host: &str, is_rule: bool, path: &Path) {
    if is_rule && rules::parse_ip_sloppy(host) {
        r.invalid(
            codes::INVALID_HOST,
            path,
            Bad::Str(host),
            "must be a DNS name, not an IP address",
        );
    }
    let errs = if host.contains('*') {
        rules::wildcard_dns1123_subdomain_errors(host)
    } else {
        rules::dns1123_subdomain_errors(host)
    };
    r.invalid_each(codes::INVALID_HOST, path, Bad::Str(host), &errs);
}

/// `validateHTTPIngressPath`.
fn http_path(r: &mut Report, p: &HTTPIngressPath, path: &Path) {
    let value = p.path.as_deref().unwrap_or("");
    let path_path = path.child("path");
    match p.path_type.as_str() {
        "" => {
            r.required(
                codes::REQUIRED,
                &path.child("pathType"),
                "pathType must be specified",
            );
            return;
        }
        "Exact" | "Prefix" => {
            if !value.starts_with('/') {
                r.invalid(
                    codes::INVALID_INGRESS_PATH,
                    &path_path,
                    Bad::Str(value),
                    "must be an absolute path",
                );
            }
            if !value.is_empty() {
                for seq in INVALID_PATH_SEQUENCES {
                    if value.contains(seq) {
                        r.invalid(
                            codes::INVALID_INGRESS_PATH,
                            &path_path,
                            Bad::Str(value),
                            &format!("must not contain '{seq}'"),
                        );
                    }
                }
                for suffix in INVALID_PATH_SUFFIXES {
                    if value.ends_with(suffix) {
                        r.invalid(
                            codes::INVALID_INGRESS_PATH,
                            &path_path,
                            Bad::Str(value),
                            &format!("cannot end with '{suffix}'"),
                        );
                    }
                }
            }
        }
        "ImplementationSpecific" => {
            if !value.is_empty() && !value.starts_with('/') {
                r.invalid(
                    codes::INVALID_INGRESS_PATH,
                    &path_path,
                    Bad::Str(value),
                    "must be an absolute path",
                );
            }
        }
        other => r.not_supported(
            codes::UNSUPPORTED_VALUE,
            &path.child("pathType"),
            other,
            &PATH_TYPES,
        ),
    }
    backend(r, &p.backend, &path.child("backend"));
}

/// `validateIngressBackend`: exactly one of a resource or a Service (named as Services are
/// named, DNS-1035) with exactly one of a port name or number.
fn backend(r: &mut Report, backend: &IngressBackend, path: &Path) {
    match (&backend.resource, &backend.service) {
        (Some(_), Some(_)) => r.invalid(
            codes::INVALID_BACKEND,
            path,
            Bad::Str(""),
            "cannot set both resource and service backends",
        ),
        (Some(resource), None) => {
            let at = path.child("resource");
            if resource.kind.is_empty() {
                r.required(codes::REQUIRED, &at.child("kind"), "");
            }
            if resource.name.is_empty() {
                r.required(codes::REQUIRED, &at.child("name"), "");
            }
            if let Some(group) = &resource.api_group {
                r.invalid_each(
                    codes::INVALID_BACKEND,
                    &at.child("apiGroup"),
                    Bad::Str(group),
                    &rules::dns1123_subdomain_errors(group),
                );
            }
        }
        (None, Some(service)) => {
            let name_path = path.child("service").child("name");
            if service.name.is_empty() {
                r.required(codes::REQUIRED, &name_path, "");
            } else {
                let errs = NameRule::Dns1035Label.errors(&service.name, false);
                r.invalid_each(
                    codes::INVALID_NAME,
                    &name_path,
                    Bad::Str(&service.name),
                    &errs,
                );
            }
            let port_name = service
                .port
                .as_ref()
                .and_then(|p| p.name.as_deref())
                .filter(|n| !n.is_empty());
            let port_number = service
                .port
                .as_ref()
                .and_then(|p| p.number)
                .filter(|&n| n != 0);
            let port_path = path.child("service").child("port");
            match (port_name, port_number) {
                (Some(_), Some(_)) => r.invalid(
                    codes::INVALID_BACKEND,
                    path,
                    Bad::Str(""),
                    "cannot set both port name & port number",
                ),
                (Some(name), None) => {
                    r.invalid_each(
                        codes::INVALID_PORT_NAME,
                        &port_path.child("name"),
                        Bad::Str(name),
                        &rules::port_name_errors(name),
                    );
                }
                (None, Some(number)) => {
                    let errs = rules::port_num_errors(number.into());
                    r.invalid_each(
                        codes::INVALID_PORT,
                        &port_path.child("number"),
                        Bad::Int(number.into()),
                        &errs,
                    );
                }
                (None, None) => r.required(
                    codes::INVALID_BACKEND,
                    path,
                    "port name or number is required",
                ),
            }
        }
        (None, None) => r.invalid(
            codes::INVALID_BACKEND,
            path,
            Bad::Str(""),
            "resource or service backend is required",
        ),
    }
}
