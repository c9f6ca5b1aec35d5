//! Render (being written).
use crate::{Bundle, Errors, Object, Problem};
/// Objects and warnings.
#[derive(Debug, Default, serde::Serialize)]
pub struct Rendered {
    /// The objects, in output order.
    pub manifests: Vec<Object>,
    /// Settings that could not be expressed.
    pub warnings: Vec<Problem>,
}
/// Renders a bundle.
pub fn render(_b: &Bundle) -> Result<Rendered, Errors> { Ok(Rendered::default()) }
