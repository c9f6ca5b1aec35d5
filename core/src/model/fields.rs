//! Reading the individual settings: image, ports, health check, resources, GPUs, storage,
//! autoscaling and scheduled tasks — each with Coolify's defaults and rules.

use super::app::defaults;
use super::reader::{raw_text, text, Reader};
use super::domains;
use super::runopts::RunOptions;
use super::scalar::{Scalar, StrList};
use super::types::{Autoscaling, FileMount, GpuRequest, HealthCheck, Probe, Storage, StorageKind, Task};
use super::{image, Application, Bundle, FileStorage, PersistentStorage, Settings};
use crate::names;
use crate::quantity;

/// Coolify stores `custom_labels` base64-encoded, except right after an API write, where it is
/// raw text (`Application::parseContainerLabels()` re-encodes it later): accept both.
pub(super) fn decode_labels(text: &str) -> String {
    use base64::Engine;
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    match base64::engine::general_purpose::STANDARD.decode(compact.as_bytes()) {
        Ok(bytes) if base64::engine::general_purpose::STANDARD.encode(&bytes) == compact => String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned()),
        _ => text.to_owned(),
    }
}

pub(super) fn str_list(r: &mut Reader<'_>, v: &Option<StrList>, path: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(list) = v {
        for (i, item) in list.0.iter().enumerate() {
            match item {
                Scalar::Text(t) => {
                    let t = t.trim();
                    if !t.is_empty() {
                        out.push(t.to_owned());
                    }
                }
                Scalar::Invalid(what) => r.errors.push("invalid_field", format!("{path}[{i}]"), format!("expected a string, found {what}")),
            }
        }
    }
    out
}

pub(super) fn compute_image(r: &mut Reader<'_>, bundle: &Bundle, app: &Application, uuid: &str, commit: &str, pr: u64) -> String {
    let (image, path) = if let Some(given) = text(&bundle.image) {
        (given.to_owned(), "image")
    } else {
        let build_pack = text(&app.build_pack).unwrap_or("");
        let name = text(&app.docker_registry_image_name);
        let tag = text(&app.docker_registry_image_tag);
        if text(&app.dockerfile).is_some() && build_pack != "dockerimage" {
            (format!("{}:latest", name.unwrap_or(uuid)), "application.dockerfile")
        } else if build_pack == "dockerimage" {
            let Some(name) = name else {
                r.errors.push("missing_image", "application.docker_registry_image_name", "a Docker-image application needs `docker_registry_image_name` (or the bundle's `image`)");
                return String::new();
            };
            let preview_tag = bundle.preview.as_ref().and_then(|p| text(&p.docker_registry_image_tag)).filter(|_| pr > 0);
            (image::join_image(name, preview_tag.or(tag).unwrap_or("latest")), "application.docker_registry_image_name")
        } else {
            let commit: String = commit.chars().take(128).collect();
            let tag = if pr > 0 { format!("pr-{pr}-{commit}") } else { commit };
            if name.is_none() {
                r.warnings.push(
                    "image_not_in_registry",
                    "application.docker_registry_image_name",
                    format!("Coolify builds this application on the server and names the image `{uuid}:<commit>` without pushing it; a cluster can only pull it from a registry: set `docker_registry_image_name` or pass `image`"),
                );
            } else if tag.ends_with("HEAD") {
                r.warnings.push("image_tag_unresolved", "commit", "the image tag is the deployed commit, and the bundle says `HEAD`: pass `commit` or `image` from the deployment");
            }
            (format!("{}:{tag}", name.unwrap_or(uuid)), "application.docker_registry_image_name")
        }
    };
    if let Err(why) = image::check_reference(&image) {
        r.errors.push("invalid_image", path, why);
    }
    image
}

pub(super) fn port_list(r: &mut Reader<'_>, v: &Option<Scalar>, path: &str) -> Vec<u16> {
    r.not_scalar(v, path);
    let mut out = Vec::new();
    if let Some(t) = text(v) {
        for (i, p) in domains::split_list(t).into_iter().enumerate() {
            match p.parse::<u32>() {
                Ok(n) if (1..=65535).contains(&n) => {
                    let n = n as u16;
                    if out.contains(&n) {
                        r.warnings.push("duplicate_port", format!("{path}[{i}]"), format!("port {n} is listed twice"));
                    } else {
                        out.push(n);
                    }
                }
                Ok(n) => r.errors.push("invalid_port", format!("{path}[{i}]"), format!("port {n} is outside 1–65535")),
                Err(_) => r.errors.push("invalid_port", format!("{path}[{i}]"), format!("`{p}` is not a port number")),
            }
        }
    }
    out
}

pub(super) fn mappings(r: &mut Reader<'_>, v: &Option<Scalar>) -> Vec<(u16, u16)> {
    const PATH: &str = "application.ports_mappings";
    r.not_scalar(v, PATH);
    let mut out = Vec::new();
    let Some(t) = text(v) else { return out };
    for (i, entry) in domains::split_list(t).into_iter().enumerate() {
        let path = format!("{PATH}[{i}]");
        let Some((host, container)) = entry.split_once(':') else {
            r.errors.push("invalid_port_mapping", path, format!("`{entry}` is not `host:container`"));
            continue;
        };
        let parse = |s: &str| s.trim().parse::<u32>().ok().filter(|n| (1..=65535).contains(n)).map(|n| n as u16);
        match (parse(host), parse(container)) {
            (Some(h), Some(c)) => {
                if out.iter().any(|(oh, _)| *oh == h) {
                    r.errors.push("invalid_port_mapping", path, format!("host port {h} is mapped twice"));
                } else {
                    out.push((h, c));
                }
            }
            _ => r.errors.push("invalid_port", path, format!("`{entry}`: both ports must be numbers in 1–65535")),
        }
    }
    out
}

/// Coolify's value sanitising: an invalid value silently becomes the default.
pub(super) fn sanitized<'a>(v: Option<&'a str>, ok: impl Fn(&str) -> bool, default: &'a str) -> &'a str {
    match v {
        Some(s) if ok(s) => s,
        _ => default,
    }
}

pub(super) fn health_check(r: &mut Reader<'_>, app: &Application, ports: &[u16], is_static: bool) -> Option<HealthCheck> {
    let enabled = r.flag(&app.health_check_enabled, "application.health_check_enabled", false);
    let custom = r.flag(&app.custom_healthcheck_found, "application.custom_healthcheck_found", false);
    let interval = r.int(&app.health_check_interval, "application.health_check_interval", 0, 86_400).unwrap_or(i64::from(defaults::INTERVAL)) as i32;
    let timeout = r.int(&app.health_check_timeout, "application.health_check_timeout", 0, 86_400).unwrap_or(i64::from(defaults::TIMEOUT)) as i32;
    let retries = r.int(&app.health_check_retries, "application.health_check_retries", 0, 10_000).unwrap_or(i64::from(defaults::RETRIES)) as i32;
    let start_period = r.int(&app.health_check_start_period, "application.health_check_start_period", 0, 86_400).unwrap_or(i64::from(defaults::START_PERIOD)) as i32;
    if !enabled {
        return None;
    }
    if custom {
        r.warnings.push(
            "image_healthcheck_ignored",
            "application.custom_healthcheck_found",
            "the Dockerfile has its own HEALTHCHECK, which Docker runs and Kubernetes ignores; Coolify then emits no health check, so the pods get no readiness probe",
        );
        return None;
    }
    let kind = text(&app.health_check_type).unwrap_or("http");
    let mut command = None;
    if kind == "cmd" {
        let cmd = text(&app.health_check_command).map(|c| c.replace(['\n', '\r'], " "));
        match cmd {
            Some(c) if c.len() <= 1000 && c.chars().all(|ch| ch.is_ascii_alphanumeric() || " -_./:=@,+".contains(ch)) => command = Some(c),
            Some(_) => r.warnings.push(
                "health_check_command_rejected",
                "application.health_check_command",
                "Coolify accepts only letters, digits, spaces and - _ . / : = @ , + (at most 1000 characters) and falls back to the HTTP check; so does this render",
            ),
            None => r.warnings.push("health_check_command_missing", "application.health_check_command", "the command check has no command; Coolify falls back to the HTTP check, and so does this render"),
        }
    }
    let command = match command {
        Some(c) => c,
        None => {
            let port = if is_static { Some("80".to_owned()) } else { text(&app.health_check_port).map(str::to_owned).or_else(|| ports.first().map(u16::to_string)) };
            let Some(port) = port else {
                r.warnings.push("health_check_without_port", "application.health_check_port", "the HTTP health check has no port (no `health_check_port`, no `ports_exposes`); Coolify then runs no health check, and neither does this render");
                return None;
            };
            let method = sanitized(text(&app.health_check_method), |s| !s.is_empty() && s.chars().all(|c| c.is_ascii_uppercase()), "GET");
            let scheme = sanitized(text(&app.health_check_scheme), |s| s == "http" || s == "https", "http");
            let host = sanitized(text(&app.health_check_host), |s| s.chars().all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c)), "localhost");
            let path = sanitized(text(&app.health_check_path), |s| s.chars().all(|c| c.is_ascii_alphanumeric() || "/-_.~%,;".contains(c)), "/");
            let port = sanitized(Some(port.as_str()), |s| s.chars().all(|c| c.is_ascii_digit()), "80").to_owned();
            let url = format!("{scheme}://{host}:{port}{path}");
            format!("curl -s -X '{method}' -f '{url}' > /dev/null || wget -q -O- '{url}' > /dev/null || exit 1")
        }
    };
    let mut clamp = |v: i32, field: &str| {
        if v < 1 {
            r.warnings.push("health_check_clamped", format!("application.{field}"), format!("{v} is below Kubernetes' minimum of 1; 1 is used"));
            1
        } else {
            v
        }
    };
    let interval = clamp(interval, "health_check_interval");
    let timeout = clamp(timeout, "health_check_timeout");
    let retries = clamp(retries, "health_check_retries");
    Some(HealthCheck { probe: Probe::Shell(command), interval, timeout, retries, start_period })
}

pub(super) fn resources(r: &mut Reader<'_>, app: &Application) -> (Option<u64>, Option<u64>, Option<u64>, Option<u64>) {
    let mut bytes = |v: &Option<Scalar>, field: &str| -> Option<u64> {
        let path = format!("application.{field}");
        r.not_scalar(v, &path);
        match text(v).map(quantity::docker_bytes) {
            None => None,
            Some(Ok(b)) => b,
            Some(Err(why)) => {
                r.errors.push("invalid_limit", path, why);
                None
            }
        }
    };
    let memory_limit = bytes(&app.limits_memory, "limits_memory");
    let reservation = bytes(&app.limits_memory_reservation, "limits_memory_reservation");
    let swap = bytes(&app.limits_memory_swap, "limits_memory_swap");
    r.not_scalar(&app.limits_cpus, "application.limits_cpus");
    let cpu_limit = match text(&app.limits_cpus).map(quantity::docker_millicpus) {
        None => None,
        Some(Ok(m)) => m,
        Some(Err(why)) => {
            r.errors.push("invalid_limit", "application.limits_cpus", why);
            None
        }
    };
    if let (Some(res), Some(lim)) = (reservation, memory_limit) {
        if res > lim {
            r.errors.push("invalid_limit", "application.limits_memory_reservation", "the reservation is larger than the memory limit; Kubernetes requires requests ≤ limits");
        }
    }
    let memory_request = reservation.or(memory_limit.map(|l| l.min(defaults::MEMORY_REQUEST_BYTES)));
    let cpu_request = cpu_limit.map(|l| l.min(defaults::CPU_REQUEST_MILLIS));
    if swap.is_some() {
        r.warnings.push("unsupported_limit", "application.limits_memory_swap", "Kubernetes has no per-container swap limit (node swap is configured on the kubelet); not mapped");
    }
    if let Some(s) = r.int(&app.limits_memory_swappiness, "application.limits_memory_swappiness", 0, 100) {
        if s != 60 {
            r.warnings.push("unsupported_limit", "application.limits_memory_swappiness", "Kubernetes has no per-container swappiness; not mapped");
        }
    }
    if text(&app.limits_cpuset).is_some() {
        r.warnings.push("unsupported_limit", "application.limits_cpuset", "Kubernetes pins CPUs only through the kubelet's static CPU manager (integer CPU requests equal to limits); not mapped");
    }
    if let Some(shares) = r.int(&app.limits_cpu_shares, "application.limits_cpu_shares", 0, 262_144) {
        if shares != 1024 {
            r.warnings.push("unsupported_limit", "application.limits_cpu_shares", "CPU shares are a relative weight; Kubernetes derives weights from CPU requests (set as a small default here); not mapped");
        }
    }
    (memory_limit, memory_request, cpu_limit, cpu_request)
}

pub(super) fn gpu(r: &mut Reader<'_>, settings: &Settings, run: &RunOptions) -> Option<GpuRequest> {
    let enabled = r.flag(&settings.is_gpu_enabled, "application.settings.is_gpu_enabled", false);
    let (count_text, ids) = if enabled {
        (text(&settings.gpu_count).map(str::to_owned), text(&settings.gpu_device_ids).map(|s| domains::split_list(s).into_iter().map(str::to_owned).collect::<Vec<_>>()))
    } else if let Some(g) = &run.gpus {
        (g.as_ref().map(|ids| ids.len().to_string()).or(Some("all".to_owned())), g.clone())
    } else {
        return None;
    };
    let driver = text(&settings.gpu_driver).unwrap_or("nvidia");
    let resource = match driver {
        "nvidia" => "nvidia.com/gpu",
        "amd" => "amd.com/gpu",
        "intel" => "gpu.intel.com/i915",
        other => {
            r.warnings.push("unsupported_gpu_driver", "application.settings.gpu_driver", format!("no Kubernetes device-plugin resource is known for driver `{other}`; nvidia.com/gpu is requested"));
            "nvidia.com/gpu"
        }
    };
    let count = match (ids.as_ref().filter(|i| !i.is_empty()), count_text.as_deref()) {
        (Some(ids), _) => {
            r.warnings.push(
                "gpu_devices_not_selectable",
                "application.settings.gpu_device_ids",
                format!("Kubernetes cannot pick GPUs by device id; {} GPU(s) are requested and the device plugin chooses which", ids.len()),
            );
            ids.len() as u32
        }
        (None, Some("all")) | (None, None) => {
            r.warnings.push("gpu_count_all", "application.settings.gpu_count", "Kubernetes cannot request \"all\" GPUs; one GPU is requested (set a number)");
            1
        }
        (None, Some(n)) => match n.parse::<u32>() {
            Ok(n) if n > 0 => n,
            _ => {
                r.errors.push("invalid_number", "application.settings.gpu_count", format!("`{n}` is not `all` or a positive number"));
                1
            }
        },
    };
    if text(&settings.gpu_options).is_some() {
        r.warnings.push("unsupported_gpu_options", "application.settings.gpu_options", "driver options are set on the node's device plugin in Kubernetes; not mapped");
    }
    Some(GpuRequest { resource: resource.to_owned(), count })
}

/// The ConfigMap holding the content file mounted at `mount_path`.
pub fn file_config_map_name(base_name: &str, mount_path: &str) -> String {
    names::dns_label(&format!("{base_name}-file-{mount_path}"), 253)
}

pub(super) fn storage(r: &mut Reader<'_>, bundle: &Bundle, base_name: &str, preview: bool, pr: u64) -> (Vec<Storage>, Vec<FileMount>) {
    let persistent: &[PersistentStorage] = bundle
        .persistent_storages
        .as_deref()
        .or_else(|| bundle.storages.as_ref().and_then(|s| s.persistent_storages.as_deref()))
        .unwrap_or(&[]);
    let file: &[FileStorage] = bundle.file_storages.as_deref().or_else(|| bundle.storages.as_ref().and_then(|s| s.file_storages.as_deref())).unwrap_or(&[]);
    let mut storages = Vec::new();
    let mut claim_sources: Vec<(String, String, usize)> = Vec::new();
    for (index, s) in persistent.iter().enumerate() {
        let path = format!("persistent_storages[{index}]");
        let Some(mount) = mount_path(r, &s.mount_path, &format!("{path}.mount_path")) else { continue };
        let suffix = preview && r.flag(&s.is_preview_suffix_enabled, &format!("{path}.is_preview_suffix_enabled"), true);
        let kind = if let Some(host) = text(&s.host_path) {
            if !host.starts_with('/') {
                r.errors.push("invalid_path", format!("{path}.host_path"), format!("`{host}` is not an absolute path"));
                continue;
            }
            r.warnings.push("host_path_node_local", format!("{path}.host_path"), format!("`{host}` is a directory on whichever node runs the pod; on a cluster of several nodes each node has its own"));
            let host = if suffix { format!("{host}-pr-{pr}") } else { host.to_owned() };
            StorageKind::HostPath(host)
        } else {
            let Some(name) = text(&s.name) else {
                r.errors.push("missing_field", format!("{path}.name"), "a volume without `host_path` needs a name");
                continue;
            };
            let name = if suffix { format!("{name}-pr-{pr}") } else { name.to_owned() };
            let claim = names::dns_label(&name, 253);
            if let Some(other) = claim_sources.iter().find(|(c, original, _)| *c == claim && *original != name) {
                r.errors.push(
                    "name_collision",
                    format!("{path}.name"),
                    format!("`{name}` and `{}` (persistent_storages[{}]) both become the claim name `{claim}`; rename one", other.1, other.2),
                );
                continue;
            }
            claim_sources.push((claim.clone(), name.clone(), index));
            StorageKind::Claim(claim)
        };
        storages.push(Storage { index, kind, mount_path: mount });
    }
    let mut files = Vec::new();
    for (index, f) in file.iter().enumerate() {
        let path = format!("file_storages[{index}]");
        let Some(mount) = mount_path(r, &f.mount_path, &format!("{path}.mount_path")) else { continue };
        let directory = r.flag(&f.is_directory, &format!("{path}.is_directory"), false);
        let content = raw_text(&f.content);
        if let Some(chown) = text(&f.chown) {
            r.warnings.push("unsupported_file_option", format!("{path}.chown"), format!("`chown {chown}`: Kubernetes mounts ConfigMap files owned by root (a pod fsGroup changes the group only); not mapped"));
        }
        match (directory, content) {
            (false, Some(content)) => {
                if content.len() > 1_000_000 {
                    r.errors.push("file_too_large", format!("{path}.content"), "a ConfigMap holds at most 1 MiB; this file is larger");
                    continue;
                }
                let mode = match text(&f.chmod) {
                    Some(m) => match i32::from_str_radix(m.trim_start_matches("0o"), 8) {
                        Ok(v) if (0..=0o777).contains(&v) => Some(v),
                        _ => {
                            r.errors.push("invalid_file_mode", format!("{path}.chmod"), format!("`{m}` is not an octal file mode such as 644"));
                            None
                        }
                    },
                    None => None,
                };
                let config_map = file_config_map_name(base_name, &mount);
                if let Some(FileMount::Content { index: i, mount_path: m, .. }) =
                    files.iter().find(|g| matches!(g, FileMount::Content { mount_path: m, .. } if file_config_map_name(base_name, m) == config_map))
                {
                    r.errors.push(
                        "name_collision",
                        format!("{path}.mount_path"),
                        format!("`{mount}` and `{m}` (file_storages[{i}]) both become the ConfigMap name `{config_map}`; rename one"),
                    );
                    continue;
                }
                files.push(FileMount::Content { index, mount_path: mount, content: content.to_owned(), mode });
            }
            _ => {
                let Some(host) = text(&f.fs_path) else {
                    r.errors.push("missing_field", format!("{path}.fs_path"), "a file storage without content needs `fs_path`");
                    continue;
                };
                if !host.starts_with('/') {
                    r.errors.push("invalid_path", format!("{path}.fs_path"), format!("`{host}` is not an absolute path"));
                    continue;
                }
                r.warnings.push(
                    "host_path_node_local",
                    format!("{path}.fs_path"),
                    format!("`{host}` is read from whichever node runs the pod; on a cluster of several nodes it must exist on each"),
                );
                files.push(FileMount::Host { index, host_path: host.to_owned(), mount_path: mount, directory });
            }
        }
    }
    (storages, files)
}

pub(super) fn mount_path(r: &mut Reader<'_>, v: &Option<Scalar>, path: &str) -> Option<String> {
    r.not_scalar(v, path);
    let Some(m) = text(v) else {
        r.errors.push("missing_field", path, "the mount path is empty");
        return None;
    };
    // Coolify's setter: trim, leading `/`.
    let m = if m.starts_with('/') { m.to_owned() } else { format!("/{m}") };
    let m = if m.len() > 1 { m.trim_end_matches('/').to_owned() } else { m };
    if m.contains(':') || m.split('/').any(|seg| seg == "..") {
        r.errors.push("invalid_path", path, format!("`{m}` cannot be a mount path (no `:` and no `..`)"));
        return None;
    }
    Some(m)
}

pub(super) fn autoscaling(r: &mut Reader<'_>, app: &Application, memory_request: Option<u64>, cpu_request: Option<u64>) -> Option<Autoscaling> {
    const PATH: &str = "application.kubernetes_autoscaling";
    let settings = r.object(&app.kubernetes_autoscaling, PATH)?;
    if !r.flag(&settings.enabled, &format!("{PATH}.enabled"), false) {
        return None;
    }
    let fixed = r.int(&app.kubernetes_replicas, "application.kubernetes_replicas", 0, 10_000);
    let min = r.int(&settings.min_replicas, &format!("{PATH}.min_replicas"), 1, 10_000).or(fixed.filter(|n| *n > 0)).unwrap_or(1) as i32;
    let Some(max) = r.int(&settings.max_replicas, &format!("{PATH}.max_replicas"), 1, 10_000).map(|n| n as i32) else {
        r.errors.push("missing_field", format!("{PATH}.max_replicas"), "autoscaling needs the most replicas it may run");
        return None;
    };
    if min > max {
        r.errors.push("autoscaling_min_above_max", format!("{PATH}.min_replicas"), format!("min_replicas ({min}) is above max_replicas ({max})"));
    }
    let mut target = |v: &Option<Scalar>, field: &str| -> Option<i32> {
        let path = format!("{PATH}.{field}");
        match r.int(v, &path, i64::MIN, i64::MAX) {
            Some(n) if (1..=1000).contains(&n) => Some(n as i32),
            Some(n) => {
                r.errors.push("invalid_target", path, format!("{n}% is not a utilisation target (1–1000)"));
                None
            }
            None => None,
        }
    };
    let cpu = target(&settings.target_cpu_utilization, "target_cpu_utilization");
    let memory = target(&settings.target_memory_utilization, "target_memory_utilization");
    if text(&settings.target_cpu_utilization).is_none() && text(&settings.target_memory_utilization).is_none() {
        r.errors.push("missing_field", format!("{PATH}.target_cpu_utilization"), "autoscaling needs a CPU or memory utilisation target");
    }
    // Utilisation is usage divided by the request: without one the autoscaler never scales.
    if cpu.is_some() && cpu_request.is_none() {
        r.errors.push(
            "autoscaling_needs_requests",
            "application.limits_cpus",
            "a CPU utilisation target is a percentage of the CPU request, and this application has none (limits_cpus is unlimited): set limits_cpus",
        );
    }
    if memory.is_some() && memory_request.is_none() {
        r.errors.push(
            "autoscaling_needs_requests",
            "application.limits_memory",
            "a memory utilisation target is a percentage of the memory request, and this application has none: set limits_memory or limits_memory_reservation",
        );
    }
    Some(Autoscaling { min, max, cpu, memory })
}

pub(super) fn tasks(r: &mut Reader<'_>, bundle: &Bundle) -> Vec<Task> {
    let mut out: Vec<Task> = Vec::new();
    for (index, t) in bundle.scheduled_tasks.iter().flatten().enumerate() {
        let path = format!("scheduled_tasks[{index}]");
        for (v, field) in [(&t.name, "name"), (&t.command, "command"), (&t.frequency, "frequency")] {
            r.not_scalar(v, &format!("{path}.{field}"));
            if text(v).is_none() {
                r.errors.push("missing_field", format!("{path}.{field}"), format!("a scheduled task needs a {field}"));
            }
        }
        let (Some(name), Some(command), Some(frequency)) = (text(&t.name), text(&t.command), text(&t.frequency)) else { continue };
        let schedule = match super::cron::schedule(frequency) {
            Ok(s) => s,
            Err(why) => {
                r.errors.push("invalid_cron", format!("{path}.frequency"), why);
                continue;
            }
        };
        let enabled = r.flag(&t.enabled, &format!("{path}.enabled"), true);
        let timeout = r.int(&t.timeout, &format!("{path}.timeout"), 1, 86_400 * 7).unwrap_or(defaults::TASK_TIMEOUT_SECONDS);
        if text(&t.container).is_some() {
            r.warnings.push("task_container_ignored", format!("{path}.container"), "an application has one container; the task runs with its image");
        }
        out.push(Task { index, name: name.to_owned(), schedule, command: command.replace(['\n', '\r'], " "), enabled, timeout });
    }
    out
}
