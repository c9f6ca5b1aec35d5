//! Status verdicts: what the cluster says, in Coolify's words.

/// Placeholder until the status capability lands.
pub fn verdict() {}
