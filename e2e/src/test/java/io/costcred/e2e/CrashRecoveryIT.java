package io.costcred.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.e2e.support.Cr;
import io.costcred.e2e.support.E2eEnv;
import io.costcred.e2e.support.Invariants;
import io.costcred.testsupport.OperatorProcess;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stops the real operator process dead (exit 137, no shutdown hooks, as SIGKILL) at a step of a
 * manual rotation, starts a fresh process, and checks that the rotation completed exactly once.
 */
class CrashRecoveryIT {
  static final String MANUAL = "costcred.io/rotate";
  static final String EMERGENCY = "costcred.io/emergency-rotation";

  /** Before each side effect and after each status write of a rotation, in order. */
  static final List<String> DEFAULT_POINTS =
      List.of(
          "saved:intent",
          "before:ledger.writePending",
          "before:provider.consume",
          "saved:verified", // the obtained token has no write of its own (decision D47)
          "before:publish:kubernetesSecret/finfocus-vantage",
          "before:restart:finfocus-vantage",
          "saved:restarted",
          "before:ledger.promote",
          "saved:completed");

  /**
   * Steps only an emergency rotation passes: the stores are on record and the compromised token is
   * flagged before restarts (a routine rotation writes no status between publishing and restarting,
   * decision D43).
   */
  static final List<String> DEFAULT_EMERGENCY_POINTS =
      List.of(
          "saved:published",
          "before:ledger.retireCompromised",
          "before:revokeCompromised",
          "saved:compromised-revoked");

  /**
   * {@code -De2e.crashPoints=a,b} and {@code -De2e.emergencyCrashPoints=c} choose other points (the
   * names are the operator's steps); an empty value runs none of that kind.
   */
  static Stream<Arguments> crashPoints() {
    return Stream.concat(
        points("e2e.crashPoints", DEFAULT_POINTS).map(p -> Arguments.of(MANUAL, p)),
        points("e2e.emergencyCrashPoints", DEFAULT_EMERGENCY_POINTS)
            .map(p -> Arguments.of(EMERGENCY, p)));
  }

  private static Stream<String> points(String property, List<String> defaults) {
    String chosen = System.getProperty(property);
    return chosen == null
        ? defaults.stream()
        : Arrays.stream(chosen.split(",")).map(String::trim).filter(s -> !s.isEmpty());
  }

  @ParameterizedTest(name = "{0} rotation, crash at {1}")
  @MethodSource("crashPoints")
  void rotationCompletesExactlyOnceAfterACrash(String annotation, String failpoint) {
    String trigger = annotation.equals(EMERGENCY) ? "emergency" : "manual";
    try (E2eEnv env = E2eEnv.create("crash-" + trigger + "-" + failpoint)) {
      // The consumers already hold a working token: the operator adopts it, then rotates at once
      // because the CostCredential arrives with a rotate (or emergency) request.
      String inUse = env.issue("in use before the operator");
      env.consumers(inUse);
      env.pool(List.of(env.issue("p1"), env.issue("p2"), env.issue("p3"), env.issue("p4")));
      Invariants.Baseline before = Invariants.capture(env, 0, inUse);
      env.credential(spec -> {}, Map.of(annotation, "e2e-crash"));

      // Both processes are one replica (same identity, as a container restarted in its pod), so
      // the restarted one holds the lease at once; LeaderElectionIT covers a takeover.
      OperatorProcess crashing = env.startOperator("replica", failpoint);
      assertThat(crashing.awaitExit(Duration.ofSeconds(60)))
          .as("exit code of the process halted at %s", failpoint)
          .isEqualTo(137);
      assertThat(crashing.output()).contains("failpoint " + failpoint + " reached");

      env.startOperator("replica", null);
      env.awaitCr(
          "rotation completes after the restart",
          Duration.ofSeconds(60),
          c -> c.revision() == 1 && !c.rotating());
      Invariants.assertRotatedExactlyOnce(env, before);
      // Never twice. A crash right after the completing status write loses the Event (it is
      // emitted after that write and not replayed); the history in status keeps the record.
      if (!"saved:completed".equals(failpoint)) {
        env.await(
            "RotationCompleted Event (recorded right after the completing status write)",
            Duration.ofSeconds(15),
            () -> env.eventReasons().contains("RotationCompleted"));
      }
      List<String> completed =
          env.eventReasons().stream().filter("RotationCompleted"::equals).toList();
      if ("saved:completed".equals(failpoint)) {
        assertThat(completed).hasSizeLessThanOrEqualTo(1);
      } else {
        assertThat(completed).hasSize(1);
      }
      assertThat(env.cr().history().get(0).path("outcome").asText()).isEqualTo("Succeeded");
      if (annotation.equals(EMERGENCY)) {
        emergencyRecorded(env, inUse);
      }
      env.assertNoLeaks();
    }
  }

  /** The compromised token is recorded and waits for the admin exactly once. */
  private static void emergencyRecorded(E2eEnv env, String compromised) {
    Cr cr = env.cr();
    String fp = env.fingerprints().ofToken(compromised);
    assertThat(cr.text("/status/lastEmergencyRotation/outcome")).isEqualTo("Completed");
    assertThat(cr.text("/status/lastEmergencyRotation/compromisedToken/fingerprint")).isEqualTo(fp);
    assertThat(cr.text("/status/lastEmergencyRotation/revocation"))
        .isEqualTo("AwaitingManualRevocation");
    assertThat(cr.pendingRevocations())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.at("/token/fingerprint").asText()).isEqualTo(fp);
              assertThat(p.path("reason").asText()).isEqualTo("Emergency");
            });
    assertThat(env.eventReasons()).filteredOn("CompromisedTokenRevoked"::equals).hasSize(1);
  }
}
