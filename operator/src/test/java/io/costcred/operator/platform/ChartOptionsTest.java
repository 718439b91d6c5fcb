package io.costcred.operator.platform;

import static io.costcred.operator.platform.RenderedChart.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart's values for CRDs, pod customisation, logging, the dashboard and `helm test`. */
class ChartOptionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void crdsAreTemplatesKeptOnUninstallByDefault() throws IOException {
    List<CustomResourceDefinition> crds =
        RenderedChart.renderAll(Map.of()).all(CustomResourceDefinition.class);
    assertThat(crds)
        .extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "costcredentials.costcred.io",
            "clusterrotationpolicies.costcred.io",
            "credentialconnections.costcred.io",
            "clustercredentialconnections.costcred.io");
    for (CustomResourceDefinition crd : crds) {
      assertThat(crd.getMetadata().getAnnotations())
          .containsEntry("helm.sh/resource-policy", "keep");
      assertThat(crd.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/name", "costcred-operator");
      // The rendered spec is the generated CRD's spec, unchanged.
      Path source = Path.of("../crds", crd.getMetadata().getName() + "-v1.yml");
      var generated = RenderedChart.parse(Files.readString(source)).get(0);
      JsonNode expected = JSON.valueToTree(((CustomResourceDefinition) generated).getSpec());
      JsonNode rendered = JSON.valueToTree(crd.getSpec());
      assertThat(rendered).isEqualTo(expected);
    }
    assertThat(
            RenderedChart.renderAll(values("crds.keep", false)).all(CustomResourceDefinition.class))
        .hasSize(4)
        .allSatisfy(c -> assertThat(c.getMetadata().getAnnotations()).isNullOrEmpty());
    assertThat(
            RenderedChart.renderAll(values("crds.enabled", false)).has("CustomResourceDefinition"))
        .isFalse();
  }

  @Test
  void commonLabelsAreOnEveryObjectAndThePods() {
    RenderedChart chart =
        RenderedChart.renderAll(
            RenderedChart.with(
                RenderedChart.ALL_FLAGS_ON,
                "commonLabels.team",
                "finops",
                "commonLabels.cost-center",
                "cc-42",
                "grafanaDashboard.enabled",
                true));
    assertThat(chart.objects).hasSizeGreaterThan(20);
    for (HasMetadata o : chart.objects) {
      assertThat(o.getMetadata().getLabels())
          .as(o.getKind() + " " + o.getMetadata().getName())
          .containsEntry("team", "finops")
          .containsEntry("cost-center", "cc-42");
    }
    Deployment d = chart.one(Deployment.class);
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "finops");
    assertThat(d.getSpec().getSelector().getMatchLabels()).doesNotContainKey("team");
  }

  @Test
  void revisionHistoryReconcileThreadsAndLogFormatReachTheDeployment() {
    Deployment defaults = RenderedChart.render(Map.of()).one(Deployment.class);
    assertThat(defaults.getSpec().getRevisionHistoryLimit()).isEqualTo(5);
    assertThat(container(defaults).getArgs())
        .contains("--reconcile-threads=10", "--log-format=text", "--metrics-max-credentials=10000");
    assertThat(container(defaults).getEnv())
        .contains(new EnvVar("COSTCRED_LOG_LEVEL", "info", null));
    Deployment tuned =
        RenderedChart.render(
                values(
                    "revisionHistoryLimit",
                    2,
                    "reconcileThreads",
                    25,
                    "logFormat",
                    "json",
                    "logLevel",
                    "debug",
                    "metrics.maxCredentials",
                    20000))
            .one(Deployment.class);
    assertThat(tuned.getSpec().getRevisionHistoryLimit()).isEqualTo(2);
    assertThat(container(tuned).getArgs())
        .contains("--reconcile-threads=25", "--log-format=json", "--metrics-max-credentials=20000")
        .doesNotContain("--reconcile-threads=10");
    assertThat(container(tuned).getEnv()).contains(new EnvVar("COSTCRED_LOG_LEVEL", "debug", null));
  }

  @Test
  void extraArgsEnvVolumesAndMountsAreAddedAsGiven() {
    Deployment d =
        RenderedChart.render(
                values(
                    "extraArgs[0]", "--provider-clock-skew=2m",
                    "extraEnv[0].name", "HTTPS_PROXY",
                    "extraEnv[0].value", "http://proxy:3128",
                    "extraEnv[1].name", "FROM_SECRET",
                    "extraEnv[1].valueFrom.secretKeyRef.name", "proxy",
                    "extraEnv[1].valueFrom.secretKeyRef.key", "url",
                    "extraVolumes[0].name", "ca",
                    "extraVolumes[0].configMap.name", "corporate-ca",
                    "extraVolumeMounts[0].name", "ca",
                    "extraVolumeMounts[0].mountPath", "/etc/ssl/corporate",
                    "extraVolumeMounts[0].readOnly", true))
            .one(Deployment.class);
    Container c = container(d);
    assertThat(c.getArgs()).endsWith("--provider-clock-skew=2m");
    assertThat(c.getEnv())
        .contains(new EnvVar("HTTPS_PROXY", "http://proxy:3128", null))
        .anyMatch(
            e ->
                e.getName().equals("FROM_SECRET")
                    && e.getValueFrom().getSecretKeyRef().getName().equals("proxy"));
    assertThat(c.getVolumeMounts())
        .anyMatch(m -> m.getName().equals("tmp"))
        .anyMatch(
            m ->
                m.getMountPath().equals("/etc/ssl/corporate")
                    && Boolean.TRUE.equals(m.getReadOnly()));
    assertThat(d.getSpec().getTemplate().getSpec().getVolumes())
        .anyMatch(v -> v.getName().equals("tmp"))
        .anyMatch(
            v -> v.getConfigMap() != null && v.getConfigMap().getName().equals("corporate-ca"));
  }

  @Test
  void securityContextsDefaultToRestrictedAndOpenShiftCanUnsetTheIds() throws IOException {
    PodSpec restricted = pod(RenderedChart.render(Map.of()));
    assertThat(restricted.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(restricted.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(restricted.getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    var sc = restricted.getContainers().get(0).getSecurityContext();
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");

    PodSpec openShift =
        pod(
            RenderedChart.renderYaml(
                """
                podSecurityContext: {runAsUser: null, runAsGroup: null, fsGroup: 1000680000}
                securityContext: {readOnlyRootFilesystem: false}
                """));
    assertThat(openShift.getSecurityContext().getRunAsUser()).isNull();
    assertThat(openShift.getSecurityContext().getRunAsGroup()).isNull();
    assertThat(openShift.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(openShift.getSecurityContext().getFsGroup()).isEqualTo(1000680000L);
    var osc = openShift.getContainers().get(0).getSecurityContext();
    assertThat(osc.getReadOnlyRootFilesystem()).isFalse();
    assertThat(osc.getAllowPrivilegeEscalation()).isFalse();
  }

  @Test
  void grafanaDashboardIsAConfigMapForTheSidecarOnlyWhenAsked() throws IOException {
    assertThat(RenderedChart.render(Map.of()).has("ConfigMap")).isFalse();
    ConfigMap cm =
        RenderedChart.render(values("grafanaDashboard.enabled", true)).one(ConfigMap.class);
    assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(cm.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    String json = cm.getData().get("costcred-dashboard.json");
    assertThat(JSON.readTree(json))
        .isEqualTo(JSON.readTree(Path.of("../deploy/grafana/costcred-dashboard.json").toFile()));
    ConfigMap custom =
        RenderedChart.render(
                values(
                    "grafanaDashboard.enabled", true,
                    "grafanaDashboard.label", "grafana.io/dashboard",
                    "grafanaDashboard.labelValue", "finops",
                    "grafanaDashboard.namespace", "monitoring",
                    "grafanaDashboard.annotations.grafana_folder", "FinOps"))
            .one(ConfigMap.class);
    assertThat(custom.getMetadata().getLabels())
        .containsEntry("grafana.io/dashboard", "finops")
        .doesNotContainKey("grafana_dashboard");
    assertThat(custom.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(custom.getMetadata().getAnnotations()).containsEntry("grafana_folder", "FinOps");
  }

  @Test
  void serviceMonitorCarriesRelabelings() {
    JsonNode endpoint =
        JSON.<JsonNode>valueToTree(
                RenderedChart.render(
                        values(
                            "serviceMonitor.enabled", true,
                            "serviceMonitor.relabelings[0].action", "replace",
                            "serviceMonitor.relabelings[0].targetLabel", "cluster",
                            "serviceMonitor.relabelings[0].replacement", "prod-eu",
                            "serviceMonitor.metricRelabelings[0].action", "drop",
                            "serviceMonitor.metricRelabelings[0].sourceLabels[0]", "__name__",
                            "serviceMonitor.metricRelabelings[0].regex", "jvm_gc_.*"))
                    .generic("ServiceMonitor")
                    .getAdditionalProperties()
                    .get("spec"))
            .at("/endpoints/0");
    assertThat(endpoint.at("/relabelings/0/targetLabel").asText()).isEqualTo("cluster");
    assertThat(endpoint.at("/relabelings/0/replacement").asText()).isEqualTo("prod-eu");
    assertThat(endpoint.at("/metricRelabelings/0/action").asText()).isEqualTo("drop");
    assertThat(endpoint.at("/metricRelabelings/0/sourceLabels/0").asText()).isEqualTo("__name__");
    JsonNode plain =
        JSON.<JsonNode>valueToTree(
                RenderedChart.render(values("serviceMonitor.enabled", true))
                    .generic("ServiceMonitor")
                    .getAdditionalProperties()
                    .get("spec"))
            .at("/endpoints/0");
    assertThat(plain.has("relabelings")).isFalse();
    assertThat(plain.has("metricRelabelings")).isFalse();
  }

  @Test
  void helmTestPodAsksReadinessAsARestrictedPodAndTheNetworkPolicyLetsItIn() throws IOException {
    RenderedChart chart = RenderedChart.render(RenderedChart.ALL_FLAGS_ON);
    Pod test =
        RenderedChart.renderTestHooks(RenderedChart.NAMESPACE, RenderedChart.ALL_FLAGS_ON)
            .one(Pod.class);
    assertThat(test.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "test");
    assertThat(test.getSpec().getRestartPolicy()).isEqualTo("Never");
    Container c = test.getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("busybox:1.37");
    assertThat(String.join(" ", c.getCommand()))
        .contains(
            "http://platform-costcred-operator-metrics.costcred-system.svc:8080",
            "/readyz",
            "/metrics");
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(test.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    var from = chart.one(NetworkPolicy.class).getSpec().getIngress().get(0).getFrom();
    assertThat(from)
        .anyMatch(
            p ->
                p.getPodSelector() != null
                    && test.getMetadata()
                        .getLabels()
                        .entrySet()
                        .containsAll(p.getPodSelector().getMatchLabels().entrySet()));
    String ns = RenderedChart.NAMESPACE;
    assertThat(RenderedChart.renderTestHooks(ns, values("tests.enabled", false)).has("Pod"))
        .isFalse();
    assertThat(
            RenderedChart.renderTestHooks(ns, values("metrics.service.enabled", false)).has("Pod"))
        .isFalse();
  }

  @Test
  void installNotesSayHowToCheckTheOperatorAndStart() {
    String notes = RenderedChart.notes(Map.of());
    assertThat(notes)
        .contains("kubectl -n costcred-system rollout status deployment/platform-costcred-operator")
        .contains("helm test platform -n costcred-system")
        .contains("kind: CostCredential")
        .contains("kubectl costcred rotate <name> -n <namespace> --emergency")
        .doesNotContain("crds.keep=false");
    assertThat(RenderedChart.notes(values("crds.keep", false)))
        .contains("WARNING: crds.keep=false");
    assertThat(RenderedChart.notes(values("crds.enabled", false)))
        .contains("install and upgrade the CRDs yourself");
  }

  private static Container container(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static PodSpec pod(RenderedChart chart) {
    return chart.one(Deployment.class).getSpec().getTemplate().getSpec();
  }
}
