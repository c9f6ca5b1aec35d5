//! Where a pod may run and how it resolves names: tolerations, node and pod affinity, DNS config.

use super::codes;
use super::field::{json, Bad, Path, Report};
use super::meta::{self, label_name};
use super::rules;
use k8s_openapi::api::core::v1::{
    Affinity, NodeSelectorTerm, PodAffinityTerm, PodDNSConfig, Toleration,
};

/// `ValidateTolerations`.
pub(crate) fn tolerations(r: &mut Report, tolerations: &[Toleration], path: &Path) {
    for (i, t) in tolerations.iter().enumerate() {
        let at = path.index(i);
        let key = t.key.as_deref().unwrap_or("");
        let operator = t.operator.as_deref().unwrap_or("");
        let effect = t.effect.as_deref().unwrap_or("");
        let value = t.value.as_deref().unwrap_or("");
        if !key.is_empty() {
            label_name(r, codes::INVALID_TOLERATION, key, &at.child("key"));
        }
        if key.is_empty() && operator != "Exists" {
            let detail = "operator must be Exists when `key` is empty, which means \"match all values and all keys\"";
            r.invalid(
                codes::INVALID_TOLERATION,
                &at.child("operator"),
                Bad::Str(operator),
                detail,
            );
        }
        if t.toleration_seconds.is_some() && effect != "NoExecute" {
            let detail = "effect must be 'NoExecute' when `tolerationSeconds` is set";
            r.invalid(
                codes::INVALID_TOLERATION,
                &at.child("effect"),
                Bad::Str(effect),
                detail,
            );
        }
        match operator {
            "Equal" | "" => {
                let errs = rules::label_value_errors(value);
                if !errs.is_empty() {
                    r.invalid(
                        codes::INVALID_TOLERATION,
                        &at.child("operator"),
                        Bad::Str(value),
                        &errs.join(";"),
                    );
                }
            }
            "Exists" => {
                if !value.is_empty() {
                    let detail = "value must be empty when `operator` is 'Exists'";
                    r.invalid(
                        codes::INVALID_TOLERATION,
                        &at.child("operator"),
                        Bad::Str(value),
                        detail,
                    );
                }
            }
            other => r.not_supported(
                codes::UNSUPPORTED_VALUE,
                &at.child("operator"),
                other,
                &["Equal", "Exists"],
            ),
        }
        if !effect.is_empty() && !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&effect)
        {
            let supported = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
            r.not_supported(
                codes::UNSUPPORTED_VALUE,
                &at.child("effect"),
                effect,
                &supported,
            );
        }
    }
}

/// `validateAffinity`.
pub(crate) fn affinity(r: &mut Report, affinity: &Affinity, path: &Path) {
    if let Some(node) = &affinity.node_affinity {
        let np = path.child("nodeAffinity");
        if let Some(required) = &node.required_during_scheduling_ignored_during_execution {
            let terms_path = np
                .child("requiredDuringSchedulingIgnoredDuringExecution")
                .child("nodeSelectorTerms");
            if required.node_selector_terms.is_empty() {
                r.required(
                    codes::INVALID_AFFINITY,
                    &terms_path,
                    "must have at least one node selector term",
                );
            }
            for (i, term) in required.node_selector_terms.iter().enumerate() {
                node_selector_term(r, term, false, &terms_path.index(i));
            }
        }
        for (i, pref) in node
            .preferred_during_scheduling_ignored_during_execution
            .iter()
            .flatten()
            .enumerate()
        {
            let at = np
                .child("preferredDuringSchedulingIgnoredDuringExecution")
                .index(i);
            weight(r, pref.weight, &at.child("weight"));
            node_selector_term(r, &pref.preference, true, &at.child("preference"));
        }
    }
    for (field, terms, weighted) in [
        (
            "podAffinity",
            affinity.pod_affinity.as_ref().and_then(|a| {
                a.required_during_scheduling_ignored_during_execution
                    .as_ref()
            }),
            affinity.pod_affinity.as_ref().and_then(|a| {
                a.preferred_during_scheduling_ignored_during_execution
                    .as_ref()
            }),
        ),
        (
            "podAntiAffinity",
            affinity.pod_anti_affinity.as_ref().and_then(|a| {
                a.required_during_scheduling_ignored_during_execution
                    .as_ref()
            }),
            affinity.pod_anti_affinity.as_ref().and_then(|a| {
                a.preferred_during_scheduling_ignored_during_execution
                    .as_ref()
            }),
        ),
    ] {
        let ap = path.child(field);
        for (i, term) in terms.iter().copied().flatten().enumerate() {
            pod_affinity_term(
                r,
                term,
                &ap.child("requiredDuringSchedulingIgnoredDuringExecution")
                    .index(i),
            );
        }
        for (i, w) in weighted.iter().copied().flatten().enumerate() {
            let at = ap
                .child("preferredDuringSchedulingIgnoredDuringExecution")
                .index(i);
            weight(r, w.weight, &at.child("weight"));
            pod_affinity_term(r, &w.pod_affinity_term, &at.child("podAffinityTerm"));
        }
    }
}

fn weight(r: &mut Report, weight: i32, path: &Path) {
    if !(1..=100).contains(&weight) {
        r.invalid(
            codes::INVALID_AFFINITY,
            path,
            Bad::Int(weight.into()),
            "must be in the range 1-100",
        );
    }
}

/// `ValidateNodeSelectorTerm`; preferred terms may carry any label value.
fn node_selector_term(
    r: &mut Report,
    term: &NodeSelectorTerm,
    allow_invalid_values: bool,
    path: &Path,
) {
    for (j, req) in term.match_expressions.iter().flatten().enumerate() {
        let at = path.child("matchExpressions").index(j);
        let values = req.values.as_deref().unwrap_or_default();
        match req.operator.as_str() {
            "In" | "NotIn" if values.is_empty() => {
                r.required(
                    codes::INVALID_AFFINITY,
                    &at.child("values"),
                    "must be specified when `operator` is 'In' or 'NotIn'",
                );
            }
            "In" | "NotIn" => {}
            "Exists" | "DoesNotExist" if !values.is_empty() => {
                let detail = "may not be specified when `operator` is 'Exists' or 'DoesNotExist'";
                r.forbidden(codes::INVALID_AFFINITY, &at.child("values"), detail);
            }
            "Exists" | "DoesNotExist" => {}
            "Gt" | "Lt" if values.len() != 1 => {
                let detail = "must be specified single value when `operator` is 'Lt' or 'Gt'";
                r.required(codes::INVALID_AFFINITY, &at.child("values"), detail);
            }
            "Gt" | "Lt" => {}
            other => r.invalid(
                codes::INVALID_AFFINITY,
                &at.child("operator"),
                Bad::Str(other),
                "not a valid selector operator",
            ),
        }
        label_name(r, codes::INVALID_LABEL_KEY, &req.key, &at.child("key"));
        if !allow_invalid_values {
            for (k, value) in values.iter().enumerate() {
                let errs = rules::label_value_errors(value);
                r.invalid_each(
                    codes::INVALID_LABEL_VALUE,
                    &at.child("values").index(k),
                    Bad::Str(value),
                    &errs,
                );
            }
        }
    }
    for (j, req) in term.match_fields.iter().flatten().enumerate() {
        let at = path.child("matchFields").index(j);
        let values = req.values.as_deref().unwrap_or_default();
        if req.operator == "In" || req.operator == "NotIn" {
            if values.len() != 1 {
                let detail = "must be only one value when `operator` is 'In' or 'NotIn' for node field selector";
                r.required(codes::INVALID_AFFINITY, &at.child("values"), detail);
            }
        } else {
            r.invalid(
                codes::INVALID_AFFINITY,
                &at.child("operator"),
                Bad::Str(&req.operator),
                "not a valid selector operator",
            );
        }
        if req.key != "metadata.name" {
            r.invalid(
                codes::INVALID_AFFINITY,
                &at.child("key"),
                Bad::Str(&req.key),
                "not a valid field selector key",
            );
        } else {
            for (k, value) in values.iter().enumerate() {
                let errs = rules::dns1123_subdomain_errors(value);
                r.invalid_each(
                    codes::INVALID_AFFINITY,
                    &at.child("values").index(k),
                    Bad::Str(value),
                    &errs,
                );
            }
        }
    }
}

fn pod_affinity_term(r: &mut Report, term: &PodAffinityTerm, path: &Path) {
    if let Some(selector) = &term.label_selector {
        meta::label_selector(r, selector, &path.child("labelSelector"));
    }
    if let Some(selector) = &term.namespace_selector {
        meta::label_selector(r, selector, &path.child("namespaceSelector"));
    }
    for ns in term.namespaces.iter().flatten() {
        r.invalid_each(
            codes::INVALID_NAMESPACE,
            &path.child("namespace"),
            Bad::Str(ns),
            &rules::dns1123_label_errors(ns),
        );
    }
    for (field, keys) in [
        ("matchLabelKeys", &term.match_label_keys),
        ("mismatchLabelKeys", &term.mismatch_label_keys),
    ] {
        let keys = keys.as_deref().unwrap_or_default();
        if !keys.is_empty() && term.label_selector.is_none() {
            r.forbidden(
                codes::INVALID_AFFINITY,
                &path.child(field),
                "must not be specified when labelSelector is not set",
            );
            continue;
        }
        for (i, key) in keys.iter().enumerate() {
            label_name(
                r,
                codes::INVALID_LABEL_KEY,
                key,
                &path.child(field).index(i),
            );
        }
    }
    let topology = path.child("topologyKey");
    if term.topology_key.is_empty() {
        r.required(codes::INVALID_AFFINITY, &topology, "can not be empty");
    }
    label_name(r, codes::INVALID_LABEL_KEY, &term.topology_key, &topology);
}

/// `validatePodDNSConfig` (with 1.33's relaxed search-domain rule: underscores allowed, `.`
/// alone allowed).
pub(crate) fn dns_config(
    r: &mut Report,
    config: Option<&PodDNSConfig>,
    policy: Option<&str>,
    path: &Path,
) {
    if policy == Some("None") {
        match config {
            None => {
                r.required(
                    codes::INVALID_DNS_CONFIG,
                    path,
                    "must provide `dnsConfig` when `dnsPolicy` is None",
                );
                return;
            }
            Some(c) if c.nameservers.as_ref().is_none_or(Vec::is_empty) => {
                let detail = "must provide at least one DNS nameserver when `dnsPolicy` is None";
                r.required(
                    codes::INVALID_DNS_CONFIG,
                    &path.child("nameservers"),
                    detail,
                );
                return;
            }
            _ => {}
        }
    }
    let Some(config) = config else { return };
    let nameservers = config.nameservers.as_deref().unwrap_or_default();
    if nameservers.len() > 3 {
        r.invalid(
            codes::INVALID_DNS_CONFIG,
            &path.child("nameservers"),
            json(nameservers),
            "must not have more than 3 nameservers",
        );
    }
    for (i, ns) in nameservers.iter().enumerate() {
        r.invalid_each(
            codes::INVALID_IP,
            &path.child("nameservers").index(i),
            Bad::Str(ns),
            &rules::ip_errors(ns),
        );
    }
    let searches = config.searches.as_deref().unwrap_or_default();
    if searches.len() > 32 {
        r.invalid(
            codes::INVALID_DNS_CONFIG,
            &path.child("searches"),
            json(searches),
            "must not have more than 32 search paths",
        );
    }
    if searches.join(" ").len() > 2048 {
        let detail =
            "must not have more than 2048 characters (including spaces) in the search list";
        r.invalid(
            codes::INVALID_DNS_CONFIG,
            &path.child("searches"),
            json(searches),
            detail,
        );
    }
    for (i, search) in searches.iter().enumerate() {
        if search == "." {
            continue;
        }
        let trimmed = search.strip_suffix('.').unwrap_or(search);
        let errs = subdomain_with_underscore_errors(trimmed);
        r.invalid_each(
            codes::INVALID_DNS_CONFIG,
            &path.child("searches").index(i),
            Bad::Str(trimmed),
            &errs,
        );
    }
    for (i, option) in config.options.iter().flatten().enumerate() {
        if option.name.as_deref().is_none_or(str::is_empty) {
            r.required(
                codes::INVALID_DNS_CONFIG,
                &path.child("options").index(i),
                "must not be empty",
            );
        }
    }
}

/// `IsDNS1123SubdomainWithUnderscore`.
fn subdomain_with_underscore_errors(value: &str) -> Vec<String> {
    let label = |s: &str| {
        let s = s.strip_prefix('_').unwrap_or(s);
        let b = s.as_bytes();
        let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        match (b.first(), b.last()) {
            (Some(&f), Some(&l)) => {
                alnum(f) && alnum(l) && b.iter().all(|&c| alnum(c) || c == b'-' || c == b'_')
            }
            _ => false,
        }
    };
    let mut errs = Vec::new();
    if value.len() > rules::DNS1123_SUBDOMAIN_MAX_LENGTH {
        errs.push(rules::max_len_error(rules::DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    if !value.split('.').all(label) {
        errs.push(rules::regex_error(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character",
            "_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*",
            &["example.com"],
        ));
    }
    errs
}
