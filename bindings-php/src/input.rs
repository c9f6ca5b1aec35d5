//! PHP value → `serde_json::Value`, read the way `json_encode` reads it, so that
//! `render($array)` and `render(json_encode($array))` see the same bundle.
//!
//! - a list (keys `0..n-1` in order, the empty array included) is a JSON array; any other array
//!   is a JSON object with its keys as text;
//! - a `DateTimeInterface` (Carbon included) is its RFC 3339 text, to the second;
//! - another object is what `jsonSerialize()` returns when it implements `JsonSerializable` (an
//!   Eloquent model: its `toArray()`), otherwise its public properties (`stdClass`);
//! - references are followed; a float must be finite; a string must be UTF-8; nesting stops at
//!   512 levels (`json_encode`'s default depth), which also ends a recursive array.

use ext_php_rs::flags::DataType;
use ext_php_rs::types::{ZendHashTable, ZendObject, Zval};
use ext_php_rs::zend::{ClassEntry, ExecutorGlobals};
use serde_json::{Map, Number, Value};

const MAX_DEPTH: usize = 512;

/// `DateTimeInterface::format()` pattern for RFC 3339 with whole seconds (`DATE_RFC3339`).
const RFC_3339: &str = "Y-m-d\\TH:i:sP";

/// Why a PHP value has no JSON form.
pub enum InputError {
    /// A value at `path` cannot be represented; `message` says why.
    Invalid {
        /// Field path in the bundle (`application.fqdn`, `environment_variables[2].value`).
        path: String,
        /// For a person.
        message: String,
    },
    /// A PHP exception is pending (thrown by a `jsonSerialize()` method): let it propagate.
    Pending,
}

/// Reads a PHP value as JSON.
pub fn to_json(value: &Zval) -> Result<Value, InputError> {
    let mut path = String::new();
    read(value, &mut path, 0)
}

/// Reads a PHP array that stands for a JSON object (a map by contract, like a verdict's
/// context) as JSON, its field paths starting with `root`: the empty array is `{}` here.
pub fn map_to_json(array: &ZendHashTable, root: &str) -> Result<Value, InputError> {
    if array.is_empty() {
        return Ok(Value::Object(Map::new()));
    }
    let mut path = root.to_owned();
    read_array(array, &mut path, 0)
}

fn read(value: &Zval, path: &mut String, depth: usize) -> Result<Value, InputError> {
    let value = value.dereference();
    if depth > MAX_DEPTH {
        return Err(InputError::Invalid {
            path: path.to_owned(),
            message: "the value is nested more than 512 levels deep (a recursive array?)".to_owned(),
        });
    }
    if value.is_null() {
        Ok(Value::Null)
    } else if let Some(b) = value.bool() {
        Ok(Value::Bool(b))
    } else if let Some(i) = value.long() {
        Ok(Value::Number(i.into()))
    } else if let Some(f) = value.double() {
        Number::from_f64(f).map(Value::Number).ok_or_else(|| invalid(path, "is not a finite number (NAN or INF)"))
    } else if let Some(s) = value.zend_str() {
        s.as_str().map(|s| Value::String(s.to_owned())).map_err(|_| invalid(path, "is not valid UTF-8 text"))
    } else if let Some(array) = value.array() {
        read_array(array, path, depth)
    } else if let Some(object) = value.object() {
        read_object(object, path, depth)
    } else {
        Err(invalid(path, &format!("cannot be read as JSON (a {:?})", value.get_type())))
    }
}

fn read_array(array: &ZendHashTable, path: &mut String, depth: usize) -> Result<Value, InputError> {
    if array.has_sequential_keys() {
        let mut items = Vec::with_capacity(array.len());
        for (index, item) in array.values().enumerate() {
            let len = path.len();
            path.push_str(&format!("[{index}]"));
            items.push(read(item, path, depth + 1)?);
            path.truncate(len);
        }
        return Ok(Value::Array(items));
    }
    let mut map = Map::new();
    for (key, item) in array {
        let key = key.to_string();
        let len = path.len();
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(&key);
        let item = read(item, path, depth + 1)?;
        path.truncate(len);
        map.insert(key, item);
    }
    Ok(Value::Object(map))
}

fn read_object(object: &ZendObject, path: &mut String, depth: usize) -> Result<Value, InputError> {
    if ClassEntry::try_find("DateTimeInterface").is_some_and(|date| object.instance_of(date)) {
        let text = object.try_call_method("format", vec![&RFC_3339]);
        if ExecutorGlobals::has_exception() {
            return Err(InputError::Pending);
        }
        let text = text.map_err(|e| invalid(path, &format!("cannot be formatted as a time: {e}")))?;
        return read(&text, path, depth + 1);
    }
    if ClassEntry::try_find("JsonSerializable").is_some_and(|json| object.instance_of(json)) {
        let serialized = object.try_call_method("jsonSerialize", vec![]);
        if ExecutorGlobals::has_exception() {
            return Err(InputError::Pending);
        }
        let serialized = serialized.map_err(|e| invalid(path, &format!("jsonSerialize() failed: {e}")))?;
        return read(&serialized, path, depth + 1);
    }
    let properties = object.get_properties().map_err(|e| invalid(path, &format!("has unreadable properties: {e}")))?;
    let mut map = Map::new();
    for (key, item) in properties {
        let key = key.to_string();
        // Protected and private properties are stored under "\0*\0name" / "\0Class\0name";
        // json_encode leaves them out, and so does this.
        if key.starts_with('\0') {
            continue;
        }
        // Declared properties are reached through an indirection; an uninitialised typed
        // property is undefined and, as in json_encode, left out.
        let item = item.indirect().unwrap_or(item);
        if matches!(item.get_type(), DataType::Undef) {
            continue;
        }
        let len = path.len();
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(&key);
        let item = read(item, path, depth + 1)?;
        path.truncate(len);
        map.insert(key, item);
    }
    Ok(Value::Object(map))
}

fn invalid(path: &str, message: &str) -> InputError {
    let subject = if path.is_empty() { "the bundle".to_owned() } else { format!("`{path}`") };
    InputError::Invalid { path: path.to_owned(), message: format!("{subject} {message}") }
}
