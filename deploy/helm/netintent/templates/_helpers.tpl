{{- define "netintent.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "netintent.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "netintent.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "netintent.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "netintent.selector" -}}
app.kubernetes.io/name: {{ include "netintent.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "netintent.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "netintent.allocationNamespace" -}}
{{ .Values.allocationNamespace | default .Release.Namespace }}
{{- end -}}

{{- define "netintent.controllerServiceAccount" -}}
{{- if .Values.controller.serviceAccount.create -}}
{{ .Values.controller.serviceAccount.name | default (printf "%s-controller" (include "netintent.fullname" .)) }}
{{- else -}}
{{ .Values.controller.serviceAccount.name | default "default" }}
{{- end -}}
{{- end -}}

{{- define "netintent.workerServiceAccount" -}}
{{- if .Values.worker.serviceAccount.create -}}
{{ .Values.worker.serviceAccount.name | default (printf "%s-worker" (include "netintent.fullname" .)) }}
{{- else -}}
{{ .Values.worker.serviceAccount.name | default "default" }}
{{- end -}}
{{- end -}}

{{/* The kinds netintent serves (apis/index.ts KINDS; the chart test checks they match), by API group. */}}
{{- define "netintent.kindGroups" -}}
netintent.dev: [networkdevices, vrfs, l3vpns, vplss, srv6policies]
nwi.enc.nokia.com: [srosconfigs, srlinuxconfigs]
{{- end -}}

{{/* Temporal flags; `flag` names the Temporal namespace flag (the worker's --namespace, the controller's --temporal-namespace). */}}
{{- define "netintent.temporalArgs" -}}
{{- $t := .root.Values.temporal -}}
{{- if $t.address }}
- --temporal-address={{ $t.address }}
{{- end }}
- {{ .flag }}={{ $t.namespace }}
- --task-queue={{ $t.taskQueue }}
{{- if $t.tls.enabled }}
{{- if and (or $t.tls.ca $t.tls.clientCert) (not $t.tls.secretName) }}
{{- fail "temporal.tls.ca and temporal.tls.clientCert need temporal.tls.secretName" }}
{{- end }}
- --temporal-tls
{{- if $t.tls.ca }}
- --temporal-tls-ca=/etc/netintent/temporal-tls/ca.crt
{{- end }}
{{- if $t.tls.clientCert }}
- --temporal-tls-cert=/etc/netintent/temporal-tls/tls.crt
- --temporal-tls-key=/etc/netintent/temporal-tls/tls.key
{{- end }}
{{- if $t.tls.serverName }}
- --temporal-tls-server-name={{ $t.tls.serverName }}
{{- end }}
{{- end }}
{{- if $t.apiKeySecret.name }}
- --temporal-api-key-file=/etc/netintent/temporal-api-key/{{ $t.apiKeySecret.key }}
{{- end }}
{{- end -}}

{{- define "netintent.temporalMounts" -}}
{{- $t := .Values.temporal -}}
{{- if and $t.tls.enabled $t.tls.secretName }}
- name: temporal-tls
  mountPath: /etc/netintent/temporal-tls
  readOnly: true
{{- end }}
{{- if $t.apiKeySecret.name }}
- name: temporal-api-key
  mountPath: /etc/netintent/temporal-api-key
  readOnly: true
{{- end }}
{{- end -}}

{{- define "netintent.temporalVolumes" -}}
{{- $t := .Values.temporal -}}
{{- if and $t.tls.enabled $t.tls.secretName }}
- name: temporal-tls
  secret:
    secretName: {{ $t.tls.secretName }}
{{- end }}
{{- if $t.apiKeySecret.name }}
- name: temporal-api-key
  secret:
    secretName: {{ $t.apiKeySecret.name }}
{{- end }}
{{- end -}}
