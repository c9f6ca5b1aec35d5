//! Gateway API: `HTTPRoute`s attached to a Gateway the platform runs. Host names are per route
//! in Gateway API, so each `fqdn` entry gets its own route per listener (`<name>-<i>-http`,
//! `<name>-<i>-https`). TLS is terminated by the Gateway's https listener, which the platform
//! configures (a wildcard certificate, or cert-manager's Gateway support); routes carry none.

use super::crds::{
    BackendRef, ExtensionRef, HeaderModifier, HeaderValue, HttpRoute, HttpRouteFilter, HttpRouteMatch, HttpRouteRule, HttpRouteSpec, ParentRef, PathMatch, PathRewrite,
    RequestRedirect, UrlRewrite,
};
use super::{extra_middlewares, DomainPlan, ExtraMiddleware, HostRedirect};
use crate::error::Collector;
use crate::model::{App, Gateway};
use crate::objects::Object;
use crate::render::labels;
use crate::render::service::service_name;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

fn redirect(request_redirect: RequestRedirect) -> HttpRouteFilter {
    HttpRouteFilter { type_: "RequestRedirect".to_owned(), request_redirect: Some(request_redirect), ..Default::default() }
}

/// The rule serving (or redirecting) one entry on one listener.
fn rule(app: &App, plan: &DomainPlan<'_>, to_https: bool, extra: &[String]) -> HttpRouteRule {
    let matches = vec![HttpRouteMatch { path: PathMatch { type_: "PathPrefix".to_owned(), value: plan.domain.path.clone() } }];
    if to_https {
        let filters = vec![redirect(RequestRedirect { scheme: Some("https".to_owned()), hostname: None, status_code: 302 })];
        return HttpRouteRule { matches, filters, backend_refs: Vec::new() };
    }
    if let Some(r) = plan.redirect {
        let host = &plan.domain.host;
        let target = match r {
            HostRedirect::ToWww => format!("www.{host}"),
            HostRedirect::ToNonWww => host.trim_start_matches("www.").to_owned(),
        };
        let filters = vec![redirect(RequestRedirect { scheme: None, hostname: Some(target), status_code: 302 })];
        return HttpRouteRule { matches, filters, backend_refs: Vec::new() };
    }
    let mut filters = Vec::new();
    if plan.strip {
        filters.push(HttpRouteFilter {
            type_: "URLRewrite".to_owned(),
            url_rewrite: Some(UrlRewrite { path: PathRewrite { type_: "ReplacePrefixMatch".to_owned(), replace_prefix_match: "/".to_owned() } }),
            ..Default::default()
        });
    }
    if plan.noindex {
        filters.push(HttpRouteFilter {
            type_: "ResponseHeaderModifier".to_owned(),
            response_header_modifier: Some(HeaderModifier { add: vec![HeaderValue { name: "X-Robots-Tag".to_owned(), value: "noindex, nofollow".to_owned() }] }),
            ..Default::default()
        });
    }
    for name in extra {
        filters.push(HttpRouteFilter {
            type_: "ExtensionRef".to_owned(),
            extension_ref: Some(ExtensionRef { group: "traefik.io".to_owned(), kind: "Middleware".to_owned(), name: name.clone() }),
            ..Default::default()
        });
    }
    HttpRouteRule { matches, filters, backend_refs: vec![BackendRef { name: service_name(app), port: i32::from(plan.port) }] }
}

/// The HTTPRoutes.
pub fn objects(app: &App, gw: &Gateway, plans: &[DomainPlan<'_>], warnings: &mut Collector) -> Vec<Object> {
    let mut out = Vec::new();
    // Traefik's Gateway API support runs its Middleware objects as `ExtensionRef` filters;
    // another provider's middleware has no such reference.
    let extra: Vec<String> = extra_middlewares(app, false, warnings)
        .into_iter()
        .filter_map(|m| match m {
            ExtraMiddleware::Local(name) => Some(name),
            ExtraMiddleware::Provider(_) => None,
        })
        .collect();
    let route = |listener: &str, suffix: &str, plan: &DomainPlan<'_>, to_https: bool| {
        Object::HttpRoute(HttpRoute::new(
            ObjectMeta {
                name: Some(format!("{}-{}-{suffix}", app.base_name, plan.domain.index)),
                namespace: Some(app.namespace.clone()),
                labels: Some(labels::common(app)),
                ..Default::default()
            },
            HttpRouteSpec {
                parent_refs: vec![ParentRef { name: gw.name.clone(), namespace: gw.namespace.clone(), section_name: Some(listener.to_owned()) }],
                hostnames: vec![plan.domain.host.clone()],
                rules: vec![rule(app, plan, to_https, &extra)],
            },
        ))
    };
    for plan in plans {
        if plan.domain.https {
            out.push(route(&gw.https_listener, "https", plan, false));
        }
        out.push(route(&gw.http_listener, "http", plan, plan.http_redirects));
        let mut missing = Vec::new();
        if plan.gzip {
            missing.push("compress responses (gzip)");
        }
        if plan.basic_auth {
            missing.push("ask for basic auth");
        }
        if !missing.is_empty() {
            warnings.push(
                "routing_feature_not_applied",
                format!("application.fqdn[{}]", plan.domain.index),
                format!("`{}`: Gateway API has no standard way to {}; configure it on the Gateway implementation", plan.domain.url, missing.join(" or ")),
            );
        }
    }
    out
}
