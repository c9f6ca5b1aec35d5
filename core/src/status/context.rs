//! [`Context`]: what a verdict needs besides the cluster's objects. Its defaults live here only.

use super::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// When and what to judge. Read from JSON as
/// `{"now": "...", "deployed_at": "...", "grace": 120, "pull_request": 0, "health_check": "auto"}`;
/// only `now` is required. An unknown field is an error (a misspelt `deployedAt` must not
/// silently drop the grace window).
///
/// ```
/// use coolify_k8s_core::status::{Context, HealthCheck};
/// let ctx: Context = serde_json::from_str(r#"{"now": "2025-05-01T12:00:00Z"}"#).unwrap();
/// assert_eq!(ctx.grace, Context::DEFAULT_GRACE_SECONDS);
/// assert_eq!(ctx.deployed_at, None);
/// assert_eq!(ctx.pull_request, 0);
/// assert_eq!(ctx.health_check, HealthCheck::Auto);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// The time of the judgement (the core reads no clock).
    pub now: Timestamp,
    /// When the last deploy started; the grace window runs from here. None: no grace window.
    #[serde(default)]
    pub deployed_at: Option<Timestamp>,
    /// Length of the grace window in seconds.
    #[serde(default = "default_grace")]
    pub grace: u64,
    /// Which preview to judge (label `coolify.pullRequestId`); 0 is production.
    #[serde(default)]
    pub pull_request: u64,
    /// Whether the application has a health check; `auto` reads it from the pod template.
    #[serde(default)]
    pub health_check: HealthCheck,
}

fn default_grace() -> u64 {
    Context::DEFAULT_GRACE_SECONDS
}

impl Context {
    /// The default grace window: two minutes.
    pub const DEFAULT_GRACE_SECONDS: u64 = 120;

    /// A context at `now` with every other field at its default.
    pub fn new(now: Timestamp) -> Self {
        Context {
            now,
            deployed_at: None,
            grace: Self::DEFAULT_GRACE_SECONDS,
            pull_request: 0,
            health_check: HealthCheck::Auto,
        }
    }

    /// Whether `now` lies within the grace window: `deployed_at <= now < deployed_at + grace`
    /// (a deploy time in the future counts as within). Without a deploy time, never.
    pub fn in_grace(&self) -> bool {
        match self.deployed_at {
            None => false,
            Some(at) => {
                let elapsed = self.now.seconds_since(at);
                elapsed < i64::try_from(self.grace).unwrap_or(i64::MAX)
            }
        }
    }

    /// Seconds since the deploy, when there is a deploy time.
    pub(crate) fn since_deploy(&self) -> Option<i64> {
        self.deployed_at.map(|at| self.now.seconds_since(at))
    }
}

/// Whether the application has a health check (a readiness probe in the pod template).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HealthCheck {
    /// Read it from the Deployment: a readiness probe in the pod template means yes.
    #[default]
    Auto,
    /// The application has a health check.
    Yes,
    /// The application has no health check.
    No,
}

/// `auto`, `yes` or `no` was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthCheckError(pub String);

impl fmt::Display for HealthCheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not one of auto, yes, no", self.0)
    }
}

impl std::error::Error for HealthCheckError {}

impl FromStr for HealthCheck {
    type Err = HealthCheckError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(HealthCheck::Auto),
            "yes" => Ok(HealthCheck::Yes),
            "no" => Ok(HealthCheck::No),
            other => Err(HealthCheckError(other.to_owned())),
        }
    }
}
