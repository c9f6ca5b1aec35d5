//! One container (`validateContainerCommon` and the per-field rules it calls): name, image,
//! ports, environment, mounts, resources, probes, lifecycle handlers, security context.

use super::codes;
use super::field::{json, Bad, Path, Report};
use super::meta::nonnegative;
use super::quantity::ParsedQuantity;
use super::rules::{self, NameRule};
use k8s_openapi::api::core::v1::{
    Container, ContainerPort, EnvFromSource, EnvVar, ExecAction, GRPCAction, HTTPGetAction, Lifecycle, LifecycleHandler,
    Probe, ResourceRequirements, SeccompProfile, SecurityContext, SleepAction, TCPSocketAction, Volume, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::{BTreeMap, BTreeSet};

/// The pod's volumes that passed validation, by name (mounts may only name these).
pub(crate) type VolumeSet<'a> = BTreeMap<&'a str, &'a Volume>;

/// What a container's checks need to know about its pod.
pub(crate) struct PodContext<'a> {
    pub(crate) volumes: VolumeSet<'a>,
    /// `terminationGracePeriodSeconds` after defaulting (30).
    pub(crate) grace_period: i64,
    /// Whether the pod shares the host's user namespace (`hostUsers`, default true).
    pub(crate) host_users: bool,
}

const PROTOCOLS: [&str; 3] = ["SCTP", "TCP", "UDP"];
const PULL_POLICIES: [&str; 3] = ["Always", "IfNotPresent", "Never"];
const TERMINATION_MESSAGE_POLICIES: [&str; 2] = ["File", "FallbackToLogsOnError"];
const ENV_FIELD_PATHS: [&str; 9] = [
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];
const RESOURCE_FIELD_PATHS: [&str; 6] =
    ["limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"];
const STANDARD_CONTAINER_RESOURCES: [&str; 3] = ["cpu", "memory", "ephemeral-storage"];
const STANDARD_RESOURCES: [&str; 20] = [
    "cpu",
    "memory",
    "ephemeral-storage",
    "storage",
    "pods",
    "services",
    "replicationcontrollers",
    "resourcequotas",
    "secrets",
    "configmaps",
    "persistentvolumeclaims",
    "services.nodeports",
    "services.loadbalancers",
    "requests.cpu",
    "requests.memory",
    "requests.storage",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
];

/// The checks every container kind shares: name, image, ports, env, mounts, resources,
/// security context.
pub(crate) fn container_common(r: &mut Report, c: &Container, pod: &PodContext<'_>, path: &Path) {
    let name_path = path.child("name");
    if c.name.is_empty() {
        r.required(codes::REQUIRED, &name_path, "");
    } else {
        r.invalid_each(codes::INVALID_CONTAINER_NAME, &name_path, Bad::Str(&c.name), &rules::dns1123_label_errors(&c.name));
    }
    if c.image.as_deref().is_none_or(str::is_empty) {
        r.required(codes::REQUIRED, &path.child("image"), "");
    }
    if let Some(policy) = c.termination_message_policy.as_deref().filter(|p| !p.is_empty()) {
        if !TERMINATION_MESSAGE_POLICIES.contains(&policy) {
            let at = path.child("terminationMessagePolicy");
            r.not_supported(codes::UNSUPPORTED_VALUE, &at, policy, &TERMINATION_MESSAGE_POLICIES);
        }
    }
    ports(r, c.ports.as_deref().unwrap_or_default(), &path.child("ports"));
    env(r, c.env.as_deref().unwrap_or_default(), &path.child("env"));
    env_from(r, c.env_from.as_deref().unwrap_or_default(), &path.child("envFrom"));
    volume_mounts(r, c, &pod.volumes, &path.child("volumeMounts"));
    if let Some(policy) = c.image_pull_policy.as_deref().filter(|p| !p.is_empty()) {
        if !PULL_POLICIES.contains(&policy) {
            r.not_supported(codes::UNSUPPORTED_VALUE, &path.child("imagePullPolicy"), policy, &PULL_POLICIES);
        }
    }
    if let Some(resources) = &c.resources {
        resource_requirements(r, resources, &path.child("resources"));
    }
    if let Some(sc) = &c.security_context {
        security_context(r, sc, pod.host_users, &path.child("securityContext"));
    }
}

/// `validateContainerPorts`: names are IANA service names and unique, numbers in range.
fn ports(r: &mut Report, ports: &[ContainerPort], path: &Path) {
    let mut names = BTreeSet::new();
    for (i, port) in ports.iter().enumerate() {
        let at = path.index(i);
        if let Some(name) = port.name.as_deref().filter(|n| !n.is_empty()) {
            let errs = rules::port_name_errors(name);
            if !errs.is_empty() {
                r.invalid_each(codes::INVALID_PORT_NAME, &at.child("name"), Bad::Str(name), &errs);
            } else if !names.insert(name) {
                r.duplicate(codes::DUPLICATE_PORT_NAME, &at.child("name"), Bad::Str(name));
            }
        }
        if port.container_port == 0 {
            r.required(codes::INVALID_PORT, &at.child("containerPort"), "");
        } else {
            let value = Bad::Int(i64::from(port.container_port));
            r.invalid_each(codes::INVALID_PORT, &at.child("containerPort"), value, &rules::port_num_errors(port.container_port.into()));
        }
        if let Some(host_port) = port.host_port.filter(|&p| p != 0) {
            let value = Bad::Int(i64::from(host_port));
            r.invalid_each(codes::INVALID_PORT, &at.child("hostPort"), value, &rules::port_num_errors(host_port.into()));
        }
        protocol(r, port.protocol.as_deref(), &at.child("protocol"));
    }
}

/// A port protocol: empty means the default (TCP); otherwise one of TCP, UDP, SCTP.
pub(crate) fn protocol(r: &mut Report, protocol: Option<&str>, path: &Path) {
    if let Some(p) = protocol.filter(|p| !p.is_empty()) {
        if !PROTOCOLS.contains(&p) {
            r.not_supported(codes::UNSUPPORTED_VALUE, path, p, &PROTOCOLS);
        }
    }
}

/// `ValidateEnv` with Kubernetes 1.33's relaxed names.
fn env(r: &mut Report, vars: &[EnvVar], path: &Path) {
    for (i, var) in vars.iter().enumerate() {
        let at = path.index(i);
        if var.name.is_empty() {
            r.required(codes::REQUIRED, &at.child("name"), "");
        } else {
            let errs = rules::relaxed_env_var_name_errors(&var.name);
            r.invalid_each(codes::INVALID_ENV_NAME, &at.child("name"), Bad::Str(&var.name), &errs);
        }
        if let Some(source) = &var.value_from {
            let from = at.child("valueFrom");
            let mut sources = 0;
            if let Some(field_ref) = &source.field_ref {
                sources += 1;
                let fp = from.child("fieldRef");
                if field_ref.field_path.is_empty() {
                    r.required(codes::REQUIRED, &fp.child("fieldPath"), "");
                } else {
                    env_field_path(r, &field_ref.field_path, &fp);
                }
            }
            if let Some(resource_ref) = &source.resource_field_ref {
                sources += 1;
                let rp = from.child("resourceFieldRef");
                let resource = resource_ref.resource.as_str();
                if resource.is_empty() {
                    r.required(codes::REQUIRED, &rp.child("resource"), "");
                } else if !RESOURCE_FIELD_PATHS.contains(&resource)
                    && !resource.starts_with("requests.hugepages-")
                    && !resource.starts_with("limits.hugepages-")
                {
                    r.not_supported(codes::UNSUPPORTED_VALUE, &rp.child("resource"), resource, &RESOURCE_FIELD_PATHS);
                }
            }
            if let Some(key_ref) = &source.config_map_key_ref {
                sources += 1;
                key_selector(r, &key_ref.name, &key_ref.key, &from.child("configMapKeyRef"));
            }
            if let Some(key_ref) = &source.secret_key_ref {
                sources += 1;
                key_selector(r, &key_ref.name, &key_ref.key, &from.child("secretKeyRef"));
            }
            let detail = if sources == 0 {
                Some("must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`")
            } else if var.value.as_deref().is_some_and(|v| !v.is_empty()) {
                Some("may not be specified when `value` is not empty")
            } else if sources > 1 {
                Some("may not have more than one field specified at a time")
            } else {
                None
            };
            if let Some(detail) = detail {
                r.invalid(codes::INVALID_ENV_SOURCE, &from, Bad::Str(""), detail);
            }
        }
    }
}

fn env_field_path(r: &mut Report, field_path: &str, path: &Path) {
    // `metadata.labels['key']` and `metadata.annotations['key']` take a subscript.
    if let Some((base, rest)) = field_path.split_once("['") {
        if let Some(subscript) = rest.strip_suffix("']") {
            match base {
                "metadata.annotations" => {
                    r.invalid_each(codes::INVALID_LABEL_KEY, path, Bad::Str(&subscript.to_lowercase()), &rules::qualified_name_errors(&subscript.to_lowercase()));
                }
                "metadata.labels" => {
                    r.invalid_each(codes::INVALID_LABEL_KEY, path, Bad::Str(subscript), &rules::qualified_name_errors(subscript));
                }
                _ => r.invalid(codes::INVALID_ENV_SOURCE, path, Bad::Str(base), "does not support subscript"),
            }
            return;
        }
    }
    if !ENV_FIELD_PATHS.contains(&field_path) {
        r.not_supported(codes::UNSUPPORTED_VALUE, &path.child("fieldPath"), field_path, &ENV_FIELD_PATHS);
    }
}

/// `validateSecretKeySelector` / `validateConfigMapKeySelector`.
fn key_selector(r: &mut Report, name: &str, key: &str, path: &Path) {
    let errs = NameRule::Dns1123Subdomain.errors(name, false);
    r.invalid_each(codes::INVALID_NAME, &path.child("name"), Bad::Str(name), &errs);
    if key.is_empty() {
        r.required(codes::REQUIRED, &path.child("key"), "");
    } else {
        r.invalid_each(codes::INVALID_CONFIG_KEY, &path.child("key"), Bad::Str(key), &rules::config_map_key_errors(key));
    }
}

/// `ValidateEnvFrom`.
fn env_from(r: &mut Report, sources: &[EnvFromSource], path: &Path) {
    for (i, source) in sources.iter().enumerate() {
        let at = path.index(i);
        if let Some(prefix) = source.prefix.as_deref().filter(|p| !p.is_empty()) {
            let errs = rules::relaxed_env_var_name_errors(prefix);
            r.invalid_each(codes::INVALID_ENV_NAME, &at.child("prefix"), Bad::Str(prefix), &errs);
        }
        let mut count = 0;
        for (field, name) in [
            ("configMapRef", source.config_map_ref.as_ref().map(|s| s.name.as_str())),
            ("secretRef", source.secret_ref.as_ref().map(|s| s.name.as_str())),
        ] {
            let Some(name) = name else { continue };
            count += 1;
            let np = at.child(field).child("name");
            if name.is_empty() {
                r.required(codes::REQUIRED, &np, "");
            } else {
                r.invalid_each(codes::INVALID_NAME, &np, Bad::Str(name), &NameRule::Dns1123Subdomain.errors(name, true));
            }
        }
        if count == 0 {
            r.invalid(codes::INVALID_ENV_SOURCE, &at, Bad::Str(""), "must specify one of: `configMapRef` or `secretRef`");
        } else if count > 1 {
            r.invalid(codes::INVALID_ENV_SOURCE, &at, Bad::Str(""), "may not have more than one field specified at a time");
        }
    }
}

/// `ValidateVolumeMounts`: each names a known volume, paths are unique, sub paths stay inside.
fn volume_mounts(r: &mut Report, c: &Container, volumes: &VolumeSet<'_>, path: &Path) {
    let mut mount_points = BTreeSet::new();
    for (i, mount) in c.volume_mounts.as_deref().unwrap_or_default().iter().enumerate() {
        let at = path.index(i);
        volume_mount(r, mount, c, volumes, &at);
        if mount.mount_path.is_empty() {
            r.required(codes::REQUIRED, &at.child("mountPath"), "");
        }
        if !mount_points.insert(mount.mount_path.as_str()) {
            r.invalid(codes::DUPLICATE_MOUNT_PATH, &at.child("mountPath"), Bad::Str(&mount.mount_path), "must be unique");
        }
    }
}

fn volume_mount(r: &mut Report, mount: &VolumeMount, c: &Container, volumes: &VolumeSet<'_>, at: &Path) {
    if mount.name.is_empty() {
        r.required(codes::REQUIRED, &at.child("name"), "");
    }
    let volume = volumes.get(mount.name.as_str());
    if volume.is_none() {
        r.not_found(codes::VOLUME_NOT_FOUND, &at.child("name"), Bad::Str(&mount.name));
    }
    let sub_path = mount.sub_path.as_deref().unwrap_or("");
    let sub_path_expr = mount.sub_path_expr.as_deref().unwrap_or("");
    if volume.is_some_and(|v| v.image.is_some()) {
        if !sub_path.is_empty() {
            r.invalid(codes::INVALID_PATH, &at.child("subPath"), Bad::Str(sub_path), "not allowed in image volume sources");
        }
        if !sub_path_expr.is_empty() {
            let detail = "not allowed in image volume sources";
            r.invalid(codes::INVALID_PATH, &at.child("subPathExpr"), Bad::Str(sub_path_expr), detail);
        }
    }
    if !sub_path.is_empty() {
        local_descending_path(r, sub_path, &at.child("subPath"));
    }
    if !sub_path_expr.is_empty() {
        if !sub_path.is_empty() {
            let detail = "subPathExpr and subPath are mutually exclusive";
            r.invalid(codes::INVALID_PATH, &at.child("subPathExpr"), Bad::Str(sub_path_expr), detail);
        }
        local_descending_path(r, sub_path_expr, &at.child("subPathExpr"));
    }
    if let Some(propagation) = mount.mount_propagation.as_deref() {
        const SUPPORTED: [&str; 3] = ["Bidirectional", "HostToContainer", "None"];
        let at = at.child("mountPropagation");
        if !SUPPORTED.contains(&propagation) {
            r.not_supported(codes::UNSUPPORTED_VALUE, &at, propagation, &SUPPORTED);
        }
        let privileged = c.security_context.as_ref().and_then(|s| s.privileged) == Some(true);
        if propagation == "Bidirectional" && !privileged {
            r.forbidden(codes::FORBIDDEN_FIELD, &at, "Bidirectional mount propagation is available only to privileged containers");
        }
    }
    if let Some(rro) = mount.recursive_read_only.as_deref() {
        let at = at.child("recursiveReadOnly");
        match rro {
            "Disabled" => {}
            "Enabled" | "IfPossible" => {
                if mount.read_only != Some(true) {
                    r.forbidden(codes::FORBIDDEN_FIELD, &at, "may only be specified when readOnly is true");
                }
                if mount.mount_propagation.as_deref().is_some_and(|p| p != "None") {
                    r.forbidden(codes::FORBIDDEN_FIELD, &at, "may only be specified when mountPropagation is None or not specified");
                }
            }
            other => r.not_supported(codes::UNSUPPORTED_VALUE, &at, other, &["Disabled", "Enabled", "IfPossible"]),
        }
    }
}

/// `validateLocalDescendingPath`: relative, and no `..` element.
pub(crate) fn local_descending_path(r: &mut Report, target: &str, path: &Path) {
    if target.starts_with('/') {
        r.invalid(codes::INVALID_PATH, path, Bad::Str(target), "must be a relative path");
    }
    path_no_backsteps(r, target, path);
}

/// `validatePathNoBacksteps`: no `..` element.
pub(crate) fn path_no_backsteps(r: &mut Report, target: &str, path: &Path) {
    if target.split('/').any(|part| part == "..") {
        r.invalid(codes::INVALID_PATH, path, Bad::Str(target), "must not contain '..'");
    }
}

/// `ValidateLocalNonReservedPath`: a local descending path that does not start with `..`.
pub(crate) fn local_non_reserved_path(r: &mut Report, target: &str, path: &Path) {
    local_descending_path(r, target, path);
    if target.starts_with("..") && !target.starts_with("../") {
        r.invalid(codes::INVALID_PATH, path, Bad::Str(target), "must not start with '..'");
    }
}

fn is_hugepages(name: &str) -> bool {
    name.starts_with("hugepages-")
}

fn is_native_resource(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

fn is_extended_resource(name: &str) -> bool {
    !is_native_resource(name)
        && !name.starts_with("requests.")
        && rules::qualified_name_errors(&format!("requests.{name}")).is_empty()
}

fn overcommit_allowed(name: &str) -> bool {
    is_native_resource(name) && !is_hugepages(name)
}

/// `validateContainerResourceName`.
fn container_resource_name(r: &mut Report, name: &str, path: &Path) {
    let errs = rules::qualified_name_errors(name);
    if !errs.is_empty() {
        r.invalid_each(codes::INVALID_RESOURCE_NAME, path, Bad::Str(name), &errs);
    } else if !name.contains('/') && !STANDARD_RESOURCES.contains(&name) && !is_hugepages(name) {
        r.invalid(codes::INVALID_RESOURCE_NAME, path, Bad::Str(name), "must be a standard resource type or fully qualified");
    }
    if !name.contains('/') {
        if !STANDARD_CONTAINER_RESOURCES.contains(&name) && !is_hugepages(name) {
            r.invalid(codes::INVALID_RESOURCE_NAME, path, Bad::Str(name), "must be a standard resource for containers");
        }
    } else if !is_native_resource(name) && !is_extended_resource(name) {
        r.invalid(codes::INVALID_RESOURCE_NAME, path, Bad::Str(name), "doesn't follow extended resource name standard");
    }
}

/// Parses a quantity as the API server reads it from JSON (surrounding whitespace trimmed);
/// reports it when it does not parse.
pub(crate) fn quantity(r: &mut Report, q: &Quantity, path: &Path) -> Option<ParsedQuantity> {
    match ParsedQuantity::parse(q.0.trim()) {
        Ok(parsed) => Some(parsed),
        Err(msg) => {
            r.invalid(codes::INVALID_QUANTITY, path, Bad::Str(&q.0), &msg);
            None
        }
    }
}

/// `ValidateResourceQuantityValue`: not negative, whole for integer resources.
fn resource_quantity_value(r: &mut Report, name: &str, q: &ParsedQuantity, path: &Path) {
    if q.is_negative() {
        r.invalid(codes::NEGATIVE_QUANTITY, path, Bad::Str(&q.canonical()), "must be greater than or equal to 0");
    }
    if is_extended_resource(name) && !q.is_integer() {
        r.invalid(codes::NON_INTEGER_QUANTITY, path, Bad::Str(&q.canonical()), "must be an integer");
    }
}

/// `ValidateContainerResourceRequirements`: names, quantities, requests ≤ limits, and requests
/// = limits for resources that cannot be overcommitted (GPUs and other extended resources, huge
/// pages).
pub(crate) fn resource_requirements(r: &mut Report, req: &ResourceRequirements, path: &Path) {
    let lim_path = path.child("limits");
    let req_path = path.child("requests");
    let mut limits = BTreeMap::new();
    let mut cpu_or_memory = false;
    let mut hugepages = false;
    for (name, q) in req.limits.iter().flatten() {
        let at = lim_path.key(name);
        container_resource_name(r, name, &at);
        if let Some(parsed) = quantity(r, q, &at) {
            resource_quantity_value(r, name, &parsed, &at);
            limits.insert(name.as_str(), parsed);
        }
        hugepages |= is_hugepages(name);
        cpu_or_memory |= name == "cpu" || name == "memory";
    }
    for (name, q) in req.requests.iter().flatten() {
        let at = req_path.key(name);
        container_resource_name(r, name, &at);
        let parsed = quantity(r, q, &at);
        if let Some(parsed) = &parsed {
            resource_quantity_value(r, name, parsed, &at);
        }
        match (limits.get(name.as_str()), &parsed) {
            (Some(limit), Some(request)) => {
                if request != limit && !overcommit_allowed(name) {
                    let detail = format!("must be equal to {name} limit of {}", limit.canonical());
                    r.invalid(codes::REQUESTS_MUST_EQUAL_LIMITS, &at, Bad::Str(&request.canonical()), &detail);
                } else if request > limit {
                    let detail = format!("must be less than or equal to {name} limit of {}", limit.canonical());
                    r.invalid(codes::REQUESTS_EXCEED_LIMITS, &at, Bad::Str(&request.canonical()), &detail);
                }
            }
            (None, _) if !overcommit_allowed(name) && !req.limits.iter().flatten().any(|(k, _)| k == name) => {
                r.required(codes::REQUESTS_MUST_EQUAL_LIMITS, &lim_path, "Limit must be set for non overcommitable resources");
            }
            _ => {}
        }
        hugepages |= is_hugepages(name);
        cpu_or_memory |= name == "cpu" || name == "memory";
    }
    if hugepages && !cpu_or_memory {
        r.forbidden(codes::FORBIDDEN_FIELD, path, "HugePages require cpu or memory");
    }
    for (i, claim) in req.claims.iter().flatten().enumerate() {
        if claim.name.is_empty() {
            r.required(codes::REQUIRED, &path.child("claims").index(i), "");
        }
    }
}

/// Which probe a [`probe`] check is for (the rules differ a little).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProbeKind {
    Liveness,
    Readiness,
    Startup,
}

/// `validateLivenessProbe` / `validateReadinessProbe` / `validateStartupProbe`.
pub(crate) fn probe(r: &mut Report, probe: &Probe, kind: ProbeKind, path: &Path) {
    let handlers: [(&str, bool); 4] = [
        ("exec", probe.exec.is_some()),
        ("httpGet", probe.http_get.is_some()),
        ("tcpSocket", probe.tcp_socket.is_some()),
        ("grpc", probe.grpc.is_some()),
    ];
    handler(r, &handlers, path, |r, which, at| match which {
        "exec" => exec(r, probe.exec.as_ref(), at),
        "httpGet" => http_get(r, probe.http_get.as_ref(), at),
        "tcpSocket" => tcp_socket(r, probe.tcp_socket.as_ref(), at),
        _ => grpc(r, probe.grpc.as_ref(), at),
    });
    for (field, value) in [
        ("initialDelaySeconds", probe.initial_delay_seconds),
        ("timeoutSeconds", probe.timeout_seconds),
        ("periodSeconds", probe.period_seconds),
        ("successThreshold", probe.success_threshold),
        ("failureThreshold", probe.failure_threshold),
    ] {
        nonnegative(r, codes::NEGATIVE_VALUE, &path.child(field), i64::from(value.unwrap_or(0)));
    }
    if let Some(g) = probe.termination_grace_period_seconds {
        if g <= 0 {
            r.invalid(codes::INVALID_PROBE, &path.child("terminationGracePeriodSeconds"), Bad::Int(g), "must be greater than 0");
        }
    }
    match kind {
        ProbeKind::Liveness | ProbeKind::Startup => {
            // Defaulting turns an unset or zero threshold into 1.
            let success = probe.success_threshold.filter(|&s| s != 0).unwrap_or(1);
            if success != 1 {
                r.invalid(codes::INVALID_PROBE, &path.child("successThreshold"), Bad::Int(success.into()), "must be 1");
            }
        }
        ProbeKind::Readiness => {
            if let Some(g) = probe.termination_grace_period_seconds {
                let at = path.child("terminationGracePeriodSeconds");
                r.invalid(codes::INVALID_PROBE, &at, Bad::Int(g), "must not be set for readinessProbes");
            }
        }
    }
}

/// `validateLifecycle`: each handler well formed.
pub(crate) fn lifecycle(r: &mut Report, lifecycle: &Lifecycle, grace: i64, path: &Path) {
    for (field, h) in [("postStart", &lifecycle.post_start), ("preStop", &lifecycle.pre_stop)] {
        if let Some(h) = h {
            lifecycle_handler(r, h, grace, &path.child(field));
        }
    }
}

fn lifecycle_handler(r: &mut Report, h: &LifecycleHandler, grace: i64, path: &Path) {
    let handlers: [(&str, bool); 4] = [
        ("exec", h.exec.is_some()),
        ("httpGet", h.http_get.is_some()),
        ("tcpSocket", h.tcp_socket.is_some()),
        ("sleep", h.sleep.is_some()),
    ];
    handler(r, &handlers, path, |r, which, at| match which {
        "exec" => exec(r, h.exec.as_ref(), at),
        "httpGet" => http_get(r, h.http_get.as_ref(), at),
        "tcpSocket" => tcp_socket(r, h.tcp_socket.as_ref(), at),
        _ => sleep(r, h.sleep.as_ref(), grace, at),
    });
}

/// `validateHandler`: exactly one handler type; the first one set is checked.
fn handler(r: &mut Report, handlers: &[(&str, bool)], path: &Path, mut check: impl FnMut(&mut Report, &str, &Path)) {
    let mut count = 0;
    for &(name, set) in handlers {
        if !set {
            continue;
        }
        let at = path.child(name);
        if count > 0 {
            r.forbidden(codes::INVALID_HANDLER, &at, "may not specify more than 1 handler type");
        } else {
            count += 1;
            check(r, name, &at);
        }
    }
    if count == 0 {
        r.required(codes::REQUIRED, path, "must specify a handler type");
    }
}

fn exec(r: &mut Report, exec: Option<&ExecAction>, path: &Path) {
    if exec.and_then(|e| e.command.as_ref()).is_none_or(Vec::is_empty) {
        r.required(codes::REQUIRED, &path.child("command"), "");
    }
}

fn http_get(r: &mut Report, http: Option<&HTTPGetAction>, path: &Path) {
    let Some(http) = http else { return };
    port_num_or_name(r, &http.port, &path.child("port"));
    // Defaulting fills an empty scheme with HTTP and an empty path with "/".
    if let Some(scheme) = http.scheme.as_deref().filter(|s| !s.is_empty()) {
        if scheme != "HTTP" && scheme != "HTTPS" {
            r.not_supported(codes::UNSUPPORTED_VALUE, &path.child("scheme"), scheme, &["HTTP", "HTTPS"]);
        }
    }
    for header in http.http_headers.iter().flatten() {
        let errs = rules::http_header_name_errors(&header.name);
        r.invalid_each(codes::INVALID_HANDLER, &path.child("httpHeaders"), Bad::Str(&header.name), &errs);
    }
}

fn tcp_socket(r: &mut Report, tcp: Option<&TCPSocketAction>, path: &Path) {
    if let Some(tcp) = tcp {
        port_num_or_name(r, &tcp.port, &path.child("port"));
    }
}

fn grpc(r: &mut Report, grpc: Option<&GRPCAction>, path: &Path) {
    if let Some(grpc) = grpc {
        let at = path.child("port");
        r.invalid_each(codes::INVALID_PORT, &at, Bad::Int(grpc.port.into()), &rules::port_num_errors(grpc.port.into()));
    }
}

fn sleep(r: &mut Report, sleep: Option<&SleepAction>, grace: i64, path: &Path) {
    // PodLifecycleSleepActionAllowZero is on by default in 1.33: zero is allowed.
    if let Some(sleep) = sleep {
        if sleep.seconds < 0 || sleep.seconds > grace {
            let detail = format!("must be non-negative and less than terminationGracePeriodSeconds ({grace})");
            r.invalid(codes::INVALID_HANDLER, path, Bad::Int(sleep.seconds), &detail);
        }
    }
}

/// `ValidatePortNumOrName`: a number in 1–65535 or an IANA port name.
pub(crate) fn port_num_or_name(r: &mut Report, port: &IntOrString, path: &Path) {
    match port {
        IntOrString::Int(n) => r.invalid_each(codes::INVALID_PORT, path, Bad::Int((*n).into()), &rules::port_num_errors((*n).into())),
        IntOrString::String(s) => r.invalid_each(codes::INVALID_PORT_NAME, path, Bad::Str(s), &rules::port_name_errors(s)),
    }
}

/// `IsValidUserID` / `IsValidGroupID`: 0–4294967295.
pub(crate) fn id_range(r: &mut Report, id: i64, path: &Path) {
    if !(0..=0xffff_ffff).contains(&id) {
        r.invalid(codes::INVALID_SECURITY_CONTEXT, path, Bad::Int(id), &rules::inclusive_range_error(0, 0xffff_ffff));
    }
}

/// `validateSeccompProfileField`.
pub(crate) fn seccomp_profile(r: &mut Report, profile: &SeccompProfile, path: &Path) {
    const TYPES: [&str; 3] = ["Localhost", "RuntimeDefault", "Unconfined"];
    let type_path = path.child("type");
    match profile.type_.as_str() {
        "" => r.required(codes::INVALID_SECURITY_CONTEXT, &type_path, "type is required when seccompProfile is set"),
        t if !TYPES.contains(&t) => r.not_supported(codes::UNSUPPORTED_VALUE, &type_path, t, &TYPES),
        _ => {}
    }
    let local = path.child("localhostProfile");
    if profile.type_ == "Localhost" {
        match profile.localhost_profile.as_deref() {
            None => r.required(codes::INVALID_SECURITY_CONTEXT, &local, "must be set when seccomp type is Localhost"),
            Some(p) => local_descending_path(r, p, &local),
        }
    } else if profile.localhost_profile.is_some() {
        r.invalid(codes::INVALID_SECURITY_CONTEXT, &local, json(profile), "can only be set when seccomp type is Localhost");
    }
}

/// `ValidateSecurityContext` for a container.
fn security_context(r: &mut Report, sc: &SecurityContext, host_users: bool, path: &Path) {
    if let Some(uid) = sc.run_as_user {
        id_range(r, uid, &path.child("runAsUser"));
    }
    if let Some(gid) = sc.run_as_group {
        id_range(r, gid, &path.child("runAsGroup"));
    }
    if let Some(proc_mount) = sc.proc_mount.as_deref() {
        let at = path.child("procMount");
        if proc_mount != "Default" && proc_mount != "Unmasked" {
            r.not_supported(codes::UNSUPPORTED_VALUE, &at, proc_mount, &["Default", "Unmasked"]);
        }
        if host_users && proc_mount == "Unmasked" {
            r.invalid(codes::INVALID_SECURITY_CONTEXT, &at, Bad::Str(proc_mount), "`hostUsers` must be false to use `Unmasked`");
        }
    }
    if let Some(profile) = &sc.seccomp_profile {
        seccomp_profile(r, profile, &path.child("seccompProfile"));
    }
    if sc.allow_privilege_escalation == Some(false) {
        if sc.privileged == Some(true) {
            let detail = "cannot set `allowPrivilegeEscalation` to false and `privileged` to true";
            r.invalid(codes::INVALID_SECURITY_CONTEXT, path, json(sc), detail);
        }
        let adds_sys_admin = sc.capabilities.as_ref().and_then(|c| c.add.as_ref()).is_some_and(|add| add.iter().any(|c| c == "CAP_SYS_ADMIN"));
        if adds_sys_admin {
            let detail = "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN";
            r.invalid(codes::INVALID_SECURITY_CONTEXT, path, json(sc), detail);
        }
    }
}
