//! Pod templates (`ValidatePodTemplateSpec`, `ValidatePodSpec`): containers, init containers,
//! host ports and the pod-level fields; volumes, scheduling and security in their own files.

use super::codes;
use super::container::{container_common, PodContext};
use super::field::{Bad, Path, Report};
use super::meta::{self, label_name, nonnegative};
use super::probe::{lifecycle, probe, ProbeKind};
use super::rules::{self, NameRule};
use super::{scheduling, security, volume};
use k8s_openapi::api::core::v1::{Container, PodSpec, PodTemplateSpec};
use std::collections::BTreeSet;

/// Default `terminationGracePeriodSeconds`.
const DEFAULT_GRACE_PERIOD: i64 = 30;

/// `ValidatePodTemplateSpec` plus what a workload adds: `restartPolicy` must be `Always` and
/// `activeDeadlineSeconds` unset. `kind` names the workload in messages (`Deployment`).
pub(crate) fn workload_template(
    r: &mut Report,
    template: &PodTemplateSpec,
    kind: &str,
    path: &Path,
) {
    let meta_path = path.child("metadata");
    if let Some(meta) = &template.metadata {
        meta::labels(r, meta.labels.as_ref(), &meta_path.child("labels"));
        meta::annotations(
            r,
            meta.annotations.as_ref(),
            &meta_path.child("annotations"),
        );
    }
    let default_spec = PodSpec::default();
    let spec = template.spec.as_ref().unwrap_or(&default_spec);
    let spec_path = path.child("spec");
    pod_spec(r, spec, &spec_path);
    if spec
        .ephemeral_containers
        .as_ref()
        .is_some_and(|e| !e.is_empty())
    {
        let detail = "ephemeral containers not allowed in pod template";
        r.forbidden(
            codes::FORBIDDEN_FIELD,
            &spec_path.child("ephemeralContainers"),
            detail,
        );
    }
    if let Some(policy) = spec
        .restart_policy
        .as_deref()
        .filter(|p| !p.is_empty() && *p != "Always")
    {
        r.not_supported(
            codes::UNSUPPORTED_VALUE,
            &spec_path.child("restartPolicy"),
            policy,
            &["Always"],
        );
    }
    if spec.active_deadline_seconds.is_some() {
        let detail = format!("activeDeadlineSeconds in {kind} is not Supported");
        r.forbidden(
            codes::FORBIDDEN_FIELD,
            &spec_path.child("activeDeadlineSeconds"),
            &detail,
        );
    }
}

/// `ValidatePodSpec`.
pub(crate) fn pod_spec(r: &mut Report, spec: &PodSpec, path: &Path) {
    let grace = spec
        .termination_grace_period_seconds
        .unwrap_or(DEFAULT_GRACE_PERIOD);
    // Kubernetes accepts a negative grace period in a template and clamps it when creating the
    // pod; the core treats it as a rendering bug.
    nonnegative(
        r,
        codes::NEGATIVE_VALUE,
        &path.child("terminationGracePeriodSeconds"),
        grace,
    );
    let pod = PodContext {
        volumes: volume::volumes(
            r,
            spec.volumes.as_deref().unwrap_or_default(),
            &path.child("volumes"),
        ),
        grace_period: grace,
        host_users: spec.host_users.unwrap_or(true),
    };
    containers(r, &spec.containers, &pod, &path.child("containers"));
    init_containers(r, spec, &pod, &path.child("initContainers"));
    host_network_ports(r, spec, path);
    if let Some(policy) = spec.restart_policy.as_deref().filter(|p| !p.is_empty()) {
        const POLICIES: [&str; 3] = ["Always", "OnFailure", "Never"];
        if !POLICIES.contains(&policy) {
            r.not_supported(
                codes::UNSUPPORTED_VALUE,
                &path.child("restartPolicy"),
                policy,
                &POLICIES,
            );
        }
    }
    if let Some(policy) = spec.dns_policy.as_deref().filter(|p| !p.is_empty()) {
        const POLICIES: [&str; 4] = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
        if !POLICIES.contains(&policy) {
            r.not_supported(
                codes::UNSUPPORTED_VALUE,
                &path.child("dnsPolicy"),
                policy,
                &POLICIES,
            );
        }
    }
    meta::labels(r, spec.node_selector.as_ref(), &path.child("nodeSelector"));
    if let Some(sc) = &spec.security_context {
        security::pod_security_context(r, sc, spec, &path.child("securityContext"));
    }
    if let Some(affinity) = &spec.affinity {
        scheduling::affinity(r, affinity, &path.child("affinity"));
    }
    scheduling::dns_config(
        r,
        spec.dns_config.as_ref(),
        spec.dns_policy.as_deref(),
        &path.child("dnsConfig"),
    );
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
        if let Some(name) = value
            .as_deref()
            .filter(|n| !n.is_empty() || field == "runtimeClassName")
        {
            let errs = NameRule::Dns1123Subdomain.errors(name, false);
            r.invalid_each(
                codes::INVALID_NAME,
                &path.child(field),
                Bad::Str(name),
                &errs,
            );
        }
    }
    if let Some(deadline) = spec.active_deadline_seconds {
        if !(1..=i64::from(i32::MAX)).contains(&deadline) {
            let detail = rules::inclusive_range_error(1, i32::MAX.into());
            r.invalid(
                codes::INVALID_VALUE,
                &path.child("activeDeadlineSeconds"),
                Bad::Int(deadline),
                &detail,
            );
        }
    }
    for (field, value) in [("hostname", &spec.hostname), ("subdomain", &spec.subdomain)] {
        if let Some(name) = value.as_deref().filter(|n| !n.is_empty()) {
            r.invalid_each(
                codes::INVALID_NAME,
                &path.child(field),
                Bad::Str(name),
                &rules::dns1123_label_errors(name),
            );
        }
    }
    scheduling::tolerations(
        r,
        spec.tolerations.as_deref().unwrap_or_default(),
        &path.child("tolerations"),
    );
    for (i, alias) in spec.host_aliases.iter().flatten().enumerate() {
        let at = path.child("hostAliases").index(i);
        r.invalid_each(
            codes::INVALID_IP,
            &at.child("ip"),
            Bad::Str(&alias.ip),
            &rules::ip_errors(&alias.ip),
        );
        for (j, host) in alias.hostnames.iter().flatten().enumerate() {
            let errs = rules::dns1123_subdomain_errors(host);
            r.invalid_each(
                codes::INVALID_HOST,
                &at.child("hostnames").index(j),
                Bad::Str(host),
                &errs,
            );
        }
    }
    if let Some(policy) = spec.preemption_policy.as_deref() {
        const POLICIES: [&str; 2] = ["PreemptLowerPriority", "Never"];
        if policy.is_empty() {
            r.required(codes::REQUIRED, &path.child("preemptionPolicy"), "");
        } else if !POLICIES.contains(&policy) {
            r.not_supported(
                codes::UNSUPPORTED_VALUE,
                &path.child("preemptionPolicy"),
                policy,
                &POLICIES,
            );
        }
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
            r.duplicate(
                codes::DUPLICATE_CONTAINER_NAME,
                &at.child("name"),
                Bad::Str(&c.name),
            );
        }
        probes_and_lifecycle(r, c, pod.grace_period, &at);
        if c.restart_policy.is_some() {
            r.forbidden(
                codes::FORBIDDEN_FIELD,
                &at.child("restartPolicy"),
                "may not be set for non-init containers",
            );
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
                r.not_supported(
                    codes::UNSUPPORTED_VALUE,
                    &at.child("restartPolicy"),
                    policy,
                    &["Always"],
                );
            }
        }
        if names.contains(c.name.as_str()) {
            r.duplicate(
                codes::DUPLICATE_CONTAINER_NAME,
                &at.child("name"),
                Bad::Str(&c.name),
            );
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
fn host_port_conflicts<'a>(
    r: &mut Report,
    containers: impl Iterator<Item = (usize, &'a Container)>,
    path: &Path,
) {
    let mut seen = BTreeSet::new();
    for (ci, c) in containers {
        for (pi, port) in c.ports.iter().flatten().enumerate() {
            let Some(host_port) = port.host_port.filter(|&p| p != 0) else {
                continue;
            };
            let protocol = port
                .protocol
                .as_deref()
                .filter(|p| !p.is_empty())
                .unwrap_or("TCP");
            let key = format!(
                "{}/{}/{}",
                protocol,
                port.host_ip.as_deref().unwrap_or(""),
                host_port
            );
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
                let at = path
                    .child("containers")
                    .index(ci)
                    .child("ports")
                    .index(pi)
                    .child("hostPort");
                let detail = "must match `containerPort` when `hostNetwork` is true";
                r.invalid(codes::INVALID_PORT, &at, Bad::Int(host_port.into()), detail);
            }
        }
    }
}

/// A Job's pod template (`ValidateJobSpec`'s template rules): `restartPolicy` `Never` or
/// `OnFailure`, and the pod spec itself.
pub(crate) fn job_template(r: &mut Report, template: &PodTemplateSpec, path: &Path) {
    let meta_path = path.child("metadata");
    if let Some(meta) = &template.metadata {
        meta::labels(r, meta.labels.as_ref(), &meta_path.child("labels"));
        meta::annotations(r, meta.annotations.as_ref(), &meta_path.child("annotations"));
    }
    let default_spec = PodSpec::default();
    let spec = template.spec.as_ref().unwrap_or(&default_spec);
    let spec_path = path.child("spec");
    pod_spec(r, spec, &spec_path);
    let policy = spec.restart_policy.as_deref().unwrap_or("");
    if policy != "Never" && policy != "OnFailure" {
        r.not_supported(codes::UNSUPPORTED_VALUE, &spec_path.child("restartPolicy"), policy, &["OnFailure", "Never"]);
    }
}
