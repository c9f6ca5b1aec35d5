//! Secrets and ConfigMaps (`ValidateSecret`, `ValidateConfigMap`): keys, sizes, typed Secrets.

use super::codes;
use super::field::{Bad, Path, Report};
use super::meta;
use super::rules::{self, NameRule};
use k8s_openapi::api::core::v1::{ConfigMap, Secret};
use std::collections::BTreeMap;

/// `ValidateSecret`. The API server folds `stringData` into `data` before validating, so both
/// are checked together.
pub(crate) fn secret(r: &mut Report, s: &Secret) {
    meta::object_meta(r, &s.metadata, true, NameRule::Dns1123Subdomain);
    let data_path = Path::new("data");
    let string_path = Path::new("stringData");
    let mut merged: BTreeMap<&str, &[u8]> = BTreeMap::new();
    for (key, value) in s.data.iter().flatten() {
        merged.insert(key, &value.0);
        r.invalid_each(
            codes::INVALID_CONFIG_KEY,
            &data_path.key(key),
            Bad::Str(key),
            &rules::config_map_key_errors(key),
        );
    }
    for (key, value) in s.string_data.iter().flatten() {
        merged.insert(key, value.as_bytes());
        r.invalid_each(
            codes::INVALID_CONFIG_KEY,
            &string_path.key(key),
            Bad::Str(key),
            &rules::config_map_key_errors(key),
        );
    }
    let total: usize = merged.values().map(|v| v.len()).sum();
    if total > rules::MAX_SECRET_SIZE {
        r.too_long(codes::DATA_TOO_LARGE, &data_path, rules::MAX_SECRET_SIZE);
    }
    let require = |r: &mut Report, key: &str| {
        if !merged.contains_key(key) {
            r.required(codes::INVALID_SECRET_DATA, &data_path.key(key), "");
        }
    };
    match s.type_.as_deref().unwrap_or("") {
        "kubernetes.io/service-account-token" => {
            let name = s
                .metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get("kubernetes.io/service-account.name"));
            if name.is_none_or(String::is_empty) {
                let at = Path::new("metadata")
                    .child("annotations")
                    .key("kubernetes.io/service-account.name");
                r.required(codes::INVALID_SECRET_DATA, &at, "");
            }
        }
        "kubernetes.io/dockercfg" => docker_json(r, &merged, ".dockercfg", &data_path),
        "kubernetes.io/dockerconfigjson" => {
            docker_json(r, &merged, ".dockerconfigjson", &data_path)
        }
        "kubernetes.io/basic-auth"
            if !merged.contains_key("username") && !merged.contains_key("password") =>
        {
            require(r, "username");
            require(r, "password");
        }
        "kubernetes.io/ssh-auth" if merged.get("ssh-privatekey").is_none_or(|v| v.is_empty()) => {
            r.required(
                codes::INVALID_SECRET_DATA,
                &data_path.key("ssh-privatekey"),
                "",
            );
        }
        "kubernetes.io/tls" => {
            require(r, "tls.crt");
            require(r, "tls.key");
        }
        _ => {}
    }
}

/// A Docker config Secret must carry its key, holding a JSON object.
fn docker_json(r: &mut Report, data: &BTreeMap<&str, &[u8]>, key: &str, data_path: &Path) {
    match data.get(key) {
        None => r.required(codes::INVALID_SECRET_DATA, &data_path.key(key), ""),
        Some(bytes) => {
            if let Err(err) =
                serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(bytes)
            {
                let at = data_path.key(key);
                r.invalid(
                    codes::INVALID_SECRET_DATA,
                    &at,
                    Bad::Str("<secret contents redacted>"),
                    &err.to_string(),
                );
            }
        }
    }
}

/// `ValidateConfigMap`.
pub(crate) fn config_map(r: &mut Report, c: &ConfigMap) {
    meta::object_meta(r, &c.metadata, true, NameRule::Dns1123Subdomain);
    let mut total = 0usize;
    let data_path = Path::new("data");
    for (key, value) in c.data.iter().flatten() {
        let at = data_path.key(key);
        r.invalid_each(
            codes::INVALID_CONFIG_KEY,
            &at,
            Bad::Str(key),
            &rules::config_map_key_errors(key),
        );
        if c.binary_data.as_ref().is_some_and(|b| b.contains_key(key)) {
            r.invalid(
                codes::DUPLICATE_KEY,
                &at,
                Bad::Str(key),
                "duplicate of key present in binaryData",
            );
        }
        total += value.len();
    }
    let binary_path = Path::new("binaryData");
    for (key, value) in c.binary_data.iter().flatten() {
        r.invalid_each(
            codes::INVALID_CONFIG_KEY,
            &binary_path.key(key),
            Bad::Str(key),
            &rules::config_map_key_errors(key),
        );
        total += value.0.len();
    }
    if total > rules::MAX_SECRET_SIZE {
        r.too_long(codes::DATA_TOO_LARGE, &Path::root(), rules::MAX_SECRET_SIZE);
    }
}
