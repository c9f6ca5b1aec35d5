//! The compose file, read straight into typed structs.
//!
//! Every scalar is read with a string hint ([`Scalar`]), so `yes`, `012` or `1.50` stay as
//! written. Each mapping remembers the keys it does not know (`extra`), so that every key the
//! translation leaves out becomes a warning with its path instead of vanishing. YAML anchors and
//! merge keys (`<<:`) are applied by the YAML reader.

use crate::model::Scalar;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// A struct whose known keys are typed and whose other keys are collected in `extra`.
macro_rules! keyed {
    ($(#[$m:meta])* $name:ident { $($field:ident : $ty:ty = $key:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, Default)]
        pub(crate) struct $name {
            $(pub(crate) $field: Option<$ty>,)*
            /// Keys not read (warned about by the translation), in file order.
            pub(crate) extra: Vec<String>,
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a mapping")
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut out = $name::default();
                        while let Some(key) = map.next_key::<String>()? {
                            match key.as_str() {
                                $($key => out.$field = map.next_value::<Option<$ty>>()?,)*
                                _ => {
                                    map.next_value::<IgnoredAny>()?;
                                    out.extra.push(key);
                                }
                            }
                        }
                        Ok(out)
                    }
                }
                d.deserialize_map(V)
            }
        }
    };
}

keyed!(
    /// The whole file.
    ComposeFile {
        services: BTreeMap<String, Service> = "services",
        volumes: BTreeMap<String, Option<TopVolume>> = "volumes",
        networks: BTreeMap<String, Option<TopNetwork>> = "networks",
        secrets: BTreeMap<String, Option<TopFile>> = "secrets",
        configs: BTreeMap<String, Option<TopFile>> = "configs",
        version: Scalar = "version",
        name: Scalar = "name",
    }
);

keyed!(
    /// A top-level volume.
    TopVolume {
        name: Scalar = "name",
        external: Scalar = "external",
    }
);

keyed!(
    /// A top-level secret or config: its content comes from a file, a variable or (configs)
    /// inline text, or it exists already (`external`).
    TopFile {
        file: Scalar = "file",
        environment: Scalar = "environment",
        content: Scalar = "content",
        external: Scalar = "external",
        name: Scalar = "name",
    }
);

keyed!(
    /// A service's long-syntax `secrets` / `configs` entry.
    FileRef {
        source: Scalar = "source",
        target: Scalar = "target",
        mode: Scalar = "mode",
        uid: Scalar = "uid",
        gid: Scalar = "gid",
    }
);

keyed!(
    /// A top-level network (nothing of it is needed: pods share one flat network).
    TopNetwork {
        name: Scalar = "name",
    }
);

keyed!(
    /// One service.
    Service {
        image: Scalar = "image",
        command: StrOrSeq = "command",
        entrypoint: StrOrSeq = "entrypoint",
        environment: ListOrMap = "environment",
        env_file: StrOrSeq = "env_file",
        ports: Vec<StrOr<PortLong>> = "ports",
        expose: Vec<Scalar> = "expose",
        volumes: Vec<StrOr<VolumeLong>> = "volumes",
        tmpfs: StrOrSeq = "tmpfs",
        healthcheck: Healthcheck = "healthcheck",
        deploy: Deploy = "deploy",
        restart: Scalar = "restart",
        depends_on: DependsOn = "depends_on",
        labels: ListOrMap = "labels",
        user: Scalar = "user",
        working_dir: Scalar = "working_dir",
        cap_add: Vec<Scalar> = "cap_add",
        cap_drop: Vec<Scalar> = "cap_drop",
        privileged: Scalar = "privileged",
        sysctls: ListOrMap = "sysctls",
        extra_hosts: ListOrMap = "extra_hosts",
        shm_size: Scalar = "shm_size",
        stop_grace_period: Scalar = "stop_grace_period",
        networks: Networks = "networks",
        hostname: Scalar = "hostname",
        container_name: Scalar = "container_name",
        mem_limit: Scalar = "mem_limit",
        mem_reservation: Scalar = "mem_reservation",
        cpus: Scalar = "cpus",
        exclude_from_hc: Scalar = "exclude_from_hc",
        tty: Scalar = "tty",
        stdin_open: Scalar = "stdin_open",
        read_only: Scalar = "read_only",
        init: Scalar = "init",
        secrets: Vec<StrOr<FileRef>> = "secrets",
        configs: Vec<StrOr<FileRef>> = "configs",
    }
);

keyed!(
    /// Long-syntax port.
    PortLong {
        target: Scalar = "target",
        published: Scalar = "published",
        protocol: Scalar = "protocol",
        host_ip: Scalar = "host_ip",
        name: Scalar = "name",
        mode: Scalar = "mode",
        app_protocol: Scalar = "app_protocol",
    }
);

keyed!(
    /// Long-syntax volume, with Coolify's `content` and `is_directory`.
    VolumeLong {
        type_: Scalar = "type",
        source: Scalar = "source",
        target: Scalar = "target",
        read_only: Scalar = "read_only",
        content: Scalar = "content",
        is_directory: Scalar = "is_directory",
        is_directory_camel: Scalar = "isDirectory",
        tmpfs: TmpfsOptions = "tmpfs",
        bind: IgnoredMap = "bind",
        volume: IgnoredMap = "volume",
    }
);

keyed!(
    /// `tmpfs:` options of a long-syntax volume.
    TmpfsOptions {
        size: Scalar = "size",
        mode: Scalar = "mode",
    }
);

keyed!(
    /// A mapping whose keys are all warned about.
    IgnoredMap {}
);

keyed!(
    /// `healthcheck:`.
    Healthcheck {
        test: StrOrSeq = "test",
        interval: Scalar = "interval",
        timeout: Scalar = "timeout",
        retries: Scalar = "retries",
        start_period: Scalar = "start_period",
        start_interval: Scalar = "start_interval",
        disable: Scalar = "disable",
    }
);

keyed!(
    /// `deploy:`.
    Deploy {
        replicas: Scalar = "replicas",
        resources: Resources = "resources",
        restart_policy: RestartPolicy = "restart_policy",
    }
);

keyed!(
    /// `deploy.resources`.
    Resources {
        limits: ResourceSet = "limits",
        reservations: ResourceSet = "reservations",
    }
);

keyed!(
    /// `deploy.resources.limits` / `reservations`.
    ResourceSet {
        cpus: Scalar = "cpus",
        memory: Scalar = "memory",
    }
);

keyed!(
    /// `deploy.restart_policy`.
    RestartPolicy {
        condition: Scalar = "condition",
        max_attempts: Scalar = "max_attempts",
    }
);

keyed!(
    /// Long-syntax `depends_on` entry.
    DependsLong {
        condition: Scalar = "condition",
        restart: Scalar = "restart",
        required: Scalar = "required",
    }
);

keyed!(
    /// Long-syntax `networks` entry of a service.
    NetworkLong {
        aliases: Vec<Scalar> = "aliases",
    }
);

fn invalid<E: de::Error>(what: &str) -> E {
    E::custom(what)
}

/// A string or a list of strings (`command`, `entrypoint`, `env_file`, `tmpfs`, `test`).
#[derive(Clone, Debug)]
pub(crate) enum StrOrSeq {
    /// The string form.
    Str(String),
    /// The list form.
    Seq(Vec<Scalar>),
}

impl<'de> Deserialize<'de> for StrOrSeq {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StrOrSeq;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StrOrSeq, E> {
                Ok(StrOrSeq::Str(v.to_owned()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<StrOrSeq, E> {
                Ok(StrOrSeq::Str(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<StrOrSeq, E> {
                Ok(StrOrSeq::Str(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<StrOrSeq, E> {
                Ok(StrOrSeq::Str(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<StrOrSeq, E> {
                Ok(StrOrSeq::Str(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StrOrSeq, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<Scalar>()? {
                    out.push(item);
                }
                Ok(StrOrSeq::Seq(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, _map: A) -> Result<StrOrSeq, A::Error> {
                Err(invalid("expected a string or a list of strings, found a mapping"))
            }
        }
        // Any: the YAML reader only dispatches mappings and lists that way; scalars inside are
        // read back through the string hint.
        d.deserialize_any(V)
    }
}

/// A short (string) or long (mapping) entry: `ports`, `volumes`.
#[derive(Clone, Debug)]
pub(crate) enum StrOr<T> {
    /// Short syntax.
    Str(String),
    /// Long syntax.
    Long(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for StrOr<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = StrOr<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a mapping")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StrOr<T>, E> {
                Ok(StrOr::Str(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<StrOr<T>, E> {
                Ok(StrOr::Str(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<StrOr<T>, E> {
                Ok(StrOr::Str(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<StrOr<T>, E> {
                Ok(StrOr::Str(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<StrOr<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(StrOr::Long)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A list of `KEY=VALUE` strings or a mapping (`environment`, `labels`, `sysctls`,
/// `extra_hosts`). Entries keep file order; a value may be absent (`- KEY`, `KEY:` / `KEY: null`).
#[derive(Clone, Debug, Default)]
pub(crate) struct ListOrMap {
    /// `(key, value)` pairs; `list` tells which form was used (for paths).
    pub(crate) entries: Vec<(String, Option<String>)>,
    /// The list form was used.
    pub(crate) list: bool,
    /// Separator of the list form (`=`, or `:` too for `extra_hosts`).
    pub(crate) raw: Vec<String>,
}

impl<'de> Deserialize<'de> for ListOrMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ListOrMap;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of `KEY=VALUE` strings or a mapping")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ListOrMap, A::Error> {
                let mut out = ListOrMap { list: true, ..Default::default() };
                while let Some(item) = seq.next_element::<Scalar>()? {
                    let text = item.text().ok_or_else(|| invalid::<A::Error>("expected a `KEY=VALUE` string"))?.to_owned();
                    out.raw.push(text.clone());
                    match text.split_once('=') {
                        Some((k, v)) => out.entries.push((k.to_owned(), Some(v.to_owned()))),
                        None => out.entries.push((text, None)),
                    }
                }
                Ok(out)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ListOrMap, A::Error> {
                let mut out = ListOrMap::default();
                while let Some(key) = map.next_key::<String>()? {
                    let value = map.next_value::<Option<Scalar>>()?;
                    let value = match value {
                        None => None,
                        Some(Scalar::Text(t)) => Some(t),
                        Some(Scalar::Invalid(what)) => return Err(invalid(&format!("`{key}`: expected a string, found {what}"))),
                    };
                    out.raw.push(key.clone());
                    out.entries.push((key, value));
                }
                Ok(out)
            }
        }
        // Any: the YAML reader only dispatches mappings and lists that way; scalars inside are
        // read back through the string hint.
        d.deserialize_any(V)
    }
}

/// `depends_on`: a list of names or a mapping name → conditions.
#[derive(Clone, Debug, Default)]
pub(crate) struct DependsOn(pub(crate) Vec<(String, DependsLong)>);

impl<'de> Deserialize<'de> for DependsOn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DependsOn;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of service names or a mapping")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<DependsOn, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<String>()? {
                    out.push((item, DependsLong::default()));
                }
                Ok(DependsOn(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DependsOn, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let long = map.next_value::<Option<DependsLong>>()?.unwrap_or_default();
                    out.push((key, long));
                }
                Ok(DependsOn(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A service's `networks`: a list of names or a mapping name → options.
#[derive(Clone, Debug, Default)]
pub(crate) struct Networks(pub(crate) Vec<(String, NetworkLong)>);

impl<'de> Deserialize<'de> for Networks {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Networks;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of network names or a mapping")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Networks, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<String>()? {
                    out.push((item, NetworkLong::default()));
                }
                Ok(Networks(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Networks, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let long = map.next_value::<Option<NetworkLong>>()?.unwrap_or_default();
                    out.push((key, long));
                }
                Ok(Networks(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads a compose file; a problem carries the path of the offending key
/// (`services.web.ports[0]`).
pub(crate) fn parse(text: &str) -> Result<ComposeFile, (String, String)> {
    let mut path = String::new();
    let options = serde_saphyr::options! { with_snippet: false };
    let result = serde_saphyr::with_deserializer_from_str_with_options(text, options, |de| {
        let mut track = serde_path_to_error::Track::new();
        let out = ComposeFile::deserialize(serde_path_to_error::Deserializer::new(de, &mut track));
        if out.is_err() {
            path = track.path().to_string();
        }
        out
    });
    result.map_err(|e| (if path == "." { String::new() } else { path }, e.to_string()))
}
