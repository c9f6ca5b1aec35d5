//! The application's Secret (environment values) and ConfigMaps (file contents).

use super::labels;
use crate::model::{App, EnvSource, FileMount};
use crate::names;
use k8s_openapi::api::core::v1::{ConfigMap, Secret};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::ByteString;
use std::collections::BTreeMap;

/// Name of the Secret holding the environment.
pub fn env_secret_name(app: &App) -> String {
    format!("{}-env", app.base_name)
}

/// The Secret with every environment value (never plain text in the Deployment).
pub fn env_secret(app: &App) -> Secret {
    let mut data = BTreeMap::new();
    for entry in &app.env {
        if let EnvSource::Value(v) = &entry.source {
            data.insert(entry.key.clone(), ByteString(v.as_bytes().to_vec()));
        }
    }
    Secret {
        metadata: ObjectMeta {
            name: Some(env_secret_name(app)),
            namespace: Some(app.namespace.clone()),
            labels: Some(labels::common(app)),
            ..Default::default()
        },
        type_: Some("Opaque".to_owned()),
        data: Some(data),
        ..Default::default()
    }
}

/// A checksum of the environment values, so that changed values roll the pods as a Coolify
/// redeploy recreates the container.
pub fn env_checksum(app: &App) -> String {
    let mut text = String::new();
    for entry in &app.env {
        if let EnvSource::Value(v) = &entry.source {
            text.push_str(&entry.key);
            text.push('\0');
            text.push_str(v);
            text.push('\0');
        }
    }
    names::short_hash(&text, 16)
}

/// ConfigMap name for a content file mounted at `mount_path`.
pub fn file_config_map_name(app: &App, mount_path: &str) -> String {
    crate::model::file_config_map_name(&app.base_name, mount_path)
}

/// The ConfigMap key (and file name in the volume) for a mount path: its base name.
pub fn file_key(mount_path: &str) -> String {
    let base = mount_path.rsplit('/').next().unwrap_or("");
    let key: String = base.chars().map(|c| if c.is_ascii_alphanumeric() || "-._".contains(c) { c } else { '_' }).collect();
    if key.is_empty() || key == "." || key == ".." { "content".to_owned() } else { key }
}

/// One ConfigMap per content file (a ConfigMap holds at most 1 MiB; Coolify files up to 5 MiB).
pub fn file_config_maps(app: &App) -> Vec<ConfigMap> {
    app.files
        .iter()
        .filter_map(|f| match f {
            FileMount::Content { mount_path, content, .. } => Some(ConfigMap {
                metadata: ObjectMeta {
                    name: Some(file_config_map_name(app, mount_path)),
                    namespace: Some(app.namespace.clone()),
                    labels: Some(labels::common(app)),
                    ..Default::default()
                },
                data: Some(BTreeMap::from([(file_key(mount_path), content.clone())])),
                ..Default::default()
            }),
            FileMount::Host { .. } => None,
        })
        .collect()
}

/// A checksum of the file contents (rolls the pods when a file changes).
pub fn files_checksum(app: &App) -> Option<String> {
    let mut text = String::new();
    for f in &app.files {
        if let FileMount::Content { mount_path, content, mode, .. } = f {
            text.push_str(&format!("{mount_path}\0{mode:?}\0{content}\0"));
        }
    }
    if text.is_empty() { None } else { Some(names::short_hash(&text, 16)) }
}
