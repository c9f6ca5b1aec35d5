//! `coolify-k8s status`: what kubectl printed (JSON or YAML) in, the verdict as JSON out.
//!
//! ```text
//! coolify-k8s status [FILE|-] --now RFC3339 [--deployed-at RFC3339] [--grace SECONDS]
//!                             [--pull-request N] [--health-check auto|yes|no]
//! ```
//!
//! Reads FILE, or stdin for `-` or no file. Prints the verdict as pretty JSON (two-space indent,
//! trailing newline) and exits 0 whatever the application's state; a crashing application is a
//! verdict, not a failure. On bad arguments or unparseable input: nothing on stdout, exit 1, and
//! one line per problem on stderr, `<field path>: <message> [<code>]`. Defaults (grace window,
//! preview 0, health check `auto`) are the core's ([`Context::new`]).

use coolify_k8s_core::output::to_json_pretty;
use coolify_k8s_core::status::{verdict, Context, HealthCheck, Observed, Timestamp};
use coolify_k8s_core::Problem;
use std::io::Read;

/// The usage line of `coolify-k8s status`.
pub const USAGE: &str =
    "coolify-k8s status [FILE|-] --now RFC3339 [--deployed-at RFC3339] [--grace SECONDS] \
[--pull-request N] [--health-check auto|yes|no]   kubectl JSON/YAML -> verdict JSON";

/// Runs `coolify-k8s status` with the arguments that follow `status`, reading stdin when no
/// file (or `-`) is given. On success: the stdout text and stderr notes (none today). On
/// failure: the stderr lines, one per problem.
pub fn run(args: &[String], stdin: &mut dyn Read) -> Result<(String, Vec<String>), Vec<String>> {
    let options = parse_args(args).map_err(|problems| lines(&problems))?;
    let Some(ctx) = options.context else {
        return Ok((format!("usage: {USAGE}\n"), Vec::new()));
    };
    let text = read_input(options.file.as_deref(), stdin).map_err(|p| lines(&[p]))?;
    let observed = Observed::parse(&text).map_err(|e| lines(&e.problems))?;
    Ok((to_json_pretty(&verdict(&observed, &ctx)), Vec::new()))
}

struct Options {
    file: Option<String>,
    /// None when `--help` was asked for.
    context: Option<Context>,
}

fn lines(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(Problem::to_string).collect()
}

fn parse_args(args: &[String]) -> Result<Options, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut file: Option<String> = None;
    let mut now: Option<Timestamp> = None;
    let mut deployed_at: Option<Timestamp> = None;
    let mut grace: Option<u64> = None;
    let mut pull_request: Option<u64> = None;
    let mut health_check: Option<HealthCheck> = None;
    let mut now_seen = false;

    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        i += 1;
        if arg == "--help" || arg == "-h" {
            return Ok(Options {
                file: None,
                context: None,
            });
        }
        if arg == "-" || !arg.starts_with('-') {
            if file.is_some() {
                problems.push(Problem::new(
                    "extra_argument",
                    arg,
                    "only one input file may be given",
                ));
            } else {
                file = Some(arg.to_owned());
            }
            continue;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag, Some(value.to_owned())),
            None => (arg, None),
        };
        if !matches!(
            flag,
            "--now" | "--deployed-at" | "--grace" | "--pull-request" | "--health-check"
        ) {
            problems.push(Problem::new(
                "unknown_option",
                flag,
                format!("unknown option; usage: {USAGE}"),
            ));
            continue;
        }
        let value = match inline {
            Some(v) => v,
            None => match args.get(i) {
                Some(v) => {
                    i += 1;
                    v.clone()
                }
                None => {
                    problems.push(Problem::new("missing_value", flag, "expects a value"));
                    continue;
                }
            },
        };
        match flag {
            "--now" => {
                now_seen = true;
                match Timestamp::parse(&value) {
                    Ok(t) => now = Some(t),
                    Err(e) => problems.push(Problem::new("invalid_time", flag, e.message)),
                }
            }
            "--deployed-at" => match Timestamp::parse(&value) {
                Ok(t) => deployed_at = Some(t),
                Err(e) => problems.push(Problem::new("invalid_time", flag, e.message)),
            },
            "--grace" => match value.parse::<u64>() {
                Ok(n) => grace = Some(n),
                Err(_) => problems.push(Problem::new(
                    "invalid_number",
                    flag,
                    format!("{value:?} is not a whole number of seconds"),
                )),
            },
            "--pull-request" => match value.parse::<u64>() {
                Ok(n) => pull_request = Some(n),
                Err(_) => problems.push(Problem::new(
                    "invalid_number",
                    flag,
                    format!("{value:?} is not a pull request number (0 for production)"),
                )),
            },
            _ => match value.parse::<HealthCheck>() {
                Ok(h) => health_check = Some(h),
                Err(e) => problems.push(Problem::new("invalid_health_check", flag, e.to_string())),
            },
        }
    }
    if !now_seen {
        problems.push(Problem::new(
            "missing_option",
            "--now",
            "is required: the time of the judgement (RFC 3339)",
        ));
    }
    match now {
        Some(now) if problems.is_empty() => {
            let mut ctx = Context::new(now);
            ctx.deployed_at = deployed_at;
            if let Some(g) = grace {
                ctx.grace = g;
            }
            if let Some(n) = pull_request {
                ctx.pull_request = n;
            }
            if let Some(h) = health_check {
                ctx.health_check = h;
            }
            Ok(Options {
                file,
                context: Some(ctx),
            })
        }
        _ => Err(problems),
    }
}

fn read_input(file: Option<&str>, stdin: &mut dyn Read) -> Result<String, Problem> {
    let mut bytes = Vec::new();
    let path = match file {
        None | Some("-") => {
            stdin.read_to_end(&mut bytes).map_err(|e| {
                Problem::new("unreadable_input", "-", format!("cannot read stdin: {e}"))
            })?;
            "-"
        }
        Some(path) => {
            bytes = std::fs::read(path)
                .map_err(|e| Problem::new("unreadable_input", path, format!("cannot read: {e}")))?;
            path
        }
    };
    String::from_utf8(bytes).map_err(|e| {
        Problem::new(
            "invalid_encoding",
            path,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)] // a test may panic
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn run_with(list: &[&str], stdin: &str) -> Result<(String, Vec<String>), Vec<String>> {
        run(&args(list), &mut stdin.as_bytes())
    }

    #[test]
    fn judges_stdin() {
        let (out, notes) = run_with(
            &[
                "--now",
                "2025-05-01T12:00:30Z",
                "--deployed-at=2025-05-01T12:00:00Z",
            ],
            r#"{"apiVersion": "v1", "kind": "List", "items": []}"#,
        )
        .expect("a verdict");
        assert!(
            out.starts_with("{\n  \"status\": \"starting:unknown\""),
            "{out}"
        );
        assert!(out.ends_with("}\n"));
        assert!(notes.is_empty());
    }

    #[test]
    fn flags_override_defaults() {
        let options = parse_args(&args(&[
            "-",
            "--now",
            "2025-05-01T12:00:00Z",
            "--grace",
            "30",
            "--pull-request",
            "7",
            "--health-check",
            "no",
        ]))
        .unwrap_or_else(|_| panic!("valid"));
        let ctx = options.context.expect("a context");
        assert_eq!(
            (ctx.grace, ctx.pull_request, ctx.health_check),
            (30, 7, HealthCheck::No)
        );
        assert_eq!(options.file.as_deref(), Some("-"));
    }

    #[test]
    fn every_bad_argument_is_reported() {
        let err = run_with(
            &[
                "a.json",
                "b.json",
                "--grace",
                "soon",
                "--health-check",
                "maybe",
                "--bogus",
            ],
            "",
        )
        .expect_err("bad arguments");
        assert_eq!(
            err,
            vec![
                "b.json: only one input file may be given [extra_argument]".to_owned(),
                "--grace: \"soon\" is not a whole number of seconds [invalid_number]".to_owned(),
                "--health-check: \"maybe\" is not one of auto, yes, no [invalid_health_check]"
                    .to_owned(),
                format!("--bogus: unknown option; usage: {USAGE} [unknown_option]"),
                "--now: is required: the time of the judgement (RFC 3339) [missing_option]"
                    .to_owned(),
            ]
        );
    }

    #[test]
    fn bad_time_and_bad_input() {
        let err = run_with(&["--now", "noon"], "").expect_err("bad time");
        assert_eq!(err.len(), 1);
        assert!(
            err[0].starts_with("--now: \"noon\" is not an RFC 3339 time"),
            "{err:?}"
        );
        let err = run_with(&["--now", "2025-05-01T12:00:00Z"], "").expect_err("empty input");
        assert_eq!(
            err,
            vec![
                "input: the input is empty: expected kubectl's JSON or YAML output [empty_input]"
                    .to_owned()
            ]
        );
        let err = run(
            &args(&["--now", "2025-05-01T12:00:00Z"]),
            &mut &[0xffu8, 0xfe][..],
        )
        .expect_err("not UTF-8");
        assert_eq!(
            err,
            vec!["-: not UTF-8 text (invalid byte at offset 0) [invalid_encoding]".to_owned()]
        );
    }
}
