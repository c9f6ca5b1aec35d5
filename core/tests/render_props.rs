//! Property tests: arbitrary input never panics the render path.

use coolify_k8s_core::{render, Bundle};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| json!(f)),
        ".{0,24}".prop_map(Value::String),
        prop_oneof![Just("80"), Just("0"), Just("-1"), Just("https://a.b"), Just("${X}"), Just("512m"), Just("true"), Just("{}"), Just("[]")]
            .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(3, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(".{0,8}", inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

const FIELDS: [&str; 24] = [
    "uuid", "name", "build_pack", "fqdn", "ports_exposes", "ports_mappings", "docker_registry_image_name", "docker_registry_image_tag",
    "health_check_enabled", "health_check_type", "health_check_command", "health_check_port", "limits_memory", "limits_cpus",
    "limits_memory_reservation", "custom_docker_run_options", "custom_network_aliases", "kubernetes_replicas", "kubernetes_node_selector",
    "kubernetes_tolerations", "kubernetes_affinity", "kubernetes_pod_labels", "swarm_placement_constraints", "settings",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics(value in arb_json()) {
        let _ = Bundle::from_value(value.clone()).and_then(|b| render(&b));
        let _ = Bundle::from_text(&value.to_string()).and_then(|b| render(&b));
    }

    #[test]
    fn arbitrary_application_fields_never_panic(values in prop::collection::vec(arb_json(), FIELDS.len())) {
        let mut app = Map::new();
        app.insert("uuid".to_owned(), json!("abc123"));
        app.insert("build_pack".to_owned(), json!("dockerimage"));
        app.insert("docker_registry_image_name".to_owned(), json!("nginx"));
        for (field, v) in FIELDS.iter().zip(values) {
            app.insert((*field).to_owned(), v);
        }
        let bundle = json!({"application": app, "envs": [{"key": "A", "value": "$B ${C:-d}"}], "preview": {"pull_request_id": 3}});
        let _ = Bundle::from_value(bundle).and_then(|b| render(&b));
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        let _ = Bundle::from_text(&text).and_then(|b| render(&b));
    }
}
