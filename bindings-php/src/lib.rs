//! # coolify-k8s for PHP
//!
//! The `coolify_k8s` extension: the coolify-k8s core inside PHP (Coolify itself is a Laravel
//! application). Glue only: PHP value → serde → core → serde → PHP value, and one exception.
//!
//! | PHP | core |
//! |---|---|
//! | `CoolifyK8s\render(array\|string $bundle): array` (keys `manifests`, `warnings`) | [`coolify_k8s_core::render`] |
//! | `CoolifyK8s\renderYaml(array\|string $bundle): string` (the CLI's YAML bytes) | [`coolify_k8s_core::output::to_yaml`] |
//! | `CoolifyK8s\verdict(array\|string $observed, array $context): array` | [`coolify_k8s_core::status::verdict`] |
//! | `CoolifyK8s\plan(array\|string $action): array` | [`coolify_k8s_core::plan()`] |
//! | `CoolifyK8s\parseTop`, `checkCluster`, `parseKubeconfig`, `rewriteK3sKubeconfig` | the readers of [`coolify_k8s_core::plan`] |
//! | `CoolifyK8s\renderCompose(array\|string $input): array`, `renderComposeYaml` | [`coolify_k8s_core::render_compose`] |
//! | `CoolifyK8s\coordinate(array\|string $input, \DateTimeInterface\|string\|null $now = null): array` | [`coolify_k8s_core::coordinate()`] |
//!
//! Every failure is a `CoolifyK8s\CoolifyK8sException` carrying the core's problems
//! (`getProblems()`), a Rust panic included: it is caught here and never reaches the engine.
#![cfg_attr(windows, feature(abi_vectorcall))]

mod exception;
mod input;
mod output;

use coolify_k8s_core::compose::ComposeInput;
use coolify_k8s_core::{Bundle, Errors, Problem};
use ext_php_rs::boxed::ZBox;
use ext_php_rs::exception::PhpException;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};
use ext_php_rs::zend::{ce, ClassEntry};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Renders a Coolify application bundle as Kubernetes objects.
///
/// `$bundle` is an array (its `application` key may be Coolify's `$application->toArray()`)
/// or the bundle as JSON or YAML text. Returns `['manifests' => [...], 'warnings' => [...]]`,
/// each warning `['code' => ..., 'path' => ..., 'message' => ...]`. An empty JSON object in a
/// manifest is a `stdClass`, so `json_encode` writes it back as `{}`.
///
/// @param array|string $bundle
/// @return array{manifests: list<array<string, mixed>>, warnings: list<array{code: string, path: string, message: string}>}
/// @throws \CoolifyK8s\CoolifyK8sException with every problem in the bundle
#[php_function]
#[php(name = "CoolifyK8s\\render")]
pub fn render(bundle: &Zval) -> PhpResult<ZBox<ZendHashTable>> {
    guard(|| {
        let bundle = read_bundle(bundle, "CoolifyK8s\\render")?;
        let rendered = coolify_k8s_core::render(&bundle)?;
        to_array(&rendered)
    })
}

/// Renders a Coolify application bundle as multi-document YAML: exactly the bytes of
/// `coolify-k8s render`, ready for `kubectl apply -f -`.
///
/// @param array|string $bundle
/// @throws \CoolifyK8s\CoolifyK8sException with every problem in the bundle
#[php_function]
#[php(name = "CoolifyK8s\\renderYaml")]
pub fn render_yaml(bundle: &Zval) -> PhpResult<String> {
    guard(|| {
        let bundle = read_bundle(bundle, "CoolifyK8s\\renderYaml")?;
        let rendered = coolify_k8s_core::render(&bundle)?;
        Ok(coolify_k8s_core::output::to_yaml(&rendered.manifests))
    })
}

/// Judges an application (or one preview) from what the cluster reported, in Coolify's status
/// words: `status` (`running:healthy`, ...), `reason`, `message`, replica counts, the rollout
/// and the pods with a problem.
///
/// `$observed` is kubectl's output (`kubectl get deployment,replicaset,pod -o json`: a `List`,
/// an array of objects or one object), decoded into an array or as JSON/YAML text. `$context`
/// holds `now` (RFC 3339 text or a `DateTimeInterface`, required), and optionally `deployed_at`,
/// `grace` (seconds), `pull_request` and `health_check` (`auto`, `yes`, `no`).
///
/// @param array|string $observed
/// @param array{now: string|\DateTimeInterface, deployed_at?: string|\DateTimeInterface|null, grace?: int, pull_request?: int, health_check?: string} $context
/// @throws \CoolifyK8s\CoolifyK8sException when the input is not kubectl output or the context is invalid
#[php_function]
#[php(name = "CoolifyK8s\\verdict")]
pub fn verdict(observed: &Zval, context: &ZendHashTable) -> PhpResult<ZBox<ZendHashTable>> {
    use coolify_k8s_core::status::{self, Context, Observed};
    guard(|| {
        let context = input::map_to_json(context, "context")?;
        let context: Context = serde_path_to_error::deserialize(context).map_err(|e| {
            let path = e.path().to_string();
            let path = if path == "." { "context".to_owned() } else { format!("context.{path}") };
            Failure::Problems(vec![Problem::new("invalid_context", path, e.into_inner().to_string())])
        })?;
        let observed_value;
        let observed = match observed.dereference() {
            o if o.is_string() => Observed::parse(text(o)?)?,
            o if o.is_array() => {
                observed_value = input::to_json(o)?;
                Observed::from_value(&observed_value)?
            }
            o => {
                return Err(Failure::Type(format!(
                    "CoolifyK8s\\verdict(): Argument #1 ($observed) must be of type array|string, {} given",
                    type_name(o)
                )))
            }
        };
        to_array(&status::verdict(&observed, &context))
    })
}

/// Builds the shell commands Coolify runs over SSH for one action: `scale`, `deploy`,
/// `status`, `logs`, `exec`, `install-k3s`, `link-cluster`, ... (the core's `plan` module and
/// `tests/vectors/plan/README.md` list them with their options).
///
/// `$action` is `['action' => NAME, 'namespace' => ..., 'kubeconfig' => ..., 'context' => ...,
/// 'bundle' => BUNDLE, ...the action's options]`, as an array or as JSON text. Returns
/// `['action' => ..., 'steps' => [['command', 'description', 'fatal', 'hidden'], ...],
/// 'warnings' => [...]]` (plus `kubeconfig`, the summary, for `link-cluster`). A `hidden`
/// step carries a secret: never log its command or its output.
///
/// @param array|string $action
/// @return array{action: string, steps: list<array{command: string, description: string, fatal: bool, hidden: bool}>, warnings: list<array{code: string, path: string, message: string}>, kubeconfig?: array<string, mixed>}
/// @throws \CoolifyK8s\CoolifyK8sException with every problem in the action
#[php_function]
#[php(name = "CoolifyK8s\\plan")]
pub fn plan(action: &Zval) -> PhpResult<ZBox<ZendHashTable>> {
    use coolify_k8s_core::plan::Action;
    guard(|| {
        let action = match action.dereference() {
            a if a.is_string() => Action::from_json_str(text(a)?)?,
            a => match a.array() {
                Some(map) => Action::from_value(input::map_to_json(map, "")?)?,
                None => {
                    return Err(Failure::Type(format!(
                        "CoolifyK8s\\plan(): Argument #1 ($action) must be of type array|string, {} given",
                        type_name(a)
                    )))
                }
            },
        };
        to_array(&coolify_k8s_core::plan(&action)?)
    })
}

/// Reads what a `resources` plan printed (`kubectl top pods --no-headers [--containers]`):
/// `['pods' => [['pod', 'container', 'cpu_millicores', 'memory_bytes'], ...], 'cpu_millicores' => sum, 'memory_bytes' => sum]`.
///
/// @throws \CoolifyK8s\CoolifyK8sException naming every line it cannot read
#[php_function]
#[php(name = "CoolifyK8s\\parseTop")]
pub fn parse_top(output: &str) -> PhpResult<ZBox<ZendHashTable>> {
    guard(|| to_array(&coolify_k8s_core::plan::parse_top(output)?))
}

/// Reads what a `cluster-check` plan printed: the cluster's version, nodes, ingress classes and
/// routing CRDs, and what they mean for Coolify.
///
/// @throws \CoolifyK8s\CoolifyK8sException when the output cannot be read
#[php_function]
#[php(name = "CoolifyK8s\\checkCluster")]
pub fn check_cluster(output: &str) -> PhpResult<ZBox<ZendHashTable>> {
    guard(|| to_array(&coolify_k8s_core::plan::check_cluster(output)?))
}

/// Checks a kubeconfig a user links: the summary of `$context` (default: its current context)
/// and the warnings. The kubeconfig's secrets never appear in the result.
///
/// @throws \CoolifyK8s\CoolifyK8sException when it cannot be used
#[php_function]
#[php(name = "CoolifyK8s\\parseKubeconfig")]
pub fn parse_kubeconfig(text: &str, context: Option<&str>) -> PhpResult<ZBox<ZendHashTable>> {
    guard(|| to_array(&coolify_k8s_core::plan::parse_kubeconfig(text, context)?))
}

/// Rewrites the kubeconfig a K3s server writes (`server: https://127.0.0.1:6443`) to reach it at
/// `$address` (the server's public name or IP).
///
/// @throws \CoolifyK8s\CoolifyK8sException when it is not such a kubeconfig
#[php_function]
#[php(name = "CoolifyK8s\\rewriteK3sKubeconfig")]
pub fn rewrite_k3s_kubeconfig(text: &str, address: &str) -> PhpResult<String> {
    guard(|| Ok(coolify_k8s_core::plan::rewrite_k3s_kubeconfig(text, address)?))
}

/// Renders a Docker Compose file with Coolify's context for it as Kubernetes objects.
///
/// `$input` is `['compose' => <the compose file's text>, 'uuid' => ..., 'name' => ...,
/// 'variables' => [...], 'seed' => ..., 'docker_compose_domains' => ..., 'env_files' => [...],
/// 'server' => [...]]`, or that as JSON or YAML text. Returns `['manifests' => [...],
/// 'warnings' => [...]]`, as `render()` does.
///
/// @param array|string $input
/// @return array{manifests: list<array<string, mixed>>, warnings: list<array{code: string, path: string, message: string}>}
/// @throws \CoolifyK8s\CoolifyK8sException with every problem in the input and the compose file
#[php_function]
#[php(name = "CoolifyK8s\\renderCompose")]
pub fn render_compose(input: &Zval) -> PhpResult<ZBox<ZendHashTable>> {
    guard(|| {
        let input = read_compose(input, "CoolifyK8s\\renderCompose")?;
        to_array(&coolify_k8s_core::render_compose(&input)?)
    })
}

/// Renders a Docker Compose file with Coolify's context for it as multi-document YAML: exactly
/// the bytes of `coolify-k8s compose`, ready for `kubectl apply -f -`.
///
/// @param array|string $input
/// @throws \CoolifyK8s\CoolifyK8sException with every problem in the input and the compose file
#[php_function]
#[php(name = "CoolifyK8s\\renderComposeYaml")]
pub fn render_compose_yaml(input: &Zval) -> PhpResult<String> {
    guard(|| {
        let input = read_compose(input, "CoolifyK8s\\renderComposeYaml")?;
        let rendered = coolify_k8s_core::render_compose(&input)?;
        Ok(coolify_k8s_core::output::to_yaml(&rendered.manifests))
    })
}

/// Decides, for one status poll, which of the coordinated Deployments rolls out, and what to
/// pause and unpause (sequential rollouts). A failed rollout is a decision, not an exception.
///
/// `$input` is `['spec' => ['labelSelector' => ..., 'minReadySeconds' => ..., 'failurePolicy' =>
/// 'halt'|'skip', 'namespace' => ...], 'deployments' => <kubectl's JSON>, 'status' => <the
/// previous decision's status>, 'now' => ...]`, or that as JSON or YAML text. `$now` (RFC 3339
/// text or a `DateTimeInterface`) sets or replaces the input's `now`, as the CLI's `--now` does.
/// Returns `['activeDeployment', 'patches', 'steps', 'status', 'events', 'requeueAfterSeconds']`;
/// store `status` and pass it back in on the next poll.
///
/// @param array|string $input
/// @param \DateTimeInterface|string|null $now
/// @return array{activeDeployment: ?string, patches: list<array{namespace: string, name: string, paused: bool}>, steps: list<array{command: string, description: string, fatal: bool, hidden: bool}>, status: array<string, mixed>, events: list<array{type: string, reason: string, message: string, deployment: string}>, requeueAfterSeconds: ?int}
/// @throws \CoolifyK8s\CoolifyK8sException with every problem in the input
#[php_function]
#[php(name = "CoolifyK8s\\coordinate")]
pub fn coordinate(input: &Zval, now: Option<&Zval>) -> PhpResult<ZBox<ZendHashTable>> {
    use coolify_k8s_core::coordinate::Input;
    use coolify_k8s_core::status::Timestamp;
    guard(|| {
        let now = now.map(Zval::dereference).filter(|n| !n.is_null());
        if let Some(n) = now {
            if !n.is_string() && !is_datetime(n) {
                return Err(Failure::Type(format!(
                    "CoolifyK8s\\coordinate(): Argument #2 ($now) must be of type DateTimeInterface|string|null, {} given",
                    type_name(n)
                )));
            }
        }
        let read = match input.dereference() {
            i if i.is_string() => Input::parse(text(i)?).map_err(Failure::from),
            i => match i.array() {
                Some(map) => Input::from_value(input::map_to_json(map, "")?).map_err(Failure::from),
                None => {
                    return Err(Failure::Type(format!(
                        "CoolifyK8s\\coordinate(): Argument #1 ($input) must be of type array|string, {} given",
                        type_name(i)
                    )))
                }
            },
        };
        let now = now
            .map(|n| {
                serde_json::from_value::<Timestamp>(input::to_json(n)?)
                    .map_err(|e| Failure::Problems(vec![Problem::new("invalid_input", "now", e.to_string())]))
            })
            .transpose();
        let (mut read, now) = both(read, now)?;
        if now.is_some() {
            read.now = now;
        }
        to_array(&coolify_k8s_core::coordinate(&read)?)
    })
}

/// Panics on purpose, to show that a Rust panic becomes a `CoolifyK8sException` and the PHP
/// process lives on. Only in builds with the `test-probes` feature.
#[cfg(feature = "test-probes")]
#[php_function]
#[php(name = "CoolifyK8s\\panicProbe")]
pub fn panic_probe() -> PhpResult<String> {
    guard(|| -> Result<String, Failure> { panic!("panic probe") })
}

/// A PHP value through both conversions (PHP → JSON value → PHP), to test them on any value.
/// Only in builds with the `test-probes` feature.
#[cfg(feature = "test-probes")]
#[php_function]
#[php(name = "CoolifyK8s\\echoProbe")]
pub fn echo_probe(value: &Zval) -> PhpResult<Zval> {
    guard(|| output::to_zval(&input::to_json(value)?).map_err(|e| Failure::internal(&e.to_string())))
}

/// Why a call failed, before it becomes a PHP exception.
enum Failure {
    /// The core's problems (or the binding's own, in the same shape).
    Problems(Vec<Problem>),
    /// The argument has the wrong PHP type: a `\TypeError`, as PHP itself would throw.
    Type(String),
    /// An exception thrown by PHP code we called (a `jsonSerialize()` method) is pending.
    Pending,
}

impl Failure {
    fn internal(detail: &str) -> Self {
        Failure::Problems(vec![Problem::new(
            "internal_error",
            "",
            format!("coolify-k8s hit an internal error ({detail}); please report it with the bundle that caused it"),
        )])
    }
}

impl From<Errors> for Failure {
    fn from(e: Errors) -> Self {
        Failure::Problems(e.problems)
    }
}

impl From<input::InputError> for Failure {
    fn from(e: input::InputError) -> Self {
        match e {
            input::InputError::Invalid { path, message } => Failure::Problems(vec![Problem::new("invalid_value", path, message)]),
            input::InputError::Pending => Failure::Pending,
        }
    }
}

/// A core result as a PHP array.
fn to_array<T: serde::Serialize>(value: &T) -> Result<ZBox<ZendHashTable>, Failure> {
    output::to_array(value).map_err(|e| Failure::internal(&e.to_string()))
}

/// Runs one call: catches a panic, maps every failure to the PHP exception it becomes.
fn guard<T>(call: impl FnOnce() -> Result<T, Failure>) -> PhpResult<T> {
    let outcome = catch_unwind(AssertUnwindSafe(call)).unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_owned());
        Err(Failure::internal(&format!("panic: {detail}")))
    });
    outcome.map_err(|failure| match failure {
        Failure::Problems(problems) => exception::from_problems(&problems),
        Failure::Type(message) => PhpException::new(message, 0, ce::type_error()),
        // Throwing is a no-op while another exception is pending: that one propagates.
        Failure::Pending => PhpException::from_message(String::new()),
    })
}

/// A bundle from an array (read as `json_encode` would) or from JSON/YAML text.
fn read_bundle(bundle: &Zval, function: &str) -> Result<Bundle, Failure> {
    let bundle = bundle.dereference();
    if bundle.is_string() {
        return Ok(Bundle::from_text(text(bundle)?)?);
    }
    if bundle.is_array() {
        return Ok(Bundle::from_value(input::to_json(bundle)?)?);
    }
    Err(Failure::Type(format!("{function}(): Argument #1 ($bundle) must be of type array|string, {} given", type_name(bundle))))
}

/// A compose input from an array (a map: the empty array is `{}`) or from JSON/YAML text.
fn read_compose(input: &Zval, function: &str) -> Result<ComposeInput, Failure> {
    let input = input.dereference();
    if input.is_string() {
        return Ok(ComposeInput::from_text(text(input)?)?);
    }
    if let Some(map) = input.array() {
        return Ok(ComposeInput::from_value(input::map_to_json(map, "")?)?);
    }
    Err(Failure::Type(format!("{function}(): Argument #1 ($input) must be of type array|string, {} given", type_name(input))))
}

/// Both results, or every problem of both (any other failure wins as it is).
fn both<A, B>(a: Result<A, Failure>, b: Result<B, Failure>) -> Result<(A, B), Failure> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(Failure::Problems(mut a)), Err(Failure::Problems(b))) => {
            a.extend(b);
            Err(Failure::Problems(a))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// Whether a value is a `DateTimeInterface` (Carbon included).
fn is_datetime(value: &Zval) -> bool {
    value.object().is_some_and(|o| ClassEntry::try_find("DateTimeInterface").is_some_and(|date| o.instance_of(date)))
}

/// The text of a PHP string, which must be UTF-8.
fn text(value: &Zval) -> Result<&str, Failure> {
    value
        .zend_str()
        .and_then(|s| s.as_str().ok())
        .ok_or_else(|| Failure::Problems(vec![Problem::new("invalid_value", "", "the input text is not valid UTF-8")]))
}

/// A value's type as PHP's own error messages name it.
fn type_name(value: &Zval) -> String {
    let value = value.dereference();
    if value.is_null() {
        "null".into()
    } else if value.is_bool() {
        "bool".into()
    } else if value.is_long() {
        "int".into()
    } else if value.is_double() {
        "float".into()
    } else if value.is_string() {
        "string".into()
    } else if value.is_array() {
        "array".into()
    } else if let Some(object) = value.object() {
        object.get_class_name().unwrap_or_else(|_| "object".into())
    } else {
        "resource".into()
    }
}

extern "C" fn startup(_type: i32, _module_number: i32) -> i32 {
    // SUCCESS / FAILURE as the engine spells them.
    match catch_unwind(exception::register) {
        Ok(Ok(())) => 0,
        _ => -1,
    }
}

/// The module: `php -m` lists it as `coolify_k8s` (the Cargo package name). In a module of its
/// own: the macro adds an undocumented `extern "C" fn get_module`, the symbol PHP loads.
mod module {
    use super::*;

    #[php_module]
    pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
        let module = module
            .startup_function(startup)
            .function(wrap_function!(render))
            .function(wrap_function!(render_yaml))
            .function(wrap_function!(verdict))
            .function(wrap_function!(plan))
            .function(wrap_function!(parse_top))
            .function(wrap_function!(check_cluster))
            .function(wrap_function!(parse_kubeconfig))
            .function(wrap_function!(rewrite_k3s_kubeconfig))
            .function(wrap_function!(render_compose))
            .function(wrap_function!(render_compose_yaml))
            .function(wrap_function!(coordinate));
        #[cfg(feature = "test-probes")]
        let module = module.function(wrap_function!(panic_probe)).function(wrap_function!(echo_probe));
        module
    }
}
