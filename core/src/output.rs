//! Serialisation of rendered objects: multi-document YAML (kubectl-safe) and a JSON `v1` `List`.
//!
//! YAML goes through serde-saphyr, which quotes every plain scalar that a YAML 1.1 reader
//! (go-yaml v2, as used by kubectl and the API server) would take for a boolean, a number, a
//! time or null (`yes`, `on`, `y`, `n`, `012`, `1e3`, `12:30`, `~`, ...). The deprecated
//! serde_yaml writes those bare, which turns a user's string into a boolean on `kubectl apply`.

use crate::objects::Object;
use serde::Serialize;

/// Multi-document YAML, `---` between documents, a trailing newline. Empty input gives "".
pub fn to_yaml(objects: &[Object]) -> String {
    let options = serde_saphyr::ser_options! {
        indent_step: 2,
        compact_list_indent: true,
        // Long one-line strings stay on one line (no folded `>-`); multi-line strings are
        // still written as literal `|` blocks.
        folded_wrap_chars: usize::MAX,
    };
    // Serialising typed k8s-openapi objects into a String cannot fail: no maps with
    // non-string keys, no non-finite floats. Fall back to an empty document set defensively.
    serde_saphyr::to_string_multiple_with_options(objects, options).unwrap_or_default()
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
