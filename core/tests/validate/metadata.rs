//! Names, namespaces, labels and annotations of every kind; list-level rules.

use super::fixtures::*;
use coolify_k8s_core::validate::{self, codes};
use coolify_k8s_core::Object;

#[test]
fn valid_objects_have_no_problems() {
    assert_eq!(triples(validate::validate_objects(&all_valid())), vec![]);
}

#[test]
fn object_names_per_kind() {
    let mut s = service();
    s.metadata.name = Some("1web".to_owned());
    assert_eq!(
        problems_of(Object::Service(s)),
        vec![t(
            codes::INVALID_NAME,
            "Service/1web.metadata.name",
            &format!("Invalid value: \"1web\": {DNS1035_REGEX_MSG}")
        )]
    );

    let mut d = deployment();
    d.metadata.name = Some("Web_App".to_owned());
    assert_eq!(
        problems_of(Object::Deployment(d)),
        vec![t(
            codes::INVALID_NAME,
            "Deployment/Web_App.metadata.name",
            &format!("Invalid value: \"Web_App\": {SUBDOMAIN_REGEX_MSG}")
        )]
    );

    let mut d = deployment();
    d.metadata.name = None;
    assert_eq!(
        problems_of(Object::Deployment(d)),
        vec![t(
            codes::REQUIRED,
            "Deployment/(unnamed).metadata.name",
            "Required value: name or generateName is required"
        )]
    );

    let mut n = namespace();
    n.metadata.name = Some("team.a".to_owned());
    n.metadata.namespace = Some("other".to_owned());
    assert_eq!(
        problems_of(Object::Namespace(n)),
        vec![
            t(
                codes::INVALID_NAME,
                "Namespace/team.a.metadata.name",
                "Invalid value: \"team.a\": must not contain dots"
            ),
            t(
                codes::INVALID_NAMESPACE,
                "Namespace/team.a.metadata.namespace",
                "Forbidden: not allowed on this type"
            ),
        ]
    );
}

#[test]
fn namespace_labels_and_annotations() {
    let mut s = secret();
    s.metadata.namespace = Some("Coolify".to_owned());
    s.metadata.labels = Some(labels(&[("coolify.io/app", "my app"), ("bad key!", "ok")]));
    s.metadata.annotations = Some(labels(&[("Example.COM/Upper", "fine"), ("a/b/c", "x")]));
    assert_eq!(
        problems_of(Object::Secret(s)),
        vec![
            t(codes::INVALID_NAMESPACE, "Secret/web-env.metadata.namespace", &format!("Invalid value: \"Coolify\": {LABEL_REGEX_MSG}")),
            t(codes::INVALID_LABEL_KEY, "Secret/web-env.metadata.labels[bad key!]", "Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
            t(codes::INVALID_LABEL_VALUE, "Secret/web-env.metadata.labels[coolify.io/app]", &format!("Invalid value: \"my app\": {LABEL_VALUE_REGEX_MSG}")),
            t(codes::INVALID_ANNOTATION_KEY, "Secret/web-env.metadata.annotations[a/b/c]", "Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
        ]
    );
}

#[test]
fn annotations_total_size() {
    let mut c = config_map();
    c.metadata.annotations = Some(labels(&[
        ("a", &"x".repeat(200 * 1024)),
        ("b", &"y".repeat(60 * 1024)),
    ]));
    assert_eq!(
        problems_of(Object::ConfigMap(c)),
        vec![t(
            codes::ANNOTATIONS_TOO_LONG,
            "ConfigMap/web-files.metadata.annotations",
            "Too long: must have at most 262144 bytes"
        )]
    );
}

#[test]
fn label_value_length() {
    let mut c = config_map();
    let long = "v".repeat(64);
    c.metadata.labels = Some(labels(&[("app", &long)]));
    assert_eq!(
        problems_of(Object::ConfigMap(c)),
        vec![t(
            codes::INVALID_LABEL_VALUE,
            "ConfigMap/web-files.metadata.labels[app]",
            &format!("Invalid value: \"{long}\": must be no more than 63 characters")
        )]
    );
}

#[test]
fn duplicate_objects_in_one_output() {
    let mut objects = all_valid();
    objects.push(Object::Service(service()));
    let mut other_namespace = service();
    other_namespace.metadata.namespace = Some("elsewhere".to_owned());
    objects.push(Object::Service(other_namespace));
    assert_eq!(
        triples(validate::validate_objects(&objects)),
        vec![t(
            codes::DUPLICATE_OBJECT,
            "Service/web",
            "Duplicate value: objects[4] and objects[7] are both Service/web"
        )]
    );
}

#[test]
fn problems_display_like_the_cli() {
    let object = deployment_with(|d| first_container(d).name = "Web".to_owned());
    let problems = validate::validate_object(&object);
    assert_eq!(
        problems[0].to_string(),
        format!("Deployment/web.spec.template.spec.containers[0].name: Invalid value: \"Web\": {LABEL_REGEX_MSG} [invalid_container_name]")
    );
}
