//! `coolify_k8s._native`: the Python face of the coolify-k8s core.
//!
//! Glue only: a Python value becomes a `serde_json::Value` (or, for a `str`, stays text for the
//! core's JSON/YAML reader), the core does the work with the GIL released, and its serde output
//! comes back as Python values. Defaults, Coolify and Kubernetes knowledge all live in the core.
//!
//! Every failure leaves as one exception, `coolify_k8s.CoolifyK8sError` (a `ValueError`), whose
//! `problems` is the core's list of `{code, path, message}`. A Rust panic is caught here and
//! raised the same way, never as pyo3's `PanicException`.

use coolify_k8s_core::compose::ComposeInput;
use coolify_k8s_core::coordinate::{self as coordination, Decision};
use coolify_k8s_core::plan::{self as plans, Action};
use coolify_k8s_core::status::{self, Context, Observed, Timestamp};
use coolify_k8s_core::{output, render as render_bundle, Bundle, Errors, Problem};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyString;
use serde::Serialize;
use std::panic::{self, AssertUnwindSafe};

create_exception!(
    coolify_k8s,
    CoolifyK8sError,
    PyValueError,
    "Bad input (or an internal error). `problems` lists every problem as {code, path, message}."
);

/// An input as it came from Python: text for the core's JSON/YAML reader, or a plain value.
enum Input {
    Text(String),
    Value(serde_json::Value),
}

impl Input {
    /// Copies the Python object out (needs the GIL). A value with no JSON equivalent (a `set`
    /// of objects, a custom class) is a problem with code `invalid_<what>`; every other check
    /// is the core's.
    fn from_py(obj: &Bound<'_, PyAny>, what: &str) -> Result<Self, Errors> {
        if let Ok(text) = obj.cast::<PyString>() {
            return text
                .to_cow()
                .map(|t| Input::Text(t.into_owned()))
                .map_err(|e| unreadable(what, "", &e.to_string()));
        }
        json_value(obj)
            .map(Input::Value)
            .map_err(|reason| unreadable(what, "", &reason))
    }

    fn bundle(self) -> Result<Bundle, Errors> {
        match self {
            Input::Text(text) => Bundle::from_text(&text),
            Input::Value(value) => Bundle::from_value(value),
        }
    }

    fn compose(self) -> Result<ComposeInput, Errors> {
        match self {
            Input::Text(text) => ComposeInput::from_text(&text),
            Input::Value(value) => ComposeInput::from_value(value),
        }
    }

    fn action(self) -> Result<Action, Errors> {
        match self {
            Input::Text(text) => Action::from_json_str(&text),
            Input::Value(value) => Action::from_value(value),
        }
    }

    fn coordination(self) -> Result<coordination::Input, Errors> {
        match self {
            Input::Text(text) => coordination::Input::parse(&text),
            Input::Value(value) => coordination::Input::from_value(value),
        }
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

/// A text argument (command output, a kubeconfig): a `str`, else `invalid_argument` at its name.
fn text_arg(obj: &Bound<'_, PyAny>, name: &str) -> Result<String, Errors> {
    let refuse = |reason: String| Errors::one("invalid_argument", name, reason);
    let text = obj.cast::<PyString>().map_err(|_| {
        let type_name = obj
            .get_type()
            .name()
            .map_or_else(|_| "object".to_owned(), |n| n.to_string());
        refuse(format!("`{name}` must be text (str), not {type_name}"))
    })?;
    text.to_cow()
        .map(std::borrow::Cow::into_owned)
        .map_err(|e| refuse(e.to_string()))
}

/// Python data as a JSON value. On failure, the conversion runs again tracking where it failed,
/// and the message names the spot as the input spelled it (`envs[2].value`); the problem's
/// `path` stays empty, as paths use the core's canonical names.
fn json_value(obj: &Bound<'_, PyAny>) -> Result<serde_json::Value, String> {
    pythonize::depythonize(obj).map_err(|error| {
        let mut again = pythonize::Depythonizer::from_object(obj);
        match serde_path_to_error::deserialize::<_, serde_json::Value>(&mut again) {
            Err(e) if e.path().to_string() != "." => format!("{} (at {})", e.inner(), e.path()),
            _ => error.to_string(),
        }
    })
}

fn unreadable(what: &str, path: &str, reason: &str) -> Errors {
    Errors::one(
        &format!("invalid_{what}"),
        path,
        format!("the {what} is not plain data (dict, list, str, int, float, bool, None): {reason}"),
    )
}

/// A verdict argument as a JSON value: a `datetime` becomes its ISO 8601 text (the core reads
/// RFC 3339 and rejects a naive time), anything else converts as data.
fn context_value(name: &str, obj: &Bound<'_, PyAny>) -> Result<serde_json::Value, Errors> {
    argument_value("context", name, obj)
}

/// An argument as a JSON value, a `datetime` as its ISO 8601 text; unconvertible: a problem
/// `invalid_<what>` at the argument's name.
fn argument_value(
    what: &str,
    name: &str,
    obj: &Bound<'_, PyAny>,
) -> Result<serde_json::Value, Errors> {
    let datetime = obj
        .py()
        .import("datetime")
        .and_then(|m| m.getattr("datetime"));
    let obj = match datetime {
        Ok(class) if obj.is_instance(&class).unwrap_or(false) => &obj
            .call_method0("isoformat")
            .map_err(|e| unreadable(what, name, &e.to_string()))?,
        _ => obj,
    };
    json_value(obj).map_err(|reason| unreadable(what, name, &reason))
}

/// Runs `body` with panics caught: a panic becomes an `internal_error` problem.
fn guarded<T>(body: impl FnOnce() -> Result<T, Errors>) -> Result<T, Errors> {
    panic::catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| {
        let reason = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        Err(Errors::one(
            "internal_error",
            "",
            format!("coolify-k8s failed internally (a bug, please report it): {reason}"),
        ))
    })
}

/// Converts the Python input, runs `work` on it without the GIL, and maps every failure,
/// panics included, to `CoolifyK8sError`.
fn call<I: Send, T: Send>(
    py: Python<'_>,
    input: impl FnOnce() -> Result<I, Errors>,
    work: impl FnOnce(I) -> Result<T, Errors> + Send,
) -> PyResult<T> {
    let result = guarded(input).and_then(|input| py.detach(|| guarded(|| work(input))));
    result.map_err(|errors| raise(py, &errors))
}

/// Serde output → Python values (dicts, lists, str, int, float, bool, None).
fn to_py<'py>(py: Python<'py>, value: &impl Serialize) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        pythonize::pythonize(py, value)
            .map_err(|e| Errors::one("internal_error", "", e.to_string()))
    })
    .map_err(|errors| raise(py, &errors))
}

/// The one error-mapping function: `CoolifyK8sError(message)` with `.problems` set.
fn raise(py: Python<'_>, errors: &Errors) -> PyErr {
    let err = CoolifyK8sError::new_err(errors.to_string());
    let problems = pythonize::pythonize(py, &errors.problems)
        .and_then(|list| Ok(err.value(py).setattr("problems", list)?));
    match problems {
        Ok(()) => err,
        Err(e) => e.into(),
    }
}

/// Renders a Coolify application bundle (a dict, or JSON/YAML text) as Kubernetes objects.
///
/// Returns `{"manifests": [...], "warnings": [...]}`; each warning is `{code, path, message}`.
/// Raises `CoolifyK8sError` with every problem when the bundle is invalid.
#[pyfunction]
fn render<'py>(py: Python<'py>, bundle: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let rendered = call(
        py,
        || Input::from_py(bundle, "bundle"),
        |input| render_bundle(&input.bundle()?),
    )?;
    to_py(py, &rendered)
}

/// Renders a Coolify application bundle (a dict, or JSON/YAML text) as multi-document YAML:
/// exactly the bytes of `coolify-k8s render`. Warnings are not included; `render` returns them.
/// Raises `CoolifyK8sError` with every problem when the bundle is invalid.
#[pyfunction]
fn render_yaml(py: Python<'_>, bundle: &Bound<'_, PyAny>) -> PyResult<String> {
    call(
        py,
        || Input::from_py(bundle, "bundle"),
        |input| Ok(output::to_yaml(&render_bundle(&input.bundle()?)?.manifests)),
    )
}

/// Judges an application (or one preview) from what the cluster reported, in Coolify's words.
///
/// `observed` is kubectl's output (`kubectl get deployment,replicaset,pod -o json`: a `List`,
/// an array of objects or one object) as a dict/list or as JSON/YAML text. `now` and
/// `deployed_at` are timezone-aware `datetime`s or RFC 3339 text. An argument left at `None`
/// takes the core's default: no deploy time (no grace window), a 120 s grace window,
/// production (pull request 0), health check `"auto"` (read from the Deployment).
///
/// Returns the verdict: `status` (`"running:healthy"`, ...), `reason`, `message`, replica
/// counts, the rollout and the pods with a problem. A crashing application is a verdict, not an
/// error; `CoolifyK8sError` is raised only for unreadable input or an invalid argument.
#[pyfunction]
#[pyo3(signature = (observed, now, deployed_at=None, grace=None, pull_request=None, health_check=None))]
fn verdict<'py>(
    py: Python<'py>,
    observed: &Bound<'py, PyAny>,
    now: &Bound<'py, PyAny>,
    deployed_at: Option<&Bound<'py, PyAny>>,
    grace: Option<&Bound<'py, PyAny>>,
    pull_request: Option<&Bound<'py, PyAny>>,
    health_check: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let arguments = [
        ("now", Some(now)),
        ("deployed_at", deployed_at),
        ("grace", grace),
        ("pull_request", pull_request),
        ("health_check", health_check),
    ];
    let read = || {
        let mut context = serde_json::Map::new();
        for (name, value) in arguments {
            if let Some(value) = value {
                context.insert(name.to_owned(), context_value(name, value)?);
            }
        }
        Ok((
            Input::from_py(observed, "observed")?,
            serde_json::Value::Object(context),
        ))
    };
    let judged = call(py, read, |(input, context)| {
        let context: Context = serde_path_to_error::deserialize(context).map_err(|e| {
            let path = e.path().to_string();
            Errors::new(vec![Problem::new(
                "invalid_context",
                if path == "." { "" } else { &path },
                e.into_inner().to_string(),
            )])
        })?;
        let verdict = match input {
            Input::Text(text) => status::verdict(&Observed::parse(&text)?, &context),
            Input::Value(value) => status::verdict(&Observed::from_value(&value)?, &context),
        };
        Ok(verdict)
    })?;
    to_py(py, &judged)
}

/// Renders a Docker Compose file with Coolify's context for it as Kubernetes objects.
///
/// `input` is a dict, or its JSON/YAML text: `compose` (the compose file's text), `uuid`,
/// `name`, `namespace`, `variables`, `seed`, `docker_compose_domains`, `env_files`, `server`.
/// Returns `{"manifests": [...], "warnings": [...]}`, as `render` does. Raises
/// `CoolifyK8sError` with every problem when the input or the compose file is invalid.
#[pyfunction]
fn render_compose<'py>(py: Python<'py>, input: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let rendered = call(
        py,
        || Input::from_py(input, "input"),
        |input| coolify_k8s_core::render_compose(&input.compose()?),
    )?;
    to_py(py, &rendered)
}

/// Renders a Docker Compose file with Coolify's context for it (a dict, or JSON/YAML text) as
/// multi-document YAML: exactly the bytes of `coolify-k8s compose`. Warnings are not included;
/// `render_compose` returns them. Raises `CoolifyK8sError` with every problem.
#[pyfunction]
fn render_compose_yaml(py: Python<'_>, input: &Bound<'_, PyAny>) -> PyResult<String> {
    call(
        py,
        || Input::from_py(input, "input"),
        |input| {
            let rendered = coolify_k8s_core::render_compose(&input.compose()?)?;
            Ok(output::to_yaml(&rendered.manifests))
        },
    )
}

/// Builds the shell commands Coolify runs over SSH for one action: `deploy`, `scale`,
/// `status`, `logs`, `exec`, `install-k3s`, `link-cluster`, ... (`tests/vectors/plan/README.md`
/// lists them with their options).
///
/// `action` is a dict, or its JSON text: `{"action": NAME, "namespace": ..., "kubeconfig": ...,
/// "context": ..., "bundle": BUNDLE, ...the action's options}` (for a compose resource,
/// `"compose"`, the input of `render_compose`, in place of `"bundle"`). Returns `{"action",
/// "steps": [{"command", "description", "fatal", "hidden"}, ...], "warnings"}` (plus
/// `kubeconfig`, the summary, for `link-cluster`). A `hidden` step carries a secret: never log
/// its command or its output. Raises `CoolifyK8sError` with every problem in the action.
#[pyfunction]
fn plan<'py>(py: Python<'py>, action: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let planned = call(
        py,
        || Input::from_py(action, "action"),
        |input| plans::plan(&input.action()?),
    )?;
    to_py(py, &planned)
}

/// Reads what a `resources` plan printed (`kubectl top pods --no-headers [--containers]`):
/// `{"pods": [{"pod", "container", "cpu_millicores", "memory_bytes"}, ...], "cpu_millicores",
/// "memory_bytes"}` (the sums). Raises `CoolifyK8sError` naming every line it cannot read.
#[pyfunction]
fn parse_top<'py>(py: Python<'py>, output: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let usage = call(
        py,
        || text_arg(output, "output"),
        |text| plans::parse_top(&text),
    )?;
    to_py(py, &usage)
}

/// Reads what a `cluster-check` plan printed: the cluster's version, nodes, ingress classes and
/// routing CRDs, and what they mean for Coolify. Raises `CoolifyK8sError` when the output
/// cannot be read.
#[pyfunction]
fn check_cluster<'py>(py: Python<'py>, output: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let verdict = call(
        py,
        || text_arg(output, "output"),
        |text| plans::check_cluster(&text),
    )?;
    to_py(py, &verdict)
}

/// Checks a kubeconfig a user links: the summary of `context` (`None`: its current context)
/// and the warnings. The kubeconfig's secrets never appear in the result. Raises
/// `CoolifyK8sError` when it cannot be used.
#[pyfunction]
#[pyo3(signature = (text, context=None))]
fn parse_kubeconfig<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    context: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let read = || {
        let context = context.map(|c| text_arg(c, "context")).transpose();
        both(text_arg(text, "text"), context)
    };
    let kubeconfig = call(py, read, |(text, context)| {
        plans::parse_kubeconfig(&text, context.as_deref())
    })?;
    to_py(py, &kubeconfig)
}

/// Rewrites the kubeconfig a K3s server writes (`server: https://127.0.0.1:6443`) to reach it
/// at `address` (the server's public name or IP). Raises `CoolifyK8sError` when it is not such
/// a kubeconfig.
#[pyfunction]
fn rewrite_k3s_kubeconfig(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    address: &Bound<'_, PyAny>,
) -> PyResult<String> {
    call(
        py,
        || both(text_arg(text, "text"), text_arg(address, "address")),
        |(text, address)| plans::rewrite_k3s_kubeconfig(&text, &address),
    )
}

/// Decides, for one status poll, which of the coordinated Deployments rolls out, and what to
/// pause and unpause: sequential rollouts.
///
/// `input` is a dict, or its JSON/YAML text: `spec` (`labelSelector`, `minReadySeconds`,
/// `failurePolicy`, `namespace`), `deployments` (kubectl's JSON), `status` (the previous
/// decision's, none on the first poll) and `now`. `now`, a timezone-aware `datetime` or RFC
/// 3339 text, sets (or replaces) the input's `now`, as the CLI's `--now` does.
///
/// Returns the decision: `activeDeployment`, `patches`, `steps` (the patches as plan steps),
/// `status` (to pass back in on the next poll), `events`, `requeueAfterSeconds`. A failed
/// rollout is a decision, not an error; `CoolifyK8sError` is raised only for bad input.
#[pyfunction]
#[pyo3(signature = (input, now=None))]
fn coordinate<'py>(
    py: Python<'py>,
    input: &Bound<'py, PyAny>,
    now: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let read = || {
        let now = now.map(|n| argument_value("input", "now", n)).transpose();
        both(Input::from_py(input, "input"), now)
    };
    let decision: Decision = call(py, read, |(input, now)| {
        let now = now
            .map(|value| {
                serde_json::from_value::<Timestamp>(value)
                    .map_err(|e| Errors::one("invalid_input", "now", e.to_string()))
            })
            .transpose();
        let (mut input, now) = both(input.coordination(), now)?;
        if now.is_some() {
            input.now = now;
        }
        coordination::coordinate(&input)
    })?;
    to_py(py, &decision)
}

/// Panics on purpose (with the GIL released, like the core's work), to show that a Rust panic
/// leaves as `CoolifyK8sError`. Only in builds with the `test-probes` feature.
#[cfg(feature = "test-probes")]
#[pyfunction]
fn _panic_probe(py: Python<'_>) -> PyResult<()> {
    call(
        py,
        || Ok(()),
        |()| -> Result<(), Errors> { panic!("panic probe") },
    )
}

/// The core's own time for `iterations` renders of one bundle, in seconds, for `bench.py`: the
/// bundle is converted from Python once, then each iteration reads it into the model (a dict's
/// value is cloned first, as `from_value` takes it by value), renders and, with `yaml`,
/// serialises, all with the GIL released. Only in builds with the `test-probes` feature.
#[cfg(feature = "test-probes")]
#[pyfunction]
fn _core_seconds(
    py: Python<'_>,
    bundle: &Bound<'_, PyAny>,
    iterations: u32,
    yaml: bool,
) -> PyResult<f64> {
    let input = Input::from_py(bundle, "bundle").map_err(|e| raise(py, &e))?;
    let seconds = py.detach(|| {
        let start = std::time::Instant::now();
        for _ in 0..iterations {
            let bundle = match &input {
                Input::Text(text) => Bundle::from_text(text),
                Input::Value(value) => Bundle::from_value(value.clone()),
            };
            let rendered = bundle.and_then(|b| render_bundle(&b));
            if yaml {
                std::hint::black_box(rendered.map(|r| output::to_yaml(&r.manifests)).is_ok());
            } else {
                std::hint::black_box(rendered.is_ok());
            }
        }
        start.elapsed().as_secs_f64()
    });
    Ok(seconds)
}

/// The extension module, re-exported by the `coolify_k8s` package.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("CoolifyK8sError", m.py().get_type::<CoolifyK8sError>())?;
    m.add_function(wrap_pyfunction!(render, m)?)?;
    m.add_function(wrap_pyfunction!(render_yaml, m)?)?;
    m.add_function(wrap_pyfunction!(verdict, m)?)?;
    m.add_function(wrap_pyfunction!(render_compose, m)?)?;
    m.add_function(wrap_pyfunction!(render_compose_yaml, m)?)?;
    m.add_function(wrap_pyfunction!(plan, m)?)?;
    m.add_function(wrap_pyfunction!(parse_top, m)?)?;
    m.add_function(wrap_pyfunction!(check_cluster, m)?)?;
    m.add_function(wrap_pyfunction!(parse_kubeconfig, m)?)?;
    m.add_function(wrap_pyfunction!(rewrite_k3s_kubeconfig, m)?)?;
    m.add_function(wrap_pyfunction!(coordinate, m)?)?;
    #[cfg(feature = "test-probes")]
    m.add_function(wrap_pyfunction!(_panic_probe, m)?)?;
    #[cfg(feature = "test-probes")]
    m.add_function(wrap_pyfunction!(_core_seconds, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::guarded;

    #[test]
    fn a_panic_becomes_an_internal_error_problem() {
        let errors = guarded::<()>(|| panic!("boom")).err().map(|e| e.problems);
        let problem = errors.as_deref().and_then(<[_]>::first).cloned();
        assert_eq!(
            problem.as_ref().map(|p| p.code.as_str()),
            Some("internal_error")
        );
        assert!(problem.is_some_and(|p| p.message.contains("boom")));
    }
}
