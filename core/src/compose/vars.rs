//! Variables: `${VAR}` interpolation over the compose file's context only (the caller's
//! variables, then Coolify's magic `SERVICE_*` variables), never the converting machine's
//! environment.
//!
//! Magic variables take the caller's value when it has one (Coolify stores what it generated);
//! otherwise they are derived: URLs and host names from `docker_compose_domains` or the server's
//! wildcard domain, names from the compose file, and secrets (`SERVICE_PASSWORD_*`,
//! `SERVICE_USER_*`, `SERVICE_BASE64_*`, `SERVICE_REALBASE64_*`, `SERVICE_HEX_*`) from the
//! caller's `seed` with SHA-256 — the same seed always gives the same values, and without a seed
//! such a variable is an error naming it. `SERVICE_SUPABASEANON_*` and `SERVICE_SUPABASESERVICE_*`
//! are Supabase's API keys as Coolify makes them: HS256 JWTs (`iss` supabase, role `anon` /
//! `service_role`, 100 years valid) signed with the value of `SERVICE_PASSWORD_JWT`, given or
//! derived; they are issued at the fixed [`SUPABASE_ISSUED_AT`] so that the same key always
//! gives the same token.

use crate::error::Collector;
use crate::model::interpolate::{expand, ExpandError};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Where variable values come from.
pub(crate) struct Vars<'a> {
    /// The caller's variables (Coolify's stored values).
    pub(crate) given: &'a BTreeMap<String, String>,
    /// Seed for generated secrets.
    pub(crate) seed: Option<&'a str>,
    /// The application uuid (host names of generated URLs).
    pub(crate) uuid: &'a str,
    /// Compose service names.
    pub(crate) services: Vec<String>,
    /// Service → its first domain URL (from `docker_compose_domains`).
    pub(crate) domains: BTreeMap<String, String>,
    /// The server's wildcard domain (`http://example.com`).
    pub(crate) wildcard: Option<String>,
    /// Values derived so far (each variable has one value per render).
    pub(crate) derived: BTreeMap<String, String>,
    /// Magic names that could not be derived, with the path that asked first.
    pub(crate) missing: BTreeMap<String, (String, String)>,
}

/// `iat` of generated Supabase keys: 2024-01-01T00:00:00Z (Coolify uses the minute it generates
/// them; a fixed time keeps renders reproducible).
pub const SUPABASE_ISSUED_AT: i64 = 1_704_067_200;
/// `exp` of generated Supabase keys: 100 years after [`SUPABASE_ISSUED_AT`] (2124-01-01).
pub const SUPABASE_EXPIRES_AT: i64 = 4_859_740_800;

/// HMAC-SHA256 (RFC 2104).
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new().chain_update(pad(0x36)).chain_update(message).finalize();
    Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize().into()
}

/// A Supabase API key: an HS256 JWT for `role`, signed with `secret`.
pub fn supabase_key(secret: &str, role: &str) -> String {
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let header = b64.encode(r#"{"typ":"JWT","alg":"HS256"}"#);
    // Claims in the order Coolify's JWT builder writes them.
    let role = serde_json::Value::from(role);
    let payload = b64.encode(format!(r#"{{"iss":"supabase","iat":{SUPABASE_ISSUED_AT},"exp":{SUPABASE_EXPIRES_AT},"role":{role}}}"#));
    let signing_input = format!("{header}.{payload}");
    let signature = b64.encode(hmac_sha256(secret.as_bytes(), signing_input.as_bytes()));
    format!("{signing_input}.{signature}")
}

/// Alphanumeric characters used for generated passwords and users.
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const SYMBOLS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,-.:;<=>?@[]^_{|}~";

/// `n` bytes derived from the seed and the variable name: SHA-256 over `seed`, `name` and a
/// block counter, concatenated.
pub fn derive_bytes(seed: &str, name: &str, n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(n + 32);
    let mut block: u32 = 0;
    while out.len() < n {
        let mut h = Sha256::new();
        h.update(seed.as_bytes());
        h.update([0]);
        h.update(name.as_bytes());
        h.update([0]);
        h.update(block.to_be_bytes());
        out.extend_from_slice(&h.finalize());
        block += 1;
    }
    out.truncate(n);
    out
}

/// `n` characters of `alphabet`, derived without bias (bytes past the last full multiple of
/// the alphabet's size are skipped).
fn derive_chars(seed: &str, name: &str, n: usize, alphabet: &[u8]) -> String {
    let limit = 256 - (256 % alphabet.len());
    let mut out = String::with_capacity(n);
    let mut round = 0u32;
    while out.len() < n {
        for b in derive_bytes(seed, &format!("{name}#{round}"), n * 2) {
            if (b as usize) < limit && out.len() < n {
                out.push(alphabet[b as usize % alphabet.len()] as char);
            }
        }
        round += 1;
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The variable whose value signs the Supabase keys.
const SUPABASE_SECRET: &str = "SERVICE_PASSWORD_JWT";

/// The JWT role of `SERVICE_SUPABASEANON_*` / `SERVICE_SUPABASESERVICE_*`.
fn supabase_role(name: &str) -> Option<&'static str> {
    let rest = name.strip_prefix("SERVICE_")?;
    if rest.strip_prefix("SUPABASEANON_").is_some_and(|r| !r.is_empty()) {
        Some("anon")
    } else if rest.strip_prefix("SUPABASESERVICE_").is_some_and(|r| !r.is_empty()) {
        Some("service_role")
    } else {
        None
    }
}

/// Splits `SERVICE_<KIND>_<REST>` for the secret kinds: (kind, size, identifier).
fn secret_kind(name: &str) -> Option<(&'static str, Option<usize>)> {
    let rest = name.strip_prefix("SERVICE_")?;
    let kinds = ["PASSWORDWITHSYMBOLS", "PASSWORD", "LOWERCASEUSER", "USER", "REALBASE64", "BASE64", "HEX"];
    let kind = kinds.into_iter().find(|k| rest.strip_prefix(k).is_some_and(|r| r.starts_with('_')))?;
    let after = &rest[kind.len() + 1..];
    let size = ["32", "64", "128"].into_iter().find(|s| after.strip_prefix(s).is_some_and(|r| r.starts_with('_'))).and_then(|s| s.parse().ok());
    Some((kind, size))
}

impl Vars<'_> {
    /// The value of a magic variable, when `name` is one and it can be derived.
    fn magic(&mut self, name: &str) -> Result<Option<String>, String> {
        if let Some(v) = self.derived.get(name) {
            return Ok(Some(v.clone()));
        }
        let value = if let Some(rest) = name.strip_prefix("SERVICE_URL_") {
            self.url(rest)?
        } else if let Some(rest) = name.strip_prefix("SERVICE_FQDN_") {
            self.url(rest)?.map(|u| host_of(&u))
        } else if let Some(rest) = name.strip_prefix("SERVICE_NAME_") {
            Some(self.service_for(rest).unwrap_or_else(|| rest.to_ascii_lowercase()))
        } else if let Some(role) = supabase_role(name) {
            let secret = match self.given.get(SUPABASE_SECRET) {
                Some(v) => v.clone(),
                None => match self.magic(SUPABASE_SECRET) {
                    Ok(Some(v)) => v,
                    _ => return Err(format!("`{name}` is a JWT signed with `{SUPABASE_SECRET}`: pass its value (or `{name}`'s) in `variables`, or a `seed` to derive it")),
                },
            };
            Some(supabase_key(&secret, role))
        } else if let Some((kind, size)) = secret_kind(name) {
            let Some(seed) = self.seed else {
                return Err(format!("`{name}` is generated by Coolify: pass its value in `variables`, or a `seed` to derive it"));
            };
            Some(match kind {
                "PASSWORD" => derive_chars(seed, name, size.unwrap_or(32).min(64), ALNUM),
                "PASSWORDWITHSYMBOLS" => derive_chars(seed, name, size.unwrap_or(32).min(64), SYMBOLS),
                "USER" => derive_chars(seed, name, 16, ALNUM),
                "LOWERCASEUSER" => derive_chars(seed, name, 16, ALNUM).to_ascii_lowercase(),
                "BASE64" => derive_chars(seed, name, size.unwrap_or(32), ALNUM),
                "REALBASE64" => base64::engine::general_purpose::STANDARD.encode(derive_bytes(seed, name, size.unwrap_or(32))),
                _ => hex(&derive_bytes(seed, name, size.unwrap_or(32) / 2)),
            })
        } else {
            None
        };
        if let Some(v) = &value {
            self.derived.insert(name.to_owned(), v.clone());
        }
        Ok(value)
    }

    /// The compose service an identifier names (`MY_APP` → `my-app`).
    fn service_for(&self, ident: &str) -> Option<String> {
        let key = |s: &str| s.to_ascii_uppercase().replace(['-', '.'], "_");
        self.services.iter().find(|s| key(s) == ident).cloned()
    }

    /// The URL of `SERVICE_URL_<rest>`, where `rest` is `NAME` or `NAME_PORT`.
    fn url(&self, rest: &str) -> Result<Option<String>, String> {
        let ident = match rest.rsplit_once('_') {
            Some((head, port)) if port.chars().all(|c| c.is_ascii_digit()) && !port.is_empty() => head,
            _ => rest,
        };
        let service = self.service_for(ident);
        if let Some(url) = service.as_ref().and_then(|s| self.domains.get(s)) {
            return Ok(Some(url.trim_end_matches('/').to_owned()));
        }
        let label = service.unwrap_or_else(|| ident.to_ascii_lowercase().replace('_', "-"));
        match &self.wildcard {
            Some(w) => {
                let (scheme, host) = w.split_once("://").unwrap_or(("http", w.as_str()));
                let host = host.trim_end_matches('/');
                let sub = if self.uuid.is_empty() { label } else { format!("{label}-{}", self.uuid) };
                Ok(Some(format!("{scheme}://{sub}.{host}")))
            }
            None => Err(format!(
                "`SERVICE_URL_{rest}` / `SERVICE_FQDN_{rest}` need a domain: pass the value in `variables`, a domain for the service in `docker_compose_domains`, or the server's `wildcard_domain`"
            )),
        }
    }

    /// For a `SERVICE_URL_<NAME>[_<PORT>]` or `SERVICE_FQDN_<NAME>[_<PORT>]` key naming
    /// `service`: the URL Coolify routes to it, with `:<PORT>` (the container port) when given.
    pub(crate) fn magic_route(&mut self, key: &str, service: &str, path: &str) -> Option<String> {
        let rest = key.strip_prefix("SERVICE_URL_").or_else(|| key.strip_prefix("SERVICE_FQDN_"))?;
        let (ident, port) = match rest.rsplit_once('_') {
            Some((head, port)) if !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()) => (head, Some(port)),
            _ => (rest, None),
        };
        if self.service_for(ident).as_deref() != Some(service) {
            return None;
        }
        let url = self.lookup(&format!("SERVICE_URL_{ident}"), path)?;
        let url = if url.contains("://") { url } else { format!("https://{url}") };
        Some(match port {
            Some(p) => {
                let (scheme, rest) = url.split_once("://").unwrap_or(("http", &url));
                let (host, tail) = rest.split_once('/').map(|(h, t)| (h, format!("/{t}"))).unwrap_or((rest, String::new()));
                format!("{scheme}://{host}:{p}{tail}")
            }
            None => url,
        })
    }

    /// Looks a name up: the caller's variables first, then the magic variables.
    pub(crate) fn lookup(&mut self, name: &str, path: &str) -> Option<String> {
        if let Some(v) = self.given.get(name) {
            return Some(v.clone());
        }
        if !name.starts_with("SERVICE_") {
            return None;
        }
        match self.magic(name) {
            Ok(v) => v,
            Err(message) => {
                self.missing.entry(name.to_owned()).or_insert_with(|| (path.to_owned(), message));
                None
            }
        }
    }

    /// Expands `${...}` in one value. An unset variable without a default expands to "" with
    /// a warning (as Compose does); a required one (`${VAR:?}`) is an error naming it.
    pub(crate) fn expand(&mut self, text: &str, path: &str, errors: &mut Collector, warnings: &mut Collector) -> String {
        let mut lookup = |n: &str| self.lookup(n, path);
        match expand(text, &mut lookup) {
            Ok(e) => {
                for name in e.unresolved {
                    if !name.starts_with("SERVICE_") || !self.missing.contains_key(&name) {
                        warnings.push("unset_variable", path, format!("`{name}` is not set; it expands to an empty string"));
                    }
                }
                e.value
            }
            Err(ExpandError::Required(name, message)) => {
                let why = if message.is_empty() { String::new() } else { format!(": {message}") };
                errors.push("required_variable", path, format!("`{name}` is required{why}"));
                String::new()
            }
            Err(ExpandError::Syntax(message)) => {
                errors.push("invalid_interpolation", path, message);
                String::new()
            }
        }
    }
}

/// The host of a URL (no scheme, port or path).
pub(crate) fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    host.rsplit_once(':').filter(|(_, p)| p.chars().all(|c| c.is_ascii_digit())).map(|(h, _)| h).unwrap_or(host).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_kinds() {
        assert_eq!(secret_kind("SERVICE_PASSWORD_DB"), Some(("PASSWORD", None)));
        assert_eq!(secret_kind("SERVICE_PASSWORD_64_DB"), Some(("PASSWORD", Some(64))));
        assert_eq!(secret_kind("SERVICE_HEX_32_KEY"), Some(("HEX", Some(32))));
        assert_eq!(secret_kind("SERVICE_ROLE_KEY"), None);
        assert_eq!(host_of("https://a.example.com:8443/x"), "a.example.com");
    }

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2 of RFC 4231.
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(hex(&mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        // Test case 6: a key longer than the block.
        let mac = hmac_sha256(&[0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First");
        assert_eq!(hex(&mac), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    #[test]
    fn supabase_keys_are_jwts_for_their_role() {
        let key = supabase_key("secret", "anon");
        let parts: Vec<&str> = key.split('.').collect();
        assert_eq!(parts.len(), 3);
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        assert_eq!(b64.decode(parts[0]).unwrap(), br#"{"typ":"JWT","alg":"HS256"}"#);
        assert_eq!(b64.decode(parts[1]).unwrap(), br#"{"iss":"supabase","iat":1704067200,"exp":4859740800,"role":"anon"}"#);
        let mac = hmac_sha256(b"secret", format!("{}.{}", parts[0], parts[1]).as_bytes());
        assert_eq!(b64.decode(parts[2]).unwrap(), mac);
        assert_eq!(supabase_role("SERVICE_SUPABASESERVICE_KEY"), Some("service_role"));
        assert_eq!(supabase_role("SERVICE_SUPABASEANON_KEY"), Some("anon"));
        assert_eq!(supabase_role("SERVICE_SUPABASE_URL"), None);
    }

    #[test]
    fn derivation_is_stable() {
        let a = derive_chars("seed", "SERVICE_PASSWORD_DB", 32, ALNUM);
        assert_eq!(a.len(), 32);
        assert_eq!(a, derive_chars("seed", "SERVICE_PASSWORD_DB", 32, ALNUM));
        assert_ne!(a, derive_chars("seed", "SERVICE_PASSWORD_APP", 32, ALNUM));
    }
}
