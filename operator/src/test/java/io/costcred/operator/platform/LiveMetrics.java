package io.costcred.operator.platform;

import static org.awaitility.Awaitility.await;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.rotation.StepHook;
import io.costcred.operator.runtime.OperatorApp;
import io.costcred.operator.runtime.OperatorSettings;
import io.costcred.operator.testing.Harness;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The metric names of a running operator (JOSDK and JVM included), wired as production wires it,
 * after its first rotation against the mock API server. Counters that only an emergency or a
 * failure registers come from {@link ExportedMetrics}.
 */
final class LiveMetrics {
  private LiveMetrics() {}

  static Set<String> sampleNames(KubernetesClient client) throws Exception {
    try (Harness h = new Harness(client, "metrics", PatchMode.JSON_MERGE)) {
      h.installCrd();
      h.pool("finfocus-vantage-pool", Map.of("1", h.issue("one"), "2", h.issue("two")));
      h.deployment("finfocus-vantage", 1);
      // The mock API server has neither server-side apply nor the lease RBAC check.
      OperatorSettings s = new OperatorSettings();
      set(s, "leaderElection", false);
      set(s, "serverSideApply", false);
      set(s, "operatorNamespace", "costcred-system");
      set(s, "namespaces", List.of("metrics"));
      set(s, "egressAllow", List.of("http://127.0.0.1:*")); // the fake Vantage API
      try (OperatorApp app = new OperatorApp(h.client, s, h.clock, StepHook.NONE)) {
        app.start();
        h.apply(
            Files.readString(Path.of("../config/samples/finfocus-vantage.yaml"))
                .replace("https://api.vantage.sh", h.vantage.baseUrl().toString()));
        awaitCr(
            h, c -> c.getStatus() != null && Long.valueOf(1).equals(c.getStatus().getRevision()));
        // jvm_gc_pause_seconds appears only after a collection (reported asynchronously).
        System.gc();
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(10))
            .until(() -> app.registry().scrape().contains("jvm_gc_pause_seconds"));
        return names(app.registry().scrape());
      }
    }
  }

  /** OperatorSettings keeps its fields package-private; tests elsewhere set them reflectively. */
  private static void set(OperatorSettings s, String field, Object value) throws Exception {
    Field f = OperatorSettings.class.getDeclaredField(field);
    f.setAccessible(true);
    f.set(s, value);
  }

  static Set<String> names(String scrape) {
    Set<String> names = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = line.indexOf('{');
      names.add(line.substring(0, end < 0 ? line.indexOf(' ') : end));
    }
    return names;
  }

  private static void awaitCr(Harness h, Predicate<CostCredential> done) {
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
}
