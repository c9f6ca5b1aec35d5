//! Secrets, ConfigMaps and PersistentVolumeClaims.

use super::fixtures::*;
use coolify_k8s_core::validate::codes;
use coolify_k8s_core::Object;
use k8s_openapi::api::core::v1::VolumeResourceRequirements;
use k8s_openapi::ByteString;
use std::collections::BTreeMap;

#[test]
fn secret_and_config_map_data() {
    let mut s = secret();
    s.data = Some(BTreeMap::from([(
        "bad key".to_owned(),
        ByteString(b"v".to_vec()),
    )]));
    s.type_ = Some("kubernetes.io/tls".to_owned());
    s.string_data = Some(labels(&[("tls.crt", "cert")]));
    assert_eq!(
        problems_of(Object::Secret(s)),
        vec![
            t(codes::INVALID_CONFIG_KEY, "Secret/web-env.data[bad key]", "Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"),
            t(codes::INVALID_SECRET_DATA, "Secret/web-env.data[tls.key]", "Required value"),
        ]
    );

    let mut s = secret();
    s.type_ = Some("kubernetes.io/dockerconfigjson".to_owned());
    s.string_data = Some(labels(&[(".dockerconfigjson", "{\"auths\":{}}")]));
    assert_eq!(problems_of(Object::Secret(s)), vec![]);

    let mut s = secret();
    s.string_data = Some(labels(&[("big", &"x".repeat(1024 * 1024 + 1))]));
    assert_eq!(
        problems_of(Object::Secret(s)),
        vec![t(
            codes::DATA_TOO_LARGE,
            "Secret/web-env.data",
            "Too long: must have at most 1048576 bytes"
        )]
    );

    let mut c = config_map();
    c.data = Some(labels(&[("config.json", "{}"), ("..data", "x")]));
    c.binary_data = Some(BTreeMap::from([(
        "config.json".to_owned(),
        ByteString(vec![0, 1]),
    )]));
    assert_eq!(
        problems_of(Object::ConfigMap(c)),
        vec![
            t(
                codes::INVALID_CONFIG_KEY,
                "ConfigMap/web-files.data[..data]",
                "Invalid value: \"..data\": must not start with '..'"
            ),
            t(
                codes::DUPLICATE_KEY,
                "ConfigMap/web-files.data[config.json]",
                "Invalid value: \"config.json\": duplicate of key present in binaryData"
            ),
        ]
    );
}

#[test]
fn persistent_volume_claims() {
    let mut c = pvc();
    if let Some(spec) = c.spec.as_mut() {
        spec.access_modes = Some(vec![
            "ReadWriteOncePod".to_owned(),
            "ReadWriteOnce".to_owned(),
            "WriteMany".to_owned(),
        ]);
        spec.resources = Some(VolumeResourceRequirements {
            requests: Some(quantities(&[("storage", "0")])),
            ..Default::default()
        });
        spec.storage_class_name = Some("Local_Path".to_owned());
    }
    let p = "PersistentVolumeClaim/web-uploads.spec";
    assert_eq!(
        problems_of(Object::PersistentVolumeClaim(c)),
        vec![
            t(codes::INVALID_ACCESS_MODE, &format!("{p}.accessModes"), "Unsupported value: \"WriteMany\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\""),
            t(codes::INVALID_ACCESS_MODE, &format!("{p}.accessModes"), "Forbidden: may not use ReadWriteOncePod with other access modes"),
            t(codes::INVALID_STORAGE_REQUEST, &format!("{p}.resources[storage]"), "Invalid value: \"0\": must be greater than zero"),
            t(codes::INVALID_NAME, &format!("{p}.storageClassName"), &format!("Invalid value: \"Local_Path\": {SUBDOMAIN_REGEX_MSG}")),
        ]
    );

    let mut c = pvc();
    c.spec = None;
    assert_eq!(
        problems_of(Object::PersistentVolumeClaim(c)),
        vec![
            t(
                codes::INVALID_ACCESS_MODE,
                &format!("{p}.accessModes"),
                "Required value: at least 1 access mode is required"
            ),
            t(
                codes::INVALID_STORAGE_REQUEST,
                &format!("{p}.resources[storage]"),
                "Required value"
            ),
        ]
    );
}
