//! Routing: Coolify's proxy behaviour per `fqdn` entry, expressed for the cluster's flavour.
//!
//! Per entry Coolify's Traefik labels give (coolify-model §4): an https entry gets a TLS router
//! and an http router (which redirects to https when forced, else serves the same content); an
//! http entry only an http router. The middleware chain is: strip the path prefix, gzip, the
//! www / non-www redirect, basic auth, the noindex header — in that order.

pub mod crds;
mod gateway;
mod htpasswd;
mod ingress;
mod labels;
mod traefik;

use crate::error::{Collector, Errors};
use crate::model::{App, Domain, Routing};
use crate::objects::Object;

pub use htpasswd::htpasswd_line;

/// Which redirect a domain's chain carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostRedirect {
    /// Send `host` to `www.host`.
    ToWww,
    /// Send `www.host` to `host`.
    ToNonWww,
}

/// What Coolify's proxy does for one `fqdn` entry.
#[derive(Clone, Debug)]
pub struct DomainPlan<'a> {
    /// The entry.
    pub domain: &'a Domain,
    /// Container (and Service) port.
    pub port: u16,
    /// Strip `domain.path` before forwarding.
    pub strip: bool,
    /// Compress responses.
    pub gzip: bool,
    /// Redirect to the other host form.
    pub redirect: Option<HostRedirect>,
    /// Ask for basic auth.
    pub basic_auth: bool,
    /// Add `X-Robots-Tag: noindex, nofollow`.
    pub noindex: bool,
    /// The http router only redirects to https.
    pub http_redirects: bool,
}

/// The plan of every entry, in `fqdn` order.
pub fn plans(app: &App) -> Vec<DomainPlan<'_>> {
    app.domains
        .iter()
        .map(|d| {
            let redirect = match app.redirect.as_str() {
                "www" if !d.host.starts_with("www.") => Some(HostRedirect::ToWww),
                "non-www" if d.host.starts_with("www.") => Some(HostRedirect::ToNonWww),
                _ => None,
            };
            DomainPlan {
                domain: d,
                port: d.port.or(app.ports.first().copied()).unwrap_or(80),
                strip: d.path != "/" && app.strip_prefix,
                gzip: app.gzip,
                redirect,
                basic_auth: app.basic_auth.is_some(),
                noindex: app.pull_request_id > 0 || app.noindex.iter().any(|u| same_url(u, &d.url)),
                http_redirects: d.https && app.force_https,
            }
        })
        .collect()
}

fn same_url(a: &str, b: &str) -> bool {
    a.trim().trim_end_matches('/').eq_ignore_ascii_case(b.trim_end_matches('/'))
}

/// An extra Traefik middleware of [`App::middlewares`], resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ExtraMiddleware {
    /// A `Middleware` object in the application's namespace.
    Local(String),
    /// Another provider's middleware, `name@provider`, referenced as written.
    Provider(String),
}

/// Resolves the extra middlewares: `name` and `name@kubernetescrd` are Middleware objects in
/// the namespace, and so is `name@docker` (a middleware Coolify's Traefik read from container
/// labels has to be a Middleware object here); `name@file` and other providers stay as written.
/// Each is a warning: the middleware itself is not part of the output.
/// With `providers` false (a flavour that can only name Middleware objects), another
/// provider's middleware is left out with a warning.
pub(crate) fn extra_middlewares(app: &App, providers: bool, warnings: &mut Collector) -> Vec<ExtraMiddleware> {
    let mut out = Vec::new();
    for m in &app.middlewares {
        let (name, provider) = match m.split_once('@') {
            Some((n, p)) => (n, Some(p)),
            None => (m.as_str(), None),
        };
        match provider {
            None | Some("kubernetescrd" | "docker") => {
                if !crate::names::is_dns_label(name) {
                    warnings.push("middleware_not_applied", "application.labels", format!("`{m}`: `{name}` cannot name a Traefik Middleware object; left out"));
                    continue;
                }
                warnings.push("middleware_required", "application.labels", format!("`{m}`: the Traefik Middleware `{name}` must exist in the namespace `{}`", app.namespace));
                out.push(ExtraMiddleware::Local(name.to_owned()));
            }
            Some(p) if providers => {
                warnings.push("middleware_required", "application.labels", format!("`{m}`: the cluster's Traefik must define `{name}` in its `{p}` provider"));
                out.push(ExtraMiddleware::Provider(m.clone()));
            }
            Some(_) => warnings.push(
                "middleware_not_applied",
                "application.labels",
                format!("`{m}`: an HTTPRoute can only name a Middleware object in its namespace (an ExtensionRef filter); left out"),
            ),
        }
    }
    out
}

/// The routing objects for the application's flavour.
pub fn objects(app: &App, errors: &mut Collector, warnings: &mut Collector) -> Result<Vec<Object>, Errors> {
    if let Some(text) = app.custom_labels.as_deref().filter(|_| app.pull_request_id == 0) {
        if app.routing == Routing::Traefik {
            return Ok(labels::objects(app, text, warnings));
        }
        warnings.push(
            "custom_labels_not_translated",
            "application.custom_labels",
            "hand-edited labels are Traefik labels; they are translated with the traefik routing flavour only — these routes follow `fqdn` and the settings",
        );
    }
    if app.domains.is_empty() {
        return Ok(Vec::new());
    }
    let plans = plans(app);
    Ok(match &app.routing {
        Routing::Traefik => {
            let extra = extra_middlewares(app, true, warnings);
            traefik::objects(app, &plans, &extra, errors)?
        }
        Routing::Gateway(gw) => gateway::objects(app, gw, &plans, warnings),
        Routing::Ingress => ingress::objects(app, &plans, warnings),
    })
}
