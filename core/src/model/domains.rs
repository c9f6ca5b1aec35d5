//! Coolify's `fqdn`: a comma-separated list of URLs, each meaning
//! "serve `scheme://host/path*`, forward to container port `:port`".

/// One `fqdn` entry, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Domain {
    /// Position in the `fqdn` list (Coolify's router index `i`).
    pub index: usize,
    /// The entry as normalised by Coolify: scheme and host lower-cased, path kept.
    pub url: String,
    /// `https` (TLS, plus an http router) or `http` (plain only).
    pub https: bool,
    /// The host name.
    pub host: String,
    /// The container port to forward to, when the URL names one.
    pub port: Option<u16>,
    /// The path prefix, `/` when absent.
    pub path: String,
}

impl Domain {
    /// `host` plus `path` without the scheme or port, as `COOLIFY_FQDN` shows it.
    pub fn without_scheme(&self) -> String {
        let rest = self.url.split_once("://").map(|(_, r)| r).unwrap_or(&self.url);
        rest.to_owned()
    }
}

/// The entries of a comma-separated list, trimmed, empty ones dropped.
pub fn split_list(text: &str) -> Vec<&str> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).collect()
}

/// Parses one entry. The error is a sentence for the user.
pub fn parse_domain(index: usize, text: &str) -> Result<Domain, String> {
    let (scheme, rest) = text.split_once("://").ok_or_else(|| format!("`{text}` is not a URL: Coolify domains start with http:// or https://"))?;
    let scheme = scheme.to_ascii_lowercase();
    let https = match scheme.as_str() {
        "https" => true,
        "http" => false,
        _ => return Err(format!("`{text}` uses `{scheme}://`; only http:// and https:// domains are routed")),
    };
    if rest.contains(['?', '#']) {
        return Err(format!("`{text}` has a query or fragment; a domain is scheme, host, optional port and path"));
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if authority.contains('@') {
        return Err(format!("`{text}` has user information; put credentials in basic auth instead"));
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => {
            let port: u32 = p.parse().map_err(|_| format!("`{text}` has port `{p}`, which is not a number"))?;
            if !(1..=65535).contains(&port) {
                return Err(format!("`{text}` has port {port}, outside 1–65535"));
            }
            (h, Some(port as u16))
        }
        None => (authority, None),
    };
    let host = host.to_ascii_lowercase();
    if let Err(why) = check_host(&host) {
        return Err(format!("`{text}`: {why}"));
    }
    if path.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("`{text}` has white space in its path"));
    }
    let port_text = port.map(|p| format!(":{p}")).unwrap_or_default();
    let shown_path = if path == "/" && !rest.ends_with('/') { "" } else { path };
    Ok(Domain {
        index,
        url: format!("{scheme}://{host}{port_text}{shown_path}"),
        https,
        host,
        port,
        path: path.to_owned(),
    })
}

fn check_host(host: &str) -> Result<(), String> {
    if host.is_empty() {
        return Err("the host is empty".to_owned());
    }
    if host.len() > 253 {
        return Err("the host is longer than 253 characters".to_owned());
    }
    for label in host.split('.') {
        let ok = !label.is_empty()
            && label.len() <= 63
            && label.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-');
        if !ok {
            return Err(format!("`{host}` is not a valid host name (letters, digits, `-` and `.`)"));
        }
    }
    Ok(())
}
