{{- define "costcred.name" -}}costcred-operator{{- end -}}
{{- define "costcred.fullname" -}}{{ .Release.Name | trunc 40 | trimSuffix "-" }}-costcred-operator{{- end -}}
{{- define "costcred.serviceAccountName" -}}
{{- if .Values.serviceAccount.name }}{{ .Values.serviceAccount.name }}{{ else }}{{ include "costcred.fullname" . }}{{ end -}}
{{- end -}}
{{- define "costcred.labels" -}}
app.kubernetes.io/name: costcred-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels and annotations of the CRD templates (templates/crds/, written by hack/chart-sync.sh). */}}
{{- define "costcred.crdMetadata" -}}
labels:
  {{- include "costcred.labels" . | nindent 2 }}
{{- if .Values.crds.keep }}
annotations:
  # helm uninstall leaves the CRDs, and so every CostCredential, in place.
  helm.sh/resource-policy: keep
{{- end }}
{{- end -}}
{{- define "costcred.selector" -}}
app.kubernetes.io/name: costcred-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The image reference: a digest wins over a tag. */}}
{{- define "costcred.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}
{{- end -}}

{{/* "true" when Secrets, Events and workloads are granted per watched namespace. */}}
{{- define "costcred.rbacNamespaced" -}}
{{- $scope := .Values.rbac.scope -}}
{{- if and (eq $scope "namespaced") (not .Values.watchNamespaces) -}}
{{- fail "rbac.scope=namespaced needs watchNamespaces: the operator would watch every namespace but could touch Secrets in none" -}}
{{- end -}}
{{- if or (eq $scope "namespaced") (and (eq $scope "auto") .Values.watchNamespaces) -}}true{{- end -}}
{{- end -}}

{{/* A duration with one unit (30s, 15m, 36h, 91d, 2w) as a number of seconds. */}}
{{- define "costcred.seconds" -}}
{{- $d := toString . -}}
{{- $n := regexFind "^[0-9]+" $d | int64 -}}
{{- $unit := trimPrefix (regexFind "^[0-9]+" $d) $d -}}
{{- $factors := dict "s" 1 "m" 60 "h" 3600 "d" 86400 "w" 604800 -}}
{{- if not (hasKey $factors $unit) -}}
{{- fail (printf "%q is not a duration like 91d, 36h or 15m" $d) -}}
{{- end -}}
{{- mul $n (get $factors $unit) -}}
{{- end -}}

{{/* What the operator needs where CostCredentials live: the Secrets they name, Events, restarts. */}}
{{- define "costcred.workloadRules" -}}
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "create", "update", "delete"]
{{- if .Values.rbac.watchSecrets }}
# rbac.watchSecrets: watch Secrets so that a CostCredential waiting for its pool or connection
# Secret is retried the moment it appears (the operator caches names and versions only, never
# values). Off: a fix is noticed at the next retry (10 minutes). docs/security.md#rbac.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["list", "watch"]
{{- end }}
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
# Restart targets: get and patch to restart; list and watch to notice one appearing and to follow
# its rollout. Argo Rollouts are watched only where the API server serves argoproj.io.
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets", "daemonsets"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["argoproj.io"]
  resources: ["rollouts"]
  verbs: ["get", "list", "watch", "patch"]
# Consumers of store Secrets: the Pods that read them and their owners up to the workload, so that
# revoking the old token waits until no running Pod uses it. The operator caches which Secrets a
# pod template names, never a spec or a value.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch"]
- apiGroups: ["apps"]
  resources: ["replicasets"]
  verbs: ["list", "watch"]
- apiGroups: ["batch"]
  resources: ["jobs", "cronjobs"]
  verbs: ["list", "watch"]
{{- if .Values.rbac.tenantServiceAccountTokens }}
# rbac.tenantServiceAccountTokens: Vault Kubernetes auth of CredentialConnections as a
# ServiceAccount of their own namespace (TokenRequest). Any ServiceAccount here: see
# docs/security.md#blast-radius.
- apiGroups: [""]
  resources: ["serviceaccounts/token"]
  verbs: ["create"]
{{- end }}
{{- end -}}

{{/* The username the API server gives the operator's ServiceAccount. */}}
{{- define "costcred.serviceAccountUsername" -}}
system:serviceaccount:{{ .Release.Namespace }}:{{ include "costcred.serviceAccountName" . }}
{{- end -}}
