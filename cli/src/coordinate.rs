//! `coolify-k8s coordinate`: one decision of the sequential-rollout coordinator.
//!
//! ```text
//! coolify-k8s coordinate [FILE|-] [--now RFC3339]
//! ```
//!
//! Reads the coordination input (JSON or YAML: `spec`, `deployments`, `status`, `now`; see the
//! core's `coordinate` module) from FILE, or stdin for `-` or no file. `--now` sets (or
//! replaces) the input's `now`; one of them is required. Prints the decision as pretty JSON
//! and exits 0, a failed rollout included. On bad arguments or bad input: nothing on stdout,
//! exit 1, one line per problem on stderr, `<field path>: <message> [<code>]`.

use coolify_k8s_core::coordinate::{coordinate, Input};
use coolify_k8s_core::output::to_json_pretty;
use coolify_k8s_core::status::Timestamp;
use coolify_k8s_core::Problem;

/// The usage line of `coolify-k8s coordinate`.
pub const USAGE: &str = "coolify-k8s coordinate [FILE|-] [--now RFC3339]   coordination input -> decision JSON";

/// Runs `coolify-k8s coordinate` with the arguments that follow `coordinate`.
pub fn run(args: &[String]) -> Result<(String, Vec<String>), Vec<String>> {
    let mut problems = Vec::new();
    let mut file: Option<&str> = None;
    let mut now: Option<Timestamp> = None;
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        i += 1;
        if arg == "--help" || arg == "-h" {
            return Ok((format!("usage: {USAGE}\n"), Vec::new()));
        }
        if arg == "-" || !arg.starts_with('-') {
            if file.is_some() {
                problems.push(Problem::new("extra_argument", arg, "only one input file may be given"));
            } else {
                file = Some(arg);
            }
            continue;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag, Some(value.to_owned())),
            None => (arg, None),
        };
        if flag != "--now" {
            problems.push(Problem::new(
                "unknown_option",
                flag,
                format!("unknown option; usage: {USAGE}"),
            ));
            continue;
        }
        let value = match inline.or_else(|| args.get(i).cloned()) {
            Some(v) => {
                if !arg.contains('=') {
                    i += 1;
                }
                v
            }
            None => {
                problems.push(Problem::new("missing_value", flag, "expects a value"));
                continue;
            }
        };
        match Timestamp::parse(&value) {
            Ok(t) => now = Some(t),
            Err(e) => problems.push(Problem::new("invalid_time", flag, e.message)),
        }
    }
    if !problems.is_empty() {
        return Err(lines(&problems));
    }
    let text = crate::read_input(file)?;
    let mut input = Input::parse(&text).map_err(|e| lines(&e.problems))?;
    if now.is_some() {
        input.now = now;
    }
    let decision = coordinate(&input).map_err(|e| lines(&e.problems))?;
    Ok((to_json_pretty(&decision), Vec::new()))
}

fn lines(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(Problem::to_string).collect()
}
