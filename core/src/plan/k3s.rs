//! K3s on a fresh server: install, join a worker, uninstall, read the kubeconfig and the token.
//!
//! The plan only builds the commands; it downloads nothing.

use super::input::{check_optional, check_word, Action, ActionKind, InstallK3s, JoinK3s, Sensitive};
use super::shell::{join, quote, run};
use super::{Plan, Step};
use crate::error::{Collector, Errors};
use std::net::{Ipv4Addr, Ipv6Addr}; // address parsing only: the core opens no sockets

/// The official install script.
pub const INSTALLER_URL: &str = "https://get.k3s.io";
/// Where the install script puts `k3s` and its uninstall scripts.
pub const BIN_DIR: &str = "/usr/local/bin";
/// The server's admin kubeconfig.
pub const KUBECONFIG_PATH: &str = "/etc/rancher/k3s/k3s.yaml";
/// The server's token for joining agents.
pub const TOKEN_PATH: &str = "/var/lib/rancher/k3s/server/node-token";

/// The server addresses a K3s kubeconfig names: `server: https://<here>:<port>`.
const LOCAL_SERVERS: [(&str, &str); 2] = [("server: https://127.0.0.1:", r"server: https://127\.0\.0\.1:"), ("server: https://[::1]:", r"server: https://\[::1]:")];

pub(crate) fn plan(action: &Action) -> Result<Plan, Errors> {
    let mut problems = Collector::default();
    let step = match &action.kind {
        ActionKind::InstallK3s(o) => install(o, &mut problems),
        ActionKind::JoinK3s(o) => join_agent(o, &mut problems),
        ActionKind::UninstallK3s { agent, bin_dir } => {
            let dir = bin_dir_of(bin_dir.as_deref(), &mut problems);
            let script = if *agent { "k3s-agent-uninstall.sh" } else { "k3s-uninstall.sh" };
            Step::new(run(&[format!("{dir}/{script}")]), format!("Uninstall K3s ({}): remove it and everything it ran", if *agent { "agent" } else { "server" }))
        }
        ActionKind::FetchKubeconfig { public_address, path } => {
            let path = file_of(path.as_deref(), KUBECONFIG_PATH, &mut problems);
            match public_address {
                Some(address) => match public_host(address) {
                    Ok(host) => {
                        let mut argv = vec!["sed".to_owned()];
                        for (_, pattern) in LOCAL_SERVERS {
                            argv.push("-e".to_owned());
                            argv.push(format!("s|{pattern}|server: https://{host}:|"));
                        }
                        argv.push(path);
                        Step::new(run(&argv), format!("Print the K3s kubeconfig with its server address set to {host}")).hide()
                    }
                    Err(message) => {
                        problems.push("invalid_address", "public_address", message);
                        Step::new(String::new(), "")
                    }
                },
                None => Step::new(run(&["cat", path.as_str()]), "Print the K3s kubeconfig").hide(),
            }
        }
        ActionKind::FetchK3sToken { path } => {
            let path = file_of(path.as_deref(), TOKEN_PATH, &mut problems);
            Step::new(run(&["cat", path.as_str()]), "Print the K3s server's node token (for joining workers)").hide()
        }
        _ => Step::new(String::new(), ""),
    };
    if !problems.is_empty() {
        return Err(Errors::new(problems.into_vec()));
    }
    Ok(Plan::new(action.kind.name(), vec![step]))
}

fn install(o: &InstallK3s, problems: &mut Collector) -> Step {
    let mut env = release(o.version.as_deref(), o.channel.as_deref(), problems);
    let dir = bin_dir_of(o.bin_dir.as_deref(), problems);
    if dir != BIN_DIR {
        env.push(("INSTALL_K3S_BIN_DIR", dir.clone()));
    }
    if let Some(token) = &o.token {
        check_token(token, "token", problems);
        env.push(("K3S_TOKEN", token.0.clone()));
    }
    let mut args = vec!["server".to_owned()];
    if o.cluster_init {
        args.push("--cluster-init".to_owned());
    }
    for (i, d) in o.disable.iter().enumerate() {
        if d.is_empty() || !d.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') || d.starts_with('-') {
            problems.push("invalid_component", format!("disable[{i}]"), "not a K3s component name (traefik, servicelb, metrics-server, local-storage, coredns)");
        }
        args.push("--disable".to_owned());
        args.push(d.clone());
    }
    for (i, san) in o.tls_san.iter().enumerate() {
        if let Err(message) = host(san) {
            problems.push("invalid_address", format!("tls_san[{i}]"), message);
        }
        args.push("--tls-san".to_owned());
        args.push(san.clone());
    }
    node_options(&o.node_label, &o.node_taint, &o.extra_args, &mut args, problems);
    let hidden = o.token.is_some();
    let step = Step::new(
        installer(o.installer_url.as_deref(), &env, &args, problems),
        "Install a K3s server (downloads and runs the K3s install script)",
    );
    if hidden { step.hide() } else { step }
}

fn join_agent(o: &JoinK3s, problems: &mut Collector) -> Step {
    let mut env = release(o.version.as_deref(), o.channel.as_deref(), problems);
    let dir = bin_dir_of(o.bin_dir.as_deref(), problems);
    if dir != BIN_DIR {
        env.push(("INSTALL_K3S_BIN_DIR", dir.clone()));
    }
    match &o.server_url {
        Some(url) => {
            if let Err(message) = https_url(url) {
                problems.push("invalid_url", "server_url", message);
            }
            env.push(("K3S_URL", url.clone()));
        }
        None => problems.push("missing_field", "server_url", "join-k3s needs the server's URL (https://<server>:6443)"),
    }
    match &o.token {
        Some(token) => {
            check_token(token, "token", problems);
            env.push(("K3S_TOKEN", token.0.clone()));
        }
        None => problems.push("missing_field", "token", "join-k3s needs the server's node token (fetch-k3s-token prints it)"),
    }
    let mut args = vec!["agent".to_owned()];
    node_options(&o.node_label, &o.node_taint, &o.extra_args, &mut args, problems);
    Step::new(installer(o.installer_url.as_deref(), &env, &args, problems), "Install K3s as an agent and join it to the server").hide()
}

/// `(set -o pipefail && curl -sfL <url> </dev/null | NAME=<value> ... sh -s - <args>)`: a failed
/// download fails the step instead of running an empty script. The variables are shell
/// assignments (each value through [`quote`]), so a token never appears in a process's argv.
fn installer(url: Option<&str>, env: &[(&'static str, String)], args: &[String], problems: &mut Collector) -> String {
    let url = url.unwrap_or(INSTALLER_URL);
    if let Err(message) = https_url(url) {
        problems.push("invalid_url", "installer_url", message);
    }
    let mut sh: Vec<String> = env.iter().map(|(name, value)| format!("{name}={}", quote(value))).collect();
    let mut argv = vec!["sh".to_owned(), "-s".to_owned(), "-".to_owned()];
    argv.extend(args.iter().cloned());
    sh.push(join(&argv));
    format!("(set -o pipefail && {} </dev/null | {})", join(&["curl", "-sfL", url]), sh.join(" "))
}

fn release(version: Option<&str>, channel: Option<&str>, problems: &mut Collector) -> Vec<(&'static str, String)> {
    let mut env = Vec::new();
    if version.is_some() && channel.is_some() {
        problems.push("conflicting_fields", "channel", "give a version or a channel, not both");
    }
    if let Some(v) = version {
        if v.is_empty() || v.len() > 64 || !v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-')) || v.starts_with('-') {
            problems.push("invalid_version", "version", "not a K3s release such as v1.33.4+k3s1");
        }
        env.push(("INSTALL_K3S_VERSION", v.to_owned()));
    }
    if let Some(c) = channel {
        if c.is_empty() || c.len() > 64 || !c.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-')) || c.starts_with('-') {
            problems.push("invalid_channel", "channel", "not a K3s channel such as stable, latest or v1.33");
        }
        env.push(("INSTALL_K3S_CHANNEL", c.to_owned()));
    }
    env
}

fn node_options(labels: &[String], taints: &[String], extra: &[String], args: &mut Vec<String>, problems: &mut Collector) {
    for (i, label) in labels.iter().enumerate() {
        let path = format!("node_label[{i}]");
        match label.split_once('=') {
            Some((k, v)) => {
                if let Err(message) = crate::validate::is_qualified_name(k) {
                    problems.push("invalid_label", path.as_str(), format!("invalid key: {message}"));
                } else if let Err(message) = crate::validate::is_label_value(v) {
                    problems.push("invalid_label", path.as_str(), format!("invalid value: {message}"));
                }
            }
            None => problems.push("invalid_label", path.as_str(), "a node label is key=value"),
        }
        args.push("--node-label".to_owned());
        args.push(label.clone());
    }
    for (i, taint) in taints.iter().enumerate() {
        let path = format!("node_taint[{i}]");
        let ok = taint.rsplit_once(':').is_some_and(|(kv, effect)| {
            let key = kv.split_once('=').map_or(kv, |(k, _)| k);
            let value_ok = kv.split_once('=').is_none_or(|(_, v)| crate::validate::is_label_value(v).is_ok());
            matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") && crate::validate::is_qualified_name(key).is_ok() && value_ok
        });
        if !ok {
            problems.push("invalid_taint", path, "a node taint is key[=value]:NoSchedule|PreferNoSchedule|NoExecute");
        }
        args.push("--node-taint".to_owned());
        args.push(taint.clone());
    }
    for (i, a) in extra.iter().enumerate() {
        check_word(problems, &format!("extra_args[{i}]"), a);
        args.push(a.clone());
    }
}

fn check_token(token: &Sensitive, path: &str, problems: &mut Collector) {
    if token.0.is_empty() {
        problems.push("empty_field", path, "the token is empty");
    } else if token.0.chars().any(char::is_control) {
        // Never the value: it is a secret.
        problems.push("invalid_token", path, "the token contains a control character (a newline, a NUL byte, ...)");
    }
}

fn bin_dir_of(dir: Option<&str>, problems: &mut Collector) -> String {
    match dir {
        None => BIN_DIR.to_owned(),
        Some(d) => {
            check_optional(problems, "bin_dir", Some(d));
            if !d.starts_with('/') {
                problems.push("invalid_path", "bin_dir", "must be an absolute path");
            }
            let trimmed = d.trim_end_matches('/');
            if trimmed.is_empty() { "/".to_owned() } else { trimmed.to_owned() }
        }
    }
}

fn file_of(path: Option<&str>, default: &str, problems: &mut Collector) -> String {
    check_optional(problems, "path", path);
    path.unwrap_or(default).to_owned()
}

fn https_url(url: &str) -> Result<(), String> {
    let rest = url.strip_prefix("https://").ok_or("must start with https://")?;
    if rest.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("not a URL (no host, or a space or control character in it)".to_owned());
    }
    Ok(())
}

/// A host name, an IPv4 address or an IPv6 address (bare or in brackets).
fn host(text: &str) -> Result<(), String> {
    public_host(text).map(|_| ())
}

/// The host as it goes into a URL: IPv6 addresses in brackets.
fn public_host(text: &str) -> Result<String, String> {
    let bare = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')).unwrap_or(text);
    if let Ok(v6) = bare.parse::<Ipv6Addr>() {
        return Ok(format!("[{v6}]"));
    }
    if bare.parse::<Ipv4Addr>().is_ok() {
        return Ok(bare.to_owned());
    }
    if bare != text {
        return Err("not an IPv6 address inside the brackets".to_owned());
    }
    let labels_ok = !text.is_empty()
        && text.len() <= 253
        && text.split('.').all(|l| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    if labels_ok {
        Ok(text.to_owned())
    } else {
        Err("not a host name or an IP address".to_owned())
    }
}

/// The K3s kubeconfig `text` with its server address (`https://127.0.0.1:<port>` or
/// `https://[::1]:<port>`) set to `public_address`, the port kept. Exactly what the
/// `fetch-kubeconfig` step's `sed` does: in each line, the first `server: https://127.0.0.1:`,
/// then the first `server: https://[::1]:`, becomes `server: https://<address>:`; every other
/// byte is kept.
///
/// ```
/// let text = "clusters:\n- cluster:\n    server: https://127.0.0.1:6443\n  name: default\n";
/// let out = coolify_k8s_core::plan::rewrite_k3s_kubeconfig(text, "203.0.113.7").unwrap();
/// assert_eq!(out, "clusters:\n- cluster:\n    server: https://203.0.113.7:6443\n  name: default\n");
/// ```
pub fn rewrite_k3s_kubeconfig(text: &str, public_address: &str) -> Result<String, Errors> {
    let host = public_host(public_address).map_err(|m| Errors::one("invalid_address", "public_address", m))?;
    let replacement = format!("server: https://{host}:");
    let mut out = String::with_capacity(text.len() + 32);
    for line in text.split_inclusive('\n') {
        let mut line = line.to_owned();
        for (literal, _) in LOCAL_SERVERS {
            line = line.replacen(literal, &replacement, 1);
        }
        out.push_str(&line);
    }
    Ok(out)
}
