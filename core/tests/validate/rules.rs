//! The string rules: the tables of `k8s.io/apimachinery/pkg/util/validation/validation_test.go`
//! and Kubernetes' exact messages.

use coolify_k8s_core::validate;
use std::collections::BTreeMap;

fn check_table(rule: fn(&str) -> Result<(), String>, name: &str, good: &[&str], bad: &[&str]) {
    for v in good {
        assert!(
            rule(v).is_ok(),
            "{name}: expected {v:?} to pass: {:?}",
            rule(v)
        );
    }
    for v in bad {
        assert!(rule(v).is_err(), "{name}: expected {v:?} to fail");
    }
}

#[test]
fn dns1123_label_table() {
    let long_ok = "a".repeat(63);
    let long_bad = "a".repeat(64);
    let good = [
        "a",
        "ab",
        "abc",
        "a1",
        "a-1",
        "a--1--2--b",
        "0",
        "01",
        "012",
        "1a",
        "1-a",
        "1--a--b--2",
        &long_ok,
    ];
    let bad = [
        "", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a",
        "a_b", "1_", "_1", "1_2", ".", "a.", ".a", "a.b", "1.", ".1", "1.2", " ", "a ", " a",
        "a b", "1 ", " 1", "1 2", &long_bad,
    ];
    check_table(validate::is_dns1123_label, "IsDNS1123Label", &good, &bad);
}

#[test]
fn dns1123_subdomain_table() {
    let long_ok = "a".repeat(253);
    let long_bad = "a".repeat(254);
    let good = [
        "a",
        "ab",
        "abc",
        "a1",
        "a-1",
        "a--1--2--b",
        "0",
        "01",
        "012",
        "1a",
        "1-a",
        "1--a--b--2",
        "a.a",
        "ab.a",
        "abc.a",
        "a1.a",
        "a-1.a",
        "a--1--2--b.a",
        "a.1",
        "ab.1",
        "abc.1",
        "a1.1",
        "a-1.1",
        "a--1--2--b.1",
        "0.a",
        "01.a",
        "012.a",
        "1a.a",
        "1-a.a",
        "1--a--b--2",
        "0.1",
        "01.1",
        "012.1",
        "1a.1",
        "1-a.1",
        "1--a--b--2.1",
        "a.b.c.d.e",
        "aa.bb.cc.dd.ee",
        "1.2.3.4.5",
        "11.22.33.44.55",
        &long_ok,
    ];
    let bad = [
        "",
        "A",
        "ABC",
        "aBc",
        "A1",
        "A-1",
        "1-A",
        "-",
        "a-",
        "-a",
        "1-",
        "-1",
        "_",
        "a_",
        "_a",
        "a_b",
        "1_",
        "_1",
        "1_2",
        ".",
        "a.",
        ".a",
        "a..b",
        "1.",
        ".1",
        "1..2",
        " ",
        "a ",
        " a",
        "a b",
        "1 ",
        " 1",
        "1 2",
        "A.a",
        "aB.a",
        "ab.A",
        "A1.a",
        "a1.A",
        "A.1",
        "aB.1",
        "A1.1",
        "1A.1",
        "0.A",
        "01.A",
        "012.A",
        "1A.a",
        "1a.A",
        "A.B.C.D.E",
        "AA.BB.CC.DD.EE",
        "a.B.c.d.e",
        "aa.bB.cc.dd.ee",
        "a@b",
        "a,b",
        "a_b",
        "a;b",
        "a:b",
        "a%b",
        "a?b",
        "a$b",
        &long_bad,
    ];
    check_table(
        validate::is_dns1123_subdomain,
        "IsDNS1123Subdomain",
        &good,
        &bad,
    );
}

#[test]
fn dns1035_label_table() {
    let long_ok = "a".repeat(63);
    let long_bad = "a".repeat(64);
    let good = ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", &long_ok];
    let bad = [
        "0",
        "01",
        "012",
        "1a",
        "1-a",
        "1--a--b--2",
        "",
        "A",
        "ABC",
        "aBc",
        "A1",
        "A-1",
        "1-A",
        "-",
        "a-",
        "-a",
        "1-",
        "-1",
        "_",
        "a_",
        "_a",
        "a_b",
        "1_",
        "_1",
        "1_2",
        ".",
        "a.",
        ".a",
        "a.b",
        "1.",
        ".1",
        "1.2",
        " ",
        "a ",
        " a",
        "a b",
        "1 ",
        " 1",
        "1 2",
        &long_bad,
    ];
    check_table(validate::is_dns1035_label, "IsDNS1035Label", &good, &bad);
}

#[test]
fn wildcard_subdomain_table() {
    let good = ["*.example.com", "*.bar.com", "*.foo.bar.com"];
    let bad = ["*.*.bar.com", "*.foo.*.com", "*bar.com", "f*.bar.com", "*"];
    check_table(
        validate::is_wildcard_dns1123_subdomain,
        "IsWildcardDNS1123Subdomain",
        &good,
        &bad,
    );
}

#[test]
fn qualified_name_table() {
    let long_ok = "a".repeat(63);
    let prefixed_ok = format!("{}/{}", "a".repeat(253), "b".repeat(63));
    let long_bad = "a".repeat(64);
    let prefixed_bad = format!("{}/abc", "a".repeat(254));
    let good = [
        "simple",
        "now-with-dashes",
        "1-starts-with-num",
        "1234",
        "simple/simple",
        "now-with-dashes/simple",
        "now-with-dashes/now-with-dashes",
        "now.with.dots/simple",
        "now-with.dashes-and.dots/simple",
        "1-num.2-num/3-num",
        "1234/5678",
        "1.2.3.4/5678",
        "Uppercase_Is_OK_123",
        "example.com/Uppercase_Is_OK_123",
        "requests.storage-foo",
        &long_ok,
        &prefixed_ok,
    ];
    let bad = [
        "nospecialchars%^=@",
        "cantendwithadash-",
        "-cantstartwithadash-",
        "only/one/slash",
        "Example.com/abc",
        "example_com/abc",
        "example.com/",
        "/simple",
        &long_bad,
        &prefixed_bad,
    ];
    check_table(validate::is_qualified_name, "IsQualifiedName", &good, &bad);
}

#[test]
fn label_value_table() {
    let long_ok = "a".repeat(63);
    let long_bad = "a".repeat(64);
    let good = [
        "simple",
        "now-with-dashes",
        "1-starts-with-num",
        "end-with-num-1",
        "1234",
        &long_ok,
        "",
    ];
    let bad = [
        "nospecialchars%^=@",
        "Tama-nui-te-rā.is.Māori.sun",
        "\\backslashes\\are\\bad",
        "-starts-with-dash",
        "ends-with-dash-",
        ".starts.with.dot",
        "ends.with.dot.",
        &long_bad,
    ];
    check_table(validate::is_label_value, "IsValidLabelValue", &good, &bad);
}

#[test]
fn port_name_table() {
    let sixteen = "a".repeat(16);
    let good = [
        "telnet",
        "re-mail-ck",
        "pop3",
        "a",
        "a-1",
        "1-a",
        "a-1-b-2-c",
        "1-a-2-b-3",
    ];
    let bad = [
        "longerthan15characters",
        "",
        &sixteen,
        "12345",
        "1-2-3-4",
        "-begin",
        "end-",
        "two--hyphens",
        "whois++",
    ];
    check_table(validate::is_valid_port_name, "IsValidPortName", &good, &bad);
}

#[test]
fn port_num_table() {
    for p in [1, 2, 1000, 16384, 32768, 65535] {
        assert!(validate::is_valid_port_num(p).is_ok(), "{p}");
    }
    for p in [0, -1, 65536, 100000] {
        assert_eq!(
            validate::is_valid_port_num(p),
            Err("must be between 1 and 65535, inclusive".to_owned()),
            "{p}"
        );
    }
}

#[test]
fn percent_table() {
    let good = ["0%", "00000%", "1%", "01%", "99%", "100%", "101%"];
    let bad = [
        "", "0", "100", "0.0%", "99.9%", "hundred", " 1%", "1% ", "-0%", "-1%", "+1%",
    ];
    check_table(validate::is_valid_percent, "IsValidPercent", &good, &bad);
}

#[test]
fn config_map_key_table() {
    let good = [
        "a",
        "good",
        "good-good",
        "still.good",
        "this.is.also.good",
        ".so.is.this",
        "THIS_IS_GOOD",
        "so_is_this_17",
    ];
    let bad = [".", "..", "..bad", "b*d", "bad!&bad"];
    check_table(validate::is_config_map_key, "IsConfigMapKey", &good, &bad);
}

#[test]
fn relaxed_env_var_name_table() {
    let good = [
        "-", ":", "_", "+a", ">a", "<a", "a.", "a..", "*a", "%a", "?a", "a:a", "a_a", "aAz", "~a",
        "|a", "a0a", "a9", "/a", "a ", "#a", "0a", "0 a", "'a", "(a", "@a",
    ];
    let bad = [
        "",
        "=",
        "a=",
        "1=a",
        "a=b",
        "#%=&&",
        "\u{1}abc",
        "\u{82}abc",
        "Ç ç",
        "Ä ä",
        "Ñ ñ",
        "Ø ø",
    ];
    check_table(
        validate::is_env_var_name,
        "IsRelaxedEnvVarName",
        &good,
        &bad,
    );
}

#[test]
fn strict_env_var_name_table() {
    let good = [
        "my.env-name",
        "MY_ENV.NAME",
        "MyEnvName1",
        "_private",
        "-dash",
    ];
    let bad = ["", "1ABC", "A=B", "with space", ".", "..", "..x"];
    check_table(
        validate::is_strict_env_var_name,
        "IsEnvVarName",
        &good,
        &bad,
    );
}

#[test]
fn http_header_name_table() {
    let good = [
        "Accept-Encoding",
        "Host",
        "If-Modified-Since",
        "X-Forwarded-For",
        "a",
        "ab",
        "abc",
        "a1",
        "-a",
        "a-",
        "a-b",
        "a-1",
        "a--1--2--b",
        "--abc-123",
        "A",
        "AB",
        "AbC",
        "A1",
        "-A",
        "A-",
        "A-B",
        "A-1",
        "A--1--2--B",
        "--123-ABC",
    ];
    let bad = [
        "Host:",
        "X-Forwarded-For:",
        "X-@Home",
        "",
        "_",
        "a_",
        "_a",
        "1_",
        "1_2",
        ".",
        "a.",
        ".a",
        "a.b",
        "1.",
        ".1",
        "1.2",
        " ",
        "a ",
        " a",
        "a b",
        "1 ",
        " 1",
        "1 2",
        "#a#",
        "^",
        ",",
        ";",
        "=",
        "<",
        "?",
        "@",
        "{",
    ];
    check_table(
        validate::is_http_header_name,
        "IsHTTPHeaderName",
        &good,
        &bad,
    );
}

#[test]
fn ip_and_cidr() {
    let good = [
        "10.9.8.7",
        "2001:db8::ffff",
        "::1",
        "010.001.002.003",
        "::ffff:10.1.2.3",
    ];
    let bad = [
        "",
        "10.9.8",
        "10.9.8.256",
        "1.2.3.4.5",
        "example.com",
        "2001:db8::g",
        "1.2.3.04a",
    ];
    check_table(validate::is_valid_ip, "IsValidIP", &good, &bad);
    let good = ["10.9.8.0/24", "2001:db8::/64", "0.0.0.0/0"];
    let bad = [
        "10.9.8.0",
        "10.9.8.0/33",
        "2001:db8::/129",
        "10.9.8.0/x",
        "/24",
    ];
    check_table(validate::is_valid_cidr, "IsValidCIDR", &good, &bad);
}

#[test]
fn rule_messages_are_kubernetes_own() {
    assert_eq!(
        validate::is_dns1123_label("Web"),
        Err("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')".to_owned())
    );
    assert_eq!(
        validate::is_dns1123_label("a.b"),
        Err("must not contain dots".to_owned())
    );
    assert_eq!(
        validate::is_dns1035_label(&"1".repeat(64)),
        Err("must be no more than 63 characters; a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')".to_owned())
    );
    assert_eq!(
        validate::is_qualified_name("example.com/_e"),
        Err("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')".to_owned())
    );
    assert_eq!(
        validate::is_qualified_name("a/b/c"),
        Err("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')".to_owned())
    );
    assert_eq!(
        validate::is_qualified_name("/x"),
        Err("prefix part must be non-empty".to_owned())
    );
    assert_eq!(
        validate::is_valid_port_name("Http--Port-Name-"),
        Err("must be no more than 15 characters; must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-); must not contain consecutive hyphens; must not begin or end with a hyphen".to_owned())
    );
    assert_eq!(
        validate::is_valid_port_name("8080"),
        Err("must contain at least one letter (a-z)".to_owned())
    );
    assert_eq!(
        validate::is_env_var_name("A=B"),
        Err("a valid environment variable name must consist only of printable ASCII characters other than '='".to_owned())
    );
    assert_eq!(
        validate::is_env_var_name(""),
        Err("environment variable name must be non-empty".to_owned())
    );
    assert_eq!(
        validate::is_config_map_key("..x"),
        Err("must not start with '..'".to_owned())
    );
    assert!(
        validate::is_annotation_key("Example.com/Some-Key").is_ok(),
        "annotation keys are checked lowercased"
    );
    assert!(validate::is_qualified_name("Example.com/Some-Key").is_err());
}

#[test]
fn names_per_kind() {
    assert!(
        validate::is_valid_name_for_kind("Service", "1web").is_err(),
        "Service names are DNS-1035 labels"
    );
    assert!(validate::is_valid_name_for_kind("Deployment", "1web").is_ok());
    assert!(validate::is_valid_name_for_kind("Deployment", "web.v2").is_ok());
    assert!(validate::is_valid_name_for_kind("Namespace", "web.v2").is_err());
    assert!(
        validate::is_valid_name_for_kind("Middleware", "a.b").is_ok(),
        "other kinds: DNS-1123 subdomain"
    );
    assert!(validate::check_annotations_size(&BTreeMap::from([(
        "k".to_owned(),
        "v".repeat(256 * 1024)
    )]))
    .is_err());
}
