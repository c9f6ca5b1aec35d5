//! Kubernetes resource quantities (`k8s.io/apimachinery/pkg/api/resource`), ported: the parser
//! (`ParseQuantity`), exact comparison, and the canonical form the API server prints back.
//!
//! ```text
//! <quantity>        ::= <signedNumber><suffix>
//! <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
//! <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI>
//! <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei
//! <decimalSI>       ::= n | u | m | "" | k | M | G | T | P | E
//! <decimalExponent> ::= "e" <signedInteger> | "E" <signedInteger>
//! ```
//!
//! As in Kubernetes, a value is kept to nano precision, rounded away from zero (`0.1n` is `1n`),
//! and binary-SI values are capped at 2^63-1. Values beyond 10^990 compare as equal to each
//! other (Kubernetes keeps them exactly; no real resource comes near).

use std::cmp::Ordering;
use std::fmt;

/// The error Kubernetes gives for a string that does not have a quantity's shape.
pub const FORMAT_ERROR: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/// The error Kubernetes gives for an unknown suffix (`1K`, `1e`, `5Gb`…).
pub const SUFFIX_ERROR: &str = "unable to parse quantity's suffix";

/// How a quantity was written; it decides how Kubernetes prints it back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantityFormat {
    /// Powers of 1000 (`500m`, `1k`, `2G`) or no suffix.
    DecimalSI,
    /// Powers of 1024 (`512Mi`, `1Gi`).
    BinarySI,
    /// Scientific notation (`1e3`, `12E6`).
    DecimalExponent,
}

/// A parsed quantity: exact to the nano unit, comparable, printable in canonical form.
/// Equality and order compare values (`1e3 == 1k`), as Kubernetes' `Quantity.Cmp` does.
#[derive(Clone, Debug)]
pub struct ParsedQuantity {
    negative: bool,
    nano: Nat,
    format: QuantityFormat,
}

/// Saturation point, in nano units: 10^1000.
const SATURATION_DIGITS: i64 = 1000;
/// Significant digits kept exactly. With values capped at 10^1000 nano units, digits past this
/// many are worth less than 10^-79 nano: only whether one is non-zero matters (rounding up).
const MAX_DIGITS: i64 = 1100;

impl ParsedQuantity {
    /// Parses a quantity exactly as `resource.ParseQuantity` does (no surrounding whitespace;
    /// the API server trims it before calling the parser).
    pub fn parse(s: &str) -> Result<ParsedQuantity, String> {
        if s.is_empty() {
            return Err(FORMAT_ERROR.to_owned());
        }
        let zero = ParsedQuantity {
            negative: false,
            nano: Nat::zero(),
            format: QuantityFormat::DecimalSI,
        };
        if s == "0" {
            return Ok(zero);
        }
        let scan = scan(s)?;
        let (base, exponent, mut format) =
            interpret(scan.suffix).ok_or_else(|| SUFFIX_ERROR.to_owned())?;

        // The digits, without leading zeros. Digits past MAX_DIGITS lie far below one nano unit
        // (see `SATURATION_DIGITS`); they only decide whether to round up (`sticky`).
        let mut digits = Nat::zero();
        let (mut significant, mut dropped, mut sticky) = (0i64, 0i64, false);
        for b in scan.num.bytes().chain(scan.denom.bytes()) {
            let d = b - b'0';
            if significant == 0 && d == 0 {
                continue;
            }
            significant += 1;
            if significant <= MAX_DIGITS {
                digits.mul_small(10);
                digits.add_small(u32::from(d));
            } else {
                dropped += 1;
                sticky |= d != 0;
            }
        }
        let denom_len = scan.denom.len() as i64;
        let (shift10, shift2) = if base == 10 {
            (i64::from(exponent) - denom_len + 9, 0u32)
        } else {
            (9 - denom_len, u32::try_from(exponent).unwrap_or(0))
        };

        let mut nano = digits;
        if !nano.is_zero() {
            // Upper bound of log10(value in nano units).
            let magnitude = significant + shift10 + i64::from(shift2) * 3 / 10 + 1;
            let shift10 = shift10 + dropped;
            if magnitude > SATURATION_DIGITS {
                nano = Nat::pow10(SATURATION_DIGITS as u64);
            } else if shift10 >= 0 {
                nano.shl_bits(shift2);
                nano.mul_pow10(shift10 as u64);
            } else if -shift10 > significant - dropped + 20 {
                // Far below one nano unit: rounds up to exactly one.
                nano = Nat::from_u64(1);
            } else {
                nano.shl_bits(shift2);
                nano.div_pow10_ceil((-shift10) as u64, sticky);
            }
        }

        if format == QuantityFormat::BinarySI {
            let max = Nat::from_u64(i64::MAX as u64).times_pow10(9);
            if nano.cmp(&max) == Ordering::Greater {
                nano = max;
            }
            if !nano.is_zero() && nano.cmp(&Nat::pow10(9)) == Ordering::Less {
                format = QuantityFormat::DecimalSI;
            }
        }
        Ok(ParsedQuantity {
            negative: !scan.positive && !nano.is_zero(),
            nano,
            format,
        })
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        self.nano.is_zero()
    }

    /// The notation the value was written in (after Kubernetes' own adjustments).
    pub fn format(&self) -> QuantityFormat {
        self.format
    }

    /// The value rounded up to a whole number (`Quantity.Value()`), if it fits an `i128`.
    pub fn value(&self) -> Option<i128> {
        self.scaled_ceil(9)
    }

    /// The value in thousandths rounded up (`Quantity.MilliValue()`), if it fits an `i128`.
    pub fn milli_value(&self) -> Option<i128> {
        self.scaled_ceil(6)
    }

    /// Whether Kubernetes counts the value as a whole number (`MilliValue() % 1000 == 0`), as it
    /// demands for extended resources such as `nvidia.com/gpu`.
    pub fn is_integer(&self) -> bool {
        let mut milli = self.nano.clone();
        milli.div_pow10_ceil(6, false);
        milli.rem_small(1000) == 0
    }

    fn scaled_ceil(&self, digits: u64) -> Option<i128> {
        let mut n = self.nano.clone();
        n.div_pow10_ceil(digits, false);
        let v = n.to_i128()?;
        Some(if self.negative { -v } else { v })
    }

    /// The canonical form the API server stores and prints (`0.5` → `500m`, `1024Mi` → `1Gi`,
    /// `1.5Gi` → `1536Mi`, `1e3` → `1e3`).
    pub fn canonical(&self) -> String {
        if self.nano.is_zero() {
            return String::from("0");
        }
        let sign = if self.negative { "-" } else { "" };
        let binary = self.format == QuantityFormat::BinarySI
            && self.nano.cmp(&Nat::from_u64(1024).times_pow10(9)) != Ordering::Less
            && self.nano.rem_pow10_is_zero(9);
        if binary {
            let mut n = self.nano.clone();
            n.div_pow10_ceil(9, false);
            let mut exponent = 0usize;
            while exponent < 6 && n.rem_small(1024) == 0 {
                n.div_small(1024);
                exponent += 1;
            }
            let suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][exponent];
            return format!("{sign}{}{suffix}", n.to_decimal());
        }
        let mut mantissa = self.nano.clone();
        let mut exponent: i64 = -9;
        while mantissa.rem_small(10) == 0 {
            mantissa.div_small(10);
            exponent += 1;
        }
        let r = exponent.rem_euclid(3);
        mantissa.mul_pow10(r as u64);
        exponent -= r;
        match self.format {
            QuantityFormat::DecimalExponent => {
                if exponent == 0 {
                    format!("{sign}{}", mantissa.to_decimal())
                } else {
                    format!("{sign}{}e{exponent}", mantissa.to_decimal())
                }
            }
            _ => {
                if exponent > 18 {
                    mantissa.mul_pow10((exponent - 18) as u64);
                    exponent = 18;
                }
                let suffix = match exponent {
                    -9 => "n",
                    -6 => "u",
                    -3 => "m",
                    3 => "k",
                    6 => "M",
                    9 => "G",
                    12 => "T",
                    15 => "P",
                    18 => "E",
                    _ => "",
                };
                format!("{sign}{}{suffix}", mantissa.to_decimal())
            }
        }
    }
}

impl fmt::Display for ParsedQuantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

impl PartialEq for ParsedQuantity {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for ParsedQuantity {}

impl PartialOrd for ParsedQuantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ParsedQuantity {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.nano.cmp(&other.nano),
            (true, true) => other.nano.cmp(&self.nano),
        }
    }
}

/// Parses a quantity (see [`ParsedQuantity::parse`]).
pub fn parse_quantity(s: &str) -> Result<ParsedQuantity, String> {
    ParsedQuantity::parse(s)
}

/// Checks that a string is a quantity Kubernetes accepts.
pub fn is_quantity(s: &str) -> Result<(), String> {
    ParsedQuantity::parse(s).map(|_| ())
}

struct Scan<'a> {
    positive: bool,
    num: &'a str,
    denom: &'a str,
    suffix: &'a str,
}

/// `parseQuantityString`, byte for byte.
fn scan(s: &str) -> Result<Scan<'_>, String> {
    let b = s.as_bytes();
    let end = b.len();
    let mut pos = 0;
    let mut positive = true;
    match b.first() {
        Some(b'-') => {
            positive = false;
            pos += 1;
        }
        Some(b'+') => pos += 1,
        _ => {}
    }
    while pos < end && b[pos] == b'0' {
        pos += 1;
    }
    if pos >= end {
        return Ok(Scan {
            positive,
            num: "0",
            denom: "",
            suffix: "",
        });
    }
    let num_start = pos;
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    let mut num = &s[num_start..pos];
    if pos >= end {
        return Ok(Scan {
            positive,
            num,
            denom: "",
            suffix: "",
        });
    }
    if num.is_empty() {
        num = "0";
    }
    let mut denom = "";
    if b[pos] == b'.' {
        pos += 1;
        let denom_start = pos;
        while pos < end && b[pos].is_ascii_digit() {
            pos += 1;
        }
        denom = &s[denom_start..pos];
        if pos >= end {
            return Ok(Scan {
                positive,
                num,
                denom,
                suffix: "",
            });
        }
    }
    let suffix_start = pos;
    while pos < end && b"eEinumkKMGTP".contains(&b[pos]) {
        pos += 1;
    }
    if pos < end && matches!(b[pos], b'-' | b'+') {
        pos += 1;
    }
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos < end {
        return Err(FORMAT_ERROR.to_owned());
    }
    Ok(Scan {
        positive,
        num,
        denom,
        suffix: &s[suffix_start..],
    })
}

/// `quantitySuffixer.interpret`: (base, exponent, format).
fn interpret(suffix: &str) -> Option<(u32, i32, QuantityFormat)> {
    let decimal = |e| Some((10, e, QuantityFormat::DecimalSI));
    let binary = |e| Some((2, e, QuantityFormat::BinarySI));
    match suffix {
        "" => decimal(0),
        "n" => decimal(-9),
        "u" => decimal(-6),
        "m" => decimal(-3),
        "k" => decimal(3),
        "M" => decimal(6),
        "G" => decimal(9),
        "T" => decimal(12),
        "P" => decimal(15),
        "E" => decimal(18),
        "Ki" => binary(10),
        "Mi" => binary(20),
        "Gi" => binary(30),
        "Ti" => binary(40),
        "Pi" => binary(50),
        "Ei" => binary(60),
        _ => {
            let rest = suffix.strip_prefix(['e', 'E'])?;
            let parsed: i64 = rest.parse().ok()?;
            // Go converts with int32(parsed): wrap, do not saturate.
            Some((10, parsed as i32, QuantityFormat::DecimalExponent))
        }
    }
}

/// A small arbitrary-precision natural number (little-endian base 2^32 limbs, no trailing zero
/// limbs), enough for exact quantity arithmetic.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Nat(Vec<u32>);

impl Nat {
    fn zero() -> Nat {
        Nat(Vec::new())
    }

    fn from_u64(v: u64) -> Nat {
        let mut n = Nat(vec![v as u32, (v >> 32) as u32]);
        n.trim();
        n
    }

    fn pow10(k: u64) -> Nat {
        Nat::from_u64(1).times_pow10(k)
    }

    fn times_pow10(mut self, k: u64) -> Nat {
        self.mul_pow10(k);
        self
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    fn mul_small(&mut self, m: u32) {
        let mut carry = 0u64;
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
        self.trim();
    }

    fn add_small(&mut self, a: u32) {
        let mut carry = u64::from(a);
        for limb in &mut self.0 {
            if carry == 0 {
                break;
            }
            let v = u64::from(*limb) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut k: u64) {
        while k >= 9 {
            self.mul_small(1_000_000_000);
            k -= 9;
        }
        if k > 0 {
            self.mul_small(10u32.pow(k as u32));
        }
    }

    fn shl_bits(&mut self, bits: u32) {
        if bits == 0 || self.is_zero() {
            return;
        }
        let words = (bits / 32) as usize;
        let bits = bits % 32;
        if bits > 0 {
            let mut carry = 0u32;
            for limb in &mut self.0 {
                let v = (u64::from(*limb) << bits) | u64::from(carry);
                *limb = v as u32;
                carry = (v >> 32) as u32;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        if words > 0 {
            let mut shifted = vec![0u32; words];
            shifted.extend_from_slice(&self.0);
            self.0 = shifted;
        }
    }

    /// Divides in place, returns the remainder.
    fn div_small(&mut self, d: u32) -> u32 {
        let mut rem = 0u64;
        for limb in self.0.iter_mut().rev() {
            let v = (rem << 32) | u64::from(*limb);
            *limb = (v / u64::from(d)) as u32;
            rem = v % u64::from(d);
        }
        self.trim();
        rem as u32
    }

    fn rem_small(&self, d: u32) -> u32 {
        let mut rem = 0u64;
        for limb in self.0.iter().rev() {
            rem = ((rem << 32) | u64::from(*limb)) % u64::from(d);
        }
        rem as u32
    }

    fn rem_pow10_is_zero(&self, mut k: u64) -> bool {
        let mut n = self.clone();
        while k > 0 {
            let step = k.min(9);
            if n.div_small(10u32.pow(step as u32)) != 0 {
                return false;
            }
            k -= step;
        }
        true
    }

    /// Divides by 10^k, rounding up; `sticky` means a non-zero amount below the last digit.
    fn div_pow10_ceil(&mut self, mut k: u64, sticky: bool) {
        let mut inexact = sticky;
        while k >= 9 && !self.is_zero() {
            inexact |= self.div_small(1_000_000_000) != 0;
            k -= 9;
        }
        if k > 0 && k < 9 && !self.is_zero() {
            inexact |= self.div_small(10u32.pow(k as u32)) != 0;
        }
        if inexact {
            self.add_small(1);
        }
    }

    fn to_i128(&self) -> Option<i128> {
        if self.0.len() > 4 {
            return None;
        }
        let mut v: u128 = 0;
        for limb in self.0.iter().rev() {
            v = (v << 32) | u128::from(*limb);
        }
        i128::try_from(v).ok()
    }

    fn to_decimal(&self) -> String {
        if self.is_zero() {
            return String::from("0");
        }
        let mut n = self.clone();
        let mut chunks = Vec::new();
        while !n.is_zero() {
            chunks.push(n.div_small(1_000_000_000));
        }
        let mut out = String::new();
        for (i, chunk) in chunks.iter().rev().enumerate() {
            if i == 0 {
                out.push_str(&chunk.to_string());
            } else {
                out.push_str(&format!("{chunk:09}"));
            }
        }
        out
    }
}

impl PartialOrd for Nat {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(Ord::cmp(self, other))
    }
}

impl Ord for Nat {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}
