package io.costcred.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.rotation.StepHook;
import io.costcred.operator.testing.Harness;
import io.costcred.testsupport.LeakScan;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator as production wires it (JOSDK, informers, metrics, health), against the mock API
 * server with server-side apply switched off, which the mock server lacks. Annotation-only changes
 * must reach the reconciler even though they leave metadata.generation alone.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorWiringTest {
  static KubernetesClient client;

  @Test
  void annotationTriggersReachTheReconcilerAndMetricsAreServed() throws Exception {
    try (Harness h = new Harness(client, "wiring", PatchMode.JSON_MERGE)) {
      h.installCrd();
      String first = h.issue("one");
      String second = h.issue("two");
      h.pool("finfocus-vantage-pool", Map.of("1", first, "2", second, "3", h.issue("three")));
      h.deployment("finfocus-vantage", 2);
      String sample =
          Files.readString(Path.of("../config/samples/finfocus-vantage.yaml"))
              .replace("https://api.vantage.sh", h.vantage.baseUrl().toString());
      OperatorSettings s = new OperatorSettings();
      s.leaderElection = false;
      s.serverSideApply = false;
      s.operatorNamespace = "costcred-system";
      s.namespaces = List.of("wiring");
      s.egressAllow = List.of("http://127.0.0.1:*"); // the fake Vantage API
      try (OperatorApp app = new OperatorApp(h.client, s, h.clock, StepHook.NONE);
          HealthServer health =
              new HealthServer(
                  new InetSocketAddress("127.0.0.1", 0),
                  app::isLive,
                  app::isReady,
                  app.registry())) {
        app.start();
        assertThat(app.resourceCloner()).isInstanceOf(NameKeepingCloner.class);
        h.apply(sample);
        awaitRolledOut(h, c -> c.getStatus() != null && c.getStatus().getRevision() != null);
        assertThat(h.secretValue("finfocus-vantage", "token")).isEqualTo(first);

        h.annotate("finfocus-vantage", Annotations.EMERGENCY, "leaked in CI log");
        awaitRolledOut(
            h,
            c ->
                c.getStatus().getRevision() == 2
                    && c.getStatus().getLastEmergencyRotation() != null
                    && c.getStatus().getLastEmergencyRotation().getCompletedAt() != null);
        assertThat(h.secretValue("finfocus-vantage", "token")).isEqualTo(second);
        assertThat(h.get("finfocus-vantage").getMetadata().getGeneration()).isEqualTo(1);

        String metrics = get(health.port(), "/metrics");
        assertThat(metrics)
            .contains(
                "costcred_rotations_total",
                "costcred_token_age_seconds",
                "costcred_pool_remaining",
                "costcred_provider_request_seconds",
                "costcred_workload_restarts_total{kind=\"Deployment\",name=\"finfocus-vantage\""
                    + ",namespace=\"wiring\"} 2.0",
                "costcred_heap_compactions_total",
                "operator_sdk_");
        assertThat(get(health.port(), "/healthz")).isEqualTo("ok\n");
        assertThat(get(health.port(), "/readyz")).isEqualTo("ok\n");
        LeakScan.assertNoSecrets("metrics", metrics, List.of(first, second));
      }
      LeakScan.assertNoSecrets("operator log", LeakScan.log(), List.of(first, second));
      assertThat(h.client.v1().events().inNamespace("wiring").list().getItems())
          .extracting(e -> e.getReason())
          .contains("RotationStarted", "EmergencyRotationStarted", "RotationCompleted");
    }
  }

  private static void awaitRolledOut(Harness h, java.util.function.Predicate<CostCredential> done) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              h.finishRollout("finfocus-vantage");
              CostCredential c = h.get("finfocus-vantage");
              return c != null && done.test(c);
            });
  }

  private static String get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
