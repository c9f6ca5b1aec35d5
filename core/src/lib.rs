//! # coolify-k8s core
//!
//! Turns what Coolify knows about an application into Kubernetes objects, turns what the cluster
//! reports into Coolify's status words, and builds the shell commands
//! Coolify runs over SSH.
//!
//! The core is pure: it does no I/O, reads no clock, no environment and no randomness. Time comes
//! in as an argument (`now`); anything that would be random is an input or derived
//! deterministically. The same input gives byte-identical output, in every language that embeds
//! this crate (the CLI, Python, Node and PHP).
//!
//! One entry function per capability:
//!
//! | capability | entry |
//! |---|---|
//! | render | [`render()`]: a Coolify [`Bundle`] → [`Rendered`] objects + warnings |
//! | compose | [`render_compose`]: a compose file + Coolify context ([`compose::ComposeInput`]) → [`Rendered`] |
//! | status | [`verdict`]: objects read from the cluster + [`status::Context`] → [`status::Verdict`] |
//! | plan | [`plan()`]: a [`plan::Action`] → [`plan::Plan`] (the shell steps Coolify runs over SSH) |
//! | coordinate | [`coordinate()`]: coordinated Deployments + the previous status + `now` → which one rolls out |
//!
//! ```
//! let bundle = coolify_k8s_core::Bundle::from_json_str(r#"{
//!     "application": { "uuid": "abc123", "name": "web", "ports_exposes": "3000",
//!                      "build_pack": "dockerimage", "docker_registry_image_name": "nginx" }
//! }"#).unwrap();
//! let rendered = coolify_k8s_core::render(&bundle).unwrap();
//! let yaml = coolify_k8s_core::output::to_yaml(&rendered.manifests);
//! assert!(yaml.contains("kind: Deployment"));
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod compose;
pub mod error;
pub mod coordinate;
pub mod model;
pub mod names;
pub mod objects;
pub mod output;
pub mod plan;
pub mod quantity;
pub mod render;
pub mod status;
pub mod validate;
mod yaml;

pub use coordinate::coordinate;
pub use compose::render_compose;
pub use error::{Errors, Problem};
pub use model::Bundle;
pub use objects::Object;
pub use plan::{plan, Action, Plan, Step};
pub use render::{render, Rendered};
pub use status::verdict;

