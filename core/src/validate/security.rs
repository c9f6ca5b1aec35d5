//! Security contexts of containers and pods (`ValidateSecurityContext`,
//! `validatePodSpecSecurityContext`): user and group ids, seccomp, sysctls.

use super::codes;
use super::field::{json, Bad, Path, Report};
use super::rules;
use super::volume::local_descending_path;
use k8s_openapi::api::core::v1::{PodSecurityContext, PodSpec, SeccompProfile, SecurityContext};
use std::collections::BTreeSet;

/// `IsValidUserID` / `IsValidGroupID`: 0–4294967295.
pub(crate) fn id_range(r: &mut Report, id: i64, path: &Path) {
    if !(0..=0xffff_ffff).contains(&id) {
        r.invalid(
            codes::INVALID_SECURITY_CONTEXT,
            path,
            Bad::Int(id),
            &rules::inclusive_range_error(0, 0xffff_ffff),
        );
    }
}

/// `validateSeccompProfileField`.
pub(crate) fn seccomp_profile(r: &mut Report, profile: &SeccompProfile, path: &Path) {
    const TYPES: [&str; 3] = ["Localhost", "RuntimeDefault", "Unconfined"];
    let type_path = path.child("type");
    match profile.type_.as_str() {
        "" => r.required(
            codes::INVALID_SECURITY_CONTEXT,
            &type_path,
            "type is required when seccompProfile is set",
        ),
        t if !TYPES.contains(&t) => {
            r.not_supported(codes::UNSUPPORTED_VALUE, &type_path, t, &TYPES)
        }
        _ => {}
    }
    let local = path.child("localhostProfile");
    if profile.type_ == "Localhost" {
        match profile.localhost_profile.as_deref() {
            None => r.required(
                codes::INVALID_SECURITY_CONTEXT,
                &local,
                "must be set when seccomp type is Localhost",
            ),
            Some(p) => local_descending_path(r, p, &local),
        }
    } else if profile.localhost_profile.is_some() {
        r.invalid(
            codes::INVALID_SECURITY_CONTEXT,
            &local,
            json(profile),
            "can only be set when seccomp type is Localhost",
        );
    }
}

/// `ValidateSecurityContext` for a container.
pub(crate) fn security_context(
    r: &mut Report,
    sc: &SecurityContext,
    host_users: bool,
    path: &Path,
) {
    if let Some(uid) = sc.run_as_user {
        id_range(r, uid, &path.child("runAsUser"));
    }
    if let Some(gid) = sc.run_as_group {
        id_range(r, gid, &path.child("runAsGroup"));
    }
    if let Some(proc_mount) = sc.proc_mount.as_deref() {
        let at = path.child("procMount");
        if proc_mount != "Default" && proc_mount != "Unmasked" {
            r.not_supported(
                codes::UNSUPPORTED_VALUE,
                &at,
                proc_mount,
                &["Default", "Unmasked"],
            );
        }
        if host_users && proc_mount == "Unmasked" {
            r.invalid(
                codes::INVALID_SECURITY_CONTEXT,
                &at,
                Bad::Str(proc_mount),
                "`hostUsers` must be false to use `Unmasked`",
            );
        }
    }
    if let Some(profile) = &sc.seccomp_profile {
        seccomp_profile(r, profile, &path.child("seccompProfile"));
    }
    if sc.allow_privilege_escalation == Some(false) {
        if sc.privileged == Some(true) {
            let detail = "cannot set `allowPrivilegeEscalation` to false and `privileged` to true";
            r.invalid(codes::INVALID_SECURITY_CONTEXT, path, json(sc), detail);
        }
        let adds_sys_admin = sc
            .capabilities
            .as_ref()
            .and_then(|c| c.add.as_ref())
            .is_some_and(|add| add.iter().any(|c| c == "CAP_SYS_ADMIN"));
        if adds_sys_admin {
            let detail = "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN";
            r.invalid(codes::INVALID_SECURITY_CONTEXT, path, json(sc), detail);
        }
    }
}

/// `validatePodSpecSecurityContext`.
pub(crate) fn pod_security_context(
    r: &mut Report,
    sc: &PodSecurityContext,
    spec: &PodSpec,
    path: &Path,
) {
    for (field, id) in [
        ("fsGroup", sc.fs_group),
        ("runAsUser", sc.run_as_user),
        ("runAsGroup", sc.run_as_group),
    ] {
        if let Some(id) = id {
            id_range(r, id, &path.child(field));
        }
    }
    for (i, gid) in sc.supplemental_groups.iter().flatten().enumerate() {
        id_range(r, *gid, &path.child("supplementalGroups").index(i));
    }
    if spec.share_process_namespace == Some(true) && spec.host_pid == Some(true) {
        let at = path.child("shareProcessNamespace");
        r.invalid(
            codes::INVALID_SECURITY_CONTEXT,
            &at,
            Bad::Json("true".into()),
            "ShareProcessNamespace and HostPID cannot both be enabled",
        );
    }
    let mut names = BTreeSet::new();
    for (i, sysctl) in sc.sysctls.iter().flatten().enumerate() {
        let at = path.child("sysctls").index(i).child("name");
        let name = sysctl.name.as_str();
        if name.is_empty() {
            r.required(codes::REQUIRED, &at, "");
        } else if !is_valid_sysctl_name(name) {
            let detail = format!("must have at most 253 characters and match regex ^{SYSCTL_FMT}$");
            r.invalid(
                codes::INVALID_SECURITY_CONTEXT,
                &at,
                Bad::Str(name),
                &detail,
            );
        } else if names.contains(name) {
            r.duplicate(codes::INVALID_SECURITY_CONTEXT, &at, Bad::Str(name));
        }
        let normalized = name.replace('/', ".");
        let ipc = normalized == "kernel.sem"
            || normalized.starts_with("kernel.shm")
            || normalized.starts_with("kernel.msg")
            || normalized.starts_with("fs.mqueue.");
        if spec.host_network == Some(true) && normalized.starts_with("net.") {
            r.invalid(
                codes::INVALID_SECURITY_CONTEXT,
                &at,
                Bad::Str(name),
                "may not be specified when 'hostNetwork' is true",
            );
        } else if spec.host_ipc == Some(true) && ipc {
            r.invalid(
                codes::INVALID_SECURITY_CONTEXT,
                &at,
                Bad::Str(name),
                "may not be specified when 'hostIPC' is true",
            );
        }
        names.insert(name);
    }
    for (field, value, supported) in [
        (
            "fsGroupChangePolicy",
            &sc.fs_group_change_policy,
            &["Always", "OnRootMismatch"][..],
        ),
        (
            "supplementalGroupsPolicy",
            &sc.supplemental_groups_policy,
            &["Merge", "Strict"][..],
        ),
        (
            "seLinuxChangePolicy",
            &sc.se_linux_change_policy,
            &["MountOption", "Recursive"][..],
        ),
    ] {
        if let Some(v) = value.as_deref() {
            if !supported.contains(&v) {
                r.not_supported(codes::UNSUPPORTED_VALUE, &path.child(field), v, supported);
            }
        }
    }
    if let Some(profile) = &sc.seccomp_profile {
        seccomp_profile(r, profile, &path.child("seccompProfile"));
    }
}

const SYSCTL_FMT: &str = "([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?";

fn is_valid_sysctl_name(name: &str) -> bool {
    let segment = |s: &str| {
        let b = s.as_bytes();
        let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        match (b.first(), b.last()) {
            (Some(&f), Some(&l)) => {
                alnum(f) && alnum(l) && b.iter().all(|&c| alnum(c) || c == b'-' || c == b'_')
            }
            _ => false,
        }
    };
    name.len() <= 253 && name.split(['.', '/']).all(segment)
}
