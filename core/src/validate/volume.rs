//! Pod volumes (`ValidateVolumes`, `validateVolumeSource`) and the path rules mounts and
//! projections share.

use super::codes;
use super::container::VolumeSet;
use super::field::{Bad, Path, Report};
use super::resources;
use super::rules;
use k8s_openapi::api::core::v1::{KeyToPath, Volume};
use std::collections::BTreeSet;

const FILE_MODE_ERROR: &str = "must be a number between 0 and 0777 (octal), both inclusive";

/// `ValidateVolumes`: names are unique DNS-1123 labels, each volume has exactly one source.
/// Returns the volumes that passed, which are the only ones mounts may name.
pub(crate) fn volumes<'a>(r: &mut Report, volumes: &'a [Volume], path: &Path) -> VolumeSet<'a> {
    let mut valid = VolumeSet::new();
    let mut names = BTreeSet::new();
    for (i, volume) in volumes.iter().enumerate() {
        let at = path.index(i);
        let before = r.len();
        volume_source(r, volume, &at);
        let name_path = at.child("name");
        if volume.name.is_empty() {
            r.required(codes::REQUIRED, &name_path, "");
        } else {
            let errs = rules::dns1123_label_errors(&volume.name);
            r.invalid_each(
                codes::INVALID_VOLUME_NAME,
                &name_path,
                Bad::Str(&volume.name),
                &errs,
            );
        }
        if names.contains(volume.name.as_str()) {
            r.duplicate(
                codes::DUPLICATE_VOLUME_NAME,
                &name_path,
                Bad::Str(&volume.name),
            );
        }
        if r.len() == before {
            names.insert(volume.name.as_str());
            valid.insert(volume.name.as_str(), volume);
        }
    }
    valid
}

/// `validateVolumeSource`: exactly one source, and the details of the sources a rendered pod
/// uses (emptyDir, hostPath, secret, configMap, persistentVolumeClaim, projected, nfs).
fn volume_source(r: &mut Report, v: &Volume, path: &Path) {
    let sources: [(&str, bool); 30] = [
        ("emptyDir", v.empty_dir.is_some()),
        ("hostPath", v.host_path.is_some()),
        ("gitRepo", v.git_repo.is_some()),
        ("gcePersistentDisk", v.gce_persistent_disk.is_some()),
        ("awsElasticBlockStore", v.aws_elastic_block_store.is_some()),
        ("secret", v.secret.is_some()),
        ("nfs", v.nfs.is_some()),
        ("iscsi", v.iscsi.is_some()),
        ("glusterfs", v.glusterfs.is_some()),
        ("flocker", v.flocker.is_some()),
        ("persistentVolumeClaim", v.persistent_volume_claim.is_some()),
        ("rbd", v.rbd.is_some()),
        ("cinder", v.cinder.is_some()),
        ("cephfs", v.cephfs.is_some()),
        ("quobyte", v.quobyte.is_some()),
        ("downwardAPI", v.downward_api.is_some()),
        ("fc", v.fc.is_some()),
        ("flexVolume", v.flex_volume.is_some()),
        ("configMap", v.config_map.is_some()),
        ("azureFile", v.azure_file.is_some()),
        ("vsphereVolume", v.vsphere_volume.is_some()),
        ("photonPersistentDisk", v.photon_persistent_disk.is_some()),
        ("portworxVolume", v.portworx_volume.is_some()),
        ("azureDisk", v.azure_disk.is_some()),
        ("storageos", v.storageos.is_some()),
        ("projected", v.projected.is_some()),
        ("scaleIO", v.scale_io.is_some()),
        ("csi", v.csi.is_some()),
        ("ephemeral", v.ephemeral.is_some()),
        ("image", v.image.is_some()),
    ];
    let mut count = 0;
    for (name, set) in sources {
        if !set {
            continue;
        }
        let at = path.child(name);
        if count > 0 {
            r.forbidden(
                codes::INVALID_VOLUME,
                &at,
                "may not specify more than 1 volume type",
            );
            continue;
        }
        count += 1;
        volume_source_detail(r, v, name, &at);
    }
    if count == 0 {
        r.required(codes::INVALID_VOLUME, path, "must specify a volume type");
    }
}

fn volume_source_detail(r: &mut Report, v: &Volume, source: &str, at: &Path) {
    match source {
        "emptyDir" => {
            if let Some(limit) = v.empty_dir.as_ref().and_then(|e| e.size_limit.as_ref()) {
                let limit_path = at.child("sizeLimit");
                if let Some(q) = resources::quantity(r, limit, &limit_path) {
                    if q.is_negative() {
                        r.forbidden(
                            codes::NEGATIVE_QUANTITY,
                            &limit_path,
                            "SizeLimit field must be a valid resource quantity",
                        );
                    }
                }
            }
        }
        "hostPath" => {
            let Some(host_path) = &v.host_path else {
                return;
            };
            if host_path.path.is_empty() {
                r.required(codes::REQUIRED, &at.child("path"), "");
                return;
            }
            path_no_backsteps(r, &host_path.path, &at.child("path"));
            const TYPES: [&str; 8] = [
                "",
                "BlockDevice",
                "CharDevice",
                "Directory",
                "DirectoryOrCreate",
                "File",
                "FileOrCreate",
                "Socket",
            ];
            if let Some(t) = host_path.type_.as_deref() {
                if !TYPES.contains(&t) {
                    r.not_supported(codes::UNSUPPORTED_VALUE, &at.child("type"), t, &TYPES);
                }
            }
        }
        "secret" => {
            let Some(secret) = &v.secret else { return };
            if secret.secret_name.as_deref().is_none_or(str::is_empty) {
                r.required(codes::REQUIRED, &at.child("secretName"), "");
            }
            file_mode(r, secret.default_mode, &at.child("defaultMode"));
            key_to_paths(
                r,
                secret.items.as_deref().unwrap_or_default(),
                &at.child("items"),
            );
        }
        "configMap" => {
            let Some(config_map) = &v.config_map else {
                return;
            };
            if config_map.name.is_empty() {
                r.required(codes::REQUIRED, &at.child("name"), "");
            }
            file_mode(r, config_map.default_mode, &at.child("defaultMode"));
            key_to_paths(
                r,
                config_map.items.as_deref().unwrap_or_default(),
                &at.child("items"),
            );
        }
        "persistentVolumeClaim"
            if v.persistent_volume_claim
                .as_ref()
                .is_some_and(|c| c.claim_name.is_empty()) =>
        {
            r.required(codes::REQUIRED, &at.child("claimName"), "");
        }
        "projected" => {
            let Some(projected) = &v.projected else {
                return;
            };
            file_mode(r, projected.default_mode, &at.child("defaultMode"));
            for (i, source) in projected.sources.iter().flatten().enumerate() {
                let sp = at.child("sources").index(i);
                if let Some(secret) = &source.secret {
                    if secret.name.is_empty() {
                        r.required(codes::REQUIRED, &sp.child("secret").child("name"), "");
                    }
                    key_to_paths(
                        r,
                        secret.items.as_deref().unwrap_or_default(),
                        &sp.child("secret").child("items"),
                    );
                }
                if let Some(config_map) = &source.config_map {
                    if config_map.name.is_empty() {
                        r.required(codes::REQUIRED, &sp.child("configMap").child("name"), "");
                    }
                    key_to_paths(
                        r,
                        config_map.items.as_deref().unwrap_or_default(),
                        &sp.child("configMap").child("items"),
                    );
                }
            }
        }
        "nfs" => {
            let Some(nfs) = &v.nfs else { return };
            if nfs.server.is_empty() {
                r.required(codes::REQUIRED, &at.child("server"), "");
            }
            if nfs.path.is_empty() {
                r.required(codes::REQUIRED, &at.child("path"), "");
            }
            if !nfs.path.starts_with('/') {
                r.invalid(
                    codes::INVALID_PATH,
                    &at.child("path"),
                    Bad::Str(&nfs.path),
                    "must be an absolute path",
                );
            }
        }
        _ => {}
    }
}

fn file_mode(r: &mut Report, mode: Option<i32>, path: &Path) {
    if let Some(mode) = mode {
        if !(0..=0o777).contains(&mode) {
            r.invalid(
                codes::INVALID_VOLUME,
                path,
                Bad::Int(mode.into()),
                FILE_MODE_ERROR,
            );
        }
    }
}

/// `validateKeyToPath`.
fn key_to_paths(r: &mut Report, items: &[KeyToPath], path: &Path) {
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        if item.key.is_empty() {
            r.required(codes::REQUIRED, &at.child("key"), "");
        }
        if item.path.is_empty() {
            r.required(codes::REQUIRED, &at.child("path"), "");
        }
        local_non_reserved_path(r, &item.path, &at.child("path"));
        file_mode(r, item.mode, &at.child("mode"));
    }
}

/// `validateLocalDescendingPath`: relative, and no `..` element.
pub(crate) fn local_descending_path(r: &mut Report, target: &str, path: &Path) {
    if target.starts_with('/') {
        r.invalid(
            codes::INVALID_PATH,
            path,
            Bad::Str(target),
            "must be a relative path",
        );
    }
    path_no_backsteps(r, target, path);
}

/// `validatePathNoBacksteps`: no `..` element.
pub(crate) fn path_no_backsteps(r: &mut Report, target: &str, path: &Path) {
    if target.split('/').any(|part| part == "..") {
        r.invalid(
            codes::INVALID_PATH,
            path,
            Bad::Str(target),
            "must not contain '..'",
        );
    }
}

/// `ValidateLocalNonReservedPath`: a local descending path that does not start with `..`.
pub(crate) fn local_non_reserved_path(r: &mut Report, target: &str, path: &Path) {
    local_descending_path(r, target, path);
    if target.starts_with("..") && !target.starts_with("../") {
        r.invalid(
            codes::INVALID_PATH,
            path,
            Bad::Str(target),
            "must not start with '..'",
        );
    }
}
