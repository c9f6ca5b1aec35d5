//! Render time per vector: the bundle parsed once, then `render` plus YAML serialisation per
//! iteration (what `coolify-k8s render` does after reading its input), and parsing alone.

use coolify_k8s_core::model::BasicAuth;
use coolify_k8s_core::render::routing::htpasswd_line;
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

/// Basic-auth bundles are measured the way a caller that stores the bcrypt hash renders them
/// (hashing is measured on its own below).
fn with_stored_hash(text: &str) -> String {
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(text) else { return text.to_owned() };
    let Some(app) = value.get_mut("application").and_then(|a| a.as_object_mut()) else { return text.to_owned() };
    let (Some(user), Some(password)) = (
        app.get("http_basic_auth_username").and_then(|v| v.as_str()).map(str::to_owned),
        app.get("http_basic_auth_password").and_then(|v| v.as_str()).map(str::to_owned),
    ) else {
        return text.to_owned();
    };
    let auth = BasicAuth { username: user, password: Some(password), hash: None };
    if let Ok(line) = htpasswd_line("bench", &auth) {
        if let Some((_, hash)) = line.split_once(':') {
            app.insert("http_basic_auth_password_hash".to_owned(), serde_json::Value::String(hash.to_owned()));
        }
    }
    value.to_string()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("render+yaml");
    for (name, text) in inputs() {
        let Ok(bundle) = Bundle::from_text(&with_stored_hash(&text)) else { continue };
        group.bench_function(&name, |b| {
            b.iter(|| {
                let rendered = render(black_box(&bundle)).map(|r| output::to_yaml(&r.manifests));
                black_box(rendered)
            })
        });
    }
    group.finish();
    // The parts of one render, for the typical bundle.
    let mut group = c.benchmark_group("parts");
    if let Some((_, text)) = inputs().into_iter().find(|(n, _)| n.starts_with("01-")) {
        if let Ok(bundle) = Bundle::from_text(&text) {
            group.bench_function("normalize", |b| b.iter(|| black_box(coolify_k8s_core::model::normalize(black_box(&bundle)).is_ok())));
            if let Ok(rendered) = render(&bundle) {
                group.bench_function("validate", |b| b.iter(|| black_box(coolify_k8s_core::validate::validate_objects(black_box(&rendered.manifests)))));
                group.bench_function("yaml", |b| b.iter(|| black_box(output::to_yaml(black_box(&rendered.manifests)))));
                group.bench_function("json", |b| b.iter(|| black_box(output::to_json_list(black_box(&rendered.manifests)))));
            }
            group.bench_function("render", |b| b.iter(|| black_box(render(black_box(&bundle)).is_ok())));
        }
    }
    group.finish();
    let mut group = c.benchmark_group("parse");
    for (name, text) in inputs().into_iter().filter(|(n, _)| n.contains("example")) {
        group.bench_function(&name, |b| b.iter(|| black_box(Bundle::from_text(black_box(&text)).is_ok())));
    }
    group.finish();
    // Hashing a basic-auth password (bcrypt cost 10) on its own: render pays it once per call
    // unless the caller passes `http_basic_auth_password_hash`.
    let mut group = c.benchmark_group("basic-auth");
    group.sample_size(10);
    let auth = BasicAuth { username: "ops".to_owned(), password: Some("s3cr3t-Pass".to_owned()), hash: None };
    group.bench_function("bcrypt-cost-10", |b| b.iter(|| black_box(htpasswd_line("vg0kkg4gk8sw4ck0wogsgc8c", black_box(&auth)))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
