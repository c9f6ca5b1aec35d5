//! `kubectl top pods --no-headers` output into numbers.

use crate::error::{Collector, Errors};
use crate::validate::parse_quantity;
use serde::Serialize;

/// One line of `kubectl top pods`: a pod (or, with `--containers`, one of its containers).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PodUsage {
    /// The pod.
    pub pod: String,
    /// The container (`--containers` output only).
    pub container: Option<String>,
    /// CPU in millicores (`250m` → 250, `1` → 1000).
    pub cpu_millicores: u64,
    /// Memory in bytes (`64Mi` → 67108864).
    pub memory_bytes: u64,
}

/// The application's use: every line, and the sums.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Usage {
    /// One entry per output line, in output order.
    pub pods: Vec<PodUsage>,
    /// Sum of CPU, millicores.
    pub cpu_millicores: u64,
    /// Sum of memory, bytes.
    pub memory_bytes: u64,
}

/// Parses what `kubectl top pods --no-headers [--containers]` prints: `POD CPU MEMORY` or
/// `POD CONTAINER CPU MEMORY` per line, quantities as Kubernetes writes them (`3m`, `1`,
/// `25Mi`, `1Gi`, `512k`). A header line (`NAME ...`), blank lines and kubectl's `No resources
/// found` are skipped. Every bad line is reported, as `line <N>`.
///
/// ```
/// let usage = coolify_k8s_core::plan::parse_top("web-7d4b9c-x2x   12m   48Mi\nweb-7d4b9c-k9z   1   1Gi\n").unwrap();
/// assert_eq!(usage.cpu_millicores, 1012);
/// assert_eq!(usage.pods[1].memory_bytes, 1 << 30);
/// ```
pub fn parse_top(output: &str) -> Result<Usage, Errors> {
    let mut problems = Collector::default();
    let mut usage = Usage::default();
    for (i, line) in output.lines().enumerate() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() || line.trim_start().starts_with("No resources found") || (fields[0] == "NAME" || fields[0] == "POD") && i == 0 {
            continue;
        }
        let path = format!("line {}", i + 1);
        let (pod, container, cpu, memory) = match fields.as_slice() {
            [pod, cpu, memory] => (*pod, None, *cpu, *memory),
            [pod, container, cpu, memory] => (*pod, Some(*container), *cpu, *memory),
            _ => {
                problems.push("invalid_top_line", path, format!("expected `POD CPU MEMORY` or `POD CONTAINER CPU MEMORY`, found {} field(s)", fields.len()));
                continue;
            }
        };
        let cpu_millicores = quantity(cpu, true);
        let memory_bytes = quantity(memory, false);
        match (cpu_millicores, memory_bytes) {
            (Some(c), Some(m)) => {
                usage.cpu_millicores = usage.cpu_millicores.saturating_add(c);
                usage.memory_bytes = usage.memory_bytes.saturating_add(m);
                usage.pods.push(PodUsage { pod: pod.to_owned(), container: container.map(str::to_owned), cpu_millicores: c, memory_bytes: m });
            }
            (None, _) => problems.push("invalid_quantity", path, format!("`{cpu}` is not a CPU quantity (like 250m)")),
            (_, None) => problems.push("invalid_quantity", path, format!("`{memory}` is not a memory quantity (like 64Mi)")),
        }
    }
    if problems.is_empty() { Ok(usage) } else { Err(Errors::new(problems.into_vec())) }
}

fn quantity(text: &str, milli: bool) -> Option<u64> {
    let q = parse_quantity(text).ok()?;
    if q.is_negative() {
        return None;
    }
    let v = if milli { q.milli_value()? } else { q.value()? };
    u64::try_from(v).ok()
}
