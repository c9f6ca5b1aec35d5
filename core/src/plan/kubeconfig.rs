//! Linking an existing cluster: parse and check a kubeconfig, choose its context, and store it
//! on the server running kubectl with owner-only permissions.
//!
//! Nothing secret (tokens, passwords, keys, certificate data) is ever copied into a problem, a
//! warning, the summary or `Debug` output: the raw kubeconfig types have no `Debug` at all.

use super::input::{check_optional, Action, ActionKind, Sensitive};
use super::shell::join;
use super::{Plan, Step};
use crate::error::{Collector, Errors, Problem};
use base64::Engine as _;
use serde::{Deserialize, Serialize};

/// What a kubeconfig holds, without its secrets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KubeconfigSummary {
    /// The chosen context.
    pub context: String,
    /// Its cluster.
    pub cluster: String,
    /// The cluster's API server URL (any user info removed).
    pub server: String,
    /// Its user (none: anonymous).
    pub user: Option<String>,
    /// The context's default namespace.
    pub namespace: Option<String>,
    /// How the user authenticates: `client-certificate`, `token`, `token-file`, `exec`,
    /// `auth-provider`, `basic`; empty for none.
    pub auth: Vec<String>,
    /// The file's `current-context`.
    pub current_context: Option<String>,
    /// Every context, in file order.
    pub contexts: Vec<ContextSummary>,
}

/// One context of a kubeconfig.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContextSummary {
    /// Its name.
    pub name: String,
    /// Its cluster.
    pub cluster: String,
    /// Its user.
    pub user: Option<String>,
    /// Its default namespace.
    pub namespace: Option<String>,
}

/// A checked kubeconfig: the summary of the chosen context and the warnings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Kubeconfig {
    /// What it holds.
    pub summary: KubeconfigSummary,
    /// Things that may stop it from working on the Coolify server (exec plugins, files it
    /// refers to, no TLS verification, a local server address).
    pub warnings: Vec<Problem>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct Raw {
    clusters: Vec<Named<RawCluster>>,
    contexts: Vec<NamedContext>,
    users: Vec<NamedUser>,
    #[serde(rename = "current-context")]
    current_context: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct Named<T> {
    name: Option<String>,
    cluster: Option<T>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct NamedContext {
    name: Option<String>,
    context: Option<RawContext>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct NamedUser {
    name: Option<String>,
    user: Option<RawUser>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct RawCluster {
    server: Option<String>,
    #[serde(rename = "certificate-authority-data")]
    ca_data: Option<String>,
    #[serde(rename = "certificate-authority")]
    ca_file: Option<String>,
    #[serde(rename = "insecure-skip-tls-verify")]
    insecure: Option<Flag>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct RawContext {
    cluster: Option<String>,
    user: Option<String>,
    namespace: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct RawUser {
    #[serde(rename = "client-certificate-data")]
    cert_data: Option<String>,
    #[serde(rename = "client-key-data")]
    key_data: Option<String>,
    #[serde(rename = "client-certificate")]
    cert_file: Option<String>,
    #[serde(rename = "client-key")]
    key_file: Option<String>,
    token: Option<String>,
    #[serde(rename = "tokenFile")]
    token_file: Option<String>,
    username: Option<String>,
    password: Option<String>,
    exec: Option<RawExec>,
    #[serde(rename = "auth-provider")]
    auth_provider: Option<RawAuthProvider>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct RawExec {
    command: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct RawAuthProvider {
    name: Option<String>,
}

/// A boolean written as a boolean or as text.
#[derive(Deserialize)]
#[serde(untagged)]
enum Flag {
    Bool(bool),
    Text(String),
}

impl Flag {
    fn is_true(&self) -> bool {
        match self {
            Flag::Bool(b) => *b,
            Flag::Text(t) => t.eq_ignore_ascii_case("true"),
        }
    }
}

const ROOT: &str = "content";

fn parse_raw(text: &str) -> Result<Raw, Errors> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Errors::one("empty_input", ROOT, "the kubeconfig is empty"));
    }
    // Messages name where, never what: a kubeconfig's values are secrets.
    if text.trim_start().starts_with('{') {
        let mut de = serde_json::Deserializer::from_str(text);
        return serde_path_to_error::deserialize::<_, Raw>(&mut de).map_err(|e| {
            let path = at(&e.path().to_string());
            let inner = e.into_inner();
            Errors::one("invalid_kubeconfig", path, format!("not a valid kubeconfig here (line {}, column {})", inner.line(), inner.column()))
        });
    }
    let mut path = String::new();
    let options = serde_saphyr::options! { with_snippet: false };
    serde_saphyr::with_deserializer_from_str_with_options(text, options, |de| {
        let mut track = serde_path_to_error::Track::new();
        let out = Raw::deserialize(serde_path_to_error::Deserializer::new(de, &mut track));
        if out.is_err() {
            path = at(&track.path().to_string());
        }
        out
    })
    .map_err(|e| {
        let place = e.location().map(|l| format!(" (line {}, column {})", l.line(), l.column())).unwrap_or_default();
        Errors::one("invalid_kubeconfig", path, format!("not valid YAML for a kubeconfig here{place}"))
    })
}

fn at(path: &str) -> String {
    if path == "." || path.is_empty() { ROOT.to_owned() } else { format!("{ROOT}.{path}") }
}

fn decodes(data: &str) -> bool {
    let compact: String = data.chars().filter(|c| !matches!(c, '\r' | '\n' | ' ' | '\t')).collect();
    base64::engine::general_purpose::STANDARD.decode(compact).is_ok()
}

fn strip_user_info(server: &str) -> String {
    if let Some((scheme, rest)) = server.split_once("://") {
        let authority_end = rest.find('/').unwrap_or(rest.len());
        if let Some(at) = rest[..authority_end].rfind('@') {
            return format!("{scheme}://{}", &rest[at + 1..]);
        }
    }
    server.to_owned()
}

fn host_of(server: &str) -> &str {
    let rest = server.split_once("://").map_or(server, |(_, r)| r);
    let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if let Some(end) = authority.strip_prefix('[').and_then(|a| a.find(']')) {
        return &authority[..end + 2];
    }
    authority.split(':').next().unwrap_or(authority)
}

/// Parses and checks a kubeconfig (YAML or JSON) and chooses its context: `context` when
/// given, else `current-context`, else the only context. Only the chosen context's cluster and
/// user are checked. Problem paths start at `content` (the kubeconfig's text).
pub fn parse_kubeconfig(text: &str, context: Option<&str>) -> Result<Kubeconfig, Errors> {
    let raw = parse_raw(text)?;
    let mut errors = Collector::default();
    let mut warnings = Collector::default();
    if raw.contexts.is_empty() {
        return Err(Errors::one("kubeconfig_no_context", format!("{ROOT}.contexts"), "the kubeconfig has no context"));
    }
    let names: Vec<&str> = raw.contexts.iter().map(|c| c.name.as_deref().unwrap_or("")).collect();
    let current = raw.current_context.as_deref().filter(|c| !c.is_empty());
    let (chosen, path) = match (context, current) {
        (Some(c), _) => (c, "context".to_owned()),
        (None, Some(c)) => (c, format!("{ROOT}.current-context")),
        (None, None) if raw.contexts.len() == 1 => (names[0], format!("{ROOT}.contexts[0].name")),
        (None, None) => {
            return Err(Errors::one(
                "context_required",
                "context",
                format!("the kubeconfig has several contexts and no current-context; choose one of: {}", names.join(", ")),
            ))
        }
    };
    let Some(ci) = names.iter().position(|n| *n == chosen) else {
        return Err(Errors::one("unknown_context", path, format!("no context `{chosen}`; the kubeconfig has: {}", names.join(", "))));
    };
    let empty = RawContext::default();
    let ctx = raw.contexts[ci].context.as_ref().unwrap_or(&empty);
    let cpath = format!("{ROOT}.contexts[{ci}].context");
    let cluster_name = ctx.cluster.clone().unwrap_or_default();
    let mut server = String::new();
    match raw.clusters.iter().position(|c| c.name.as_deref() == Some(cluster_name.as_str())) {
        None => errors.push("kubeconfig_unknown_cluster", format!("{cpath}.cluster"), format!("the context names cluster `{cluster_name}`, which the kubeconfig does not define")),
        Some(i) => {
            let p = format!("{ROOT}.clusters[{i}].cluster");
            let empty = RawCluster::default();
            let c = raw.clusters[i].cluster.as_ref().unwrap_or(&empty);
            check_cluster(c, &p, &mut errors, &mut warnings);
            server = strip_user_info(c.server.as_deref().unwrap_or(""));
        }
    }
    let user = ctx.user.clone().filter(|u| !u.is_empty());
    let mut auth = Vec::new();
    match &user {
        None => warnings.push("kubeconfig_no_credentials", format!("{cpath}.user"), "the context has no user: kubectl will connect anonymously"),
        Some(name) => match raw.users.iter().position(|u| u.name.as_deref() == Some(name.as_str())) {
            None => errors.push("kubeconfig_unknown_user", format!("{cpath}.user"), format!("the context names user `{name}`, which the kubeconfig does not define")),
            Some(i) => {
                let empty = RawUser::default();
                let u = raw.users[i].user.as_ref().unwrap_or(&empty);
                auth = check_user(u, &format!("{ROOT}.users[{i}].user"), &mut errors, &mut warnings);
            }
        },
    }
    for (what, list) in [("cluster", raw.clusters.iter().map(|c| c.name.as_deref()).collect::<Vec<_>>()), ("context", names.iter().map(|n| Some(*n)).collect()), ("user", raw.users.iter().map(|u| u.name.as_deref()).collect())] {
        let mut seen = std::collections::BTreeSet::new();
        for name in list.into_iter().flatten() {
            if !seen.insert(name) {
                warnings.push("kubeconfig_duplicate_name", format!("{ROOT}.{what}s"), format!("two {what}s are named `{name}`; kubectl uses the first"));
            }
        }
    }
    if !errors.is_empty() {
        return Err(Errors::new(errors.into_vec()));
    }
    let contexts = raw
        .contexts
        .iter()
        .map(|c| {
            let inner = c.context.as_ref().unwrap_or(&empty);
            ContextSummary {
                name: c.name.clone().unwrap_or_default(),
                cluster: inner.cluster.clone().unwrap_or_default(),
                user: inner.user.clone().filter(|u| !u.is_empty()),
                namespace: inner.namespace.clone().filter(|n| !n.is_empty()),
            }
        })
        .collect();
    Ok(Kubeconfig {
        summary: KubeconfigSummary {
            context: chosen.to_owned(),
            cluster: cluster_name,
            server,
            user,
            namespace: ctx.namespace.clone().filter(|n| !n.is_empty()),
            auth,
            current_context: raw.current_context.clone(),
            contexts,
        },
        warnings: warnings.into_vec(),
    })
}

fn check_cluster(c: &RawCluster, p: &str, errors: &mut Collector, warnings: &mut Collector) {
    match c.server.as_deref().filter(|s| !s.is_empty()) {
        None => errors.push("kubeconfig_missing_server", format!("{p}.server"), "the cluster has no server URL"),
        Some(s) if s.starts_with("https://") || s.starts_with("http://") => {
            if s.starts_with("http://") {
                warnings.push("kubeconfig_plain_http", format!("{p}.server"), "the API server is reached over plain http: credentials travel unencrypted");
            }
            let host = host_of(s);
            if matches!(host, "127.0.0.1" | "localhost" | "[::1]" | "0.0.0.0") {
                warnings.push(
                    "kubeconfig_local_server",
                    format!("{p}.server"),
                    format!("the server address `{host}` only works on the cluster's own machine; use its public address (fetch-kubeconfig --public-address does this for K3s)"),
                );
            }
        }
        Some(_) => errors.push("kubeconfig_invalid_server", format!("{p}.server"), "the server URL must start with https:// (or http://)"),
    }
    if let Some(data) = &c.ca_data {
        if !decodes(data) {
            errors.push("kubeconfig_invalid_base64", format!("{p}.certificate-authority-data"), "not valid base64");
        }
    }
    if let Some(file) = &c.ca_file {
        warnings.push("kubeconfig_file_reference", format!("{p}.certificate-authority"), format!("refers to the file `{file}`, which must exist on the server running kubectl; embed it as certificate-authority-data instead"));
    }
    if c.insecure.as_ref().is_some_and(Flag::is_true) {
        if c.ca_data.is_some() || c.ca_file.is_some() {
            errors.push("kubeconfig_insecure_with_ca", format!("{p}.insecure-skip-tls-verify"), "kubectl refuses a certificate authority together with insecure-skip-tls-verify");
        } else {
            warnings.push("kubeconfig_insecure", format!("{p}.insecure-skip-tls-verify"), "the server's certificate is not verified");
        }
    }
}

fn check_user(u: &RawUser, p: &str, errors: &mut Collector, warnings: &mut Collector) -> Vec<String> {
    let mut auth = Vec::new();
    for (data, field) in [(&u.cert_data, "client-certificate-data"), (&u.key_data, "client-key-data")] {
        if data.as_deref().is_some_and(|d| !decodes(d)) {
            errors.push("kubeconfig_invalid_base64", format!("{p}.{field}"), "not valid base64");
        }
    }
    let has_cert = u.cert_data.is_some() || u.cert_file.is_some();
    let has_key = u.key_data.is_some() || u.key_file.is_some();
    if has_cert != has_key {
        errors.push(
            "kubeconfig_incomplete_client_certificate",
            p.to_owned(),
            if has_cert { "a client certificate without its key" } else { "a client key without its certificate" },
        );
    }
    if has_cert || has_key {
        auth.push("client-certificate".to_owned());
    }
    for (file, field) in [(&u.cert_file, "client-certificate"), (&u.key_file, "client-key"), (&u.token_file, "tokenFile")] {
        if let Some(f) = file {
            warnings.push("kubeconfig_file_reference", format!("{p}.{field}"), format!("refers to the file `{f}`, which must exist on the server running kubectl; embed the content instead"));
        }
    }
    if u.token.as_deref().is_some_and(|t| !t.is_empty()) {
        auth.push("token".to_owned());
    }
    if u.token_file.is_some() {
        auth.push("token-file".to_owned());
    }
    if u.username.is_some() || u.password.is_some() {
        auth.push("basic".to_owned());
        warnings.push("kubeconfig_basic_auth", p.to_owned(), "user name and password: Kubernetes API servers dropped basic authentication in 1.19");
    }
    if let Some(exec) = &u.exec {
        auth.push("exec".to_owned());
        match exec.command.as_deref().filter(|c| !c.is_empty()) {
            None => errors.push("kubeconfig_invalid_exec", format!("{p}.exec.command"), "the exec plugin names no command"),
            Some(command) => {
                let program = command.rsplit('/').next().unwrap_or(command);
                warnings.push(
                    "kubeconfig_exec_plugin",
                    format!("{p}.exec"),
                    format!("credentials come from running `{program}` on the server running kubectl: it must be installed and logged in there"),
                );
            }
        }
    }
    if let Some(provider) = &u.auth_provider {
        auth.push("auth-provider".to_owned());
        let name = provider.name.as_deref().unwrap_or("");
        if matches!(name, "gcp" | "azure") {
            errors.push(
                "kubeconfig_auth_provider_removed",
                format!("{p}.auth-provider"),
                format!("kubectl no longer has the `{name}` auth provider (removed in 1.26); use its exec plugin (gke-gcloud-auth-plugin, kubelogin)"),
            );
        } else {
            warnings.push("kubeconfig_auth_provider", format!("{p}.auth-provider"), format!("the `{name}` auth provider refreshes tokens by rewriting the kubeconfig file"));
        }
    }
    if auth.is_empty() {
        warnings.push("kubeconfig_no_credentials", p.to_owned(), "the user has no credentials: kubectl will connect anonymously");
    }
    auth
}

/// `link-cluster`: check the kubeconfig, then store it at the target's `kubeconfig` path.
pub(crate) fn plan(action: &Action) -> Result<Plan, Errors> {
    let ActionKind::LinkCluster { content } = &action.kind else {
        return Err(Errors::one("invalid_action", "action", "not link-cluster"));
    };
    let mut problems = Collector::default();
    check_optional(&mut problems, "context", action.target.context.as_deref());
    let path = match action.target.kubeconfig.as_deref() {
        None => {
            problems.push("missing_field", "kubeconfig", "link-cluster needs the path to store the kubeconfig at (later actions pass it as --kubeconfig)");
            None
        }
        Some(p) => {
            check_optional(&mut problems, "kubeconfig", Some(p));
            if !p.starts_with('/') || p.ends_with('/') {
                problems.push("invalid_path", "kubeconfig", "must be an absolute path to a file");
            }
            Some(p)
        }
    };
    let parsed = parse_kubeconfig(&content.0, action.target.context.as_deref());
    let parsed = match parsed {
        Ok(k) if problems.is_empty() => k,
        Ok(_) => return Err(Errors::new(problems.into_vec())),
        Err(e) => {
            let mut all = problems.into_vec();
            all.extend(e.problems);
            return Err(Errors::new(all));
        }
    };
    let path = path.unwrap_or_default();
    let mut plan = Plan::new("link-cluster", vec![store(path, content)]);
    plan.warnings = parsed.warnings;
    plan.kubeconfig = Some(parsed.summary);
    Ok(plan)
}

/// `(umask 077 && mkdir -p -- <dir> && rm -f -- <path> && printf %s <base64> | base64 -d > <path>)`:
/// the file is created afresh (a symlink or a looser mode at that path is replaced) with mode
/// 0600, its directory (when missing) with 0700; the umask stays inside the subshell.
fn store(path: &str, content: &Sensitive) -> Step {
    let dir = match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    };
    let encoded = base64::engine::general_purpose::STANDARD.encode(content.0.as_bytes());
    let command = format!(
        "(umask 077 && {} && {} && {} | base64 -d > {})",
        join(&["mkdir", "-p", "--", dir]),
        join(&["rm", "-f", "--", path]),
        join(&["printf", "%s", encoded.as_str()]),
        join(&[path])
    );
    Step::new(command, "Store the kubeconfig, readable by its owner only").hide()
}
