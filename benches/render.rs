//! Render time per vector: the bundle parsed once, then `render` plus YAML serialisation per
//! iteration (what `coolify-k8s render` does after reading its input), and parsing alone.

use coolify_k8s_core::{output, render, Bundle};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::Path;

fn inputs() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/render");
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(&root) else { return out };
    let mut dirs: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("").to_owned();
        let text = std::fs::read_to_string(dir.join("input.json")).or_else(|_| std::fs::read_to_string(dir.join("input.yaml")));
        if let Ok(text) = text {
            out.push((name, text));
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("render+yaml");
    for (name, text) in inputs() {
        let Ok(bundle) = Bundle::from_text(&text) else { continue };
        group.bench_function(&name, |b| {
            b.iter(|| {
                let rendered = render(black_box(&bundle)).map(|r| output::to_yaml(&r.manifests));
                black_box(rendered)
            })
        });
    }
    group.finish();
    let mut group = c.benchmark_group("parse");
    for (name, text) in inputs().into_iter().filter(|(n, _)| n.contains("example")) {
        group.bench_function(&name, |b| b.iter(|| black_box(Bundle::from_text(black_box(&text)).is_ok())));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
