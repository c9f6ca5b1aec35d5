// etcd at the version Kubernetes v1.33 itself requires (go.etcd.io/etcd/server/v3
// in its go.mod), built from the same module graph.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
