//! Grouping the observed objects into workloads (one per Deployment), choosing the preview,
//! finding the newest ReplicaSet, and matching Events to objects by `involvedObject`.

use super::input::{Kind, RawObject};
use super::observed::Observed;
use super::time::Timestamp;
use std::collections::BTreeMap;

/// One Deployment with what belongs to it: its ReplicaSets (by owner), their Pods (by owner),
/// and the HPA whose `scaleTargetRef` names it. Without the Deployment in the input, the objects
/// that name it as owner still form the workload.
#[derive(Debug)]
pub(crate) struct Workload<'o, 'a> {
    pub name: &'o str,
    pub deployment: Option<&'o RawObject<'a>>,
    pub replica_sets: Vec<&'o RawObject<'a>>,
    pub pods: Vec<&'o RawObject<'a>>,
    pub hpa: Option<&'o RawObject<'a>>,
}

type Key<'o> = (&'o str, &'o str);

fn key<'o>(object: &'o RawObject<'_>, name: &'o str) -> Key<'o> {
    (object.namespace().unwrap_or(""), name)
}

fn entry<'m, 'o, 'a>(
    map: &'m mut BTreeMap<Key<'o>, Workload<'o, 'a>>,
    k: Key<'o>,
) -> &'m mut Workload<'o, 'a> {
    map.entry(k).or_insert_with(|| Workload {
        name: k.1,
        deployment: None,
        replica_sets: Vec::new(),
        pods: Vec::new(),
        hpa: None,
    })
}

/// The workloads of the input, ordered by namespace and name, pods and ReplicaSets by name.
pub(crate) fn group<'o, 'a>(observed: &'o Observed<'a>) -> Vec<Workload<'o, 'a>> {
    let mut by_kind: [Vec<&'o RawObject<'a>>; 4] = Default::default();
    for object in &observed.objects {
        match object.kind.get().and_then(Kind::of) {
            // A StatefulSet or a Job (compose services) stands where a Deployment does; its
            // pods name it as their owner.
            Some(Kind::Deployment | Kind::StatefulSet | Kind::Job) => by_kind[0].push(object),
            Some(Kind::ReplicaSet) => by_kind[1].push(object),
            Some(Kind::Pod) => by_kind[2].push(object),
            Some(Kind::Hpa) => by_kind[3].push(object),
            Some(Kind::Event) | None => {}
        }
    }
    let [deployments, replica_sets, pods, hpas] = by_kind;
    let mut map: BTreeMap<Key<'o>, Workload<'o, 'a>> = BTreeMap::new();

    for d in deployments {
        let w = entry(&mut map, key(d, d.name()));
        if w.deployment.is_none() {
            w.deployment = Some(d);
        }
    }
    // ReplicaSet -> workload key, for pods.
    let mut rs_owner: BTreeMap<Key<'o>, Key<'o>> = BTreeMap::new();
    for rs in replica_sets {
        let owner = rs
            .owner()
            .filter(|o| o.kind.is("Deployment"))
            .and_then(|o| o.name.non_empty());
        let k = key(rs, owner.unwrap_or(rs.name()));
        rs_owner.insert(key(rs, rs.name()), k);
        entry(&mut map, k).replica_sets.push(rs);
    }
    for pod in pods {
        let k = match pod.owner() {
            Some(o) if o.kind.is("ReplicaSet") => {
                let rs_name = o.name.or_empty();
                match rs_owner.get(&key(pod, rs_name)) {
                    Some(k) => *k,
                    // The ReplicaSet is not in the input: its name is `<deployment>-<hash>`.
                    None => key(pod, rs_name.rsplit_once('-').map_or(rs_name, |(d, _)| d)),
                }
            }
            Some(o) => key(pod, o.name.non_empty().unwrap_or(pod.name())),
            None => key(pod, pod.name()),
        };
        entry(&mut map, k).pods.push(pod);
    }
    for hpa in hpas {
        let Some(target) = hpa.spec().scale_target_ref.get() else {
            continue;
        };
        if !matches!(target.kind.get(), None | Some("Deployment")) {
            continue;
        }
        let name = target.name.or_empty();
        let ns = hpa.namespace();
        let found = map.iter_mut().find(|((wns, wname), _)| {
            *wname == name && ns.is_none_or(|n| n == *wns || wns.is_empty())
        });
        if let Some((_, w)) = found {
            if w.hpa.is_none() {
                w.hpa = Some(hpa);
            }
        }
    }
    let mut out: Vec<Workload<'o, 'a>> = map.into_values().collect();
    for w in &mut out {
        w.pods.sort_by(|a, b| a.name().cmp(b.name()));
        w.replica_sets.sort_by(|a, b| a.name().cmp(b.name()));
    }
    out
}

impl<'o, 'a> Workload<'o, 'a> {
    /// The objects that speak for the workload's labels: the Deployment, then its ReplicaSets,
    /// then its pods.
    fn label_sources(&self) -> impl Iterator<Item = &'o RawObject<'a>> + '_ {
        self.deployment
            .into_iter()
            .chain(self.replica_sets.iter().copied())
            .chain(self.pods.iter().copied())
    }

    /// Whether this workload belongs to preview `pull_request` (0: production). The first
    /// object carrying the `coolify.pullRequestId` label decides; without one it is production.
    pub fn is_pull_request(&self, pull_request: u64) -> bool {
        let label = self
            .label_sources()
            .find_map(|o| o.labels().pull_request.get().map(str::trim));
        match label {
            None | Some("") => pull_request == 0,
            Some(value) => value.parse::<u64>().is_ok_and(|n| n == pull_request),
        }
    }

    /// Whether the workload is excluded from health checks: label or annotation
    /// `coolify.excludeFromHealthCheck` set to `true` on the Deployment (or, without it, on a
    /// ReplicaSet).
    pub fn is_excluded(&self) -> bool {
        let source = self
            .deployment
            .or_else(|| self.replica_sets.first().copied())
            .or_else(|| self.pods.first().copied());
        source.is_some_and(|o| {
            let yes = |v: Option<&str>| {
                v.is_some_and(|v| v.trim().eq_ignore_ascii_case("true") || v.trim() == "1")
            };
            yes(o.labels().exclude.get()) || yes(o.annotations().exclude.get())
        })
    }

    /// The newest ReplicaSet: highest `deployment.kubernetes.io/revision`, then latest
    /// creation, then name.
    pub fn newest_replica_set(&self) -> Option<&'o RawObject<'a>> {
        self.replica_sets.iter().copied().max_by_key(|rs| {
            let revision = rs
                .annotations()
                .revision
                .get()
                .and_then(|r| r.trim().parse::<i64>().ok())
                .unwrap_or(-1);
            let created = rs
                .meta()
                .creation_timestamp
                .get()
                .and_then(|t| Timestamp::parse(t).ok());
            (revision, created, rs.name())
        })
    }

    /// The `pod-template-hash` of the current revision: the newest ReplicaSet's; without
    /// ReplicaSets, the most recently created pod's.
    pub fn current_hash(&self) -> Option<&'o str> {
        if let Some(rs) = self.newest_replica_set() {
            return rs.labels().pod_template_hash.non_empty().or_else(|| {
                rs.name()
                    .strip_prefix(self.name)
                    .and_then(|s| s.strip_prefix('-'))
                    .filter(|s| !s.is_empty())
            });
        }
        let newest = self
            .pods
            .iter()
            .copied()
            .filter(|p| pod_hash(p).is_some())
            .max_by_key(|p| {
                let created = p
                    .meta()
                    .creation_timestamp
                    .get()
                    .and_then(|t| Timestamp::parse(t).ok());
                (created, p.name())
            })?;
        pod_hash(newest)
    }
}

/// A pod's `pod-template-hash`: its label, or the suffix of its owning ReplicaSet's name.
pub(crate) fn pod_hash<'o>(pod: &'o RawObject<'_>) -> Option<&'o str> {
    pod.labels().pod_template_hash.non_empty().or_else(|| {
        let owner = pod.owner().filter(|o| o.kind.is("ReplicaSet"))?;
        owner
            .name
            .get()?
            .rsplit_once('-')
            .map(|(_, h)| h)
            .filter(|h| !h.is_empty())
    })
}

/// One warning event: when it last happened, its place in the input, the event.
type Dated<'o, 'a> = (Option<Timestamp>, usize, &'o RawObject<'a>);

/// Warning events, by the kind and name of the object they are about.
pub(crate) struct Events<'o, 'a> {
    by_object: BTreeMap<(&'o str, &'o str), Vec<Dated<'o, 'a>>>,
}

impl<'o, 'a> Events<'o, 'a> {
    pub fn index(observed: &'o Observed<'a>) -> Self {
        let mut by_object: BTreeMap<(&'o str, &'o str), Vec<_>> = BTreeMap::new();
        for (i, e) in observed.objects.iter().enumerate() {
            if !e.kind.is("Event") || !e.event_type.is("Warning") {
                continue;
            }
            let Some(target) = e.involved_object.get().or_else(|| e.regarding.get()) else {
                continue;
            };
            let (Some(kind), Some(name)) = (target.kind.non_empty(), target.name.non_empty())
            else {
                continue;
            };
            by_object
                .entry((kind, name))
                .or_default()
                .push((event_time(e), i, e));
        }
        Events { by_object }
    }

    /// The latest warning about `object` (of `kind`), optionally only with one of `reasons`.
    /// Namespaces and uids must agree where both sides have one.
    pub fn latest(
        &self,
        kind: &str,
        object: &RawObject<'_>,
        reasons: &[&str],
    ) -> Option<&'o RawObject<'a>> {
        let list = self.by_object.get(&(kind, object.name()))?;
        let agree =
            |a: Option<&str>, b: Option<&str>| !matches!((a, b), (Some(x), Some(y)) if x != y);
        list.iter()
            .filter(|(_, _, e)| {
                let target = e.involved_object.get().or_else(|| e.regarding.get());
                target.is_some_and(|t| {
                    agree(
                        t.namespace.non_empty().or(e.namespace()),
                        object.namespace(),
                    ) && agree(t.uid.non_empty(), object.meta().uid.non_empty())
                })
            })
            .filter(|(_, _, e)| reasons.is_empty() || reasons.iter().any(|r| e.reason.is(r)))
            .max_by_key(|(time, i, _)| (*time, *i))
            .map(|(_, _, e)| *e)
    }

    /// The message of the latest warning about `object`, when there is one.
    pub fn latest_message(
        &self,
        kind: &str,
        object: &RawObject<'_>,
        reasons: &[&str],
    ) -> Option<&'o str> {
        self.latest(kind, object, reasons)
            .and_then(|e| e.message.non_empty().or(e.note.non_empty()))
    }
}

/// When an event last happened: the latest of the times it carries.
fn event_time(e: &RawObject<'_>) -> Option<Timestamp> {
    let series = e.series.get().and_then(|s| s.last_observed_time.get());
    [
        e.last_timestamp.get(),
        e.deprecated_last_timestamp.get(),
        series,
        e.event_time.get(),
        e.first_timestamp.get(),
        e.meta().creation_timestamp.get(),
    ]
    .into_iter()
    .flatten()
    .filter_map(|t| Timestamp::parse(t).ok())
    .max()
}
