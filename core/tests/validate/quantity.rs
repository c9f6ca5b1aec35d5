//! Quantities: the tables of `resource/quantity_test.go` (`TestQuantityParse`,
//! `TestQuantityString`, `TestQuantityCmp`).

use coolify_k8s_core::validate::{self, parse_quantity, QuantityFormat};

#[test]
fn quantity_parse_table() {
    use QuantityFormat::{BinarySI as B, DecimalExponent as X, DecimalSI as D};
    let table: &[(&str, &str, QuantityFormat)] = &[
        ("0", "0", D),
        ("0n", "0", D),
        ("0u", "0", D),
        ("0m", "0", D),
        ("0Ki", "0", B),
        ("0k", "0", D),
        ("0Mi", "0", B),
        ("0M", "0", D),
        ("0Gi", "0", B),
        ("0G", "0", D),
        ("0Ti", "0", B),
        ("0T", "0", D),
        ("1", "1", D),
        ("1Ki", "1Ki", B),
        ("8Ki", "8Ki", B),
        ("7Mi", "7Mi", B),
        ("6Gi", "6Gi", B),
        ("5Ti", "5Ti", B),
        ("4Pi", "4Pi", B),
        ("3Ei", "3Ei", B),
        ("10Ti", "10Ti", B),
        ("100Ti", "100Ti", B),
        ("5n", "5n", D),
        ("4u", "4u", D),
        ("3m", "3m", D),
        ("9", "9", D),
        ("8k", "8k", D),
        ("50k", "50k", D),
        ("7M", "7M", D),
        ("6G", "6G", D),
        ("5T", "5T", D),
        ("40T", "40T", D),
        ("300T", "300T", D),
        ("2P", "2P", D),
        ("1E", "1E", D),
        ("1E-3", "1e-3", X),
        ("1e3", "1e3", X),
        ("1E6", "1e6", X),
        ("1e9", "1e9", X),
        ("1E12", "1e12", X),
        ("1e15", "1e15", X),
        ("1E18", "1e18", X),
        ("1e14", "100e12", X),
        ("1e13", "10e12", X),
        ("100.035k", "100035", D),
        ("0.001", "1m", D),
        ("0.0005k", "500m", D),
        ("0.005", "5m", D),
        ("0.05", "50m", D),
        ("0.5", "500m", D),
        ("0.00050k", "500m", D),
        ("0.00500", "5m", D),
        ("0.05000", "50m", D),
        ("0.50000", "500m", D),
        ("0.5e0", "500e-3", X),
        ("0.5e-1", "50e-3", X),
        ("0.5e-2", "5e-3", X),
        ("10.035M", "10035k", D),
        ("1.2e3", "1200", X),
        ("1.3E+6", "1300e3", X),
        ("1.40e9", "1400e6", X),
        ("1.53E12", "1530e9", X),
        ("1.6e15", "1600e12", X),
        ("1.7E18", "1700e15", X),
        ("9.01", "9010m", D),
        ("8.1k", "8100", D),
        ("7.123456M", "7123456", D),
        ("6.987654321G", "6987654321", D),
        ("5.444T", "5444G", D),
        ("40.1T", "40100G", D),
        ("300.2T", "300200G", D),
        ("2.5P", "2500T", D),
        ("1.01E", "1010P", D),
        // Things that saturate or round (up, to a whole nano).
        ("3.001n", "4n", D),
        ("1.1E-9", "2e-9", X),
        ("0.0000000001", "1n", D),
        ("0.0000000005", "1n", D),
        ("0.00000000050", "1n", D),
        ("0.5e-9", "1e-9", X),
        ("0.9n", "1n", D),
        ("0.00000012345", "124n", D),
        ("0.00000012354", "124n", D),
        ("9Ei", "9223372036854775807", B),
        ("9223372036854775807Ki", "9223372036854775807", B),
        ("12E", "12E", D),
        // Fractional binary values.
        ("100.035Ki", "102435840m", B),
        ("0.5Mi", "512Ki", B),
        ("0.05Gi", "53687091200m", B),
        ("0.025Ti", "27487790694400m", B),
        // "Things written by trolls".
        ("0.000000000001Ki", "2n", D),
        (".001", "1m", D),
        (".0001k", "100m", D),
        ("1.", "1", D),
        ("1.G", "1G", D),
    ];
    for (input, canonical, format) in table {
        for sign in ["", "+", "-"] {
            let text = format!("{sign}{input}");
            let q = parse_quantity(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            let expect = if sign == "-" && *canonical != "0" {
                format!("-{canonical}")
            } else {
                canonical.to_string()
            };
            assert_eq!(q.canonical(), expect, "{text}");
            assert_eq!(q.format(), *format, "{text}");
            assert_eq!(q.is_negative(), sign == "-" && *canonical != "0", "{text}");
        }
    }
}

#[test]
fn quantity_invalid_table() {
    for input in [
        "1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", ".5i", "1i", "-3.01i", "-3.01e-", " 1", "1 ",
        "", "12x", "1K", "5Gb", "1e",
    ] {
        assert!(parse_quantity(input).is_err(), "{input:?} parsed");
    }
    assert_eq!(parse_quantity("12x").unwrap_err(), validate::FORMAT_ERROR);
    assert_eq!(parse_quantity("1K").unwrap_err(), validate::SUFFIX_ERROR);
    assert_eq!(parse_quantity("").unwrap_err(), validate::FORMAT_ERROR);
}

#[test]
fn quantity_string_table() {
    // (canonical, another spelling of the same value in the same notation)
    let table = [
        ("1Gi", "1024Mi"),
        ("300Mi", "307200Ki"),
        ("6Ki", ""),
        ("1001Gi", "1025024Mi"),
        ("1Ti", "1024Gi"),
        ("1G", "1000M"),
        ("1G", "0.001T"),
        ("1m", "1000u"),
        ("80m", ""),
        ("1080m", "1.08"),
        ("1080m", "1080000000n"),
        ("300M", ""),
        ("1T", ""),
        ("1234567M", ""),
        ("3k", ""),
        ("1025", ""),
        ("0", "00"),
        ("1e9", ".001e12"),
        ("1e-3", "0.001e0"),
        ("1e-9", "1000e-12"),
        ("80e-3", ""),
        ("300e6", ""),
        ("1e12", ""),
        ("3e3", ""),
        ("1n", ""),
        ("80n", ""),
        ("1080n", ""),
        ("1u", ""),
        ("80u", ""),
        ("1080u", ""),
        ("5", "5000m"),
        ("500m", "0.5"),
    ];
    for (canonical, alternate) in table {
        assert_eq!(
            parse_quantity(canonical).map(|q| q.canonical()),
            Ok(canonical.to_owned()),
            "{canonical}"
        );
        if !alternate.is_empty() {
            assert_eq!(
                parse_quantity(alternate).map(|q| q.canonical()),
                Ok(canonical.to_owned()),
                "{alternate}"
            );
        }
    }
    // Binary values below 1024 or with a fraction print in decimal.
    assert_eq!(
        parse_quantity("0.5Ki").map(|q| q.canonical()),
        Ok("512".to_owned())
    );
    assert_eq!(
        parse_quantity("1.5Gi").map(|q| q.canonical()),
        Ok("1536Mi".to_owned())
    );
}

#[test]
fn quantity_compare_and_values() {
    let q = |s: &str| parse_quantity(s).unwrap_or_else(|e| panic!("{s}: {e}"));
    assert!(q("100m") > q("50m"));
    assert!(q("50m") < q("100m"));
    assert!(q("10000T") > q("100Gi"));
    assert_eq!(q("0"), q("-0"));
    assert!(q("1Gi") > q("1G"));
    assert!(q("1e3") == q("1k"));
    assert!(q("-1") < q("0"));
    assert!(q("-2") < q("-1"));
    assert!(q("1e1000") > q("1E"));
    assert_eq!(q("1.5").milli_value(), Some(1500));
    assert_eq!(q("1.5").value(), Some(2));
    assert_eq!(q("512Mi").value(), Some(536_870_912));
    assert!(q("2").is_integer());
    assert!(!q("1.5").is_integer());
    assert!(q("1.9999999").is_integer(), "MilliValue rounds up to 2000");
    assert!(validate::is_quantity("512Mi").is_ok());
    assert!(validate::is_quantity("512mb").is_err());
}

#[test]
fn quantity_with_very_many_digits() {
    let nines = format!("0.123456789{}", "9".repeat(100_000));
    assert_eq!(
        parse_quantity(&nines).map(|q| q.canonical()),
        Ok("123456790n".to_owned())
    );
    let tail_one = format!("0.123456789{}1", "0".repeat(100_000));
    assert_eq!(
        parse_quantity(&tail_one).map(|q| q.canonical()),
        Ok("123456790n".to_owned())
    );
    let exact = format!("0.123456789{}", "0".repeat(100_000));
    assert_eq!(
        parse_quantity(&exact).map(|q| q.canonical()),
        Ok("123456789n".to_owned())
    );
    let tiny = format!("0.{}1", "0".repeat(5000));
    assert_eq!(
        parse_quantity(&tiny).map(|q| q.canonical()),
        Ok("1n".to_owned())
    );
    let huge = format!("1{}m", "0".repeat(50_000));
    let huge = parse_quantity(&huge).unwrap();
    assert!(huge > parse_quantity("1E").unwrap());
    assert!(parse_quantity("1e2147483647").unwrap() > parse_quantity("1E").unwrap());
    assert_eq!(
        parse_quantity("1e4294967296").map(|q| q.canonical()),
        Ok("1".to_owned()),
        "Go converts the exponent with int32(): 2^32 wraps to 0"
    );
}
