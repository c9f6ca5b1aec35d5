//! Pod-level rules: init containers, scheduling, DNS, security contexts, volume sources.

use super::fixtures::*;
use coolify_k8s_core::validate::codes;
use k8s_openapi::api::core::v1::{
    Affinity, Capabilities, EmptyDirVolumeSource, NodeAffinity, NodeSelector,
    NodeSelectorRequirement, NodeSelectorTerm, PodAffinityTerm, PodAntiAffinity, PodDNSConfig,
    PodSecurityContext, PreferredSchedulingTerm, SecretVolumeSource, SecurityContext, Sysctl,
    Volume, WeightedPodAffinityTerm,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

#[test]
fn init_containers() {
    let object = deployment_with(|d| {
        let mut init = first_container(d).clone();
        init.name = "migrate".to_owned();
        init.ports = None;
        init.volume_mounts = None;
        let mut sidecar = init.clone();
        sidecar.name = "proxy".to_owned();
        sidecar.restart_policy = Some("Always".to_owned());
        let mut clash = init.clone();
        clash.name = "web".to_owned();
        clash.readiness_probe = None;
        clash.restart_policy = Some("OnFailure".to_owned());
        pod_spec(d).init_containers = Some(vec![init, sidecar, clash]);
    });
    let p = "Deployment/web.spec.template.spec.initContainers";
    assert_eq!(
        problems_of(object),
        vec![
            t(
                codes::FORBIDDEN_FIELD,
                &format!("{p}[0].readinessProbe"),
                "Forbidden: may not be set for init containers without restartPolicy=Always"
            ),
            t(
                codes::UNSUPPORTED_VALUE,
                &format!("{p}[2].restartPolicy"),
                "Unsupported value: \"OnFailure\": supported values: \"Always\""
            ),
            t(
                codes::DUPLICATE_CONTAINER_NAME,
                &format!("{p}[2].name"),
                "Duplicate value: \"web\""
            ),
        ]
    );
}

#[test]
fn affinity_rules() {
    let object = deployment_with(|d| {
        pod_spec(d).affinity = Some(Affinity {
            node_affinity: Some(NodeAffinity {
                required_during_scheduling_ignored_during_execution: Some(NodeSelector {
                    node_selector_terms: vec![NodeSelectorTerm {
                        match_expressions: Some(vec![
                            NodeSelectorRequirement {
                                key: "kubernetes.io/hostname".to_owned(),
                                operator: "In".to_owned(),
                                values: Some(vec!["node-1".to_owned()]),
                            },
                            NodeSelectorRequirement {
                                key: "disk".to_owned(),
                                operator: "Exists".to_owned(),
                                values: Some(vec!["ssd".to_owned()]),
                            },
                            NodeSelectorRequirement {
                                key: "zone".to_owned(),
                                operator: "Near".to_owned(),
                                values: None,
                            },
                        ]),
                        ..Default::default()
                    }],
                }),
                preferred_during_scheduling_ignored_during_execution: Some(vec![
                    PreferredSchedulingTerm {
                        weight: 101,
                        preference: NodeSelectorTerm::default(),
                    },
                ]),
            }),
            pod_anti_affinity: Some(PodAntiAffinity {
                preferred_during_scheduling_ignored_during_execution: Some(vec![
                    WeightedPodAffinityTerm {
                        weight: 50,
                        pod_affinity_term: PodAffinityTerm {
                            topology_key: String::new(),
                            ..Default::default()
                        },
                    },
                ]),
                ..Default::default()
            }),
            ..Default::default()
        });
    });
    let p = "Deployment/web.spec.template.spec.affinity";
    let n = format!("{p}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions");
    let empty_key = "Invalid value: \"\": name part must be non-empty";
    let empty_key_regex = "Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    let w = format!("{p}.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey");
    assert_eq!(
        problems_of(object),
        vec![
            t(
                codes::INVALID_AFFINITY,
                &format!("{n}[1].values"),
                "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
            ),
            t(
                codes::INVALID_AFFINITY,
                &format!("{n}[2].operator"),
                "Invalid value: \"Near\": not a valid selector operator"
            ),
            t(
                codes::INVALID_AFFINITY,
                &format!(
                    "{p}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight"
                ),
                "Invalid value: 101: must be in the range 1-100"
            ),
            t(
                codes::INVALID_AFFINITY,
                &w,
                "Required value: can not be empty"
            ),
            t(codes::INVALID_LABEL_KEY, &w, empty_key),
            t(codes::INVALID_LABEL_KEY, &w, empty_key_regex),
        ]
    );
}

#[test]
fn dns_config_and_security_contexts() {
    let object = deployment_with(|d| {
        let spec = pod_spec(d);
        spec.dns_policy = Some("None".to_owned());
        spec.dns_config = Some(PodDNSConfig {
            nameservers: Some(vec!["1.1.1.1".to_owned(), "dns.example.com".to_owned()]),
            searches: Some(vec![
                "svc.cluster.local.".to_owned(),
                "_srv.example.com".to_owned(),
                "Bad".to_owned(),
            ]),
            ..Default::default()
        });
        spec.security_context = Some(PodSecurityContext {
            run_as_user: Some(-1),
            sysctls: Some(vec![
                Sysctl {
                    name: "net.core.somaxconn".to_owned(),
                    value: "1024".to_owned(),
                },
                Sysctl {
                    name: "net.core.somaxconn".to_owned(),
                    value: "2048".to_owned(),
                },
                Sysctl {
                    name: "Kernel.Bad".to_owned(),
                    value: "1".to_owned(),
                },
            ]),
            ..Default::default()
        });
        spec.containers[0].security_context = Some(SecurityContext {
            allow_privilege_escalation: Some(false),
            privileged: Some(true),
            capabilities: Some(Capabilities {
                add: Some(vec!["NET_ADMIN".to_owned()]),
                drop: None,
            }),
            run_as_group: Some(4_294_967_296),
            ..Default::default()
        });
    });
    let p = "Deployment/web.spec.template.spec";
    let problems = problems_of(object);
    let paths: Vec<(&str, &str)> = problems
        .iter()
        .map(|(c, p, _)| (c.as_str(), p.as_str()))
        .collect();
    assert_eq!(
        paths,
        vec![
            (
                codes::INVALID_SECURITY_CONTEXT,
                format!("{p}.containers[0].securityContext.runAsGroup").as_str()
            ),
            (
                codes::INVALID_SECURITY_CONTEXT,
                format!("{p}.containers[0].securityContext").as_str()
            ),
            (
                codes::INVALID_SECURITY_CONTEXT,
                format!("{p}.securityContext.runAsUser").as_str()
            ),
            (
                codes::INVALID_SECURITY_CONTEXT,
                format!("{p}.securityContext.sysctls[1].name").as_str()
            ),
            (
                codes::INVALID_SECURITY_CONTEXT,
                format!("{p}.securityContext.sysctls[2].name").as_str()
            ),
            (
                codes::INVALID_IP,
                format!("{p}.dnsConfig.nameservers[1]").as_str()
            ),
            (
                codes::INVALID_DNS_CONFIG,
                format!("{p}.dnsConfig.searches[2]").as_str()
            ),
        ]
    );
    assert_eq!(
        problems[0].2,
        "Invalid value: 4294967296: must be between 0 and 4294967295, inclusive"
    );
    assert!(problems[1]
        .2
        .ends_with(": cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
    assert_eq!(problems[3].2, "Duplicate value: \"net.core.somaxconn\"");
    assert!(problems[4].2.starts_with(
        "Invalid value: \"Kernel.Bad\": must have at most 253 characters and match regex ^"
    ));
    assert_eq!(
        problems[5].2,
        "Invalid value: \"dns.example.com\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
    );
}

#[test]
fn volume_source_details() {
    let object = deployment_with(|d| {
        let spec = pod_spec(d);
        spec.containers[0].volume_mounts = None;
        spec.volumes = Some(vec![
            Volume {
                name: "scratch".to_owned(),
                empty_dir: Some(EmptyDirVolumeSource {
                    size_limit: Some(Quantity("-1Gi".to_owned())),
                    ..Default::default()
                }),
                ..Default::default()
            },
            Volume {
                name: "certs".to_owned(),
                secret: Some(SecretVolumeSource {
                    secret_name: None,
                    default_mode: Some(0o1000),
                    items: Some(vec![k8s_openapi::api::core::v1::KeyToPath {
                        key: "tls.crt".to_owned(),
                        path: "/etc/tls.crt".to_owned(),
                        mode: None,
                    }]),
                    ..Default::default()
                }),
                ..Default::default()
            },
        ]);
    });
    let p = "Deployment/web.spec.template.spec.volumes";
    assert_eq!(
        problems_of(object),
        vec![
            t(
                codes::NEGATIVE_QUANTITY,
                &format!("{p}[0].emptyDir.sizeLimit"),
                "Forbidden: SizeLimit field must be a valid resource quantity"
            ),
            t(
                codes::REQUIRED,
                &format!("{p}[1].secret.secretName"),
                "Required value"
            ),
            t(
                codes::INVALID_VOLUME,
                &format!("{p}[1].secret.defaultMode"),
                "Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive"
            ),
            t(
                codes::INVALID_PATH,
                &format!("{p}[1].secret.items[0].path"),
                "Invalid value: \"/etc/tls.crt\": must be a relative path"
            ),
        ]
    );
}
