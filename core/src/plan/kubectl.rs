//! The kubectl prefix every Kubernetes step starts with, and the checks on its target.

use super::input::{check_optional, Target};
use crate::error::Collector;

/// `kubectl [--kubeconfig=PATH] [--context=NAME] [-n NAMESPACE]`, as argv.
#[derive(Clone, Debug)]
pub(crate) struct Kubectl {
    prefix: Vec<String>,
}

impl Kubectl {
    /// The prefix for `target`, in `namespace` (when given).
    pub(crate) fn new(target: &Target, namespace: Option<&str>) -> Self {
        let mut prefix = vec!["kubectl".to_owned()];
        if let Some(k) = &target.kubeconfig {
            prefix.push(format!("--kubeconfig={k}"));
        }
        if let Some(c) = &target.context {
            prefix.push(format!("--context={c}"));
        }
        if let Some(ns) = namespace {
            prefix.push("-n".to_owned());
            prefix.push(ns.to_owned());
        }
        Kubectl { prefix }
    }

    /// The full argv: the prefix, then `args`.
    pub(crate) fn argv<S: AsRef<str>>(&self, args: &[S]) -> Vec<String> {
        let mut argv = self.prefix.clone();
        argv.extend(args.iter().map(|a| a.as_ref().to_owned()));
        argv
    }
}

/// Checks the target's words: kubeconfig and context non-empty and without NUL, the namespace a
/// DNS-1123 label.
pub(crate) fn check_target(target: &Target, problems: &mut Collector) {
    check_optional(problems, "kubeconfig", target.kubeconfig.as_deref());
    check_optional(problems, "context", target.context.as_deref());
    if let Some(ns) = &target.namespace {
        check_namespace(ns, "namespace", problems);
    }
}

/// A namespace is a DNS-1123 label.
pub(crate) fn check_namespace(namespace: &str, path: &str, problems: &mut Collector) -> bool {
    match crate::validate::is_dns1123_label(namespace) {
        Ok(()) => true,
        Err(message) => {
            problems.push("invalid_namespace", path, format!("not a namespace name: {message}"));
            false
        }
    }
}
