//! The port of Kubernetes' validation rules (`coolify_k8s_core::validate`): the upstream test
//! tables of each string rule and of quantities, then whole objects with known problems and their
//! exact problem lists (code, path, message).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

#[path = "validate/deployment.rs"]
mod deployment;
#[path = "validate/fixtures.rs"]
mod fixtures;
#[path = "validate/metadata.rs"]
mod metadata;
#[path = "validate/network.rs"]
mod network;
#[path = "validate/pod.rs"]
mod pod;
#[path = "validate/quantity.rs"]
mod quantity;
#[path = "validate/rules.rs"]
mod rules;
#[path = "validate/storage.rs"]
mod storage;
