package io.costcred.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.costcred.e2e.support.Cr;
import io.costcred.e2e.support.E2eEnv;
import io.costcred.e2e.support.Invariants;
import io.costcred.e2e.support.Maps;
import io.costcred.e2e.support.Recorder;
import io.costcred.e2e.support.Workload;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An emergency rotation of a leaked token: the compromised token is flagged for revocation (Vantage
 * cannot revoke by API) before any consumer restarts, the incident is recorded in status and
 * Events, and the admin's revocation is verified afterwards.
 */
class EmergencyRotationIT {
  private static final String REASON = "token pasted in #general";

  @Test
  void compromisedTokenIsFlaggedBeforeTheConsumersRestart() {
    try (E2eEnv env = E2eEnv.create("emergency-rotation")) {
      String leaked = env.issue("leaked");
      env.consumers(leaked);
      env.pool(List.of(env.issue("p1"), env.issue("p2"), env.issue("p3"), env.issue("p4")));
      env.credential(
          spec -> Maps.at(spec, "provider", "vantage").put("revocationCheckInterval", "2s"),
          Map.of());
      env.startOperator("op-" + Long.toString(System.nanoTime(), 36), null);
      env.awaitCr("token adopted", Duration.ofSeconds(60), c -> c.currentFingerprint() != null);
      String leakedFp = env.fingerprints().ofToken(leaked);
      Invariants.Baseline before = Invariants.capture(env, 0, leaked);

      Cr done;
      Recorder recorder = new Recorder(env);
      try (recorder) {
        env.annotate("costcred.io/requested-by", "oncall@example.com");
        env.annotate("costcred.io/emergency-rotation", REASON);
        done =
            env.awaitCr(
                "emergency rotation completed",
                Duration.ofSeconds(60),
                c ->
                    "Completed".equals(c.text("/status/lastEmergencyRotation/outcome"))
                        && "False".equals(c.conditionStatus("EmergencyRotation")));
      }
      Invariants.assertRotatedExactlyOnce(env, before);
      flaggedBeforeRestart(env, recorder, done, leakedFp);
      conditionsAndEvents(recorder, done, env);

      // The admin revokes the leaked token in the Vantage console; the operator verifies it.
      env.vantage.revoke(leaked);
      Cr verified =
          env.awaitCr(
              "revocation verified",
              Duration.ofSeconds(30),
              c ->
                  "VerifiedRevoked".equals(c.text("/status/lastEmergencyRotation/revocation"))
                      && "False".equals(c.conditionStatus("RevocationRequired")));
      assertThat(verified.pendingRevocations()).isEmpty();
      assertThat(verified.conditionStatus("RevocationRequired")).isEqualTo("False");
      assertThat(verified.time("/status/lastEmergencyRotation/revokedAt")).isNotNull();
      // The event follows the status write and the ledger's clean-up (Revocations): it may reach
      // the API server after the status the wait above saw.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(env.eventReasons()).contains("RevocationVerified"));
      env.assertNoLeaks();
    }
  }

  /**
   * The status write that flags the compromised token precedes the creation of the new ReplicaSet.
   * resourceVersions of this etcd-backed API server come from one global revision counter, which
   * orders writes across object kinds; the timestamps must agree.
   */
  private static void flaggedBeforeRestart(E2eEnv env, Recorder rec, Cr done, String leakedFp) {
    JsonNode em = done.json().at("/status/lastEmergencyRotation");
    assertThat(em.path("reason").asText()).isEqualTo(REASON);
    assertThat(em.path("requestedBy").asText()).isEqualTo("oncall@example.com");
    assertThat(em.at("/compromisedToken/fingerprint").asText()).isEqualTo(leakedFp);
    assertThat(em.path("revocation").asText()).isEqualTo("AwaitingManualRevocation");
    JsonNode pr = done.pendingRevocations().get(0);
    assertThat(done.pendingRevocations()).hasSize(1);
    assertThat(pr.at("/token/fingerprint").asText()).isEqualTo(leakedFp);
    assertThat(pr.path("reason").asText()).isEqualTo("Emergency");
    assertThat(pr.path("state").asText()).isEqualTo("AwaitingManualRevocation");
    assertThat(done.conditionStatus("RevocationRequired")).isEqualTo("True");

    Cr flagged =
        rec.versions.stream()
            .filter(c -> c.text("/status/lastEmergencyRotation/revocation") != null)
            .findFirst()
            .orElseThrow();
    assertThat(flagged.phase()).as("phase when the token was flagged").isEqualTo("Restarting");
    Recorder.NewReplicaSet created =
        rec.replicaSets.stream()
            .filter(
                r ->
                    done.currentFingerprint()
                        .equals(
                            r.replicaSet()
                                .getSpec()
                                .getTemplate()
                                .getMetadata()
                                .getAnnotations()
                                .get(Workload.FINGERPRINT)))
            .findFirst()
            .orElseThrow();
    assertThat(flagged.resourceVersion())
        .as("status write flagging the token precedes the new ReplicaSet")
        .isLessThan(created.resourceVersion());
    Instant requiredSince = Instant.parse(pr.path("requiredSince").asText());
    Instant rsCreated = Instant.parse(created.replicaSet().getMetadata().getCreationTimestamp());
    assertThat(requiredSince).isBeforeOrEqualTo(rsCreated);
    assertThat(done.time("/status/lastEmergencyRotation/requestedAt")).isBeforeOrEqualTo(rsCreated);
    assertThat(env.deployment.replicaSets()).hasSize(2);
  }

  private static void conditionsAndEvents(Recorder rec, Cr done, E2eEnv env) {
    assertThat(rec.versions)
        .as("EmergencyRotation True while the rotation runs")
        .anySatisfy(
            c -> {
              assertThat(c.conditionStatus("EmergencyRotation")).isEqualTo("True");
              assertThat(c.conditionReason("EmergencyRotation")).isEqualTo("InProgress");
              assertThat(c.rotating()).isTrue();
            });
    assertThat(done.conditionStatus("EmergencyRotation")).isEqualTo("False");
    assertThat(done.conditionReason("EmergencyRotation")).isEqualTo("Completed");
    assertThat(done.history().get(0).path("trigger").asText()).isEqualTo("Emergency");
    List<Event> events = env.events();
    assertThat(events)
        .filteredOn(e -> "Warning".equals(e.getType()))
        .extracting(Event::getReason)
        .contains(
            "EmergencyRotationStarted",
            "EmergencyTokenVerified",
            "EmergencyTokenPublished",
            "CompromisedTokenRevoked",
            "EmergencyConsumersRestarted");
    assertThat(events).extracting(Event::getReason).contains("RotationCompleted");
  }
}
