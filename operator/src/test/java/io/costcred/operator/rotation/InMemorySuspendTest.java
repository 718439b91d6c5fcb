package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.EmergencyOutcome;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RotationRecord;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.costcred.operator.rotation.fakes.FakeProvider;
import io.costcred.operator.rotation.fakes.FakeWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * spec.suspend pauses the schedule only: emergencies, manual requests and revocations go on, the
 * Rotating condition says Suspended, and a policy's maxInterval is not lifted by it.
 */
class InMemorySuspendTest {
  private static final Duration INTERVAL = Duration.ofDays(90);

  /** A credential with its first token (revision 1), then suspended. */
  private static FakeWorld suspendedWithToken(FakeProvider provider) {
    FakeWorld w = new FakeWorld(provider);
    w.settle(w.engine(StepHook.NONE));
    assertThat(w.cr().getStatus().getRevision()).isEqualTo(1);
    w.suspend(true);
    return w;
  }

  private static RotationRecord lastRotation(CostCredentialStatus st) {
    return st.getHistory().get(0); // newest first
  }

  @Test
  void aSuspendedCredentialIsNotRotatedWhenDueAndSaysSo() {
    FakeWorld w = suspendedWithToken(FakeProvider.pool(3));
    RotationEngine engine = w.engine(StepHook.NONE);
    engine.reconcile(w.cr());
    CostCredentialStatus st = w.cr().getStatus();
    assertThat(st.getNextRotationTime()).as("no scheduled rotation while suspended").isNull();
    assertThat(Conditions.hasReason(st, Reasons.ROTATING, Reasons.SUSPENDED)).isTrue();
    assertThat(Conditions.get(st, Reasons.ROTATING).orElseThrow().getMessage())
        .contains("spec.suspend");
    assertThat(Conditions.isTrue(st, Reasons.READY)).as("Ready is unchanged").isTrue();

    w.clock.advance(INTERVAL.plusDays(30));
    w.settle(engine);
    st = w.cr().getStatus();
    assertThat(st.getRevision()).as("overdue, still not rotated").isEqualTo(1);
    assertThat(w.provider.obtains()).isOne();
  }

  @Test
  void anEmergencyStillRotatesAndRevokesTheOldTokenAtOnce() {
    FakeWorld w = suspendedWithToken(FakeProvider.minting());
    w.clock.advance(Duration.ofMinutes(5));
    w.requestEmergency("key leaked in a CI log");
    w.settle(w.engine(StepHook.NONE));
    CostCredentialStatus st = w.cr().getStatus();
    assertThat(st.getRevision()).isEqualTo(2);
    assertThat(lastRotation(st).getTrigger()).isEqualTo(RotationTrigger.Emergency);
    assertThat(st.getLastEmergencyRotation().getOutcome()).isEqualTo(EmergencyOutcome.Completed);
    assertThat(w.provider.revoked).as("the compromised token is revoked").hasSize(1);
    assertThat(st.getPendingRevocations()).isEmpty();
    assertThat(Conditions.hasReason(st, Reasons.ROTATING, Reasons.SUSPENDED))
        .as("still suspended afterwards")
        .isTrue();
    assertThat(st.getNextRotationTime()).isNull();
  }

  @Test
  void aManualRequestIsHonouredAndTheOldTokenIsRevokedAfterItsGracePeriod() {
    FakeWorld w = suspendedWithToken(FakeProvider.minting());
    RotationEngine engine = w.engine(StepHook.NONE);
    w.clock.advance(Duration.ofMinutes(5));
    w.requestManual("rotate-while-suspended");
    w.settle(engine);
    CostCredentialStatus st = w.cr().getStatus();
    assertThat(st.getRevision()).as("manual request honoured").isEqualTo(2);
    assertThat(lastRotation(st).getTrigger()).isEqualTo(RotationTrigger.Manual);
    assertThat(st.getPendingRevocations()).hasSize(1);
    assertThat(w.provider.revoked).as("within the grace period").isEmpty();

    w.clock.advance(Duration.ofHours(2)); // past the one-hour grace period
    engine.reconcile(w.cr());
    assertThat(w.cr().getStatus().getPendingRevocations())
        .as("the old token does not outlive its grace period because of suspend")
        .isEmpty();
    assertThat(w.provider.revoked).hasSize(1);
  }

  @Test
  void unsuspendingRunsTheOverdueRotationAtOnce() {
    FakeWorld w = suspendedWithToken(FakeProvider.pool(3));
    RotationEngine engine = w.engine(StepHook.NONE);
    w.clock.advance(INTERVAL.plusDays(10));
    engine.reconcile(w.cr());
    assertThat(w.cr().getStatus().getRevision()).isEqualTo(1);

    w.suspend(false);
    w.settle(engine);
    CostCredentialStatus st = w.cr().getStatus();
    assertThat(st.getRevision()).isEqualTo(2);
    assertThat(lastRotation(st).getTrigger()).isEqualTo(RotationTrigger.Scheduled);
    assertThat(Conditions.hasReason(st, Reasons.ROTATING, Reasons.IDLE)).isTrue();
    assertThat(st.getNextRotationTime()).isEqualTo(Times.format(w.clock.instant().plus(INTERVAL)));
  }

  @Test
  void aPolicyMaxIntervalIsNotLiftedBySuspend() {
    FakeWorld w = new FakeWorld(FakeProvider.pool(3));
    w.schedule = new Schedule(Duration.ofDays(30), List.of()).withPolicyMaxAge(Duration.ofDays(60));
    w.settle(w.engine(StepHook.NONE));
    Instant first = Times.parse(w.cr().getStatus().getLastRotationTime());
    w.suspend(true);
    RotationEngine engine = w.engine(StepHook.NONE);
    engine.reconcile(w.cr());
    CostCredentialStatus st = w.cr().getStatus();
    assertThat(st.getNextRotationTime())
        .as("the time the policy forces")
        .isEqualTo(Times.format(first.plus(Duration.ofDays(60))));
    assertThat(Conditions.get(st, Reasons.ROTATING).orElseThrow().getMessage())
        .contains("maxInterval forces the next one at " + st.getNextRotationTime());

    w.clock.advance(Duration.ofDays(45)); // past the interval, within the policy's limit
    engine.reconcile(w.cr());
    assertThat(w.cr().getStatus().getRevision()).isEqualTo(1);

    w.clock.advance(Duration.ofDays(16)); // past the policy's maxInterval
    w.settle(engine);
    st = w.cr().getStatus();
    assertThat(st.getRevision()).isEqualTo(2);
    assertThat(lastRotation(st).getTrigger()).isEqualTo(RotationTrigger.Scheduled);
    assertThat(Conditions.hasReason(st, Reasons.ROTATING, Reasons.SUSPENDED)).isTrue();
  }
}
