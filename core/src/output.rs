//! Serialisation of rendered objects: multi-document YAML (kubectl-safe) and a JSON `v1` `List`.
//!
//! YAML is written by [`crate::yaml`], which quotes every string a YAML 1.1 reader (go-yaml v2,
//! as used by kubectl and the API server) would take for a boolean, a number, a time or null
//! (`yes`, `on`, `y`, `n`, `012`, `1e3`, `12:30`, `~`, ...). The deprecated serde_yaml writes those
//! bare, which turns a user's string into a boolean on `kubectl apply`.

use crate::objects::Object;
use serde::Serialize;

/// Multi-document YAML, `---` between documents, a trailing newline. Empty input gives "".
pub fn to_yaml(objects: &[Object]) -> String {
    let mut out = String::with_capacity(objects.len() * 1024);
    for (i, object) in objects.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        // Typed k8s-openapi objects always serialise: string keys, finite numbers only.
        if crate::yaml::write_document(&mut out, object).is_err() {
            return String::new();
        }
    }
    out
}

#[derive(Serialize)]
struct List<'a> {
    #[serde(rename = "apiVersion")]
    api_version: &'static str,
    kind: &'static str,
    items: &'a [Object],
}

/// A `v1` `List` of the objects, pretty-printed with two spaces and a trailing newline.
pub fn to_json_list(objects: &[Object]) -> String {
    let list = List { api_version: "v1", kind: "List", items: objects };
    let mut out = serde_json::to_string_pretty(&list).unwrap_or_default();
    out.push('\n');
    out
}

/// Any serialisable value as pretty JSON with a trailing newline (verdicts, plans, problems).
pub fn to_json_pretty<T: Serialize>(value: &T) -> String {
    let mut out = serde_json::to_string_pretty(value).unwrap_or_default();
    out.push('\n');
    out
}
