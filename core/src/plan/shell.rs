//! The one quoting function, and the few shell shapes every step is made of.
//!
//! # Quoting
//!
//! [`quote`] turns one argv word into one shell word, POSIX-style: a word made only of
//! `A-Z a-z 0-9 _ - . / : , + @ % =` is written as it is; any other word (including the empty
//! word) is wrapped in single quotes, each `'` inside written as `'\''` (close the quote, an
//! escaped quote, reopen). Inside single quotes a POSIX shell interprets nothing — no `$`,
//! backtick, `\`, `!`, glob or newline is special — so the word reaches the program byte for
//! byte. A word may hold a newline: it stays inside the quotes, and the step then spans lines
//! (still one shell command). A NUL byte cannot be passed in argv at all; the plan refuses such
//! input before it gets here.
//!
//! Input reaches a command only through [`quote`] (argv words, and the values of `NAME=value`
//! assignments whose names are constants) or as base64 (content fed to a program's stdin). Everything else in a command — `|`, `&&`, `if`, `</dev/null`, the
//! `$coolify_pod` variable — is constant text written by this module.
//!
//! # Stdin
//!
//! Coolify sends all steps as one script on the stdin of `bash -se`, so a program that reads
//! its stdin would eat the rest of the script. Every program a step runs has its stdin either
//! fed by the step itself (a pipe from `printf`) or redirected from `/dev/null`.

use base64::Engine as _;

/// Whether `c` can appear in a shell word without quoting.
fn is_plain(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ':' | ',' | '+' | '@' | '%' | '=')
}

/// Quotes one argv word for a POSIX shell (see the module docs). The result always reads back
/// as exactly `word`, as one word.
///
/// ```
/// use coolify_k8s_core::plan::quote;
/// assert_eq!(quote("deployment/web"), "deployment/web");
/// assert_eq!(quote(""), "''");
/// assert_eq!(quote("it's $HOME"), r"'it'\''s $HOME'");
/// ```
pub fn quote(word: &str) -> String {
    if !word.is_empty() && word.chars().all(is_plain) {
        return word.to_owned();
    }
    let mut out = String::with_capacity(word.len() + 2);
    out.push('\'');
    for c in word.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// A whole argv as one shell command line: every word through [`quote`], joined by spaces.
pub fn join<S: AsRef<str>>(argv: &[S]) -> String {
    argv.iter().map(|w| quote(w.as_ref())).collect::<Vec<_>>().join(" ")
}

/// `argv </dev/null`: the program runs with an empty stdin.
pub(crate) fn run<S: AsRef<str>>(argv: &[S]) -> String {
    format!("{} </dev/null", join(argv))
}

/// `printf %s <base64> | base64 -d | argv`: `content` reaches the program's stdin byte for byte,
/// and the shell sees only base64 characters. `printf` is a shell builtin, so the size of the
/// content is not limited by the system's argument length.
pub(crate) fn feed<S: AsRef<str>>(content: &[u8], argv: &[S]) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(content);
    format!("{} | base64 -d | {}", join(&["printf", "%s", encoded.as_str()]), join(argv))
}

/// `printf '%s\n' <message> >&2`: a note on stderr.
pub(crate) fn note(message: &str) -> String {
    format!("{} >&2", join(&["printf", "%s\\n", message]))
}
