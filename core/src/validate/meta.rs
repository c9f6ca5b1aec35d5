//! Object metadata, labels, annotations and label selectors
//! (`apimachinery/pkg/api/validation/objectmeta.go`, `apis/meta/v1/validation`).

use super::codes;
use super::field::{json, Bad, Path, Report};
use super::rules::{self, NameRule};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use std::collections::BTreeMap;

/// Finalizer names Kubernetes knows without a domain prefix.
const STANDARD_FINALIZERS: [&str; 3] = ["kubernetes", "orphan", "foregroundDeletion"];

/// `ValidateObjectMeta` for one object.
///
/// `namespaced` kinds may leave `metadata.namespace` empty: kubectl fills it in from its
/// context (`kubectl apply -n`), so an empty namespace is not a problem here. Cluster-scoped kinds
/// must not set it.
pub(crate) fn object_meta(r: &mut Report, meta: &ObjectMeta, namespaced: bool, rule: NameRule) {
    let path = Path::new("metadata");
    let name = meta.name.as_deref().unwrap_or("");
    if let Some(generate) = meta.generate_name.as_deref().filter(|g| !g.is_empty()) {
        let errs = rule.errors(generate, true);
        r.invalid_each(
            codes::INVALID_NAME,
            &path.child("generateName"),
            Bad::Str(generate),
            &errs,
        );
    }
    if name.is_empty() {
        r.required(
            codes::REQUIRED,
            &path.child("name"),
            "name or generateName is required",
        );
    } else {
        r.invalid_each(
            codes::INVALID_NAME,
            &path.child("name"),
            Bad::Str(name),
            &rule.errors(name, false),
        );
    }
    match meta.namespace.as_deref() {
        Some(ns) if !ns.is_empty() => {
            if namespaced {
                let errs = rules::dns1123_label_errors(ns);
                r.invalid_each(
                    codes::INVALID_NAMESPACE,
                    &path.child("namespace"),
                    Bad::Str(ns),
                    &errs,
                );
            } else {
                r.forbidden(
                    codes::INVALID_NAMESPACE,
                    &path.child("namespace"),
                    "not allowed on this type",
                );
            }
        }
        _ => {}
    }
    if let Some(generation) = meta.generation {
        nonnegative(
            r,
            codes::NEGATIVE_VALUE,
            &path.child("generation"),
            generation,
        );
    }
    labels(r, meta.labels.as_ref(), &path.child("labels"));
    annotations(r, meta.annotations.as_ref(), &path.child("annotations"));
    owner_references(r, meta, &path.child("ownerReferences"));
    finalizers(
        r,
        meta.finalizers.as_deref().unwrap_or_default(),
        &path.child("finalizers"),
    );
}

/// `ValidateNonnegativeField`.
pub(crate) fn nonnegative(r: &mut Report, code: &str, path: &Path, value: i64) {
    if value < 0 {
        r.invalid(
            code,
            path,
            Bad::Int(value),
            "must be greater than or equal to 0",
        );
    }
}

/// `ValidateLabels`: every key a qualified name, every value a label value. Problems are
/// reported at `labels[<key>]`.
pub(crate) fn labels(r: &mut Report, labels: Option<&BTreeMap<String, String>>, path: &Path) {
    for (key, value) in labels.into_iter().flatten() {
        let key_errors = rules::qualified_name_errors(key);
        let value_errors = rules::label_value_errors(value);
        if key_errors.is_empty() && value_errors.is_empty() {
            continue;
        }
        let at = path.key(key);
        r.invalid_each(codes::INVALID_LABEL_KEY, &at, Bad::Str(key), &key_errors);
        r.invalid_each(codes::INVALID_LABEL_VALUE, &at, Bad::Str(value), &value_errors);
    }
}

/// `ValidateLabelName`: a qualified name.
pub(crate) fn label_name(r: &mut Report, code: &str, name: &str, path: &Path) {
    r.invalid_each(
        code,
        path,
        Bad::Str(name),
        &rules::qualified_name_errors(name),
    );
}

/// `ValidateAnnotations`: keys are qualified names once lowercased; all keys and values together
/// at most 256 KiB.
pub(crate) fn annotations(
    r: &mut Report,
    annotations: Option<&BTreeMap<String, String>>,
    path: &Path,
) {
    let Some(annotations) = annotations else {
        return;
    };
    for key in annotations.keys() {
        let errs = if key.bytes().any(|b| b.is_ascii_uppercase()) || !key.is_ascii() {
            rules::qualified_name_errors(&key.to_lowercase())
        } else {
            rules::qualified_name_errors(key)
        };
        if !errs.is_empty() {
            r.invalid_each(codes::INVALID_ANNOTATION_KEY, &path.key(key), Bad::Str(key), &errs);
        }
    }
    if rules::check_annotations_size(annotations).is_err() {
        r.too_long(
            codes::ANNOTATIONS_TOO_LONG,
            path,
            rules::TOTAL_ANNOTATION_SIZE_LIMIT,
        );
    }
}

fn owner_references(r: &mut Report, meta: &ObjectMeta, path: &Path) {
    let mut controller: Option<String> = None;
    for reference in meta.owner_references.as_deref().unwrap_or_default() {
        let version = reference.api_version.rsplit('/').next().unwrap_or("");
        if version.is_empty() {
            let at = path.child("apiVersion");
            r.invalid(
                codes::INVALID_OWNER_REFERENCE,
                &at,
                Bad::Str(&reference.api_version),
                "version must not be empty",
            );
        }
        for (field, value) in [
            ("kind", &reference.kind),
            ("name", &reference.name),
            ("uid", &reference.uid),
        ] {
            if value.is_empty() {
                r.invalid(
                    codes::INVALID_OWNER_REFERENCE,
                    &path.child(field),
                    Bad::Str(value),
                    "must not be empty",
                );
            }
        }
        if reference.controller == Some(true) {
            let current = format!("{}/{}", reference.kind, reference.name);
            match &controller {
                Some(first) => {
                    let detail = format!(
                        "Only one reference can have Controller set to true. Found \"true\" in references for {first} and {current}"
                    );
                    let value = json(meta.owner_references.as_deref().unwrap_or_default());
                    r.invalid(codes::INVALID_OWNER_REFERENCE, path, value, &detail);
                }
                None => controller = Some(current),
            }
        }
    }
}

fn finalizers(r: &mut Report, finalizers: &[String], path: &Path) {
    for (i, finalizer) in finalizers.iter().enumerate() {
        let errs = rules::qualified_name_errors(finalizer);
        r.invalid_each(
            codes::INVALID_FINALIZER,
            &path.index(i),
            Bad::Str(finalizer),
            &errs,
        );
        if !finalizer.contains('/') && !STANDARD_FINALIZERS.contains(&finalizer.as_str()) {
            r.invalid(
                codes::INVALID_FINALIZER,
                &path.index(i),
                Bad::Str(finalizer),
                "name is neither a standard finalizer name nor is it fully qualified",
            );
        }
    }
    let has = |name: &str| finalizers.iter().any(|f| f == name);
    if has("orphan") && has("foregroundDeletion") {
        r.invalid(
            codes::INVALID_FINALIZER,
            path,
            json(finalizers),
            "finalizer orphan and foregroundDeletion cannot be both set",
        );
    }
}

/// `ValidateLabelSelector` with invalid label values refused, as for workload selectors.
/// Returns whether the selector is well formed (so it can be matched against labels).
pub(crate) fn label_selector(r: &mut Report, selector: &LabelSelector, path: &Path) -> bool {
    let mut ok = true;
    if let Some(match_labels) = &selector.match_labels {
        let before = problems_marker(r);
        labels(r, Some(match_labels), &path.child("matchLabels"));
        ok &= problems_marker(r) == before;
    }
    for (i, expr) in selector
        .match_expressions
        .as_deref()
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let at = path.child("matchExpressions").index(i);
        let values = expr.values.as_deref().unwrap_or_default();
        match expr.operator.as_str() {
            "In" | "NotIn" => {
                if values.is_empty() {
                    r.required(
                        codes::INVALID_SELECTOR,
                        &at.child("values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    );
                    ok = false;
                }
            }
            "Exists" | "DoesNotExist" => {
                if !values.is_empty() {
                    r.forbidden(
                        codes::INVALID_SELECTOR,
                        &at.child("values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    );
                    ok = false;
                }
            }
            other => {
                r.invalid(
                    codes::INVALID_SELECTOR,
                    &at.child("operator"),
                    Bad::Str(other),
                    "not a valid selector operator",
                );
                ok = false;
            }
        }
        let key_errs = rules::qualified_name_errors(&expr.key);
        ok &= key_errs.is_empty();
        r.invalid_each(
            codes::INVALID_LABEL_KEY,
            &at.child("key"),
            Bad::Str(&expr.key),
            &key_errs,
        );
        for (j, value) in values.iter().enumerate() {
            let errs = rules::label_value_errors(value);
            ok &= errs.is_empty();
            r.invalid_each(
                codes::INVALID_LABEL_VALUE,
                &at.child("values").index(j),
                Bad::Str(value),
                &errs,
            );
        }
    }
    ok
}

fn problems_marker(r: &Report) -> usize {
    r.len()
}

/// Whether a selector is empty (matches everything).
pub(crate) fn selector_is_empty(selector: &LabelSelector) -> bool {
    selector
        .match_labels
        .as_ref()
        .is_none_or(BTreeMap::is_empty)
        && selector
            .match_expressions
            .as_ref()
            .is_none_or(Vec::is_empty)
}

/// Whether a (well-formed) selector matches a set of labels.
pub fn selector_matches(selector: &LabelSelector, labels: &BTreeMap<String, String>) -> bool {
    let match_labels = selector
        .match_labels
        .iter()
        .flatten()
        .all(|(k, v)| labels.get(k) == Some(v));
    let expressions = selector.match_expressions.iter().flatten().all(|expr| {
        let value = labels.get(&expr.key);
        let values = expr.values.as_deref().unwrap_or_default();
        match expr.operator.as_str() {
            "In" => value.is_some_and(|v| values.contains(v)),
            "NotIn" => value.is_none_or(|v| !values.contains(v)),
            "Exists" => value.is_some(),
            "DoesNotExist" => value.is_none(),
            _ => false,
        }
    });
    match_labels && expressions
}
