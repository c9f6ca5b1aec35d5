//! `coolify-k8s compose [FILE] [--bundle CONTEXT] [--output yaml|json]`: a compose file and
//! Coolify's context for it → manifests. FILE is the compose file (`-` for stdin); CONTEXT is
//! a JSON or YAML file with `uuid`, `name`, `variables`, `seed`, `docker_compose_domains`,
//! `env_files`, `server` (and `compose`, used when FILE is not given).

use super::{manifest_args, manifests_outcome, problem_lines, read_input, Outcome, USAGE};
use coolify_k8s_core::compose::ComposeInput;
use coolify_k8s_core::model::Scalar;
use coolify_k8s_core::render_compose;

/// Runs the subcommand.
pub fn run(args: &[String]) -> Outcome {
    let a = manifest_args(args, "compose", true)?;
    if a.file.is_none() && a.bundle.is_none() {
        return Err(vec!["compose: give a compose FILE, a --bundle CONTEXT, or both".to_owned(), USAGE.to_owned()]);
    }
    let mut input = match a.bundle {
        Some(path) => ComposeInput::from_text(&read_input(Some(path))?).map_err(|e| problem_lines(&e.problems))?,
        None => ComposeInput::default(),
    };
    if let Some(f) = a.file {
        input.compose = Some(Scalar::Text(read_input(Some(f))?));
    }
    let rendered = render_compose(&input).map_err(|e| problem_lines(&e.problems))?;
    manifests_outcome(&rendered, a.json)
}
