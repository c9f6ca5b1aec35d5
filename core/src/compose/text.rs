//! Small parsers for compose strings: shell words, durations, ports.

/// Splits a command string into words as a POSIX shell does for quoting (`'...'`, `"..."`,
/// backslash escapes); no expansion. `Err` on an unclosed quote. The same splitter as
/// `--entrypoint` in an application's run options.
pub(crate) fn shell_words(text: &str) -> Result<Vec<String>, String> {
    crate::model::shell_split(text)
}

/// A compose duration (`1m30s`, `10s`, `500ms`, `1h`, or bare seconds) in whole seconds,
/// rounded up.
pub(crate) fn duration_seconds(text: &str) -> Result<i64, String> {
    let t = text.trim();
    if let Ok(n) = t.parse::<f64>() {
        if n >= 0.0 && n.is_finite() {
            return Ok(n.ceil() as i64);
        }
    }
    let mut micros: f64 = 0.0;
    let mut number = String::new();
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    if chars.is_empty() {
        return Err(format!("`{text}` is not a duration (like `30s` or `1m30s`)"));
    }
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() || c == '.' {
            number.push(c);
            i += 1;
            continue;
        }
        let mut unit = String::new();
        while i < chars.len() && chars[i].is_ascii_alphabetic() || i < chars.len() && chars[i] == 'µ' {
            unit.push(chars[i]);
            i += 1;
        }
        let n: f64 = number.parse().map_err(|_| format!("`{text}` is not a duration (like `30s` or `1m30s`)"))?;
        let scale = match unit.as_str() {
            "h" => 3_600_000_000.0,
            "m" => 60_000_000.0,
            "s" => 1_000_000.0,
            "ms" => 1_000.0,
            "us" | "µs" => 1.0,
            "ns" => 0.001,
            _ => return Err(format!("`{text}` is not a duration (like `30s` or `1m30s`)")),
        };
        micros += n * scale;
        number.clear();
    }
    if !number.is_empty() {
        return Err(format!("`{text}` is not a duration (like `30s` or `1m30s`)"));
    }
    Ok((micros / 1_000_000.0).ceil() as i64)
}

/// One container port of a short-syntax entry (`"8080:80"`, `"127.0.0.1:53:53/udp"`, `"80"`):
/// (container port, protocol, published part given).
pub(crate) fn short_port(text: &str) -> Result<(u16, String, Option<String>), String> {
    let (spec, protocol) = match text.rsplit_once('/') {
        Some((s, p)) => (s, p.to_ascii_lowercase()),
        None => (text, "tcp".to_owned()),
    };
    if !matches!(protocol.as_str(), "tcp" | "udp" | "sctp") {
        return Err(format!("`{protocol}` is not a protocol (tcp, udp, sctp)"));
    }
    // The container port is after the last `:` (an IPv6 host address sits in brackets before).
    let (published, target) = match spec.rsplit_once(':') {
        Some((p, t)) => (Some(p.to_owned()), t),
        None => (None, spec),
    };
    if target.contains('-') {
        return Err(format!("the port range `{target}` cannot be translated: list the ports one by one"));
    }
    let port: u16 = target.trim().parse().ok().filter(|p| *p > 0).ok_or_else(|| format!("`{target}` is not a port number (1-65535)"))?;
    Ok((port, protocol, published))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        let words = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(shell_words(r#"sh -c "echo 'a b' \"c\"" x\ y"#), Ok(words(&["sh", "-c", "echo 'a b' \"c\"", "x y"])));
        assert!(shell_words("echo 'x").is_err());
        assert_eq!(shell_words(""), Ok(Vec::new()));
    }

    #[test]
    fn durations() {
        assert_eq!(duration_seconds("1m30s"), Ok(90));
        assert_eq!(duration_seconds("500ms"), Ok(1));
        assert_eq!(duration_seconds("10"), Ok(10));
        assert!(duration_seconds("soon").is_err());
    }

    #[test]
    fn ports() {
        assert_eq!(short_port("8080:80"), Ok((80, "tcp".to_owned(), Some("8080".to_owned()))));
        assert_eq!(short_port("127.0.0.1:53:53/udp"), Ok((53, "udp".to_owned(), Some("127.0.0.1:53".to_owned()))));
        assert!(short_port("3000-3005").is_err());
    }
}
