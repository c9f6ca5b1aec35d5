//! Typed custom resources the routing flavours emit: Traefik's `Middleware` and `IngressRoute`
//! (`traefik.io/v1alpha1`), cert-manager's `Certificate` (`cert-manager.io/v1`) and Gateway
//! API's `HTTPRoute` (`gateway.networking.k8s.io/v1`). Only the fields this crate sets are
//! modelled; they serialise with `apiVersion` and `kind` first, like k8s-openapi's types.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Serialize;
use std::collections::BTreeMap;

macro_rules! resource {
    ($(#[$doc:meta])* $name:ident, $spec:ty, $api:literal, $kind:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Serialize)]
        pub struct $name {
            /// Always the resource's API version.
            #[serde(rename = "apiVersion")]
            pub api_version: &'static str,
            /// Always the resource's kind.
            pub kind: &'static str,
            /// Standard object metadata.
            pub metadata: ObjectMeta,
            /// The resource's spec.
            pub spec: $spec,
        }

        impl $name {
            /// A resource with this metadata and spec.
            pub fn new(metadata: ObjectMeta, spec: $spec) -> Self {
                $name { api_version: $api, kind: $kind, metadata, spec }
            }
        }
    };
}

resource!(
    /// `traefik.io/v1alpha1` Middleware.
    Middleware, MiddlewareSpec, "traefik.io/v1alpha1", "Middleware"
);
resource!(
    /// `traefik.io/v1alpha1` IngressRoute.
    IngressRoute, IngressRouteSpec, "traefik.io/v1alpha1", "IngressRoute"
);
resource!(
    /// `cert-manager.io/v1` Certificate.
    Certificate, CertificateSpec, "cert-manager.io/v1", "Certificate"
);
resource!(
    /// `gateway.networking.k8s.io/v1` HTTPRoute.
    HttpRoute, HttpRouteSpec, "gateway.networking.k8s.io/v1", "HTTPRoute"
);

/// One Traefik middleware; exactly one field is set.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MiddlewareSpec {
    /// Response compression.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compress: Option<BTreeMap<String, String>>,
    /// Removes path prefixes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strip_prefix: Option<StripPrefix>,
    /// Redirects to another scheme.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_scheme: Option<RedirectScheme>,
    /// Redirects by regular expression.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_regex: Option<RedirectRegex>,
    /// HTTP basic authentication.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basic_auth: Option<BasicAuth>,
    /// Header changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headers: Option<Headers>,
}

/// `stripPrefix`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StripPrefix {
    /// Prefixes to remove.
    pub prefixes: Vec<String>,
}

/// `redirectScheme`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RedirectScheme {
    /// Target scheme.
    pub scheme: String,
    /// 301/308 when true, 302/307 when false.
    pub permanent: bool,
}

/// `redirectRegex`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RedirectRegex {
    /// Matched against the full request URL.
    pub regex: String,
    /// With `${1}`-style groups.
    pub replacement: String,
    /// 301/308 when true, 302/307 when false.
    pub permanent: bool,
}

/// `basicAuth`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BasicAuth {
    /// Secret with a `users` key in htpasswd format.
    pub secret: String,
}

/// `headers`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Headers {
    /// Headers added to responses.
    pub custom_response_headers: BTreeMap<String, String>,
}

/// IngressRoute spec.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IngressRouteSpec {
    /// Traefik entry points (`web`, `websecure` on K3s).
    pub entry_points: Vec<String>,
    /// Routes, one per Coolify router.
    pub routes: Vec<Route>,
    /// TLS, for the `websecure` route set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<RouteTls>,
}

/// One IngressRoute route.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Route {
    /// Always `Rule`.
    pub kind: String,
    /// `Host(...) && PathPrefix(...)`.
    #[serde(rename = "match")]
    pub match_: String,
    /// Middlewares, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub middlewares: Vec<MiddlewareRef>,
    /// Backends.
    pub services: Vec<RouteService>,
}

/// A middleware reference.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MiddlewareRef {
    /// Middleware name (`name@provider` for another Traefik provider's middleware).
    pub name: String,
    /// Its namespace (empty, and left out, for another provider's middleware).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub namespace: String,
}

/// A backend Service.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RouteService {
    /// Service name.
    pub name: String,
    /// Service port.
    pub port: i32,
}

/// IngressRoute TLS.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteTls {
    /// The certificate Secret.
    pub secret_name: String,
}

/// Certificate spec.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateSpec {
    /// Secret the certificate is stored in.
    pub secret_name: String,
    /// Host names.
    pub dns_names: Vec<String>,
    /// The issuer.
    pub issuer_ref: IssuerRef,
}

/// cert-manager issuer reference.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IssuerRef {
    /// Issuer name.
    pub name: String,
    /// `ClusterIssuer`.
    pub kind: String,
    /// `cert-manager.io`.
    pub group: String,
}

/// HTTPRoute spec.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteSpec {
    /// The Gateway listener(s).
    pub parent_refs: Vec<ParentRef>,
    /// Host names.
    pub hostnames: Vec<String>,
    /// Rules.
    pub rules: Vec<HttpRouteRule>,
}

/// A Gateway reference.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParentRef {
    /// Gateway name.
    pub name: String,
    /// Gateway namespace.
    pub namespace: String,
    /// Listener name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section_name: Option<String>,
}

/// An HTTPRoute rule.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteRule {
    /// Path matches.
    pub matches: Vec<HttpRouteMatch>,
    /// Filters, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<HttpRouteFilter>,
    /// Backends (none for a redirect).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub backend_refs: Vec<BackendRef>,
}

/// A path match.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HttpRouteMatch {
    /// The path.
    pub path: PathMatch,
}

/// `PathPrefix` match.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PathMatch {
    /// `PathPrefix`.
    #[serde(rename = "type")]
    pub type_: String,
    /// The prefix.
    pub value: String,
}

/// An HTTPRoute filter; `type_` names which field is set.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteFilter {
    /// `URLRewrite`, `RequestRedirect` or `ResponseHeaderModifier`.
    #[serde(rename = "type")]
    pub type_: String,
    /// URL rewrite.
    #[serde(rename = "urlRewrite", skip_serializing_if = "Option::is_none")]
    pub url_rewrite: Option<UrlRewrite>,
    /// Redirect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_redirect: Option<RequestRedirect>,
    /// Response headers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_header_modifier: Option<HeaderModifier>,
    /// An implementation-specific filter object (a Traefik `Middleware`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension_ref: Option<ExtensionRef>,
}

/// `extensionRef`: a filter object in the route's namespace.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExtensionRef {
    /// API group (`traefik.io`).
    pub group: String,
    /// Kind (`Middleware`).
    pub kind: String,
    /// Name.
    pub name: String,
}

/// `urlRewrite`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UrlRewrite {
    /// The path rewrite.
    pub path: PathRewrite,
}

/// `ReplacePrefixMatch` path rewrite.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PathRewrite {
    /// `ReplacePrefixMatch`.
    #[serde(rename = "type")]
    pub type_: String,
    /// The replacement (`/`).
    pub replace_prefix_match: String,
}

/// `requestRedirect`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestRedirect {
    /// Target scheme.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// Target host.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// 302 (Coolify's redirects are temporary).
    pub status_code: i32,
}

/// `responseHeaderModifier`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HeaderModifier {
    /// Headers to add.
    pub add: Vec<HeaderValue>,
}

/// A header.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HeaderValue {
    /// Name.
    pub name: String,
    /// Value.
    pub value: String,
}

/// A backend Service.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BackendRef {
    /// Service name.
    pub name: String,
    /// Service port.
    pub port: i32,
}
