package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.EmergencyOutcome;
import io.costcred.operator.api.v1alpha1.EmergencyRecord;
import io.costcred.operator.api.v1alpha1.LastFailure;
import io.costcred.operator.api.v1alpha1.PendingRevocation;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RevocationState;
import io.costcred.operator.api.v1alpha1.RotationPhase;
import io.costcred.operator.api.v1alpha1.RotationRun;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.costcred.operator.api.v1alpha1.TokenHandle;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Table of {@link StatusSummary#derive}: status + observations -> one condition's value. */
class StatusSummaryTest {
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

  record Row(
      String name,
      Consumer<CostCredentialStatus> status,
      Observations seen,
      String type,
      String expectedStatus,
      String expectedReason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Row> rows() {
    return Stream.of(readyAndRotating(), emergencyAndRevocation(), degraded()).flatMap(x -> x);
  }

  private static Stream<Row> readyAndRotating() {
    Observations none = Observations.NONE;
    return Stream.of(
        new Row("no token yet", st -> {}, none, Reasons.READY, "False", Reasons.INITIALIZING),
        new Row(
            "current token", current(), none, Reasons.READY, "True", Reasons.CREDENTIAL_CURRENT),
        new Row(
            "plan failed",
            current().andThen(failure(Reasons.SECRET_NOT_FOUND)),
            none.withPlanFailed(),
            Reasons.READY,
            "False",
            Reasons.SECRET_NOT_FOUND),
        new Row(
            "first token failing",
            failure(Reasons.PROVIDER_UNAVAILABLE),
            none,
            Reasons.READY,
            "False",
            Reasons.PROVIDER_UNAVAILABLE),
        new Row(
            "current token rejected",
            current().andThen(rotation(RotationTrigger.CurrentTokenRejected)),
            none,
            Reasons.READY,
            "False",
            Reasons.CURRENT_TOKEN_INVALID),
        new Row("idle", current(), none, Reasons.ROTATING, "False", Reasons.IDLE),
        new Row(
            "rotating",
            rotation(RotationTrigger.Manual),
            none,
            Reasons.ROTATING,
            "True",
            RotationPhase.Publishing.name()),
        new Row(
            "waiting for budget",
            rotation(RotationTrigger.Manual),
            Observations.budgetWait(),
            Reasons.ROTATING,
            "True",
            Reasons.WAITING_FOR_RATE_BUDGET));
  }

  private static Stream<Row> emergencyAndRevocation() {
    Observations none = Observations.NONE;
    return Stream.of(
        new Row(
            "emergency running",
            rotation(RotationTrigger.Emergency),
            none,
            Reasons.EMERGENCY_ROTATION,
            "True",
            Reasons.IN_PROGRESS),
        new Row(
            "emergency done",
            st -> {
              EmergencyRecord em = new EmergencyRecord();
              em.setOutcome(EmergencyOutcome.Completed);
              st.setLastEmergencyRotation(em);
            },
            none,
            Reasons.EMERGENCY_ROTATION,
            "False",
            Reasons.COMPLETED),
        new Row("no emergency ever", st -> {}, none, Reasons.EMERGENCY_ROTATION, null, null),
        new Row(
            "manual revocation",
            revocation(RevocationState.AwaitingManualRevocation),
            none,
            Reasons.REVOCATION_REQUIRED,
            "True",
            Reasons.MANUAL_REVOCATION_REQUIRED),
        new Row(
            "revocation scheduled",
            revocation(RevocationState.Scheduled),
            none,
            Reasons.REVOCATION_REQUIRED,
            "False",
            Reasons.NONE_OUTSTANDING));
  }

  private static Stream<Row> degraded() {
    Observations none = Observations.NONE;
    return Stream.of(
        new Row("healthy", current(), none, Reasons.DEGRADED, "False", Reasons.AS_EXPECTED),
        new Row(
            "failure stands",
            current().andThen(failure(Reasons.STORE_FAILED)),
            none,
            Reasons.DEGRADED,
            "True",
            Reasons.STORE_FAILED),
        new Row(
            "rollout paused",
            rotation(RotationTrigger.Manual),
            Observations.blocked(Reasons.ROLLOUT_PAUSED, "Deployment d"),
            Reasons.DEGRADED,
            "True",
            Reasons.ROLLOUT_PAUSED),
        new Row(
            "failure wins over a blocked rollout",
            rotation(RotationTrigger.Manual).andThen(failure(Reasons.RESTART_FAILED)),
            Observations.blocked(Reasons.ROLLOUT_PAUSED, "Deployment d"),
            Reasons.DEGRADED,
            "True",
            Reasons.RESTART_FAILED),
        new Row(
            "pool low",
            current().andThen(st -> st.setPoolRemaining(1)),
            none.withPoolLowWatermark(1),
            Reasons.DEGRADED,
            "True",
            Reasons.POOL_LOW),
        new Row(
            "pool empty",
            current().andThen(st -> st.setPoolRemaining(0)),
            none.withPoolLowWatermark(1),
            Reasons.DEGRADED,
            "True",
            Reasons.POOL_EMPTY),
        new Row(
            "pool fine",
            current().andThen(st -> st.setPoolRemaining(5)),
            none.withPoolLowWatermark(1),
            Reasons.DEGRADED,
            "False",
            Reasons.AS_EXPECTED),
        new Row(
            "malformed pool key",
            current().andThen(st -> st.getPoolMalformedKeys().add("k")),
            none,
            Reasons.DEGRADED,
            "True",
            Reasons.POOL_TOKEN_MALFORMED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void derives(Row row) {
    CostCredentialStatus st = new CostCredentialStatus();
    row.status().accept(st);
    String before = io.fabric8.kubernetes.client.utils.Serialization.asJson(st);
    List<Condition> out = StatusSummary.derive(st, row.seen(), NOW, 3L);
    assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(st))
        .as("derive leaves the status alone")
        .isEqualTo(before);
    Condition c = out.stream().filter(x -> row.type().equals(x.getType())).findFirst().orElse(null);
    if (row.expectedStatus() == null) {
      assertThat(c).isNull();
      return;
    }
    assertThat(c).isNotNull();
    assertThat(c.getStatus()).isEqualTo(row.expectedStatus());
    assertThat(c.getReason()).isEqualTo(row.expectedReason());
    assertThat(c.getObservedGeneration()).isEqualTo(3L);
  }

  private static Consumer<CostCredentialStatus> current() {
    return st -> {
      TokenHandle h = new TokenHandle();
      h.setId("t1");
      h.setFingerprint("f1");
      st.setCurrentToken(h);
    };
  }

  private static Consumer<CostCredentialStatus> failure(String reason) {
    return st -> {
      LastFailure f = new LastFailure();
      f.setReason(reason);
      f.setMessage("what failed");
      f.setAttempts(1);
      st.setLastFailure(f);
    };
  }

  private static Consumer<CostCredentialStatus> rotation(RotationTrigger trigger) {
    return current()
        .andThen(
            st -> {
              RotationRun r = new RotationRun();
              r.setId("u-r1");
              r.setTrigger(trigger);
              r.setPhase(RotationPhase.Publishing);
              st.setRotation(r);
            });
  }

  private static Consumer<CostCredentialStatus> revocation(RevocationState state) {
    return current()
        .andThen(
            st -> {
              PendingRevocation pr = new PendingRevocation();
              TokenHandle h = new TokenHandle();
              h.setId("old");
              h.setFingerprint("f0");
              pr.setToken(h);
              pr.setState(state);
              st.getPendingRevocations().add(pr);
            });
  }
}
