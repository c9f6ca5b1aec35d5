//! [`Observed`]: the objects read from the cluster, parsed from kubectl's JSON or YAML.

use super::input::{Kind, RawObject};
use super::lenient::Items;
use crate::error::Errors;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// The objects of one application (and its previews) as the cluster reported them: what
/// `kubectl get deployment,replicaset,pod,hpa -l <app labels> -o json` prints, plus any Events.
///
/// Accepted shapes, JSON or YAML: a `List` (`kind: List` or a typed list such as `PodList`,
/// whose items may omit `kind`), a plain array of objects, or one object; YAML may hold several
/// documents. Strings are borrowed from the input text, so the text must outlive the value.
/// Objects of other kinds are ignored; fields of an unexpected type read as absent.
///
/// ```
/// use coolify_k8s_core::status::Observed;
/// let observed = Observed::parse(r#"{"apiVersion": "v1", "kind": "List", "items": []}"#).unwrap();
/// assert_eq!(observed.len(), 0);
/// assert!(Observed::parse("error: the server doesn't have a resource type").is_err());
/// ```
#[derive(Debug, Default)]
pub struct Observed<'a> {
    pub(crate) objects: Vec<RawObject<'a>>,
    /// Whether the input held any Pod: without one, pod counts come from the workload's status.
    pub(crate) has_pods: bool,
}

/// One top-level document, before flattening.
enum Document<'a> {
    Object(Box<RawObject<'a>>),
    Array(Vec<RawObject<'a>>),
    Empty,
    /// Well-formed, but not what kubectl prints (a scalar, an object without a kind): what it was.
    NotKubernetes(&'static str),
}

impl<'de: 'a, 'a> Deserialize<'de> for Document<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Document<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Kubernetes List, an array of objects or one object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let object = RawObject::deserialize(de::value::MapAccessDeserializer::new(map))?;
                if object.kind.non_empty().is_none() && object.items.is_none() {
                    return Ok(Document::NotKubernetes("an object without a kind"));
                }
                Ok(Document::Object(Box::new(object)))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Document::NotKubernetes("a boolean"))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Document::NotKubernetes("a number"))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Document::NotKubernetes("a number"))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Document::NotKubernetes("a number"))
            }
            fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                Ok(Document::NotKubernetes("text"))
            }
            fn visit_bytes<E>(self, _: &[u8]) -> Result<Self::Value, E> {
                Ok(Document::NotKubernetes("bytes"))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                let Items(items) = Items::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Ok(Document::Array(items))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Document::Empty)
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(Document::Empty)
            }
        }
        deserializer.deserialize_any(V(std::marker::PhantomData))
    }
}

/// Input format, as chosen by [`Observed::parse`] or the caller.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Yaml,
}

impl<'a> Observed<'a> {
    /// Parses JSON or YAML: text starting with `{` or `[` is read as JSON (and, if that fails,
    /// as YAML flow style), anything else as YAML.
    pub fn parse(text: &'a str) -> Result<Self, Errors> {
        let text = strip_bom(text);
        let trimmed = text.trim_start();
        if trimmed.is_empty() {
            return Err(empty_input());
        }
        if trimmed.starts_with('{') || trimmed.starts_with('[') {
            match Self::from_json_str(text) {
                Ok(observed) => Ok(observed),
                Err(json_error) => Self::from_yaml_str(text).map_err(|_| json_error),
            }
        } else {
            Self::from_yaml_str(text)
        }
    }

    /// Parses JSON (what `kubectl get -o json` prints): one document, or several one after the
    /// other (what a script of several `kubectl get` prints, such as the status plan's objects
    /// and events).
    pub fn from_json_str(text: &'a str) -> Result<Self, Errors> {
        let text = strip_bom(text);
        if text.trim_start().is_empty() {
            return Err(empty_input());
        }
        let mut documents = Vec::new();
        for document in serde_json::Deserializer::from_str(text).into_iter::<Document<'a>>() {
            let document = document.map_err(|e| syntax_error(Format::Json, e.to_string()))?;
            documents.push(null_is_not_kubernetes(document));
        }
        Self::from_documents(documents)
    }

    /// Parses YAML (what `kubectl get -o yaml` prints), one or several documents, straight into
    /// the typed structs (never through an untyped value).
    pub fn from_yaml_str(text: &'a str) -> Result<Self, Errors> {
        let text = strip_bom(text);
        let options = serde_saphyr::options! {
            strict_booleans: true,
            budget: serde_saphyr::budget! {
                max_events: 50_000_000,
                max_nodes: 20_000_000,
                max_total_scalar_bytes: 1 << 30,
                max_reader_input_bytes: Some(1 << 30),
            },
        };
        let documents: Vec<Document<'a>> = serde_saphyr::from_multiple_with_options(text, options)
            .map_err(|e| {
                // The YAML error carries a source snippet on the lines after the first; keep the
                // first line ("line 5 column 20: unclosed bracket '['"), one line per problem.
                let full = e.to_string();
                let first = full.lines().next().unwrap_or("").trim();
                syntax_error(
                    Format::Yaml,
                    first.strip_prefix("error: ").unwrap_or(first).to_owned(),
                )
            })?;
        if documents.iter().all(|d| matches!(d, Document::Empty)) {
            return Err(empty_input());
        }
        Self::from_documents(documents)
    }

    /// Reads a JSON value already in memory (what a binding builds from a native map); strings
    /// are borrowed from the value.
    pub fn from_value(value: &'a serde_json::Value) -> Result<Self, Errors> {
        let document =
            Document::deserialize(value).map_err(|e| syntax_error(Format::Json, e.to_string()))?;
        Self::from_documents(vec![null_is_not_kubernetes(document)])
    }

    fn from_documents(documents: Vec<Document<'a>>) -> Result<Self, Errors> {
        let mut objects = Vec::new();
        for (i, document) in documents.into_iter().enumerate() {
            match document {
                Document::NotKubernetes(what) => {
                    let path = if i == 0 {
                        "input".to_owned()
                    } else {
                        format!("input[document {}]", i + 1)
                    };
                    return Err(Errors::one(
                        "not_kubernetes",
                        path,
                        format!(
                            "the input is {what}, not kubectl output: expected a Kubernetes object (with a kind), a List or an array of objects"
                        ),
                    ));
                }
                Document::Object(object) => flatten(*object, None, &mut objects, 0),
                Document::Array(items) => {
                    for item in items {
                        flatten(item, None, &mut objects, 0);
                    }
                }
                Document::Empty => {}
            }
        }
        let has_pods = objects.iter().any(|o| o.kind.is("Pod"));
        Ok(Observed { objects, has_pods })
    }

    /// How many objects of the kinds a verdict reads (Deployment, ReplicaSet, Pod,
    /// HorizontalPodAutoscaler, Event) the input held.
    pub fn len(&self) -> usize {
        self.objects.len()
    }

    /// Whether the input held no object of a kind a verdict reads.
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }
}

/// Moves the objects of a (possibly nested) list into `out`, keeping only the kinds a verdict
/// reads. Items of a typed list (`PodList`) without a kind take the list's item kind.
fn flatten<'a>(
    mut object: RawObject<'a>,
    inherited: Option<&str>,
    out: &mut Vec<RawObject<'a>>,
    depth: usize,
) {
    if object.kind.non_empty().is_none() {
        if let Some(kind) = inherited {
            object.kind = super::lenient::Text(Some(std::borrow::Cow::Owned(kind.to_owned())));
        }
    }
    if let Some(Items(mut items)) = object.items.take() {
        if depth < 8 {
            let own_kind = object.kind.or_empty();
            let item_kind = own_kind
                .strip_suffix("List")
                .filter(|k| !k.is_empty())
                .map(str::to_owned);
            if items.iter().all(|i| i.items.is_none()) {
                // The usual case, a List of plain objects: keep them where they are.
                if let Some(kind) = item_kind.as_deref() {
                    for item in items.iter_mut().filter(|i| i.kind.non_empty().is_none()) {
                        item.kind =
                            super::lenient::Text(Some(std::borrow::Cow::Owned(kind.to_owned())));
                    }
                }
                items.retain(|o| o.kind.get().and_then(Kind::of).is_some());
                if out.is_empty() {
                    *out = items;
                } else {
                    out.append(&mut items);
                }
                return;
            }
            for item in items {
                flatten(item, item_kind.as_deref(), out, depth + 1);
            }
        }
        return;
    }
    if object.kind.get().and_then(Kind::of).is_some() {
        out.push(object);
    }
}

/// A JSON `null` is no empty YAML document: it is not kubectl output.
fn null_is_not_kubernetes(document: Document<'_>) -> Document<'_> {
    match document {
        Document::Empty => Document::NotKubernetes("null"),
        other => other,
    }
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn empty_input() -> Errors {
    Errors::one(
        "empty_input",
        "input",
        "the input is empty: expected kubectl's JSON or YAML output",
    )
}

fn syntax_error(format: Format, message: String) -> Errors {
    let (code, what) = match format {
        Format::Json => ("invalid_json", "not valid JSON"),
        Format::Yaml => ("invalid_yaml", "not valid YAML"),
    };
    Errors::one(code, "input", format!("the input is {what}: {message}"))
}
