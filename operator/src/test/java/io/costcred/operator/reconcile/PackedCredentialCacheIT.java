package io.costcred.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.rotation.StepHook;
import io.costcred.operator.runtime.OperatorApp;
import io.costcred.operator.runtime.OperatorSettings;
import io.costcred.operator.runtime.OperatorSettingsAccess;
import io.costcred.operator.testing.Harness;
import io.costcred.operator.testing.RealCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The controller's packed CostCredential cache on the real API server, with one watched namespace
 * and with two. JOSDK asks the configuration for a store once per informer, and an informer's list
 * removes from its store what the list did not return: a store shared by two namespaces' informers
 * leaves one namespace's CostCredentials unreconciled (forcing one shared store makes the first
 * test time out). Each informer gets a store of its own ({@code StorePerInformer}).
 */
class PackedCredentialCacheIT {
  private static KubernetesClient admin;
  private static String operatorNs;
  private static String teamA;
  private static String teamB;
  private static String solo;

  @BeforeAll
  static void namespaces() {
    admin = RealCluster.client();
    operatorNs = RealCluster.freshNamespace(admin, "costcred-system");
    teamA = RealCluster.freshNamespace(admin, "packed-a");
    teamB = RealCluster.freshNamespace(admin, "packed-b");
    solo = RealCluster.freshNamespace(admin, "packed-solo");
  }

  @AfterAll
  static void cleanUp() {
    List.of(operatorNs, teamA, teamB, solo).forEach(n -> admin.namespaces().withName(n).delete());
    admin.close();
  }

  @Test
  void twoWatchedNamespacesBothRotateEachFromAPackedStoreOfItsOwn() throws Exception {
    try (Harness a = new Harness(admin, teamA, PatchMode.SERVER_SIDE_APPLY);
        Harness b = new Harness(admin, teamB, PatchMode.SERVER_SIDE_APPLY)) {
      String tokenA = prepare(a);
      String tokenB = prepare(b);
      OperatorSettings s = OperatorSettingsAccess.production(operatorNs, List.of(teamA, teamB));
      OperatorSettingsAccess.noLeaderElection(s);
      try (OperatorApp app = new OperatorApp(admin, s, Clock.systemUTC(), StepHook.NONE)) {
        app.start();
        awaitFirstRotation(a);
        awaitFirstRotation(b);
        assertThat(app.packedCredentials()).containsExactly(1, 1);
        // Every informer cache lost fabric8's namespace index at start (nothing reads it: the
        // rotations above ran without it), and the CostCredential caches have none of fabric8's:
        // the packed stores index (the consumer found above was found through them).
        var indexes = app.informerIndexNames();
        assertThat(indexes).hasSizeGreaterThanOrEqualTo(10).noneMatch(i -> i.contains("namespace"));
        assertThat(indexes).noneMatch(i -> i.contains("costcred-store-secrets"));
        // The next reconciles wait in the operator's wake-ups, none in a JOSDK timer task.
        assertThat(app.maxReconciliationIntervals()).containsExactly(java.util.Optional.empty());
        await().atMost(Duration.ofSeconds(30)).until(() -> app.pendingWakeups() == 2);
        // JOSDK keeps a rate-limit state per CostCredential it has seen: one shared instance.
        assertThat(app.rateLimiters())
            .extracting(Class::getSimpleName)
            .containsExactly("NoRateLimit");
      }
      assertThat(a.secretValue("finfocus-vantage", "token")).isEqualTo(tokenA);
      assertThat(b.secretValue("finfocus-vantage", "token")).isEqualTo(tokenB);
    }
  }

  @Test
  void oneWatchedNamespaceRotatesFromThePackedCache() throws Exception {
    try (Harness a = new Harness(admin, solo, PatchMode.SERVER_SIDE_APPLY)) {
      String token = prepare(a);
      OperatorSettings s = OperatorSettingsAccess.production(operatorNs, List.of(solo));
      OperatorSettingsAccess.noLeaderElection(s);
      try (OperatorApp app = new OperatorApp(admin, s, Clock.systemUTC(), StepHook.NONE)) {
        app.start();
        awaitFirstRotation(a);
        assertThat(app.packedCredentials()).containsExactly(1);
      }
      assertThat(a.secretValue("finfocus-vantage", "token")).isEqualTo(token);
    }
  }

  /** A pool, a consumer and the sample CostCredential, created before the operator starts. */
  private static String prepare(Harness h) throws Exception {
    h.simulateControllers = false;
    h.installCrd();
    String first = h.issue("one");
    h.pool("finfocus-vantage-pool", Map.of("1", first, "2", h.issue("two")));
    h.deployment("finfocus-vantage", 1);
    h.apply(
        Files.readString(Path.of("../config/samples/finfocus-vantage.yaml"))
            .replace("https://api.vantage.sh", h.vantage.baseUrl().toString()));
    return first;
  }

  private static void awaitFirstRotation(Harness h) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              CostCredential c = h.get("finfocus-vantage");
              return c.getStatus() != null && Long.valueOf(1).equals(c.getStatus().getRevision());
            });
  }
}
