//! `depends_on`: dependencies with `condition: service_healthy` become init containers that wait
//! for the dependency's Service; the other conditions are warnings or nothing.

use super::file::{Service, StrOr};
use super::service::flag;
use super::text::short_port;
use super::{Ctx, WAIT_IMAGE};
use crate::model::Scalar;
use crate::names;
use k8s_openapi::api::core::v1::Container;
use std::collections::BTreeMap;

/// Init containers waiting for dependencies with `condition: service_healthy`.
pub(crate) fn waits(ctx: &mut Ctx<'_>, svc: &Service, path: &str, all: &BTreeMap<String, Service>) -> Vec<Container> {
    let mut out = Vec::new();
    let Some(deps) = &svc.depends_on else { return out };
    for (dep, long) in &deps.0 {
        let dpath = format!("{path}.depends_on.{dep}");
        ctx.untranslated(&dpath, &long.extra);
        let Some(target) = all.get(dep) else {
            ctx.errors.push("unknown_service", dpath, format!("there is no service `{dep}` in the compose file"));
            continue;
        };
        if flag(ctx, &long.restart, &format!("{dpath}.restart")) {
            ctx.warnings.push("untranslated_key", format!("{dpath}.restart"), "restarting this service when the dependency restarts is not translated");
        }
        let condition = long.condition.as_ref().and_then(Scalar::text).unwrap_or("service_started").trim().to_owned();
        match condition.as_str() {
            "service_started" => {}
            "service_completed_successfully" => ctx.warnings.push(
                "dependency_condition",
                format!("{dpath}.condition"),
                format!("`{dep}` runs once as a Job; this service starts without waiting for it to complete (it restarts until what `{dep}` prepares is there)"),
            ),
            "service_healthy" => {
                let has_check = target.healthcheck.as_ref().is_some_and(|h| h.test.is_some());
                let mut probe_ctx_ports = Vec::new();
                for e in target.ports.iter().flatten() {
                    if let StrOr::Str(s) = e {
                        if let Ok((p, proto, _)) = short_port(s) {
                            if proto == "tcp" {
                                probe_ctx_ports.push(p);
                            }
                        }
                    } else if let StrOr::Long(l) = e {
                        if let Some(Ok(p)) = l.target.as_ref().and_then(Scalar::text).map(|t| t.trim().parse::<u16>()) {
                            probe_ctx_ports.push(p);
                        }
                    }
                }
                for e in target.expose.iter().flatten() {
                    if let Some(Ok((p, proto, _))) = e.text().map(short_port) {
                        if proto == "tcp" {
                            probe_ctx_ports.push(p);
                        }
                    }
                }
                match (has_check, probe_ctx_ports.first()) {
                    (true, Some(port)) => {
                        let host = names::dns1035_label(&ctx.object_name(dep), names::MAX_LABEL);
                        out.push(Container {
                            name: names::dns_label(&format!("wait-for-{dep}"), names::MAX_LABEL),
                            image: Some(WAIT_IMAGE.to_owned()),
                            command: Some(vec![
                                "/bin/sh".to_owned(),
                                "-c".to_owned(),
                                format!("until nc -z -w 2 {host} {port}; do echo waiting for {dep} to be healthy; sleep 2; done"),
                            ]),
                            ..Default::default()
                        });
                    }
                    (false, _) => ctx.warnings.push(
                        "dependency_condition",
                        format!("{dpath}.condition"),
                        format!("`{dep}` has no health check: nothing waits for it (Kubernetes starts every pod; this one restarts until `{dep}` answers)"),
                    ),
                    (true, None) => ctx.warnings.push(
                        "dependency_condition",
                        format!("{dpath}.condition"),
                        format!("`{dep}` has no TCP port to wait on: nothing waits for it (this pod restarts until `{dep}` answers)"),
                    ),
                }
            }
            other => ctx.errors.push("invalid_condition", format!("{dpath}.condition"), format!("`{other}` is not a condition (service_started, service_healthy, service_completed_successfully)")),
        }
    }
    out
}

