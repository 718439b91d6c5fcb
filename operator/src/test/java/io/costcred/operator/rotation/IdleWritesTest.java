package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.testing.Harness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Idle CostCredentials cost reads, never writes: reconciles over many resyncs change nothing. */
@EnableKubernetesMockClient(crud = true)
class IdleWritesTest {
  static KubernetesClient client;
  private static final int CREDENTIALS = 20;
  private static final int RESYNCS = 12;

  @Test
  void idleCredentialsCauseNoApiWritesOverManyResyncs() throws Exception {
    try (Harness h = new Harness(client, "idle", PatchMode.JSON_MERGE)) {
      h.installCrd();
      String template =
          Files.readString(Path.of("../config/samples/finfocus-vantage.yaml"))
              .replace("https://api.vantage.sh", h.vantage.baseUrl().toString());
      for (int i = 0; i < CREDENTIALS; i++) {
        String name = "cred-" + i;
        h.pool(name + "-pool", Map.of("a", h.issue(name + "-a"), "b", h.issue(name + "-b")));
        h.deployment(name, 1);
        h.apply(template.replace("finfocus-vantage", name));
      }
      RotationEngine engine = h.engine(StepHook.NONE);
      for (int pass = 0; pass < 3; pass++) {
        for (int i = 0; i < CREDENTIALS; i++) {
          engine.reconcile(h.get("cred-" + i));
          h.finishRollout("cred-" + i);
        }
      }
      for (int i = 0; i < CREDENTIALS; i++) {
        assertThat(h.get("cred-" + i).getStatus().getRotation()).isNull();
      }
      int verifiesBefore = h.vantage.requestCount();
      h.writes.reset();
      // Twelve resync periods of ten minutes: inside the one-hour re-verification interval.
      for (int pass = 0; pass < RESYNCS; pass++) {
        h.clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        for (int i = 0; i < CREDENTIALS; i++) {
          CostCredential cr = h.get("cred-" + i);
          engine.reconcile(cr);
        }
      }
      int reads = h.writes.reads.size() - CREDENTIALS * RESYNCS; // minus the test's own get()
      assertThat(h.writes.writes).as("API writes while idle").isEmpty();
      // Reads only when a re-verification is due: ledger, store and pool, at most twice in 2h.
      assertThat(reads).as("API reads while idle").isLessThanOrEqualTo(CREDENTIALS * 2 * 3);
      // Re-verification after the hour is a provider read, still no API write.
      int calls = h.vantage.requestCount() - verifiesBefore;
      assertThat(calls)
          .as("one re-verification per credential per hour")
          .isBetween(CREDENTIALS, 2 * CREDENTIALS);
      Files.writeString(
          Path.of("target/idle-writes.txt"),
          "credentials="
              + CREDENTIALS
              + " resyncs="
              + RESYNCS
              + " writes="
              + h.writes.writes.size()
              + " operatorReads="
              + reads
              + " providerCalls="
              + (h.vantage.requestCount() - verifiesBefore)
              + "\n");
    }
  }
}
