//! Any `Serialize` value → PHP value, built directly (a serde `Serializer`), so keys keep the
//! order the core writes them in (k8s-openapi's order, the CLI's order).
//!
//! - a JSON object becomes an ordered associative array — unless PHP would take that array for
//!   a list (no keys at all, or exactly the keys `0..n-1` in order): then it becomes a
//!   `stdClass`, so that `json_encode` writes `{}` again (`emptyDir: {}` must not come back as
//!   `emptyDir: []`, which the API server rejects);
//! - a JSON array becomes a list; strings, integers, floats, booleans and null map one to one.

use ext_php_rs::boxed::ZBox;
use ext_php_rs::convert::IntoZval;
use ext_php_rs::types::{ZendHashTable, ZendObject, Zval};
use serde::ser::{self, Serialize};
use std::fmt;

/// A value that has no PHP form (never produced by the core's types).
#[derive(Debug)]
pub struct OutputError(String);

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OutputError {}

impl ser::Error for OutputError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        OutputError(msg.to_string())
    }
}

impl From<ext_php_rs::error::Error> for OutputError {
    fn from(e: ext_php_rs::error::Error) -> Self {
        OutputError(e.to_string())
    }
}

/// What one serialised value became: an array (kept as such so that a caller can return it
/// as a typed `array`) or any other PHP value.
pub enum Php {
    /// An associative array or a list.
    Array(ZBox<ZendHashTable>),
    /// Anything else.
    Value(Zval),
}

impl Php {
    fn into_zval(self) -> Result<Zval, OutputError> {
        match self {
            Php::Array(array) => Ok(array.into_zval(false)?),
            Php::Value(value) => Ok(value),
        }
    }
}

/// Serialises `value` as a PHP array (a struct, a map or a sequence).
pub fn to_array<T: Serialize + ?Sized>(value: &T) -> Result<ZBox<ZendHashTable>, OutputError> {
    match value.serialize(Serializer)? {
        Php::Array(array) => Ok(array),
        Php::Value(_) => Err(OutputError("expected a value that serialises as a PHP array".to_owned())),
    }
}

/// Serialises `value` as any PHP value.
pub fn to_zval<T: Serialize + ?Sized>(value: &T) -> Result<Zval, OutputError> {
    value.serialize(Serializer)?.into_zval()
}

fn scalar<T: IntoZval>(value: T) -> Result<Php, OutputError> {
    Ok(Php::Value(value.into_zval(false)?))
}

fn null() -> Result<Php, OutputError> {
    let mut z = Zval::new();
    z.set_null();
    Ok(Php::Value(z))
}

/// `{variant: value}`, serde's external tagging.
fn tagged(variant: &str, value: Zval) -> Result<Php, OutputError> {
    let mut array = ZendHashTable::with_capacity(1);
    array.insert(variant, value)?;
    Ok(Php::Array(array))
}

/// The serde serializer producing PHP values.
pub struct Serializer;

impl ser::Serializer for Serializer {
    type Ok = Php;
    type Error = OutputError;
    type SerializeSeq = Seq;
    type SerializeTuple = Seq;
    type SerializeTupleStruct = Seq;
    type SerializeTupleVariant = Seq;
    type SerializeMap = Obj;
    type SerializeStruct = Obj;
    type SerializeStructVariant = Obj;

    fn serialize_bool(self, v: bool) -> Result<Php, OutputError> {
        scalar(v)
    }
    fn serialize_i8(self, v: i8) -> Result<Php, OutputError> {
        scalar(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<Php, OutputError> {
        scalar(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<Php, OutputError> {
        scalar(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<Php, OutputError> {
        scalar(v)
    }
    fn serialize_u8(self, v: u8) -> Result<Php, OutputError> {
        scalar(i64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<Php, OutputError> {
        scalar(i64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<Php, OutputError> {
        scalar(i64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<Php, OutputError> {
        // Above PHP_INT_MAX, PHP itself (json_decode) falls back to a float.
        match i64::try_from(v) {
            Ok(i) => scalar(i),
            #[allow(clippy::cast_precision_loss)] // what PHP does with such a number too
            Err(_) => scalar(v as f64),
        }
    }
    fn serialize_f32(self, v: f32) -> Result<Php, OutputError> {
        scalar(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Php, OutputError> {
        scalar(v)
    }
    fn serialize_char(self, v: char) -> Result<Php, OutputError> {
        scalar(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<Php, OutputError> {
        scalar(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Php, OutputError> {
        let mut list = ZendHashTable::with_capacity(u32::try_from(v.len()).unwrap_or(u32::MAX));
        for b in v {
            list.push(i64::from(*b))?;
        }
        Ok(Php::Array(list))
    }
    fn serialize_none(self) -> Result<Php, OutputError> {
        null()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Php, OutputError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Php, OutputError> {
        null()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Php, OutputError> {
        null()
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<Php, OutputError> {
        scalar(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<Php, OutputError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Php, OutputError> {
        tagged(variant, to_zval(value)?)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq, OutputError> {
        Ok(Seq::new(len, None))
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq, OutputError> {
        Ok(Seq::new(Some(len), None))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Seq, OutputError> {
        Ok(Seq::new(Some(len), None))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq, OutputError> {
        Ok(Seq::new(Some(len), Some(variant)))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Obj, OutputError> {
        Ok(Obj::new(len, None))
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Obj, OutputError> {
        Ok(Obj::new(Some(len), None))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Obj, OutputError> {
        Ok(Obj::new(Some(len), Some(variant)))
    }
}

fn capacity(len: Option<usize>) -> u32 {
    u32::try_from(len.unwrap_or(0)).unwrap_or(u32::MAX)
}

/// A list being built.
pub struct Seq {
    list: ZBox<ZendHashTable>,
    variant: Option<&'static str>,
}

impl Seq {
    fn new(len: Option<usize>, variant: Option<&'static str>) -> Self {
        Seq { list: ZendHashTable::with_capacity(capacity(len)), variant }
    }

    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), OutputError> {
        self.list.push(to_zval(value)?)?;
        Ok(())
    }

    fn finish(self) -> Result<Php, OutputError> {
        match self.variant {
            None => Ok(Php::Array(self.list)),
            Some(variant) => tagged(variant, self.list.into_zval(false)?),
        }
    }
}

impl ser::SerializeSeq for Seq {
    type Ok = Php;
    type Error = OutputError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), OutputError> {
        self.push(value)
    }
    fn end(self) -> Result<Php, OutputError> {
        self.finish()
    }
}

impl ser::SerializeTuple for Seq {
    type Ok = Php;
    type Error = OutputError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), OutputError> {
        self.push(value)
    }
    fn end(self) -> Result<Php, OutputError> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Seq {
    type Ok = Php;
    type Error = OutputError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), OutputError> {
        self.push(value)
    }
    fn end(self) -> Result<Php, OutputError> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for Seq {
    type Ok = Php;
    type Error = OutputError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), OutputError> {
        self.push(value)
    }
    fn end(self) -> Result<Php, OutputError> {
        self.finish()
    }
}

/// A JSON object being built: an ordered associative array (see the module docs for when it
/// becomes a `stdClass` instead).
pub struct Obj {
    map: ZBox<ZendHashTable>,
    key: Option<String>,
    variant: Option<&'static str>,
}

impl Obj {
    fn new(len: Option<usize>, variant: Option<&'static str>) -> Self {
        Obj { map: ZendHashTable::with_capacity(capacity(len)), key: None, variant }
    }

    fn insert<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), OutputError> {
        // `insert` stores "12" as the integer key 12, as PHP's own `$a["12"]` does.
        self.map.insert(key, to_zval(value)?)?;
        Ok(())
    }

    fn finish(self) -> Result<Php, OutputError> {
        let object = if self.map.has_sequential_keys() {
            let mut object = ZendObject::new_stdclass();
            for (key, value) in self.map.iter() {
                object.set_property(&key.to_string(), value.shallow_clone())?;
            }
            Php::Value(object.into_zval(false)?)
        } else {
            Php::Array(self.map)
        };
        match self.variant {
            None => Ok(object),
            Some(variant) => tagged(variant, object.into_zval()?),
        }
    }
}

impl ser::SerializeMap for Obj {
    type Ok = Php;
    type Error = OutputError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), OutputError> {
        self.key = Some(key.serialize(KeySerializer)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), OutputError> {
        let key = self.key.take().ok_or_else(|| OutputError("a map value came without its key".to_owned()))?;
        self.insert(&key, value)
    }
    fn end(self) -> Result<Php, OutputError> {
        self.finish()
    }
}

impl ser::SerializeStruct for Obj {
    type Ok = Php;
    type Error = OutputError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), OutputError> {
        self.insert(key, value)
    }
    fn end(self) -> Result<Php, OutputError> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Obj {
    type Ok = Php;
    type Error = OutputError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), OutputError> {
        self.insert(key, value)
    }
    fn end(self) -> Result<Php, OutputError> {
        self.finish()
    }
}

/// Map keys: text, as in JSON.
struct KeySerializer;

fn key_error() -> OutputError {
    OutputError("a map key must be a string, a number or a boolean".to_owned())
}

impl ser::Serializer for KeySerializer {
    type Ok = String;
    type Error = OutputError;
    type SerializeSeq = ser::Impossible<String, OutputError>;
    type SerializeTuple = ser::Impossible<String, OutputError>;
    type SerializeTupleStruct = ser::Impossible<String, OutputError>;
    type SerializeTupleVariant = ser::Impossible<String, OutputError>;
    type SerializeMap = ser::Impossible<String, OutputError>;
    type SerializeStruct = ser::Impossible<String, OutputError>;
    type SerializeStructVariant = ser::Impossible<String, OutputError>;

    fn serialize_bool(self, v: bool) -> Result<String, OutputError> {
        Ok(v.to_string())
    }
    fn serialize_i8(self, v: i8) -> Result<String, OutputError> {
        Ok(v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<String, OutputError> {
        Ok(v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<String, OutputError> {
        Ok(v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<String, OutputError> {
        Ok(v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<String, OutputError> {
        Ok(v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<String, OutputError> {
        Ok(v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<String, OutputError> {
        Ok(v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<String, OutputError> {
        Ok(v.to_string())
    }
    fn serialize_f32(self, _v: f32) -> Result<String, OutputError> {
        Err(key_error())
    }
    fn serialize_f64(self, _v: f64) -> Result<String, OutputError> {
        Err(key_error())
    }
    fn serialize_char(self, v: char) -> Result<String, OutputError> {
        Ok(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<String, OutputError> {
        Ok(v.to_owned())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<String, OutputError> {
        Err(key_error())
    }
    fn serialize_none(self) -> Result<String, OutputError> {
        Err(key_error())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, OutputError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, OutputError> {
        Err(key_error())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<String, OutputError> {
        Err(key_error())
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<String, OutputError> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<String, OutputError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<String, OutputError> {
        Err(key_error())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, OutputError> {
        Err(key_error())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, OutputError> {
        Err(key_error())
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct, OutputError> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, OutputError> {
        Err(key_error())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, OutputError> {
        Err(key_error())
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct, OutputError> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, OutputError> {
        Err(key_error())
    }
}
