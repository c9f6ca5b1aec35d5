//! Labels every object of an application carries, and the Deployment's selector.

use crate::model::App;
use crate::names;
use std::collections::BTreeMap;

/// Who manages the objects (`app.kubernetes.io/managed-by`).
pub const MANAGED_BY: &str = "coolify";

/// The slug Coolify uses for names in labels (`Str::slug`).
pub fn slug(text: &str) -> String {
    names::dns_label(text, names::MAX_LABEL)
}

/// The selector: stable for the application's life, never touched by user labels.
pub fn selector(app: &App) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("app.kubernetes.io/instance".to_owned(), app.base_name.clone()),
        ("app.kubernetes.io/managed-by".to_owned(), MANAGED_BY.to_owned()),
    ])
}

/// Labels on every object of the application: the recommended `app.kubernetes.io/*` set and
/// Coolify's own `coolify.*` labels (as on its containers).
pub fn common(app: &App) -> BTreeMap<String, String> {
    let mut labels = selector(app);
    labels.insert("app.kubernetes.io/name".to_owned(), slug(&app.name));
    labels.insert("coolify.managed".to_owned(), "true".to_owned());
    labels.insert("coolify.type".to_owned(), "application".to_owned());
    labels.insert("coolify.name".to_owned(), names::label_value(&app.uuid));
    labels.insert("coolify.resourceName".to_owned(), slug(&app.name));
    labels.insert("coolify.pullRequestId".to_owned(), app.pull_request_id.to_string());
    if let Some(id) = &app.application_id {
        labels.insert("coolify.applicationId".to_owned(), names::label_value(id));
    }
    labels
}
