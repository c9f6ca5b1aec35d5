//! Probes and lifecycle handlers (`validateProbe`, `validateHandler`, `validateLifecycle`).

use super::codes;
use super::field::{Bad, Path, Report};
use super::meta::nonnegative;
use super::rules;
use k8s_openapi::api::core::v1::{
    ExecAction, GRPCAction, HTTPGetAction, Lifecycle, LifecycleHandler, Probe, SleepAction,
    TCPSocketAction,
};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

/// Which probe a [`probe`] check is for (the rules differ a little).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProbeKind {
    Liveness,
    Readiness,
    Startup,
}

/// `validateLivenessProbe` / `validateReadinessProbe` / `validateStartupProbe`.
pub(crate) fn probe(r: &mut Report, probe: &Probe, kind: ProbeKind, path: &Path) {
    let handlers: [(&str, bool); 4] = [
        ("exec", probe.exec.is_some()),
        ("httpGet", probe.http_get.is_some()),
        ("tcpSocket", probe.tcp_socket.is_some()),
        ("grpc", probe.grpc.is_some()),
    ];
    handler(r, &handlers, path, |r, which, at| match which {
        "exec" => exec(r, probe.exec.as_ref(), at),
        "httpGet" => http_get(r, probe.http_get.as_ref(), at),
        "tcpSocket" => tcp_socket(r, probe.tcp_socket.as_ref(), at),
        _ => grpc(r, probe.grpc.as_ref(), at),
    });
    for (field, value) in [
        ("initialDelaySeconds", probe.initial_delay_seconds),
        ("timeoutSeconds", probe.timeout_seconds),
        ("periodSeconds", probe.period_seconds),
        ("successThreshold", probe.success_threshold),
        ("failureThreshold", probe.failure_threshold),
    ] {
        nonnegative(
            r,
            codes::NEGATIVE_VALUE,
            &path.child(field),
            i64::from(value.unwrap_or(0)),
        );
    }
    if let Some(g) = probe.termination_grace_period_seconds {
        if g <= 0 {
            r.invalid(
                codes::INVALID_PROBE,
                &path.child("terminationGracePeriodSeconds"),
                Bad::Int(g),
                "must be greater than 0",
            );
        }
    }
    match kind {
        ProbeKind::Liveness | ProbeKind::Startup => {
            // Defaulting turns an unset or zero threshold into 1.
            let success = probe.success_threshold.filter(|&s| s != 0).unwrap_or(1);
            if success != 1 {
                r.invalid(
                    codes::INVALID_PROBE,
                    &path.child("successThreshold"),
                    Bad::Int(success.into()),
                    "must be 1",
                );
            }
        }
        ProbeKind::Readiness => {
            if let Some(g) = probe.termination_grace_period_seconds {
                let at = path.child("terminationGracePeriodSeconds");
                r.invalid(
                    codes::INVALID_PROBE,
                    &at,
                    Bad::Int(g),
                    "must not be set for readinessProbes",
                );
            }
        }
    }
}

/// `validateLifecycle`: each handler well formed.
pub(crate) fn lifecycle(r: &mut Report, lifecycle: &Lifecycle, grace: i64, path: &Path) {
    for (field, h) in [
        ("postStart", &lifecycle.post_start),
        ("preStop", &lifecycle.pre_stop),
    ] {
        if let Some(h) = h {
            lifecycle_handler(r, h, grace, &path.child(field));
        }
    }
}

fn lifecycle_handler(r: &mut Report, h: &LifecycleHandler, grace: i64, path: &Path) {
    let handlers: [(&str, bool); 4] = [
        ("exec", h.exec.is_some()),
        ("httpGet", h.http_get.is_some()),
        ("tcpSocket", h.tcp_socket.is_some()),
        ("sleep", h.sleep.is_some()),
    ];
    handler(r, &handlers, path, |r, which, at| match which {
        "exec" => exec(r, h.exec.as_ref(), at),
        "httpGet" => http_get(r, h.http_get.as_ref(), at),
        "tcpSocket" => tcp_socket(r, h.tcp_socket.as_ref(), at),
        _ => sleep(r, h.sleep.as_ref(), grace, at),
    });
}

/// `validateHandler`: exactly one handler type; the first one set is checked.
fn handler(
    r: &mut Report,
    handlers: &[(&str, bool)],
    path: &Path,
    mut check: impl FnMut(&mut Report, &str, &Path),
) {
    let mut count = 0;
    for &(name, set) in handlers {
        if !set {
            continue;
        }
        let at = path.child(name);
        if count > 0 {
            r.forbidden(
                codes::INVALID_HANDLER,
                &at,
                "may not specify more than 1 handler type",
            );
        } else {
            count += 1;
            check(r, name, &at);
        }
    }
    if count == 0 {
        r.required(codes::REQUIRED, path, "must specify a handler type");
    }
}

fn exec(r: &mut Report, exec: Option<&ExecAction>, path: &Path) {
    if exec
        .and_then(|e| e.command.as_ref())
        .is_none_or(Vec::is_empty)
    {
        r.required(codes::REQUIRED, &path.child("command"), "");
    }
}

fn http_get(r: &mut Report, http: Option<&HTTPGetAction>, path: &Path) {
    let Some(http) = http else { return };
    port_num_or_name(r, &http.port, &path.child("port"));
    // Defaulting fills an empty scheme with HTTP and an empty path with "/".
    if let Some(scheme) = http.scheme.as_deref().filter(|s| !s.is_empty()) {
        if scheme != "HTTP" && scheme != "HTTPS" {
            r.not_supported(
                codes::UNSUPPORTED_VALUE,
                &path.child("scheme"),
                scheme,
                &["HTTP", "HTTPS"],
            );
        }
    }
    for header in http.http_headers.iter().flatten() {
        let errs = rules::http_header_name_errors(&header.name);
        r.invalid_each(
            codes::INVALID_HANDLER,
            &path.child("httpHeaders"),
            Bad::Str(&header.name),
            &errs,
        );
    }
}

fn tcp_socket(r: &mut Report, tcp: Option<&TCPSocketAction>, path: &Path) {
    if let Some(tcp) = tcp {
        port_num_or_name(r, &tcp.port, &path.child("port"));
    }
}

fn grpc(r: &mut Report, grpc: Option<&GRPCAction>, path: &Path) {
    if let Some(grpc) = grpc {
        let at = path.child("port");
        r.invalid_each(
            codes::INVALID_PORT,
            &at,
            Bad::Int(grpc.port.into()),
            &rules::port_num_errors(grpc.port.into()),
        );
    }
}

fn sleep(r: &mut Report, sleep: Option<&SleepAction>, grace: i64, path: &Path) {
    // PodLifecycleSleepActionAllowZero is on by default in 1.33: zero is allowed.
    if let Some(sleep) = sleep {
        if sleep.seconds < 0 || sleep.seconds > grace {
            let detail = format!(
                "must be non-negative and less than terminationGracePeriodSeconds ({grace})"
            );
            r.invalid(
                codes::INVALID_HANDLER,
                path,
                Bad::Int(sleep.seconds),
                &detail,
            );
        }
    }
}

/// `ValidatePortNumOrName`: a number in 1–65535 or an IANA port name.
pub(crate) fn port_num_or_name(r: &mut Report, port: &IntOrString, path: &Path) {
    match port {
        IntOrString::Int(n) => r.invalid_each(
            codes::INVALID_PORT,
            path,
            Bad::Int((*n).into()),
            &rules::port_num_errors((*n).into()),
        ),
        IntOrString::String(s) => r.invalid_each(
            codes::INVALID_PORT_NAME,
            path,
            Bad::Str(s),
            &rules::port_name_errors(s),
        ),
    }
}
