//! Node binding of coolify-k8s: JavaScript values → JSON → core → JSON → JavaScript values.
//!
//! Glue only. Every function takes a JavaScript value or a JSON/YAML string, calls one core
//! entry function and hands its result back:
//!
//! - a string goes to the core's text reader (JSON or YAML);
//! - any other value crosses as JSON text made by V8's own `JSON.stringify` (a `Date` becomes its
//!   RFC 3339 form), read with serde;
//! - the result crosses back as serde_json text read by V8's own `JSON.parse`.
//!
//! V8's JSON is several times faster than building the same objects one N-API call at a time,
//! and it is the conversion every JavaScript caller already knows. A failure leaves as one
//! JavaScript `Error` whose message is the JSON payload `{"code", "message", "problems"}`;
//! `index.js` turns it into a `CoolifyK8sError`. A panic in the core is caught here and leaves the
//! same way, never unwinding into Node.

use coolify_k8s_core::compose;
use coolify_k8s_core::coordinate as coordination;
use coolify_k8s_core::plan as plans;
use coolify_k8s_core::status::{self, Context, Timestamp};
use coolify_k8s_core::{output, Errors, Problem};
use napi::bindgen_prelude::{
    Either, Env, Error, Function, JsObjectValue, Object, Status, Unknown, ValueType,
};
use napi_derive::napi;
use serde::Serialize;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// What the exported functions return: a value, or a JavaScript error to throw.
type Result<T, E = Error> = std::result::Result<T, E>;

/// `CoolifyK8sError.code` when the input has problems.
const INVALID: &str = "COOLIFY_K8S_INVALID";
/// `CoolifyK8sError.code` when the core failed (a bug); its one problem says how.
const INTERNAL: &str = "COOLIFY_K8S_INTERNAL";

/// A Coolify application bundle, in Coolify's own field names (see the README); the core reads
/// it and ignores unknown fields.
#[napi]
pub type Bundle = serde_json::Map<String, serde_json::Value>;

/// A Kubernetes object, as the API server reads it (`apiVersion`, `kind`, `metadata`, ...).
#[napi]
pub type Manifest = serde_json::Map<String, serde_json::Value>;

/// A warning or a problem: a stable code, the field path in the input (in canonical names, such
/// as `environment_variables[3].key`) and a message for a person.
#[napi(
    object,
    js_name = "Problem",
    object_from_js = false,
    object_to_js = false
)]
pub struct JsProblem {
    /// Stable, machine-readable code (`invalid_port`, `unsupported_limit`, ...).
    pub code: String,
    /// Where in the input: `application.fqdn[1]`, `environment_variables[3].key`; empty for the whole input.
    pub path: String,
    /// For a person.
    pub message: String,
}

/// What `render` returns.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct Rendered {
    /// The objects, in output order (Namespace, Secret/ConfigMap, PVC, Service, Deployment, routing).
    pub manifests: Vec<Manifest>,
    /// Coolify settings Kubernetes cannot express, each naming its field.
    pub warnings: Vec<JsProblem>,
}

/// What `verdict` reads: kubectl's output for one application, as `kubectl get -o json` prints
/// it (a `List`, an array of objects, or one object).
#[napi]
pub type Observed = Either<
    serde_json::Map<String, serde_json::Value>,
    Vec<serde_json::Map<String, serde_json::Value>>,
>;

/// When and what `verdict` judges. Times are `Date`s or RFC 3339 strings; an absent field takes
/// the core's default (see the README).
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct VerdictContext {
    /// The time of the judgement.
    #[napi(ts_type = "Date | string")]
    pub now: String,
    /// When the last deploy started: the grace window starts here. Absent or null: no grace window.
    #[napi(ts_type = "Date | string | null")]
    pub deployed_at: Option<String>,
    /// Length of the grace window, in seconds.
    pub grace: Option<u32>,
    /// Which preview to judge (label `coolify.pullRequestId`); 0 is production.
    pub pull_request: Option<u32>,
    /// Whether the application has a health check; `auto` reads it from the pod template.
    #[napi(ts_type = "'auto' | 'yes' | 'no'")]
    pub health_check: Option<String>,
}

/// The verdict: Coolify's `status` (`running:healthy`, ...), a stable `reason`, a `message`,
/// replica counts, the rollout and the pods with a problem, in the core's field names.
#[napi]
pub type Verdict = serde_json::Map<String, serde_json::Value>;

/// What `renderCompose` reads: `compose` (the compose file's text) and Coolify's context for it
/// (`uuid`, `name`, `namespace`, `variables`, `seed`, `docker_compose_domains`, `env_files`,
/// `server`), in the core's field names.
#[napi]
pub type ComposeInput = serde_json::Map<String, serde_json::Value>;

/// What `plan` reads: `{action: NAME, namespace, kubeconfig, context, bundle, ...the action's
/// options}`, in the core's field names (`tests/vectors/plan/README.md` lists them); for a
/// compose resource `compose` (a `ComposeInput`) takes the place of `bundle`.
#[napi]
pub type Action = serde_json::Map<String, serde_json::Value>;

/// One shell command of a plan.
#[napi(object, js_name = "Step", object_from_js = false, object_to_js = false)]
pub struct JsStep {
    /// The command, ready for `bash`.
    pub command: String,
    /// What it is for, for a person.
    pub description: String,
    /// Whether a failure must stop what follows.
    pub fatal: bool,
    /// Whether the command or its output carries a secret: never log it.
    pub hidden: bool,
}

/// What `plan` returns.
#[napi(object, js_name = "Plan", object_from_js = false, object_to_js = false)]
pub struct JsPlan {
    /// The action's name (`scale`, `install-k3s`, ...).
    pub action: String,
    /// The steps, in order.
    pub steps: Vec<JsStep>,
    /// Things the caller should know; never secrets.
    pub warnings: Vec<JsProblem>,
    /// For `link-cluster`: what the kubeconfig holds (names, servers, kinds of credentials).
    #[napi(ts_type = "Record<string, any>")]
    pub kubeconfig: Option<serde_json::Map<String, serde_json::Value>>,
}

/// What `parseTop` returns: `pods` (`{pod, container, cpu_millicores, memory_bytes}` per line)
/// and the sums `cpu_millicores` and `memory_bytes`.
#[napi]
pub type Usage = serde_json::Map<String, serde_json::Value>;

/// What `checkCluster` returns: `ready`, `reason`, `message`, versions, nodes, ingress classes,
/// `routing` and `warnings`, in the core's field names.
#[napi]
pub type ClusterVerdict = serde_json::Map<String, serde_json::Value>;

/// What `parseKubeconfig` returns: `summary` (the chosen context, its cluster, server, user,
/// namespace, kinds of credentials, every context) and `warnings`; never a secret.
#[napi]
pub type Kubeconfig = serde_json::Map<String, serde_json::Value>;

/// What `coordinate` reads: `spec` (`labelSelector`, `minReadySeconds`, `failurePolicy`,
/// `namespace`), `deployments` (kubectl's JSON), `status` (the previous decision's) and `now`.
#[napi]
pub type CoordinationInput = serde_json::Map<String, serde_json::Value>;

/// What `coordinate` decides: `activeDeployment`, `patches`, `steps` (the patches as plan
/// steps), `status` (to pass back in on the next poll), `events`, `requeueAfterSeconds`.
#[napi]
pub type Decision = serde_json::Map<String, serde_json::Value>;

/// The JavaScript spelling of [`VerdictContext`]'s fields → the core's [`Context`] (names only:
/// values and defaults are the core's).
const CONTEXT_NAMES: [(&str, &str); 3] = [
    ("deployedAt", "deployed_at"),
    ("pullRequest", "pull_request"),
    ("healthCheck", "health_check"),
];

/// What a failure carries across to `index.js`.
#[derive(Serialize)]
struct Failure<'a> {
    code: &'a str,
    message: String,
    problems: &'a [Problem],
}

/// The one error-mapping function: problems → a JavaScript `Error` with the JSON payload.
fn failure(code: &str, errors: &Errors) -> Error {
    let payload = Failure {
        code,
        message: errors.to_string(),
        problems: &errors.problems,
    };
    // A struct of strings always serialises; the fallback keeps the payload's shape regardless.
    let text = serde_json::to_string(&payload)
        .unwrap_or_else(|_| format!(r#"{{"code":"{INTERNAL}","message":"","problems":[]}}"#));
    Error::new(Status::GenericFailure, text)
}

/// Runs `f`, turning problems into the `INVALID` failure and a panic into the `INTERNAL` one, so
/// that a panic never reaches Node.
fn guarded<T>(f: impl FnOnce() -> Result<T, Errors>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(errors)) => Err(failure(INVALID, &errors)),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            let errors = Errors::one(
                "internal_error",
                "",
                format!("coolify-k8s failed internally (a bug, please report it): {what}"),
            );
            Err(failure(INTERNAL, &errors))
        }
    }
}

/// V8's `JSON` object.
fn json(env: &Env) -> Result<Object<'_>> {
    env.get_global()?.get_named_property_unchecked("JSON")
}

/// A JavaScript input as text for the core: `Text` when the caller passed a string, `Json` (made
/// by `JSON.stringify`) otherwise. What JSON cannot represent (`undefined`, a function) is `null`;
/// a value it refuses (a `BigInt`, a cycle) is a problem named `invalid_<what>`.
enum Input {
    Text(String),
    Json(String),
}

fn read(env: &Env, value: Unknown, what: &str) -> Result<Input, Errors> {
    let unreadable = |e: Error| {
        Errors::one(
            &format!("invalid_{what}"),
            "",
            format!("the {what} cannot be read as JSON: {}", e.reason),
        )
    };
    if value.get_type().map_err(unreadable)? == ValueType::String {
        return env
            .from_js_value(value)
            .map(Input::Text)
            .map_err(unreadable);
    }
    stringify(env, value).map(Input::Json).map_err(unreadable)
}

/// A text argument (command output, a kubeconfig): a string, else `invalid_argument` at its name.
fn text_arg(env: &Env, value: Unknown, name: &str) -> Result<String, Errors> {
    let refuse = |reason: String| Errors::one("invalid_argument", name, reason);
    let kind = value.get_type().map_err(|e| refuse(e.reason))?;
    if kind != ValueType::String {
        return Err(refuse(format!(
            "`{name}` must be a string, not {}",
            type_name(kind)
        )));
    }
    env.from_js_value(value)
        .map_err(|e: Error| refuse(e.reason))
}

/// A value's type as `typeof` names it (`null` for null).
fn type_name(kind: ValueType) -> &'static str {
    match kind {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "boolean",
        ValueType::Number => "number",
        ValueType::String => "string",
        ValueType::Symbol => "symbol",
        ValueType::Function => "function",
        ValueType::BigInt => "bigint",
        _ => "object",
    }
}

/// Both results, or every problem of both.
fn both<A, B>(a: Result<A, Errors>, b: Result<B, Errors>) -> Result<(A, B), Errors> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => Err(Errors::new(
            a.err()
                .into_iter()
                .chain(b.err())
                .flat_map(|e| e.problems)
                .collect(),
        )),
    }
}

/// An optional argument: absent when `undefined` or `null`.
fn given(value: Option<Unknown>) -> Option<Unknown> {
    value.filter(|v| !matches!(v.get_type(), Ok(ValueType::Undefined | ValueType::Null)))
}

/// `JSON.stringify(value)`, `null` for what JSON cannot represent.
fn stringify(env: &Env, value: Unknown) -> Result<String> {
    let stringify: Function<Unknown, Option<String>> =
        json(env)?.get_named_property_unchecked("stringify")?;
    Ok(stringify.call(value)?.unwrap_or_else(|| "null".to_owned()))
}

/// A core result as a JavaScript value, through serde_json text and `JSON.parse`.
fn to_js<'env>(env: &'env Env, value: &impl Serialize) -> Result<Unknown<'env>> {
    let text = serde_json::to_string(value)
        .map_err(|e| Error::new(Status::GenericFailure, e.to_string()))?;
    let parse: Function<String, Unknown> = json(env)?.get_named_property_unchecked("parse")?;
    parse.call(text)
}

fn read_bundle(env: &Env, bundle: Unknown) -> Result<coolify_k8s_core::Bundle, Errors> {
    match read(env, bundle, "bundle")? {
        Input::Text(text) => coolify_k8s_core::Bundle::from_text(&text),
        Input::Json(json) => coolify_k8s_core::Bundle::from_json_str(&json),
    }
}

/// JSON text made by `JSON.stringify` as a value; `what` names the problem should it fail.
fn json_value(json: &str, what: &str) -> Result<serde_json::Value, Errors> {
    serde_json::from_str(json)
        .map_err(|e| Errors::one(&format!("invalid_{what}"), "", e.to_string()))
}

fn read_compose(env: &Env, input: Unknown) -> Result<compose::ComposeInput, Errors> {
    match read(env, input, "input")? {
        Input::Text(text) => compose::ComposeInput::from_text(&text),
        Input::Json(json) => compose::ComposeInput::from_value(json_value(&json, "input")?),
    }
}

fn read_action(env: &Env, action: Unknown) -> Result<plans::Action, Errors> {
    match read(env, action, "action")? {
        Input::Text(text) => plans::Action::from_json_str(&text),
        Input::Json(json) => plans::Action::from_value(json_value(&json, "action")?),
    }
}

/// The coordination input, its `now` set (or replaced) by the `now` argument when given.
fn read_coordination(
    env: &Env,
    input: Unknown,
    now: Option<Unknown>,
) -> Result<coordination::Input, Errors> {
    let input = read(env, input, "input").and_then(|input| match input {
        Input::Text(text) => coordination::Input::parse(&text),
        Input::Json(json) => coordination::Input::from_value(json_value(&json, "input")?),
    });
    let now = given(now)
        .map(|now| {
            let bad = |message: String| Errors::one("invalid_input", "now", message);
            let text = stringify(env, now).map_err(|e| bad(e.reason))?;
            let value = json_value(&text, "input")?;
            serde_json::from_value::<Timestamp>(value).map_err(|e| bad(e.to_string()))
        })
        .transpose();
    let (mut input, now) = both(input, now)?;
    if now.is_some() {
        input.now = now;
    }
    Ok(input)
}

/// The context object, renamed to the core's field names and read by the core's [`Context`].
fn read_context(env: &Env, context: Unknown) -> Result<Context, Errors> {
    let text = stringify(env, context).map_err(|e| {
        Errors::one(
            "invalid_context",
            "",
            format!("the context cannot be read as JSON: {}", e.reason),
        )
    })?;
    let mut value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Errors::one("invalid_context", "", e.to_string()))?;
    if let Some(fields) = value.as_object_mut() {
        for (js, core) in CONTEXT_NAMES {
            if let Some(v) = fields.remove(js) {
                fields.insert(core.to_owned(), v);
            }
        }
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let path = CONTEXT_NAMES
            .iter()
            .find(|(_, core)| *core == path)
            .map_or(path.as_str(), |(js, _)| js);
        let path = if path == "." { "" } else { path };
        Errors::one("invalid_context", path, e.inner().to_string())
    })
}

/// Renders a Coolify application bundle as Kubernetes objects.
///
/// `bundle` is the bundle as an object, or as JSON or YAML text. Returns the objects in output
/// order and the warnings (Coolify settings Kubernetes cannot express). Throws a
/// `CoolifyK8sError` listing every problem of the bundle.
#[napi(ts_args_type = "bundle: Bundle | string", ts_return_type = "Rendered")]
pub fn render<'env>(env: &'env Env, bundle: Unknown<'env>) -> Result<Unknown<'env>> {
    let rendered = guarded(|| coolify_k8s_core::render(&read_bundle(env, bundle)?))?;
    to_js(env, &rendered)
}

/// Renders a Coolify application bundle as multi-document YAML: exactly the bytes of
/// `coolify-k8s render`.
///
/// `bundle` is the bundle as an object, or as JSON or YAML text. Throws a `CoolifyK8sError`
/// listing every problem of the bundle.
#[napi(ts_args_type = "bundle: Bundle | string")]
pub fn render_yaml(env: &Env, bundle: Unknown) -> Result<String> {
    guarded(|| {
        Ok(output::to_yaml(
            &coolify_k8s_core::render(&read_bundle(env, bundle)?)?.manifests,
        ))
    })
}

/// Judges an application (or one preview) from what the cluster reported, in Coolify's status
/// words. Never throws for the application's state (a crash loop is a verdict).
///
/// `observed` is kubectl's output for the application's objects (`kubectl get
/// deployments,replicasets,pods,hpa,events -l coolify.applicationId=... -o json`), as a value or
/// as JSON or YAML text. Throws a `CoolifyK8sError` when that output or the context cannot be read.
#[napi(
    ts_args_type = "observed: Observed | string, context: VerdictContext",
    ts_return_type = "Verdict"
)]
pub fn verdict<'env>(
    env: &'env Env,
    observed: Unknown<'env>,
    context: Unknown<'env>,
) -> Result<Unknown<'env>> {
    let verdict = guarded(|| {
        let input = read(env, observed, "observed");
        let context = read_context(env, context);
        let observed = match &input {
            Ok(Input::Text(text)) => status::Observed::parse(text),
            Ok(Input::Json(json)) => status::Observed::from_json_str(json),
            Err(errors) => Err(errors.clone()),
        };
        match (observed, context) {
            (Ok(observed), Ok(context)) => Ok(status::verdict(&observed, &context)),
            (observed, context) => Err(Errors::new(
                observed
                    .err()
                    .into_iter()
                    .chain(context.err())
                    .flat_map(|e| e.problems)
                    .collect(),
            )),
        }
    })?;
    to_js(env, &verdict)
}

/// Renders a Docker Compose file with Coolify's context for it as Kubernetes objects.
///
/// `input` is `{compose, uuid, name, variables, seed, docker_compose_domains, env_files,
/// server, ...}` as an object, or as JSON or YAML text. Returns the objects in output order and
/// the warnings, as `render` does. Throws a `CoolifyK8sError` listing every problem of the input
/// and of the compose file.
#[napi(
    ts_args_type = "input: ComposeInput | string",
    ts_return_type = "Rendered"
)]
pub fn render_compose<'env>(env: &'env Env, input: Unknown<'env>) -> Result<Unknown<'env>> {
    let rendered = guarded(|| coolify_k8s_core::render_compose(&read_compose(env, input)?))?;
    to_js(env, &rendered)
}

/// Renders a Docker Compose file with Coolify's context for it as multi-document YAML: exactly
/// the bytes of `coolify-k8s compose`.
///
/// `input` is the compose input as an object, or as JSON or YAML text. Throws a
/// `CoolifyK8sError` listing every problem.
#[napi(ts_args_type = "input: ComposeInput | string")]
pub fn render_compose_yaml(env: &Env, input: Unknown) -> Result<String> {
    guarded(|| {
        let rendered = coolify_k8s_core::render_compose(&read_compose(env, input)?)?;
        Ok(output::to_yaml(&rendered.manifests))
    })
}

/// Builds the shell commands Coolify runs over SSH for one action: `deploy`, `scale`, `status`,
/// `logs`, `exec`, `install-k3s`, `link-cluster`, ...
///
/// `action` is the action as an object, or as JSON text. A `hidden` step carries a secret:
/// never log its command or its output. Throws a `CoolifyK8sError` listing every problem of the
/// action.
#[napi(ts_args_type = "action: Action | string", ts_return_type = "Plan")]
pub fn plan<'env>(env: &'env Env, action: Unknown<'env>) -> Result<Unknown<'env>> {
    let planned = guarded(|| plans::plan(&read_action(env, action)?))?;
    to_js(env, &planned)
}

/// Reads what a `resources` plan printed (`kubectl top pods --no-headers [--containers]`).
/// Throws a `CoolifyK8sError` naming every line it cannot read.
#[napi(ts_args_type = "output: string", ts_return_type = "Usage")]
pub fn parse_top<'env>(env: &'env Env, output: Unknown<'env>) -> Result<Unknown<'env>> {
    let usage = guarded(|| plans::parse_top(&text_arg(env, output, "output")?))?;
    to_js(env, &usage)
}

/// Reads what a `cluster-check` plan printed: the cluster's version, nodes, ingress classes and
/// routing CRDs, and what they mean for Coolify. Throws a `CoolifyK8sError` when the output
/// cannot be read.
#[napi(ts_args_type = "output: string", ts_return_type = "ClusterVerdict")]
pub fn check_cluster<'env>(env: &'env Env, output: Unknown<'env>) -> Result<Unknown<'env>> {
    let verdict = guarded(|| plans::check_cluster(&text_arg(env, output, "output")?))?;
    to_js(env, &verdict)
}

/// Checks a kubeconfig a user links: the summary of `context` (absent: its current context) and
/// the warnings. The kubeconfig's secrets never appear in the result. Throws a
/// `CoolifyK8sError` when it cannot be used.
#[napi(
    ts_args_type = "text: string, context?: string | null",
    ts_return_type = "Kubeconfig"
)]
pub fn parse_kubeconfig<'env>(
    env: &'env Env,
    text: Unknown<'env>,
    context: Option<Unknown<'env>>,
) -> Result<Unknown<'env>> {
    let kubeconfig = guarded(|| {
        let context = given(context)
            .map(|c| text_arg(env, c, "context"))
            .transpose();
        let (text, context) = both(text_arg(env, text, "text"), context)?;
        plans::parse_kubeconfig(&text, context.as_deref())
    })?;
    to_js(env, &kubeconfig)
}

/// Rewrites the kubeconfig a K3s server writes (`server: https://127.0.0.1:6443`) to reach it at
/// `address` (the server's public name or IP). Throws a `CoolifyK8sError` when it is not such a
/// kubeconfig.
#[napi(
    js_name = "rewriteK3sKubeconfig",
    ts_args_type = "text: string, address: string"
)]
pub fn rewrite_k3s_kubeconfig(env: &Env, text: Unknown, address: Unknown) -> Result<String> {
    guarded(|| {
        let (text, address) = both(
            text_arg(env, text, "text"),
            text_arg(env, address, "address"),
        )?;
        plans::rewrite_k3s_kubeconfig(&text, &address)
    })
}

/// Decides, for one status poll, which of the coordinated Deployments rolls out, and what to
/// pause and unpause: sequential rollouts. A failed rollout is a decision, not an error.
///
/// `input` is the coordination input as an object, or as JSON or YAML text. `now`, a `Date` or
/// RFC 3339 text, sets (or replaces) the input's `now`, as the CLI's `--now` does. Throws a
/// `CoolifyK8sError` listing every problem of the input.
#[napi(
    ts_args_type = "input: CoordinationInput | string, now?: Date | string | null",
    ts_return_type = "Decision"
)]
pub fn coordinate<'env>(
    env: &'env Env,
    input: Unknown<'env>,
    now: Option<Unknown<'env>>,
) -> Result<Unknown<'env>> {
    let decision = guarded(|| coordination::coordinate(&read_coordination(env, input, now)?))?;
    to_js(env, &decision)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload(err: Option<Error>) -> serde_json::Value {
        let reason = err.map(|e| e.reason).unwrap_or_default();
        serde_json::from_str(&reason).unwrap_or_default()
    }

    #[test]
    fn a_panic_becomes_the_internal_failure() {
        let p = payload(guarded::<()>(|| panic!("boom")).err());
        assert_eq!(p["code"], INTERNAL);
        assert_eq!(p["problems"][0]["code"], "internal_error");
        assert!(p["message"].as_str().unwrap_or_default().contains("boom"));
    }

    #[test]
    fn problems_become_the_invalid_failure() {
        let p = payload(
            guarded::<()>(|| {
                Err(Errors::one(
                    "invalid_port",
                    "application.ports_exposes",
                    "no",
                ))
            })
            .err(),
        );
        assert_eq!(p["code"], INVALID);
        assert_eq!(p["message"], "application.ports_exposes: no [invalid_port]");
        assert_eq!(p["problems"][0]["path"], "application.ports_exposes");
    }
}
