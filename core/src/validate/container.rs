//! One container (`validateContainerCommon` and what it calls): name, image, ports, environment,
//! volume mounts; resources, probes and security contexts live in their own files.

use super::codes;
use super::field::{Bad, Path, Report};
use super::resources::resource_requirements;
use super::rules::{self, NameRule};
use super::security::security_context;
use super::volume::local_descending_path;
use k8s_openapi::api::core::v1::{
    Container, ContainerPort, EnvFromSource, EnvVar, Volume, VolumeMount,
};
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
const RESOURCE_FIELD_PATHS: [&str; 6] = [
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
];

/// The checks every container kind shares: name, image, ports, env, mounts, resources,
/// security context.
pub(crate) fn container_common(r: &mut Report, c: &Container, pod: &PodContext<'_>, path: &Path) {
    let name_path = path.child("name");
    if c.name.is_empty() {
        r.required(codes::REQUIRED, &name_path, "");
    } else {
        r.invalid_each(
            codes::INVALID_CONTAINER_NAME,
            &name_path,
            Bad::Str(&c.name),
            &rules::dns1123_label_errors(&c.name),
        );
    }
    if c.image.as_deref().is_none_or(str::is_empty) {
        r.required(codes::REQUIRED, &path.child("image"), "");
    }
    if let Some(policy) = c
        .termination_message_policy
        .as_deref()
        .filter(|p| !p.is_empty())
    {
        if !TERMINATION_MESSAGE_POLICIES.contains(&policy) {
            let at = path.child("terminationMessagePolicy");
            r.not_supported(
                codes::UNSUPPORTED_VALUE,
                &at,
                policy,
                &TERMINATION_MESSAGE_POLICIES,
            );
        }
    }
    ports(
        r,
        c.ports.as_deref().unwrap_or_default(),
        &path.child("ports"),
    );
    env(r, c.env.as_deref().unwrap_or_default(), &path.child("env"));
    env_from(
        r,
        c.env_from.as_deref().unwrap_or_default(),
        &path.child("envFrom"),
    );
    volume_mounts(r, c, &pod.volumes, &path.child("volumeMounts"));
    if let Some(policy) = c.image_pull_policy.as_deref().filter(|p| !p.is_empty()) {
        if !PULL_POLICIES.contains(&policy) {
            r.not_supported(
                codes::UNSUPPORTED_VALUE,
                &path.child("imagePullPolicy"),
                policy,
                &PULL_POLICIES,
            );
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
                r.invalid_each(
                    codes::INVALID_PORT_NAME,
                    &at.child("name"),
                    Bad::Str(name),
                    &errs,
                );
            } else if !names.insert(name) {
                r.duplicate(
                    codes::DUPLICATE_PORT_NAME,
                    &at.child("name"),
                    Bad::Str(name),
                );
            }
        }
        if port.container_port == 0 {
            r.required(codes::INVALID_PORT, &at.child("containerPort"), "");
        } else {
            let value = Bad::Int(i64::from(port.container_port));
            r.invalid_each(
                codes::INVALID_PORT,
                &at.child("containerPort"),
                value,
                &rules::port_num_errors(port.container_port.into()),
            );
        }
        if let Some(host_port) = port.host_port.filter(|&p| p != 0) {
            let value = Bad::Int(i64::from(host_port));
            r.invalid_each(
                codes::INVALID_PORT,
                &at.child("hostPort"),
                value,
                &rules::port_num_errors(host_port.into()),
            );
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
            r.invalid_each(
                codes::INVALID_ENV_NAME,
                &at.child("name"),
                Bad::Str(&var.name),
                &errs,
            );
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
                    r.not_supported(
                        codes::UNSUPPORTED_VALUE,
                        &rp.child("resource"),
                        resource,
                        &RESOURCE_FIELD_PATHS,
                    );
                }
            }
            if let Some(key_ref) = &source.config_map_key_ref {
                sources += 1;
                key_selector(
                    r,
                    &key_ref.name,
                    &key_ref.key,
                    &from.child("configMapKeyRef"),
                );
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
                    r.invalid_each(
                        codes::INVALID_LABEL_KEY,
                        path,
                        Bad::Str(&subscript.to_lowercase()),
                        &rules::qualified_name_errors(&subscript.to_lowercase()),
                    );
                }
                "metadata.labels" => {
                    r.invalid_each(
                        codes::INVALID_LABEL_KEY,
                        path,
                        Bad::Str(subscript),
                        &rules::qualified_name_errors(subscript),
                    );
                }
                _ => r.invalid(
                    codes::INVALID_ENV_SOURCE,
                    path,
                    Bad::Str(base),
                    "does not support subscript",
                ),
            }
            return;
        }
    }
    if !ENV_FIELD_PATHS.contains(&field_path) {
        r.not_supported(
            codes::UNSUPPORTED_VALUE,
            &path.child("fieldPath"),
            field_path,
            &ENV_FIELD_PATHS,
        );
    }
}

/// `validateSecretKeySelector` / `validateConfigMapKeySelector`.
fn key_selector(r: &mut Report, name: &str, key: &str, path: &Path) {
    let errs = NameRule::Dns1123Subdomain.errors(name, false);
    r.invalid_each(
        codes::INVALID_NAME,
        &path.child("name"),
        Bad::Str(name),
        &errs,
    );
    if key.is_empty() {
        r.required(codes::REQUIRED, &path.child("key"), "");
    } else {
        r.invalid_each(
            codes::INVALID_CONFIG_KEY,
            &path.child("key"),
            Bad::Str(key),
            &rules::config_map_key_errors(key),
        );
    }
}

/// `ValidateEnvFrom`.
fn env_from(r: &mut Report, sources: &[EnvFromSource], path: &Path) {
    for (i, source) in sources.iter().enumerate() {
        let at = path.index(i);
        if let Some(prefix) = source.prefix.as_deref().filter(|p| !p.is_empty()) {
            let errs = rules::relaxed_env_var_name_errors(prefix);
            r.invalid_each(
                codes::INVALID_ENV_NAME,
                &at.child("prefix"),
                Bad::Str(prefix),
                &errs,
            );
        }
        let mut count = 0;
        for (field, name) in [
            (
                "configMapRef",
                source.config_map_ref.as_ref().map(|s| s.name.as_str()),
            ),
            (
                "secretRef",
                source.secret_ref.as_ref().map(|s| s.name.as_str()),
            ),
        ] {
            let Some(name) = name else { continue };
            count += 1;
            let np = at.child(field).child("name");
            if name.is_empty() {
                r.required(codes::REQUIRED, &np, "");
            } else {
                r.invalid_each(
                    codes::INVALID_NAME,
                    &np,
                    Bad::Str(name),
                    &NameRule::Dns1123Subdomain.errors(name, true),
                );
            }
        }
        if count == 0 {
            r.invalid(
                codes::INVALID_ENV_SOURCE,
                &at,
                Bad::Str(""),
                "must specify one of: `configMapRef` or `secretRef`",
            );
        } else if count > 1 {
            r.invalid(
                codes::INVALID_ENV_SOURCE,
                &at,
                Bad::Str(""),
                "may not have more than one field specified at a time",
            );
        }
    }
}

/// `ValidateVolumeMounts`: each names a known volume, paths are unique, sub paths stay inside.
fn volume_mounts(r: &mut Report, c: &Container, volumes: &VolumeSet<'_>, path: &Path) {
    let mut mount_points = BTreeSet::new();
    for (i, mount) in c
        .volume_mounts
        .as_deref()
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let at = path.index(i);
        if mount.name.is_empty() {
            r.required(codes::REQUIRED, &at.child("name"), "");
        }
        let volume = volumes.get(mount.name.as_str()).copied();
        if volume.is_none() {
            r.not_found(
                codes::VOLUME_NOT_FOUND,
                &at.child("name"),
                Bad::Str(&mount.name),
            );
        }
        if mount.mount_path.is_empty() {
            r.required(codes::REQUIRED, &at.child("mountPath"), "");
        }
        if !mount_points.insert(mount.mount_path.as_str()) {
            r.invalid(
                codes::DUPLICATE_MOUNT_PATH,
                &at.child("mountPath"),
                Bad::Str(&mount.mount_path),
                "must be unique",
            );
        }
        volume_mount(r, mount, c, volume, &at);
    }
}

fn volume_mount(
    r: &mut Report,
    mount: &VolumeMount,
    c: &Container,
    volume: Option<&Volume>,
    at: &Path,
) {
    let sub_path = mount.sub_path.as_deref().unwrap_or("");
    let sub_path_expr = mount.sub_path_expr.as_deref().unwrap_or("");
    if volume.is_some_and(|v| v.image.is_some()) {
        if !sub_path.is_empty() {
            r.invalid(
                codes::INVALID_PATH,
                &at.child("subPath"),
                Bad::Str(sub_path),
                "not allowed in image volume sources",
            );
        }
        if !sub_path_expr.is_empty() {
            let detail = "not allowed in image volume sources";
            r.invalid(
                codes::INVALID_PATH,
                &at.child("subPathExpr"),
                Bad::Str(sub_path_expr),
                detail,
            );
        }
    }
    if !sub_path.is_empty() {
        local_descending_path(r, sub_path, &at.child("subPath"));
    }
    if !sub_path_expr.is_empty() {
        if !sub_path.is_empty() {
            let detail = "subPathExpr and subPath are mutually exclusive";
            r.invalid(
                codes::INVALID_PATH,
                &at.child("subPathExpr"),
                Bad::Str(sub_path_expr),
                detail,
            );
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
            r.forbidden(
                codes::FORBIDDEN_FIELD,
                &at,
                "Bidirectional mount propagation is available only to privileged containers",
            );
        }
    }
    if let Some(rro) = mount.recursive_read_only.as_deref() {
        let at = at.child("recursiveReadOnly");
        match rro {
            "Disabled" => {}
            "Enabled" | "IfPossible" => {
                if mount.read_only != Some(true) {
                    r.forbidden(
                        codes::FORBIDDEN_FIELD,
                        &at,
                        "may only be specified when readOnly is true",
                    );
                }
                if mount
                    .mount_propagation
                    .as_deref()
                    .is_some_and(|p| p != "None")
                {
                    r.forbidden(
                        codes::FORBIDDEN_FIELD,
                        &at,
                        "may only be specified when mountPropagation is None or not specified",
                    );
                }
            }
            other => r.not_supported(
                codes::UNSUPPORTED_VALUE,
                &at,
                other,
                &["Disabled", "Enabled", "IfPossible"],
            ),
        }
    }
}
