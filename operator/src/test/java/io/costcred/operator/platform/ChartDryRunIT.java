package io.costcred.operator.platform;

import static io.costcred.operator.platform.RenderedChart.ALL_FLAGS_ON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costcred.operator.testing.RealCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every manifest of the chart, the CRD templates included and every optional feature on, is
 * accepted by a real kube-apiserver (server-side apply, dry run: nothing is stored), with no field
 * dropped as unknown. The operator's pod and the `helm test` pod are admitted by the API server's
 * own PodSecurity admission in a namespace that enforces "restricted". ServiceMonitor and
 * PrometheusRule are sent only when their CRDs are installed. A chart upgrade that changes a CRD is
 * accepted: dry run against the real costcred.io CRD, and for real on a copy in a throwaway group.
 */
class ChartDryRunIT {
  private static final String MANAGER = "costcred-chart-dry-run";
  private static KubernetesClient admin;
  private static String opNamespace;
  private static final List<String> watched = new ArrayList<>();

  @BeforeAll
  static void namespaces() {
    admin = RealCluster.client();
    opNamespace = "costcred-dry-" + Long.toString(System.nanoTime(), 36);
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(opNamespace)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .addToLabels("pod-security.kubernetes.io/enforce-version", "latest")
                .endMetadata()
                .build())
        .create();
    watched.add(RealCluster.freshNamespace(admin, "finops"));
    watched.add(RealCluster.freshNamespace(admin, "team-b"));
  }

  @AfterAll
  static void cleanUp() {
    admin.namespaces().withName(opNamespace).delete();
    watched.forEach(n -> admin.namespaces().withName(n).delete());
    admin.close();
  }

  @Test
  void apiServerAcceptsEveryManifestUnchanged() throws Exception {
    RenderedChart chart = RenderedChart.renderWithCrds(opNamespace, allFlagsOn());
    List<String> kinds = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    KubernetesSerialization json = admin.getKubernetesSerialization();
    for (HasMetadata o : chart.objects) {
      if (!crdInstalled(o)) {
        skipped.add(o.getKind());
        continue;
      }
      HasMetadata stored =
          admin.resource(o).dryRun().fieldManager(MANAGER).forceConflicts().serverSideApply();
      assertThat(stored).as(o.getKind() + " " + o.getMetadata().getName()).isNotNull();
      List<String> dropped = new ArrayList<>();
      missing(json.convertValue(o, Map.class), json.convertValue(stored, Map.class), "", dropped);
      assertThat(dropped).as("fields the API server dropped from " + o.getKind()).isEmpty();
      kinds.add(o.getKind());
    }
    assertThat(kinds)
        .contains(
            "CustomResourceDefinition",
            "ConfigMap",
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Service",
            "Deployment",
            "PodDisruptionBudget",
            "NetworkPolicy",
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding");
    assertThat(kinds.size() + skipped.size()).isEqualTo(chart.objects.size());
    assertThat(skipped).isSubsetOf("ServiceMonitor", "PrometheusRule");
    // Dry run: nothing was stored.
    assertThat(admin.apps().deployments().inNamespace(opNamespace).list().getItems()).isEmpty();
  }

  @Test
  void operatorPodIsAdmittedWhereRestrictedIsEnforced() throws Exception {
    RenderedChart chart = RenderedChart.renderWithCrds(opNamespace, allFlagsOn());
    // The ServiceAccount admission plugin needs the account to exist (for real).
    ServiceAccount operator =
        chart.all(ServiceAccount.class).stream()
            .filter(
                s -> s.getMetadata().getName().equals(RenderedChart.RELEASE + "-costcred-operator"))
            .findFirst()
            .orElseThrow();
    admin.resource(operator).create();
    Deployment d = chart.one(Deployment.class);
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("operator-dry-run")
            .withNamespace(opNamespace)
            .withLabels(d.getSpec().getTemplate().getMetadata().getLabels())
            .endMetadata()
            .withSpec(d.getSpec().getTemplate().getSpec())
            .build();
    assertThat(admin.resource(pod).dryRun().create()).isNotNull();

    // Control: the same API server refuses a pod that breaks the profile.
    Pod privileged =
        new PodBuilder(pod)
            .editSpec()
            .editFirstContainer()
            .editSecurityContext()
            .withPrivileged(true)
            .withAllowPrivilegeEscalation(true)
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();
    assertThatThrownBy(() -> admin.resource(privileged).dryRun().create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("violates PodSecurity \"restricted:latest\"");
  }

  @Test
  void helmTestPodIsAdmittedWhereRestrictedIsEnforced() throws Exception {
    Pod test = RenderedChart.renderTestHooks(opNamespace, allFlagsOn()).one(Pod.class);
    assertThat(test.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "test");
    Pod admitted = admin.resource(test).dryRun().create();
    assertThat(admitted.getSpec().getContainers().get(0).getCommand())
        .isEqualTo(test.getSpec().getContainers().get(0).getCommand());
  }

  private static Map<String, Object> allFlagsOn() {
    Map<String, Object> values = new LinkedHashMap<>(ALL_FLAGS_ON);
    values.put("watchNamespaces[0]", watched.get(0));
    values.put("watchNamespaces[1]", watched.get(1));
    values.put("grafanaDashboard.enabled", true);
    values.put("commonLabels.team", "finops");
    values.put("logFormat", "json");
    values.put("reconcileThreads", 4);
    values.put("revisionHistoryLimit", 3);
    values.put("extraArgs[0]", "--provider-clock-skew=2m");
    values.put("extraEnv[0].name", "HTTPS_PROXY");
    values.put("extraEnv[0].value", "http://proxy:3128");
    values.put("extraVolumes[0].name", "ca");
    values.put("extraVolumes[0].configMap.name", "corporate-ca");
    values.put("extraVolumeMounts[0].name", "ca");
    values.put("extraVolumeMounts[0].mountPath", "/etc/ssl/corporate");
    values.put("extraVolumeMounts[0].readOnly", true);
    values.put("serviceMonitor.relabelings[0].targetLabel", "cluster");
    values.put("serviceMonitor.relabelings[0].replacement", "prod");
    values.put("serviceMonitor.metricRelabelings[0].action", "drop");
    values.put("serviceMonitor.metricRelabelings[0].sourceLabels[0]", "__name__");
    values.put("serviceMonitor.metricRelabelings[0].regex", "jvm_gc_.*");
    return values;
  }

  private static boolean isZero(Object v) {
    return v == null
        || Boolean.FALSE.equals(v)
        || "".equals(v)
        || (v instanceof Number n && n.doubleValue() == 0)
        || (v instanceof Map<?, ?> m && m.isEmpty())
        || (v instanceof List<?> l && l.isEmpty());
  }

  private static boolean crdInstalled(HasMetadata o) {
    String crd =
        switch (o.getKind()) {
          case "ServiceMonitor" -> "servicemonitors.monitoring.coreos.com";
          case "PrometheusRule" -> "prometheusrules.monitoring.coreos.com";
          default -> null;
        };
    return crd == null
        || admin.apiextensions().v1().customResourceDefinitions().withName(crd).get() != null;
  }

  /**
   * Paths present in what was sent but absent from what the API server would store. Zero values (0,
   * false, "", empty) may vanish: Go's omitempty drops them, which loses nothing.
   */
  @SuppressWarnings("unchecked")
  private static void missing(Object sent, Object stored, String path, List<String> out) {
    if (sent instanceof Map<?, ?> s) {
      if (!(stored instanceof Map<?, ?> st)) {
        out.add(path);
        return;
      }
      for (Map.Entry<?, ?> e : ((Map<Object, Object>) s).entrySet()) {
        if (!st.containsKey(e.getKey())) {
          if (!isZero(e.getValue())) {
            out.add(path + "/" + e.getKey());
          }
        } else {
          missing(e.getValue(), st.get(e.getKey()), path + "/" + e.getKey(), out);
        }
      }
    } else if (sent instanceof List<?> s) {
      if (!(stored instanceof List<?> st) || st.size() != s.size()) {
        out.add(path);
        return;
      }
      for (int i = 0; i < s.size(); i++) {
        missing(s.get(i), st.get(i), path + "/" + i, out);
      }
    }
  }
}
