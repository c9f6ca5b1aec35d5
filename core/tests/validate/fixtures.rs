//! Valid objects of every kind, and helpers to compare problem lists exactly.

use coolify_k8s_core::validate;
use coolify_k8s_core::{Object, Problem};
use k8s_openapi::api::apps::v1::{
    Deployment, DeploymentSpec, DeploymentStrategy, RollingUpdateDeployment,
};
use k8s_openapi::api::core::v1::{
    ConfigMap, Container, ContainerPort, EnvFromSource, EnvVar, HTTPGetAction, Namespace,
    PersistentVolumeClaim, PersistentVolumeClaimSpec, PersistentVolumeClaimVolumeSource, PodSpec,
    PodTemplateSpec, Probe, ResourceRequirements, Secret, SecretEnvSource, Service, ServicePort,
    ServiceSpec, Volume, VolumeMount, VolumeResourceRequirements,
};
use k8s_openapi::api::networking::v1::{
    HTTPIngressPath, HTTPIngressRuleValue, Ingress, IngressBackend, IngressRule,
    IngressServiceBackend, IngressSpec, IngressTLS, ServiceBackendPort,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeMap;

pub(crate) fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

pub(crate) fn meta(name: &str) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_owned()),
        namespace: Some("coolify".to_owned()),
        labels: Some(labels(&[
            ("app.kubernetes.io/name", "web"),
            ("coolify.managed", "true"),
        ])),
        annotations: Some(labels(&[("coolify.io/fqdn", "https://a.example.com")])),
        ..Default::default()
    }
}

pub(crate) fn quantities(pairs: &[(&str, &str)]) -> BTreeMap<String, Quantity> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), Quantity((*v).to_owned())))
        .collect()
}

pub(crate) fn container() -> Container {
    Container {
        name: "web".to_owned(),
        image: Some("ghcr.io/acme/web:1.4.2".to_owned()),
        ports: Some(vec![ContainerPort {
            name: Some("http".to_owned()),
            container_port: 3000,
            ..Default::default()
        }]),
        env_from: Some(vec![EnvFromSource {
            secret_ref: Some(SecretEnvSource {
                name: "web-env".to_owned(),
                ..Default::default()
            }),
            ..Default::default()
        }]),
        env: Some(vec![EnvVar {
            name: "NODE_ENV".to_owned(),
            value: Some("production".to_owned()),
            ..Default::default()
        }]),
        resources: Some(ResourceRequirements {
            limits: Some(quantities(&[("memory", "512Mi"), ("cpu", "1500m")])),
            requests: Some(quantities(&[("memory", "64Mi"), ("cpu", "50m")])),
            ..Default::default()
        }),
        readiness_probe: Some(Probe {
            http_get: Some(HTTPGetAction {
                path: Some("/".to_owned()),
                port: IntOrString::Int(3000),
                ..Default::default()
            }),
            period_seconds: Some(5),
            ..Default::default()
        }),
        volume_mounts: Some(vec![VolumeMount {
            name: "uploads".to_owned(),
            mount_path: "/app/uploads".to_owned(),
            ..Default::default()
        }]),
        ..Default::default()
    }
}

pub(crate) fn deployment() -> Deployment {
    let selector = labels(&[("app.kubernetes.io/name", "web")]);
    Deployment {
        metadata: meta("web"),
        spec: Some(DeploymentSpec {
            replicas: Some(1),
            selector: LabelSelector {
                match_labels: Some(selector),
                ..Default::default()
            },
            strategy: Some(DeploymentStrategy {
                type_: Some("RollingUpdate".to_owned()),
                rolling_update: Some(RollingUpdateDeployment {
                    max_surge: Some(IntOrString::Int(1)),
                    max_unavailable: Some(IntOrString::Int(0)),
                }),
            }),
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta {
                    labels: Some(labels(&[("app.kubernetes.io/name", "web")])),
                    ..Default::default()
                }),
                spec: Some(PodSpec {
                    containers: vec![container()],
                    termination_grace_period_seconds: Some(30),
                    volumes: Some(vec![Volume {
                        name: "uploads".to_owned(),
                        persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                            claim_name: "web-uploads".to_owned(),
                            ..Default::default()
                        }),
                        ..Default::default()
                    }]),
                    ..Default::default()
                }),
            },
            ..Default::default()
        }),
        ..Default::default()
    }
}

pub(crate) fn service() -> Service {
    Service {
        metadata: meta("web"),
        spec: Some(ServiceSpec {
            selector: Some(labels(&[("app.kubernetes.io/name", "web")])),
            ports: Some(vec![ServicePort {
                name: Some("http".to_owned()),
                port: 3000,
                target_port: Some(IntOrString::String("http".to_owned())),
                ..Default::default()
            }]),
            ..Default::default()
        }),
        ..Default::default()
    }
}

pub(crate) fn ingress() -> Ingress {
    let path = HTTPIngressPath {
        path: Some("/".to_owned()),
        path_type: "Prefix".to_owned(),
        backend: IngressBackend {
            service: Some(IngressServiceBackend {
                name: "web".to_owned(),
                port: Some(ServiceBackendPort {
                    number: Some(3000),
                    ..Default::default()
                }),
            }),
            ..Default::default()
        },
    };
    Ingress {
        metadata: meta("web"),
        spec: Some(IngressSpec {
            ingress_class_name: Some("traefik".to_owned()),
            rules: Some(vec![IngressRule {
                host: Some("a.example.com".to_owned()),
                http: Some(HTTPIngressRuleValue { paths: vec![path] }),
            }]),
            tls: Some(vec![IngressTLS {
                hosts: Some(vec!["a.example.com".to_owned()]),
                secret_name: Some("web-tls".to_owned()),
            }]),
            ..Default::default()
        }),
        ..Default::default()
    }
}

pub(crate) fn secret() -> Secret {
    Secret {
        metadata: meta("web-env"),
        string_data: Some(labels(&[
            ("NODE_ENV", "production"),
            ("lower.case-key_1", "x"),
        ])),
        type_: Some("Opaque".to_owned()),
        ..Default::default()
    }
}

pub(crate) fn config_map() -> ConfigMap {
    ConfigMap {
        metadata: meta("web-files"),
        data: Some(labels(&[("config.json", "{}")])),
        ..Default::default()
    }
}

pub(crate) fn pvc() -> PersistentVolumeClaim {
    PersistentVolumeClaim {
        metadata: meta("web-uploads"),
        spec: Some(PersistentVolumeClaimSpec {
            access_modes: Some(vec!["ReadWriteOnce".to_owned()]),
            resources: Some(VolumeResourceRequirements {
                requests: Some(quantities(&[("storage", "1Gi")])),
                ..Default::default()
            }),
            storage_class_name: Some("local-path".to_owned()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

pub(crate) fn namespace() -> Namespace {
    Namespace {
        metadata: ObjectMeta {
            name: Some("coolify".to_owned()),
            ..Default::default()
        },
        ..Default::default()
    }
}

pub(crate) fn all_valid() -> Vec<Object> {
    vec![
        Object::Namespace(namespace()),
        Object::Secret(secret()),
        Object::ConfigMap(config_map()),
        Object::PersistentVolumeClaim(pvc()),
        Object::Service(service()),
        Object::Deployment(deployment()),
        Object::Ingress(ingress()),
    ]
}

/// (code, path, message) triples, for exact comparison.
pub(crate) fn triples(problems: Vec<Problem>) -> Vec<(String, String, String)> {
    problems
        .into_iter()
        .map(|p| (p.code, p.path, p.message))
        .collect()
}

pub(crate) fn problems_of(object: Object) -> Vec<(String, String, String)> {
    triples(validate::validate_objects(&[object]))
}

pub(crate) fn t(code: &str, path: &str, message: &str) -> (String, String, String) {
    (code.to_owned(), path.to_owned(), message.to_owned())
}

pub(crate) fn deployment_with(edit: impl FnOnce(&mut Deployment)) -> Object {
    let mut d = deployment();
    edit(&mut d);
    Object::Deployment(d)
}

pub(crate) fn pod_spec(d: &mut Deployment) -> &mut PodSpec {
    d.spec
        .as_mut()
        .and_then(|s| s.template.spec.as_mut())
        .expect("template spec")
}

pub(crate) fn first_container(d: &mut Deployment) -> &mut Container {
    &mut pod_spec(d).containers[0]
}

pub(crate) const LABEL_REGEX_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
pub(crate) const SUBDOMAIN_REGEX_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
pub(crate) const DNS1035_REGEX_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
pub(crate) const LABEL_VALUE_REGEX_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
