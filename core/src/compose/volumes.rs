//! Volumes: named volumes → PersistentVolumeClaims (one per volume, shared by the services that
//! mount it), bind mounts → host paths, Coolify files with `content:` → ConfigMaps mounted with
//! `subPath`, `tmpfs` and `shm_size` → memory-backed emptyDirs, anonymous volumes → emptyDirs.

use super::file::{Service, StrOr, StrOrSeq, VolumeLong};
use super::service::{labels, stack_labels};
use super::{Ctx, SERVICES_DIR};
use crate::model::Scalar;
use crate::names;
use crate::objects::Object;
use crate::quantity;
use k8s_openapi::api::core::v1::{
    ConfigMap, ConfigMapVolumeSource, EmptyDirVolumeSource, HostPathVolumeSource, PersistentVolumeClaim, PersistentVolumeClaimSpec,
    PersistentVolumeClaimVolumeSource, Volume, VolumeMount, VolumeResourceRequirements,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::BTreeMap;

/// A service's volumes and mounts.
#[derive(Default)]
pub(crate) struct Mounts {
    /// Pod volumes.
    pub(crate) volumes: Vec<Volume>,
    /// Container mounts.
    pub(crate) mounts: Vec<VolumeMount>,
    /// ConfigMaps for `content:` files.
    pub(crate) config_maps: Vec<ConfigMap>,
    /// A claim is mounted: the rollout stops the old pod first (a ReadWriteOnce claim).
    pub(crate) recreate: bool,
    /// Checksum of the file contents.
    pub(crate) files_checksum: Option<String>,
}

/// The ConfigMap key (and file name) for a mount path: its base name.
fn file_key(mount_path: &str) -> String {
    let base = mount_path.rsplit('/').next().unwrap_or("");
    let key: String = base.chars().map(|c| if c.is_ascii_alphanumeric() || "-._".contains(c) { c } else { '_' }).collect();
    if key.is_empty() || key == "." || key == ".." { "content".to_owned() } else { key }
}

fn host_path(ctx: &Ctx<'_>, source: &str) -> String {
    let dir = if ctx.uuid.is_empty() { SERVICES_DIR.to_owned() } else { format!("{SERVICES_DIR}/{}", ctx.uuid) };
    if let Some(rest) = source.strip_prefix("./") {
        format!("{dir}/{}", rest.trim_start_matches('/'))
    } else if source == "." {
        dir
    } else if let Some(rest) = source.strip_prefix("~/") {
        format!("{dir}/{rest}")
    } else if source.starts_with('/') {
        source.to_owned()
    } else {
        format!("{dir}/{source}")
    }
}

fn truthy(v: &Option<Scalar>) -> Option<bool> {
    v.as_ref().and_then(Scalar::text).map(|t| matches!(t.trim().to_ascii_lowercase().as_str(), "true" | "yes" | "1" | "on"))
}

enum Kind {
    Named(String),
    Bind(String, Option<bool>),
    Content(String, Option<bool>),
    Tmpfs(Option<String>),
    Anonymous,
}

/// The volumes and mounts of one service.
pub(crate) fn mounts(ctx: &mut Ctx<'_>, svc: &Service, service: &str, object: &str, path: &str) -> Mounts {
    let mut out = Mounts::default();
    let mut files_text = String::new();
    for (i, entry) in svc.volumes.iter().flatten().enumerate() {
        let vpath = format!("{path}.volumes[{i}]");
        let (kind, target, read_only) = match entry {
            StrOr::Str(s) => {
                let s = ctx.x(s, &vpath);
                let parts: Vec<&str> = s.split(':').collect();
                match parts.as_slice() {
                    [target] => (Kind::Anonymous, target.to_string(), false),
                    [source, target] | [source, target, _] => {
                        let mode = parts.get(2).copied().unwrap_or("");
                        let ro = mode.split(',').any(|m| m == "ro");
                        let kind = if source.starts_with(['/', '.', '~']) { Kind::Bind(source.to_string(), None) } else { Kind::Named(source.to_string()) };
                        (kind, target.to_string(), ro)
                    }
                    _ => {
                        ctx.errors.push("invalid_volume", vpath, format!("`{s}` is not `SOURCE:TARGET[:MODE]`"));
                        continue;
                    }
                }
            }
            StrOr::Long(l) => match long(ctx, l, &vpath) {
                Some(k) => k,
                None => continue,
            },
        };
        if !target.starts_with('/') {
            ctx.errors.push("invalid_volume", vpath, format!("the mount path `{target}` must be absolute"));
            continue;
        }
        let vol = format!("vol-{i}");
        let mut mount = VolumeMount { name: vol.clone(), mount_path: target.clone(), read_only: if read_only { Some(true) } else { None }, ..Default::default() };
        let volume = match kind {
            Kind::Named(name) => {
                let entry = ctx.claims.entry(name.clone()).or_insert_with(|| {
                    let claim = if ctx.uuid.is_empty() { name.clone() } else { format!("{}-{name}", ctx.uuid) };
                    (names::dns_label(&claim, 253), false, Vec::new())
                });
                if !entry.2.iter().any(|s| s == service) {
                    entry.2.push(service.to_owned());
                }
                out.recreate = true;
                Volume { name: vol, persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource { claim_name: entry.0.clone(), read_only: None }), ..Default::default() }
            }
            Kind::Bind(source, directory) => {
                // Without `is_directory`, a path whose last part has a dot is taken as a file
                // that may exist (no type check); anything else is created as a directory.
                let base = source.rsplit('/').next().unwrap_or("");
                let type_ = match directory {
                    Some(true) => Some("DirectoryOrCreate"),
                    Some(false) => Some("FileOrCreate"),
                    None if base.contains('.') || source.ends_with(".sock") => None,
                    None => Some("DirectoryOrCreate"),
                };
                Volume { name: vol, host_path: Some(HostPathVolumeSource { path: host_path(ctx, &source), type_: type_.map(str::to_owned) }), ..Default::default() }
            }
            Kind::Content(content, directory) => {
                if directory == Some(true) {
                    ctx.warnings.push("content_directory", vpath.clone(), "`content` makes a file; `is_directory` is ignored");
                }
                let name = crate::model::file_config_map_name(object, &target);
                let key = file_key(&target);
                files_text.push_str(&format!("{target}\0{content}\0"));
                out.config_maps.push(ConfigMap {
                    metadata: ObjectMeta { name: Some(name.clone()), namespace: Some(ctx.base.namespace.clone()), labels: Some(labels(ctx, service, object)), ..Default::default() },
                    data: Some(BTreeMap::from([(key.clone(), content)])),
                    ..Default::default()
                });
                mount.sub_path = Some(key);
                mount.read_only = Some(true);
                Volume { name: vol, config_map: Some(ConfigMapVolumeSource { name, ..Default::default() }), ..Default::default() }
            }
            Kind::Tmpfs(size) => Volume { name: vol, empty_dir: Some(EmptyDirVolumeSource { medium: Some("Memory".to_owned()), size_limit: size.map(Quantity) }), ..Default::default() },
            Kind::Anonymous => {
                ctx.warnings.push("anonymous_volume", vpath, format!("`{target}`: an anonymous volume lives as long as the pod (an emptyDir); name it to keep its data"));
                Volume { name: vol, empty_dir: Some(EmptyDirVolumeSource::default()), ..Default::default() }
            }
        };
        out.volumes.push(volume);
        out.mounts.push(mount);
    }
    let tmpfs: Vec<String> = match &svc.tmpfs {
        None => Vec::new(),
        Some(StrOrSeq::Str(s)) => vec![s.clone()],
        Some(StrOrSeq::Seq(items)) => items.iter().filter_map(|s| s.text().map(str::to_owned)).collect(),
    };
    for (i, t) in tmpfs.iter().enumerate() {
        let target = t.split(':').next().unwrap_or("").trim().to_owned();
        if t.contains(':') {
            ctx.warnings.push("untranslated_key", format!("{path}.tmpfs[{i}]"), format!("`{t}`: tmpfs options are not translated"));
        }
        let vol = format!("tmpfs-{i}");
        out.volumes.push(Volume { name: vol.clone(), empty_dir: Some(EmptyDirVolumeSource { medium: Some("Memory".to_owned()), size_limit: None }), ..Default::default() });
        out.mounts.push(VolumeMount { name: vol, mount_path: target, ..Default::default() });
    }
    if let Some(t) = svc.shm_size.as_ref().and_then(Scalar::text) {
        match quantity::docker_bytes(t) {
            Ok(Some(b)) => {
                out.volumes.push(Volume {
                    name: "dshm".to_owned(),
                    empty_dir: Some(EmptyDirVolumeSource { medium: Some("Memory".to_owned()), size_limit: Some(Quantity(quantity::bytes_quantity(b))) }),
                    ..Default::default()
                });
                out.mounts.push(VolumeMount { name: "dshm".to_owned(), mount_path: "/dev/shm".to_owned(), ..Default::default() });
            }
            Ok(None) => {}
            Err(e) => ctx.errors.push("invalid_memory", format!("{path}.shm_size"), e),
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for m in &out.mounts {
        if seen.contains(&m.mount_path.as_str()) {
            ctx.errors.push("duplicate_mount", format!("{path}.volumes"), format!("`{}` is mounted twice", m.mount_path));
        }
        seen.push(&m.mount_path);
    }
    if !files_text.is_empty() {
        out.files_checksum = Some(names::short_hash(&files_text, 16));
    }
    out
}

fn long(ctx: &mut Ctx<'_>, l: &VolumeLong, vpath: &str) -> Option<(Kind, String, bool)> {
    ctx.untranslated(vpath, &l.extra);
    for (key, m) in [("bind", &l.bind), ("volume", &l.volume)] {
        if let Some(m) = m {
            ctx.untranslated(&format!("{vpath}.{key}"), &m.extra);
        }
    }
    let target = l.target.as_ref().and_then(Scalar::text).map(|t| ctx.x(t, &format!("{vpath}.target")));
    let Some(target) = target else {
        ctx.errors.push("invalid_volume", format!("{vpath}.target"), "a volume needs a `target`");
        return None;
    };
    let ro = truthy(&l.read_only).unwrap_or(false);
    let source = l.source.as_ref().and_then(Scalar::text).map(|s| ctx.x(s, &format!("{vpath}.source")));
    let directory = truthy(&l.is_directory).or(truthy(&l.is_directory_camel));
    // Coolify's file contents are written as given (no `${}` interpolation).
    if let Some(content) = l.content.as_ref().and_then(Scalar::text) {
        return Some((Kind::Content(content.to_owned(), directory), target, ro));
    }
    let type_ = l.type_.as_ref().and_then(Scalar::text).unwrap_or(if source.is_some() { "volume" } else { "tmpfs" }).to_owned();
    let kind = match type_.as_str() {
        "volume" => match source {
            Some(s) if !s.is_empty() => Kind::Named(s),
            _ => Kind::Anonymous,
        },
        "bind" => match source {
            Some(s) => Kind::Bind(s, directory),
            None => {
                ctx.errors.push("invalid_volume", format!("{vpath}.source"), "a bind mount needs a `source`");
                return None;
            }
        },
        "tmpfs" => {
            let size = l.tmpfs.as_ref().and_then(|t| t.size.as_ref()).and_then(Scalar::text).map(quantity::docker_bytes);
            let size = match size {
                Some(Ok(Some(b))) => Some(quantity::bytes_quantity(b)),
                Some(Err(e)) => {
                    ctx.errors.push("invalid_memory", format!("{vpath}.tmpfs.size"), e);
                    None
                }
                _ => None,
            };
            if let Some(t) = &l.tmpfs {
                ctx.untranslated(&format!("{vpath}.tmpfs"), &t.extra);
                if t.mode.is_some() {
                    ctx.warnings.push("untranslated_key", format!("{vpath}.tmpfs.mode"), "`mode` is not translated to Kubernetes");
                }
            }
            Kind::Tmpfs(size)
        }
        other => {
            ctx.errors.push("invalid_volume", format!("{vpath}.type"), format!("`{other}` volumes cannot be translated (volume, bind, tmpfs)"));
            return None;
        }
    };
    Some((kind, target, ro))
}

/// The named volumes a service mounts, read from the file as written (before interpolation).
pub(crate) fn named_sources(svc: &Service) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for entry in svc.volumes.iter().flatten() {
        let source = match entry {
            StrOr::Str(s) => {
                let parts: Vec<&str> = s.split(':').collect();
                match parts.as_slice() {
                    [source, _] | [source, _, _] if !source.starts_with(['/', '.', '~']) => Some(source.trim().to_owned()),
                    _ => None,
                }
            }
            StrOr::Long(l) => {
                let type_ = l.type_.as_ref().and_then(Scalar::text).unwrap_or("volume");
                if type_ == "volume" && l.content.is_none() { l.source.as_ref().and_then(Scalar::text).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()) } else { None }
            }
        };
        if let Some(s) = source {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

/// The claims of the named volumes in use (external ones are not created).
pub(crate) fn claims(ctx: &mut Ctx<'_>) -> Vec<Object> {
    let mut out = Vec::new();
    let entries: Vec<(String, super::Claim)> = ctx.claims.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    for (volume, (claim, external, users)) in entries {
        if users.len() > 1 {
            ctx.warnings.push(
                "shared_volume",
                format!("volumes.{volume}"),
                format!("`{volume}` is mounted by {}: a ReadWriteOnce claim is shared only by pods on the same node", users.join(", ")),
            );
        }
        if external || users.is_empty() {
            continue;
        }
        out.push(Object::PersistentVolumeClaim(PersistentVolumeClaim {
            metadata: ObjectMeta { name: Some(claim), namespace: Some(ctx.base.namespace.clone()), labels: Some(stack_labels(ctx)), ..Default::default() },
            spec: Some(PersistentVolumeClaimSpec {
                access_modes: Some(vec!["ReadWriteOnce".to_owned()]),
                storage_class_name: ctx.base.storage_class.clone(),
                resources: Some(VolumeResourceRequirements {
                    requests: Some(BTreeMap::from([("storage".to_owned(), Quantity(ctx.base.storage_size.clone()))])),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        }));
    }
    out
}
