//! A service's domains, routed through the application render's routing, with the middlewares of
//! `coolify.traefik.middlewares`.

use super::file::Service;
use super::service::labels;
use super::{remap, Ctx};
use crate::model::{Bundle, Scalar};
use crate::objects::Object;
use crate::render::routing;
use std::collections::BTreeMap;

/// Routing for the service's domains, through the application render's routing: a synthetic
/// application named like the service's objects.
pub(crate) fn routes(ctx: &mut Ctx<'_>, service: &str, object: &str, domains: &str, source: &str, ports: &mut Vec<(u16, String)>, middlewares: &[String]) -> Vec<Object> {
    let port_text: Vec<String> = ports.iter().filter(|(_, p)| p == "tcp").map(|(p, _)| p.to_string()).collect();
    let bundle = Bundle {
        application: Some(crate::model::Application {
            uuid: Some(Scalar::from(object)),
            name: Some(Scalar::from(service)),
            build_pack: Some(Scalar::from("dockerimage")),
            // The image is not part of routing; a fixed valid one keeps the model quiet.
            docker_registry_image_name: Some(Scalar::from("compose")),
            fqdn: Some(Scalar::from(domains)),
            ports_exposes: Some(Scalar::from(if port_text.is_empty() { "80".to_owned() } else { port_text.join(",") }.as_str())),
            ..Default::default()
        }),
        server: ctx.base_server.clone(),
        ..Default::default()
    };
    let (mut app, warnings) = match crate::model::normalize(&bundle) {
        Ok(r) => r,
        Err(e) => {
            for p in remap(e.problems, service, source) {
                ctx.errors.add(p);
            }
            return Vec::new();
        }
    };
    for w in remap(warnings, service, source) {
        ctx.warnings.add(w);
    }
    app.namespace = ctx.base.namespace.clone();
    app.middlewares = middlewares.to_vec();
    for d in &app.domains {
        let port = d.port.or(app.ports.first().copied()).unwrap_or(80);
        if !ports.iter().any(|(p, proto)| *p == port && proto == "tcp") {
            ports.push((port, "tcp".to_owned()));
        }
    }
    let mut errors = crate::error::Collector::default();
    let mut warnings = crate::error::Collector::default();
    let out = match routing::objects(&app, &mut errors, &mut warnings) {
        Ok(o) => o,
        Err(e) => {
            for p in remap(e.problems, service, source) {
                ctx.errors.add(p);
            }
            Vec::new()
        }
    };
    for p in remap(errors.into_vec(), service, source) {
        ctx.errors.add(p);
    }
    for p in remap(warnings.into_vec(), service, source) {
        ctx.warnings.add(p);
    }
    // The routing objects carry the stack's labels (`coolify.serviceId`, `coolify.type:
    // service`), so that the stack's plans find, prune and delete them with the rest.
    let mut out = out;
    let stack = labels(ctx, service, object);
    for o in &mut out {
        o.metadata_mut().labels.get_or_insert_with(BTreeMap::new).extend(stack.clone());
    }
    out
}

/// The label that adds Traefik middlewares to the routers of a service's domains.
pub const MIDDLEWARES_LABEL: &str = "coolify.traefik.middlewares";

/// The middlewares named by `coolify.traefik.middlewares` (comma-separated).
pub(crate) fn proxy_middlewares(ctx: &mut Ctx<'_>, svc: &Service, path: &str) -> Vec<String> {
    let Some(labels) = &svc.labels else { return Vec::new() };
    let Some((i, (_, value))) = labels.entries.iter().enumerate().find(|(_, (k, _))| k == MIDDLEWARES_LABEL) else { return Vec::new() };
    let p = if labels.list { format!("{path}.labels[{i}]") } else { format!("{path}.labels.{MIDDLEWARES_LABEL}") };
    let value = value.as_deref().map(|v| ctx.x(v, &p)).unwrap_or_default();
    value.split(',').map(str::trim).filter(|m| !m.is_empty()).map(str::to_owned).collect()
}

