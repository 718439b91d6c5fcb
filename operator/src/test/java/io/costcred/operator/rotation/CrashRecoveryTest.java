package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.PendingRevocation;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.testing.Harness;
import io.costcred.testsupport.LeakScan;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Stops the operator at every crash point of a manual and of an emergency rotation (before each
 * side effect, after each status write), starts a fresh one and checks the invariants.
 */
@EnableKubernetesMockClient(crud = true)
class CrashRecoveryTest {
  static KubernetesClient client;

  /** Thrown by the hook: not a CostCredException, so it escapes reconcile like a crash. */
  static final class SimulatedCrash extends RuntimeException {
    SimulatedCrash(String step) {
      super("simulated crash at " + step);
    }
  }

  @TestFactory
  Stream<DynamicTest> manualRotationSurvivesACrashAtEveryStep() throws Exception {
    return crashPoints(Annotations.ROTATE, "crash-test").stream()
        .map(
            p ->
                DynamicTest.dynamicTest(
                    "manual, crash at " + p,
                    () -> crashAndRecover(Annotations.ROTATE, "crash-test", p)));
  }

  @TestFactory
  Stream<DynamicTest> emergencyRotationSurvivesACrashAtEveryStep() throws Exception {
    return crashPoints(Annotations.EMERGENCY, "leaked").stream()
        .map(
            p ->
                DynamicTest.dynamicTest(
                    "emergency, crash at " + p,
                    () -> crashAndRecover(Annotations.EMERGENCY, "leaked", p)));
  }

  /** The distinct crash points a clean rotation passes, in order. */
  private List<String> crashPoints(String annotation, String value) throws Exception {
    try (Harness h = harness()) {
      Scenario s = new Scenario(h);
      s.settle(h.engine(StepHook.NONE));
      List<String> steps = new ArrayList<>();
      RotationEngine engine = h.engine(steps::add);
      h.annotate(Scenario.NAME, annotation, value);
      s.settle(engine);
      h.clock.advance(Duration.ofDays(2));
      engine.reconcile(s.cr()); // revocation steps
      List<String> distinct = steps.stream().distinct().collect(Collectors.toList());
      assertThat(distinct).hasSizeGreaterThan(12);
      java.nio.file.Files.write(
          java.nio.file.Path.of("target/crash-points-" + annotation.replace('/', '_') + ".txt"),
          distinct);
      return distinct;
    }
  }

  private void crashAndRecover(String annotation, String value, String crashAt) throws Exception {
    try (Harness h = harness()) {
      Scenario s = new Scenario(h);
      s.settle(h.engine(StepHook.NONE));
      int restartsBefore = restarts(h);
      h.annotate(Scenario.NAME, annotation, value);
      RotationEngine crashing =
          h.engine(
              step -> {
                if (step.equals(crashAt)) {
                  throw new SimulatedCrash(step);
                }
              });
      SimulatedCrash crash =
          assertThrows(
              SimulatedCrash.class,
              () -> {
                s.settle(crashing);
                h.clock.advance(Duration.ofDays(2));
                crashing.reconcile(s.cr());
                crashing.reconcile(s.cr());
              });
      LeakScan.assertNoSecrets("exception", crash.getMessage(), secrets(s));

      RotationEngine fresh = h.engine(StepHook.NONE); // a new process: no memory of the old one
      s.settle(fresh);
      h.clock.advance(Duration.ofDays(2));
      fresh.reconcile(s.cr());
      s.settle(fresh);
      assertInvariants(h, s, restartsBefore);
    }
  }

  private void assertInvariants(Harness h, Scenario s, int restartsBefore) {
    CostCredentialStatus st = s.cr().getStatus();
    assertThat(st.getRotation()).as("rotation finished").isNull();
    String current = st.getCurrentToken().getFingerprint();
    // Exactly one current token, served by every store and held by the ledger.
    assertThat(fp(h, s.servedToken())).as("store serves the current token").isEqualTo(current);
    assertThat(st.getRevision()).isEqualTo(2);
    // Every token that left the pool is current or queued for revocation.
    Set<String> pooled = h.secretData(Scenario.POOL).values().stream().collect(Collectors.toSet());
    Set<String> revocationQueue =
        st.getPendingRevocations().stream()
            .map(PendingRevocation::getToken)
            .map(t -> t.getFingerprint())
            .collect(Collectors.toSet());
    for (String token : List.of(s.first, s.second, s.third)) {
      if (pooled.contains(token)) {
        continue;
      }
      String fp =
          h.fingerprints.of(io.costcred.operator.core.Credential.token(SecretValue.of(token)));
      boolean revoked = h.vantage.isRevoked(token);
      assertThat(fp.equals(current) || revocationQueue.contains(fp) || revoked)
          .as("token %s is current or queued for revocation", fp)
          .isTrue();
    }
    // Consumers run the current token, restarted once for this rotation, not on a revoked token.
    assertThat(h.podTemplateFingerprint(Scenario.NAME)).isEqualTo(current);
    assertThat(restarts(h) - restartsBefore).as("restarts of the Deployment").isEqualTo(1);
    assertThat(h.vantage.isRevoked(s.servedToken())).isFalse();
    // No secret value in status or events.
    LeakScan.assertNoSecrets("status", Serialization.asJson(st), secrets(s));
    LeakScan.assertNoSecrets(
        "events", h.events.events.stream().map(Object::toString).toList(), secrets(s));
  }

  private static String fp(Harness h, String token) {
    return h.fingerprints.of(Credential.token(SecretValue.of(token)));
  }

  private static int restarts(Harness h) {
    return (int)
        h.writes.writes.stream()
            .filter(w -> w.startsWith("PATCH") && w.endsWith("/deployments/" + Scenario.NAME))
            .count();
  }

  private static List<String> secrets(Scenario s) {
    return List.of(s.first, s.second, s.third);
  }

  private static Harness harness() {
    return new Harness(client, "crash-" + System.nanoTime(), PatchMode.JSON_MERGE);
  }
}
