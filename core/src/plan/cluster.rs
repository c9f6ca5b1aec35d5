//! Cluster check: the reads, and a verdict on what they printed (reachable, nodes ready,
//! version, which routing the cluster can serve).

use super::input::Action;
use super::kubectl::{check_target, Kubectl};
use super::shell::run;
use super::{Plan, Step};
use crate::error::{Collector, Errors, Problem};
use serde::Serialize;
use serde_json::Value;

/// The CRDs the routing flavours need, looked up by name.
const CRDS: &[&str] = &[
    "ingressroutes.traefik.io",
    "middlewares.traefik.io",
    "httproutes.gateway.networking.k8s.io",
    "gateways.gateway.networking.k8s.io",
    "certificates.cert-manager.io",
    "clusterissuers.cert-manager.io",
];

/// The Kubernetes minor version render targets.
const TARGET_MINOR: u32 = 33;

pub(crate) fn plan(action: &Action) -> Result<Plan, Errors> {
    let mut problems = Collector::default();
    check_target(&action.target, &mut problems);
    if !problems.is_empty() {
        return Err(Errors::new(problems.into_vec()));
    }
    let k = Kubectl::new(&action.target, action.target.namespace.as_deref());
    let mut crd_args = vec!["get", "customresourcedefinitions.apiextensions.k8s.io"];
    crd_args.extend_from_slice(CRDS);
    crd_args.extend_from_slice(&["--ignore-not-found", "-o", "json"]);
    let steps = vec![
        Step::new(run(&k.argv(&["version", "-o", "json"])), "Read the client and server versions").non_fatal(),
        Step::new(run(&k.argv(&["get", "nodes", "-o", "json"])), "List the nodes").non_fatal(),
        Step::new(run(&k.argv(&["get", "ingressclasses.networking.k8s.io", "-o", "json"])), "List the ingress classes").non_fatal(),
        Step::new(run(&k.argv(&crd_args)), "Look for the Traefik, Gateway API and cert-manager CRDs").non_fatal(),
    ];
    Ok(Plan::new("cluster-check", steps))
}

/// The verdict on a cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClusterVerdict {
    /// Usable for applications: reachable, with at least one Ready node.
    pub ready: bool,
    /// `Ready`, `Unreachable`, `NoNodes`, `NoReadyNode` or `NodesNotListed`.
    pub reason: &'static str,
    /// For a person.
    pub message: String,
    /// The API server answered.
    pub reachable: bool,
    /// The server's `gitVersion` (`v1.33.4+k3s1`).
    pub server_version: Option<String>,
    /// kubectl's `gitVersion`.
    pub client_version: Option<String>,
    /// `k3s`, `rke2`, `eks`, `gke`, ... when the version tells.
    pub distribution: Option<String>,
    /// Node count.
    pub nodes_total: usize,
    /// Ready nodes.
    pub nodes_ready: usize,
    /// Every node, by name.
    pub nodes: Vec<NodeInfo>,
    /// The ingress classes, by name.
    pub ingress_classes: Vec<IngressClassInfo>,
    /// What routing the cluster can serve.
    pub routing: Routing,
    /// Things to know (version skew, https without cert-manager).
    pub warnings: Vec<Problem>,
}

/// One node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeInfo {
    /// Name.
    pub name: String,
    /// `Ready=True`.
    pub ready: bool,
    /// Cordoned.
    pub unschedulable: bool,
    /// From `node-role.kubernetes.io/<role>` labels.
    pub roles: Vec<String>,
    /// The kubelet's version.
    pub kubelet_version: Option<String>,
    /// The `InternalIP` address.
    pub internal_ip: Option<String>,
    /// The `ExternalIP` address.
    pub external_ip: Option<String>,
}

/// One IngressClass.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IngressClassInfo {
    /// Name (what `kubernetes_ingress_class` takes).
    pub name: String,
    /// `spec.controller` (`traefik.io/ingress-controller`, `k8s.io/ingress-nginx`, ...).
    pub controller: Option<String>,
    /// Marked as the cluster's default class.
    pub default: bool,
}

/// Routing the cluster can serve, and the server settings to choose.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Routing {
    /// Traefik's CRDs (IngressRoute, Middleware) are installed.
    pub traefik_crds: bool,
    /// Gateway API's HTTPRoute CRD is installed.
    pub gateway_api: bool,
    /// cert-manager's Certificate CRD is installed.
    pub cert_manager: bool,
    /// The routing flavour to choose (`kubernetes_routing`: `traefik`, `gateway`, `ingress`).
    pub flavour: Option<String>,
    /// The ingress class to choose (`kubernetes_ingress_class`).
    pub ingress_class: Option<String>,
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_str()
}

/// Reads what the `cluster-check` steps printed — the whole script's output, several JSON
/// documents one after another, in any order; missing ones (a failed step) are fine — and
/// judges it. Text that is not JSON is an error.
pub fn check_cluster(output: &str) -> Result<ClusterVerdict, Errors> {
    let mut version: Option<Value> = None;
    let mut objects: Vec<Value> = Vec::new();
    let mut lists = 0usize;
    let mut node_list_seen = false;
    for (i, doc) in serde_json::Deserializer::from_str(output).into_iter::<Value>().enumerate() {
        let doc = doc.map_err(|e| Errors::one("invalid_json", format!("output[document {}]", i + 1), format!("not kubectl JSON output: {e}")))?;
        if doc.get("clientVersion").is_some() || doc.get("serverVersion").is_some() {
            version = Some(doc);
            continue;
        }
        match doc.get("items").and_then(Value::as_array) {
            Some(items) => {
                lists += 1;
                let list_kind = doc.get("kind").and_then(Value::as_str).unwrap_or("");
                if list_kind == "NodeList" {
                    node_list_seen = true;
                }
                for item in items {
                    let kind = item.get("kind").and_then(Value::as_str).or_else(|| list_kind.strip_suffix("List").filter(|k| !k.is_empty()));
                    if kind == Some("Node") {
                        node_list_seen = true;
                    }
                    let mut item = item.clone();
                    if let (Some(k), Some(map)) = (kind.map(str::to_owned), item.as_object_mut()) {
                        map.entry("kind").or_insert(Value::String(k));
                    }
                    objects.push(item);
                }
            }
            None if doc.get("kind").is_some() => objects.push(doc),
            None => {}
        }
    }
    fn of_kind<'a>(objects: &'a [Value], kind: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        objects.iter().filter(move |o| o.get("kind").and_then(Value::as_str) == Some(kind))
    }

    let server_version = version.as_ref().and_then(|v| str_at(v, &["serverVersion", "gitVersion"])).map(str::to_owned);
    let client_version = version.as_ref().and_then(|v| str_at(v, &["clientVersion", "gitVersion"])).map(str::to_owned);
    let mut nodes: Vec<NodeInfo> = of_kind(&objects, "Node").map(node_info).collect();
    nodes.sort_by(|a, b| a.name.cmp(&b.name));
    let mut ingress_classes: Vec<IngressClassInfo> = of_kind(&objects, "IngressClass")
        .map(|o| IngressClassInfo {
            name: str_at(o, &["metadata", "name"]).unwrap_or("").to_owned(),
            controller: str_at(o, &["spec", "controller"]).map(str::to_owned),
            default: str_at(o, &["metadata", "annotations", "ingressclass.kubernetes.io/is-default-class"]) == Some("true"),
        })
        .collect();
    ingress_classes.sort_by(|a, b| a.name.cmp(&b.name));
    let crds: Vec<&str> = of_kind(&objects, "CustomResourceDefinition").filter_map(|o| str_at(o, &["metadata", "name"])).collect();
    let has = |name: &str| crds.contains(&name);

    let mut routing = Routing {
        traefik_crds: has("ingressroutes.traefik.io") && has("middlewares.traefik.io"),
        gateway_api: has("httproutes.gateway.networking.k8s.io"),
        cert_manager: has("certificates.cert-manager.io"),
        flavour: None,
        ingress_class: None,
    };
    let default_class = ingress_classes.iter().find(|c| c.default).or(ingress_classes.first());
    if routing.traefik_crds {
        routing.flavour = Some("traefik".to_owned());
        let traefik_class = ingress_classes.iter().find(|c| c.controller.as_deref() == Some("traefik.io/ingress-controller"));
        routing.ingress_class = Some(traefik_class.map_or("traefik", |c| c.name.as_str()).to_owned());
    } else if routing.gateway_api {
        routing.flavour = Some("gateway".to_owned());
    } else if let Some(c) = default_class {
        routing.flavour = Some("ingress".to_owned());
        routing.ingress_class = Some(c.name.clone());
    }

    let mut warnings = Collector::default();
    let reachable = server_version.is_some() || lists > 0;
    if let Some(minor) = version.as_ref().and_then(|v| str_at(v, &["serverVersion", "minor"])) {
        let digits: String = minor.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(m) = digits.parse::<u32>() {
            if m < TARGET_MINOR {
                warnings.push(
                    "old_kubernetes",
                    "serverVersion",
                    format!("the cluster runs Kubernetes 1.{m}; coolify-k8s targets 1.{TARGET_MINOR} and may use fields it lacks"),
                );
            }
        }
    }
    if reachable && routing.flavour.is_none() {
        warnings.push("no_routing", "routing", "no Traefik CRDs, Gateway API or ingress class found: domains will not be served");
    }
    if reachable && routing.flavour.as_deref() != Some("gateway") && routing.flavour.is_some() && !routing.cert_manager {
        warnings.push("no_cert_manager", "routing", "cert-manager is not installed: https domains get no certificate");
    }

    let nodes_total = nodes.len();
    let nodes_ready = nodes.iter().filter(|n| n.ready).count();
    let (ready, reason, message) = if !reachable {
        (false, "Unreachable", "the API server did not answer".to_owned())
    } else if !node_list_seen && nodes_total == 0 {
        (false, "NodesNotListed", "the nodes could not be listed (no permission, or the step failed)".to_owned())
    } else if nodes_total == 0 {
        (false, "NoNodes", "the cluster has no node".to_owned())
    } else if nodes_ready == 0 {
        (false, "NoReadyNode", format!("none of the {nodes_total} node(s) is Ready"))
    } else {
        (true, "Ready", format!("{nodes_ready} of {nodes_total} node(s) Ready"))
    };
    let distribution = server_version.as_deref().and_then(distribution);
    Ok(ClusterVerdict {
        ready,
        reason,
        message,
        reachable,
        server_version,
        client_version,
        distribution,
        nodes_total,
        nodes_ready,
        nodes,
        ingress_classes,
        routing,
        warnings: warnings.into_vec(),
    })
}

fn node_info(o: &Value) -> NodeInfo {
    let conditions = o.pointer("/status/conditions").and_then(Value::as_array);
    let ready = conditions.into_iter().flatten().any(|c| str_at(c, &["type"]) == Some("Ready") && str_at(c, &["status"]) == Some("True"));
    let mut roles: Vec<String> = o
        .pointer("/metadata/labels")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(k, _)| k.strip_prefix("node-role.kubernetes.io/").filter(|r| !r.is_empty()).map(str::to_owned))
        .collect();
    roles.sort();
    let address = |kind: &str| {
        o.pointer("/status/addresses")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|a| str_at(a, &["type"]) == Some(kind))
            .and_then(|a| str_at(a, &["address"]))
            .map(str::to_owned)
    };
    NodeInfo {
        name: str_at(o, &["metadata", "name"]).unwrap_or("").to_owned(),
        ready,
        unschedulable: o.pointer("/spec/unschedulable").and_then(Value::as_bool).unwrap_or(false),
        roles,
        kubelet_version: str_at(o, &["status", "nodeInfo", "kubeletVersion"]).map(str::to_owned),
        internal_ip: address("InternalIP"),
        external_ip: address("ExternalIP"),
    }
}

fn distribution(version: &str) -> Option<String> {
    const KNOWN: [(&str, &str); 6] = [("+k3s", "k3s"), ("+rke2", "rke2"), ("+k0s", "k0s"), ("-eks-", "eks"), ("-gke.", "gke"), ("+vmware", "tanzu")];
    KNOWN.iter().find(|(marker, _)| version.contains(marker)).map(|(_, name)| (*name).to_owned())
}
