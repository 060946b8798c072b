{{- define "ieum.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ieum.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "ieum.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "ieum.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .role }}
{{- end -}}

{{/* The environment of every role: the Secret's keys, then the plain values. */}}
{{- define "ieum.env" -}}
- name: DATABASE_URL
  valueFrom: { secretKeyRef: { name: {{ .Values.secret.name }}, key: {{ .Values.secret.keys.databaseUrl }} } }
- name: REDIS_URL
  valueFrom: { secretKeyRef: { name: {{ .Values.secret.name }}, key: {{ .Values.secret.keys.redisUrl }} } }
- name: JWT_SECRET
  valueFrom: { secretKeyRef: { name: {{ .Values.secret.name }}, key: {{ .Values.secret.keys.jwtSecret }} } }
- name: METRICS_TOKEN
  valueFrom: { secretKeyRef: { name: {{ .Values.secret.name }}, key: {{ .Values.secret.keys.metricsToken }}, optional: true } }
- name: METRICS_ALLOWED_ADDRESSES
  value: {{ .Values.metrics.allowedAddresses | quote }}
{{- range $name, $value := .Values.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* Liveness on /health, readiness on /ready, and a startup probe that waits out migrations. */}}
{{- define "ieum.probes" -}}
startupProbe:
  httpGet: { path: /health, port: {{ .port }} }
  periodSeconds: 10
  failureThreshold: {{ .root.Values.probes.startupFailureThreshold }}
livenessProbe:
  httpGet: { path: /health, port: {{ .port }} }
  initialDelaySeconds: {{ .root.Values.probes.initialDelaySeconds }}
  periodSeconds: {{ .root.Values.probes.periodSeconds }}
  failureThreshold: {{ .root.Values.probes.failureThreshold }}
readinessProbe:
  httpGet: { path: /ready, port: {{ .port }} }
  initialDelaySeconds: {{ .root.Values.probes.initialDelaySeconds }}
  periodSeconds: {{ .root.Values.probes.periodSeconds }}
  failureThreshold: {{ .root.Values.probes.failureThreshold }}
{{- end -}}
