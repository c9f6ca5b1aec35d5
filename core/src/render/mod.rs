//! Render: a Coolify bundle → Kubernetes objects (one file per object kind).

mod availability;
mod config;
mod deployment;
pub mod labels;
pub mod routing;
pub mod service;
mod storage;

use crate::error::{Collector, Errors, Problem};
use crate::model::{self, Bundle};
use crate::objects::{self, Object};
use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Serialize;

pub use service::port_name;

/// What [`render`] returns: the objects, in output order, and the warnings (Coolify settings
/// Kubernetes cannot express, each naming its field).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Rendered {
    /// The objects, in the documented order.
    pub manifests: Vec<Object>,
    /// Warnings, in input order.
    pub warnings: Vec<Problem>,
}

/// Renders a Coolify application bundle as Kubernetes objects. Every problem in the bundle is
/// returned at once; an object Kubernetes would reject is never returned.
pub fn render(bundle: &Bundle) -> Result<Rendered, Errors> {
    let (app, mut warning_list) = model::normalize(bundle)?;
    let mut errors = Collector::default();
    let mut warnings = Collector::default();

    for key in app.pod_labels.keys() {
        if labels::common(&app).contains_key(key) {
            errors.push(
                "pod_label_conflict",
                format!("application.kubernetes_pod_labels.{key}"),
                format!("`{key}` is set by coolify-k8s (it selects the application's pods); choose another key"),
            );
        }
    }
    for (host, _) in &app.port_mappings {
        if app.service_type != "NodePort" {
            warnings.push(
                "host_port",
                "application.ports_mappings",
                format!("host port {host} is opened on the node running the pod (a hostPort): one such pod per node, and the old pod stops before the new one starts"),
            );
        }
    }

    let mut manifests = Vec::new();
    if app.create_namespace {
        manifests.push(Object::Namespace(Namespace { metadata: ObjectMeta { name: Some(app.namespace.clone()), ..Default::default() }, ..Default::default() }));
    }
    manifests.push(Object::Secret(config::env_secret(&app)));
    manifests.extend(config::file_config_maps(&app).into_iter().map(Object::ConfigMap));
    manifests.extend(storage::claims(&app).into_iter().map(Object::PersistentVolumeClaim));
    manifests.extend(service::services(&app, &mut errors, &mut warnings).into_iter().map(Object::Service));
    let (volumes, mounts) = storage::volumes(&app, &mut errors);
    manifests.extend(availability::cron_jobs(&app, &volumes, &mounts).into_iter().map(Object::CronJob));
    manifests.push(Object::Deployment(deployment::deployment(&app, volumes, mounts)));
    manifests.extend(availability::autoscaler(&app).map(Object::HorizontalPodAutoscaler));
    manifests.extend(availability::disruption_budget(&app).map(Object::PodDisruptionBudget));
    let mut task_names: Vec<(String, usize)> = Vec::new();
    for t in &app.tasks {
        let name = availability::task_name(&app, &t.name);
        if let Some((_, first)) = task_names.iter().find(|(n, _)| *n == name) {
            errors.push("name_collision", format!("scheduled_tasks[{}].name", t.index), format!("`{}` gives the same CronJob name as scheduled_tasks[{first}]", t.name));
        } else {
            task_names.push((name, t.index));
        }
    }
    if !app.tasks.is_empty() && app.storages.iter().any(|s| matches!(s.kind, model::StorageKind::Claim(_))) {
        warnings.push(
            "task_shares_volumes",
            "scheduled_tasks",
            "each task runs in a pod of its own that mounts the application's claims; a ReadWriteOnce claim can only be mounted on the node where the application runs",
        );
    }
    manifests.extend(routing::objects(&app, &mut errors, &mut warnings)?);
    if !errors.is_empty() {
        return Err(Errors::new(errors.into_vec()));
    }
    objects::sort(&mut manifests);
    let invalid = crate::validate::validate_objects(&manifests);
    if !invalid.is_empty() {
        return Err(Errors::new(invalid));
    }
    warning_list.extend(warnings.into_vec());
    Ok(Rendered { manifests, warnings: warning_list })
}
