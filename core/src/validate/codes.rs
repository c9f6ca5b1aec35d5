//! The stable codes of the problems [`validate_objects`](super::validate_objects) reports.
//!
//! A code names the rule that was broken; the path names the field and the message says it in
//! Kubernetes' words. Codes are part of the public contract: scripts and tests match on them.

/// A required field is missing or empty (`Required value`).
pub const REQUIRED: &str = "required";
/// An object name, or a reference to one, is not in the format its kind demands.
pub const INVALID_NAME: &str = "invalid_name";
/// `metadata.namespace` is not a DNS-1123 label, or is set on a cluster-scoped kind.
pub const INVALID_NAMESPACE: &str = "invalid_namespace";
/// A label key (or any other qualified-name field) is malformed.
pub const INVALID_LABEL_KEY: &str = "invalid_label_key";
/// A label value (or a value compared with labels) is malformed.
pub const INVALID_LABEL_VALUE: &str = "invalid_label_value";
/// An annotation key is malformed.
pub const INVALID_ANNOTATION_KEY: &str = "invalid_annotation_key";
/// The annotations of an object add up to more than 256 KiB.
pub const ANNOTATIONS_TOO_LONG: &str = "annotations_too_long";
/// A finalizer name is malformed.
pub const INVALID_FINALIZER: &str = "invalid_finalizer";
/// An owner reference is incomplete, or names two controllers.
pub const INVALID_OWNER_REFERENCE: &str = "invalid_owner_reference";
/// A label selector is malformed or empty.
pub const INVALID_SELECTOR: &str = "invalid_selector";
/// A workload's selector does not match its pod template's labels.
pub const SELECTOR_MISMATCH: &str = "selector_mismatch";
/// A port name is malformed (IANA service name for containers, DNS-1123 label for Services).
pub const INVALID_PORT_NAME: &str = "invalid_port_name";
/// Two ports in one list share a name.
pub const DUPLICATE_PORT_NAME: &str = "duplicate_port_name";
/// A port number is outside 1–65535 (or missing).
pub const INVALID_PORT: &str = "invalid_port";
/// Two Service ports share a protocol and port number.
pub const DUPLICATE_PORT: &str = "duplicate_port";
/// A node port is outside the cluster's node-port range or not allowed for the Service type.
pub const INVALID_NODE_PORT: &str = "invalid_node_port";
/// Two Service ports share a protocol and node port.
pub const DUPLICATE_NODE_PORT: &str = "duplicate_node_port";
/// Two containers of one pod open the same host port.
pub const HOST_PORT_CONFLICT: &str = "host_port_conflict";
/// An enumerated field holds a value Kubernetes does not know (`Unsupported value`).
pub const UNSUPPORTED_VALUE: &str = "unsupported_value";
/// A container name is not a DNS-1123 label.
pub const INVALID_CONTAINER_NAME: &str = "invalid_container_name";
/// Two containers of one pod share a name.
pub const DUPLICATE_CONTAINER_NAME: &str = "duplicate_container_name";
/// A volume name is not a DNS-1123 label.
pub const INVALID_VOLUME_NAME: &str = "invalid_volume_name";
/// Two volumes of one pod share a name.
pub const DUPLICATE_VOLUME_NAME: &str = "duplicate_volume_name";
/// A volume has no source, several sources, or a malformed source.
pub const INVALID_VOLUME: &str = "invalid_volume";
/// A volume mount names a volume the pod does not have.
pub const VOLUME_NOT_FOUND: &str = "volume_not_found";
/// Two volume mounts of one container share a mount path.
pub const DUPLICATE_MOUNT_PATH: &str = "duplicate_mount_path";
/// A path (sub path, host path, projected key path) is absolute where it must be relative, or
/// steps out with `..`.
pub const INVALID_PATH: &str = "invalid_path";
/// An environment variable name (or `envFrom` prefix) is not accepted.
pub const INVALID_ENV_NAME: &str = "invalid_env_name";
/// An environment variable's source is contradictory (`value` and `valueFrom`, several sources).
pub const INVALID_ENV_SOURCE: &str = "invalid_env_source";
/// A ConfigMap/Secret key (or a reference to one) is malformed.
pub const INVALID_CONFIG_KEY: &str = "invalid_config_key";
/// A quantity cannot be parsed.
pub const INVALID_QUANTITY: &str = "invalid_quantity";
/// A quantity is negative where it may not be.
pub const NEGATIVE_QUANTITY: &str = "negative_quantity";
/// A quantity of an integer resource (GPUs, other extended resources) has a fraction.
pub const NON_INTEGER_QUANTITY: &str = "non_integer_quantity";
/// A resource name is neither standard nor fully qualified.
pub const INVALID_RESOURCE_NAME: &str = "invalid_resource_name";
/// A container requests more of a resource than its limit allows.
pub const REQUESTS_EXCEED_LIMITS: &str = "requests_exceed_limits";
/// A resource that cannot be overcommitted (GPUs, huge pages) has requests different from limits,
/// or requests without a limit.
pub const REQUESTS_MUST_EQUAL_LIMITS: &str = "requests_must_equal_limits";
/// A number is negative where it may not be.
pub const NEGATIVE_VALUE: &str = "negative_value";
/// A probe breaks a rule of its own (success threshold, grace period, handler count).
pub const INVALID_PROBE: &str = "invalid_probe";
/// A probe or lifecycle handler is malformed.
pub const INVALID_HANDLER: &str = "invalid_handler";
/// A security context holds an impossible combination or out-of-range id.
pub const INVALID_SECURITY_CONTEXT: &str = "invalid_security_context";
/// A Deployment strategy is malformed.
pub const INVALID_STRATEGY: &str = "invalid_strategy";
/// A toleration is malformed.
pub const INVALID_TOLERATION: &str = "invalid_toleration";
/// A node or pod affinity is malformed.
pub const INVALID_AFFINITY: &str = "invalid_affinity";
/// A pod DNS config is malformed.
pub const INVALID_DNS_CONFIG: &str = "invalid_dns_config";
/// A value that must be an IP address (or CIDR) is not one.
pub const INVALID_IP: &str = "invalid_ip";
/// A Service's cluster IP settings contradict each other or its type.
pub const INVALID_CLUSTER_IP: &str = "invalid_cluster_ip";
/// Another Service rule is broken (external name, traffic policies, session affinity).
pub const INVALID_SERVICE: &str = "invalid_service";
/// An Ingress host (rule or TLS) is not a DNS-1123 subdomain (optionally `*.`-prefixed).
pub const INVALID_HOST: &str = "invalid_host";
/// An Ingress path is not absolute or contains a forbidden sequence.
pub const INVALID_INGRESS_PATH: &str = "invalid_ingress_path";
/// An Ingress backend is incomplete or contradictory.
pub const INVALID_BACKEND: &str = "invalid_backend";
/// An Ingress has neither rules nor a default backend, or its class annotation contradicts it.
pub const INVALID_INGRESS: &str = "invalid_ingress";
/// A PersistentVolumeClaim's access modes are missing or contradictory.
pub const INVALID_ACCESS_MODE: &str = "invalid_access_mode";
/// A PersistentVolumeClaim's storage request is missing or not positive.
pub const INVALID_STORAGE_REQUEST: &str = "invalid_storage_request";
/// A Secret's or ConfigMap's data adds up to more than 1 MiB.
pub const DATA_TOO_LARGE: &str = "data_too_large";
/// A ConfigMap key appears in both `data` and `binaryData`.
pub const DUPLICATE_KEY: &str = "duplicate_key";
/// A typed Secret misses the keys its type requires, or holds malformed content for it.
pub const INVALID_SECRET_DATA: &str = "invalid_secret_data";
/// A field is set where Kubernetes forbids it (`Forbidden`).
pub const FORBIDDEN_FIELD: &str = "forbidden_field";
/// A value breaks a rule not covered by a more specific code.
pub const INVALID_VALUE: &str = "invalid_value";
/// Two objects in one output share kind, namespace and name: the second would overwrite the
/// first on `kubectl apply`.
pub const DUPLICATE_OBJECT: &str = "duplicate_object";
