//! The one sanitiser for every object name, label value and port name.
//!
//! Kubernetes names are DNS-1123 labels or subdomains (lowercase alphanumerics and `-`, at most
//! 63 or 253 characters); Service names are DNS-1035 labels (they also start with a letter).
//! A name that has to be cut keeps a stable short hash of the whole input, so two long names
//! that share a prefix stay distinct and the same input always gives the same name.

use sha2::{Digest, Sha256};

/// The longest DNS label.
pub const MAX_LABEL: usize = 63;

/// First `n` hex characters of the SHA-256 of `text`.
pub fn short_hash(text: &str, n: usize) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out.truncate(n);
    out
}

/// A DNS-1123 label (`[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most `max` characters) made from
/// any text: lower-cased, every other character turned into `-`, runs of `-` folded, ends
/// trimmed; cut with `-<hash8>` when too long; `x` when nothing is left.
pub fn dns_label(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    let mut out = if trimmed.is_empty() { "x".to_owned() } else { trimmed.to_owned() };
    if out.len() > max {
        let hash = short_hash(text, 8);
        out.truncate(max.saturating_sub(hash.len() + 1));
        let cut = out.trim_end_matches('-').to_owned();
        out = format!("{cut}-{hash}");
    }
    out
}

/// Like [`dns_label`], and also starting with a letter (DNS-1035: Service names, port names).
pub fn dns1035_label(text: &str, max: usize) -> String {
    let label = dns_label(text, max);
    if label.starts_with(|c: char| c.is_ascii_lowercase()) {
        label
    } else {
        dns_label(&format!("s-{text}"), max)
    }
}

/// A label value (`([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, at most 63 characters), case kept.
pub fn label_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    let mut out = trimmed.to_owned();
    if out.len() > MAX_LABEL {
        let hash = short_hash(text, 8);
        out.truncate(MAX_LABEL - hash.len() - 1);
        let cut = out.trim_end_matches(|c: char| !c.is_ascii_alphanumeric()).to_owned();
        out = format!("{cut}-{hash}");
    }
    out
}

/// Whether `text` is already a DNS-1123 label of at most 63 characters.
pub fn is_dns_label(text: &str) -> bool {
    !text.is_empty() && text.len() <= MAX_LABEL && dns_label(text, MAX_LABEL) == text
}

/// Whether `text` is already a DNS-1035 label.
pub fn is_dns1035_label(text: &str) -> bool {
    is_dns_label(text) && text.starts_with(|c: char| c.is_ascii_lowercase())
}
