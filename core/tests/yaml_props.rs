//! Property test of the YAML writer: any text in a ConfigMap's keys, values and annotations is
//! read back by a YAML reader as exactly the same data as the JSON output says.

use coolify_k8s_core::objects::Object;
use coolify_k8s_core::output;
use k8s_openapi::api::core::v1::ConfigMap;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Text made of the characters YAML writers get wrong.
fn tricky() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        "[a-zA-Z0-9]{0,6}",
        Just(" ".to_owned()), Just(":".to_owned()), Just(": ".to_owned()), Just("#".to_owned()), Just(" #".to_owned()),
        Just("-".to_owned()), Just("- ".to_owned()), Just("---".to_owned()), Just("\n".to_owned()), Just("\n\n".to_owned()),
        Just("\t".to_owned()), Just("\"".to_owned()), Just("'".to_owned()), Just("\\".to_owned()), Just("|".to_owned()),
        Just(">".to_owned()), Just("{".to_owned()), Just("[".to_owned()), Just("&".to_owned()), Just("*".to_owned()),
        Just("!".to_owned()), Just("%".to_owned()), Just("@".to_owned()), Just("`".to_owned()), Just("?".to_owned()),
        Just("yes".to_owned()), Just("no".to_owned()), Just("null".to_owned()), Just("~".to_owned()), Just("0x1f".to_owned()),
        Just("1e3".to_owned()), Just(".inf".to_owned()), Just("012".to_owned()), Just("12:30".to_owned()), Just("2001-12-14".to_owned()),
        Just("é".to_owned()), Just("\u{2028}".to_owned()), Just("\u{85}".to_owned()), Just("\u{feff}".to_owned()), Just("\u{7}".to_owned()),
        Just("\r".to_owned()), Just("  ".to_owned()),
    ];
    prop::collection::vec(pieces, 0..8).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_text_reads_back_as_written(key in tricky(), value in tricky(), note in tricky(), more in prop::collection::vec(tricky(), 0..3)) {
        let key = if key.is_empty() { "k".to_owned() } else { key };
        let mut data = BTreeMap::from([(key, value)]);
        for (i, v) in more.into_iter().enumerate() {
            data.insert(format!("more-{i}"), v);
        }
        let object = Object::ConfigMap(ConfigMap {
            metadata: ObjectMeta {
                name: Some("c".to_owned()),
                annotations: Some(BTreeMap::from([("note".to_owned(), note)])),
                ..Default::default()
            },
            data: Some(data),
            ..Default::default()
        });
        let yaml = output::to_yaml(std::slice::from_ref(&object));
        let read: serde_json::Value = serde_saphyr::from_str(&yaml).map_err(|e| TestCaseError::fail(format!("{e}\n{yaml}")))?;
        let expected = serde_json::to_value(&object).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(read, expected, "{}", yaml);
    }
}
