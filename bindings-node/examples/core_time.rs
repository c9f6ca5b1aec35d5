//! The core's own time per render of a bundle file (the baseline `bench.js` compares with):
//! `cargo run --release -p coolify-k8s-node --example core_time -- FILE [ITERATIONS]`.

use coolify_k8s_core::{output, render, Bundle};
use std::hint::black_box;
use std::time::Instant;

/// Microseconds per call of `f`: the best of five rounds of `iterations` calls, after a warm-up.
fn per_call(iterations: u32, mut f: impl FnMut()) -> f64 {
    for _ in 0..iterations / 10 {
        f();
    }
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let start = Instant::now();
        for _ in 0..iterations {
            f();
        }
        best = best.min(start.elapsed().as_secs_f64() * 1e6 / f64::from(iterations));
    }
    best
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args.first() else {
        eprintln!("usage: core_time FILE [ITERATIONS]");
        std::process::exit(2);
    };
    let iterations = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(2000);
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| {
        eprintln!("{file}: {e}");
        std::process::exit(2)
    });
    let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let Ok(bundle) = Bundle::from_text(&text) else {
        eprintln!("{file}: the bundle has problems");
        std::process::exit(1)
    };
    let yaml = |r: Result<coolify_k8s_core::Rendered, _>| {
        if let Ok(r) = r {
            black_box(output::to_yaml(&r.manifests));
        }
    };
    // The same work as the binding's calls, without the crossing: `render(string)` is
    // from_text + render, `render(object)` is from_value + render, `renderYaml` adds to_yaml.
    let report = [
        (
            "from_text+render",
            per_call(iterations, || {
                drop(black_box(
                    Bundle::from_text(black_box(&text)).and_then(|b| render(&b)),
                ))
            }),
        ),
        (
            "from_value+render",
            per_call(iterations, || {
                drop(black_box(
                    Bundle::from_value(black_box(value.clone())).and_then(|b| render(&b)),
                ))
            }),
        ),
        (
            "from_text+render+to_yaml",
            per_call(iterations, || {
                yaml(Bundle::from_text(black_box(&text)).and_then(|b| render(&b)))
            }),
        ),
        (
            "from_value+render+to_yaml",
            per_call(iterations, || {
                yaml(Bundle::from_value(black_box(value.clone())).and_then(|b| render(&b)))
            }),
        ),
        (
            "render+to_json",
            per_call(iterations, || {
                if let Ok(r) = render(&bundle) {
                    black_box(serde_json::to_string(&r).unwrap_or_default());
                }
            }),
        ),
        (
            "render alone",
            per_call(iterations, || drop(black_box(render(black_box(&bundle))))),
        ),
    ];
    for (name, us) in report {
        println!("{name:<26} {us:>9.1} µs");
    }
}
