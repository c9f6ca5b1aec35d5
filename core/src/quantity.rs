//! Docker's resource units to Kubernetes quantities.
//!
//! Docker memory units are binary (`k` = KiB, `m` = MiB, `g` = GiB), so `512m` is `512Mi`.
//! CPU counts are decimal cores: `1.5` is `1500m`.

const UNITS: [(char, u32); 5] = [('k', 1), ('m', 2), ('g', 3), ('t', 4), ('p', 5)];

/// Parses a Docker memory size (`512m`, `1g`, `1.5G`, `256 MiB`, `1048576`) into bytes.
/// `Ok(None)` means "unlimited" (`0`, or empty).
pub fn docker_bytes(text: &str) -> Result<Option<u64>, String> {
    let t = text.trim();
    if t.is_empty() || t == "0" {
        return Ok(None);
    }
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let unit = unit.trim_start().to_ascii_lowercase();
    let valid_number = !number.is_empty()
        && !number.starts_with('.')
        && !number.ends_with('.')
        && number.matches('.').count() <= 1;
    let value: f64 = if valid_number { number.parse().map_err(|_| bad_memory(text))? } else { return Err(bad_memory(text)) };
    // What Docker's RAMInBytes accepts: an optional unit letter, an optional `i`, an optional `b`.
    let mut chars = unit.chars();
    let power = match chars.next() {
        None => 0,
        Some('b') if chars.as_str().is_empty() => 0,
        Some(c) => match UNITS.iter().find(|(u, _)| *u == c) {
            Some((_, p)) => {
                let rest = chars.as_str();
                if !matches!(rest, "" | "b" | "i" | "ib") {
                    return Err(bad_memory(text));
                }
                *p
            }
            None => return Err(bad_memory(text)),
        },
    };
    let bytes = value * 1024f64.powi(power as i32);
    if !bytes.is_finite() || bytes >= 1.8e19 {
        return Err(format!("`{text}` is too large"));
    }
    let bytes = bytes.round() as u64;
    Ok(if bytes == 0 { None } else { Some(bytes) })
}

fn bad_memory(text: &str) -> String {
    format!("`{text}` is not a size Docker understands (a number with an optional unit b, k, m or g, e.g. `512m` or `1g`)")
}

/// Bytes as the shortest exact Kubernetes quantity: `536870912` → `512Mi`, `1500` → `1500`.
pub fn bytes_quantity(bytes: u64) -> String {
    const SUFFIXES: [&str; 6] = ["", "Ki", "Mi", "Gi", "Ti", "Pi"];
    let mut value = bytes;
    let mut i = 0;
    while i + 1 < SUFFIXES.len() && value != 0 && value.is_multiple_of(1024) {
        value /= 1024;
        i += 1;
    }
    format!("{value}{}", SUFFIXES[i])
}

/// Parses a Docker CPU count (`0.5`, `2`, `1.5`) into millicores. `Ok(None)` is unlimited.
pub fn docker_millicpus(text: &str) -> Result<Option<u64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let ok = t.chars().all(|c| c.is_ascii_digit() || c == '.') && t.matches('.').count() <= 1 && !t.ends_with('.');
    let value: f64 = if ok { t.parse().map_err(|_| bad_cpus(text))? } else { return Err(bad_cpus(text)) };
    if value == 0.0 {
        return Ok(None);
    }
    if value > 1.0e6 {
        return Err(format!("`{text}` CPUs is more than any node has"));
    }
    Ok(Some(((value * 1000.0).round() as u64).max(1)))
}

fn bad_cpus(text: &str) -> String {
    format!("`{text}` is not a CPU count (a decimal number of cores, e.g. `0.5` or `2`)")
}

/// Millicores as a Kubernetes quantity: `1500` → `1500m`, `2000` → `2`.
pub fn millicpu_quantity(millis: u64) -> String {
    if millis.is_multiple_of(1000) {
        format!("{}", millis / 1000)
    } else {
        format!("{millis}m")
    }
}
