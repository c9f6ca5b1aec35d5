//! RFC 3339 timestamps, parsed and printed by hand (no clock, no time-zone database).
//!
//! Kubernetes writes `metav1.Time` as `2025-05-01T12:00:00Z` and `metav1.MicroTime` as
//! `2025-05-01T12:00:00.123456Z`; Coolify and scripts may write any RFC 3339 form, such as
//! `2025-05-01T14:00:00+02:00`. All of them become one instant in UTC.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// One instant, UTC, with nanosecond precision. Ordered by time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    secs: i64,
    nanos: u32,
}

/// Why a text is not an RFC 3339 time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeError {
    /// For a person: what is wrong, quoting the text.
    pub message: String,
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TimeError {}

impl Timestamp {
    /// The instant `secs` seconds after 1970-01-01T00:00:00Z (negative: before).
    pub fn from_unix_seconds(secs: i64) -> Self {
        Timestamp { secs, nanos: 0 }
    }

    /// Seconds since 1970-01-01T00:00:00Z, rounded down.
    pub fn unix_seconds(&self) -> i64 {
        self.secs
    }

    /// Whole seconds from `earlier` to `self`, rounded down; negative when `earlier` is later.
    pub fn seconds_since(&self, earlier: Timestamp) -> i64 {
        let mut secs = self.secs.saturating_sub(earlier.secs);
        if self.nanos < earlier.nanos {
            secs = secs.saturating_sub(1);
        }
        secs
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`. `t`, `z` and a space instead of `T`
    /// are accepted, as RFC 3339 allows; a leap second (`:60`) counts as the next second.
    ///
    /// ```
    /// use coolify_k8s_core::status::Timestamp;
    /// let a = Timestamp::parse("2025-05-01T14:00:00+02:00").unwrap();
    /// let b = Timestamp::parse("2025-05-01T12:00:00Z").unwrap();
    /// assert_eq!(a, b);
    /// assert_eq!(b.to_string(), "2025-05-01T12:00:00Z");
    /// assert!(Timestamp::parse("2025-02-30T00:00:00Z").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, TimeError> {
        parse(text.as_bytes()).ok_or_else(|| TimeError {
            message: format!("{text:?} is not an RFC 3339 time (like 2025-05-01T12:00:00Z)"),
        })
    }
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let mut value = 0u32;
    for i in at..at + n {
        let d = *b.get(i)?;
        if !d.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u32::from(d - b'0');
    }
    Some(value)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn parse(b: &[u8]) -> Option<Timestamp> {
    // Date: YYYY-MM-DD
    let year = i64::from(digits(b, 0, 4)?);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    // Time: HH:MM:SS
    let hour = digits(b, 11, 2)?;
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return None;
    }
    let minute = digits(b, 14, 2)?;
    let second = digits(b, 17, 2)?;
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut at = 19;
    let mut nanos = 0u32;
    if b.get(at) == Some(&b'.') {
        at += 1;
        let start = at;
        while let Some(d) = b.get(at).filter(|d| d.is_ascii_digit()) {
            if at - start < 9 {
                nanos = nanos * 10 + u32::from(d - b'0');
            }
            at += 1;
        }
        let count = at - start;
        if count == 0 {
            return None;
        }
        for _ in count.min(9)..9 {
            nanos *= 10;
        }
    }
    // Offset: Z or ±HH:MM
    let offset_secs: i64 = match b.get(at) {
        Some(b'Z' | b'z') => {
            at += 1;
            0
        }
        Some(&sign @ (b'+' | b'-')) => {
            let oh = digits(b, at + 1, 2)?;
            if b.get(at + 3) != Some(&b':') {
                return None;
            }
            let om = digits(b, at + 4, 2)?;
            if oh > 23 || om > 59 {
                return None;
            }
            at += 6;
            let secs = i64::from(oh * 3600 + om * 60);
            if sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    if at != b.len() {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second) - offset_secs;
    Some(Timestamp { secs, nanos })
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC, `Z` suffix, fraction only when there is one (trailing zeros trimmed).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.secs.div_euclid(86_400);
        let rem = self.secs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
        write!(f, "{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}")?;
        if self.nanos != 0 {
            let mut frac = format!("{:09}", self.nanos);
            while frac.ends_with('0') {
                frac.pop();
            }
            write!(f, ".{frac}")?;
        }
        f.write_str("Z")
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 time such as 2025-05-01T12:00:00Z")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse(v).map_err(|e| E::custom(e.message))
            }
        }
        deserializer.deserialize_str(Visit)
    }
}

/// A duration in whole seconds, the way kubectl prints ages: `45s`, `3m12s`, `2h5m`, `3d4h`.
pub(crate) fn human_duration(secs: i64) -> String {
    let secs = secs.max(0);
    if secs < 120 {
        format!("{secs}s")
    } else if secs < 3600 {
        let (m, s) = (secs / 60, secs % 60);
        if s == 0 {
            format!("{m}m")
        } else {
            format!("{m}m{s}s")
        }
    } else if secs < 86_400 {
        let (h, m) = (secs / 3600, secs % 3600 / 60);
        if m == 0 {
            format!("{h}h")
        } else {
            format!("{h}h{m}m")
        }
    } else {
        let (d, h) = (secs / 86_400, secs % 86_400 / 3600);
        if h == 0 {
            format!("{d}d")
        } else {
            format!("{d}d{h}h")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn epoch_and_offsets() {
        assert_eq!(ts("1970-01-01T00:00:00Z").unix_seconds(), 0);
        assert_eq!(ts("1970-01-01T01:00:00+01:00").unix_seconds(), 0);
        assert_eq!(ts("1969-12-31T19:00:00-05:00").unix_seconds(), 0);
        assert_eq!(ts("2000-03-01T00:00:00Z").unix_seconds(), 951_868_800);
        assert_eq!(ts("2024-02-29t23:59:59z").unix_seconds(), 1_709_251_199);
        assert_eq!(ts("2024-02-29 23:59:60Z").unix_seconds(), 1_709_251_200);
        assert_eq!(ts("0000-01-01T00:00:00Z").unix_seconds(), -62_167_219_200);
    }

    #[test]
    fn fractions() {
        let t = ts("2025-05-01T12:00:00.123456Z");
        assert_eq!(t.to_string(), "2025-05-01T12:00:00.123456Z");
        assert_eq!(
            ts("2025-05-01T12:00:00.1234567891234Z").to_string(),
            "2025-05-01T12:00:00.123456789Z"
        );
        assert_eq!(ts("2025-05-01T12:00:01Z").seconds_since(t), 0);
        assert_eq!(ts("2025-05-01T12:00:02Z").seconds_since(t), 1);
        assert_eq!(t.seconds_since(ts("2025-05-01T12:00:02Z")), -2);
    }

    #[test]
    fn rejects() {
        for bad in [
            "",
            "2025-05-01",
            "2025-05-01T12:00:00",
            "2025-13-01T00:00:00Z",
            "2025-00-01T00:00:00Z",
            "2025-04-31T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2025-05-01T24:00:00Z",
            "2025-05-01T12:60:00Z",
            "2025-05-01T12:00:61Z",
            "2025-05-01T12:00:00.Z",
            "2025-05-01T12:00:00+0200",
            "2025-05-01T12:00:00+24:00",
            "2025-05-01T12:00:00Zx",
            "2025-05-01X12:00:00Z",
            "+2025-05-01T12:00:00Z",
            "2025-5-01T12:00:00Z",
            "२०२५-05-01T12:00:00Z",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn round_trip_days() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn durations() {
        assert_eq!(human_duration(-5), "0s");
        assert_eq!(human_duration(119), "119s");
        assert_eq!(human_duration(192), "3m12s");
        assert_eq!(human_duration(3600), "1h");
        assert_eq!(human_duration(7500), "2h5m");
        assert_eq!(human_duration(86_400 * 3 + 3600 * 4), "3d4h");
    }
}
