//! `coolify-k8s compose [FILE] [--bundle CONTEXT] [--output yaml|json]`: a compose file and
//! Coolify's context for it → manifests. FILE is the compose file (`-` for stdin); CONTEXT is
//! a JSON or YAML file with `uuid`, `name`, `variables`, `seed`, `docker_compose_domains`,
//! `env_files`, `server` (and `compose`, used when FILE is not given).

use super::{problem_lines, read_input, Outcome, USAGE};
use coolify_k8s_core::compose::ComposeInput;
use coolify_k8s_core::model::Scalar;
use coolify_k8s_core::{output, render_compose};

/// Runs the subcommand.
pub fn run(args: &[String]) -> Outcome {
    let mut file: Option<&str> = None;
    let mut bundle: Option<&str> = None;
    let mut format = "yaml";
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let (key, inline) = match a.split_once('=') {
            Some((k, v)) if k.starts_with("--") => (k, Some(v)),
            _ => (a, None),
        };
        match key {
            "--output" | "-o" | "--bundle" => {
                let value = match inline {
                    Some(v) => v,
                    None => {
                        i += 1;
                        match args.get(i) {
                            Some(v) => v.as_str(),
                            None => return Err(vec![format!("{key}: a value is required")]),
                        }
                    }
                };
                if key == "--bundle" {
                    bundle = Some(value);
                } else {
                    format = match value {
                        "yaml" => "yaml",
                        "json" => "json",
                        other => return Err(vec![format!("--output: expected yaml or json, got {other}")]),
                    };
                }
            }
            s if s.starts_with('-') && s != "-" => return Err(vec![format!("unknown option `{s}`"), USAGE.to_owned()]),
            s => {
                if file.is_some() {
                    return Err(vec!["compose takes one compose file".to_owned()]);
                }
                file = Some(s);
            }
        }
        i += 1;
    }
    if file.is_none() && bundle.is_none() {
        return Err(vec!["compose: give a compose FILE, a --bundle CONTEXT, or both".to_owned(), USAGE.to_owned()]);
    }
    let mut input = match bundle {
        Some(path) => ComposeInput::from_text(&read_input(Some(path))?).map_err(|e| problem_lines(&e.problems))?,
        None => ComposeInput::default(),
    };
    if let Some(f) = file {
        input.compose = Some(Scalar::Text(read_input(Some(f))?));
    }
    let rendered = render_compose(&input).map_err(|e| problem_lines(&e.problems))?;
    let stdout = if format == "json" { output::to_json_list(&rendered.manifests) } else { output::to_yaml(&rendered.manifests) };
    let notes = rendered.warnings.iter().map(|w| format!("warning: {w}")).collect();
    Ok((stdout, notes))
}
