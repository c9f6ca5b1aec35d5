//! Volumes: PersistentVolumeClaims for named volumes, host paths, ConfigMap-backed files, and
//! the pod's volumes and mounts.

use super::config;
use super::labels;
use crate::error::Collector;
use crate::model::{App, FileMount, StorageKind};
use k8s_openapi::api::core::v1::{
    ConfigMapVolumeSource, EmptyDirVolumeSource, HostPathVolumeSource, PersistentVolumeClaim, PersistentVolumeClaimSpec,
    PersistentVolumeClaimVolumeSource, Volume, VolumeMount, VolumeResourceRequirements,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::BTreeMap;

/// One claim per distinct named volume. `ReadWriteOnce`: the access mode every storage class
/// supports (K3s's local-path included); pods on one node can share it.
pub fn claims(app: &App) -> Vec<PersistentVolumeClaim> {
    let mut out: Vec<PersistentVolumeClaim> = Vec::new();
    for s in &app.storages {
        let StorageKind::Claim(name) = &s.kind else { continue };
        if out.iter().any(|c| c.metadata.name.as_deref() == Some(name)) {
            continue;
        }
        out.push(PersistentVolumeClaim {
            metadata: ObjectMeta {
                name: Some(name.clone()),
                namespace: Some(app.namespace.clone()),
                labels: Some(labels::common(app)),
                ..Default::default()
            },
            spec: Some(PersistentVolumeClaimSpec {
                access_modes: Some(vec!["ReadWriteOnce".to_owned()]),
                storage_class_name: app.storage_class.clone(),
                resources: Some(VolumeResourceRequirements {
                    requests: Some(BTreeMap::from([("storage".to_owned(), Quantity(app.storage_size.clone()))])),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        });
    }
    out
}

/// The pod's volumes and the container's mounts. Two mounts at one path are an error.
pub fn volumes(app: &App, errors: &mut Collector) -> (Vec<Volume>, Vec<VolumeMount>) {
    let mut volumes: Vec<Volume> = Vec::new();
    let mut mounts: Vec<VolumeMount> = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut check = |path: &str, field: String, errors: &mut Collector| -> bool {
        if let Some(first) = seen.get(path) {
            errors.push("duplicate_mount_path", field, format!("`{path}` is already mounted by {first}"));
            false
        } else {
            seen.insert(path.to_owned(), field);
            true
        }
    };
    for s in &app.storages {
        let field = format!("persistent_storages[{}].mount_path", s.index);
        if !check(&s.mount_path, field, errors) {
            continue;
        }
        let volume_name = match &s.kind {
            StorageKind::Claim(claim) => {
                let existing = volumes.iter().find(|v| v.persistent_volume_claim.as_ref().is_some_and(|p| &p.claim_name == claim)).map(|v| v.name.clone());
                match existing {
                    Some(n) => n,
                    None => {
                        let name = format!("data-{}", s.index);
                        volumes.push(Volume {
                            name: name.clone(),
                            persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource { claim_name: claim.clone(), read_only: None }),
                            ..Default::default()
                        });
                        name
                    }
                }
            }
            StorageKind::HostPath(path) => {
                let name = format!("data-{}", s.index);
                volumes.push(Volume {
                    name: name.clone(),
                    host_path: Some(HostPathVolumeSource { path: path.clone(), type_: Some("DirectoryOrCreate".to_owned()) }),
                    ..Default::default()
                });
                name
            }
        };
        mounts.push(VolumeMount { name: volume_name, mount_path: s.mount_path.clone(), ..Default::default() });
    }
    for f in &app.files {
        match f {
            FileMount::Content { index, mount_path, mode, .. } => {
                if !check(mount_path, format!("file_storages[{index}].mount_path"), errors) {
                    continue;
                }
                let name = format!("file-{index}");
                let key = config::file_key(mount_path);
                volumes.push(Volume {
                    name: name.clone(),
                    config_map: Some(ConfigMapVolumeSource { name: config::file_config_map_name(app, mount_path), default_mode: *mode, ..Default::default() }),
                    ..Default::default()
                });
                mounts.push(VolumeMount { name, mount_path: mount_path.clone(), sub_path: Some(key), read_only: Some(true), ..Default::default() });
            }
            FileMount::Host { index, host_path, mount_path, directory } => {
                if !check(mount_path, format!("file_storages[{index}].mount_path"), errors) {
                    continue;
                }
                let name = format!("file-{index}");
                let kind = if *directory { "DirectoryOrCreate" } else { "FileOrCreate" };
                volumes.push(Volume { name: name.clone(), host_path: Some(HostPathVolumeSource { path: host_path.clone(), type_: Some(kind.to_owned()) }), ..Default::default() });
                mounts.push(VolumeMount { name, mount_path: mount_path.clone(), ..Default::default() });
            }
        }
    }
    if let Some(size) = &app.run.shm_size {
        if check("/dev/shm", "application.custom_docker_run_options".to_owned(), errors) {
            volumes.push(Volume {
                name: "dshm".to_owned(),
                empty_dir: Some(EmptyDirVolumeSource { medium: Some("Memory".to_owned()), size_limit: Some(Quantity(size.clone())) }),
                ..Default::default()
            });
            mounts.push(VolumeMount { name: "dshm".to_owned(), mount_path: "/dev/shm".to_owned(), ..Default::default() });
        }
    }
    (volumes, mounts)
}
