//! Services (`ValidateService`): name, type, ports, selector, cluster IPs, traffic policies,
//! and the cluster's default node-port range.

use super::codes;
use super::container::protocol;
use super::field::{json, Bad, Path, Report};
use super::meta;
use super::probe::port_num_or_name;
use super::rules::{self, NameRule};
use k8s_openapi::api::core::v1::{Service, ServicePort, ServiceSpec};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeSet;

const TYPES: [&str; 4] = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const MAX_CLIENT_IP_AFFINITY_SECONDS: i32 = 86400;
const TOPOLOGY_MODE: &str = "service.kubernetes.io/topology-mode";
const TOPOLOGY_AWARE_HINTS: &str = "service.kubernetes.io/topology-aware-hints";

/// `ValidateService` (after `v1` defaulting: type `ClusterIP`, session affinity `None`, traffic
/// policies `Cluster`).
pub(crate) fn service(r: &mut Report, s: &Service) {
    meta::object_meta(r, &s.metadata, true, NameRule::Dns1035Label);
    let annotations = s.metadata.annotations.as_ref();
    let mode = annotations.and_then(|a| a.get(TOPOLOGY_MODE));
    let hints = annotations.and_then(|a| a.get(TOPOLOGY_AWARE_HINTS));
    if let (Some(mode), Some(hints)) = (mode, hints) {
        if mode != hints {
            let at = Path::new("metadata")
                .child("annotations")
                .key(TOPOLOGY_MODE);
            let detail =
                format!("must match annotations[{TOPOLOGY_AWARE_HINTS}] when both are specified");
            r.invalid(codes::INVALID_SERVICE, &at, Bad::Str(mode), &detail);
        }
    }
    let default_spec = ServiceSpec::default();
    let spec = s.spec.as_ref().unwrap_or(&default_spec);
    let path = Path::new("spec");
    let type_ = spec
        .type_
        .as_deref()
        .filter(|t| !t.is_empty())
        .unwrap_or("ClusterIP");
    let cluster_ips = effective_cluster_ips(spec);
    let headless = cluster_ips.len() == 1 && cluster_ips[0] == "None";
    let ports = spec.ports.as_deref().unwrap_or_default();

    if ports.is_empty() && !headless && type_ != "ExternalName" {
        r.required(codes::REQUIRED, &path.child("ports"), "");
    }
    match type_ {
        "LoadBalancer" | "NodePort" if headless => {
            let detail = format!("may not be set to 'None' for {type_} services");
            r.invalid(
                codes::INVALID_CLUSTER_IP,
                &path.child("clusterIPs").index(0),
                Bad::Str("None"),
                &detail,
            );
        }
        "ExternalName" => external_name(r, spec, &cluster_ips, &path),
        _ => {}
    }

    let mut names = BTreeSet::new();
    for (i, port) in ports.iter().enumerate() {
        service_port(
            r,
            port,
            ports.len() > 1,
            &mut names,
            &path.child("ports").index(i),
        );
    }
    if spec.selector.is_some() {
        meta::labels(r, spec.selector.as_ref(), &path.child("selector"));
    }
    session_affinity(r, spec, &path);
    if type_ != "ExternalName" {
        cluster_ip_fields(r, spec, &cluster_ips, headless, &path);
    }
    for (i, ip) in spec.external_ips.iter().flatten().enumerate() {
        let at = path.child("externalIPs").index(i);
        let errs = rules::ip_errors(ip);
        if errs.is_empty() {
            non_special_ip(r, ip, &at);
        } else {
            r.invalid_each(codes::INVALID_IP, &at, Bad::Str(ip), &errs);
        }
    }
    if !TYPES.contains(&type_) {
        r.not_supported(codes::UNSUPPORTED_VALUE, &path.child("type"), type_, &TYPES);
    }
    node_ports(r, ports, type_, &path);
    duplicate_ports(r, ports, &path);
    load_balancer_fields(r, s, spec, type_, &path);
    traffic_policies(r, spec, type_, &path);
}

/// The API server keeps `clusterIP` and `clusterIPs` in step before validating: one set and
/// the other empty means both hold the same first value.
fn effective_cluster_ips(spec: &ServiceSpec) -> Vec<&str> {
    match (
        spec.cluster_ip.as_deref().filter(|ip| !ip.is_empty()),
        spec.cluster_ips.as_deref(),
    ) {
        (_, Some(ips)) if !ips.is_empty() => ips.iter().map(String::as_str).collect(),
        (Some(ip), _) => vec![ip],
        _ => Vec::new(),
    }
}

fn external_name(r: &mut Report, spec: &ServiceSpec, cluster_ips: &[&str], path: &Path) {
    if !cluster_ips.is_empty() {
        r.forbidden(
            codes::INVALID_CLUSTER_IP,
            &path.child("clusterIPs"),
            "may not be set for ExternalName services",
        );
    }
    if spec.ip_families.as_ref().is_some_and(|f| !f.is_empty()) {
        r.forbidden(
            codes::FORBIDDEN_FIELD,
            &path.child("ipFamilies"),
            "may not be set for ExternalName services",
        );
    }
    if spec.ip_family_policy.is_some() {
        r.forbidden(
            codes::FORBIDDEN_FIELD,
            &path.child("ipFamilyPolicy"),
            "may not be set for ExternalName services",
        );
    }
    let name = spec.external_name.as_deref().unwrap_or("");
    let cname = name.strip_suffix('.').unwrap_or(name);
    let at = path.child("externalName");
    if cname.is_empty() {
        r.required(codes::REQUIRED, &at, "");
    } else {
        r.invalid_each(
            codes::INVALID_SERVICE,
            &at,
            Bad::Str(cname),
            &rules::dns1123_subdomain_errors(cname),
        );
    }
}

/// `validateServicePort`: a name (a DNS-1123 label, required when there are several ports and
/// unique), a port number, a protocol, a target port.
fn service_port<'a>(
    r: &mut Report,
    port: &'a ServicePort,
    require_name: bool,
    names: &mut BTreeSet<&'a str>,
    path: &Path,
) {
    let name = port.name.as_deref().unwrap_or("");
    let name_path = path.child("name");
    if require_name && name.is_empty() {
        r.required(codes::REQUIRED, &name_path, "");
    } else if !name.is_empty() {
        r.invalid_each(
            codes::INVALID_PORT_NAME,
            &name_path,
            Bad::Str(name),
            &rules::dns1123_label_errors(name),
        );
        if !names.insert(name) {
            r.duplicate(codes::DUPLICATE_PORT_NAME, &name_path, Bad::Str(name));
        }
    }
    let at = path.child("port");
    r.invalid_each(
        codes::INVALID_PORT,
        &at,
        Bad::Int(port.port.into()),
        &rules::port_num_errors(port.port.into()),
    );
    protocol(r, port.protocol.as_deref(), &path.child("protocol"));
    // Defaulting turns an unset, zero or empty target port into `port`.
    match &port.target_port {
        None | Some(IntOrString::Int(0)) => {}
        Some(IntOrString::String(s)) if s.is_empty() => {}
        Some(target) => port_num_or_name(r, target, &path.child("targetPort")),
    }
    if let Some(app_protocol) = &port.app_protocol {
        let errs = rules::qualified_name_errors(app_protocol);
        r.invalid_each(
            codes::INVALID_VALUE,
            &path.child("appProtocol"),
            Bad::Str(app_protocol),
            &errs,
        );
    }
}

fn session_affinity(r: &mut Report, spec: &ServiceSpec, path: &Path) {
    let affinity = spec
        .session_affinity
        .as_deref()
        .filter(|a| !a.is_empty())
        .unwrap_or("None");
    let config_path = path.child("sessionAffinityConfig");
    match affinity {
        "None" => {
            if spec.session_affinity_config.is_some() {
                r.forbidden(
                    codes::INVALID_SERVICE,
                    &config_path,
                    "must not be set when session affinity is None",
                );
            }
        }
        "ClientIP" => {
            // Defaulting fills a missing timeout with 10800 seconds.
            let timeout = spec
                .session_affinity_config
                .as_ref()
                .and_then(|c| c.client_ip.as_ref())
                .and_then(|c| c.timeout_seconds);
            if let Some(t) = timeout {
                if t <= 0 || t > MAX_CLIENT_IP_AFFINITY_SECONDS {
                    let at = config_path.child("clientIP").child("timeoutSeconds");
                    let detail = format!(
                        "must be greater than 0 and less than {MAX_CLIENT_IP_AFFINITY_SECONDS}"
                    );
                    r.invalid(codes::INVALID_SERVICE, &at, Bad::Int(t.into()), &detail);
                }
            }
        }
        other => r.not_supported(
            codes::UNSUPPORTED_VALUE,
            &path.child("sessionAffinity"),
            other,
            &["ClientIP", "None"],
        ),
    }
}

/// `ValidateServiceClusterIPsRelatedFields`.
fn cluster_ip_fields(
    r: &mut Report,
    spec: &ServiceSpec,
    cluster_ips: &[&str],
    headless: bool,
    path: &Path,
) {
    let ips_path = path.child("clusterIPs");
    if let (Some(ip), Some(ips)) = (
        spec.cluster_ip.as_deref().filter(|ip| !ip.is_empty()),
        spec.cluster_ips.as_deref(),
    ) {
        if ips.first().is_some_and(|first| first != ip) {
            r.invalid(
                codes::INVALID_CLUSTER_IP,
                &ips_path,
                json(ips),
                "first value must match `clusterIP`",
            );
        }
    }
    let mut seen = BTreeSet::new();
    for (i, family) in spec.ip_families.iter().flatten().enumerate() {
        let at = path.child("ipFamilies").index(i);
        if family != "IPv4" && family != "IPv6" {
            r.not_supported(codes::UNSUPPORTED_VALUE, &at, family, &["IPv4", "IPv6"]);
        }
        if !seen.insert(family.as_str()) {
            r.duplicate(codes::INVALID_VALUE, &at, Bad::Str(family));
        }
    }
    if let Some(policy) = spec.ip_family_policy.as_deref() {
        const POLICIES: [&str; 3] = ["PreferDualStack", "RequireDualStack", "SingleStack"];
        if !POLICIES.contains(&policy) {
            r.not_supported(
                codes::UNSUPPORTED_VALUE,
                &path.child("ipFamilyPolicy"),
                policy,
                &POLICIES,
            );
        }
    }
    let mut invalid = false;
    for (i, ip) in cluster_ips.iter().enumerate() {
        if i == 0 && *ip == "None" {
            if cluster_ips.len() > 1 {
                invalid = true;
                r.invalid(
                    codes::INVALID_CLUSTER_IP,
                    &ips_path,
                    json(cluster_ips),
                    "'None' must be the first and only value",
                );
            }
            continue;
        }
        let errs = rules::ip_errors(ip);
        invalid |= !errs.is_empty();
        r.invalid_each(
            codes::INVALID_CLUSTER_IP,
            &ips_path.index(i),
            Bad::Str(ip),
            &errs,
        );
    }
    if cluster_ips.len() > 2 {
        r.invalid(
            codes::INVALID_CLUSTER_IP,
            &ips_path,
            json(cluster_ips),
            "may only hold up to 2 values",
        );
    }
    if invalid || headless {
        return;
    }
    if cluster_ips.len() == 2 && cluster_ips[0].contains(':') == cluster_ips[1].contains(':') {
        r.invalid(
            codes::INVALID_CLUSTER_IP,
            &ips_path,
            json(cluster_ips),
            "may specify no more than one IP for each IP family",
        );
    }
    for (i, (ip, family)) in cluster_ips
        .iter()
        .zip(spec.ip_families.iter().flatten())
        .enumerate()
    {
        let v6 = ip.contains(':');
        if family == "IPv4" && v6 {
            let detail = format!("expected an IPv4 value as indicated by `ipFamilies[{i}]`");
            r.invalid(
                codes::INVALID_CLUSTER_IP,
                &ips_path.index(i),
                Bad::Str(ip),
                &detail,
            );
        } else if family == "IPv6" && !v6 {
            let detail = format!("expected an IPv6 value as indicated by `ipFamilies[{i}]`");
            r.invalid(
                codes::INVALID_CLUSTER_IP,
                &ips_path.index(i),
                Bad::Str(ip),
                &detail,
            );
        }
    }
}

/// `ValidateNonSpecialIP` for external IPs.
fn non_special_ip(r: &mut Report, ip: &str, path: &Path) {
    let parsed: Option<std::net::IpAddr> = ip.parse().ok();
    let Some(parsed) = parsed else { return };
    let (unspecified, loopback, link_local, link_local_multicast) = match parsed {
        std::net::IpAddr::V4(v4) => {
            let o = v4.octets();
            (
                v4.is_unspecified(),
                v4.is_loopback(),
                v4.is_link_local(),
                o[0] == 224 && o[1] == 0 && o[2] == 0,
            )
        }
        std::net::IpAddr::V6(v6) => {
            let s = v6.segments();
            (
                v6.is_unspecified(),
                v6.is_loopback(),
                (s[0] & 0xffc0) == 0xfe80,
                (s[0] & 0xff0f) == 0xff02,
            )
        }
    };
    if unspecified {
        r.invalid(
            codes::INVALID_IP,
            path,
            Bad::Str(ip),
            &format!("may not be unspecified ({ip})"),
        );
    }
    if loopback {
        r.invalid(
            codes::INVALID_IP,
            path,
            Bad::Str(ip),
            "may not be in the loopback range (127.0.0.0/8, ::1/128)",
        );
    }
    if link_local {
        r.invalid(
            codes::INVALID_IP,
            path,
            Bad::Str(ip),
            "may not be in the link-local range (169.254.0.0/16, fe80::/10)",
        );
    }
    if link_local_multicast {
        let detail = "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)";
        r.invalid(codes::INVALID_IP, path, Bad::Str(ip), detail);
    }
}

/// Node ports: forbidden for `ClusterIP`, inside the default range (30000–32767) otherwise,
/// unique per protocol.
fn node_ports(r: &mut Report, ports: &[ServicePort], type_: &str, path: &Path) {
    let mut seen = BTreeSet::new();
    for (i, port) in ports.iter().enumerate() {
        let Some(node_port) = port.node_port.filter(|&p| p != 0) else {
            continue;
        };
        let at = path.child("ports").index(i).child("nodePort");
        if type_ == "ClusterIP" {
            r.forbidden(
                codes::INVALID_NODE_PORT,
                &at,
                "may not be used when `type` is 'ClusterIP'",
            );
        } else if !rules::NODE_PORT_RANGE.contains(&node_port) {
            let detail = format!(
                "provided port is not in the valid range. The range of valid ports is {}-{}",
                rules::NODE_PORT_RANGE.start(),
                rules::NODE_PORT_RANGE.end()
            );
            r.invalid(
                codes::INVALID_NODE_PORT,
                &at,
                Bad::Int(node_port.into()),
                &detail,
            );
        }
        let key = (
            port.protocol
                .as_deref()
                .filter(|p| !p.is_empty())
                .unwrap_or("TCP"),
            node_port,
        );
        if !seen.insert(key) {
            r.duplicate(codes::DUPLICATE_NODE_PORT, &at, Bad::Int(node_port.into()));
        }
    }
}

/// A (protocol, port) pair at most once.
fn duplicate_ports(r: &mut Report, ports: &[ServicePort], path: &Path) {
    let mut seen = BTreeSet::new();
    for (i, port) in ports.iter().enumerate() {
        let protocol = port
            .protocol
            .as_deref()
            .filter(|p| !p.is_empty())
            .unwrap_or("TCP");
        if !seen.insert((protocol, port.port)) {
            let value = Bad::Json(format!(
                "{{\"port\":{},\"protocol\":{}}}",
                port.port,
                super::field::go_quote(protocol)
            ));
            r.duplicate(codes::DUPLICATE_PORT, &path.child("ports").index(i), value);
        }
    }
}

fn load_balancer_fields(r: &mut Report, s: &Service, spec: &ServiceSpec, type_: &str, path: &Path) {
    let lb = type_ == "LoadBalancer";
    let only_lb = "may only be used when `type` is 'LoadBalancer'";
    let ranges = spec
        .load_balancer_source_ranges
        .as_deref()
        .unwrap_or_default();
    if !ranges.is_empty() {
        let at = path.child("LoadBalancerSourceRanges");
        if !lb {
            r.forbidden(codes::FORBIDDEN_FIELD, &at, only_lb);
        }
        for (i, range) in ranges.iter().enumerate() {
            let range = range.trim();
            r.invalid_each(
                codes::INVALID_IP,
                &at.index(i),
                Bad::Str(range),
                &rules::cidr_errors(range),
            );
        }
    } else if let Some(value) = s
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get("service.beta.kubernetes.io/load-balancer-source-ranges"))
    {
        let at = Path::new("metadata")
            .child("annotations")
            .key("service.beta.kubernetes.io/load-balancer-source-ranges");
        if !lb {
            r.forbidden(codes::FORBIDDEN_FIELD, &at, only_lb);
        }
        let value = value.trim();
        if !value.is_empty() {
            for cidr in value.split(',') {
                let cidr = cidr.trim();
                r.invalid_each(
                    codes::INVALID_IP,
                    &at,
                    Bad::Str(cidr),
                    &rules::cidr_errors(cidr),
                );
            }
        }
    }
    if spec.allocate_load_balancer_node_ports.is_some() && !lb {
        r.forbidden(
            codes::FORBIDDEN_FIELD,
            &path.child("allocateLoadBalancerNodePorts"),
            only_lb,
        );
    }
    if let Some(class) = spec.load_balancer_class.as_deref() {
        let at = path.child("loadBalancerClass");
        if !lb {
            r.forbidden(codes::FORBIDDEN_FIELD, &at, only_lb);
        }
        r.invalid_each(
            codes::INVALID_VALUE,
            &at,
            Bad::Str(class),
            &rules::qualified_name_errors(class),
        );
    }
}

fn traffic_policies(r: &mut Report, spec: &ServiceSpec, type_: &str, path: &Path) {
    let externally_accessible = type_ == "LoadBalancer"
        || type_ == "NodePort"
        || (type_ == "ClusterIP"
            && spec
                .external_ips
                .as_ref()
                .is_some_and(|ips| !ips.is_empty()));
    let external = spec
        .external_traffic_policy
        .as_deref()
        .filter(|p| !p.is_empty());
    let at = path.child("externalTrafficPolicy");
    match external {
        Some(policy) if !externally_accessible => {
            r.invalid(
                codes::INVALID_SERVICE,
                &at,
                Bad::Str(policy),
                "may only be set for externally-accessible services",
            );
        }
        Some(policy) if policy != "Cluster" && policy != "Local" => {
            r.not_supported(codes::UNSUPPORTED_VALUE, &at, policy, &["Cluster", "Local"]);
        }
        _ => {}
    }
    let needs_health_check = type_ == "LoadBalancer" && external == Some("Local");
    if let Some(port) = spec.health_check_node_port.filter(|&p| p != 0) {
        let at = path.child("healthCheckNodePort");
        if !needs_health_check {
            let detail = "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'";
            r.invalid(codes::INVALID_SERVICE, &at, Bad::Int(port.into()), detail);
        } else {
            r.invalid_each(
                codes::INVALID_PORT,
                &at,
                Bad::Int(port.into()),
                &rules::port_num_errors(port.into()),
            );
        }
    }
    if let Some(policy) = spec
        .internal_traffic_policy
        .as_deref()
        .filter(|p| !p.is_empty())
    {
        if policy != "Cluster" && policy != "Local" {
            r.not_supported(
                codes::UNSUPPORTED_VALUE,
                &path.child("internalTrafficPolicy"),
                policy,
                &["Cluster", "Local"],
            );
        }
    }
    if let Some(distribution) = spec.traffic_distribution.as_deref() {
        if distribution != "PreferClose" {
            r.not_supported(
                codes::UNSUPPORTED_VALUE,
                &path.child("trafficDistribution"),
                distribution,
                &["PreferClose"],
            );
        }
    }
}
