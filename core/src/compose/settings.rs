//! A service's container and pod settings: health check, resources, security context, host
//! aliases.

use super::file::{ListOrMap, Service, StrOrSeq};
use super::service::{flag, scalar};
use super::text::duration_seconds;
use super::Ctx;
use crate::model::{defaults, Scalar};
use crate::quantity;
use k8s_openapi::api::core::v1::{Capabilities, ExecAction, HostAlias, Probe, ResourceRequirements, SecurityContext};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use std::collections::BTreeMap;

/// The readiness probe and the progress deadline from `healthcheck` (Docker's defaults:
/// interval 30s, timeout 30s, 3 retries, start period 0).
pub(crate) fn health(ctx: &mut Ctx<'_>, svc: &Service, path: &str) -> (Option<Probe>, i32) {
    let none = (None, defaults::PROGRESS_DEADLINE_SECONDS);
    let Some(h) = &svc.healthcheck else { return none };
    let hpath = format!("{path}.healthcheck");
    ctx.untranslated(&hpath, &h.extra);
    if flag(ctx, &h.disable, &format!("{hpath}.disable")) {
        return none;
    }
    if h.start_interval.is_some() {
        ctx.warnings.push("untranslated_key", format!("{hpath}.start_interval"), "`start_interval` is not translated: the probe runs every `interval` from the start");
    }
    let tpath = format!("{hpath}.test");
    let argv: Vec<String> = match &h.test {
        None => {
            ctx.warnings.push("healthcheck_without_test", tpath, "a health check without `test` only changes the image's own check, which Kubernetes does not run");
            return none;
        }
        Some(StrOrSeq::Str(s)) => vec!["/bin/sh".to_owned(), "-c".to_owned(), ctx.x(s, &tpath)],
        Some(StrOrSeq::Seq(items)) => {
            let words: Vec<String> = items.iter().enumerate().filter_map(|(i, s)| scalar(ctx, &Some(s.clone()), &format!("{tpath}[{i}]"))).collect();
            match words.first().map(String::as_str) {
                Some("NONE") => return none,
                Some("CMD") if words.len() > 1 => words[1..].to_vec(),
                Some("CMD-SHELL") if words.len() > 1 => vec!["/bin/sh".to_owned(), "-c".to_owned(), words[1..].join(" ")],
                _ => {
                    ctx.errors.push("invalid_healthcheck", tpath, "`test` must be a string, or a list starting with CMD, CMD-SHELL or NONE followed by the command");
                    return none;
                }
            }
        }
    };
    let mut secs = |v: &Option<Scalar>, key: &str, default: i64| -> i64 {
        let p = format!("{hpath}.{key}");
        match scalar(ctx, v, &p) {
            None => default,
            Some(t) => match duration_seconds(&t) {
                Ok(s) => s,
                Err(e) => {
                    ctx.errors.push("invalid_duration", p, e);
                    default
                }
            },
        }
    };
    let interval = secs(&h.interval, "interval", 30).clamp(1, 86_400) as i32;
    let timeout = secs(&h.timeout, "timeout", 30).clamp(1, 86_400) as i32;
    let start = secs(&h.start_period, "start_period", 0).clamp(0, 86_400) as i32;
    let retries = match scalar(ctx, &h.retries, &format!("{hpath}.retries")) {
        None => 3,
        Some(t) => match t.trim().parse::<i32>() {
            Ok(n) if n >= 1 => n,
            _ => {
                ctx.errors.push("invalid_number", format!("{hpath}.retries"), format!("`{t}` is not a positive whole number"));
                3
            }
        },
    };
    let probe = Probe {
        exec: Some(ExecAction { command: Some(argv) }),
        period_seconds: Some(interval),
        timeout_seconds: Some(timeout),
        failure_threshold: Some(retries),
        success_threshold: Some(1),
        ..Default::default()
    };
    let deadline = defaults::PROGRESS_MARGIN_SECONDS.saturating_add(start).saturating_add(retries.saturating_mul(interval.saturating_add(timeout)));
    (Some(probe), deadline)
}

pub(crate) fn resources(ctx: &mut Ctx<'_>, svc: &Service, path: &str) -> Option<ResourceRequirements> {
    let mut limits = BTreeMap::new();
    let mut requests = BTreeMap::new();
    let mem = |ctx: &mut Ctx<'_>, v: &Option<Scalar>, p: String, into: &mut BTreeMap<String, Quantity>| {
        if let Some(t) = scalar(ctx, v, &p) {
            match quantity::docker_bytes(&t) {
                Ok(Some(b)) => {
                    into.insert("memory".to_owned(), Quantity(quantity::bytes_quantity(b)));
                }
                Ok(None) => {}
                Err(e) => ctx.errors.push("invalid_memory", p, e),
            }
        }
    };
    let cpu = |ctx: &mut Ctx<'_>, v: &Option<Scalar>, p: String, into: &mut BTreeMap<String, Quantity>| {
        if let Some(t) = scalar(ctx, v, &p) {
            match quantity::docker_millicpus(&t) {
                Ok(Some(m)) => {
                    into.insert("cpu".to_owned(), Quantity(quantity::millicpu_quantity(m)));
                }
                Ok(None) => {}
                Err(e) => ctx.errors.push("invalid_cpus", p, e),
            }
        }
    };
    mem(ctx, &svc.mem_limit, format!("{path}.mem_limit"), &mut limits);
    mem(ctx, &svc.mem_reservation, format!("{path}.mem_reservation"), &mut requests);
    cpu(ctx, &svc.cpus, format!("{path}.cpus"), &mut limits);
    if let Some(r) = svc.deploy.as_ref().and_then(|d| d.resources.as_ref()) {
        let rpath = format!("{path}.deploy.resources");
        ctx.untranslated(&rpath, &r.extra);
        if let Some(l) = &r.limits {
            ctx.untranslated(&format!("{rpath}.limits"), &l.extra);
            mem(ctx, &l.memory, format!("{rpath}.limits.memory"), &mut limits);
            cpu(ctx, &l.cpus, format!("{rpath}.limits.cpus"), &mut limits);
        }
        if let Some(l) = &r.reservations {
            ctx.untranslated(&format!("{rpath}.reservations"), &l.extra);
            mem(ctx, &l.memory, format!("{rpath}.reservations.memory"), &mut requests);
            cpu(ctx, &l.cpus, format!("{rpath}.reservations.cpus"), &mut requests);
        }
    }
    if limits.is_empty() && requests.is_empty() {
        return None;
    }
    Some(ResourceRequirements {
        limits: if limits.is_empty() { None } else { Some(limits) },
        requests: if requests.is_empty() { None } else { Some(requests) },
        ..Default::default()
    })
}

pub(crate) fn security(ctx: &mut Ctx<'_>, svc: &Service, path: &str) -> Option<SecurityContext> {
    let caps = |ctx: &mut Ctx<'_>, v: &Option<Vec<Scalar>>, key: &str| -> Vec<String> {
        v.iter()
            .flatten()
            .enumerate()
            .filter_map(|(i, c)| scalar(ctx, &Some(c.clone()), &format!("{path}.{key}[{i}]")))
            .map(|c| c.trim().trim_start_matches("CAP_").to_ascii_uppercase())
            .collect()
    };
    let add = caps(ctx, &svc.cap_add, "cap_add");
    let drop = caps(ctx, &svc.cap_drop, "cap_drop");
    let mut sc = SecurityContext::default();
    if !add.is_empty() || !drop.is_empty() {
        sc.capabilities = Some(Capabilities { add: if add.is_empty() { None } else { Some(add) }, drop: if drop.is_empty() { None } else { Some(drop) } });
    }
    if flag(ctx, &svc.privileged, &format!("{path}.privileged")) {
        sc.privileged = Some(true);
    }
    if flag(ctx, &svc.read_only, &format!("{path}.read_only")) {
        sc.read_only_root_filesystem = Some(true);
    }
    if let Some(u) = scalar(ctx, &svc.user, &format!("{path}.user")) {
        let (user, group) = match u.split_once(':') {
            Some((a, b)) => (a.to_owned(), Some(b.to_owned())),
            None => (u.clone(), None),
        };
        match (user.parse::<i64>(), group.as_deref().map(str::parse::<i64>)) {
            (Ok(uid), None) => sc.run_as_user = Some(uid),
            (Ok(uid), Some(Ok(gid))) => {
                sc.run_as_user = Some(uid);
                sc.run_as_group = Some(gid);
            }
            _ => ctx.warnings.push("user_by_name", format!("{path}.user"), format!("`{u}`: Kubernetes takes numeric user and group ids only; the image's default user runs")),
        }
    }
    if sc == SecurityContext::default() { None } else { Some(sc) }
}

pub(crate) fn host_aliases(ctx: &mut Ctx<'_>, v: &Option<ListOrMap>, path: &str) -> Vec<HostAlias> {
    let mut out: Vec<HostAlias> = Vec::new();
    let Some(v) = v else { return out };
    for (i, (k, val)) in v.entries.iter().enumerate() {
        let p = if v.list { format!("{path}.extra_hosts[{i}]") } else { format!("{path}.extra_hosts.{k}") };
        let (host, ip) = match val {
            Some(ip) => (k.clone(), ip.clone()),
            None => match k.split_once(':') {
                Some((h, ip)) => (h.to_owned(), ip.to_owned()),
                None => {
                    ctx.errors.push("invalid_extra_host", p, format!("`{k}` is not `HOST:IP` or `HOST=IP`"));
                    continue;
                }
            },
        };
        let host = ctx.x(host.trim(), &p);
        let ip = ctx.x(ip.trim().trim_start_matches('[').trim_end_matches(']'), &p);
        if ip == "host-gateway" {
            ctx.warnings.push("host_gateway", p, format!("`{host}`: Kubernetes has no `host-gateway`; reach the node through its own address"));
            continue;
        }
        match out.iter_mut().find(|a| a.ip == ip) {
            Some(a) => a.hostnames.get_or_insert_with(Vec::new).push(host),
            None => out.push(HostAlias { ip, hostnames: Some(vec![host]) }),
        }
    }
    out
}
