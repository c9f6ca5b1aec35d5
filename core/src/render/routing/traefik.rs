//! Traefik on Kubernetes (K3s's default), with its own CRDs: one `IngressRoute` per entry point
//! (`web`, `websecure`) whose routes are Coolify's routers one for one, `Middleware` objects for
//! the chain, and a cert-manager `Certificate` for the https hosts. (An `Ingress` carries a
//! single middleware list for all its rules, so per-domain chains and a redirecting http router
//! next to a serving https router would need one Ingress per router.)

use super::crds::{
    BasicAuth, Certificate, CertificateSpec, Headers, IngressRoute, IngressRouteSpec, IssuerRef, Middleware, MiddlewareRef, MiddlewareSpec,
    RedirectRegex, RedirectScheme, Route, RouteService, RouteTls, StripPrefix,
};
use super::{ExtraMiddleware, htpasswd_line, DomainPlan, HostRedirect};
use crate::error::{Collector, Errors};
use crate::model::App;
use crate::objects::Object;
use crate::render::labels;
use crate::render::service::service_name;
use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::ByteString;
use std::collections::BTreeMap;

fn meta(app: &App, name: String) -> ObjectMeta {
    ObjectMeta { name: Some(name), namespace: Some(app.namespace.clone()), labels: Some(labels::common(app)), ..Default::default() }
}

/// Name of the certificate Secret (one per application).
pub fn tls_secret_name(app: &App) -> String {
    format!("{}-tls", app.base_name)
}

fn rule(plan: &DomainPlan<'_>) -> String {
    format!("Host(`{}`) && PathPrefix(`{}`)", plan.domain.host, plan.domain.path)
}

/// The Traefik objects.
pub fn objects(app: &App, plans: &[DomainPlan<'_>], extra: &[ExtraMiddleware], errors: &mut Collector) -> Result<Vec<Object>, Errors> {
    let u = &app.base_name;
    let mut middlewares: BTreeMap<String, MiddlewareSpec> = BTreeMap::new();
    let reference = |name: &str| MiddlewareRef { name: name.to_owned(), namespace: app.namespace.clone() };
    let chain_of = |plan: &DomainPlan<'_>, middlewares: &mut BTreeMap<String, MiddlewareSpec>| -> Vec<MiddlewareRef> {
        let i = plan.domain.index;
        let mut chain = Vec::new();
        if plan.strip {
            let name = format!("{u}-{i}-stripprefix");
            middlewares.insert(name.clone(), MiddlewareSpec { strip_prefix: Some(StripPrefix { prefixes: vec![plan.domain.path.clone()] }), ..Default::default() });
            chain.push(reference(&name));
        }
        if plan.gzip {
            let name = format!("{u}-gzip");
            middlewares.insert(name.clone(), MiddlewareSpec { compress: Some(BTreeMap::new()), ..Default::default() });
            chain.push(reference(&name));
        }
        if let Some(r) = plan.redirect {
            let (name, regex, replacement) = match r {
                HostRedirect::ToNonWww => (format!("{u}-{i}-to-non-www"), r"^(http|https)://www\.(.+)", "${1}://${2}"),
                HostRedirect::ToWww => (format!("{u}-{i}-to-www"), r"^(http|https)://(?:www\.)?(.+)", "${1}://www.${2}"),
            };
            middlewares.insert(
                name.clone(),
                MiddlewareSpec { redirect_regex: Some(RedirectRegex { regex: regex.to_owned(), replacement: replacement.to_owned(), permanent: false }), ..Default::default() },
            );
            chain.push(reference(&name));
        }
        if plan.basic_auth {
            let name = format!("{u}-basic-auth");
            middlewares.insert(name.clone(), MiddlewareSpec { basic_auth: Some(BasicAuth { secret: format!("{u}-basic-auth") }), ..Default::default() });
            chain.push(reference(&name));
        }
        if plan.noindex {
            let name = format!("{u}-{i}-noindex");
            let headers = BTreeMap::from([("X-Robots-Tag".to_owned(), "noindex, nofollow".to_owned())]);
            middlewares.insert(name.clone(), MiddlewareSpec { headers: Some(Headers { custom_response_headers: headers }), ..Default::default() });
            chain.push(reference(&name));
        }
        for m in extra {
            chain.push(match m {
                ExtraMiddleware::Local(name) => reference(name),
                ExtraMiddleware::Provider(name) => MiddlewareRef { name: name.clone(), namespace: String::new() },
            });
        }
        chain
    };
    let service = service_name(app);
    let mut http_routes = Vec::new();
    let mut https_routes = Vec::new();
    let mut tls_hosts: Vec<String> = Vec::new();
    for plan in plans {
        let chain = chain_of(plan, &mut middlewares);
        let services = vec![RouteService { name: service.clone(), port: i32::from(plan.port) }];
        if plan.domain.https {
            https_routes.push(Route { kind: "Rule".to_owned(), match_: rule(plan), middlewares: chain.clone(), services: services.clone() });
            if !tls_hosts.contains(&plan.domain.host) {
                tls_hosts.push(plan.domain.host.clone());
            }
        }
        let http_chain = if plan.http_redirects {
            let name = format!("{u}-redirect-to-https");
            middlewares.insert(name.clone(), MiddlewareSpec { redirect_scheme: Some(RedirectScheme { scheme: "https".to_owned(), permanent: false }), ..Default::default() });
            let mut c = Vec::new();
            if plan.noindex {
                c.push(reference(&format!("{u}-{}-noindex", plan.domain.index)));
            }
            c.push(reference(&name));
            c
        } else {
            chain
        };
        http_routes.push(Route { kind: "Rule".to_owned(), match_: rule(plan), middlewares: http_chain, services });
    }
    let mut out = Vec::new();
    if let Some(auth) = &app.basic_auth {
        let line = htpasswd_line(&app.uuid, auth).map_err(|why| Errors::one("invalid_field", "application.http_basic_auth_password", why))?;
        out.push(Object::Secret(Secret {
            metadata: meta(app, format!("{u}-basic-auth")),
            type_: Some("Opaque".to_owned()),
            data: Some(BTreeMap::from([("users".to_owned(), ByteString(line.into_bytes()))])),
            ..Default::default()
        }));
    }
    for (name, spec) in middlewares {
        out.push(Object::Middleware(Middleware::new(meta(app, name), spec)));
    }
    if !http_routes.is_empty() {
        out.push(Object::IngressRoute(IngressRoute::new(meta(app, format!("{u}-http")), IngressRouteSpec { entry_points: vec!["web".to_owned()], routes: http_routes, tls: None })));
    }
    if !https_routes.is_empty() {
        out.push(Object::IngressRoute(IngressRoute::new(
            meta(app, format!("{u}-https")),
            IngressRouteSpec { entry_points: vec!["websecure".to_owned()], routes: https_routes, tls: Some(RouteTls { secret_name: tls_secret_name(app) }) },
        )));
        out.push(Object::Certificate(Certificate::new(
            meta(app, tls_secret_name(app)),
            CertificateSpec {
                secret_name: tls_secret_name(app),
                dns_names: tls_hosts,
                issuer_ref: IssuerRef { name: app.cluster_issuer.clone(), kind: "ClusterIssuer".to_owned(), group: "cert-manager.io".to_owned() },
            },
        )));
    }
    let _ = errors;
    Ok(out)
}
