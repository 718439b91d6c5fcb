# costcred-operator developer entry points. `make help` lists them.
SHELL := /bin/bash
MVN ?= mvn -B

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

export COSTCRED_CLUSTER_DIR ?= /tmp/costcred-cluster
CLUSTER_DIR := $(COSTCRED_CLUSTER_DIR)

.PHONY: test-peers
test-peers: ## Build or install the real test peers: OpenBao (Vault API) from Go modules, moto (AWS) from PyPI
	hack/build-openbao.sh
	hack/install-moto.sh

.PHONY: test
test: test-peers ## Run every test: unit, mock-server, crash, idle, real OpenBao/moto, and the *IT suites on a real local cluster (what CI runs)
	hack/build-peers.sh
	hack/build-argo-rollouts.sh
	hack/build-promtool.sh
	hack/build-argocd-lua.sh
	hack/cluster.sh start
	COSTCRED_KUBECONFIG=$(CLUSTER_DIR)/kubeconfig $(MVN) install; rc=$$?; hack/cluster.sh stop; exit $$rc

.PHONY: test-fast
test-fast: test-peers ## Unit, mock-server and peer tests only (no local cluster needed)
	hack/build-promtool.sh
	hack/build-argocd-lua.sh
	$(MVN) install -DskipITs

.PHONY: build
build: ## Compile and package without tests
	$(MVN) -DskipTests install

.PHONY: crds
crds: ## Regenerate crds/ from the Java API classes, and the chart's CRD templates and dashboard copy
	$(MVN) -pl api -DskipTests -Dspotless.check.skip -Dcheckstyle.skip install
	cp api/target/classes/META-INF/fabric8/*.yml crds/
	hack/chart-sync.sh

.PHONY: e2e
e2e: ## End-to-end only: the packaged operator as its own process, chart RBAC, crash and failover (e2e/README.md)
	hack/build-peers.sh
	hack/build-argo-rollouts.sh
	hack/cluster.sh start
	$(MVN) -pl operator,fake-vantage,test-support -am -DskipTests install
	COSTCRED_KUBECONFIG=$(CLUSTER_DIR)/kubeconfig $(MVN) -f e2e/pom.xml verify; rc=$$?; hack/cluster.sh stop; exit $$rc

.PHONY: bench
bench: ## Benchmark on its own local cluster with fake Vantage, OpenBao, moto (bench/README.md); BENCH_ARGS="--sizes 1000 ..."
	hack/build-peers.sh
	hack/build-argo-rollouts.sh
	hack/build-openbao.sh
	hack/install-moto.sh
	hack/build-reloader.sh
	$(MVN) -pl operator,bench -am -DskipTests package
	java -jar bench/target/costcred-bench.jar $(BENCH_ARGS)

.PHONY: kubectl-plugin
kubectl-plugin: ## Build the kubectl costcred plugin (kubectl-plugin/target/kubectl-costcred.jar and the krew archive)
	$(MVN) -pl kubectl-plugin -am -DskipTests package

.PHONY: scan-secrets
scan-secrets: ## Fail if a tracked file contains a credential (gitleaks, built from its Go module)
	hack/scan-secrets.sh

.PHONY: image
image: ## Build the operator image with Jib into target/jib-image.tar (needs registry access for the base image)
	$(MVN) -pl operator -am -DskipTests -Pimage package com.google.cloud.tools:jib-maven-plugin:3.4.6:buildTar

.PHONY: sbom
sbom: ## Write the CycloneDX SBOM to operator/target/costcred-operator-sbom.json
	$(MVN) -pl operator -am -DskipTests package

.PHONY: fmt
fmt: ## Format Java sources (google-java-format via Spotless)
	$(MVN) spotless:apply

.PHONY: peers
peers: ## Build the local Kubernetes control plane binaries and the Argo Rollouts controller from Go modules (cached outside the repo)
	hack/build-peers.sh
	hack/build-argo-rollouts.sh

.PHONY: cluster
cluster: ## Start the local cluster (etcd, kube-apiserver, controller-manager, scheduler, kwok, Argo Rollouts) on 127.0.0.1
	hack/cluster.sh start

.PHONY: cluster-down
cluster-down: ## Stop the local cluster
	hack/cluster.sh stop

.PHONY: demo
demo: ## Run the operator against a local cluster and a local fake Vantage API, force a rotation
	hack/demo.sh up

.PHONY: demo-down
demo-down: ## Stop everything `make demo` started
	hack/demo.sh down
