//! `coolify-k8s`: the command-line face of the core. Reads files or stdin, writes manifests or
//! verdicts to stdout; problems go to stderr as `<field path>: <message> [<code>]`, exit 1.

mod coordinate;
mod compose;
mod plan;
mod status;

use coolify_k8s_core::{output, render, Bundle, Problem};
use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "usage:
  coolify-k8s render [FILE|-] [--output yaml|json]     Coolify bundle -> Kubernetes manifests
  coolify-k8s compose [FILE|-] [--bundle CONTEXT] [--output yaml|json]   compose file + Coolify context -> manifests
  coolify-k8s plan ACTION [options] [FILE|-]           action -> shell steps as JSON (coolify-k8s plan --help)
  coolify-k8s status [FILE|-] --now RFC3339 [--deployed-at RFC3339] [--grace SECONDS]
                     [--pull-request N] [--health-check auto|yes|no]      kubectl JSON/YAML -> verdict JSON
  coolify-k8s coordinate [FILE|-] [--now RFC3339]      coordination spec + Deployments + status -> decision JSON
  coolify-k8s --help | --version";

/// What a subcommand produces: stdout text and stderr lines, or failure lines.
type Outcome = Result<(String, Vec<String>), Vec<String>>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("render") => run_render(&args[1..]),
        Some("compose") => compose::run(&args[1..]),
        Some("plan") => plan::run(&args[1..]),
        Some("status") => status::run(&args[1..], &mut std::io::stdin()),
        Some("coordinate") => coordinate::run(&args[1..]),
        Some("--version" | "-V") => Ok((format!("coolify-k8s {}\n", env!("CARGO_PKG_VERSION")), Vec::new())),
        Some("--help" | "-h") => Ok((format!("{USAGE}\n"), Vec::new())),
        Some(other) => Err(vec![format!("unknown command `{other}`"), USAGE.to_owned()]),
        None => Err(vec![USAGE.to_owned()]),
    };
    match outcome {
        Ok((stdout, notes)) => {
            let mut err = std::io::stderr().lock();
            for n in notes {
                let _ = writeln!(err, "{n}");
            }
            let mut out = std::io::stdout().lock();
            if out.write_all(stdout.as_bytes()).and_then(|_| out.flush()).is_err() {
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(lines) => {
            let mut err = std::io::stderr().lock();
            for l in lines {
                let _ = writeln!(err, "{l}");
            }
            ExitCode::from(1)
        }
    }
}

/// Reads FILE, or stdin for `-` or no file.
fn read_input(file: Option<&str>) -> Result<String, Vec<String>> {
    let mut text = String::new();
    match file {
        None | Some("-") => std::io::stdin().read_to_string(&mut text).map(|_| ()).map_err(|e| vec![format!("-: cannot read stdin: {e}")])?,
        Some(path) => {
            text = std::fs::read_to_string(path).map_err(|e| vec![format!("{path}: cannot read: {e}")])?;
        }
    }
    Ok(text)
}

fn problem_lines(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(Problem::to_string).collect()
}

/// The arguments of `render` and `compose`: one input file, `--output yaml|json` and, for
/// compose, `--bundle CONTEXT`.
struct ManifestArgs<'a> {
    file: Option<&'a str>,
    bundle: Option<&'a str>,
    json: bool,
}

fn manifest_args<'a>(args: &'a [String], command: &str, takes_bundle: bool) -> Result<ManifestArgs<'a>, Vec<String>> {
    let mut out = ManifestArgs { file: None, bundle: None, json: false };
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let (key, inline) = match a.split_once('=') {
            Some((k, v)) if k.starts_with("--") => (k, Some(v)),
            _ => (a, None),
        };
        match key {
            "--output" | "-o" | "--bundle" if key != "--bundle" || takes_bundle => {
                let value = match inline {
                    Some(v) => v,
                    None => {
                        i += 1;
                        args.get(i).map(String::as_str).ok_or_else(|| vec![format!("{key}: a value is required")])?
                    }
                };
                if key == "--bundle" {
                    out.bundle = Some(value);
                } else {
                    out.json = match value {
                        "yaml" => false,
                        "json" => true,
                        other => return Err(vec![format!("--output: expected yaml or json, got {other}")]),
                    };
                }
            }
            s if s.starts_with('-') && s != "-" => return Err(vec![format!("unknown option `{s}`"), USAGE.to_owned()]),
            s => {
                if out.file.is_some() {
                    return Err(vec![format!("{command} takes one input file")]);
                }
                out.file = Some(s);
            }
        }
        i += 1;
    }
    Ok(out)
}

/// Manifests on stdout (YAML or a JSON List), warnings on stderr.
fn manifests_outcome(rendered: &coolify_k8s_core::Rendered, json: bool) -> Outcome {
    let stdout = if json { output::to_json_list(&rendered.manifests) } else { output::to_yaml(&rendered.manifests) };
    let notes = rendered.warnings.iter().map(|w| format!("warning: {w}")).collect();
    Ok((stdout, notes))
}

fn run_render(args: &[String]) -> Outcome {
    let a = manifest_args(args, "render", false)?;
    let text = read_input(a.file)?;
    let bundle = Bundle::from_text(&text).map_err(|e| problem_lines(&e.problems))?;
    let rendered = render(&bundle).map_err(|e| problem_lines(&e.problems))?;
    manifests_outcome(&rendered, a.json)
}
