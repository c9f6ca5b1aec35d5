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

use coolify_k8s_core::status::{self, Context};
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
