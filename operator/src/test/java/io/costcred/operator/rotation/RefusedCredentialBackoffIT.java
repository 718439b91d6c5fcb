package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.runtime.OperatorApp;
import io.costcred.operator.runtime.OperatorSettingsAccess;
import io.costcred.operator.testing.Harness;
import io.costcred.operator.testing.RealCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CostCredential the access rules refuse (a connection that does not exist, a Vault address off
 * the egress allow-list) backs off: the operator runs as in production (JOSDK, real API server),
 * and recording the failure, which changes status, must not make the operator retry at once.
 */
class RefusedCredentialBackoffIT {
  private static final Logger LOG = LoggerFactory.getLogger(RefusedCredentialBackoffIT.class);
  @RegisterExtension static final RealCluster.Admin cluster = new RealCluster.Admin();

  @Test
  void refusedConnectionsAreRetriedOnTheBackoffNotInALoop() throws Exception {
    try (Harness h = RealCluster.harness(cluster.admin(), "backoff")) {
      String ns = h.namespace;
      h.pool("finfocus-vantage-pool", java.util.Map.of("1", h.issue("one")));
      String sample =
          Files.readString(Path.of("../config/samples/finfocus-vantage.yaml"))
              .replace("https://api.vantage.sh", h.vantage.baseUrl().toString());
      h.apply(sample);
      CostCredential cr = h.get("finfocus-vantage");
      // A Vault store through a connection nobody created.
      var store = new io.costcred.operator.api.v1alpha1.StoreSpec();
      var vault = new io.costcred.operator.api.v1alpha1.VaultStoreSpec();
      vault.setConnectionRef(new io.costcred.operator.api.v1alpha1.ConnectionRef(null, "missing"));
      vault.setPath("teams/x/vantage");
      store.setVault(vault);
      cr.getSpec().getStores().add(store);
      h.client.resource(cr).update();

      var settings = OperatorSettingsAccess.production(ns, List.of(ns));
      OperatorSettingsAccess.noLeaderElection(settings);
      h.writes.reset();
      try (OperatorApp app =
          new OperatorApp(h.client, settings, Clock.systemUTC(), StepHook.NONE)) {
        app.start();
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> Reasons.CONNECTION_NOT_FOUND.equals(reason(h)));
        long firstWrite = System.nanoTime();
        Thread.sleep(20_000);
        List<String> statusWrites =
            h.writes.writes.stream()
                .filter(w -> w.contains("/costcredentials/") && w.endsWith("/status"))
                .toList();
        LOG.info("MEASURED status writes in 20 s after a refusal: {}", statusWrites.size());
        // One write records the failure; nothing in the next 20 s (the retry is 10 minutes away).
        assertThat(statusWrites)
            .as("status writes in %d s", (System.nanoTime() - firstWrite) / 1_000_000_000)
            .hasSizeLessThanOrEqualTo(2);
        assertThat(h.get("finfocus-vantage").getStatus().getLastFailure().getAttempts())
            .isEqualTo(1);
      }
    }
  }

  private static String reason(Harness h) {
    var st = h.get("finfocus-vantage").getStatus();
    return st == null || st.getLastFailure() == null ? null : st.getLastFailure().getReason();
  }
}
