//! `$VAR` interpolation as Docker Compose does it in `.env` files and compose files:
//! `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`,
//! `${VAR:+alternative}`, `${VAR+alternative}`, and `$$` for a literal `$`.
//!
//! Values come only from the lookup the caller passes — never from the environment of the
//! machine that renders.

/// The outcome of expanding one string.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Expanded {
    /// The expanded text.
    pub value: String,
    /// Names referenced without a value and without a default (they expand to "").
    pub unresolved: Vec<String>,
}

/// Why a string could not be expanded.
#[derive(Debug, PartialEq, Eq)]
pub enum ExpandError {
    /// `${VAR:?message}` (or `?`) with `VAR` unset: the name and the message.
    Required(String, String),
    /// `${` without a matching `}`, or an invalid name inside `${...}`.
    Syntax(String),
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Expands `text`, asking `lookup` for each referenced name (`None` = unset).
pub fn expand(text: &str, lookup: &mut dyn FnMut(&str) -> Option<String>) -> Result<Expanded, ExpandError> {
    let mut out = Expanded::default();
    expand_into(text, lookup, &mut out)?;
    Ok(out)
}

fn expand_into(text: &str, lookup: &mut dyn FnMut(&str) -> Option<String>, out: &mut Expanded) -> Result<(), ExpandError> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '$' {
            out.value.push(c);
            i += 1;
            continue;
        }
        match chars.get(i + 1) {
            Some('$') => {
                out.value.push('$');
                i += 2;
            }
            Some('{') => {
                let close = matching_brace(&chars, i + 2).ok_or_else(|| ExpandError::Syntax(format!("`${{` without a closing `}}` in `{text}`")))?;
                let inner: String = chars[i + 2..close].iter().collect();
                expand_braced(&inner, lookup, out)?;
                i = close + 1;
            }
            Some(&n) if is_name_start(n) => {
                let mut j = i + 1;
                while j < chars.len() && is_name_char(chars[j]) {
                    j += 1;
                }
                let name: String = chars[i + 1..j].iter().collect();
                match lookup(&name) {
                    Some(v) => out.value.push_str(&v),
                    None => out.unresolved.push(name),
                }
                i = j;
            }
            _ => {
                out.value.push('$');
                i += 1;
            }
        }
    }
    Ok(())
}

fn matching_brace(chars: &[char], start: usize) -> Option<usize> {
    let mut depth = 1;
    let mut i = start;
    while i < chars.len() {
        match chars[i] {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn expand_braced(inner: &str, lookup: &mut dyn FnMut(&str) -> Option<String>, out: &mut Expanded) -> Result<(), ExpandError> {
    let name_end = inner.find(|c: char| !is_name_char(c)).unwrap_or(inner.len());
    let name = &inner[..name_end];
    if name.is_empty() || !name.starts_with(is_name_start) {
        return Err(ExpandError::Syntax(format!("`${{{inner}}}` does not start with a variable name")));
    }
    let rest = &inner[name_end..];
    let value = lookup(name);
    let (op, arg) = if let Some(a) = rest.strip_prefix(":-") {
        (":-", a)
    } else if let Some(a) = rest.strip_prefix(":?") {
        (":?", a)
    } else if let Some(a) = rest.strip_prefix(":+") {
        (":+", a)
    } else if let Some(a) = rest.strip_prefix('-') {
        ("-", a)
    } else if let Some(a) = rest.strip_prefix('?') {
        ("?", a)
    } else if let Some(a) = rest.strip_prefix('+') {
        ("+", a)
    } else if rest.is_empty() {
        ("", "")
    } else {
        return Err(ExpandError::Syntax(format!("`${{{inner}}}` is not a supported substitution")));
    };
    let empty_counts = op.starts_with(':');
    let is_set = match &value {
        Some(v) => !(empty_counts && v.is_empty()),
        None => false,
    };
    match op {
        "" => match value {
            Some(v) => out.value.push_str(&v),
            None => out.unresolved.push(name.to_owned()),
        },
        ":-" | "-" => {
            if is_set {
                out.value.push_str(&value.unwrap_or_default());
            } else {
                expand_into(arg, lookup, out)?;
            }
        }
        ":?" | "?" => {
            if is_set {
                out.value.push_str(&value.unwrap_or_default());
            } else {
                let mut message = Expanded::default();
                expand_into(arg, lookup, &mut message)?;
                return Err(ExpandError::Required(name.to_owned(), message.value));
            }
        }
        _ => {
            if is_set {
                expand_into(arg, lookup, out)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<Expanded, ExpandError> {
        let mut lookup = |n: &str| match n {
            "A" => Some("1".to_owned()),
            "EMPTY" => Some(String::new()),
            _ => None,
        };
        expand(text, &mut lookup)
    }

    #[test]
    fn forms() {
        assert_eq!(run("x$A-${A}").map(|e| e.value), Ok("x1-1".to_owned()));
        assert_eq!(run("$$A").map(|e| e.value), Ok("$A".to_owned()));
        assert_eq!(run("${B:-d}${EMPTY:-e}${EMPTY-f}").map(|e| e.value), Ok("de".to_owned()));
        assert_eq!(run("${A:+y}${B:+n}").map(|e| e.value), Ok("y".to_owned()));
        assert_eq!(run("${B:-${A}}").map(|e| e.value), Ok("1".to_owned()));
        assert_eq!(run("$B.x").map(|e| e.unresolved), Ok(vec!["B".to_owned()]));
        assert_eq!(run("a$ b $1"), Ok(Expanded { value: "a$ b $1".to_owned(), unresolved: vec![] }));
        assert_eq!(run("${B:?needed}"), Err(ExpandError::Required("B".to_owned(), "needed".to_owned())));
        assert!(matches!(run("${A"), Err(ExpandError::Syntax(_))));
    }
}
