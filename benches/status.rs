//! Status verdicts: parse + judge throughput.
//!
//! - `status/list_10k_pods`: a `List` of one Deployment, its ReplicaSet and 10,000 pods, built
//!   here the way `kubectl get -o json` prints them (keys sorted, four-space indent; about 75 MB),
//!   parsed and judged. Criterion reports bytes per second.
//! - `status/vector/*`: a few of the shared vectors (`tests/vectors/status/`), parse + judge.
//!
//! `STATUS_BENCH_WRITE_INPUT=FILE` also writes the big input to FILE; `STATUS_BENCH_ITERS=N`
//! first runs N rounds and prints MB/s by wall clock and by on-CPU time (the latter holds on a
//! shared machine).
//!
//! Before measuring, the bench prints the input size, the resident memory with the input built,
//! and the peak resident memory (`VmHWM`, reset just before) during one parse + verdict: the
//! difference is what the verdict itself needs.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a benchmark may panic on its own input

use coolify_k8s_core::status::{verdict, Context, Observed, Timestamp};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde_json::{json, Value};
use std::hint::black_box;
use std::path::Path;

const APP: &str = "k4wc8o0cswk0gkgo8c0wk8gs";
const HASH: &str = "7d9f8b6c5d";

fn labels() -> Value {
    json!({
        "app.kubernetes.io/instance": APP,
        "app.kubernetes.io/managed-by": "coolify",
        "app.kubernetes.io/name": "acme-web",
        "coolify.applicationId": "42",
        "coolify.managed": "true",
        "coolify.name": APP,
        "coolify.pullRequestId": "0",
        "coolify.resourceName": "acme-web",
        "coolify.type": "application",
        "pod-template-hash": HASH
    })
}

fn pod(i: usize) -> Value {
    let suffix = format!("{:05x}", i * 7919 % 0xfffff);
    let name = format!("{APP}-{HASH}-{suffix}");
    let uid = format!("3f2c1a9e-{:04x}-4b7d-9e21-{:012x}", i % 0xffff, i * 104_729);
    let ip = format!("10.42.{}.{}", i / 250 % 250, i % 250 + 2);
    let at = "2025-05-01T12:00:05Z";
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "creationTimestamp": "2025-05-01T12:00:01Z",
            "generateName": format!("{APP}-{HASH}-"),
            "labels": labels(),
            "name": name,
            "namespace": "coolify",
            "ownerReferences": [{
                "apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true,
                "kind": "ReplicaSet", "name": format!("{APP}-{HASH}"), "uid": "9b1e4c2d-7f3a-4e8b-a6d5-0c9f8e7d6b5a"
            }],
            "resourceVersion": format!("{}", 1_200_000 + i),
            "uid": uid
        },
        "spec": {
            "containers": [{
                "image": "ghcr.io/acme/web:1.4.2",
                "imagePullPolicy": "IfNotPresent",
                "name": APP,
                "readinessProbe": {
                    "httpGet": {"path": "/healthz", "port": 3000, "scheme": "HTTP"},
                    "failureThreshold": 6, "initialDelaySeconds": 5, "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 5
                },
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
                "volumeMounts": [
                    {"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": "kube-api-access-x2x7k", "readOnly": true}
                ]
            }],
            "dnsPolicy": "ClusterFirst",
            "enableServiceLinks": false,
            "nodeName": format!("k3s-node-{}", i % 5 + 1),
            "preemptionPolicy": "PreemptLowerPriority",
            "priority": 0,
            "restartPolicy": "Always",
            "schedulerName": "default-scheduler",
            "securityContext": {},
            "serviceAccount": "default",
            "serviceAccountName": "default",
            "terminationGracePeriodSeconds": 30,
            "volumes": [
                {"name": "kube-api-access-x2x7k", "projected": {"defaultMode": 420, "sources": [
                    {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                    {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                    {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}}
                ]}}
            ]
        },
        "status": {
            "conditions": [
                {"lastProbeTime": null, "lastTransitionTime": at, "status": "True", "type": "PodReadyToStartContainers"},
                {"lastProbeTime": null, "lastTransitionTime": at, "status": "True", "type": "Initialized"},
                {"lastProbeTime": null, "lastTransitionTime": "2025-05-01T12:00:20Z", "status": "True", "type": "Ready"},
                {"lastProbeTime": null, "lastTransitionTime": "2025-05-01T12:00:20Z", "status": "True", "type": "ContainersReady"},
                {"lastProbeTime": null, "lastTransitionTime": "2025-05-01T12:00:01Z", "status": "True", "type": "PodScheduled"}
            ],
            "containerStatuses": [{
                "containerID": format!("containerd://{:064x}", i * 15_485_863),
                "image": "ghcr.io/acme/web:1.4.2",
                "imageID": "ghcr.io/acme/web@sha256:4b7d9e21c0f5a8e3d2b1c6f7a9e8d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a09f8e",
                "lastState": {},
                "name": APP,
                "ready": true,
                "restartCount": 0,
                "started": true,
                "state": {"running": {"startedAt": "2025-05-01T12:00:06Z"}}
            }],
            "hostIP": format!("10.0.0.{}", i % 5 + 11),
            "phase": "Running",
            "podIP": ip,
            "qosClass": "Burstable",
            "startTime": "2025-05-01T12:00:01Z"
        }
    })
}

fn big_list(pods: usize) -> String {
    let n = pods as u64;
    let items = vec![
        json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"annotations": {"deployment.kubernetes.io/revision": "1"}, "generation": 1, "labels": labels(),
                         "name": APP, "namespace": "coolify", "uid": "0c9f8e7d-6b5a-4e8b-a6d5-9b1e4c2d7f3a"},
            "spec": {"replicas": n, "template": {"spec": {"containers": [{"name": APP, "readinessProbe": {"httpGet": {"path": "/", "port": 3000}}}]}}},
            "status": {"availableReplicas": n, "observedGeneration": 1, "readyReplicas": n, "replicas": n, "updatedReplicas": n,
                       "conditions": [{"reason": "NewReplicaSetAvailable", "status": "True", "type": "Progressing"}]}
        }),
        json!({
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"annotations": {"deployment.kubernetes.io/revision": "1"}, "labels": labels(), "name": format!("{APP}-{HASH}"),
                         "namespace": "coolify", "ownerReferences": [{"controller": true, "kind": "Deployment", "name": APP}]},
            "spec": {"replicas": n},
            "status": {"availableReplicas": n, "readyReplicas": n, "replicas": n}
        }),
    ];
    // The pods are generated while they are written, one at a time.
    struct Items(Vec<Value>, usize);
    impl serde::Serialize for Items {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(self.0.iter().cloned().chain((0..self.1).map(pod)))
        }
    }
    #[derive(serde::Serialize)]
    struct List {
        #[serde(rename = "apiVersion")]
        api_version: &'static str,
        items: Items,
        kind: &'static str,
        metadata: Value,
    }
    let list = List {
        api_version: "v1",
        items: Items(items, pods),
        kind: "List",
        metadata: json!({"resourceVersion": ""}),
    };
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    serde::Serialize::serialize(&list, &mut ser).expect("serialisable");
    out.push(b'\n');
    String::from_utf8(out).expect("UTF-8")
}

/// `VmHWM` (peak) or `VmRSS` (now) of this process, in KiB (Linux).
fn rss_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets the peak to the current resident size (Linux: `echo 5 > /proc/self/clear_refs`).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn context() -> Context {
    let mut ctx = Context::new(Timestamp::parse("2025-05-01T12:10:00Z").expect("a time"));
    ctx.deployed_at = Some(Timestamp::parse("2025-05-01T12:00:00Z").expect("a time"));
    ctx
}

fn bench_big_list(c: &mut Criterion) {
    let input = big_list(10_000);
    if let Some(path) = std::env::var_os("STATUS_BENCH_WRITE_INPUT") {
        // For measuring the CLI on the same bytes: `coolify-k8s status FILE --now ...`.
        std::fs::write(path, &input).expect("writable");
    }
    let ctx = context();
    reset_peak();
    let with_input = rss_kib("VmRSS:");
    {
        let observed = Observed::parse(&input).expect("valid input");
        let v = verdict(&observed, &ctx);
        assert_eq!(v.status, "running:healthy");
        assert_eq!(v.replicas.ready, 10_000);
    }
    let peak = rss_kib("VmHWM:");
    eprintln!(
        "status/list_10k_pods: input {:.1} MB; resident with the input {:?} KiB; peak during one parse + verdict {:?} KiB",
        input.len() as f64 / 1e6,
        with_input,
        peak
    );

    if let Some(iterations) = std::env::var("STATUS_BENCH_ITERS")
        .ok()
        .and_then(|n| n.parse::<u32>().ok())
    {
        quick_measure(&input, &ctx, iterations);
    }

    let mut group = c.benchmark_group("status");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.bench_function("list_10k_pods", |b| {
        b.iter(|| {
            let observed = Observed::parse(black_box(&input)).expect("valid input");
            black_box(verdict(&observed, &ctx))
        })
    });
    group.bench_function("list_10k_pods_parse_only", |b| {
        b.iter(|| {
            black_box(
                Observed::parse(black_box(&input))
                    .expect("valid input")
                    .len(),
            )
        })
    });
    group.finish();
}

/// Nanoseconds this thread has spent on a CPU (Linux `schedstat`): unlike wall time, it does not
/// grow when other processes share the machine.
fn thread_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// `STATUS_BENCH_ITERS=N`: N parse + verdict rounds, reported as wall-clock and on-CPU MB/s.
fn quick_measure(input: &str, ctx: &Context, iterations: u32) {
    let wall = std::time::Instant::now();
    let cpu = thread_cpu_ns();
    for _ in 0..iterations {
        let observed = Observed::parse(black_box(input)).expect("valid input");
        black_box(verdict(&observed, ctx));
    }
    let wall = wall.elapsed().as_secs_f64();
    let cpu = thread_cpu_ns().zip(cpu).map(|(b, a)| (b - a) as f64 / 1e9);
    let mb = input.len() as f64 * f64::from(iterations) / 1e6;
    eprintln!(
        "status/list_10k_pods: {iterations} rounds: {:.0} MB/s wall-clock, {} on-CPU",
        mb / wall,
        cpu.map_or("?".to_owned(), |c| format!("{:.0} MB/s", mb / c))
    );
}

fn bench_vectors(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/status");
    let mut group = c.benchmark_group("status/vector");
    for case in [
        "10-serving-healthy",
        "07-crash-loop-back-off",
        "10-rolling-out",
        "multi-one-crashing",
        "yaml-list",
    ] {
        let dir = root.join(case);
        let input = ["input.json", "input.yaml"]
            .iter()
            .find_map(|f| std::fs::read_to_string(dir.join(f)).ok())
            .expect("a vector input");
        let ctx: Context = serde_json::from_str(
            &std::fs::read_to_string(dir.join("context.json")).expect("context"),
        )
        .expect("a context");
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function(case, |b| {
            b.iter(|| {
                let observed = Observed::parse(black_box(&input)).expect("valid input");
                black_box(verdict(&observed, &ctx))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_big_list, bench_vectors);
criterion_main!(benches);
