package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.EmergencyOutcome;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RotationPhase;
import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.testing.Harness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Status is writable by whoever holds {@code costcredentials/status} (the emergency-rotator role):
 * malformed values end in the {@code InvalidStatus} condition with backoff, never in a reconcile
 * that throws every time, and an emergency still completes.
 */
@EnableKubernetesMockClient(crud = true)
class ForgedStatusTest {
  static KubernetesClient client;
  private Harness h;
  private Scenario s;

  @BeforeEach
  void setUp() throws Exception {
    h = new Harness(client, "forged-" + System.nanoTime(), PatchMode.JSON_MERGE);
    s = new Scenario(h);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  /** A manual rotation that waits in AwaitingRollout (the Deployment never finishes). */
  private RotationEngine stalledRotation() {
    RotationEngine engine = h.engine(StepHook.NONE);
    s.settle(engine);
    h.annotate(Scenario.NAME, Annotations.ROTATE, "r1");
    engine.reconcile(s.cr());
    assertThat(s.cr().getStatus().getRotation().getPhase())
        .isEqualTo(RotationPhase.AwaitingRollout);
    return engine;
  }

  private void forge(Consumer<CostCredentialStatus> edit) {
    CostCredential cr = s.cr();
    edit.accept(cr.getStatus());
    h.client.resource(cr).updateStatus();
  }

  private long statusWrites() {
    return h.writes.writes.stream().filter(w -> w.endsWith("/status")).count();
  }

  @Test
  void malformedValuesBecomeInvalidStatusWithBackoffNotAnExceptionLoop() {
    RotationEngine engine = stalledRotation();
    forge(
        st -> {
          st.getRotation().setStartedAt("yesterday at noon");
          st.getRotation().setPhase(RotationPhase.Unrecognized);
          st.setLastFailure(new io.costcred.operator.api.v1alpha1.LastFailure());
          st.getLastFailure().setTime("soon");
          st.setLastRotationTime("2026-13-45T99:00:00Z");
        });
    h.writes.reset();
    Duration next = engine.reconcile(s.cr());
    CostCredentialStatus st = s.cr().getStatus();
    assertThat(Conditions.hasReason(st, Reasons.DEGRADED, Reasons.INVALID_STATUS)).isTrue();
    assertThat(Conditions.get(st, Reasons.DEGRADED).orElseThrow().getMessage())
        .contains("rotation.startedAt", "rotation.phase", "lastFailure.time", "lastRotationTime")
        .doesNotContain("yesterday", "Deleting");
    assertThat(Times.parse(st.getRotation().getStartedAt())).isEqualTo(h.clock.instant());
    assertThat(st.getLastFailure().getAttempts()).isEqualTo(1);
    assertThat(next).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(h.events.has(Reasons.INVALID_STATUS)).isTrue();
    // Obtaining again took the ledger's pending token of this rotation: no second pool token.
    assertThat(s.servedToken()).isEqualTo(s.second);
    assertThat(h.secretData(Scenario.POOL)).containsOnlyKeys("03-third");

    // Repaired: later passes neither throw nor write on every call.
    for (int i = 0; i < 10; i++) {
      engine.reconcile(s.cr());
    }
    assertThat(statusWrites()).as("status writes in 11 reconciles").isLessThanOrEqualTo(3);
    h.clock.advance(Duration.ofMinutes(2)); // past the backoff
    h.finishRollout(Scenario.NAME);
    engine.reconcile(s.cr());
    st = s.cr().getStatus();
    assertThat(st.getRotation()).isNull();
    assertThat(st.getCurrentToken().getId()).isEqualTo("02-second");
    assertThat(st.getLastFailure()).isNull();
  }

  @Test
  void anEmergencyCompletesWhenTheRotationStartTimeIsGarbage() {
    RotationEngine engine = stalledRotation();
    forge(st -> st.getRotation().setStartedAt("\u0000not-a-time"));
    h.annotate(Scenario.NAME, Annotations.EMERGENCY, "token pasted in a ticket");
    engine.reconcile(s.cr());
    h.finishRollout(Scenario.NAME);
    h.clock.advance(Duration.ofSeconds(2)); // an emergency retries a failure after 2 s
    engine.reconcile(s.cr());
    CostCredentialStatus st = s.cr().getStatus();
    assertThat(st.getRotation()).isNull();
    assertThat(st.getLastEmergencyRotation().getCompletedAt()).isNotNull();
    assertThat(st.getLastEmergencyRotation().getOutcome()).isEqualTo(EmergencyOutcome.Completed);
    assertThat(s.servedToken()).isEqualTo(s.second);
    assertThat(h.events.has(Reasons.INVALID_STATUS)).isTrue();
  }

  @Test
  void aHandEditedStatusWithUnknownTextIsReadAndBecomesInvalidStatus() {
    RotationEngine engine = stalledRotation();
    // Raw JSON, as kubectl edit --subresource=status or another operator version would write it.
    var raw =
        h.client
            .genericKubernetesResources("costcred.io/v1alpha1", "CostCredential")
            .inNamespace(h.namespace)
            .withName(Scenario.NAME);
    var edited = raw.get();
    @SuppressWarnings("unchecked")
    var status = (java.util.Map<String, Object>) edited.getAdditionalProperties().get("status");
    @SuppressWarnings("unchecked")
    var rotation = (java.util.Map<String, Object>) status.get("rotation");
    rotation.put("phase", "Deleting");
    rotation.put("trigger", java.util.Map.of("nested", 7));
    status.put("failedAttempts", 12);
    status.put("lastFailureReason", "Old: flat text");
    raw.updateStatus(edited);

    CostCredential read = s.cr(); // the typed read (as the informer does) must not throw
    assertThat(read.getStatus().getRotation().getPhase()).isEqualTo(RotationPhase.Unrecognized);
    engine.reconcile(read);
    CostCredentialStatus st = s.cr().getStatus();
    assertThat(Conditions.hasReason(st, Reasons.DEGRADED, Reasons.INVALID_STATUS)).isTrue();
    assertThat(st.getLastFailure().getMessage()).contains("rotation.phase", "rotation.trigger");
    assertThat(st.getRotation().getPhase()).isNotEqualTo(RotationPhase.Unrecognized);
    String stored = raw.get().getAdditionalProperties().get("status").toString();
    assertThat(stored).doesNotContain("Deleting", "Unrecognized", "failedAttempts", "Old: flat");
  }
}
