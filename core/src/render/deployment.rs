//! The Deployment: one pod template running Coolify's container the way Docker runs it.

use super::config;
use super::labels;
use super::service::port_name;
use crate::model::{defaults, App, EnvSource, Probe};
use crate::quantity;
use k8s_openapi::api::apps::v1::{Deployment, DeploymentSpec, DeploymentStrategy, RollingUpdateDeployment};
use k8s_openapi::api::core::v1::{
    AppArmorProfile, Capabilities, Container, ContainerPort, EnvVar, EnvVarSource, ExecAction, LocalObjectReference, ObjectFieldSelector,
    PodDNSConfig, PodSecurityContext, PodSpec, PodTemplateSpec, Probe as KubeProbe, ResourceRequirements, SELinuxOptions, SeccompProfile,
    SecretKeySelector, SecurityContext, Sysctl, TopologySpreadConstraint, Volume, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeMap;

fn env(app: &App) -> Vec<EnvVar> {
    let secret = config::env_secret_name(app);
    app.env
        .iter()
        .map(|e| EnvVar {
            name: e.key.clone(),
            value: None,
            value_from: Some(match e.source {
                EnvSource::PodName => EnvVarSource {
                    field_ref: Some(ObjectFieldSelector { field_path: "metadata.name".to_owned(), api_version: None }),
                    ..Default::default()
                },
                EnvSource::Value(_) | EnvSource::Missing => EnvVarSource {
                    secret_key_ref: Some(SecretKeySelector { name: secret.clone(), key: e.key.clone(), optional: None }),
                    ..Default::default()
                },
            }),
        })
        .collect()
}

fn resources(app: &App) -> Option<ResourceRequirements> {
    let mut limits = BTreeMap::new();
    let mut requests = BTreeMap::new();
    if let Some(m) = app.memory_limit {
        limits.insert("memory".to_owned(), Quantity(quantity::bytes_quantity(m)));
    }
    if let Some(m) = app.memory_request {
        requests.insert("memory".to_owned(), Quantity(quantity::bytes_quantity(m)));
    }
    if let Some(c) = app.cpu_limit {
        limits.insert("cpu".to_owned(), Quantity(quantity::millicpu_quantity(c)));
    }
    if let Some(c) = app.cpu_request {
        requests.insert("cpu".to_owned(), Quantity(quantity::millicpu_quantity(c)));
    }
    if let Some(g) = &app.gpu {
        limits.insert(g.resource.clone(), Quantity(g.count.to_string()));
    }
    if limits.is_empty() && requests.is_empty() {
        return None;
    }
    Some(ResourceRequirements {
        limits: if limits.is_empty() { None } else { Some(limits) },
        requests: if requests.is_empty() { None } else { Some(requests) },
        ..Default::default()
    })
}

fn readiness(app: &App) -> Option<KubeProbe> {
    let h = app.health.as_ref()?;
    let Probe::Shell(command) = &h.probe;
    Some(KubeProbe {
        exec: Some(ExecAction { command: Some(vec!["/bin/sh".to_owned(), "-c".to_owned(), command.clone()]) }),
        period_seconds: Some(h.interval),
        timeout_seconds: Some(h.timeout),
        failure_threshold: Some(h.retries),
        success_threshold: Some(1),
        ..Default::default()
    })
}

/// How long a rollout may go without progress before Kubernetes marks it failed: Coolify's
/// health-check budget (start period plus every retry) plus time to schedule and pull.
pub fn progress_deadline(app: &App) -> i32 {
    match &app.health {
        Some(h) => defaults::PROGRESS_MARGIN_SECONDS.saturating_add(h.start_period).saturating_add(h.retries.saturating_mul(h.interval.saturating_add(h.timeout))),
        None => defaults::PROGRESS_DEADLINE_SECONDS,
    }
}

fn security_context(app: &App) -> Option<SecurityContext> {
    let r = &app.run;
    let capabilities = if r.cap_add.is_empty() && r.cap_drop.is_empty() {
        None
    } else {
        Some(Capabilities {
            add: if r.cap_add.is_empty() { None } else { Some(r.cap_add.clone()) },
            drop: if r.cap_drop.is_empty() { None } else { Some(r.cap_drop.clone()) },
        })
    };
    let selinux = if r.selinux.is_empty() {
        None
    } else {
        let get = |k: &str| r.selinux.iter().find(|(p, _)| p == k).map(|(_, v)| v.clone());
        Some(SELinuxOptions { user: get("user"), role: get("role"), type_: get("type"), level: get("level") })
    };
    let ctx = SecurityContext {
        capabilities,
        privileged: if r.privileged { Some(true) } else { None },
        // Kubernetes refuses `privileged` together with no privilege escalation; privileged wins.
        allow_privilege_escalation: if r.no_new_privileges && !r.privileged { Some(false) } else { None },
        seccomp_profile: if r.seccomp_unconfined { Some(SeccompProfile { type_: "Unconfined".to_owned(), localhost_profile: None }) } else { None },
        app_armor_profile: r.apparmor.as_ref().map(|p| {
            if p == "Unconfined" {
                AppArmorProfile { type_: "Unconfined".to_owned(), localhost_profile: None }
            } else {
                AppArmorProfile { type_: "Localhost".to_owned(), localhost_profile: Some(p.clone()) }
            }
        }),
        se_linux_options: selinux,
        ..Default::default()
    };
    if ctx == SecurityContext::default() { None } else { Some(ctx) }
}

/// The application's container: image, environment, resources, mounts, security context.
/// `service` adds what only the long-running container has: ports and the readiness probe.
pub fn container(app: &App, mounts: Vec<VolumeMount>, service: bool) -> Container {
    let node_port = app.service_type == "NodePort";
    let ports: Vec<ContainerPort> = app
        .ports
        .iter()
        .map(|&p| ContainerPort {
            name: Some(port_name(p)),
            container_port: i32::from(p),
            protocol: Some("TCP".to_owned()),
            host_port: if node_port { None } else { app.port_mappings.iter().find(|(_, c)| *c == p).map(|(h, _)| i32::from(*h)) },
            ..Default::default()
        })
        .collect();
    Container {
        name: labels::slug(&app.name),
        image: Some(app.image.clone()),
        command: app.run.entrypoint.clone(),
        ports: if ports.is_empty() || !service { None } else { Some(ports) },
        env: Some(env(app)),
        resources: resources(app),
        readiness_probe: if service { readiness(app) } else { None },
        volume_mounts: if mounts.is_empty() { None } else { Some(mounts) },
        security_context: security_context(app),
        ..Default::default()
    }
}

/// The pod spec around a container, with Docker's container defaults and the scheduling settings.
pub fn pod_spec(app: &App, container: Container, volumes: Vec<Volume>) -> PodSpec {
    let sysctls: Vec<Sysctl> = app.run.sysctls.iter().map(|(n, v)| Sysctl { name: n.clone(), value: v.clone() }).collect();
    PodSpec {
        containers: vec![container],
        volumes: if volumes.is_empty() { None } else { Some(volumes) },
        termination_grace_period_seconds: Some(app.stop_grace_seconds),
        // Docker gives containers neither API credentials nor `<SERVICE>_PORT` variables.
        automount_service_account_token: Some(false),
        enable_service_links: Some(false),
        node_selector: if app.node_selector.is_empty() { None } else { Some(app.node_selector.clone()) },
        tolerations: if app.tolerations.is_empty() { None } else { Some(app.tolerations.clone()) },
        affinity: app.affinity.clone(),
        hostname: app.run.hostname.clone(),
        dns_config: if app.run.dns.is_empty() { None } else { Some(PodDNSConfig { nameservers: Some(app.run.dns.clone()), ..Default::default() }) },
        share_process_namespace: if app.run.init { Some(true) } else { None },
        security_context: if sysctls.is_empty() { None } else { Some(PodSecurityContext { sysctls: Some(sysctls), ..Default::default() }) },
        image_pull_secrets: if app.image_pull_secrets.is_empty() {
            None
        } else {
            Some(app.image_pull_secrets.iter().map(|n| LocalObjectReference { name: n.clone() }).collect())
        },
        ..Default::default()
    }
}

/// The smallest replica count the application runs with (fixed, or the autoscaler's minimum).
pub fn least_replicas(app: &App) -> i32 {
    app.autoscaling.as_ref().map(|a| a.min).unwrap_or(app.replicas)
}

/// The pod template's annotations: checksums of the values the pods read at start.
pub fn checksums(app: &App) -> BTreeMap<String, String> {
    let mut annotations = BTreeMap::from([("checksum.coolify.io/env".to_owned(), config::env_checksum(app))]);
    if let Some(sum) = config::files_checksum(app) {
        annotations.insert("checksum.coolify.io/files".to_owned(), sum);
    }
    annotations
}

/// The Deployment.
pub fn deployment(app: &App, volumes: Vec<Volume>, mounts: Vec<VolumeMount>) -> Deployment {
    let mut pod_labels = labels::common(app);
    pod_labels.extend(app.pod_labels.clone());
    let mut pod = pod_spec(app, container(app, mounts, true), volumes);
    if app.topology_spread && least_replicas(app) > 1 {
        // Soft: replicas prefer different nodes, and still schedule on a single-node cluster.
        pod.topology_spread_constraints = Some(vec![TopologySpreadConstraint {
            max_skew: 1,
            topology_key: "kubernetes.io/hostname".to_owned(),
            when_unsatisfiable: "ScheduleAnyway".to_owned(),
            label_selector: Some(LabelSelector { match_labels: Some(labels::selector(app)), match_expressions: None }),
            ..Default::default()
        }]);
    }
    let strategy = if app.recreate_reasons.is_empty() {
        DeploymentStrategy {
            type_: Some("RollingUpdate".to_owned()),
            rolling_update: Some(RollingUpdateDeployment { max_surge: Some(IntOrString::Int(1)), max_unavailable: Some(IntOrString::Int(0)) }),
        }
    } else {
        DeploymentStrategy { type_: Some("Recreate".to_owned()), rolling_update: None }
    };
    Deployment {
        metadata: ObjectMeta {
            name: Some(app.base_name.clone()),
            namespace: Some(app.namespace.clone()),
            labels: Some(labels::common(app)),
            ..Default::default()
        },
        spec: Some(DeploymentSpec {
            // With an autoscaler the replica count is its to set: leaving it out keeps every
            // apply from resetting what the autoscaler chose.
            replicas: if app.autoscaling.is_some() { None } else { Some(app.replicas) },
            selector: LabelSelector { match_labels: Some(labels::selector(app)), match_expressions: None },
            strategy: Some(strategy),
            progress_deadline_seconds: Some(progress_deadline(app)),
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta { labels: Some(pod_labels), annotations: Some(checksums(app)), ..Default::default() }),
                spec: Some(pod),
            },
            ..Default::default()
        }),
        ..Default::default()
    }
}
