//! `custom_docker_run_options`: the 15 `docker run` options Coolify accepts, parsed into what
//! Kubernetes can express (the rest becomes warnings).

use crate::error::Collector;
use crate::quantity;

const PATH: &str = "application.custom_docker_run_options";

/// The Kubernetes-expressible part of `custom_docker_run_options`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunOptions {
    /// `--cap-add` (normalised: upper case, no `CAP_` prefix).
    pub cap_add: Vec<String>,
    /// `--cap-drop`.
    pub cap_drop: Vec<String>,
    /// `--privileged`.
    pub privileged: bool,
    /// `--security-opt no-new-privileges`.
    pub no_new_privileges: bool,
    /// `--security-opt seccomp=unconfined`.
    pub seccomp_unconfined: bool,
    /// `--security-opt apparmor=...`: `Unconfined` or a localhost profile name.
    pub apparmor: Option<String>,
    /// `--security-opt label=type:...` etc.: SELinux user, role, type, level.
    pub selinux: Vec<(String, String)>,
    /// `--sysctl k=v`, in order.
    pub sysctls: Vec<(String, String)>,
    /// `--shm-size`, as a Kubernetes quantity.
    pub shm_size: Option<String>,
    /// `--hostname`.
    pub hostname: Option<String>,
    /// `--entrypoint`, split like a shell would.
    pub entrypoint: Option<Vec<String>>,
    /// `--dns`.
    pub dns: Vec<String>,
    /// `--init`.
    pub init: bool,
    /// `--gpus`: `None` = all, `Some(ids)` = these devices.
    pub gpus: Option<Option<Vec<String>>>,
    /// `--ip`/`--ip6` were given (Coolify then stops the old container first).
    pub fixed_ip: bool,
}

/// Options that take a value.
const WITH_VALUE: [&str; 13] = [
    "--cap-add", "--cap-drop", "--security-opt", "--sysctl", "--shm-size", "--hostname", "--entrypoint", "--dns", "--gpus",
    "--device", "--ulimit", "--ip", "--ip6",
];

/// Splits like a POSIX shell would (quotes and backslashes), without expanding anything.
/// `Err` on an unclosed quote.
pub fn shell_split(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(x) => cur.push(x),
                        None => return Err("an opening ' has no closing '".to_owned()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(x @ ('"' | '\\' | '$' | '`')) => cur.push(x),
                            // A backslash-newline inside double quotes continues the line.
                            Some('\n') => {}
                            Some(x) => {
                                cur.push('\\');
                                cur.push(x);
                            }
                            None => return Err("an opening \" has no closing \"".to_owned()),
                        },
                        Some(x) => cur.push(x),
                        None => return Err("an opening \" has no closing \"".to_owned()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(x) = chars.next() {
                    if x != '\n' {
                        cur.push(x);
                    }
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    Ok(out)
}

/// Parses the option string; what Kubernetes cannot express goes to `warnings`, malformed
/// values to `errors`.
pub fn parse(text: &str, errors: &mut Collector, warnings: &mut Collector) -> RunOptions {
    let mut opts = RunOptions::default();
    let tokens = match shell_split(text) {
        Ok(t) => t,
        Err(why) => {
            errors.push("invalid_run_options", PATH, format!("cannot split the options: {why}"));
            return opts;
        }
    };
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        i += 1;
        if !token.starts_with("--") {
            warnings.push("unsupported_run_option", PATH, format!("`{token}` is not an option Coolify applies; ignored"));
            continue;
        }
        let (flag, inline) = match token.split_once('=') {
            Some((f, v)) => (f.to_owned(), Some(v.to_owned())),
            None => (token.clone(), None),
        };
        let value = if WITH_VALUE.contains(&flag.as_str()) {
            match inline {
                Some(v) => Some(v),
                None if i < tokens.len() && !tokens[i].starts_with("--") => {
                    i += 1;
                    Some(tokens[i - 1].clone())
                }
                None => {
                    errors.push("invalid_run_options", PATH, format!("`{flag}` needs a value"));
                    continue;
                }
            }
        } else {
            inline
        };
        let value = value.unwrap_or_default();
        apply(&mut opts, &flag, &value, errors, warnings);
    }
    opts
}

fn capability(value: &str) -> String {
    let upper = value.trim().to_ascii_uppercase();
    upper.strip_prefix("CAP_").map(str::to_owned).unwrap_or(upper)
}

fn apply(opts: &mut RunOptions, flag: &str, value: &str, errors: &mut Collector, warnings: &mut Collector) {
    match flag {
        "--cap-add" => opts.cap_add.push(capability(value)),
        "--cap-drop" => opts.cap_drop.push(capability(value)),
        "--privileged" => opts.privileged = true,
        "--init" => {
            opts.init = true;
            warnings.push(
                "approximate_run_option",
                PATH,
                "`--init`: the pod shares one process namespace so its pause process reaps zombies, as Docker's init does; signals still go to the container's own PID 1",
            );
        }
        "--security-opt" => security_opt(opts, value, warnings),
        "--sysctl" => match value.split_once('=') {
            Some((k, v)) if !k.is_empty() => {
                if !SAFE_SYSCTLS.contains(&k) {
                    warnings.push(
                        "unsafe_sysctl",
                        PATH,
                        format!("`--sysctl {k}` is not one of Kubernetes' safe sysctls: the kubelet must allow it (`--allowed-unsafe-sysctls`) or the pod is rejected"),
                    );
                }
                opts.sysctls.push((k.to_owned(), v.to_owned()));
            }
            _ => errors.push("invalid_run_options", PATH, format!("`--sysctl {value}` is not `name=value`")),
        },
        "--shm-size" => match quantity::docker_bytes(value) {
            Ok(Some(bytes)) => opts.shm_size = Some(quantity::bytes_quantity(bytes)),
            Ok(None) => {}
            Err(why) => errors.push("invalid_run_options", PATH, format!("`--shm-size`: {why}")),
        },
        "--hostname" => {
            if crate::names::is_dns_label(value) {
                opts.hostname = Some(value.to_owned());
            } else {
                errors.push("invalid_run_options", PATH, format!("`--hostname {value}`: a pod host name is a DNS label (lowercase letters, digits and `-`, at most 63)"));
            }
        }
        "--entrypoint" => match shell_split(value) {
            Ok(words) if !words.is_empty() => opts.entrypoint = Some(words),
            Ok(_) => errors.push("invalid_run_options", PATH, "`--entrypoint` is empty"),
            Err(why) => errors.push("invalid_run_options", PATH, format!("`--entrypoint`: {why}")),
        },
        "--dns" => {
            opts.dns.push(value.to_owned());
        }
        "--gpus" => {
            let v = value.trim_matches('"');
            if v == "all" {
                opts.gpus = Some(None);
            } else if let Some(ids) = v.strip_prefix("device=") {
                opts.gpus = Some(Some(ids.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect()));
            } else if let Ok(n) = v.parse::<u32>() {
                opts.gpus = Some(Some((0..n).map(|i| i.to_string()).collect()));
            } else {
                errors.push("invalid_run_options", PATH, format!("`--gpus {value}` is not `all`, a count or `device=...`"));
            }
        }
        "--device" => warnings.push(
            "unsupported_run_option",
            PATH,
            format!("`--device {value}`: Kubernetes exposes host devices only through device plugins; not mapped"),
        ),
        "--ulimit" => warnings.push(
            "unsupported_run_option",
            PATH,
            format!("`--ulimit {value}`: Kubernetes has no per-pod ulimits (they come from the container runtime's defaults); not mapped"),
        ),
        "--ip" | "--ip6" => {
            opts.fixed_ip = true;
            warnings.push(
                "unsupported_run_option",
                PATH,
                format!("`{flag} {value}`: pods cannot ask for a fixed IP address; use the Service name instead. The rollout still stops the old pod first, as Coolify does"),
            );
        }
        _ => warnings.push("unsupported_run_option", PATH, format!("`{flag}` is not one of the options Coolify applies; ignored, as Coolify ignores it")),
    }
}

fn security_opt(opts: &mut RunOptions, value: &str, warnings: &mut Collector) {
    let (key, val) = match value.split_once(['=', ':']) {
        Some((k, v)) => (k, v),
        None => (value, ""),
    };
    match key {
        "no-new-privileges" if val.is_empty() || val == "true" => opts.no_new_privileges = true,
        "no-new-privileges" => {}
        "seccomp" if val == "unconfined" => opts.seccomp_unconfined = true,
        "apparmor" if val == "unconfined" => opts.apparmor = Some("Unconfined".to_owned()),
        "apparmor" if !val.is_empty() => opts.apparmor = Some(val.to_owned()),
        "label" => match val.split_once(':') {
            Some((part @ ("user" | "role" | "type" | "level"), v)) => opts.selinux.push((part.to_owned(), v.to_owned())),
            _ => warnings.push("unsupported_run_option", PATH, format!("`--security-opt {value}` has no Kubernetes counterpart; not mapped")),
        },
        _ => warnings.push(
            "unsupported_run_option",
            PATH,
            format!("`--security-opt {value}` has no Kubernetes counterpart (a seccomp profile file must live on every node); not mapped"),
        ),
    }
}

/// The sysctls Kubernetes 1.33 allows without kubelet configuration.
const SAFE_SYSCTLS: [&str; 11] = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
];
