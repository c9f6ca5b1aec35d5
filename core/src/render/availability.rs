//! What Coolify users asked Kubernetes for: an autoscaler, a disruption budget, and scheduled
//! tasks as CronJobs.

use super::deployment::{checksums, container, least_replicas, pod_spec};
use super::labels;
use crate::model::App;
use k8s_openapi::api::autoscaling::v2::{CrossVersionObjectReference, HorizontalPodAutoscaler, HorizontalPodAutoscalerSpec, MetricSpec, MetricTarget, ResourceMetricSource};
use k8s_openapi::api::batch::v1::{CronJob, CronJobSpec, JobSpec, JobTemplateSpec};
use k8s_openapi::api::core::v1::{PodTemplateSpec, Volume, VolumeMount};
use k8s_openapi::api::policy::v1::{PodDisruptionBudget, PodDisruptionBudgetSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

fn meta(app: &App, name: String) -> ObjectMeta {
    ObjectMeta { name: Some(name), namespace: Some(app.namespace.clone()), labels: Some(labels::common(app)), ..Default::default() }
}

/// The autoscaler (`autoscaling/v2`), when enabled.
pub fn autoscaler(app: &App) -> Option<HorizontalPodAutoscaler> {
    let a = app.autoscaling.as_ref()?;
    let metric = |name: &str, target: i32| MetricSpec {
        type_: "Resource".to_owned(),
        resource: Some(ResourceMetricSource {
            name: name.to_owned(),
            target: MetricTarget { type_: "Utilization".to_owned(), average_utilization: Some(target), ..Default::default() },
        }),
        ..Default::default()
    };
    let mut metrics = Vec::new();
    if let Some(t) = a.cpu {
        metrics.push(metric("cpu", t));
    }
    if let Some(t) = a.memory {
        metrics.push(metric("memory", t));
    }
    Some(HorizontalPodAutoscaler {
        metadata: meta(app, app.base_name.clone()),
        spec: Some(HorizontalPodAutoscalerSpec {
            scale_target_ref: CrossVersionObjectReference { api_version: Some("apps/v1".to_owned()), kind: "Deployment".to_owned(), name: app.base_name.clone() },
            min_replicas: Some(a.min),
            max_replicas: a.max,
            metrics: Some(metrics),
            ..Default::default()
        }),
        ..Default::default()
    })
}

/// At most one pod down at a time during node drains, for more than one replica.
pub fn disruption_budget(app: &App) -> Option<PodDisruptionBudget> {
    if !app.disruption_budget || least_replicas(app) < 2 {
        return None;
    }
    Some(PodDisruptionBudget {
        metadata: meta(app, app.base_name.clone()),
        spec: Some(PodDisruptionBudgetSpec {
            max_unavailable: Some(IntOrString::Int(1)),
            selector: Some(LabelSelector { match_labels: Some(labels::selector(app)), match_expressions: None }),
            ..Default::default()
        }),
        ..Default::default()
    })
}

/// Name of a task's CronJob (at most 52 characters, the CronJob limit).
pub fn task_name(app: &App, task: &str) -> String {
    crate::names::dns_label(&format!("{}-task-{task}", app.base_name), 52)
}

/// One CronJob per scheduled task: the application's image, environment and volumes; the
/// command through `sh -c` (Coolify runs `docker exec <container> sh -c '<command>'`); no
/// overlapping runs, bounded history, a deadline.
pub fn cron_jobs(app: &App, volumes: &[Volume], mounts: &[VolumeMount]) -> Vec<CronJob> {
    app.tasks
        .iter()
        .map(|t| {
            let mut c = container(app, mounts.to_vec(), false);
            c.command = Some(vec!["sh".to_owned(), "-c".to_owned(), t.command.clone()]);
            c.args = None;
            let mut pod = pod_spec(app, c, volumes.to_vec());
            pod.restart_policy = Some("Never".to_owned());
            let mut pod_labels = labels::common(app);
            pod_labels.insert("coolify.scheduledTask".to_owned(), crate::names::label_value(&t.name));
            CronJob {
                metadata: meta(app, task_name(app, &t.name)),
                spec: Some(CronJobSpec {
                    schedule: t.schedule.clone(),
                    time_zone: app.time_zone.clone(),
                    suspend: if t.enabled { None } else { Some(true) },
                    concurrency_policy: Some("Forbid".to_owned()),
                    starting_deadline_seconds: Some(300),
                    successful_jobs_history_limit: Some(3),
                    failed_jobs_history_limit: Some(3),
                    job_template: JobTemplateSpec {
                        metadata: None,
                        spec: Some(JobSpec {
                            backoff_limit: Some(0),
                            active_deadline_seconds: Some(t.timeout),
                            template: PodTemplateSpec {
                                metadata: Some(ObjectMeta { labels: Some(pod_labels), annotations: Some(checksums(app)), ..Default::default() }),
                                spec: Some(pod),
                            },
                            ..Default::default()
                        }),
                    },
                }),
                ..Default::default()
            }
        })
        .collect()
}
