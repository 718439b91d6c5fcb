// Test harness for the ArgoCD Lua scripts in deploy/argocd/ (health check and resource
// actions), run with gopher-lua, the interpreter ArgoCD embeds, in a sandbox like ArgoCD's.
// See ../build-argocd-lua.sh. Versions are the ones ArgoCD's own go.mod pins.
module costcred.local/hack/argocd-lua

go 1.26.0

require (
	github.com/yuin/gopher-lua v1.1.2
	layeh.com/gopher-json v0.0.0-20190114024228-97fed8db8427
	sigs.k8s.io/yaml v1.6.0
)

require go.yaml.in/yaml/v2 v2.4.2 // indirect
