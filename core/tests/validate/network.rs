//! Services and Ingresses.

use super::fixtures::*;
use coolify_k8s_core::validate::codes;
use coolify_k8s_core::Object;
use k8s_openapi::api::core::v1::{ServicePort, ServiceSpec};
use k8s_openapi::api::networking::v1::{
    IngressRule, IngressServiceBackend, IngressSpec, IngressTLS, ServiceBackendPort,
};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

fn service_with(edit: impl FnOnce(&mut ServiceSpec)) -> Object {
    let mut s = service();
    if let Some(spec) = s.spec.as_mut() {
        edit(spec);
    }
    Object::Service(s)
}

#[test]
fn service_ports() {
    let object = service_with(|spec| {
        spec.ports = Some(vec![
            ServicePort {
                name: Some("http".to_owned()),
                port: 80,
                ..Default::default()
            },
            ServicePort {
                port: 443,
                ..Default::default()
            },
            ServicePort {
                name: Some("http".to_owned()),
                port: 80,
                target_port: Some(IntOrString::Int(70000)),
                ..Default::default()
            },
            ServicePort {
                name: Some("Metrics".to_owned()),
                port: 0,
                ..Default::default()
            },
        ]);
    });
    let p = "Service/web.spec.ports";
    assert_eq!(
        problems_of(object),
        vec![
            t(codes::REQUIRED, &format!("{p}[1].name"), "Required value"),
            t(
                codes::DUPLICATE_PORT_NAME,
                &format!("{p}[2].name"),
                "Duplicate value: \"http\""
            ),
            t(
                codes::INVALID_PORT,
                &format!("{p}[2].targetPort"),
                "Invalid value: 70000: must be between 1 and 65535, inclusive"
            ),
            t(
                codes::INVALID_PORT_NAME,
                &format!("{p}[3].name"),
                &format!("Invalid value: \"Metrics\": {LABEL_REGEX_MSG}")
            ),
            t(
                codes::INVALID_PORT,
                &format!("{p}[3].port"),
                "Invalid value: 0: must be between 1 and 65535, inclusive"
            ),
            t(
                codes::DUPLICATE_PORT,
                &format!("{p}[2]"),
                "Duplicate value: {\"port\":80,\"protocol\":\"TCP\"}"
            ),
        ]
    );

    let object = service_with(|spec| spec.ports = None);
    assert_eq!(
        problems_of(object),
        vec![t(
            codes::REQUIRED,
            "Service/web.spec.ports",
            "Required value"
        )]
    );

    let object = service_with(|spec| {
        spec.ports = Some(vec![ServicePort {
            name: Some("a-service-port-name-longer-than-fifteen".to_owned()),
            port: 80,
            ..Default::default()
        }]);
    });
    assert_eq!(
        problems_of(object),
        vec![],
        "Service port names are DNS labels, not IANA names"
    );
}

#[test]
fn service_types_and_node_ports() {
    let object = service_with(|spec| {
        spec.type_ = Some("Internal".to_owned());
    });
    assert_eq!(
        problems_of(object),
        vec![t(codes::UNSUPPORTED_VALUE, "Service/web.spec.type", "Unsupported value: \"Internal\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"")]
    );

    let object = service_with(|spec| {
        if let Some(ports) = spec.ports.as_mut() {
            ports[0].node_port = Some(30080);
        }
    });
    assert_eq!(
        problems_of(object),
        vec![t(
            codes::INVALID_NODE_PORT,
            "Service/web.spec.ports[0].nodePort",
            "Forbidden: may not be used when `type` is 'ClusterIP'"
        )]
    );

    let object = service_with(|spec| {
        spec.type_ = Some("NodePort".to_owned());
        spec.ports = Some(vec![
            ServicePort {
                name: Some("a".to_owned()),
                port: 80,
                node_port: Some(8080),
                ..Default::default()
            },
            ServicePort {
                name: Some("b".to_owned()),
                port: 81,
                node_port: Some(30080),
                ..Default::default()
            },
            ServicePort {
                name: Some("c".to_owned()),
                port: 82,
                node_port: Some(30080),
                ..Default::default()
            },
        ]);
    });
    assert_eq!(
        problems_of(object),
        vec![
            t(codes::INVALID_NODE_PORT, "Service/web.spec.ports[0].nodePort", "Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767"),
            t(codes::DUPLICATE_NODE_PORT, "Service/web.spec.ports[2].nodePort", "Duplicate value: 30080"),
        ]
    );
}

#[test]
fn service_cluster_ip_none() {
    let object = service_with(|spec| spec.cluster_ip = Some("None".to_owned()));
    assert_eq!(
        problems_of(object),
        vec![],
        "a headless ClusterIP Service is fine"
    );

    let object = service_with(|spec| {
        spec.cluster_ip = Some("None".to_owned());
        spec.type_ = Some("NodePort".to_owned());
    });
    assert_eq!(
        problems_of(object),
        vec![t(
            codes::INVALID_CLUSTER_IP,
            "Service/web.spec.clusterIPs[0]",
            "Invalid value: \"None\": may not be set to 'None' for NodePort services"
        )]
    );

    let object = service_with(|spec| {
        spec.cluster_ip = Some("10.43.0.10".to_owned());
        spec.cluster_ips = Some(vec!["10.43.0.11".to_owned()]);
    });
    assert_eq!(
        problems_of(object),
        vec![t(
            codes::INVALID_CLUSTER_IP,
            "Service/web.spec.clusterIPs",
            "Invalid value: [\"10.43.0.11\"]: first value must match `clusterIP`"
        )]
    );

    let object = service_with(|spec| spec.cluster_ip = Some("10.43.0.300".to_owned()));
    assert_eq!(
        problems_of(object),
        vec![t(codes::INVALID_CLUSTER_IP, "Service/web.spec.clusterIPs[0]", "Invalid value: \"10.43.0.300\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")]
    );
}

#[test]
fn service_selector_and_policies() {
    let object = service_with(|spec| {
        spec.selector = Some(labels(&[("app", "web/api")]));
        spec.external_traffic_policy = Some("Local".to_owned());
        spec.session_affinity = Some("Sticky".to_owned());
    });
    assert_eq!(
        problems_of(object),
        vec![
            t(
                codes::INVALID_LABEL_VALUE,
                "Service/web.spec.selector[app]",
                &format!("Invalid value: \"web/api\": {LABEL_VALUE_REGEX_MSG}")
            ),
            t(
                codes::UNSUPPORTED_VALUE,
                "Service/web.spec.sessionAffinity",
                "Unsupported value: \"Sticky\": supported values: \"ClientIP\", \"None\""
            ),
            t(
                codes::INVALID_SERVICE,
                "Service/web.spec.externalTrafficPolicy",
                "Invalid value: \"Local\": may only be set for externally-accessible services"
            ),
        ]
    );

    let object = service_with(|spec| {
        spec.type_ = Some("ExternalName".to_owned());
        spec.ports = None;
        spec.selector = None;
        spec.external_name = Some("db.example.com.".to_owned());
    });
    assert_eq!(problems_of(object), vec![]);
}

fn ingress_with(edit: impl FnOnce(&mut IngressSpec)) -> Object {
    let mut i = ingress();
    if let Some(spec) = i.spec.as_mut() {
        edit(spec);
    }
    Object::Ingress(i)
}

#[test]
fn ingress_hosts_paths_backends() {
    let object = ingress_with(|spec| {
        let rules = spec.rules.as_mut().expect("rules");
        rules[0].host = Some("A.example.com".to_owned());
        let paths = &mut rules[0].http.as_mut().expect("http").paths;
        paths[0].path = Some("api".to_owned());
        let mut second = paths[0].clone();
        second.path = Some("/a//b".to_owned());
        second.backend.service = Some(IngressServiceBackend {
            name: "1web".to_owned(),
            port: Some(ServiceBackendPort {
                name: Some("http".to_owned()),
                number: Some(80),
            }),
        });
        paths.push(second);
        let mut third = paths[0].clone();
        third.path_type = String::new();
        paths.push(third);
        rules.push(IngressRule {
            host: Some("*.apps.example.com".to_owned()),
            http: None,
        });
        rules.push(IngressRule {
            host: Some("10.0.0.1".to_owned()),
            http: None,
        });
        rules.push(IngressRule {
            host: Some("*".to_owned()),
            http: None,
        });
    });
    let p = "Ingress/web.spec.rules";
    assert_eq!(
        problems_of(object),
        vec![
            t(codes::INVALID_HOST, &format!("{p}[0].host"), &format!("Invalid value: \"A.example.com\": {SUBDOMAIN_REGEX_MSG}")),
            t(codes::INVALID_INGRESS_PATH, &format!("{p}[0].http.paths[0].path"), "Invalid value: \"api\": must be an absolute path"),
            t(codes::INVALID_INGRESS_PATH, &format!("{p}[0].http.paths[1].path"), "Invalid value: \"/a//b\": must not contain '//'"),
            t(codes::INVALID_NAME, &format!("{p}[0].http.paths[1].backend.service.name"), &format!("Invalid value: \"1web\": {DNS1035_REGEX_MSG}")),
            t(codes::INVALID_BACKEND, &format!("{p}[0].http.paths[1].backend"), "Invalid value: \"\": cannot set both port name & port number"),
            t(codes::REQUIRED, &format!("{p}[0].http.paths[2].pathType"), "Required value: pathType must be specified"),
            t(codes::INVALID_HOST, &format!("{p}[2].host"), "Invalid value: \"10.0.0.1\": must be a DNS name, not an IP address"),
            t(codes::INVALID_HOST, &format!("{p}[3].host"), "Invalid value: \"*\": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
        ]
    );
}

#[test]
fn ingress_tls_class_and_emptiness() {
    let object = ingress_with(|spec| {
        spec.tls = Some(vec![IngressTLS {
            hosts: Some(vec![
                "*.example.com".to_owned(),
                "b_c.example.com".to_owned(),
            ]),
            secret_name: Some("Web-TLS".to_owned()),
        }]);
        spec.ingress_class_name = Some("Traefik".to_owned());
    });
    let p = "Ingress/web.spec";
    assert_eq!(
        problems_of(object),
        vec![
            t(
                codes::INVALID_HOST,
                &format!("{p}.tls[0].hosts[1]"),
                &format!("Invalid value: \"b_c.example.com\": {SUBDOMAIN_REGEX_MSG}")
            ),
            t(
                codes::INVALID_NAME,
                &format!("{p}.tls[0].secretName"),
                &format!("Invalid value: \"Web-TLS\": {SUBDOMAIN_REGEX_MSG}")
            ),
            t(
                codes::INVALID_NAME,
                &format!("{p}.ingressClassName"),
                &format!("Invalid value: \"Traefik\": {SUBDOMAIN_REGEX_MSG}")
            ),
        ]
    );

    let object = ingress_with(|spec| {
        spec.rules = None;
        spec.tls = None;
    });
    assert_eq!(
        problems_of(object),
        vec![t(
            codes::INVALID_INGRESS,
            "Ingress/web.spec",
            "Invalid value: []: either `defaultBackend` or `rules` must be specified"
        )]
    );
}
