//! What Coolify gives us (being written).
use serde::Deserialize;
/// A Coolify application bundle.
#[derive(Debug, Default, Deserialize)]
pub struct Bundle {}
impl Bundle {
    /// Parses JSON text.
    pub fn from_json_str(_s: &str) -> Result<Self, crate::Errors> { Ok(Bundle {}) }
}
