//! The string rules of `k8s.io/apimachinery/pkg/util/validation`, ported by hand (no regex
//! engine): DNS-1123/1035 names, qualified names (label and annotation keys), label values,
//! IANA port names, environment variable names, ConfigMap keys, percentages, IPs.
//!
//! Every `is_*` function returns `Ok(())` or every message Kubernetes would give, joined with
//! `"; "`; the messages are Kubernetes' own, regex and examples included, so a problem reads the
//! same as `kubectl apply` would have printed it. Lengths are counted in bytes, as in Go.

use std::net::Ipv6Addr; // address parsing only: the core opens no sockets
use std::ops::RangeInclusive;

/// Longest DNS-1123 label (container, volume, namespace, Service port names).
pub const DNS1123_LABEL_MAX_LENGTH: usize = 63;
/// Longest DNS-1123 subdomain (most object names, hosts).
pub const DNS1123_SUBDOMAIN_MAX_LENGTH: usize = 253;
/// Longest DNS-1035 label (Service names).
pub const DNS1035_LABEL_MAX_LENGTH: usize = 63;
/// Longest name part of a qualified name (label keys, annotation keys).
pub const QUALIFIED_NAME_MAX_LENGTH: usize = 63;
/// Longest label value.
pub const LABEL_VALUE_MAX_LENGTH: usize = 63;
/// Longest container port name (an IANA service name).
pub const PORT_NAME_MAX_LENGTH: usize = 15;
/// Largest total size of one object's annotations, keys plus values, in bytes (256 KiB).
pub const TOTAL_ANNOTATION_SIZE_LIMIT: usize = 256 * 1024;
/// Largest total size of a Secret's or ConfigMap's data, in bytes (1 MiB).
pub const MAX_SECRET_SIZE: usize = 1024 * 1024;
/// The node ports a cluster hands out by default (`--service-node-port-range`).
pub const NODE_PORT_RANGE: RangeInclusive<i32> = 30000..=32767;

const DNS1123_LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL_ERR: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT: &str =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1123_SUBDOMAIN_ERR: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_FMT: &str = "[a-z]([-a-z0-9]*[a-z0-9])?";
const DNS1035_LABEL_ERR: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const WILDCARD_FMT: &str = "\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const WILDCARD_ERR: &str = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";
const QUALIFIED_NAME_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_NAME_ERR: &str =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const LABEL_VALUE_ERR: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const ENV_NAME_FMT: &str = "[-._a-zA-Z][-._a-zA-Z0-9]*";
const ENV_NAME_ERR: &str = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";
const RELAXED_ENV_NAME_ERR: &str =
    "a valid environment variable name must consist only of printable ASCII characters other than '='";
const CONFIG_KEY_FMT: &str = "[-._a-zA-Z0-9]+";
const CONFIG_KEY_ERR: &str =
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
const PERCENT_FMT: &str = "[0-9]+%";
const PERCENT_ERR: &str =
    "a valid percent string must be a numeric string followed by an ending '%'";
const HTTP_HEADER_FMT: &str = "[-A-Za-z0-9]+";
const HTTP_HEADER_ERR: &str = "a valid HTTP header must consist of alphanumeric characters or '-'";

/// `must be no more than N characters`.
pub(crate) fn max_len_error(length: usize) -> String {
    format!("must be no more than {length} characters")
}

/// Kubernetes' `RegexError`: the message, examples and the regex used.
pub(crate) fn regex_error(msg: &str, fmt: &str, examples: &[&str]) -> String {
    if examples.is_empty() {
        return format!("{msg} (regex used for validation is '{fmt}')");
    }
    let mut out = format!("{msg} (e.g. ");
    for (i, example) in examples.iter().enumerate() {
        if i > 0 {
            out.push_str(" or ");
        }
        out.push('\'');
        out.push_str(example);
        out.push_str("', ");
    }
    out.push_str("regex used for validation is '");
    out.push_str(fmt);
    out.push_str("')");
    out
}

/// `must be between LO and HI, inclusive`.
pub(crate) fn inclusive_range_error(lo: i64, hi: i64) -> String {
    format!("must be between {lo} and {hi}, inclusive")
}

/// `must be non-empty`.
pub(crate) const EMPTY_ERROR: &str = "must be non-empty";

fn to_result(errs: Vec<String>) -> Result<(), String> {
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("; "))
    }
}

fn is_lower_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
fn matches_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(&first), Some(&last)) => {
            is_lower_alnum(first)
                && is_lower_alnum(last)
                && b.iter().all(|&c| is_lower_alnum(c) || c == b'-')
        }
        _ => false,
    }
}

/// Labels joined by dots.
fn matches_dns1123_subdomain(s: &str) -> bool {
    s.split('.').all(matches_dns1123_label)
}

/// `[a-z]([-a-z0-9]*[a-z0-9])?`
fn matches_dns1035_label(s: &str) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(&first), Some(&last)) => {
            first.is_ascii_lowercase()
                && is_lower_alnum(last)
                && b.iter().all(|&c| is_lower_alnum(c) || c == b'-')
        }
        _ => false,
    }
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
fn matches_qualified_name_part(s: &str) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(&first), Some(&last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && b.iter()
                    .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        }
        _ => false,
    }
}

pub(crate) fn dns1123_label_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > DNS1123_LABEL_MAX_LENGTH {
        errs.push(max_len_error(DNS1123_LABEL_MAX_LENGTH));
    }
    if !matches_dns1123_label(value) {
        if matches_dns1123_subdomain(value) {
            errs.push(String::from("must not contain dots"));
        } else {
            errs.push(regex_error(
                DNS1123_LABEL_ERR,
                DNS1123_LABEL_FMT,
                &["my-name", "123-abc"],
            ));
        }
    }
    errs
}

pub(crate) fn dns1123_subdomain_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > DNS1123_SUBDOMAIN_MAX_LENGTH {
        errs.push(max_len_error(DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    if !matches_dns1123_subdomain(value) {
        errs.push(regex_error(
            DNS1123_SUBDOMAIN_ERR,
            DNS1123_SUBDOMAIN_FMT,
            &["example.com"],
        ));
    }
    errs
}

pub(crate) fn dns1035_label_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > DNS1035_LABEL_MAX_LENGTH {
        errs.push(max_len_error(DNS1035_LABEL_MAX_LENGTH));
    }
    if !matches_dns1035_label(value) {
        errs.push(regex_error(
            DNS1035_LABEL_ERR,
            DNS1035_LABEL_FMT,
            &["my-name", "abc-123"],
        ));
    }
    errs
}

pub(crate) fn wildcard_dns1123_subdomain_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > DNS1123_SUBDOMAIN_MAX_LENGTH {
        errs.push(max_len_error(DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    let ok = value
        .strip_prefix("*.")
        .is_some_and(matches_dns1123_subdomain);
    if !ok {
        errs.push(regex_error(WILDCARD_ERR, WILDCARD_FMT, &["*.example.com"]));
    }
    errs
}

pub(crate) fn qualified_name_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let split = match value.split_once('/') {
        None => Some((None, value)),
        Some((prefix, name)) if !name.contains('/') => Some((Some(prefix), name)),
        Some(_) => None,
    };
    let name = match split {
        Some((None, name)) => name,
        Some((Some(prefix), name)) => {
            if prefix.is_empty() {
                errs.push(format!("prefix part {EMPTY_ERROR}"));
            } else {
                for msg in dns1123_subdomain_errors(prefix) {
                    errs.push(format!("prefix part {msg}"));
                }
            }
            name
        }
        None => {
            errs.push(format!(
                "a qualified name {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                regex_error(
                    QUALIFIED_NAME_ERR,
                    QUALIFIED_NAME_FMT,
                    &["MyName", "my.name", "123-abc"]
                )
            ));
            return errs;
        }
    };
    if name.is_empty() {
        errs.push(format!("name part {EMPTY_ERROR}"));
    } else if name.len() > QUALIFIED_NAME_MAX_LENGTH {
        errs.push(format!(
            "name part {}",
            max_len_error(QUALIFIED_NAME_MAX_LENGTH)
        ));
    }
    if !matches_qualified_name_part(name) {
        errs.push(format!(
            "name part {}",
            regex_error(
                QUALIFIED_NAME_ERR,
                QUALIFIED_NAME_FMT,
                &["MyName", "my.name", "123-abc"]
            )
        ));
    }
    errs
}

pub(crate) fn label_value_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > LABEL_VALUE_MAX_LENGTH {
        errs.push(max_len_error(LABEL_VALUE_MAX_LENGTH));
    }
    if !value.is_empty() && !matches_qualified_name_part(value) {
        errs.push(regex_error(
            LABEL_VALUE_ERR,
            LABEL_VALUE_FMT,
            &["MyValue", "my_value", "12345"],
        ));
    }
    errs
}

pub(crate) fn port_name_errors(port: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let b = port.as_bytes();
    if b.len() > PORT_NAME_MAX_LENGTH {
        errs.push(max_len_error(PORT_NAME_MAX_LENGTH));
    }
    if b.is_empty() || !b.iter().all(|&c| is_lower_alnum(c) || c == b'-') {
        errs.push(String::from(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
        ));
    }
    if !b.iter().any(u8::is_ascii_lowercase) {
        errs.push(String::from("must contain at least one letter (a-z)"));
    }
    if port.contains("--") {
        errs.push(String::from("must not contain consecutive hyphens"));
    }
    if b.first() == Some(&b'-') || b.last() == Some(&b'-') {
        errs.push(String::from("must not begin or end with a hyphen"));
    }
    errs
}

pub(crate) fn port_num_errors(port: i64) -> Vec<String> {
    if (1..=65535).contains(&port) {
        Vec::new()
    } else {
        vec![inclusive_range_error(1, 65535)]
    }
}

fn chdir_prefix_errors(value: &str) -> Vec<String> {
    if value == "." {
        vec![String::from("must not be '.'")]
    } else if value == ".." {
        vec![String::from("must not be '..'")]
    } else if value.starts_with("..") {
        vec![String::from("must not start with '..'")]
    } else {
        Vec::new()
    }
}

pub(crate) fn strict_env_var_name_errors(value: &str) -> Vec<String> {
    let b = value.as_bytes();
    let valid_first = |c: u8| c.is_ascii_alphabetic() || matches!(c, b'-' | b'.' | b'_');
    let ok = b.first().is_some_and(|&c| valid_first(c))
        && b.iter().all(|&c| valid_first(c) || c.is_ascii_digit());
    let mut errs = Vec::new();
    if !ok {
        errs.push(regex_error(
            ENV_NAME_ERR,
            ENV_NAME_FMT,
            &["my.env-name", "MY_ENV.NAME", "MyEnvName1"],
        ));
    }
    errs.extend(chdir_prefix_errors(value));
    errs
}

pub(crate) fn relaxed_env_var_name_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.is_empty() {
        errs.push(format!("environment variable name {EMPTY_ERROR}"));
    }
    if value.chars().any(|c| !(' '..='~').contains(&c) || c == '=') {
        errs.push(String::from(RELAXED_ENV_NAME_ERR));
    }
    errs
}

pub(crate) fn config_map_key_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > DNS1123_SUBDOMAIN_MAX_LENGTH {
        errs.push(max_len_error(DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    let b = value.as_bytes();
    if b.is_empty()
        || !b
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_'))
    {
        errs.push(regex_error(
            CONFIG_KEY_ERR,
            CONFIG_KEY_FMT,
            &["key.name", "KEY_NAME", "key-name"],
        ));
    }
    errs.extend(chdir_prefix_errors(value));
    errs
}

pub(crate) fn percent_errors(value: &str) -> Vec<String> {
    let ok = value
        .strip_suffix('%')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()));
    if ok {
        Vec::new()
    } else {
        vec![regex_error(PERCENT_ERR, PERCENT_FMT, &["1%", "93%"])]
    }
}

pub(crate) fn http_header_name_errors(value: &str) -> Vec<String> {
    let b = value.as_bytes();
    if !b.is_empty() && b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-') {
        Vec::new()
    } else {
        vec![regex_error(
            HTTP_HEADER_ERR,
            HTTP_HEADER_FMT,
            &["X-Header-Name"],
        )]
    }
}

/// Parses an IP address the way Go's `netutils.ParseIPSloppy` does: IPv4 octets may carry
/// leading zeros (read as decimal), IPv6 as usual (with an optional dotted IPv4 tail).
pub(crate) fn parse_ip_sloppy(value: &str) -> bool {
    if value.contains(':') {
        return value.parse::<Ipv6Addr>().is_ok() || parse_ipv6_with_sloppy_v4_tail(value);
    }
    parse_ipv4_sloppy(value)
}

fn parse_ipv4_sloppy(value: &str) -> bool {
    let parts: Vec<&str> = value.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|c| c.is_ascii_digit())
                && p.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

fn parse_ipv6_with_sloppy_v4_tail(value: &str) -> bool {
    // "::ffff:010.1.2.3": re-read with the tail normalised.
    match value.rfind(':') {
        Some(pos) if value[pos + 1..].contains('.') && parse_ipv4_sloppy(&value[pos + 1..]) => {
            let tail: Vec<String> = value[pos + 1..]
                .split('.')
                .map(|p| p.parse::<u16>().map(|n| n.to_string()).unwrap_or_default())
                .collect();
            format!("{}{}", &value[..=pos], tail.join("."))
                .parse::<Ipv6Addr>()
                .is_ok()
        }
        _ => false,
    }
}

pub(crate) fn ip_errors(value: &str) -> Vec<String> {
    if parse_ip_sloppy(value) {
        Vec::new()
    } else {
        vec![String::from(
            "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
        )]
    }
}

pub(crate) fn cidr_errors(value: &str) -> Vec<String> {
    let ok = value.split_once('/').is_some_and(|(ip, bits)| {
        let max = if ip.contains(':') { 128 } else { 32 };
        parse_ip_sloppy(ip)
            && !bits.is_empty()
            && bits.bytes().all(|c| c.is_ascii_digit())
            && bits.parse::<u32>().is_ok_and(|n| n <= max)
    });
    if ok {
        Vec::new()
    } else {
        vec![String::from(
            "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
        )]
    }
}

/// `IsDNS1123Label`: a lowercase RFC 1123 label, at most 63 characters (container, volume,
/// namespace and Service port names).
pub fn is_dns1123_label(value: &str) -> Result<(), String> {
    to_result(dns1123_label_errors(value))
}

/// `IsDNS1123Subdomain`: dot-separated RFC 1123 labels, at most 253 characters (names of
/// Deployments, Secrets, ConfigMaps, PVCs, Ingresses; hosts).
pub fn is_dns1123_subdomain(value: &str) -> Result<(), String> {
    to_result(dns1123_subdomain_errors(value))
}

/// `IsDNS1035Label`: a label starting with a letter, at most 63 characters (Service names).
pub fn is_dns1035_label(value: &str) -> Result<(), String> {
    to_result(dns1035_label_errors(value))
}

/// `IsWildcardDNS1123Subdomain`: `*.` followed by a DNS-1123 subdomain (wildcard Ingress hosts).
pub fn is_wildcard_dns1123_subdomain(value: &str) -> Result<(), String> {
    to_result(wildcard_dns1123_subdomain_errors(value))
}

/// `IsQualifiedName`: an optional DNS-1123 subdomain prefix and `/`, then a name of at most 63
/// alphanumerics, `-`, `_`, `.` (label keys, selector keys, toleration keys).
pub fn is_qualified_name(value: &str) -> Result<(), String> {
    to_result(qualified_name_errors(value))
}

/// An annotation key: a qualified name once lowercased (annotation keys may use upper case).
pub fn is_annotation_key(value: &str) -> Result<(), String> {
    to_result(qualified_name_errors(&value.to_lowercase()))
}

/// `IsValidLabelValue`: empty, or at most 63 alphanumerics, `-`, `_`, `.`, starting and ending
/// with an alphanumeric.
pub fn is_label_value(value: &str) -> Result<(), String> {
    to_result(label_value_errors(value))
}

/// `IsValidPortName`: an IANA service name: at most 15 of `a-z0-9-`, at least one letter, no
/// leading, trailing or doubled hyphen (container port names).
pub fn is_valid_port_name(value: &str) -> Result<(), String> {
    to_result(port_name_errors(value))
}

/// `IsValidPortNum`: 1–65535.
pub fn is_valid_port_num(port: i64) -> Result<(), String> {
    to_result(port_num_errors(port))
}

/// The environment variable names Kubernetes 1.33 accepts (`RelaxedEnvironmentVariableValidation`,
/// on by default since 1.32): any non-empty run of printable ASCII characters except `=`.
pub fn is_env_var_name(value: &str) -> Result<(), String> {
    to_result(relaxed_env_var_name_errors(value))
}

/// The stricter, pre-1.32 rule (`IsEnvVarName`): `[-._a-zA-Z][-._a-zA-Z0-9]*`, and not `.`, `..`
/// or starting with `..`. Names that pass it work on every Kubernetes version.
pub fn is_strict_env_var_name(value: &str) -> Result<(), String> {
    to_result(strict_env_var_name_errors(value))
}

/// `IsConfigMapKey`: at most 253 of alphanumerics, `-`, `_`, `.`, and not `.`, `..` or starting
/// with `..` (ConfigMap and Secret keys, `secretKeyRef.key`).
pub fn is_config_map_key(value: &str) -> Result<(), String> {
    to_result(config_map_key_errors(value))
}

/// `IsValidPercent`: digits followed by `%` (rolling update `maxSurge` / `maxUnavailable`).
pub fn is_valid_percent(value: &str) -> Result<(), String> {
    to_result(percent_errors(value))
}

/// `IsHTTPHeaderName`: alphanumerics and `-` (probe HTTP header names).
pub fn is_http_header_name(value: &str) -> Result<(), String> {
    to_result(http_header_name_errors(value))
}

/// `IsValidIP`: an IPv4 or IPv6 address.
pub fn is_valid_ip(value: &str) -> Result<(), String> {
    to_result(ip_errors(value))
}

/// `IsValidCIDR`: an IPv4 or IPv6 address, `/`, a prefix length.
pub fn is_valid_cidr(value: &str) -> Result<(), String> {
    to_result(cidr_errors(value))
}

/// The total size rule for annotations: keys plus values at most 256 KiB.
pub fn check_annotations_size<'a>(
    annotations: impl IntoIterator<Item = (&'a String, &'a String)>,
) -> Result<(), String> {
    let total: usize = annotations
        .into_iter()
        .map(|(k, v)| k.len() + v.len())
        .sum();
    if total > TOTAL_ANNOTATION_SIZE_LIMIT {
        Err(format!(
            "annotations size {total} is larger than limit {TOTAL_ANNOTATION_SIZE_LIMIT}"
        ))
    } else {
        Ok(())
    }
}

/// Which name format a kind's `metadata.name` must follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameRule {
    /// A DNS-1123 subdomain (Deployment, Secret, ConfigMap, PVC, Ingress and most kinds).
    Dns1123Subdomain,
    /// A DNS-1123 label (Namespace).
    Dns1123Label,
    /// A DNS-1035 label (Service).
    Dns1035Label,
}

impl NameRule {
    /// The rule for a kind as the API spells it (`"Service"`, `"Deployment"`); kinds not listed
    /// use a DNS-1123 subdomain, as most Kubernetes kinds (and custom resources) do.
    pub fn for_kind(kind: &str) -> NameRule {
        match kind {
            "Service" => NameRule::Dns1035Label,
            "Namespace" => NameRule::Dns1123Label,
            _ => NameRule::Dns1123Subdomain,
        }
    }

    /// Checks a name against the rule.
    pub fn check(self, name: &str) -> Result<(), String> {
        to_result(self.errors(name, false))
    }

    /// Kubernetes' `ValidateNameFunc(name, prefix)`: with `prefix`, a trailing dash is allowed
    /// (the name is a `generateName` or an `envFrom` prefix-style reference).
    pub(crate) fn errors(self, name: &str, prefix: bool) -> Vec<String> {
        let masked;
        let name = if prefix {
            masked = mask_trailing_dash(name);
            masked.as_str()
        } else {
            name
        };
        match self {
            NameRule::Dns1123Subdomain => dns1123_subdomain_errors(name),
            NameRule::Dns1123Label => dns1123_label_errors(name),
            NameRule::Dns1035Label => dns1035_label_errors(name),
        }
    }
}

/// Kubernetes' `maskTrailingDash`: `name[:len-2] + "a"` when the name ends with `-`.
fn mask_trailing_dash(name: &str) -> String {
    if name.len() > 1 && name.ends_with('-') {
        let cut = name.len() - 2;
        match name.get(..cut) {
            Some(head) => format!("{head}a"),
            None => name.to_owned(),
        }
    } else {
        name.to_owned()
    }
}

/// Checks `name` against the `metadata.name` rule of `kind` (see [`NameRule::for_kind`]).
pub fn is_valid_name_for_kind(kind: &str, name: &str) -> Result<(), String> {
    NameRule::for_kind(kind).check(name)
}
