package io.costcred.operator.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana/costcred-dashboard.json queries only metrics a running operator exports, and shows
 * every operator metric.
 */
@EnableKubernetesMockClient(crud = true)
class GrafanaDashboardTest {
  static KubernetesClient client;

  private static final Path DASHBOARD = Path.of("../deploy/grafana/costcred-dashboard.json");

  /** JOSDK registers these at the first failed reconciliation, which a healthy run never has. */
  private static final Set<String> REGISTERED_ON_FIRST_FAILURE =
      Set.of(
          "operator_sdk_reconciliations_failed_total",
          "operator_sdk_controllers_execution_reconcile_failure_total");

  private final JsonNode dashboard = read();

  @Test
  void queriesUseOnlyExportedMetricsAndShowEveryOperatorMetric() throws Exception {
    Set<String> live = LiveMetrics.sampleNames(client);
    // The running operator's first rotation restarts its Deployment and reports conditions.
    assertThat(live)
        .contains(
            "costcred_workload_restarts_total",
            "costcred_credential_condition",
            "costcred_last_rotation_timestamp_seconds");
    Set<String> exported = new TreeSet<>(live);
    exported.addAll(ExportedMetrics.costcredSampleNames());
    exported.addAll(REGISTERED_ON_FIRST_FAILURE);
    Set<String> used = new TreeSet<>();
    for (String q : queries()) {
      AlertRules.metricNames(q).forEach(used::add);
    }
    assertThat(exported).containsAll(used);
    Set<String> shown = new HashSet<>();
    used.forEach(n -> shown.add(n.replaceAll("_(count|sum|max|bucket)$", "")));
    for (String metric : ExportedMetrics.costcredSampleNames()) {
      assertThat(shown)
          .as("dashboard shows " + metric)
          .contains(metric.replaceAll("_(count|sum|max|bucket)$", ""));
    }
  }

  @Test
  void panelsAreWellFormed() {
    assertThat(dashboard.get("uid").asText()).isEqualTo("costcred-operator");
    Set<Integer> ids = new HashSet<>();
    for (JsonNode p : dashboard.get("panels")) {
      assertThat(ids.add(p.get("id").asInt())).as("unique id " + p.get("id")).isTrue();
      JsonNode grid = p.get("gridPos");
      assertThat(grid.get("x").asInt() + grid.get("w").asInt()).isLessThanOrEqualTo(24);
      if (!"row".equals(p.get("type").asText())) {
        assertThat(p.get("datasource").get("uid").asText()).isEqualTo("${datasource}");
        assertThat(p.get("targets")).isNotEmpty();
        assertThat(p.path("description").asText()).isNotBlank();
      }
    }
    List<String> variables = new ArrayList<>();
    dashboard.get("templating").get("list").forEach(v -> variables.add(v.get("name").asText()));
    assertThat(variables).contains("datasource", "job", "namespace", "threshold_days");
  }

  private List<String> queries() {
    List<String> out = new ArrayList<>();
    dashboard
        .get("panels")
        .forEach(p -> p.path("targets").forEach(t -> out.add(t.get("expr").asText())));
    dashboard.get("templating").get("list").forEach(v -> out.add(v.path("definition").asText()));
    return out;
  }

  private static JsonNode read() {
    try {
      return new ObjectMapper().readTree(DASHBOARD.toFile());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
