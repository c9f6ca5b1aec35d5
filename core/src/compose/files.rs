//! `secrets` and `configs`: each top-level entry a service uses becomes one Secret or ConfigMap
//! holding the key `content`, mounted as a single read-only file: a secret at
//! `/run/secrets/<name>` (or its `target`, relative to `/run/secrets`), a config at `/<name>` (or
//! its `target`). The content comes from the caller's `files` (for `file:`), from the context's
//! variables (for `environment:`), or inline (`content:`, configs only); an `external` entry names
//! an object that must already exist in the namespace, with the key `content`.

use super::file::{FileRef, Service, StrOr, TopFile};
use super::service::{scalar, stack_labels};
use super::Ctx;
use crate::model::Scalar;
use crate::names;
use crate::objects::Object;
use k8s_openapi::api::core::v1::{ConfigMap, ConfigMapVolumeSource, KeyToPath, Secret, SecretVolumeSource, Volume, VolumeMount};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::ByteString;
use std::collections::BTreeMap;

/// The key every translated secret and config holds its content under.
pub const CONTENT_KEY: &str = "content";

/// Secrets or configs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Which {
    /// `secrets`.
    Secrets,
    /// `configs`.
    Configs,
}

impl Which {
    fn key(self) -> &'static str {
        match self {
            Which::Secrets => "secrets",
            Which::Configs => "configs",
        }
    }
}

/// One top-level entry, resolved.
#[derive(Clone)]
pub(crate) struct Entry {
    /// The object's name.
    name: String,
    /// Its content, or `None` for an external object.
    content: Option<String>,
    /// A service mounts it (only those are rendered).
    used: bool,
    /// Why its content is missing: reported when a service mounts it (as Compose does).
    problem: Option<(&'static str, String, String)>,
    /// The entry itself is invalid (already reported): mounts of it are skipped quietly.
    invalid: bool,
}

/// The resolved top-level entries of one kind.
pub(crate) type Entries = BTreeMap<String, Entry>;

/// Resolves the top-level `secrets` or `configs`.
pub(crate) fn resolve(ctx: &mut Ctx<'_>, which: Which, top: Option<&BTreeMap<String, Option<TopFile>>>) -> Entries {
    let mut out = Entries::new();
    for (key, entry) in top.into_iter().flatten() {
        let path = format!("{}.{key}", which.key());
        let default_name = names::dns_label(&if ctx.uuid.is_empty() { key.clone() } else { format!("{}-{key}", ctx.uuid) }, 253);
        let Some(e) = entry else {
            ctx.errors.push("invalid_compose", path, "needs `file`, `environment`, `content` or `external`");
            out.insert(key.clone(), Entry { name: default_name, content: None, used: false, problem: None, invalid: true });
            continue;
        };
        ctx.untranslated(&path, &e.extra);
        let external = e.external.as_ref().and_then(Scalar::text).is_some_and(|t| t.trim() == "true");
        let name = scalar(ctx, &e.name, &format!("{path}.name")).map(|n| names::dns_label(&n, 253));
        if external {
            let name = name.unwrap_or_else(|| names::dns_label(key, 253));
            let kind = if which == Which::Secrets { "Secret" } else { "ConfigMap" };
            ctx.warnings.push("external_file", format!("{path}.external"), format!("the {kind} `{name}` must already exist in the namespace, with the key `{CONTENT_KEY}`"));
            out.insert(key.clone(), Entry { name, content: None, used: false, problem: None, invalid: false });
            continue;
        }
        let mut problem = None;
        let content = if let Some(f) = scalar(ctx, &e.file, &format!("{path}.file")) {
            let found = ctx.files.get(&f).or_else(|| ctx.env_files.get(&f)).cloned();
            if found.is_none() {
                problem = Some(("missing_file", format!("{path}.file"), format!("the contents of `{f}` are not in `files`")));
            }
            Some(found.unwrap_or_default())
        } else if let Some(var) = scalar(ctx, &e.environment, &format!("{path}.environment")) {
            let var = var.trim().to_owned();
            let epath = format!("{path}.environment");
            let value = match ctx.vars.given.get(&var) {
                Some(v) => Some(v.clone()),
                // A magic variable (`SERVICE_PASSWORD_*`, ...) is derived as anywhere else.
                None if var.starts_with("SERVICE_") => ctx.vars.lookup(&var, &epath),
                None => None,
            };
            if value.is_none() && !ctx.vars.missing.contains_key(&var) {
                problem = Some(("missing_variable", format!("{path}.environment"), format!("`{var}` has no value in the context")));
            }
            Some(value.unwrap_or_default())
        } else if e.content.is_some() {
            if which == Which::Secrets {
                ctx.errors.push("invalid_compose", format!("{path}.content"), "a secret takes `file` or `environment`; `content` is for configs");
                None
            } else {
                scalar(ctx, &e.content, &format!("{path}.content"))
            }
        } else {
            ctx.errors.push("invalid_compose", path, "needs `file`, `environment`, `content` or `external`");
            None
        };
        let entry = match content {
            None => Entry { name: default_name, content: None, used: false, problem: None, invalid: true },
            Some(content) => Entry { name: name.unwrap_or(default_name), content: Some(content), used: false, problem, invalid: false },
        };
        out.insert(key.clone(), entry);
    }
    out
}

/// What a service's references give.
#[derive(Default)]
pub(crate) struct Mounted {
    /// Pod volumes.
    pub(crate) volumes: Vec<Volume>,
    /// Container mounts.
    pub(crate) mounts: Vec<VolumeMount>,
    /// `<target>\0<content>\0` of each, for the pod's checksum annotation.
    pub(crate) checksum_text: String,
}

fn mode(ctx: &mut Ctx<'_>, v: &Option<Scalar>, path: &str) -> Option<i32> {
    let t = scalar(ctx, v, path)?;
    let t = t.trim();
    let parsed = match t.strip_prefix("0o").or_else(|| t.strip_prefix('0').filter(|r| !r.is_empty())) {
        Some(octal) => i32::from_str_radix(octal, 8).ok(),
        None => t.parse::<i32>().ok(),
    };
    match parsed {
        Some(m) if (0..=0o777).contains(&m) => Some(m),
        _ => {
            ctx.errors.push("invalid_mode", path, format!("`{t}` is not a file mode (0000 to 0777)"));
            None
        }
    }
}

/// Mounts a service's `secrets` or `configs`.
pub(crate) fn mount(ctx: &mut Ctx<'_>, which: Which, svc: &Service, path: &str, entries: &mut Entries, out: &mut Mounted) {
    let refs = match which {
        Which::Secrets => &svc.secrets,
        Which::Configs => &svc.configs,
    };
    for (i, r) in refs.iter().flatten().enumerate() {
        let rpath = format!("{path}.{}[{i}]", which.key());
        let (source, target, file_mode) = match r {
            StrOr::Str(s) => (ctx.x(s, &rpath), None, None),
            StrOr::Long(FileRef { source, target, mode: m, uid, gid, extra }) => {
                ctx.untranslated(&rpath, extra);
                for (key, v) in [("uid", uid), ("gid", gid)] {
                    if v.is_some() {
                        ctx.warnings.push("untranslated_key", format!("{rpath}.{key}"), format!("`{key}` is not translated: the file belongs to root; the pod's fsGroup is not set"));
                    }
                }
                let Some(source) = scalar(ctx, source, &format!("{rpath}.source")) else {
                    ctx.errors.push("invalid_compose", format!("{rpath}.source"), "a `source` is required");
                    continue;
                };
                let target = scalar(ctx, target, &format!("{rpath}.target"));
                (source, target, mode(ctx, m, &format!("{rpath}.mode")))
            }
        };
        let source = source.trim().to_owned();
        let Some(entry) = entries.get_mut(&source) else {
            ctx.errors.push("unknown_reference", rpath, format!("there is no `{source}` in the top-level `{}`", which.key()));
            continue;
        };
        if entry.invalid {
            continue;
        }
        entry.used = true;
        if let Some((code, path, message)) = entry.problem.take() {
            ctx.errors.push(code, path, message);
        }
        let target = target.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).unwrap_or_else(|| source.clone());
        let target = match (which, target.starts_with('/')) {
            (_, true) => target,
            (Which::Secrets, false) => format!("/run/secrets/{target}"),
            (Which::Configs, false) => format!("/{target}"),
        };
        let file = target.rsplit('/').next().unwrap_or("").to_owned();
        if file.is_empty() {
            ctx.errors.push("invalid_volume", rpath, format!("`{target}` names no file"));
            continue;
        }
        let vol = format!("{}-{i}", if which == Which::Secrets { "secret" } else { "config" });
        let items = Some(vec![KeyToPath { key: CONTENT_KEY.to_owned(), path: file.clone(), mode: file_mode }]);
        out.volumes.push(match which {
            Which::Secrets => Volume { name: vol.clone(), secret: Some(SecretVolumeSource { secret_name: Some(entry.name.clone()), items, ..Default::default() }), ..Default::default() },
            Which::Configs => Volume { name: vol.clone(), config_map: Some(ConfigMapVolumeSource { name: entry.name.clone(), items, ..Default::default() }), ..Default::default() },
        });
        out.mounts.push(VolumeMount { name: vol, mount_path: target.clone(), sub_path: Some(file), read_only: Some(true), ..Default::default() });
        out.checksum_text.push_str(&format!("{target}\0{}\0", entry.content.as_deref().unwrap_or(&entry.name)));
    }
}

/// The Secrets and ConfigMaps of the entries in use.
pub(crate) fn objects(ctx: &Ctx<'_>, which: Which, entries: &Entries) -> Vec<Object> {
    entries
        .values()
        .filter(|e| e.used)
        .filter_map(|e| {
            let content = e.content.clone()?;
            let metadata = ObjectMeta { name: Some(e.name.clone()), namespace: Some(ctx.base.namespace.clone()), labels: Some(stack_labels(ctx)), ..Default::default() };
            Some(match which {
                Which::Secrets => Object::Secret(Secret {
                    metadata,
                    type_: Some("Opaque".to_owned()),
                    data: Some(BTreeMap::from([(CONTENT_KEY.to_owned(), ByteString(content.into_bytes()))])),
                    ..Default::default()
                }),
                Which::Configs => Object::ConfigMap(ConfigMap { metadata, data: Some(BTreeMap::from([(CONTENT_KEY.to_owned(), content)])), ..Default::default() }),
            })
        })
        .collect()
}
