//! A block-style YAML writer for the rendered objects, straight from their `Serialize`
//! implementations (no intermediate tree).
//!
//! What it writes is read back the same by YAML 1.1 readers (go-yaml v2, behind kubectl and the
//! API server, which take `yes`, `on`, `y`, `012`, `1e3`, `12:30` or `2001-12-14` for booleans,
//! numbers and times) and by YAML 1.2 readers:
//!
//! - a string is written plain only when no reader can take it for anything but that string:
//!   it starts with a letter or `/` (or with a digit, when it holds a letter no number or time
//!   can hold, such as `500m` or `1.27-alpine`), holds no `#`, no `: `, no control character, does
//!   not end in `:` or a space, and is none of the YAML 1.1 booleans and nulls in any case;
//! - a string of several lines is a literal block (`|`, `|-`, `|+` after its trailing newlines)
//!   when its first line with text does not start with a space; anything else is double-quoted
//!   with escapes;
//! - mappings and sequences are block style, sequences at their key's indentation, empty ones
//!   `{}` and `[]`.
//!
//! `tests/yamlcheck` reads every rendered YAML with `sigs.k8s.io/yaml` and compares it with the
//! JSON output, over a table of strings chosen to trip readers.

use serde::ser::{self, Serialize};
use std::fmt::{self, Write as _};

/// Serialisation cannot fail for the data the core writes; this only satisfies serde.
#[derive(Debug)]
pub(crate) struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// Where a value is written.
#[derive(Clone, Copy)]
enum Pos {
    /// A document.
    Root,
    /// After `key:`, the key at this column.
    Value(usize),
    /// After `- `, the dash at this column.
    Item(usize),
}

impl Pos {
    /// The column of a mapping's keys at this position.
    fn map_column(self) -> usize {
        match self {
            Pos::Root => 0,
            Pos::Value(k) => k + 2,
            Pos::Item(d) => d + 2,
        }
    }

    /// The column of a sequence's dashes at this position (sequences sit at their key's column).
    fn seq_column(self) -> usize {
        match self {
            Pos::Root => 0,
            Pos::Value(k) => k,
            Pos::Item(d) => d + 2,
        }
    }
}

/// Writes `value` as one YAML document (no `---`), ending in a newline.
pub(crate) fn write_document<T: Serialize + ?Sized>(out: &mut String, value: &T) -> Result<(), Error> {
    value.serialize(Ser { out, pos: Pos::Root })
}

fn spaces(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

/// The YAML 1.1 booleans and nulls (go-yaml v2's table), compared without case.
const RESERVED: [&str; 9] = ["y", "n", "yes", "no", "true", "false", "on", "off", "null"];

/// Whether `s` may be written as a plain scalar and read back as the same string everywhere.
fn is_plain_safe(s: &str) -> bool {
    let bytes = s.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else { return false };
    if last == b':' || last == b' ' {
        return false;
    }
    // One pass: no `#`, no `: `, no control character; anything past ASCII is checked by char.
    let mut prev = 0u8;
    let mut letter_past_hex = false;
    let mut unicode_checked = false;
    for &b in bytes {
        match b {
            b'#' | 0..=0x1f | 0x7f => return false,
            b' ' if prev == b':' => return false,
            0x80.. if !unicode_checked => {
                unicode_checked = true;
                if s.chars().any(|c| c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')) {
                    return false;
                }
            }
            b'g'..=b'z' | b'G'..=b'Z' if !matches!(b, b'o' | b'O' | b't' | b'T' | b'x' | b'X' | b'z' | b'Z') => letter_past_hex = true,
            _ => {}
        }
        prev = b;
    }
    if first.is_ascii_alphabetic() {
        return bytes.len() > 5 || !RESERVED.iter().any(|r| r.eq_ignore_ascii_case(s));
    }
    match first {
        b'/' | b'$' | b'_' => true,
        // Numbers and times hold no letter but hex digits and these (`1e3`, `0x1f`, `0o17`,
        // `0b1`, `2001-12-14t...z`).
        b'0'..=b'9' => {
            let timestamp = bytes.len() > 4 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-';
            letter_past_hex && !timestamp && !bytes.contains(&b':')
        }
        // `-c`, `--port`, `.env`: an option or a dotted name; `-1`, `---`, `.5`, `.inf` are not.
        b'-' | b'.' => {
            let rest = if first == b'-' { s.trim_start_matches('-') } else { &s[1..] };
            let dashes = s.len() - rest.len();
            let reserved = [".inf", ".nan"].iter().any(|r| r.eq_ignore_ascii_case(s));
            dashes <= 2 && !reserved && rest.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        }
        _ => false,
    }
}

fn write_double_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A multi-line string as a literal block: the first line with text must not start with a
/// space (the reader takes the block's indentation from it), and no character may need an
/// escape.
fn literal_block_fits(s: &str) -> bool {
    s.contains('\n')
        && !s.chars().any(|c| (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}'))
        && s.split('\n').find(|l| !l.is_empty()).is_some_and(|l| !l.starts_with([' ', '\t']))
}

fn write_literal_block(out: &mut String, s: &str, indent: usize) {
    let core = s.trim_end_matches('\n');
    let trailing = s.len() - core.len();
    out.push_str(match trailing {
        0 => "|-\n",
        1 => "|\n",
        _ => "|+\n",
    });
    for line in core.split('\n') {
        if !line.is_empty() {
            spaces(out, indent);
            out.push_str(line);
        }
        out.push('\n');
    }
    for _ in 1..trailing {
        out.push('\n');
    }
}

struct Ser<'o> {
    out: &'o mut String,
    pos: Pos,
}

impl Ser<'_> {
    /// Writes a scalar token after the position's separator, then a newline.
    fn token(self, token: &str) -> Result<(), Error> {
        if let Pos::Value(_) = self.pos {
            self.out.push(' ');
        }
        self.out.push_str(token);
        self.out.push('\n');
        Ok(())
    }

    fn string(self, s: &str) -> Result<(), Error> {
        if let Pos::Value(_) = self.pos {
            self.out.push(' ');
        }
        if is_plain_safe(s) {
            self.out.push_str(s);
        } else if literal_block_fits(s) {
            write_literal_block(self.out, s, self.pos.map_column());
            return Ok(());
        } else {
            write_double_quoted(self.out, s);
        }
        self.out.push('\n');
        Ok(())
    }
}

impl<'o> ser::Serializer for Ser<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = SeqSer<'o>;
    type SerializeTuple = SeqSer<'o>;
    type SerializeTupleStruct = SeqSer<'o>;
    type SerializeTupleVariant = SeqSer<'o>;
    type SerializeMap = MapSer<'o>;
    type SerializeStruct = MapSer<'o>;
    type SerializeStructVariant = MapSer<'o>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.token(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.token(&v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.token(&v.to_string())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        if !v.is_finite() {
            return Err(Error("a number that is not finite has no JSON form".to_owned()));
        }
        // A whole float keeps its `.0`, so that it is read back as a float.
        let text = if v.fract() == 0.0 && v.abs() < 1e15 { format!("{v:.1}") } else { v.to_string() };
        self.token(&text)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = ser::Serializer::serialize_seq(self, Some(v.len()))?;
        for b in v {
            ser::SerializeSeq::serialize_element(&mut seq, b)?;
        }
        ser::SerializeSeq::end(seq)
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.token("null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.token("null")
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.token("null")
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _name: &'static str, _index: u32, variant: &'static str, value: &T) -> Result<(), Error> {
        let mut map = ser::Serializer::serialize_map(self, Some(1))?;
        ser::SerializeMap::serialize_entry(&mut map, variant, value)?;
        ser::SerializeMap::end(map)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<SeqSer<'o>, Error> {
        Ok(SeqSer { out: self.out, pos: self.pos, count: 0 })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqSer<'o>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<SeqSer<'o>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(self, _name: &'static str, _index: u32, variant: &'static str, _len: usize) -> Result<SeqSer<'o>, Error> {
        // `variant:` then the sequence under it.
        let column = self.pos.map_column();
        let mut map = MapSer { out: self.out, pos: self.pos, count: 0 };
        map.key_text(variant);
        Ok(SeqSer { out: map.out, pos: Pos::Value(column), count: 0 })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapSer<'o>, Error> {
        Ok(MapSer { out: self.out, pos: self.pos, count: 0 })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<MapSer<'o>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(self, _name: &'static str, _index: u32, variant: &'static str, _len: usize) -> Result<MapSer<'o>, Error> {
        let column = self.pos.map_column();
        let mut map = MapSer { out: self.out, pos: self.pos, count: 0 };
        map.key_text(variant);
        Ok(MapSer { out: map.out, pos: Pos::Value(column), count: 0 })
    }
}

/// A block sequence being written.
pub(crate) struct SeqSer<'o> {
    out: &'o mut String,
    pos: Pos,
    count: usize,
}

impl SeqSer<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let column = self.pos.seq_column();
        match (self.count, self.pos) {
            (0, Pos::Value(_)) => {
                self.out.push('\n');
                spaces(self.out, column);
            }
            (0, _) => {}
            _ => spaces(self.out, column),
        }
        self.out.push_str("- ");
        self.count += 1;
        value.serialize(Ser { out: self.out, pos: Pos::Item(column) })
    }

    fn finish(self) -> Result<(), Error> {
        if self.count == 0 {
            if let Pos::Value(_) = self.pos {
                self.out.push(' ');
            }
            self.out.push_str("[]\n");
        }
        Ok(())
    }
}

impl ser::SerializeSeq for SeqSer<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTuple for SeqSer<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for SeqSer<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for SeqSer<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

/// A block mapping being written.
pub(crate) struct MapSer<'o> {
    out: &'o mut String,
    pos: Pos,
    count: usize,
}

impl MapSer<'_> {
    /// Writes `key:` at the mapping's column (the value follows).
    fn key_text(&mut self, key: &str) {
        let column = self.pos.map_column();
        match (self.count, self.pos) {
            (0, Pos::Value(_)) => {
                self.out.push('\n');
                spaces(self.out, column);
            }
            (0, _) => {}
            _ => spaces(self.out, column),
        }
        if is_plain_safe(key) {
            self.out.push_str(key);
        } else {
            write_double_quoted(self.out, key);
        }
        self.out.push(':');
        self.count += 1;
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(Ser { out: self.out, pos: Pos::Value(self.pos.map_column()) })
    }

    fn finish(self) -> Result<(), Error> {
        if self.count == 0 {
            if let Pos::Value(_) = self.pos {
                self.out.push(' ');
            }
            self.out.push_str("{}\n");
        }
        Ok(())
    }
}

impl ser::SerializeMap for MapSer<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        let key = key.serialize(KeySer)?;
        self.key_text(&key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.value(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeStruct for MapSer<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.key_text(key);
        self.value(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for MapSer<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.key_text(key);
        self.value(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

/// A mapping key as text: strings, and numbers and booleans as they are written.
struct KeySer;

/// `KeySer` methods that write a scalar key with `to_string`.
macro_rules! key_as_text {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, v: $ty) -> Result<String, Error> {
            Ok(v.to_string())
        })*
    };
}

impl ser::Serializer for KeySer {
    type Ok = String;
    type Error = Error;
    type SerializeSeq = ser::Impossible<String, Error>;
    type SerializeTuple = ser::Impossible<String, Error>;
    type SerializeTupleStruct = ser::Impossible<String, Error>;
    type SerializeTupleVariant = ser::Impossible<String, Error>;
    type SerializeMap = ser::Impossible<String, Error>;
    type SerializeStruct = ser::Impossible<String, Error>;
    type SerializeStructVariant = ser::Impossible<String, Error>;

    key_as_text!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_f32: f32, serialize_f64: f64,
        serialize_char: char);
    fn serialize_str(self, v: &str) -> Result<String, Error> {
        Ok(v.to_owned())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<String, Error> {
        Err(not_text())
    }
    fn serialize_none(self) -> Result<String, Error> {
        Ok("null".to_owned())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, Error> {
        Ok("null".to_owned())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<String, Error> {
        Ok("null".to_owned())
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<String, Error> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<String, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _n: &'static str, _i: u32, _v: &'static str, _value: &T) -> Result<String, Error> {
        Err(not_text())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(not_text())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(not_text())
    }
    fn serialize_tuple_struct(self, _n: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct, Error> {
        Err(not_text())
    }
    fn serialize_tuple_variant(self, _n: &'static str, _i: u32, _v: &'static str, _len: usize) -> Result<Self::SerializeTupleVariant, Error> {
        Err(not_text())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(not_text())
    }
    fn serialize_struct(self, _n: &'static str, _len: usize) -> Result<Self::SerializeStruct, Error> {
        Err(not_text())
    }
    fn serialize_struct_variant(self, _n: &'static str, _i: u32, _v: &'static str, _len: usize) -> Result<Self::SerializeStructVariant, Error> {
        Err(not_text())
    }
}

fn not_text() -> Error {
    Error("a mapping key must be text".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn yaml(v: &serde_json::Value) -> String {
        let mut out = String::new();
        write_document(&mut out, v).unwrap_or_default();
        out
    }

    #[test]
    fn plain_only_when_no_reader_can_take_it_for_something_else() {
        for s in ["web", "-c", "--port", ".env", "$$(hostname)", "_x", "app.kubernetes.io/name", "500m", "512Mi", "1.27-alpine", "/data", "Host(`a`) && PathPrefix(`/`)", "https://a.b/c", "nginx:1.27"] {
            assert!(is_plain_safe(s), "{s}");
        }
        for s in ["", "yes", "No", "ON", "y", "N", "null", "true", "0", "012", "1e3", "0x1f", "1.5", "12:30", "2001-12-14", "2001-12-14t21:59:43.10-05:00", ".inf", "~", "-1", "---x", "- x", "-", ".5", ".Inf", ".NaN", "a: b", "a #b", "a:", "a ", " a", "&x", "*x", "!x", "|", ">", "'a", "\"a", "%x", "@x", "`x", "{a}", "[a]", "a\tb", "a\u{2028}b", "é #x", "é: x", "1_000", "0o17", "0b11"] {
            assert!(!is_plain_safe(s), "{s}");
        }
    }

    #[test]
    fn every_string_kubectl_misreads_unquoted_is_quoted() {
        // The table `tests/yamlcheck` checks against kubectl's own reader.
        let table = include_str!("../../tests/yamlcheck/tricky-strings.txt");
        let mut quoted = 0;
        for line in table.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let (mode, json) = line.split_once(' ').unwrap_or(("", ""));
            let text: String = serde_json::from_str(json).unwrap_or_default();
            if mode == "quote" {
                assert!(!is_plain_safe(&text), "{json} must be quoted");
                quoted += 1;
            }
        }
        assert!(quoted > 50);
    }

    #[test]
    fn block_layout() {
        let v = json!({"a": {"b": [1, {"c": "x", "d": []}, {}], "e": {}}, "f": ["g"], "h": "two\nlines\n"});
        assert_eq!(yaml(&v), "a:\n  b:\n  - 1\n  - c: x\n    d: []\n  - {}\n  e: {}\nf:\n- g\nh: |\n  two\n  lines\n");
    }

    #[test]
    fn literal_blocks_keep_their_trailing_newlines() {
        assert_eq!(yaml(&json!({"k": "a\n\nb"})), "k: |-\n  a\n\n  b\n");
        assert_eq!(yaml(&json!({"k": "a\n\n"})), "k: |+\n  a\n\n");
        assert_eq!(yaml(&json!({"k": "  indented\nfirst"})), "k: \"  indented\\nfirst\"\n");
        assert_eq!(yaml(&json!([["x", "y\nz"]])), "- - x\n  - |-\n    y\n    z\n");
    }
}
