//! Pod templates (`ValidatePodTemplateSpec`, `ValidatePodSpec`): volumes, containers, host
//! ports, scheduling (node selector, affinity, tolerations), DNS and security settings.

use super::codes;
use super::container::{
    self, container_common, id_range, lifecycle, local_non_reserved_path, path_no_backsteps, probe, PodContext, ProbeKind,
    VolumeSet,
};
use super::field::{json, Bad, Path, Report};
use super::meta::{self, label_name, nonnegative};
use super::rules::{self, NameRule};
use k8s_openapi::api::core::v1::{
    Affinity, Container, KeyToPath, NodeSelectorTerm, PodAffinityTerm, PodDNSConfig, PodSecurityContext, PodSpec,
    PodTemplateSpec, Toleration, Volume,
};
use std::collections::BTreeSet;

/// Default `terminationGracePeriodSeconds`.
const DEFAULT_GRACE_PERIOD: i64 = 30;
const FILE_MODE_ERROR: &str = "must be a number between 0 and 0777 (octal), both inclusive";

/// `ValidatePodTemplateSpec` plus what a workload adds: `restartPolicy` must be `Always` and
/// `activeDeadlineSeconds` unset. `kind` names the workload in messages (`Deployment`).
pub(crate) fn workload_template(r: &mut Report, template: &PodTemplateSpec, kind: &str, path: &Path) {
    let meta_path = path.child("metadata");
    if let Some(meta) = &template.metadata {
        meta::labels(r, meta.labels.as_ref(), &meta_path.child("labels"));
        meta::annotations(r, meta.annotations.as_ref(), &meta_path.child("annotations"));
    }
    let default_spec = PodSpec::default();
    let spec = template.spec.as_ref().unwrap_or(&default_spec);
    let spec_path = path.child("spec");
    pod_spec(r, spec, &spec_path);
    if spec.ephemeral_containers.as_ref().is_some_and(|e| !e.is_empty()) {
        let detail = "ephemeral containers not allowed in pod template";
        r.forbidden(codes::FORBIDDEN_FIELD, &spec_path.child("ephemeralContainers"), detail);
    }
    if let Some(policy) = spec.restart_policy.as_deref().filter(|p| !p.is_empty() && *p != "Always") {
        r.not_supported(codes::UNSUPPORTED_VALUE, &spec_path.child("restartPolicy"), policy, &["Always"]);
    }
    if spec.active_deadline_seconds.is_some() {
        let detail = format!("activeDeadlineSeconds in {kind} is not Supported");
        r.forbidden(codes::FORBIDDEN_FIELD, &spec_path.child("activeDeadlineSeconds"), &detail);
    }
}

/// `ValidatePodSpec`.
fn pod_spec(r: &mut Report, spec: &PodSpec, path: &Path) {
    let grace = spec.termination_grace_period_seconds.unwrap_or(DEFAULT_GRACE_PERIOD);
    // Kubernetes accepts a negative grace period in a template and clamps it when creating the
    // pod; the core treats it as a rendering bug.
    nonnegative(r, codes::NEGATIVE_VALUE, &path.child("terminationGracePeriodSeconds"), grace);
    let pod = PodContext {
        volumes: volumes(r, spec.volumes.as_deref().unwrap_or_default(), &path.child("volumes")),
        grace_period: grace,
        host_users: spec.host_users.unwrap_or(true),
    };
    containers(r, &spec.containers, &pod, &path.child("containers"));
    init_containers(r, spec, &pod, &path.child("initContainers"));
    host_network_ports(r, spec, path);
    if let Some(policy) = spec.restart_policy.as_deref().filter(|p| !p.is_empty()) {
        const POLICIES: [&str; 3] = ["Always", "OnFailure", "Never"];
        if !POLICIES.contains(&policy) {
            r.not_supported(codes::UNSUPPORTED_VALUE, &path.child("restartPolicy"), policy, &POLICIES);
        }
    }
    if let Some(policy) = spec.dns_policy.as_deref().filter(|p| !p.is_empty()) {
        const POLICIES: [&str; 4] = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
        if !POLICIES.contains(&policy) {
            r.not_supported(codes::UNSUPPORTED_VALUE, &path.child("dnsPolicy"), policy, &POLICIES);
        }
    }
    meta::labels(r, spec.node_selector.as_ref(), &path.child("nodeSelector"));
    if let Some(sc) = &spec.security_context {
        pod_security_context(r, sc, spec, &path.child("securityContext"));
    }
    if let Some(affinity) = &spec.affinity {
        self::affinity(r, affinity, &path.child("affinity"));
    }
    dns_config(r, spec.dns_config.as_ref(), spec.dns_policy.as_deref(), &path.child("dnsConfig"));
    for (i, gate) in spec.readiness_gates.iter().flatten().enumerate() {
        let at = path.child("readinessGates").index(i).child("conditionType");
        label_name(r, codes::INVALID_LABEL_KEY, &gate.condition_type, &at);
    }
    let mut gates = BTreeSet::new();
    for (i, gate) in spec.scheduling_gates.iter().flatten().enumerate() {
        let at = path.child("schedulingGates").index(i);
        label_name(r, codes::INVALID_LABEL_KEY, &gate.name, &at);
        if !gates.insert(gate.name.as_str()) {
            r.duplicate(codes::INVALID_VALUE, &at, Bad::Str(&gate.name));
        }
    }
    for (field, value) in [
        ("serviceAccountName", &spec.service_account_name),
        ("nodeName", &spec.node_name),
        ("priorityClassName", &spec.priority_class_name),
        ("runtimeClassName", &spec.runtime_class_name),
    ] {
        if let Some(name) = value.as_deref().filter(|n| !n.is_empty() || field == "runtimeClassName") {
            let errs = NameRule::Dns1123Subdomain.errors(name, false);
            r.invalid_each(codes::INVALID_NAME, &path.child(field), Bad::Str(name), &errs);
        }
    }
    if let Some(deadline) = spec.active_deadline_seconds {
        if !(1..=i64::from(i32::MAX)).contains(&deadline) {
            let detail = rules::inclusive_range_error(1, i32::MAX.into());
            r.invalid(codes::INVALID_VALUE, &path.child("activeDeadlineSeconds"), Bad::Int(deadline), &detail);
        }
    }
    for (field, value) in [("hostname", &spec.hostname), ("subdomain", &spec.subdomain)] {
        if let Some(name) = value.as_deref().filter(|n| !n.is_empty()) {
            r.invalid_each(codes::INVALID_NAME, &path.child(field), Bad::Str(name), &rules::dns1123_label_errors(name));
        }
    }
    tolerations(r, spec.tolerations.as_deref().unwrap_or_default(), &path.child("tolerations"));
    for (i, alias) in spec.host_aliases.iter().flatten().enumerate() {
        let at = path.child("hostAliases").index(i);
        r.invalid_each(codes::INVALID_IP, &at.child("ip"), Bad::Str(&alias.ip), &rules::ip_errors(&alias.ip));
        for (j, host) in alias.hostnames.iter().flatten().enumerate() {
            let errs = rules::dns1123_subdomain_errors(host);
            r.invalid_each(codes::INVALID_HOST, &at.child("hostnames").index(j), Bad::Str(host), &errs);
        }
    }
    if let Some(policy) = spec.preemption_policy.as_deref() {
        const POLICIES: [&str; 2] = ["PreemptLowerPriority", "Never"];
        if policy.is_empty() {
            r.required(codes::REQUIRED, &path.child("preemptionPolicy"), "");
        } else if !POLICIES.contains(&policy) {
            r.not_supported(codes::UNSUPPORTED_VALUE, &path.child("preemptionPolicy"), policy, &POLICIES);
        }
    }
}

/// `ValidateVolumes`: names are unique DNS-1123 labels, each volume has exactly one source.
/// Returns the volumes that passed, which are the only ones mounts may name.
fn volumes<'a>(r: &mut Report, volumes: &'a [Volume], path: &Path) -> VolumeSet<'a> {
    let mut valid = VolumeSet::new();
    let mut names = BTreeSet::new();
    for (i, volume) in volumes.iter().enumerate() {
        let at = path.index(i);
        let before = r.len();
        volume_source(r, volume, &at);
        let name_path = at.child("name");
        if volume.name.is_empty() {
            r.required(codes::REQUIRED, &name_path, "");
        } else {
            let errs = rules::dns1123_label_errors(&volume.name);
            r.invalid_each(codes::INVALID_VOLUME_NAME, &name_path, Bad::Str(&volume.name), &errs);
        }
        if names.contains(volume.name.as_str()) {
            r.duplicate(codes::DUPLICATE_VOLUME_NAME, &name_path, Bad::Str(&volume.name));
        }
        if r.len() == before {
            names.insert(volume.name.as_str());
            valid.insert(volume.name.as_str(), volume);
        }
    }
    valid
}

/// `validateVolumeSource`: exactly one source, and the details of the sources a rendered pod
/// uses (emptyDir, hostPath, secret, configMap, persistentVolumeClaim, projected, nfs).
fn volume_source(r: &mut Report, v: &Volume, path: &Path) {
    let sources: [(&str, bool); 30] = [
        ("emptyDir", v.empty_dir.is_some()),
        ("hostPath", v.host_path.is_some()),
        ("gitRepo", v.git_repo.is_some()),
        ("gcePersistentDisk", v.gce_persistent_disk.is_some()),
        ("awsElasticBlockStore", v.aws_elastic_block_store.is_some()),
        ("secret", v.secret.is_some()),
        ("nfs", v.nfs.is_some()),
        ("iscsi", v.iscsi.is_some()),
        ("glusterfs", v.glusterfs.is_some()),
        ("flocker", v.flocker.is_some()),
        ("persistentVolumeClaim", v.persistent_volume_claim.is_some()),
        ("rbd", v.rbd.is_some()),
        ("cinder", v.cinder.is_some()),
        ("cephfs", v.cephfs.is_some()),
        ("quobyte", v.quobyte.is_some()),
        ("downwardAPI", v.downward_api.is_some()),
        ("fc", v.fc.is_some()),
        ("flexVolume", v.flex_volume.is_some()),
        ("configMap", v.config_map.is_some()),
        ("azureFile", v.azure_file.is_some()),
        ("vsphereVolume", v.vsphere_volume.is_some()),
        ("photonPersistentDisk", v.photon_persistent_disk.is_some()),
        ("portworxVolume", v.portworx_volume.is_some()),
        ("azureDisk", v.azure_disk.is_some()),
        ("storageos", v.storageos.is_some()),
        ("projected", v.projected.is_some()),
        ("scaleIO", v.scale_io.is_some()),
        ("csi", v.csi.is_some()),
        ("ephemeral", v.ephemeral.is_some()),
        ("image", v.image.is_some()),
    ];
    let mut count = 0;
    for (name, set) in sources {
        if !set {
            continue;
        }
        let at = path.child(name);
        if count > 0 {
            r.forbidden(codes::INVALID_VOLUME, &at, "may not specify more than 1 volume type");
            continue;
        }
        count += 1;
        volume_source_detail(r, v, name, &at);
    }
    if count == 0 {
        r.required(codes::INVALID_VOLUME, path, "must specify a volume type");
    }
}

fn volume_source_detail(r: &mut Report, v: &Volume, source: &str, at: &Path) {
    match source {
        "emptyDir" => {
            if let Some(limit) = v.empty_dir.as_ref().and_then(|e| e.size_limit.as_ref()) {
                let limit_path = at.child("sizeLimit");
                if let Some(q) = container::quantity(r, limit, &limit_path) {
                    if q.is_negative() {
                        r.forbidden(codes::NEGATIVE_QUANTITY, &limit_path, "SizeLimit field must be a valid resource quantity");
                    }
                }
            }
        }
        "hostPath" => {
            let Some(host_path) = &v.host_path else { return };
            if host_path.path.is_empty() {
                r.required(codes::REQUIRED, &at.child("path"), "");
                return;
            }
            path_no_backsteps(r, &host_path.path, &at.child("path"));
            const TYPES: [&str; 8] =
                ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];
            if let Some(t) = host_path.type_.as_deref() {
                if !TYPES.contains(&t) {
                    r.not_supported(codes::UNSUPPORTED_VALUE, &at.child("type"), t, &TYPES);
                }
            }
        }
        "secret" => {
            let Some(secret) = &v.secret else { return };
            if secret.secret_name.as_deref().is_none_or(str::is_empty) {
                r.required(codes::REQUIRED, &at.child("secretName"), "");
            }
            file_mode(r, secret.default_mode, &at.child("defaultMode"));
            key_to_paths(r, secret.items.as_deref().unwrap_or_default(), &at.child("items"));
        }
        "configMap" => {
            let Some(config_map) = &v.config_map else { return };
            if config_map.name.is_empty() {
                r.required(codes::REQUIRED, &at.child("name"), "");
            }
            file_mode(r, config_map.default_mode, &at.child("defaultMode"));
            key_to_paths(r, config_map.items.as_deref().unwrap_or_default(), &at.child("items"));
        }
        "persistentVolumeClaim" => {
            if v.persistent_volume_claim.as_ref().is_some_and(|c| c.claim_name.is_empty()) {
                r.required(codes::REQUIRED, &at.child("claimName"), "");
            }
        }
        "projected" => {
            let Some(projected) = &v.projected else { return };
            file_mode(r, projected.default_mode, &at.child("defaultMode"));
            for (i, source) in projected.sources.iter().flatten().enumerate() {
                let sp = at.child("sources").index(i);
                if let Some(secret) = &source.secret {
                    if secret.name.is_empty() {
                        r.required(codes::REQUIRED, &sp.child("secret").child("name"), "");
                    }
                    key_to_paths(r, secret.items.as_deref().unwrap_or_default(), &sp.child("secret").child("items"));
                }
                if let Some(config_map) = &source.config_map {
                    if config_map.name.is_empty() {
                        r.required(codes::REQUIRED, &sp.child("configMap").child("name"), "");
                    }
                    key_to_paths(r, config_map.items.as_deref().unwrap_or_default(), &sp.child("configMap").child("items"));
                }
            }
        }
        "nfs" => {
            let Some(nfs) = &v.nfs else { return };
            if nfs.server.is_empty() {
                r.required(codes::REQUIRED, &at.child("server"), "");
            }
            if nfs.path.is_empty() {
                r.required(codes::REQUIRED, &at.child("path"), "");
            }
            if !nfs.path.starts_with('/') {
                r.invalid(codes::INVALID_PATH, &at.child("path"), Bad::Str(&nfs.path), "must be an absolute path");
            }
        }
        _ => {}
    }
}

fn file_mode(r: &mut Report, mode: Option<i32>, path: &Path) {
    if let Some(mode) = mode {
        if !(0..=0o777).contains(&mode) {
            r.invalid(codes::INVALID_VOLUME, path, Bad::Int(mode.into()), FILE_MODE_ERROR);
        }
    }
}

/// `validateKeyToPath`.
fn key_to_paths(r: &mut Report, items: &[KeyToPath], path: &Path) {
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        if item.key.is_empty() {
            r.required(codes::REQUIRED, &at.child("key"), "");
        }
        if item.path.is_empty() {
            r.required(codes::REQUIRED, &at.child("path"), "");
        }
        local_non_reserved_path(r, &item.path, &at.child("path"));
        file_mode(r, item.mode, &at.child("mode"));
    }
}

/// `validateContainers`: at least one; unique names; probes and lifecycle; no `restartPolicy`;
/// host ports unique across the pod.
fn containers(r: &mut Report, containers: &[Container], pod: &PodContext<'_>, path: &Path) {
    if containers.is_empty() {
        r.required(codes::REQUIRED, path, "");
        return;
    }
    let mut names = BTreeSet::new();
    for (i, c) in containers.iter().enumerate() {
        let at = path.index(i);
        container_common(r, c, pod, &at);
        if !names.insert(c.name.as_str()) {
            r.duplicate(codes::DUPLICATE_CONTAINER_NAME, &at.child("name"), Bad::Str(&c.name));
        }
        probes_and_lifecycle(r, c, pod.grace_period, &at);
        if c.restart_policy.is_some() {
            r.forbidden(codes::FORBIDDEN_FIELD, &at.child("restartPolicy"), "may not be set for non-init containers");
        }
    }
    host_port_conflicts(r, containers.iter().enumerate(), path);
}

fn probes_and_lifecycle(r: &mut Report, c: &Container, grace: i64, at: &Path) {
    if let Some(l) = &c.lifecycle {
        lifecycle(r, l, grace, &at.child("lifecycle"));
    }
    if let Some(p) = &c.liveness_probe {
        probe(r, p, ProbeKind::Liveness, &at.child("livenessProbe"));
    }
    if let Some(p) = &c.readiness_probe {
        probe(r, p, ProbeKind::Readiness, &at.child("readinessProbe"));
    }
    if let Some(p) = &c.startup_probe {
        probe(r, p, ProbeKind::Startup, &at.child("startupProbe"));
    }
}

/// `validateInitContainers`: names unique across init and regular containers; probes and
/// lifecycle only for restartable (sidecar) init containers.
fn init_containers(r: &mut Report, spec: &PodSpec, pod: &PodContext<'_>, path: &Path) {
    let mut names: BTreeSet<&str> = spec.containers.iter().map(|c| c.name.as_str()).collect();
    for (i, c) in spec.init_containers.iter().flatten().enumerate() {
        let at = path.index(i);
        container_common(r, c, pod, &at);
        let mut restart_always = false;
        if let Some(policy) = c.restart_policy.as_deref() {
            if policy == "Always" {
                restart_always = true;
            } else {
                r.not_supported(codes::UNSUPPORTED_VALUE, &at.child("restartPolicy"), policy, &["Always"]);
            }
        }
        if names.contains(c.name.as_str()) {
            r.duplicate(codes::DUPLICATE_CONTAINER_NAME, &at.child("name"), Bad::Str(&c.name));
        } else if !c.name.is_empty() {
            names.insert(c.name.as_str());
        }
        host_port_conflicts(r, std::iter::once((i, c)), path);
        if restart_always {
            probes_and_lifecycle(r, c, pod.grace_period, &at);
        } else {
            let detail = "may not be set for init containers without restartPolicy=Always";
            for (field, set) in [
                ("lifecycle", c.lifecycle.is_some()),
                ("livenessProbe", c.liveness_probe.is_some()),
                ("readinessProbe", c.readiness_probe.is_some()),
                ("startupProbe", c.startup_probe.is_some()),
            ] {
                if set {
                    r.forbidden(codes::FORBIDDEN_FIELD, &at.child(field), detail);
                }
            }
        }
    }
}

/// `AccumulateUniqueHostPorts`: a (protocol, host IP, host port) triple at most once.
fn host_port_conflicts<'a>(r: &mut Report, containers: impl Iterator<Item = (usize, &'a Container)>, path: &Path) {
    let mut seen = BTreeSet::new();
    for (ci, c) in containers {
        for (pi, port) in c.ports.iter().flatten().enumerate() {
            let Some(host_port) = port.host_port.filter(|&p| p != 0) else { continue };
            let protocol = port.protocol.as_deref().filter(|p| !p.is_empty()).unwrap_or("TCP");
            let key = format!("{}/{}/{}", protocol, port.host_ip.as_deref().unwrap_or(""), host_port);
            if !seen.insert(key.clone()) {
                let at = path.index(ci).child("ports").index(pi).child("hostPort");
                r.duplicate(codes::HOST_PORT_CONFLICT, &at, Bad::Str(&key));
            }
        }
    }
}

/// `validatePodHostNetworkDeps`: with `hostNetwork`, a set host port must equal the container
/// port.
fn host_network_ports(r: &mut Report, spec: &PodSpec, path: &Path) {
    if spec.host_network != Some(true) {
        return;
    }
    for (ci, c) in spec.containers.iter().enumerate() {
        for (pi, port) in c.ports.iter().flatten().enumerate() {
            let host_port = port.host_port.unwrap_or(0);
            if host_port != 0 && host_port != port.container_port {
                let at = path.child("containers").index(ci).child("ports").index(pi).child("hostPort");
                let detail = "must match `containerPort` when `hostNetwork` is true";
                r.invalid(codes::INVALID_PORT, &at, Bad::Int(host_port.into()), detail);
            }
        }
    }
}

/// `validatePodSpecSecurityContext`.
fn pod_security_context(r: &mut Report, sc: &PodSecurityContext, spec: &PodSpec, path: &Path) {
    for (field, id) in [("fsGroup", sc.fs_group), ("runAsUser", sc.run_as_user), ("runAsGroup", sc.run_as_group)] {
        if let Some(id) = id {
            id_range(r, id, &path.child(field));
        }
    }
    for (i, gid) in sc.supplemental_groups.iter().flatten().enumerate() {
        id_range(r, *gid, &path.child("supplementalGroups").index(i));
    }
    if spec.share_process_namespace == Some(true) && spec.host_pid == Some(true) {
        let at = path.child("shareProcessNamespace");
        r.invalid(codes::INVALID_SECURITY_CONTEXT, &at, Bad::Json("true".into()), "ShareProcessNamespace and HostPID cannot both be enabled");
    }
    let mut names = BTreeSet::new();
    for (i, sysctl) in sc.sysctls.iter().flatten().enumerate() {
        let at = path.child("sysctls").index(i).child("name");
        let name = sysctl.name.as_str();
        if name.is_empty() {
            r.required(codes::REQUIRED, &at, "");
        } else if !is_valid_sysctl_name(name) {
            let detail = format!("must have at most 253 characters and match regex ^{SYSCTL_FMT}$");
            r.invalid(codes::INVALID_SECURITY_CONTEXT, &at, Bad::Str(name), &detail);
        } else if names.contains(name) {
            r.duplicate(codes::INVALID_SECURITY_CONTEXT, &at, Bad::Str(name));
        }
        let normalized = name.replace('/', ".");
        let ipc = normalized == "kernel.sem"
            || normalized.starts_with("kernel.shm")
            || normalized.starts_with("kernel.msg")
            || normalized.starts_with("fs.mqueue.");
        if spec.host_network == Some(true) && normalized.starts_with("net.") {
            r.invalid(codes::INVALID_SECURITY_CONTEXT, &at, Bad::Str(name), "may not be specified when 'hostNetwork' is true");
        } else if spec.host_ipc == Some(true) && ipc {
            r.invalid(codes::INVALID_SECURITY_CONTEXT, &at, Bad::Str(name), "may not be specified when 'hostIPC' is true");
        }
        names.insert(name);
    }
    for (field, value, supported) in [
        ("fsGroupChangePolicy", &sc.fs_group_change_policy, &["Always", "OnRootMismatch"][..]),
        ("supplementalGroupsPolicy", &sc.supplemental_groups_policy, &["Merge", "Strict"][..]),
        ("seLinuxChangePolicy", &sc.se_linux_change_policy, &["MountOption", "Recursive"][..]),
    ] {
        if let Some(v) = value.as_deref() {
            if !supported.contains(&v) {
                r.not_supported(codes::UNSUPPORTED_VALUE, &path.child(field), v, supported);
            }
        }
    }
    if let Some(profile) = &sc.seccomp_profile {
        container::seccomp_profile(r, profile, &path.child("seccompProfile"));
    }
}

const SYSCTL_FMT: &str = "([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?";

fn is_valid_sysctl_name(name: &str) -> bool {
    let segment = |s: &str| {
        let b = s.as_bytes();
        let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        match (b.first(), b.last()) {
            (Some(&f), Some(&l)) => alnum(f) && alnum(l) && b.iter().all(|&c| alnum(c) || c == b'-' || c == b'_'),
            _ => false,
        }
    };
    name.len() <= 253 && name.split(['.', '/']).all(segment)
}

/// `ValidateTolerations`.
fn tolerations(r: &mut Report, tolerations: &[Toleration], path: &Path) {
    for (i, t) in tolerations.iter().enumerate() {
        let at = path.index(i);
        let key = t.key.as_deref().unwrap_or("");
        let operator = t.operator.as_deref().unwrap_or("");
        let effect = t.effect.as_deref().unwrap_or("");
        let value = t.value.as_deref().unwrap_or("");
        if !key.is_empty() {
            label_name(r, codes::INVALID_TOLERATION, key, &at.child("key"));
        }
        if key.is_empty() && operator != "Exists" {
            let detail = "operator must be Exists when `key` is empty, which means \"match all values and all keys\"";
            r.invalid(codes::INVALID_TOLERATION, &at.child("operator"), Bad::Str(operator), detail);
        }
        if t.toleration_seconds.is_some() && effect != "NoExecute" {
            let detail = "effect must be 'NoExecute' when `tolerationSeconds` is set";
            r.invalid(codes::INVALID_TOLERATION, &at.child("effect"), Bad::Str(effect), detail);
        }
        match operator {
            "Equal" | "" => {
                let errs = rules::label_value_errors(value);
                if !errs.is_empty() {
                    r.invalid(codes::INVALID_TOLERATION, &at.child("operator"), Bad::Str(value), &errs.join(";"));
                }
            }
            "Exists" => {
                if !value.is_empty() {
                    let detail = "value must be empty when `operator` is 'Exists'";
                    r.invalid(codes::INVALID_TOLERATION, &at.child("operator"), Bad::Str(value), detail);
                }
            }
            other => r.not_supported(codes::UNSUPPORTED_VALUE, &at.child("operator"), other, &["Equal", "Exists"]),
        }
        if !effect.is_empty() && !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&effect) {
            let supported = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
            r.not_supported(codes::UNSUPPORTED_VALUE, &at.child("effect"), effect, &supported);
        }
    }
}

/// `validateAffinity`.
fn affinity(r: &mut Report, affinity: &Affinity, path: &Path) {
    if let Some(node) = &affinity.node_affinity {
        let np = path.child("nodeAffinity");
        if let Some(required) = &node.required_during_scheduling_ignored_during_execution {
            let terms_path = np.child("requiredDuringSchedulingIgnoredDuringExecution").child("nodeSelectorTerms");
            if required.node_selector_terms.is_empty() {
                r.required(codes::INVALID_AFFINITY, &terms_path, "must have at least one node selector term");
            }
            for (i, term) in required.node_selector_terms.iter().enumerate() {
                node_selector_term(r, term, false, &terms_path.index(i));
            }
        }
        for (i, pref) in node.preferred_during_scheduling_ignored_during_execution.iter().flatten().enumerate() {
            let at = np.child("preferredDuringSchedulingIgnoredDuringExecution").index(i);
            weight(r, pref.weight, &at.child("weight"));
            node_selector_term(r, &pref.preference, true, &at.child("preference"));
        }
    }
    for (field, terms, weighted) in [
        (
            "podAffinity",
            affinity.pod_affinity.as_ref().and_then(|a| a.required_during_scheduling_ignored_during_execution.as_ref()),
            affinity.pod_affinity.as_ref().and_then(|a| a.preferred_during_scheduling_ignored_during_execution.as_ref()),
        ),
        (
            "podAntiAffinity",
            affinity.pod_anti_affinity.as_ref().and_then(|a| a.required_during_scheduling_ignored_during_execution.as_ref()),
            affinity.pod_anti_affinity.as_ref().and_then(|a| a.preferred_during_scheduling_ignored_during_execution.as_ref()),
        ),
    ] {
        let ap = path.child(field);
        for (i, term) in terms.iter().copied().flatten().enumerate() {
            pod_affinity_term(r, term, &ap.child("requiredDuringSchedulingIgnoredDuringExecution").index(i));
        }
        for (i, w) in weighted.iter().copied().flatten().enumerate() {
            let at = ap.child("preferredDuringSchedulingIgnoredDuringExecution").index(i);
            weight(r, w.weight, &at.child("weight"));
            pod_affinity_term(r, &w.pod_affinity_term, &at.child("podAffinityTerm"));
        }
    }
}

fn weight(r: &mut Report, weight: i32, path: &Path) {
    if !(1..=100).contains(&weight) {
        r.invalid(codes::INVALID_AFFINITY, path, Bad::Int(weight.into()), "must be in the range 1-100");
    }
}

/// `ValidateNodeSelectorTerm`; preferred terms may carry any label value.
fn node_selector_term(r: &mut Report, term: &NodeSelectorTerm, allow_invalid_values: bool, path: &Path) {
    for (j, req) in term.match_expressions.iter().flatten().enumerate() {
        let at = path.child("matchExpressions").index(j);
        let values = req.values.as_deref().unwrap_or_default();
        match req.operator.as_str() {
            "In" | "NotIn" if values.is_empty() => {
                r.required(codes::INVALID_AFFINITY, &at.child("values"), "must be specified when `operator` is 'In' or 'NotIn'");
            }
            "In" | "NotIn" => {}
            "Exists" | "DoesNotExist" if !values.is_empty() => {
                let detail = "may not be specified when `operator` is 'Exists' or 'DoesNotExist'";
                r.forbidden(codes::INVALID_AFFINITY, &at.child("values"), detail);
            }
            "Exists" | "DoesNotExist" => {}
            "Gt" | "Lt" if values.len() != 1 => {
                let detail = "must be specified single value when `operator` is 'Lt' or 'Gt'";
                r.required(codes::INVALID_AFFINITY, &at.child("values"), detail);
            }
            "Gt" | "Lt" => {}
            other => r.invalid(codes::INVALID_AFFINITY, &at.child("operator"), Bad::Str(other), "not a valid selector operator"),
        }
        label_name(r, codes::INVALID_LABEL_KEY, &req.key, &at.child("key"));
        if !allow_invalid_values {
            for (k, value) in values.iter().enumerate() {
                let errs = rules::label_value_errors(value);
                r.invalid_each(codes::INVALID_LABEL_VALUE, &at.child("values").index(k), Bad::Str(value), &errs);
            }
        }
    }
    for (j, req) in term.match_fields.iter().flatten().enumerate() {
        let at = path.child("matchFields").index(j);
        let values = req.values.as_deref().unwrap_or_default();
        if req.operator == "In" || req.operator == "NotIn" {
            if values.len() != 1 {
                let detail = "must be only one value when `operator` is 'In' or 'NotIn' for node field selector";
                r.required(codes::INVALID_AFFINITY, &at.child("values"), detail);
            }
        } else {
            r.invalid(codes::INVALID_AFFINITY, &at.child("operator"), Bad::Str(&req.operator), "not a valid selector operator");
        }
        if req.key != "metadata.name" {
            r.invalid(codes::INVALID_AFFINITY, &at.child("key"), Bad::Str(&req.key), "not a valid field selector key");
        } else {
            for (k, value) in values.iter().enumerate() {
                let errs = rules::dns1123_subdomain_errors(value);
                r.invalid_each(codes::INVALID_AFFINITY, &at.child("values").index(k), Bad::Str(value), &errs);
            }
        }
    }
}

fn pod_affinity_term(r: &mut Report, term: &PodAffinityTerm, path: &Path) {
    if let Some(selector) = &term.label_selector {
        meta::label_selector(r, selector, &path.child("labelSelector"));
    }
    if let Some(selector) = &term.namespace_selector {
        meta::label_selector(r, selector, &path.child("namespaceSelector"));
    }
    for ns in term.namespaces.iter().flatten() {
        r.invalid_each(codes::INVALID_NAMESPACE, &path.child("namespace"), Bad::Str(ns), &rules::dns1123_label_errors(ns));
    }
    for (field, keys) in [("matchLabelKeys", &term.match_label_keys), ("mismatchLabelKeys", &term.mismatch_label_keys)] {
        let keys = keys.as_deref().unwrap_or_default();
        if !keys.is_empty() && term.label_selector.is_none() {
            r.forbidden(codes::INVALID_AFFINITY, &path.child(field), "must not be specified when labelSelector is not set");
            continue;
        }
        for (i, key) in keys.iter().enumerate() {
            label_name(r, codes::INVALID_LABEL_KEY, key, &path.child(field).index(i));
        }
    }
    let topology = path.child("topologyKey");
    if term.topology_key.is_empty() {
        r.required(codes::INVALID_AFFINITY, &topology, "can not be empty");
    }
    label_name(r, codes::INVALID_LABEL_KEY, &term.topology_key, &topology);
}

/// `validatePodDNSConfig` (with 1.33's relaxed search-domain rule: underscores allowed, `.`
/// alone allowed).
fn dns_config(r: &mut Report, config: Option<&PodDNSConfig>, policy: Option<&str>, path: &Path) {
    if policy == Some("None") {
        match config {
            None => {
                r.required(codes::INVALID_DNS_CONFIG, path, "must provide `dnsConfig` when `dnsPolicy` is None");
                return;
            }
            Some(c) if c.nameservers.as_ref().is_none_or(Vec::is_empty) => {
                let detail = "must provide at least one DNS nameserver when `dnsPolicy` is None";
                r.required(codes::INVALID_DNS_CONFIG, &path.child("nameservers"), detail);
                return;
            }
            _ => {}
        }
    }
    let Some(config) = config else { return };
    let nameservers = config.nameservers.as_deref().unwrap_or_default();
    if nameservers.len() > 3 {
        r.invalid(codes::INVALID_DNS_CONFIG, &path.child("nameservers"), json(nameservers), "must not have more than 3 nameservers");
    }
    for (i, ns) in nameservers.iter().enumerate() {
        r.invalid_each(codes::INVALID_IP, &path.child("nameservers").index(i), Bad::Str(ns), &rules::ip_errors(ns));
    }
    let searches = config.searches.as_deref().unwrap_or_default();
    if searches.len() > 32 {
        r.invalid(codes::INVALID_DNS_CONFIG, &path.child("searches"), json(searches), "must not have more than 32 search paths");
    }
    if searches.join(" ").len() > 2048 {
        let detail = "must not have more than 2048 characters (including spaces) in the search list";
        r.invalid(codes::INVALID_DNS_CONFIG, &path.child("searches"), json(searches), detail);
    }
    for (i, search) in searches.iter().enumerate() {
        if search == "." {
            continue;
        }
        let trimmed = search.strip_suffix('.').unwrap_or(search);
        let errs = subdomain_with_underscore_errors(trimmed);
        r.invalid_each(codes::INVALID_DNS_CONFIG, &path.child("searches").index(i), Bad::Str(trimmed), &errs);
    }
    for (i, option) in config.options.iter().flatten().enumerate() {
        if option.name.as_deref().is_none_or(str::is_empty) {
            r.required(codes::INVALID_DNS_CONFIG, &path.child("options").index(i), "must not be empty");
        }
    }
}

/// `IsDNS1123SubdomainWithUnderscore`.
fn subdomain_with_underscore_errors(value: &str) -> Vec<String> {
    let label = |s: &str| {
        let s = s.strip_prefix('_').unwrap_or(s);
        let b = s.as_bytes();
        let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        match (b.first(), b.last()) {
            (Some(&f), Some(&l)) => alnum(f) && alnum(l) && b.iter().all(|&c| alnum(c) || c == b'-' || c == b'_'),
            _ => false,
        }
    };
    let mut errs = Vec::new();
    if value.len() > rules::DNS1123_SUBDOMAIN_MAX_LENGTH {
        errs.push(rules::max_len_error(rules::DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    if !value.split('.').all(label) {
        errs.push(rules::regex_error(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character",
            "_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*",
            &["example.com"],
        ));
    }
    errs
}
