//! The image Coolify runs, and a check of Docker image references.

/// Normalises Coolify's digest quirks and joins name and tag: `nginx@sha256` + 64 hex →
/// `nginx@sha256:<hex>`; a `sha256-<hex>` tag → a digest; otherwise `name:tag`.
pub fn join_image(name: &str, tag: &str) -> String {
    let name = name.strip_suffix("@sha256").unwrap_or(name);
    let tag = tag.strip_prefix("sha256-").unwrap_or(tag);
    if tag.len() == 64 && tag.chars().all(|c| c.is_ascii_hexdigit()) {
        format!("{name}@sha256:{}", tag.to_ascii_lowercase())
    } else {
        format!("{name}:{tag}")
    }
}

/// Checks a Docker image reference (`[host[:port]/]path[:tag][@algo:hex]`) the way the
/// distribution reference grammar does.
pub fn check_reference(reference: &str) -> Result<(), String> {
    let bad = |why: &str| Err(format!("`{reference}` is not a valid image reference: {why}"));
    if reference.is_empty() {
        return bad("it is empty");
    }
    if reference.len() > 4096 {
        return bad("it is too long");
    }
    let (rest, digest) = match reference.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (reference, None),
    };
    if let Some(d) = digest {
        let Some((algo, hex)) = d.split_once(':') else { return bad("the digest has no algorithm") };
        let algo_ok = !algo.is_empty() && algo.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+._-".contains(c));
        let hex_ok = hex.len() >= 32 && hex.chars().all(|c| c.is_ascii_hexdigit());
        if !algo_ok || !hex_ok || (algo == "sha256" && hex.len() != 64) {
            return bad("the digest is malformed");
        }
    }
    let (name, tag) = match rest.rfind(':') {
        Some(i) if !rest[i + 1..].contains('/') => (&rest[..i], Some(&rest[i + 1..])),
        _ => (rest, None),
    };
    if let Some(t) = tag {
        let ok = !t.is_empty()
            && t.len() <= 128
            && t.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            && t.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
        if !ok {
            return bad("the tag must be letters, digits, `_`, `.` or `-` (at most 128)");
        }
    }
    let mut parts: Vec<&str> = name.split('/').collect();
    if parts.len() > 1 {
        let first = parts[0];
        if first.contains(['.', ':']) || first == "localhost" || first.chars().any(|c| c.is_ascii_uppercase()) {
            if !check_host(first) {
                return bad("the registry host is malformed");
            }
            parts.remove(0);
        }
    }
    if parts.is_empty() {
        return bad("it has no repository path");
    }
    for part in parts {
        if !check_path_component(part) {
            return bad("repository path components are lowercase letters and digits, separated by `.`, `_`, `__` or `-`");
        }
    }
    Ok(())
}

fn check_host(host: &str) -> bool {
    let (h, port) = match host.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (host, None),
    };
    if let Some(p) = port {
        if p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    !h.is_empty()
        && h.split('.').all(|l| {
            !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') && !l.starts_with('-') && !l.ends_with('-')
        })
}

fn check_path_component(part: &str) -> bool {
    if part.is_empty() {
        return false;
    }
    let bytes = part.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if alnum(b) {
            i += 1;
            continue;
        }
        // A separator: `.`, `_`, `__`, or one or more `-`.
        let start = i;
        while i < bytes.len() && !alnum(bytes[i]) {
            i += 1;
        }
        let sep = &part[start..i];
        if !(sep == "." || sep == "_" || sep == "__" || sep.chars().all(|c| c == '-')) {
            return false;
        }
    }
    true
}
