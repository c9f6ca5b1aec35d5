//! Reading Coolify's loosely typed fields (strings, numbers, booleans, JSON text or objects)
//! into typed values, every problem reported with its path and nothing ever panicking.

use super::scalar::{JsonObject, JsonOr, Scalar};
use crate::error::Collector;
use std::collections::BTreeMap;

/// The trimmed text of a field, `None` when absent or blank.
pub(super) fn text(v: &Option<Scalar>) -> Option<&str> {
    v.as_ref().and_then(Scalar::text).map(str::trim).filter(|s| !s.is_empty())
}

/// The text of a field as given (not trimmed).
pub(super) fn raw_text(v: &Option<Scalar>) -> Option<&str> {
    v.as_ref().and_then(Scalar::text)
}

/// Reads fields, collecting problems (`errors`) and notes (`warnings`) instead of failing.
pub(super) struct Reader<'a> {
    pub(super) errors: &'a mut Collector,
    pub(super) warnings: &'a mut Collector,
}

impl Reader<'_> {
    pub(super) fn not_scalar(&mut self, v: &Option<Scalar>, path: &str) {
        if let Some(Scalar::Invalid(what)) = v {
            self.errors.push("invalid_field", path, format!("expected a string, a number or a boolean, found {what}"));
        }
    }

    pub(super) fn flag(&mut self, v: &Option<Scalar>, path: &str, default: bool) -> bool {
        self.not_scalar(v, path);
        match raw_text(v).map(|t| t.trim().to_ascii_lowercase()) {
            None => default,
            Some(t) => match t.as_str() {
                "true" | "1" | "yes" | "on" => true,
                "false" | "0" | "no" | "off" | "" => false,
                _ => {
                    self.errors.push("invalid_boolean", path, format!("`{t}` is not a boolean (true/false, 1/0)"));
                    default
                }
            },
        }
    }

    pub(super) fn int(&mut self, v: &Option<Scalar>, path: &str, min: i64, max: i64) -> Option<i64> {
        self.not_scalar(v, path);
        let t = text(v)?;
        let parsed = t.parse::<i64>().ok().or_else(|| t.parse::<f64>().ok().filter(|f| f.fract() == 0.0 && f.is_finite()).map(|f| f as i64));
        match parsed {
            Some(n) if (min..=max).contains(&n) => Some(n),
            Some(n) => {
                self.errors.push("out_of_range", path, format!("{n} is outside {min}–{max}"));
                None
            }
            None => {
                self.errors.push("invalid_number", path, format!("`{t}` is not a whole number"));
                None
            }
        }
    }

    pub(super) fn json<T: serde::de::DeserializeOwned + Clone>(&mut self, v: &Option<JsonOr<T>>, path: &str) -> Option<T> {
        match v {
            None => None,
            Some(JsonOr::Value(t)) => Some(t.clone()),
            Some(JsonOr::Text(s)) if s.trim().is_empty() || s.trim() == "null" => None,
            Some(JsonOr::Text(s)) => {
                let parsed = serde_json::from_str::<serde_json::Value>(s)
                    .map_err(|e| e.to_string())
                    .and_then(|value| serde_path_to_error::deserialize::<_, T>(super::hinted::Hinted(value)).map_err(|e| {
                        let at = e.path().to_string();
                        if at == "." { e.into_inner().to_string() } else { format!("at {at}: {}", e.into_inner()) }
                    }));
                match parsed {
                    Ok(t) => Some(t),
                    Err(why) => {
                        self.errors.push("invalid_json_setting", path, format!("not valid JSON for this setting: {why}"));
                        None
                    }
                }
            }
        }
    }

    pub(super) fn object<T: serde::de::DeserializeOwned + Clone>(&mut self, v: &Option<JsonObject<T>>, path: &str) -> Option<T> {
        let as_json_or = match v {
            None | Some(JsonObject::Empty) => return None,
            Some(JsonObject::Text(t)) if t.trim() == "[]" => return None,
            Some(JsonObject::Value(t)) => JsonOr::Value(t.clone()),
            Some(JsonObject::Text(t)) => JsonOr::Text(t.clone()),
        };
        self.json(&Some(as_json_or), path)
    }

    pub(super) fn string_map(&mut self, v: &Option<JsonObject<BTreeMap<String, Scalar>>>, path: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        if let Some(map) = self.object(v, path) {
            for (k, val) in map {
                match val {
                    Scalar::Text(t) => {
                        out.insert(k, t);
                    }
                    Scalar::Invalid(what) => self.errors.push("invalid_field", format!("{path}.{k}"), format!("expected a string, found {what}")),
                }
            }
        }
        out
    }
}
