//! Deployments: selector, template, containers, volumes, env, resources, probes, strategy.

use super::fixtures::*;
use coolify_k8s_core::validate::{self, codes};
use coolify_k8s_core::Object;
use k8s_openapi::api::apps::v1::{DeploymentStrategy, RollingUpdateDeployment};
use k8s_openapi::api::core::v1::{
    ContainerPort, EnvFromSource, EnvVar, EnvVarSource, HTTPGetAction, Probe, ResourceRequirements,
    SecretEnvSource, SecretKeySelector, Toleration, Volume, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, LabelSelectorRequirement};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

#[test]
fn container_port_names_and_numbers() {
    let object = deployment_with(|d| {
        first_container(d).ports = Some(vec![
            ContainerPort {
                name: Some("http".to_owned()),
                container_port: 3000,
                ..Default::default()
            },
            ContainerPort {
                name: Some("http-metrics-port".to_owned()),
                container_port: 9090,
                ..Default::default()
            },
            ContainerPort {
                name: Some("http".to_owned()),
                container_port: 3001,
                ..Default::default()
            },
            ContainerPort {
                container_port: 70000,
                host_port: Some(-1),
                protocol: Some("HTTP".to_owned()),
                ..Default::default()
            },
            ContainerPort {
                container_port: 0,
                ..Default::default()
            },
        ]);
    });
    let p = "Deployment/web.spec.template.spec.containers[0].ports";
    assert_eq!(
        problems_of(object),
        vec![
            t(
                codes::INVALID_PORT_NAME,
                &format!("{p}[1].name"),
                "Invalid value: \"http-metrics-port\": must be no more than 15 characters"
            ),
            t(
                codes::DUPLICATE_PORT_NAME,
                &format!("{p}[2].name"),
                "Duplicate value: \"http\""
            ),
            t(
                codes::INVALID_PORT,
                &format!("{p}[3].containerPort"),
                "Invalid value: 70000: must be between 1 and 65535, inclusive"
            ),
            t(
                codes::INVALID_PORT,
                &format!("{p}[3].hostPort"),
                "Invalid value: -1: must be between 1 and 65535, inclusive"
            ),
            t(
                codes::UNSUPPORTED_VALUE,
                &format!("{p}[3].protocol"),
                "Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\""
            ),
            t(
                codes::INVALID_PORT,
                &format!("{p}[4].containerPort"),
                "Required value"
            ),
        ]
    );
}

#[test]
fn host_port_conflicts() {
    let object = deployment_with(|d| {
        let mut sidecar = container();
        sidecar.name = "sidecar".to_owned();
        sidecar.ports = Some(vec![ContainerPort {
            container_port: 8080,
            host_port: Some(80),
            ..Default::default()
        }]);
        sidecar.volume_mounts = None;
        first_container(d).ports = Some(vec![ContainerPort {
            container_port: 80,
            host_port: Some(80),
            ..Default::default()
        }]);
        pod_spec(d).containers.push(sidecar);
    });
    assert_eq!(
        problems_of(object),
        vec![t(
            codes::HOST_PORT_CONFLICT,
            "Deployment/web.spec.template.spec.containers[1].ports[0].hostPort",
            "Duplicate value: \"TCP//80\""
        )]
    );
}

#[test]
fn selector_must_match_template_labels() {
    let object = deployment_with(|d| {
        if let Some(spec) = d.spec.as_mut() {
            spec.selector.match_labels = Some(labels(&[("app.kubernetes.io/name", "api")]));
        }
    });
    assert_eq!(
        problems_of(object),
        vec![t(
            codes::SELECTOR_MISMATCH,
            "Deployment/web.spec.template.metadata.labels",
            "Invalid value: {\"app.kubernetes.io/name\":\"web\"}: `selector` does not match template `labels`"
        )]
    );
}

#[test]
fn selector_expressions_and_empty_selector() {
    let object = deployment_with(|d| {
        if let Some(spec) = d.spec.as_mut() {
            spec.selector = LabelSelector {
                match_labels: None,
                match_expressions: Some(vec![
                    LabelSelectorRequirement {
                        key: "app.kubernetes.io/name".to_owned(),
                        operator: "In".to_owned(),
                        values: Some(vec!["web".to_owned(), "api".to_owned()]),
                    },
                    LabelSelectorRequirement {
                        key: "tier".to_owned(),
                        operator: "DoesNotExist".to_owned(),
                        values: None,
                    },
                ]),
            };
        }
    });
    assert_eq!(
        problems_of(object),
        vec![],
        "matchExpressions that match the template are fine"
    );

    let object = deployment_with(|d| {
        if let Some(spec) = d.spec.as_mut() {
            spec.selector = LabelSelector::default();
        }
    });
    assert_eq!(
        problems_of(object),
        vec![t(
            codes::INVALID_SELECTOR,
            "Deployment/web.spec.selector",
            "Invalid value: {}: empty selector is invalid for deployment"
        )]
    );

    let object = deployment_with(|d| {
        if let Some(spec) = d.spec.as_mut() {
            spec.selector.match_expressions = Some(vec![LabelSelectorRequirement {
                key: "tier".to_owned(),
                operator: "Maybe".to_owned(),
                values: None,
            }]);
        }
    });
    assert_eq!(
        problems_of(object),
        vec![
            t(codes::INVALID_SELECTOR, "Deployment/web.spec.selector.matchExpressions[0].operator", "Invalid value: \"Maybe\": not a valid selector operator"),
            t(codes::INVALID_SELECTOR, "Deployment/web.spec.selector", "Invalid value: {\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"Maybe\"}],\"matchLabels\":{\"app.kubernetes.io/name\":\"web\"}}: invalid label selector"),
        ]
    );
}

#[test]
fn container_and_volume_names() {
    let object = deployment_with(|d| {
        let spec = pod_spec(d);
        spec.containers[0].name = "Web".to_owned();
        let mut second = container();
        second.name = "Web".to_owned();
        second.volume_mounts = None;
        second.ports = None;
        spec.containers.push(second);
        if let Some(volumes) = spec.volumes.as_mut() {
            let mut dup = volumes[0].clone();
            dup.persistent_volume_claim = None;
            dup.empty_dir = Some(Default::default());
            volumes.push(dup);
            volumes.push(Volume {
                name: "cache_dir".to_owned(),
                empty_dir: Some(Default::default()),
                ..Default::default()
            });
        }
    });
    let p = "Deployment/web.spec.template.spec";
    assert_eq!(
        problems_of(object),
        vec![
            t(
                codes::DUPLICATE_VOLUME_NAME,
                &format!("{p}.volumes[1].name"),
                "Duplicate value: \"uploads\""
            ),
            t(
                codes::INVALID_VOLUME_NAME,
                &format!("{p}.volumes[2].name"),
                &format!("Invalid value: \"cache_dir\": {LABEL_REGEX_MSG}")
            ),
            t(
                codes::INVALID_CONTAINER_NAME,
                &format!("{p}.containers[0].name"),
                &format!("Invalid value: \"Web\": {LABEL_REGEX_MSG}")
            ),
            t(
                codes::INVALID_CONTAINER_NAME,
                &format!("{p}.containers[1].name"),
                &format!("Invalid value: \"Web\": {LABEL_REGEX_MSG}")
            ),
            t(
                codes::DUPLICATE_CONTAINER_NAME,
                &format!("{p}.containers[1].name"),
                "Duplicate value: \"Web\""
            ),
        ]
    );
}

#[test]
fn volume_sources_and_mounts() {
    let object = deployment_with(|d| {
        let spec = pod_spec(d);
        spec.volumes = Some(vec![
            Volume {
                name: "empty".to_owned(),
                ..Default::default()
            },
            Volume {
                name: "both".to_owned(),
                empty_dir: Some(Default::default()),
                host_path: Some(k8s_openapi::api::core::v1::HostPathVolumeSource {
                    path: "/data".to_owned(),
                    type_: None,
                }),
                ..Default::default()
            },
            Volume {
                name: "host".to_owned(),
                host_path: Some(k8s_openapi::api::core::v1::HostPathVolumeSource {
                    path: "/srv/../etc".to_owned(),
                    type_: Some("Folder".to_owned()),
                }),
                ..Default::default()
            },
            Volume {
                name: "ok".to_owned(),
                empty_dir: Some(Default::default()),
                ..Default::default()
            },
        ]);
        spec.containers[0].volume_mounts = Some(vec![
            VolumeMount {
                name: "uploads".to_owned(),
                mount_path: "/a".to_owned(),
                ..Default::default()
            },
            VolumeMount {
                name: "ok".to_owned(),
                mount_path: "/a".to_owned(),
                sub_path: Some("../x".to_owned()),
                ..Default::default()
            },
            VolumeMount {
                name: "ok".to_owned(),
                mount_path: "/b".to_owned(),
                sub_path: Some("/abs".to_owned()),
                ..Default::default()
            },
        ]);
    });
    let p = "Deployment/web.spec.template.spec";
    assert_eq!(
        problems_of(object),
        vec![
            t(codes::INVALID_VOLUME, &format!("{p}.volumes[0]"), "Required value: must specify a volume type"),
            t(codes::INVALID_VOLUME, &format!("{p}.volumes[1].hostPath"), "Forbidden: may not specify more than 1 volume type"),
            t(codes::INVALID_PATH, &format!("{p}.volumes[2].hostPath.path"), "Invalid value: \"/srv/../etc\": must not contain '..'"),
            t(codes::UNSUPPORTED_VALUE, &format!("{p}.volumes[2].hostPath.type"), "Unsupported value: \"Folder\": supported values: \"\", \"BlockDevice\", \"CharDevice\", \"Directory\", \"DirectoryOrCreate\", \"File\", \"FileOrCreate\", \"Socket\""),
            t(codes::VOLUME_NOT_FOUND, &format!("{p}.containers[0].volumeMounts[0].name"), "Not found: \"uploads\""),
            t(codes::DUPLICATE_MOUNT_PATH, &format!("{p}.containers[0].volumeMounts[1].mountPath"), "Invalid value: \"/a\": must be unique"),
            t(codes::INVALID_PATH, &format!("{p}.containers[0].volumeMounts[1].subPath"), "Invalid value: \"../x\": must not contain '..'"),
            t(codes::INVALID_PATH, &format!("{p}.containers[0].volumeMounts[2].subPath"), "Invalid value: \"/abs\": must be a relative path"),
        ]
    );
}

#[test]
fn env_names_and_sources() {
    let object = deployment_with(|d| {
        first_container(d).env = Some(vec![
            EnvVar {
                name: "1_STARTS_WITH_DIGIT".to_owned(),
                value: Some("fine in 1.33".to_owned()),
                ..Default::default()
            },
            EnvVar {
                name: "HAS=EQUALS".to_owned(),
                ..Default::default()
            },
            EnvVar {
                name: String::new(),
                ..Default::default()
            },
            EnvVar {
                name: "DB_PASSWORD".to_owned(),
                value: Some("inline".to_owned()),
                value_from: Some(EnvVarSource {
                    secret_key_ref: Some(SecretKeySelector {
                        name: "web-env".to_owned(),
                        key: "../password".to_owned(),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
            },
            EnvVar {
                name: "EMPTY_SOURCE".to_owned(),
                value_from: Some(EnvVarSource::default()),
                ..Default::default()
            },
        ]);
        first_container(d).env_from = Some(vec![EnvFromSource {
            secret_ref: Some(SecretEnvSource {
                name: "Web_Env".to_owned(),
                ..Default::default()
            }),
            prefix: Some("APP=".to_owned()),
            ..Default::default()
        }]);
    });
    let p = "Deployment/web.spec.template.spec.containers[0]";
    let relaxed = "a valid environment variable name must consist only of printable ASCII characters other than '='";
    assert_eq!(
        problems_of(object),
        vec![
            t(codes::INVALID_ENV_NAME, &format!("{p}.env[1].name"), &format!("Invalid value: \"HAS=EQUALS\": {relaxed}")),
            t(codes::REQUIRED, &format!("{p}.env[2].name"), "Required value"),
            t(codes::INVALID_CONFIG_KEY, &format!("{p}.env[3].valueFrom.secretKeyRef.key"), "Invalid value: \"../password\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"),
            t(codes::INVALID_CONFIG_KEY, &format!("{p}.env[3].valueFrom.secretKeyRef.key"), "Invalid value: \"../password\": must not start with '..'"),
            t(codes::INVALID_ENV_SOURCE, &format!("{p}.env[3].valueFrom"), "Invalid value: \"\": may not be specified when `value` is not empty"),
            t(codes::INVALID_ENV_SOURCE, &format!("{p}.env[4].valueFrom"), "Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"),
            t(codes::INVALID_ENV_NAME, &format!("{p}.envFrom[0].prefix"), &format!("Invalid value: \"APP=\": {relaxed}")),
            t(codes::INVALID_NAME, &format!("{p}.envFrom[0].secretRef.name"), &format!("Invalid value: \"Web_Env\": {SUBDOMAIN_REGEX_MSG}")),
        ]
    );
}

#[test]
fn resources_requests_limits_and_quantities() {
    let object = deployment_with(|d| {
        first_container(d).resources = Some(ResourceRequirements {
            limits: Some(quantities(&[
                ("memory", "512m"),
                ("cpu", "1"),
                ("nvidia.com/gpu", "1"),
                ("gpu", "1"),
            ])),
            requests: Some(quantities(&[
                ("memory", "1Gi"),
                ("cpu", "12x"),
                ("nvidia.com/gpu", "0.5"),
                ("ephemeral-storage", "-1Gi"),
            ])),
            ..Default::default()
        });
    });
    let p = "Deployment/web.spec.template.spec.containers[0].resources";
    assert_eq!(
        problems_of(object),
        vec![
            t(
                codes::INVALID_RESOURCE_NAME,
                &format!("{p}.limits[gpu]"),
                "Invalid value: \"gpu\": must be a standard resource type or fully qualified"
            ),
            t(
                codes::INVALID_RESOURCE_NAME,
                &format!("{p}.limits[gpu]"),
                "Invalid value: \"gpu\": must be a standard resource for containers"
            ),
            t(
                codes::INVALID_QUANTITY,
                &format!("{p}.requests[cpu]"),
                &format!("Invalid value: \"12x\": {}", validate::FORMAT_ERROR)
            ),
            t(
                codes::NEGATIVE_QUANTITY,
                &format!("{p}.requests[ephemeral-storage]"),
                "Invalid value: \"-1Gi\": must be greater than or equal to 0"
            ),
            t(
                codes::REQUESTS_EXCEED_LIMITS,
                &format!("{p}.requests[memory]"),
                "Invalid value: \"1Gi\": must be less than or equal to memory limit of 512m"
            ),
            t(
                codes::NON_INTEGER_QUANTITY,
                &format!("{p}.requests[nvidia.com/gpu]"),
                "Invalid value: \"500m\": must be an integer"
            ),
            t(
                codes::REQUESTS_MUST_EQUAL_LIMITS,
                &format!("{p}.requests[nvidia.com/gpu]"),
                "Invalid value: \"500m\": must be equal to nvidia.com/gpu limit of 1"
            ),
        ]
    );

    let object = deployment_with(|d| {
        first_container(d).resources = Some(ResourceRequirements {
            requests: Some(quantities(&[("nvidia.com/gpu", "1")])),
            ..Default::default()
        });
    });
    assert_eq!(
        problems_of(object),
        vec![t(
            codes::REQUESTS_MUST_EQUAL_LIMITS,
            &format!("{p}.limits"),
            "Required value: Limit must be set for non overcommitable resources"
        )]
    );

    let object = deployment_with(|d| {
        first_container(d).resources = Some(ResourceRequirements {
            limits: Some(quantities(&[("memory", " 1.5Gi "), ("cpu", "0.5")])),
            requests: Some(quantities(&[("memory", "1536Mi"), ("cpu", "500m")])),
            ..Default::default()
        });
    });
    assert_eq!(
        problems_of(object),
        vec![],
        "equal requests and limits, surrounding spaces trimmed as the API server does"
    );
}

#[test]
fn probes() {
    let object = deployment_with(|d| {
        let c = first_container(d);
        c.liveness_probe = Some(Probe {
            exec: Some(k8s_openapi::api::core::v1::ExecAction {
                command: Some(vec![]),
            }),
            http_get: Some(HTTPGetAction {
                port: IntOrString::Int(80),
                ..Default::default()
            }),
            success_threshold: Some(2),
            period_seconds: Some(-1),
            ..Default::default()
        });
        c.readiness_probe = Some(Probe {
            http_get: Some(HTTPGetAction {
                port: IntOrString::String("http_port".to_owned()),
                scheme: Some("FTP".to_owned()),
                ..Default::default()
            }),
            termination_grace_period_seconds: Some(10),
            ..Default::default()
        });
        c.startup_probe = Some(Probe::default());
    });
    let p = "Deployment/web.spec.template.spec.containers[0]";
    assert_eq!(
        problems_of(object),
        vec![
            t(codes::REQUIRED, &format!("{p}.livenessProbe.exec.command"), "Required value"),
            t(codes::INVALID_HANDLER, &format!("{p}.livenessProbe.httpGet"), "Forbidden: may not specify more than 1 handler type"),
            t(codes::NEGATIVE_VALUE, &format!("{p}.livenessProbe.periodSeconds"), "Invalid value: -1: must be greater than or equal to 0"),
            t(codes::INVALID_PROBE, &format!("{p}.livenessProbe.successThreshold"), "Invalid value: 2: must be 1"),
            t(codes::INVALID_PORT_NAME, &format!("{p}.readinessProbe.httpGet.port"), "Invalid value: \"http_port\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"),
            t(codes::UNSUPPORTED_VALUE, &format!("{p}.readinessProbe.httpGet.scheme"), "Unsupported value: \"FTP\": supported values: \"HTTP\", \"HTTPS\""),
            t(codes::INVALID_PROBE, &format!("{p}.readinessProbe.terminationGracePeriodSeconds"), "Invalid value: 10: must not be set for readinessProbes"),
            t(codes::REQUIRED, &format!("{p}.startupProbe"), "Required value: must specify a handler type"),
        ]
    );
}

#[test]
fn replicas_grace_period_and_strategy() {
    let object = deployment_with(|d| {
        if let Some(spec) = d.spec.as_mut() {
            spec.replicas = Some(-1);
            spec.min_ready_seconds = Some(700);
            spec.strategy = Some(DeploymentStrategy {
                type_: Some("Recreate".to_owned()),
                rolling_update: Some(RollingUpdateDeployment::default()),
            });
        }
        pod_spec(d).termination_grace_period_seconds = Some(-5);
    });
    let p = "Deployment/web.spec";
    assert_eq!(
        problems_of(object),
        vec![
            t(
                codes::NEGATIVE_VALUE,
                &format!("{p}.replicas"),
                "Invalid value: -1: must be greater than or equal to 0"
            ),
            t(
                codes::NEGATIVE_VALUE,
                &format!("{p}.template.spec.terminationGracePeriodSeconds"),
                "Invalid value: -5: must be greater than or equal to 0"
            ),
            t(
                codes::INVALID_STRATEGY,
                &format!("{p}.strategy.rollingUpdate"),
                "Forbidden: may not be specified when strategy `type` is 'Recreate'"
            ),
            t(
                codes::INVALID_VALUE,
                &format!("{p}.progressDeadlineSeconds"),
                "Invalid value: 600: must be greater than minReadySeconds"
            ),
        ]
    );

    let object = deployment_with(|d| {
        if let Some(spec) = d.spec.as_mut() {
            spec.strategy = Some(DeploymentStrategy {
                type_: Some("RollingUpdate".to_owned()),
                rolling_update: Some(RollingUpdateDeployment {
                    max_surge: Some(IntOrString::String("0%".to_owned())),
                    max_unavailable: Some(IntOrString::Int(0)),
                }),
            });
        }
    });
    assert_eq!(
        problems_of(object),
        vec![t(
            codes::INVALID_STRATEGY,
            "Deployment/web.spec.strategy.rollingUpdate.maxUnavailable",
            "Invalid value: 0: may not be 0 when `maxSurge` is 0"
        )]
    );

    let object = deployment_with(|d| {
        if let Some(spec) = d.spec.as_mut() {
            spec.strategy = Some(DeploymentStrategy {
                type_: None,
                rolling_update: Some(RollingUpdateDeployment {
                    max_surge: Some(IntOrString::String("one".to_owned())),
                    max_unavailable: Some(IntOrString::String("150%".to_owned())),
                }),
            });
        }
    });
    assert_eq!(
        problems_of(object),
        vec![
            t(codes::INVALID_STRATEGY, "Deployment/web.spec.strategy.rollingUpdate.maxSurge", "Invalid value: \"one\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"),
            t(codes::INVALID_STRATEGY, "Deployment/web.spec.strategy.rollingUpdate.maxUnavailable", "Invalid value: \"150%\": must not be greater than 100%"),
        ]
    );
}

#[test]
fn restart_policy_and_tolerations() {
    let object = deployment_with(|d| {
        let spec = pod_spec(d);
        spec.restart_policy = Some("Never".to_owned());
        spec.tolerations = Some(vec![
            Toleration {
                key: Some("node-role.kubernetes.io/control-plane".to_owned()),
                operator: Some("Exists".to_owned()),
                effect: Some("NoSchedule".to_owned()),
                ..Default::default()
            },
            Toleration {
                operator: Some("Equal".to_owned()),
                value: Some("x".to_owned()),
                ..Default::default()
            },
            Toleration {
                key: Some("k".to_owned()),
                toleration_seconds: Some(5),
                effect: Some("NoSchedule".to_owned()),
                ..Default::default()
            },
        ]);
    });
    let p = "Deployment/web.spec.template.spec";
    assert_eq!(
        problems_of(object),
        vec![
            t(codes::INVALID_TOLERATION, &format!("{p}.tolerations[1].operator"), "Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""),
            t(codes::INVALID_TOLERATION, &format!("{p}.tolerations[2].effect"), "Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"),
            t(codes::UNSUPPORTED_VALUE, &format!("{p}.restartPolicy"), "Unsupported value: \"Never\": supported values: \"Always\""),
        ]
    );
}

#[test]
fn node_selector_labels() {
    let object = deployment_with(|d| {
        pod_spec(d).node_selector = Some(labels(&[("node.kubernetes.io/role", "web server")]));
    });
    assert_eq!(
        problems_of(object),
        vec![t(
            codes::INVALID_LABEL_VALUE,
            "Deployment/web.spec.template.spec.nodeSelector[node.kubernetes.io/role]",
            &format!("Invalid value: \"web server\": {LABEL_VALUE_REGEX_MSG}")
        )]
    );
}

#[test]
fn missing_deployment_spec_and_containers() {
    let mut d = deployment();
    d.spec = None;
    assert_eq!(
        problems_of(Object::Deployment(d)),
        vec![
            t(
                codes::REQUIRED,
                "Deployment/web.spec.selector",
                "Required value"
            ),
            t(
                codes::REQUIRED,
                "Deployment/web.spec.template.spec.containers",
                "Required value"
            ),
        ]
    );
    let object = deployment_with(|d| {
        pod_spec(d).containers.clear();
        pod_spec(d).volumes = None;
    });
    assert_eq!(
        problems_of(object),
        vec![t(
            codes::REQUIRED,
            "Deployment/web.spec.template.spec.containers",
            "Required value"
        )]
    );
    let object = deployment_with(|d| first_container(d).image = Some(String::new()));
    assert_eq!(
        problems_of(object),
        vec![t(
            codes::REQUIRED,
            "Deployment/web.spec.template.spec.containers[0].image",
            "Required value"
        )]
    );
}
