//! A service's environment: `env_file` contents (dotenv) then `environment`, interpolated.

use super::file::{Service, StrOrSeq};
use super::Ctx;
use crate::names;

/// Reads a dotenv file: `KEY=VALUE` lines, `#` comments, optional `export ` and quotes.
fn dotenv(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((k, v)) = line.split_once('=') else { continue };
        let v = v.trim();
        let v = if v.len() >= 2 && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\''))) { &v[1..v.len() - 1] } else { v };
        out.push((k.trim().to_owned(), v.to_owned()));
    }
    out
}

fn set(env: &mut Vec<(String, String)>, key: String, value: String) {
    match env.iter_mut().find(|(k, _)| *k == key) {
        Some(e) => e.1 = value,
        None => env.push((key, value)),
    }
}

pub(crate) fn environment(ctx: &mut Ctx<'_>, svc: &Service, path: &str) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = Vec::new();
    let files: Vec<String> = match &svc.env_file {
        None => Vec::new(),
        Some(StrOrSeq::Str(s)) => vec![s.clone()],
        Some(StrOrSeq::Seq(items)) => items.iter().filter_map(|s| s.text().map(str::to_owned)).collect(),
    };
    for (i, f) in files.iter().enumerate() {
        let fpath = if matches!(svc.env_file, Some(StrOrSeq::Seq(_))) { format!("{path}.env_file[{i}]") } else { format!("{path}.env_file") };
        match ctx.env_files.get(f).cloned() {
            Some(content) => {
                for (k, v) in dotenv(&content) {
                    let v = ctx.x(&v, &fpath);
                    set(&mut env, k, v);
                }
            }
            None => ctx.errors.push("missing_env_file", fpath, format!("the contents of `{f}` are not in `env_files`")),
        }
    }
    if let Some(e) = &svc.environment {
        for (i, (k, v)) in e.entries.iter().enumerate() {
            let epath = if e.list { format!("{path}.environment[{i}]") } else { format!("{path}.environment.{k}") };
            match v {
                Some(v) => {
                    let v = ctx.x(v, &epath);
                    set(&mut env, k.clone(), v);
                }
                // `- KEY` takes the value from the context (Compose would read the shell).
                None => match ctx.vars.lookup(k, &epath) {
                    Some(v) => set(&mut env, k.clone(), v),
                    None => {
                        if !ctx.vars.missing.contains_key(k) {
                            ctx.warnings.push("unset_variable", epath, format!("`{k}` has no value in the context; it is left out"));
                        }
                    }
                },
            }
        }
    }
    env
}

pub(crate) fn env_checksum(env: &[(String, String)]) -> String {
    let mut t = String::new();
    for (k, v) in env {
        t.push_str(&format!("{k}\0{v}\0"));
    }
    names::short_hash(&t, 16)
}

