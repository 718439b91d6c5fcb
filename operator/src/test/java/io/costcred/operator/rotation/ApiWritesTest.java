package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.testing.Harness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every API write of a rotation on the seed scenario (Vantage pool, one Kubernetes Secret store,
 * one Deployment), in order: status writes named by their step, Secret writes, workload patches and
 * Events. The write-ahead log costs writes; this pins how many (issue 14, decision D47).
 */
@EnableKubernetesMockClient(crud = true)
class ApiWritesTest {
  static KubernetesClient client;

  @Test
  void firstRotationFromThePool() throws Exception {
    try (Harness h = harness()) {
      Scenario s = new Scenario(h);
      WriteLog log = new WriteLog(h);
      s.settle(h.engine(log));
      // Before D47: 6 status writes (intent obtained verified restarted reconciled completed).
      assertThat(log.done())
          .containsExactly(
              "status:intent",
              "event:RotationStarted",
              "POST secrets",
              "PUT secrets/finfocus-vantage-pool",
              "status:verified",
              "PUT secrets/finfocus-vantage",
              "PATCH deployments/finfocus-vantage",
              "status:restarted",
              "PUT secrets/finfocus-vantage-costcred-tokens",
              "status:completed",
              "event:RotationCompleted");
    }
  }

  @Test
  void adoptionOfATokenAlreadyInTheStore() throws Exception {
    try (Harness h = harness()) {
      Scenario s = new Scenario(h);
      var store = h.client.secrets().inNamespace(h.namespace).withName(Scenario.NAME).get();
      store.getData().put("token", Harness.b64(h.issue("already-in-use")));
      h.client.resource(store).update();
      WriteLog log = new WriteLog(h);
      s.settle(h.engine(log));
      // Before D47: 2 status writes (adopted, reconciled).
      assertThat(log.done())
          .containsExactly("POST secrets", "status:adopted", "event:TokenAdopted");
    }
  }

  @Test
  void manualRotation() throws Exception {
    try (Harness h = harness()) {
      Scenario s = new Scenario(h);
      s.settle(h.engine(StepHook.NONE));
      WriteLog log = new WriteLog(h);
      RotationEngine engine = h.engine(log);
      h.annotate(Scenario.NAME, Annotations.ROTATE, "r1");
      log.reset();
      s.settle(engine);
      // Before D47: 7 status writes (... restarted reconciled completed cut-over).
      assertThat(log.done())
          .containsExactly(
              "status:intent",
              "event:RotationStarted",
              "PUT secrets/finfocus-vantage-costcred-tokens",
              "PUT secrets/finfocus-vantage-pool",
              "status:verified",
              "PUT secrets/finfocus-vantage",
              "PATCH deployments/finfocus-vantage",
              "status:restarted",
              "event:PoolLow",
              "PUT secrets/finfocus-vantage-costcred-tokens",
              "status:completed",
              "event:RotationCompleted",
              "event:ConsumersCutOver");
    }
  }

  @Test
  void scheduledRotationAndTheRevocationAfterTheGracePeriod() throws Exception {
    try (Harness h = harness()) {
      Scenario s = new Scenario(h);
      s.settle(h.engine(StepHook.NONE));
      WriteLog log = new WriteLog(h);
      RotationEngine engine = h.engine(log);
      h.clock.advance(Duration.ofDays(93).plusHours(7)); // Tuesday 10:00, in the window
      log.reset();
      s.settle(engine);
      // Before D47: 7 status writes, as a manual rotation.
      assertThat(log.done())
          .containsExactly(
              "status:intent",
              "event:RotationStarted",
              "PUT secrets/finfocus-vantage-costcred-tokens",
              "PUT secrets/finfocus-vantage-pool",
              "status:verified",
              "PUT secrets/finfocus-vantage",
              "PATCH deployments/finfocus-vantage",
              "status:restarted",
              "event:PoolLow",
              "PUT secrets/finfocus-vantage-costcred-tokens",
              "status:completed",
              "event:RotationCompleted",
              "event:ConsumersCutOver");
      h.clock.advance(Duration.ofDays(2));
      engine.reconcile(s.cr());
      assertThat(log.done())
          .containsExactly("status:revocation-required", "event:RevocationRequired");
    }
  }

  @Test
  void emergencyRotation() throws Exception {
    try (Harness h = harness()) {
      Scenario s = new Scenario(h);
      s.settle(h.engine(StepHook.NONE));
      WriteLog log = new WriteLog(h);
      RotationEngine engine = h.engine(log);
      h.annotate(Scenario.NAME, Annotations.EMERGENCY, "leaked");
      log.reset();
      s.settle(engine);
      // Before D47: 8 status writes (with obtained and reconciled).
      assertThat(log.done())
          .containsExactly(
              "status:intent",
              "event:EmergencyRotationStarted",
              "PUT secrets/finfocus-vantage-costcred-tokens",
              "PUT secrets/finfocus-vantage-pool",
              "status:verified",
              "event:EmergencyTokenVerified",
              "PUT secrets/finfocus-vantage",
              "status:published",
              "event:EmergencyTokenPublished",
              "PUT secrets/finfocus-vantage-costcred-tokens",
              "status:compromised-revoked",
              "event:CompromisedTokenRevoked",
              "PATCH deployments/finfocus-vantage",
              "status:restarted",
              "event:PoolLow",
              "event:EmergencyConsumersRestarted",
              "PUT secrets/finfocus-vantage-costcred-tokens",
              "status:completed",
              "event:RotationCompleted");
    }
  }

  private static Harness harness() {
    return new Harness(client, "writes-" + System.nanoTime(), PatchMode.JSON_MERGE);
  }

  /**
   * Turns the requests the client sent into a readable log: at each step point, the writes since
   * the last point, a status write named by the step it saved, Events by their reason.
   */
  static final class WriteLog implements StepHook {
    private final Harness h;
    private final List<String> log = new ArrayList<>();
    private int writes;
    private int events;

    WriteLog(Harness h) {
      this.h = h;
      reset();
    }

    /** Forgets what happened so far (the test's own writes included). */
    void reset() {
      writes = h.writes.writes.size();
      events = h.events.events.size();
      log.clear();
    }

    @Override
    public synchronized void at(String step) {
      flush(step.startsWith("saved:") ? step.substring("saved:".length()) : null);
    }

    /** The log since the last reset or call; the test's own writes are left out. */
    synchronized List<String> done() {
      flush(null);
      List<String> out = List.copyOf(log);
      log.clear();
      return out;
    }

    private void flush(String saved) {
      List<String> all = h.writes.writes;
      for (; writes < all.size(); writes++) {
        String w = all.get(writes);
        if (w.endsWith("/status") && w.contains("/costcredentials/")) {
          log.add("status:" + (saved == null ? "?" : saved));
        } else if (w.contains("/deployments/") && w.startsWith("PUT") && w.endsWith("/status")) {
          continue; // the test playing the Deployment controller
        } else {
          log.add(w.replaceAll("^(\\w+) .*/namespaces/[^/]+/", "$1 "));
        }
      }
      for (; events < h.events.events.size(); events++) {
        log.add("event:" + h.events.events.get(events).reason());
      }
    }
  }
}
