//! Kubernetes' own object validation rules, ported: the core refuses to emit an object the API
//! server would reject.
//!
//! This is a hand port of the rules in `k8s.io/apimachinery/pkg/util/validation`,
//! `apimachinery/pkg/api/validation` (object metadata), `pkg/apis/core/validation`,
//! `pkg/apis/apps/validation` and `pkg/apis/networking/validation`, as of Kubernetes 1.33, for
//! the kinds in [`Object`]. Objects are checked the way the API server sees them after
//! applying its defaults (an unset `protocol` is `TCP`, an unset strategy is a rolling update of
//! 25% / 25%, ...), so a field the server fills in is never reported as missing. The one
//! exception: a namespaced object may leave `metadata.namespace` empty, since `kubectl apply`
//! fills it in.
//!
//! Every problem has a stable code (see [`codes`]), a path naming the object and the field
//! (`Deployment/web.spec.template.spec.containers[0].ports[1].name`) and Kubernetes' own message
//! (`Invalid value: "http-metrics-port": must be no more than 15 characters`). Where Kubernetes
//! names only the map (`metadata.labels`, `resources.requests`), the path adds the key
//! (`metadata.labels[app]`); quantities in messages are in canonical form (`0.5` → `500m`).
//!
//! One rule is the cluster's rather than the validator's: a node port must lie in the default
//! `--service-node-port-range` (30000–32767), as the API server's allocator demands. One is
//! the core's own: `terminationGracePeriodSeconds` may not be negative (Kubernetes clamps it).
//!
//! The string rules are public for checking user input early:
//!
//! ```
//! use coolify_k8s_core::validate;
//! assert!(validate::is_dns1123_label("web-1").is_ok());
//! assert!(validate::is_valid_port_name("http").is_ok());
//! assert!(validate::is_valid_port_name("a-very-long-port-name").is_err());
//! assert!(validate::is_env_var_name("NODE_ENV").is_ok());
//! assert_eq!(validate::parse_quantity("1.5Gi").unwrap().canonical(), "1536Mi");
//! ```
//!
//! Adding a kind: add a file with a `pub(crate) fn kind(r: &mut Report, object: &Kind)` that
//! starts with `meta::object_meta`, and give it an arm in [`validate_object`]. Until it has one,
//! a new [`Object`] variant gets the metadata rules every object (custom resources included)
//! is held to.

pub mod codes;
mod config;
mod container;
mod field;
mod ingress;
mod meta;
mod pod;
mod probe;
mod quantity;
mod resources;
mod rules;
mod scheduling;
mod security;
mod service;
mod storage;
mod volume;
mod workload;

pub use meta::selector_matches;
pub use quantity::{
    is_quantity, parse_quantity, ParsedQuantity, QuantityFormat, FORMAT_ERROR, SUFFIX_ERROR,
};
pub use rules::{
    check_annotations_size, is_annotation_key, is_config_map_key, is_dns1035_label,
    is_dns1123_label, is_dns1123_subdomain, is_env_var_name, is_http_header_name, is_label_value,
    is_qualified_name, is_strict_env_var_name, is_valid_cidr, is_valid_ip, is_valid_name_for_kind,
    is_valid_percent, is_valid_port_name, is_valid_port_num, is_wildcard_dns1123_subdomain,
    NameRule, DNS1035_LABEL_MAX_LENGTH, DNS1123_LABEL_MAX_LENGTH, DNS1123_SUBDOMAIN_MAX_LENGTH,
    LABEL_VALUE_MAX_LENGTH, MAX_SECRET_SIZE, NODE_PORT_RANGE, PORT_NAME_MAX_LENGTH,
    QUALIFIED_NAME_MAX_LENGTH, TOTAL_ANNOTATION_SIZE_LIMIT,
};

use crate::error::Problem;
use crate::objects::Object;
use field::Report;
use std::collections::BTreeMap;

/// Checks every object; an empty list means the API server's validation would accept them.
///
/// Besides each object's own rules, the list itself must not hold two objects of the same
/// kind, namespace and name (the second would silently replace the first on `kubectl apply`).
/// Problems come in object order, then field order.
pub fn validate_objects(objects: &[Object]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut seen: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
    for (i, object) in objects.iter().enumerate() {
        problems.extend(validate_object(object));
        let name = object.name();
        if name.is_empty() {
            continue;
        }
        let namespace = object.metadata().namespace.as_deref().unwrap_or("");
        if let Some(first) = seen.insert((object.kind(), namespace, name), i) {
            let mut r = Report::new(object.kind(), name);
            r.object_problem(
                codes::DUPLICATE_OBJECT,
                format!(
                    "Duplicate value: objects[{first}] and objects[{i}] are both {}/{name}",
                    object.kind()
                ),
            );
            problems.extend(r.into_problems());
        }
    }
    problems
}

/// Checks one object against the API server's validation for its kind.
///
/// A kind without rules of its own here (a custom resource such as Traefik's `Middleware`) gets
/// the rules the API server applies to every object: its metadata (name a DNS-1123 subdomain,
/// namespace, labels, annotations). Its spec is checked against its CRD's schema elsewhere
/// (`tests/crds/`, the control-plane suite).
pub fn validate_object(object: &Object) -> Vec<Problem> {
    let mut r = Report::new(object.kind(), object.name());
    match object {
        Object::Namespace(o) => storage::namespace(&mut r, o),
        Object::Secret(o) => config::secret(&mut r, o),
        Object::ConfigMap(o) => config::config_map(&mut r, o),
        Object::PersistentVolumeClaim(o) => storage::persistent_volume_claim(&mut r, o),
        Object::Service(o) => service::service(&mut r, o),
        Object::Deployment(o) => workload::deployment(&mut r, o),
        Object::StatefulSet(o) => workload::stateful_set(&mut r, o),
        Object::Job(o) => workload::job(&mut r, o),
        Object::Ingress(o) => ingress::ingress(&mut r, o),
        Object::CronJob(o) => workload::cron_job(&mut r, o),
        #[allow(unreachable_patterns)] // reached by kinds added to `Object` without an arm here
        _ => meta::object_meta(&mut r, object.metadata(), true, NameRule::Dns1123Subdomain),
    }
    r.into_problems()
}
