//! Property tests: whatever the compose file and its context hold, `render_compose` returns
//! objects or problems — it never panics, and what it returns passes the validation rules.

use coolify_k8s_core::compose::ComposeInput;
use coolify_k8s_core::{render_compose, validate};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        ".{0,16}".prop_map(Value::String),
        prop_oneof![
            Just("80"), Just("8080:80/udp"), Just("db-data:/var/lib/data"), Just("./conf:/etc/conf:ro"), Just("no"), Just("on-failure:2"),
            Just("service_completed_successfully"), Just("service_healthy"), Just("${SERVICE_PASSWORD_DB}"), Just("${X:?missing}"),
            Just("${SERVICE_SUPABASEANON_KEY}"), Just("${SERVICE_URL_WEB_3000}"), Just("512m"), Just("0.5"), Just("CMD-SHELL"), Just("30s"),
            Just("coolify.kubernetes.workload=job"), Just("coolify.traefik.middlewares=a@file,b"), Just("0440"), Just("web"), Just("db"),
        ]
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![".{0,6}".boxed(), prop_oneof![Just("source"), Just("target"), Just("condition"), Just("test"), Just("file"), Just("content"), Just("type")].prop_map(str::to_owned).boxed()],
                inner,
                0..4
            )
            .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

const SERVICE_KEYS: [&str; 24] = [
    "image", "command", "entrypoint", "environment", "env_file", "ports", "expose", "volumes", "healthcheck", "deploy", "restart",
    "depends_on", "labels", "user", "secrets", "configs", "networks", "extra_hosts", "sysctls", "tmpfs", "shm_size", "stop_grace_period",
    "cap_add", "exclude_from_hc",
];

fn input(compose: &Value, extra: Value) -> ComposeInput {
    let mut context = json!({
        "uuid": "pr0p", "seed": "s", "compose": compose.to_string(),
        "docker_compose_domains": {"web": {"domain": "https://web.example.com"}},
        "files": {"./a": "x"}, "variables": {"X": "1"},
    });
    if let (Value::Object(c), Value::Object(e)) = (&mut context, extra) {
        c.extend(e);
    }
    ComposeInput::from_value(context).unwrap_or_default()
}

fn check(input: &ComposeInput) -> Result<(), TestCaseError> {
    if let Ok(rendered) = render_compose(input) {
        prop_assert!(validate::validate_objects(&rendered.manifests).is_empty());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_compose_text_never_panics(text in ".{0,200}") {
        let input = ComposeInput { compose: Some(text.as_str().into()), ..ComposeInput::default() };
        check(&input)?;
    }

    #[test]
    fn arbitrary_service_keys_never_panic(
        web in prop::collection::vec(prop::option::weighted(0.04, arb_json()), SERVICE_KEYS.len()),
        db in prop::collection::vec(prop::option::weighted(0.04, arb_json()), SERVICE_KEYS.len()),
        top in prop::collection::vec(prop::option::weighted(0.1, arb_json()), 3),
    ) {
        // Each key is present one time in 25, so that a good share of the cases render.
        let service = |values: Vec<Option<Value>>| {
            let mut s: Map<String, Value> =
                SERVICE_KEYS.iter().map(|k| (*k).to_owned()).zip(values).filter_map(|(k, v)| v.filter(|v| !v.is_null()).map(|v| (k, v))).collect();
            s.insert("image".to_owned(), json!("nginx:1.27"));
            Value::Object(s)
        };
        let top: Vec<Value> = top.into_iter().map(Option::unwrap_or_default).collect();
        let [volumes, secrets, configs]: [Value; 3] = top.try_into().unwrap_or_default();
        let compose = json!({"services": {"web": service(web), "db": service(db)}, "volumes": volumes, "secrets": secrets, "configs": configs});
        check(&input(&compose, json!({})))?;
    }

    #[test]
    fn arbitrary_context_never_panics(context in arb_json()) {
        let compose = json!({"services": {"web": {"image": "nginx", "environment": ["A=${SERVICE_PASSWORD_X}"], "expose": ["80"]}}});
        let _ = ComposeInput::from_value(context.clone()).and_then(|i| render_compose(&i));
        check(&input(&compose, context))?;
    }
}
