// Reads the rendered vectors' YAML the way kubectl and the API server do.
// See README.md.
module coolify-k8s/tests/yamlcheck

go 1.24.0

require sigs.k8s.io/yaml v1.4.0 // the version Kubernetes v1.33 uses
