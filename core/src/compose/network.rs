//! A service's ports (`ports`, `expose`) and the Services that make it reachable by name.

use super::file::{Service, StrOr};
use super::service::{meta, scalar, selector};
use super::text::short_port;
use super::Ctx;
use k8s_openapi::api::core::v1::{Service as KubeService, ServicePort, ServiceSpec};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

/// Container ports from `ports` and `expose`: (port, protocol), deduplicated, in file order.
pub(crate) fn ports(ctx: &mut Ctx<'_>, svc: &Service, path: &str) -> Vec<(u16, String)> {
    let mut out: Vec<(u16, String)> = Vec::new();
    let mut add = |p: (u16, String)| {
        if !out.contains(&p) {
            out.push(p);
        }
    };
    for (i, entry) in svc.ports.iter().flatten().enumerate() {
        let ppath = format!("{path}.ports[{i}]");
        match entry {
            StrOr::Str(s) => {
                let s = ctx.x(s, &ppath);
                match short_port(&s) {
                    Ok((port, proto, published)) => {
                        if published.is_some() {
                            ctx.warnings.push("published_port", ppath.clone(), format!("`{s}`: no port is opened on the node; the port is reachable in the cluster through the service's Services (and from outside through its domains)"));
                        }
                        add((port, proto));
                    }
                    Err(e) => ctx.errors.push("invalid_port", ppath, e),
                }
            }
            StrOr::Long(l) => {
                ctx.untranslated(&ppath, &l.extra);
                for (key, v) in [("host_ip", &l.host_ip), ("mode", &l.mode), ("name", &l.name), ("app_protocol", &l.app_protocol)] {
                    if v.is_some() {
                        ctx.warnings.push("untranslated_key", format!("{ppath}.{key}"), format!("`{key}` is not translated to Kubernetes"));
                    }
                }
                if l.published.is_some() {
                    ctx.warnings.push("published_port", format!("{ppath}.published"), "no port is opened on the node; the port is reachable in the cluster through the service's Services");
                }
                let target = scalar(ctx, &l.target, &format!("{ppath}.target")).unwrap_or_default();
                let proto = scalar(ctx, &l.protocol, &format!("{ppath}.protocol")).unwrap_or_else(|| "tcp".to_owned());
                match short_port(&format!("{target}/{proto}")) {
                    Ok((port, proto, _)) => add((port, proto)),
                    Err(e) => ctx.errors.push("invalid_port", format!("{ppath}.target"), e),
                }
            }
        }
    }
    for (i, e) in svc.expose.iter().flatten().enumerate() {
        let epath = format!("{path}.expose[{i}]");
        let s = scalar(ctx, &Some(e.clone()), &epath).unwrap_or_default();
        match short_port(&s) {
            Ok((port, proto, _)) => add((port, proto)),
            Err(e) => ctx.errors.push("invalid_port", epath, e),
        }
    }
    out
}

pub(crate) fn port_name(port: u16, proto: &str) -> String {
    if proto == "tcp" { crate::render::port_name(port) } else { format!("{proto}-{port}") }
}

pub(crate) fn kube_service(ctx: &Ctx<'_>, name: String, service: &str, object: &str, ports: &[(u16, String)], headless: bool) -> KubeService {
    let headless = headless || ports.is_empty();
    KubeService {
        metadata: meta(ctx, name, service, object),
        spec: Some(ServiceSpec {
            type_: Some("ClusterIP".to_owned()),
            cluster_ip: if headless { Some("None".to_owned()) } else { None },
            selector: Some(selector(object)),
            ports: if headless {
                None
            } else {
                Some(
                    ports
                        .iter()
                        .map(|(p, proto)| ServicePort {
                            name: Some(port_name(*p, proto)),
                            port: i32::from(*p),
                            target_port: Some(IntOrString::Int(i32::from(*p))),
                            protocol: Some(proto.to_ascii_uppercase()),
                            ..Default::default()
                        })
                        .collect(),
                )
            },
            ..Default::default()
        }),
        ..Default::default()
    }
}

