//! Shared by the plan safety tests (`core/tests/plan_safety.rs`, `core/tests/plan_failures.rs`):
//! a sandbox with stub programs first on `PATH`, a runner that feeds a script to `bash -se` the
//! way Coolify does, and strategies for text a shell would love to interpret.
#![allow(dead_code)] // each test file uses part of it

use proptest::prelude::*;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

// ------------------------------------------------------------------ sandbox

/// What every stub does: take the first free sequence number (atomic `set -C` creation, shell
/// builtins only), record argv, stdin and the K3s variables, print a fixed answer.
const STUB: &str = include_str!("stub.sh");

pub const STUBS: [&str; 5] = ["kubectl", "curl", "sh", "k3s-uninstall.sh", "k3s-agent-uninstall.sh"];
pub const CURL_OUTPUT: &[u8] = b"#!/bin/sh\necho \"stub K3s installer\"\n";

static SANDBOXES: AtomicUsize = AtomicUsize::new(0);

pub struct Sandbox {
    pub root: PathBuf,
    pub bin: PathBuf,
    pub canary: PathBuf,
    cases: AtomicUsize,
}

impl Sandbox {
    pub fn new(name: &str) -> Self {
        let n = SANDBOXES.fetch_add(1, Ordering::SeqCst);
        let root = std::env::temp_dir().join(format!("coolify-k8s-plan-safety-{}-{name}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let bin = root.join("bin");
        std::fs::create_dir_all(&bin).expect("sandbox");
        for stub in STUBS {
            let path = bin.join(stub);
            std::fs::write(&path, STUB).expect("stub");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
        let canary = root.join("canary");
        Sandbox { root, bin, canary, cases: AtomicUsize::new(0) }
    }

    pub fn case_dir(&self) -> PathBuf {
        let dir = self.root.join(format!("case-{}", self.cases.fetch_add(1, Ordering::SeqCst)));
        std::fs::create_dir_all(dir.join("log")).expect("log dir");
        std::fs::create_dir_all(dir.join("work")).expect("work dir");
        dir
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

/// One recorded call.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Call {
    pub argv: Vec<String>,
    pub stdin: Vec<u8>,
    pub env: Vec<String>,
}

pub fn call(argv: Vec<String>) -> Call {
    Call { argv, stdin: Vec::new(), env: Vec::new() }
}

pub struct Run {
    pub status: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
    pub calls: Vec<Call>,
}

fn split0(bytes: &[u8]) -> Vec<String> {
    let mut parts: Vec<String> = bytes.split(|b| *b == 0).map(|p| String::from_utf8_lossy(p).into_owned()).collect();
    parts.pop(); // after the last NUL
    parts
}

/// Runs `script` as Coolify does: `bash -se` reading it from stdin.
pub fn run_script(sb: &Sandbox, dir: &Path, script: &str, extra_env: &[(&str, &str)]) -> Run {
    let log = dir.join("log");
    let mut cmd = Command::new("/bin/bash");
    cmd.arg("-se")
        .env_clear()
        .env("PATH", format!("{}:/usr/bin:/bin", sb.bin.display()))
        .env("HOME", dir.join("work"))
        .env("STUB_LOG", &log)
        .current_dir(dir.join("work"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("bash");
    let mut stdin = child.stdin.take().expect("stdin");
    let bytes = script.as_bytes().to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&bytes);
    });
    let out = child.wait_with_output().expect("bash ran");
    writer.join().expect("writer");
    let mut calls = Vec::new();
    for n in 1.. {
        let seq = log.join(format!("{n}.seq"));
        if !seq.exists() {
            break;
        }
        let read = |ext: &str| std::fs::read(log.join(format!("{n}.{ext}"))).unwrap_or_default();
        calls.push(Call { argv: split0(&read("argv")), stdin: read("stdin"), env: split0(&read("env")) });
    }
    Run { status: out.status.code().unwrap_or(-1), stdout: out.stdout, stderr: String::from_utf8_lossy(&out.stderr).into_owned(), calls }
}

/// A `curl | sh` pipeline runs both stubs at once: put each pair in the order the plan wrote it.
pub fn pipeline_order(mut calls: Vec<Call>) -> Vec<Call> {
    let prog = |c: &Call| c.argv.first().cloned().unwrap_or_default();
    let mut i = 0;
    while i + 1 < calls.len() {
        if matches!(prog(&calls[i]).as_str(), "curl" | "sh") {
            if prog(&calls[i]) == "sh" && prog(&calls[i + 1]) == "curl" {
                calls.swap(i, i + 1);
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    calls
}

pub fn first_difference(expected: &[Call], actual: &[Call]) -> String {
    for (i, (e, a)) in expected.iter().zip(actual).enumerate() {
        if e != a {
            return format!(
                "call {i}:\n expected argv {:?}\n actual   argv {:?}\n expected stdin {:?}\n actual   stdin {:?}\n expected env {:?}\n actual   env {:?}",
                e.argv,
                a.argv,
                String::from_utf8_lossy(&e.stdin).chars().take(200).collect::<String>(),
                String::from_utf8_lossy(&a.stdin).chars().take(200).collect::<String>(),
                e.env,
                a.env
            );
        }
    }
    format!("{} calls expected, {} recorded; extra: {:?}", expected.len(), actual.len(), actual.get(expected.len()).map(|c| &c.argv))
}

// ------------------------------------------------------------------ random text

/// Text that a shell would love to interpret, including `touch <canary>` in many spellings.
pub fn nasty(canary: &Path) -> BoxedStrategy<String> {
    let c = canary.display().to_string();
    let fragments: Vec<String> = vec![
        "'".into(), "\"".into(), "$".into(), "`".into(), "\\".into(), "\n".into(), "\r".into(), "\t".into(), ";".into(), "|".into(), "&".into(),
        "&&".into(), "||".into(), "(".into(), ")".into(), "{".into(), "}".into(), "<".into(), ">".into(), "*".into(), "?".into(), "[".into(),
        "]".into(), "~".into(), "#".into(), "!".into(), "%s".into(), " ".into(), "=".into(), "-".into(), "--".into(), "é".into(), "日本語".into(),
        "🚀".into(), "\u{202e}".into(), "\u{feff}".into(), "'\\''".into(), "$HOME".into(), "${PATH}".into(), "$(id)".into(), "EOF".into(),
        "--help".into(), "-rf".into(), "*.*".into(),
        format!("$(touch {c})"), format!("`touch {c}`"), format!("'; touch {c}; '"), format!("\"; touch {c}; \""), format!("\ntouch {c}\n"),
        format!("' && touch {c} && echo '"), format!("${{IFS}}touch${{IFS}}{c}"), format!("\\'; touch {c} #"), format!("a'\"'\"'$(touch {c})"),
    ];
    let fragment = prop_oneof![
        4 => proptest::sample::select(fragments),
        2 => "[a-zA-Z0-9_./:-]{1,12}",
        1 => any::<char>().prop_filter("no NUL", |c| *c != '\0').prop_map(String::from),
    ];
    prop_oneof![
        12 => proptest::collection::vec(fragment.clone(), 0..10).prop_map(|v| v.concat()),
        1 => (fragment, 800..4000usize).prop_map(|(f, n)| f.repeat(n.div_ceil(f.len().max(1))).chars().take(n).collect()),
    ]
    .boxed()
}

pub fn nonempty(s: BoxedStrategy<String>) -> BoxedStrategy<String> {
    s.prop_map(|t| if t.is_empty() { "x".to_owned() } else { t }).boxed()
}

/// No control characters (what a K3s token or a URL may hold).
pub fn printable(s: BoxedStrategy<String>) -> BoxedStrategy<String> {
    s.prop_map(|t| t.chars().filter(|c| !c.is_control()).collect::<String>()).prop_map(|t| if t.is_empty() { "t".to_owned() } else { t }).boxed()
}

/// A file name: no `/`, not `.`/`..`, at most 200 bytes.
pub fn file_name(s: BoxedStrategy<String>) -> BoxedStrategy<String> {
    s.prop_map(|t| {
        let mut name: String = t.chars().map(|c| if c == '/' { '_' } else { c }).collect();
        while name.len() > 200 {
            name.pop();
        }
        if name.is_empty() || name == "." || name == ".." {
            name.push_str("f_");
        }
        name
    })
    .boxed()
}
