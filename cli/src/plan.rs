//! `coolify-k8s plan`: the shell commands Coolify runs over SSH for one action, as JSON (or as
//! the script itself), and the readers of what those commands print.
//!
//! ```text
//! coolify-k8s plan ACTION [-n NS] [--kubeconfig PATH] [--context NAME] [OPTIONS] [--script] [FILE|-] [-- ARGV...]
//! coolify-k8s plan parse resources|cluster-check [FILE|-]
//! coolify-k8s plan parse kubeconfig [--context NAME] [FILE|-]
//! coolify-k8s plan parse k3s-kubeconfig --public-address HOST [FILE|-]
//! ```
//!
//! Application actions read the Coolify bundle (JSON or YAML) from FILE, or stdin for `-` or no
//! file (with `--compose`, a compose resource's context instead); `link-cluster` reads the kubeconfig to store the same way; the other actions read
//! nothing. The options become the fields of the core's action (`--tls-san X` → `"tls_san":
//! ["X"]`), so the CLI and the bindings build the same plans. Output: the plan as pretty JSON
//! with a trailing newline, or with `--script` the commands one per line (what to pipe into
//! `ssh host bash -se`). Bad input: nothing on stdout, exit 1, one line per problem on stderr.

use coolify_k8s_core::output::to_json_pretty;
use coolify_k8s_core::plan::{check_cluster, parse_kubeconfig, parse_top, plan, rewrite_k3s_kubeconfig, Action, ACTIONS};
use coolify_k8s_core::Problem;
use serde_json::{Map, Value};
use std::io::Read;

/// The usage text of `coolify-k8s plan`.
pub const USAGE: &str = "usage:
  coolify-k8s plan ACTION [-n NS] [--kubeconfig PATH] [--context NAME] [OPTIONS] [--script] [FILE|-] [-- ARGV...]
  coolify-k8s plan parse resources|cluster-check [FILE|-]
  coolify-k8s plan parse kubeconfig [--context NAME] [FILE|-]
  coolify-k8s plan parse k3s-kubeconfig --public-address HOST [FILE|-]

application actions (FILE: the Coolify bundle, JSON or YAML; with --compose, a compose resource:
the compose context of `coolify-k8s compose --bundle`, for apply, deploy, prune, stop, start,
restart, delete, status, logs [--service NAME], scale --service NAME, exec --service NAME):
  apply | pre-deploy | stop | start | restart | status
  deploy [--timeout-seconds N] [--no-prune] [--claims] [--no-rollback]
  post-deploy [--timeout-seconds N]      prune [--claims]
  rollback [--to-revision N] [--timeout-seconds N]
  scale --replicas N                     delete [--claims] [--previews]
  logs [--tail N] [--since 5m | --since-time RFC3339] [-c NAME | --all-containers] [--pod NAME] [--previous] [--timestamps]
  exec [-c NAME] -- ARGV...              resources [--containers]
clusters:
  install-k3s [--version V | --channel C] [--disable X]... [--tls-san HOST]... [--node-label K=V]... [--node-taint T]...
              [--token T | --token-file PATH] [--cluster-init] [--bin-dir DIR] [--extra-arg ARG]... [--installer-url URL]
  join-k3s --server-url URL (--token T | --token-file PATH) [--version V | --channel C] [--node-label K=V]... [--node-taint T]...
           [--bin-dir DIR] [--extra-arg ARG]... [--installer-url URL]
  uninstall-k3s [--agent] [--bin-dir DIR]
  fetch-kubeconfig [--public-address HOST] [--path FILE]      fetch-k3s-token [--path FILE]
  link-cluster --kubeconfig WHERE [--context NAME] [FILE|-]   (FILE: the kubeconfig to store)
  cluster-check
  registry-secret [FILE|-]        (FILE: {name, server, username, password, email?} as JSON or YAML)";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A string.
    Str,
    /// A whole number.
    Int,
    /// `true` when present.
    Flag,
    /// `false` when present (`--no-prune`).
    NoFlag,
    /// Repeatable: a list of strings.
    List,
    /// A file whose content is the value (read here, never echoed).
    FileStr,
}

/// `(flag, field, kind)` per action.
fn options(action: &str) -> &'static [(&'static str, &'static str, Kind)] {
    use Kind::*;
    const RELEASE: [(&str, &str, Kind); 2] = [("--version", "version", Str), ("--channel", "channel", Str)];
    match action {
        "deploy" => &[("--timeout-seconds", "timeout_seconds", Int), ("--no-prune", "prune", NoFlag), ("--claims", "claims", Flag), ("--no-rollback", "rollback", NoFlag)],
        "post-deploy" => &[("--timeout-seconds", "timeout_seconds", Int)],
        "prune" => &[("--claims", "claims", Flag)],
        "rollback" => &[("--to-revision", "to_revision", Int), ("--timeout-seconds", "timeout_seconds", Int)],
        "scale" => &[("--replicas", "replicas", Int), ("--service", "service", Str)],
        "delete" => &[("--claims", "claims", Flag), ("--previews", "previews", Flag)],
        "logs" => &[
            ("--tail", "tail", Int),
            ("--service", "service", Str),
            ("--since", "since", Str),
            ("--since-time", "since_time", Str),
            ("--container", "container", Str),
            ("-c", "container", Str),
            ("--all-containers", "all_containers", Flag),
            ("--pod", "pod", Str),
            ("--previous", "previous", Flag),
            ("--timestamps", "timestamps", Flag),
        ],
        "exec" => &[("--container", "container", Str), ("-c", "container", Str), ("--service", "service", Str)],
        "resources" => &[("--containers", "containers", Flag)],
        "install-k3s" => &[
            RELEASE[0],
            RELEASE[1],
            ("--disable", "disable", List),
            ("--tls-san", "tls_san", List),
            ("--node-label", "node_label", List),
            ("--node-taint", "node_taint", List),
            ("--token", "token", Str),
            ("--token-file", "token", FileStr),
            ("--cluster-init", "cluster_init", Flag),
            ("--bin-dir", "bin_dir", Str),
            ("--extra-arg", "extra_args", List),
            ("--installer-url", "installer_url", Str),
        ],
        "join-k3s" => &[
            ("--server-url", "server_url", Str),
            ("--token", "token", Str),
            ("--token-file", "token", FileStr),
            RELEASE[0],
            RELEASE[1],
            ("--node-label", "node_label", List),
            ("--node-taint", "node_taint", List),
            ("--bin-dir", "bin_dir", Str),
            ("--extra-arg", "extra_args", List),
            ("--installer-url", "installer_url", Str),
        ],
        "uninstall-k3s" => &[("--agent", "agent", Flag), ("--bin-dir", "bin_dir", Str)],
        "fetch-kubeconfig" => &[("--public-address", "public_address", Str), ("--path", "path", Str)],
        "fetch-k3s-token" => &[("--path", "path", Str)],
        _ => &[],
    }
}

const COMMON: [(&str, &str, Kind); 4] =
    [("--namespace", "namespace", Kind::Str), ("-n", "namespace", Kind::Str), ("--kubeconfig", "kubeconfig", Kind::Str), ("--context", "context", Kind::Str)];

const APPLICATION: &[&str] = &[
    "apply", "deploy", "pre-deploy", "post-deploy", "prune", "rollback", "scale", "stop", "start", "restart", "delete", "status", "logs", "exec",
    "resources",
];

fn line(code: &str, path: &str, message: impl Into<String>) -> String {
    Problem::new(code, path, message).to_string()
}

fn lines(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(Problem::to_string).collect()
}

fn read_input(file: Option<&str>) -> Result<String, Vec<String>> {
    let mut text = String::new();
    match file {
        None | Some("-") => {
            std::io::stdin().read_to_string(&mut text).map_err(|e| vec![line("unreadable_input", "-", format!("cannot read stdin: {e}"))])?;
        }
        Some(path) => {
            text = std::fs::read_to_string(path).map_err(|e| vec![line("unreadable_input", path, format!("cannot read: {e}"))])?;
        }
    }
    Ok(text)
}

/// Runs `coolify-k8s plan` with the arguments that follow `plan`.
pub fn run(args: &[String]) -> Result<(String, Vec<String>), Vec<String>> {
    match args.first().map(String::as_str) {
        None => Err(vec![USAGE.to_owned()]),
        Some("--help" | "-h") => Ok((format!("{USAGE}\n"), Vec::new())),
        Some("parse") => run_parse(&args[1..]),
        Some(action) if ACTIONS.contains(&action) => run_action(action, &args[1..]),
        Some(other) => Err(vec![line("unknown_action", "action", format!("`{other}` is not an action; one of: {}", ACTIONS.join(", ")))]),
    }
}

fn run_action(action: &str, args: &[String]) -> Result<(String, Vec<String>), Vec<String>> {
    let table: Vec<(&str, &str, Kind)> = COMMON.iter().chain(options(action)).copied().collect();
    let mut fields = Map::new();
    fields.insert("action".to_owned(), Value::String(action.to_owned()));
    let mut problems = Vec::new();
    let mut file: Option<&str> = None;
    let mut script = false;
    let mut compose = false;
    let mut argv: Option<Vec<String>> = None;
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        i += 1;
        if arg == "--" {
            argv = Some(args[i..].to_vec());
            break;
        }
        if arg == "--help" || arg == "-h" {
            return Ok((format!("{USAGE}\n"), Vec::new()));
        }
        if arg == "--script" {
            script = true;
            continue;
        }
        if arg == "--compose" && APPLICATION.contains(&action) {
            compose = true;
            continue;
        }
        if arg == "-" || !arg.starts_with('-') {
            if file.replace(arg).is_some() {
                problems.push(line("extra_argument", arg, "only one input file may be given"));
            }
            continue;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (arg, None),
        };
        let Some(&(_, key, kind)) = table.iter().find(|(f, _, _)| *f == flag) else {
            problems.push(line("unknown_option", flag, format!("not an option of `plan {action}`; see `coolify-k8s plan --help`")));
            continue;
        };
        let value = match kind {
            Kind::Flag | Kind::NoFlag => {
                if inline.is_some() {
                    problems.push(line("unexpected_value", flag, "takes no value"));
                }
                None
            }
            _ => match inline.or_else(|| {
                let v = args.get(i).cloned();
                i += 1;
                v
            }) {
                Some(v) => Some(v),
                None => {
                    problems.push(line("missing_value", flag, "needs a value"));
                    continue;
                }
            },
        };
        let json = match (kind, value) {
            (Kind::Flag, _) => Value::Bool(true),
            (Kind::NoFlag, _) => Value::Bool(false),
            (Kind::Int, Some(v)) => match v.parse::<i64>() {
                Ok(n) => Value::from(n),
                Err(_) => {
                    problems.push(line("invalid_number", flag, format!("`{v}` is not a whole number")));
                    continue;
                }
            },
            (Kind::FileStr, Some(path)) => match std::fs::read_to_string(&path) {
                // One trailing newline is the file's end, not the value's.
                Ok(text) => Value::String(text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(&text).to_owned()),
                Err(e) => {
                    problems.push(line("unreadable_input", flag, format!("cannot read {path}: {e}")));
                    continue;
                }
            },
            (Kind::List, Some(v)) => {
                if let Value::Array(items) = fields.entry(key.to_owned()).or_insert_with(|| Value::Array(Vec::new())) {
                    items.push(Value::String(v));
                }
                continue;
            }
            (_, v) => Value::String(v.unwrap_or_default()),
        };
        fields.insert(key.to_owned(), json);
    }
    match (action, argv) {
        ("exec", Some(argv)) => {
            fields.insert("command".to_owned(), Value::Array(argv.into_iter().map(Value::String).collect()));
        }
        (_, Some(_)) => problems.push(line("unexpected_argument", "--", format!("`plan {action}` takes no command after --"))),
        _ => {}
    }
    let reads_input = APPLICATION.contains(&action) || action == "link-cluster" || action == "registry-secret";
    if !reads_input && file.is_some() {
        problems.push(line("unexpected_argument", file.unwrap_or_default(), format!("`plan {action}` reads no input file")));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if reads_input {
        let text = read_input(file)?;
        let key = match action {
            "link-cluster" => "content",
            "registry-secret" => "credentials",
            _ if compose => "compose",
            _ => "bundle",
        };
        fields.insert(key.to_owned(), Value::String(text));
    }
    let action = Action::from_value(Value::Object(fields)).map_err(|e| lines(&e.problems))?;
    let plan = plan(&action).map_err(|e| lines(&e.problems))?;
    let notes = plan.warnings.iter().map(|w| format!("warning: {w}")).collect();
    Ok((if script { plan.script() } else { to_json_pretty(&plan) }, notes))
}

fn run_parse(args: &[String]) -> Result<(String, Vec<String>), Vec<String>> {
    let Some(what) = args.first().map(String::as_str) else {
        return Err(vec![USAGE.to_owned()]);
    };
    let mut file: Option<&str> = None;
    let mut context: Option<String> = None;
    let mut address: Option<String> = None;
    let mut problems = Vec::new();
    let mut i = 1;
    while i < args.len() {
        let arg = args[i].as_str();
        i += 1;
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (arg, None),
        };
        let slot = match (what, flag) {
            ("kubeconfig", "--context") => &mut context,
            ("k3s-kubeconfig", "--public-address") => &mut address,
            (_, f) if f == "-" || !f.starts_with('-') => {
                if file.replace(arg).is_some() {
                    problems.push(line("extra_argument", arg, "only one input file may be given"));
                }
                continue;
            }
            (_, f) => {
                problems.push(line("unknown_option", f, format!("not an option of `plan parse {what}`")));
                continue;
            }
        };
        match inline.or_else(|| {
            let v = args.get(i).cloned();
            i += 1;
            v
        }) {
            Some(v) => *slot = Some(v),
            None => problems.push(line("missing_value", flag, "needs a value")),
        }
    }
    if !matches!(what, "resources" | "cluster-check" | "kubeconfig" | "k3s-kubeconfig") {
        problems.push(line("unknown_parser", what, "one of: resources, cluster-check, kubeconfig, k3s-kubeconfig"));
    }
    if what == "k3s-kubeconfig" && address.is_none() {
        problems.push(line("missing_field", "--public-address", "the address to put in the kubeconfig"));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let text = read_input(file)?;
    let out = match what {
        "resources" => parse_top(&text).map(|u| to_json_pretty(&u)),
        "cluster-check" => check_cluster(&text).map(|v| to_json_pretty(&v)),
        "kubeconfig" => parse_kubeconfig(&text, context.as_deref()).map(|k| to_json_pretty(&k)),
        _ => rewrite_k3s_kubeconfig(&text, address.as_deref().unwrap_or_default()),
    };
    out.map(|s| (s, Vec::new())).map_err(|e| lines(&e.problems))
}
