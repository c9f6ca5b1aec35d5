//! PersistentVolumeClaims (`ValidatePersistentVolumeClaimSpec`) and Namespaces.

use super::codes;
use super::field::{Bad, Path, Report};
use super::meta::{self, label_name};
use super::resources::quantity;
use super::rules::{self, NameRule};
use k8s_openapi::api::core::v1::{Namespace, PersistentVolumeClaim, PersistentVolumeClaimSpec};

const ACCESS_MODES: [&str; 4] = [
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOnce",
    "ReadWriteOncePod",
];

/// `ValidatePersistentVolumeClaim`.
pub(crate) fn persistent_volume_claim(r: &mut Report, pvc: &PersistentVolumeClaim) {
    meta::object_meta(r, &pvc.metadata, true, NameRule::Dns1123Subdomain);
    let default_spec = PersistentVolumeClaimSpec::default();
    let spec = pvc.spec.as_ref().unwrap_or(&default_spec);
    let path = Path::new("spec");
    let modes = spec.access_modes.as_deref().unwrap_or_default();
    let modes_path = path.child("accessModes");
    if modes.is_empty() {
        r.required(
            codes::INVALID_ACCESS_MODE,
            &modes_path,
            "at least 1 access mode is required",
        );
    }
    if let Some(selector) = &spec.selector {
        meta::label_selector(r, selector, &path.child("selector"));
    }
    let (mut once_pod, mut others) = (false, false);
    for mode in modes {
        if !ACCESS_MODES.contains(&mode.as_str()) {
            r.not_supported(codes::INVALID_ACCESS_MODE, &modes_path, mode, &ACCESS_MODES);
        } else if mode == "ReadWriteOncePod" {
            once_pod = true;
        } else {
            others = true;
        }
    }
    if once_pod && others {
        r.forbidden(
            codes::INVALID_ACCESS_MODE,
            &modes_path,
            "may not use ReadWriteOncePod with other access modes",
        );
    }
    let storage_path = path.child("resources").key("storage");
    let storage = spec
        .resources
        .as_ref()
        .and_then(|res| res.requests.as_ref())
        .and_then(|req| req.get("storage"));
    match storage {
        None => r.required(codes::INVALID_STORAGE_REQUEST, &storage_path, ""),
        Some(q) => {
            if let Some(parsed) = quantity(r, q, &storage_path) {
                if parsed.is_negative() || parsed.is_zero() {
                    r.invalid(
                        codes::INVALID_STORAGE_REQUEST,
                        &storage_path,
                        Bad::Str(&parsed.canonical()),
                        "must be greater than zero",
                    );
                }
            }
        }
    }
    for (field, value) in [
        ("storageClassName", &spec.storage_class_name),
        (
            "volumeAttributesClassName",
            &spec.volume_attributes_class_name,
        ),
    ] {
        if let Some(name) = value.as_deref().filter(|n| !n.is_empty()) {
            let errs = rules::dns1123_subdomain_errors(name);
            r.invalid_each(
                codes::INVALID_NAME,
                &path.child(field),
                Bad::Str(name),
                &errs,
            );
        }
    }
    if let Some(mode) = spec.volume_mode.as_deref() {
        if mode != "Block" && mode != "Filesystem" {
            r.not_supported(
                codes::UNSUPPORTED_VALUE,
                &path.child("volumeMode"),
                mode,
                &["Block", "Filesystem"],
            );
        }
    }
}

/// `ValidateNamespace`: a DNS-1123 label name, no `metadata.namespace`, qualified finalizers.
pub(crate) fn namespace(r: &mut Report, ns: &Namespace) {
    meta::object_meta(r, &ns.metadata, false, NameRule::Dns1123Label);
    let finalizers = ns
        .spec
        .as_ref()
        .and_then(|s| s.finalizers.as_deref())
        .unwrap_or_default();
    let at = Path::new("spec").child("finalizers");
    for finalizer in finalizers {
        label_name(r, codes::INVALID_FINALIZER, finalizer, &at);
        if !finalizer.contains('/')
            && !["kubernetes", "orphan", "foregroundDeletion"].contains(&finalizer.as_str())
        {
            let detail = "name is neither a standard finalizer name nor is it fully qualified";
            r.invalid(codes::INVALID_FINALIZER, &at, Bad::Str(finalizer), detail);
        }
    }
}
