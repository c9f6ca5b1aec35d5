//! Services: one for the application (its DNS name is the uuid, as Coolify's container alias
//! with consistent naming), one more per network alias.

use super::labels;
use crate::error::Collector;
use crate::model::App;
use crate::names;
use k8s_openapi::api::core::v1::{Service, ServicePort, ServiceSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

/// The port name used for container port `p` everywhere (≤ 15 characters, unique).
pub fn port_name(p: u16) -> String {
    format!("tcp-{p}")
}

/// The application's Service name: the base name, made a DNS-1035 label when it starts with a digit.
pub fn service_name(app: &App) -> String {
    names::dns1035_label(&app.base_name, names::MAX_LABEL)
}

fn ports(app: &App, node_ports: bool) -> Vec<ServicePort> {
    app.ports
        .iter()
        .map(|&p| ServicePort {
            name: Some(port_name(p)),
            port: i32::from(p),
            target_port: Some(IntOrString::Int(i32::from(p))),
            protocol: Some("TCP".to_owned()),
            node_port: if node_ports { app.port_mappings.iter().find(|(_, c)| *c == p).map(|(h, _)| i32::from(*h)) } else { None },
            ..Default::default()
        })
        .collect()
}

fn service(app: &App, name: String, primary: bool) -> Service {
    let headless = app.ports.is_empty();
    let service_type = if primary && !headless { app.service_type.clone() } else { "ClusterIP".to_owned() };
    let node_ports = service_type == "NodePort";
    Service {
        metadata: ObjectMeta {
            name: Some(name),
            namespace: Some(app.namespace.clone()),
            labels: Some(labels::common(app)),
            annotations: if primary && !app.service_annotations.is_empty() { Some(app.service_annotations.clone()) } else { None },
            ..Default::default()
        },
        spec: Some(ServiceSpec {
            type_: Some(service_type),
            // Without ports, a headless Service still gives the name DNS records, as a
            // Docker network alias does.
            cluster_ip: if headless { Some("None".to_owned()) } else { None },
            selector: Some(labels::selector(app)),
            ports: if headless { None } else { Some(ports(app, node_ports)) },
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The main Service plus one per alias; a name used twice is an error.
pub fn services(app: &App, errors: &mut Collector, warnings: &mut Collector) -> Vec<Service> {
    let main = service_name(app);
    if main != app.base_name {
        warnings.push(
            "service_name_changed",
            "application.uuid",
            format!("a Service name must start with a letter, so the application is reachable in the cluster as `{main}` rather than `{}`", app.base_name),
        );
    }
    let mut out = vec![service(app, main.clone(), true)];
    let mut used = vec![main];
    for (i, alias) in app.aliases.iter().enumerate() {
        if used.contains(alias) {
            errors.push("network_alias_collision", format!("application.custom_network_aliases[{i}]"), format!("`{alias}` is already the name of another Service of this application"));
            continue;
        }
        used.push(alias.clone());
        out.push(service(app, alias.clone(), false));
    }
    out
}
