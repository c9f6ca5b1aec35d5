//! `registry-secret`: the `kubernetes.io/dockerconfigjson` Secret a private registry needs
//! (`server.settings.kubernetes_image_pull_secrets` names it). The password never appears in a
//! command line or in output: the Secret travels base64-encoded inside a hidden step, through the
//! shell's builtin `printf` into `kubectl apply -f -`.

use super::input::{Action, ActionKind, Sensitive};
use super::kubectl::{check_target, Kubectl};
use super::shell::feed;
use super::{Plan, Step};
use crate::error::{Collector, Errors};
use base64::Engine;
use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::ByteString;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Docker Hub's key in a Docker config.
const DOCKER_HUB: &str = "https://index.docker.io/v1/";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Credentials {
    name: Option<String>,
    server: Option<String>,
    username: Option<String>,
    password: Option<Sensitive>,
    email: Option<String>,
}

#[derive(Serialize)]
struct Auth<'a> {
    username: &'a str,
    password: &'a str,
    auth: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
}

#[derive(Serialize)]
struct DockerConfig<'a> {
    auths: BTreeMap<&'a str, Auth<'a>>,
}

/// The plan: one hidden step applying the Secret.
pub(crate) fn plan(action: &Action) -> Result<Plan, Errors> {
    let ActionKind::RegistrySecret { credentials } = &action.kind else {
        return Err(Errors::one("invalid_action", "action", "not registry-secret"));
    };
    let mut problems = Collector::default();
    check_target(&action.target, &mut problems);
    let namespace = action.target.namespace.clone().unwrap_or_else(|| crate::model::defaults::NAMESPACE.to_owned());
    let creds: Option<Credentials> = match serde_saphyr::from_str::<Credentials>(&credentials.0) {
        Ok(c) => Some(c),
        Err(_) => {
            problems.push("invalid_field", "credentials", "not a JSON or YAML object with name, server, username, password (and optionally email)");
            None
        }
    };
    let Some(creds) = creds else { return Err(Errors::new(problems.into_vec())) };
    let name = creds.name.unwrap_or_default();
    if let Err(why) = crate::validate::is_dns1123_subdomain(&name) {
        problems.push("invalid_name", "credentials.name", format!("`{name}` cannot be a Secret name: {why}"));
    }
    let server = creds.server.filter(|s| !s.trim().is_empty()).unwrap_or_else(|| DOCKER_HUB.to_owned());
    if server.chars().any(|c| c.is_whitespace() || c.is_control()) {
        problems.push("invalid_field", "credentials.server", "the registry address has white space in it");
    }
    let username = creds.username.unwrap_or_default();
    if username.is_empty() || username.contains(':') {
        problems.push("invalid_field", "credentials.username", "a registry user name is needed and cannot contain `:`");
    }
    let password = creds.password.map(|p| p.0).unwrap_or_default();
    if password.is_empty() {
        problems.push("missing_field", "credentials.password", "the registry password (or token) is empty");
    }
    if !problems.is_empty() {
        return Err(Errors::new(problems.into_vec()));
    }
    let auth = base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
    let config = DockerConfig {
        auths: BTreeMap::from([(server.as_str(), Auth { username: &username, password: &password, auth, email: creds.email.as_deref() })]),
    };
    let secret = Secret {
        metadata: ObjectMeta {
            name: Some(name.clone()),
            namespace: Some(namespace.clone()),
            labels: Some(BTreeMap::from([("app.kubernetes.io/managed-by".to_owned(), crate::render::labels::MANAGED_BY.to_owned())])),
            ..Default::default()
        },
        type_: Some("kubernetes.io/dockerconfigjson".to_owned()),
        data: Some(BTreeMap::from([(".dockerconfigjson".to_owned(), ByteString(serde_json::to_vec(&config).unwrap_or_default()))])),
        ..Default::default()
    };
    let manifest = serde_json::to_vec(&secret).unwrap_or_default();
    let k = Kubectl::new(&action.target, Some(&namespace));
    let step = Step::new(
        feed(&manifest, &k.argv(&["apply", "--server-side", "--field-manager=coolify", "--force-conflicts", "-f", "-"])),
        format!("Store the credentials of registry {server} in Secret {name} (kubernetes.io/dockerconfigjson)"),
    )
    .hide();
    Ok(Plan::new("registry-secret", vec![step]))
}
