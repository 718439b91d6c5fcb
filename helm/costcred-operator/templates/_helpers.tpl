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
{{- end -}}
{{- define "costcred.selector" -}}
app.kubernetes.io/name: costcred-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
