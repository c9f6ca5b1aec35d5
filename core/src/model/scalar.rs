//! Tolerant leaf types for Coolify's loose input: a port may be `"3000"` or `3000`, a boolean
//! `true`, `1` or `"1"`, a JSON setting a JSON string or an object.
//!
//! Leaves keep the text as written; the model turns it into typed values later, so that every
//! bad field is reported at once with its path instead of stopping at the first one.

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// A scalar exactly as written: strings stay strings (YAML `yes` stays `"yes"`), numbers and
/// booleans keep their textual form. A list or a map where a scalar belongs is kept as
/// [`Scalar::Invalid`] so the model can report it with its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scalar {
    /// The text of the scalar.
    Text(String),
    /// Not a scalar: what was found instead (`a list`, `an object`).
    Invalid(&'static str),
}

impl Scalar {
    /// The text, when this is a scalar.
    pub fn text(&self) -> Option<&str> {
        match self {
            Scalar::Text(s) => Some(s),
            Scalar::Invalid(_) => None,
        }
    }
}

impl From<&str> for Scalar {
    fn from(s: &str) -> Self {
        Scalar::Text(s.to_owned())
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, a number or a boolean")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Text(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_string()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Invalid("a list"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Invalid("an object"))
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A string hint: YAML readers then keep `yes`, `012` or `1.50` as written.
        d.deserialize_string(ScalarVisitor)
    }
}

/// A list of strings given either as a comma-separated string (`"api,backend"`, how Coolify's
/// accessors print it) or as a list (how it stores it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StrList(pub Vec<Scalar>);

impl<'de> Deserialize<'de> for StrList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StrList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a comma-separated string or a list of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StrList, E> {
                // A JSON array kept as a string (how some Coolify columns store lists).
                if v.trim_start().starts_with('[') {
                    if let Ok(items) = serde_json::from_str::<Vec<serde_json::Value>>(v) {
                        return Ok(StrList(items.iter().map(json_scalar).collect()));
                    }
                }
                Ok(StrList(v.split(',').map(|s| Scalar::Text(s.trim().to_owned())).filter(|s| s.text() != Some("")).collect()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StrList, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<Scalar>()? {
                    out.push(item);
                }
                Ok(StrList(out))
            }
        }
        // `deserialize_any` is safe here: only strings and lists are meaningful, and list
        // items are read back through the string hint.
        d.deserialize_any(V)
    }
}

fn json_scalar(v: &serde_json::Value) -> Scalar {
    match v {
        serde_json::Value::String(s) => Scalar::Text(s.clone()),
        serde_json::Value::Number(n) => Scalar::Text(n.to_string()),
        serde_json::Value::Bool(b) => Scalar::Text(b.to_string()),
        serde_json::Value::Array(_) => Scalar::Invalid("a list"),
        serde_json::Value::Object(_) => Scalar::Invalid("an object"),
        serde_json::Value::Null => Scalar::Invalid("null"),
    }
}

/// Like [`JsonOr`], for settings that are JSON objects (`kubernetes_node_selector`,
/// `kubernetes_pod_labels`, `kubernetes_affinity`, ...). PHP arrays and Coolify's JSON API cannot
/// tell an empty object from an empty list, so an empty list (`[]`) means "not set" here.
#[derive(Clone, Debug, PartialEq)]
pub enum JsonObject<T> {
    /// Given as an object.
    Value(T),
    /// Given as JSON text (parsed later).
    Text(String),
    /// Given as an empty list.
    Empty,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for JsonObject<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = JsonObject<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("JSON text or an object")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(JsonObject::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(JsonObject::Text(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(JsonObject::Value)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                if seq.next_element::<IgnoredAny>()?.is_some() {
                    while seq.next_element::<IgnoredAny>()?.is_some() {}
                    return Err(de::Error::invalid_type(de::Unexpected::Seq, &"an object"));
                }
                Ok(JsonObject::Empty)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A setting Coolify stores as JSON text in a column (`kubernetes_node_selector`,
/// `kubernetes_tolerations`, ...) that callers may also send as a structured value.
/// Structured values are read with type hints straight into `T`; JSON text is parsed when
/// the model is normalised, so that a syntax error becomes a problem with its path.
#[derive(Clone, Debug, PartialEq)]
pub enum JsonOr<T> {
    /// Given as a structured value.
    Value(T),
    /// Given as JSON text (parsed later).
    Text(String),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for JsonOr<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = JsonOr<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("JSON text, an object or a list")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(JsonOr::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(JsonOr::Text(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(JsonOr::Value)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(JsonOr::Value)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}
