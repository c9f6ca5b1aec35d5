//! Container resources (`ValidateContainerResourceRequirements`): resource names, quantities,
//! requests against limits.

use super::codes;
use super::field::{Bad, Path, Report};
use super::quantity::ParsedQuantity;
use super::rules;
use k8s_openapi::api::core::v1::ResourceRequirements;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use std::collections::BTreeMap;

const STANDARD_CONTAINER_RESOURCES: [&str; 3] = ["cpu", "memory", "ephemeral-storage"];
const STANDARD_RESOURCES: [&str; 20] = [
    "cpu",
    "memory",
    "ephemeral-storage",
    "storage",
    "pods",
    "services",
    "replicationcontrollers",
    "resourcequotas",
    "secrets",
    "configmaps",
    "persistentvolumeclaims",
    "services.nodeports",
    "services.loadbalancers",
    "requests.cpu",
    "requests.memory",
    "requests.storage",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
];

fn is_hugepages(name: &str) -> bool {
    name.starts_with("hugepages-")
}

fn is_native_resource(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

fn is_extended_resource(name: &str) -> bool {
    !is_native_resource(name)
        && !name.starts_with("requests.")
        && rules::qualified_name_errors(&format!("requests.{name}")).is_empty()
}

fn overcommit_allowed(name: &str) -> bool {
    is_native_resource(name) && !is_hugepages(name)
}

/// `validateContainerResourceName`.
fn container_resource_name(r: &mut Report, name: &str, path: &Path) {
    let errs = rules::qualified_name_errors(name);
    if !errs.is_empty() {
        r.invalid_each(codes::INVALID_RESOURCE_NAME, path, Bad::Str(name), &errs);
    } else if !name.contains('/') && !STANDARD_RESOURCES.contains(&name) && !is_hugepages(name) {
        r.invalid(
            codes::INVALID_RESOURCE_NAME,
            path,
            Bad::Str(name),
            "must be a standard resource type or fully qualified",
        );
    }
    if !name.contains('/') {
        if !STANDARD_CONTAINER_RESOURCES.contains(&name) && !is_hugepages(name) {
            r.invalid(
                codes::INVALID_RESOURCE_NAME,
                path,
                Bad::Str(name),
                "must be a standard resource for containers",
            );
        }
    } else if !is_native_resource(name) && !is_extended_resource(name) {
        r.invalid(
            codes::INVALID_RESOURCE_NAME,
            path,
            Bad::Str(name),
            "doesn't follow extended resource name standard",
        );
    }
}

/// Parses a quantity as the API server reads it from JSON (surrounding whitespace trimmed);
/// reports it when it does not parse.
pub(crate) fn quantity(r: &mut Report, q: &Quantity, path: &Path) -> Option<ParsedQuantity> {
    match ParsedQuantity::parse(q.0.trim()) {
        Ok(parsed) => Some(parsed),
        Err(msg) => {
            r.invalid(codes::INVALID_QUANTITY, path, Bad::Str(&q.0), &msg);
            None
        }
    }
}

/// `ValidateResourceQuantityValue`: not negative, whole for integer resources.
fn resource_quantity_value(r: &mut Report, name: &str, q: &ParsedQuantity, path: &Path) {
    if q.is_negative() {
        r.invalid(
            codes::NEGATIVE_QUANTITY,
            path,
            Bad::Str(&q.canonical()),
            "must be greater than or equal to 0",
        );
    }
    if is_extended_resource(name) && !q.is_integer() {
        r.invalid(
            codes::NON_INTEGER_QUANTITY,
            path,
            Bad::Str(&q.canonical()),
            "must be an integer",
        );
    }
}

/// `ValidateContainerResourceRequirements`: names, quantities, requests ≤ limits, and requests
/// = limits for resources that cannot be overcommitted (GPUs and other extended resources, huge
/// pages).
pub(crate) fn resource_requirements(r: &mut Report, req: &ResourceRequirements, path: &Path) {
    let lim_path = path.child("limits");
    let req_path = path.child("requests");
    let mut limits = BTreeMap::new();
    let mut cpu_or_memory = false;
    let mut hugepages = false;
    for (name, q) in req.limits.iter().flatten() {
        let at = lim_path.key(name);
        container_resource_name(r, name, &at);
        if let Some(parsed) = quantity(r, q, &at) {
            resource_quantity_value(r, name, &parsed, &at);
            limits.insert(name.as_str(), parsed);
        }
        hugepages |= is_hugepages(name);
        cpu_or_memory |= name == "cpu" || name == "memory";
    }
    for (name, q) in req.requests.iter().flatten() {
        let at = req_path.key(name);
        container_resource_name(r, name, &at);
        let parsed = quantity(r, q, &at);
        if let Some(parsed) = &parsed {
            resource_quantity_value(r, name, parsed, &at);
        }
        match (limits.get(name.as_str()), &parsed) {
            (Some(limit), Some(request)) => {
                if request != limit && !overcommit_allowed(name) {
                    let detail = format!("must be equal to {name} limit of {}", limit.canonical());
                    r.invalid(
                        codes::REQUESTS_MUST_EQUAL_LIMITS,
                        &at,
                        Bad::Str(&request.canonical()),
                        &detail,
                    );
                } else if request > limit {
                    let detail = format!(
                        "must be less than or equal to {name} limit of {}",
                        limit.canonical()
                    );
                    r.invalid(
                        codes::REQUESTS_EXCEED_LIMITS,
                        &at,
                        Bad::Str(&request.canonical()),
                        &detail,
                    );
                }
            }
            (None, _)
                if !overcommit_allowed(name)
                    && !req.limits.iter().flatten().any(|(k, _)| k == name) =>
            {
                r.required(
                    codes::REQUESTS_MUST_EQUAL_LIMITS,
                    &lim_path,
                    "Limit must be set for non overcommitable resources",
                );
            }
            _ => {}
        }
        hugepages |= is_hugepages(name);
        cpu_or_memory |= name == "cpu" || name == "memory";
    }
    if hugepages && !cpu_or_memory {
        r.forbidden(
            codes::FORBIDDEN_FIELD,
            path,
            "HugePages require cpu or memory",
        );
    }
    for (i, claim) in req.claims.iter().flatten().enumerate() {
        if claim.name.is_empty() {
            r.required(codes::REQUIRED, &path.child("claims").index(i), "");
        }
    }
}
