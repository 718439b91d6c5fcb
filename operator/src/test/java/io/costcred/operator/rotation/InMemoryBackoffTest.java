package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.NotFoundException;
import io.costcred.operator.core.TransientException;
import io.costcred.operator.restart.RolloutState;
import io.costcred.operator.rotation.fakes.FakeProvider;
import io.costcred.operator.rotation.fakes.FakeWorld;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every failure, before, during or after a rotation, backs off through the one persisted gate. Each
 * test plays 10 minutes in which the operator is asked to reconcile every second (its own status
 * writes coming back, resyncs), and counts the attempts that got past the gate.
 */
class InMemoryBackoffTest {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(InMemoryBackoffTest.class);
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  /** Reconciles once a second for {@code d}, each time with a fresh engine every 100 passes. */
  private static void hammer(FakeWorld w, Duration d) {
    RotationEngine engine = w.engine(StepHook.NONE);
    for (long s = 0; s < d.toSeconds(); s++) {
      if (s % 100 == 99) {
        engine = w.engine(StepHook.NONE); // a restart: the gate lives in status, not in memory
      }
      engine.reconcile(w.cr());
      w.clock.advance(Duration.ofSeconds(1));
    }
  }

  private static long events(FakeWorld w, String reason) {
    return w.events.events.stream().filter(e -> e.reason().equals(reason)).count();
  }

  @Test
  void aMissingPoolSecretIsTriedOnTheLongIntervalAndAtOnceWhenItAppears() {
    FakeWorld w = new FakeWorld(FakeProvider.pool(3));
    w.planFailure = () -> new NotFoundException(Reasons.SECRET_NOT_FOUND, "Secret pool not found");
    hammer(w, TEN_MINUTES);
    LOG.info(
        "MEASURED missing pool, 600 reconciles in 10 min: {} attempts, {} status writes",
        w.plans.get(),
        w.statuses.writes());
    assertThat(w.plans.get()).as("attempts in 10 minutes").isBetween(1, 2);
    assertThat(w.statuses.writes()).as("status writes").isBetween(1, 2);
    assertThat(events(w, Reasons.SECRET_NOT_FOUND)).as("one Event per distinct failure").isOne();
    CostCredentialStatus st = w.cr().getStatus();
    assertThat(st.getLastFailure().getReason()).isEqualTo(Reasons.SECRET_NOT_FOUND);
    assertThat(st.getLastFailure().getMessage()).isEqualTo("Secret pool not found");
    assertThat(Conditions.hasReason(st, Reasons.READY, Reasons.SECRET_NOT_FOUND)).isTrue();

    // The Secret appears: the watch reports a new version and the next reconcile runs at once.
    w.planFailure = null;
    w.referenceVersion = "2";
    int before = w.plans.get();
    w.settle(w.engine(StepHook.NONE));
    assertThat(w.plans.get()).isGreaterThan(before);
    st = w.cr().getStatus();
    assertThat(st.getLastFailure()).isNull();
    assertThat(st.getCurrentToken()).isNotNull();
    assertThat(Conditions.isTrue(st, Reasons.READY)).isTrue();
  }

  @Test
  void aSpecFixIsTriedAtOnce() {
    FakeWorld w = new FakeWorld(FakeProvider.pool(3));
    w.planFailure = () -> new NotFoundException(Reasons.INVALID_SPEC, "spec.stores is empty");
    hammer(w, Duration.ofMinutes(1));
    assertThat(w.plans.get()).isOne();
    w.planFailure = null;
    w.editSpec();
    w.engine(StepHook.NONE).reconcile(w.cr());
    assertThat(w.plans.get()).isEqualTo(2);
    assertThat(w.cr().getStatus().getLastFailure()).isNull();
  }

  @Test
  void nothingTheFailureDependsOnChangedMeansNoCallAndNoWrite() {
    FakeWorld w = new FakeWorld(FakeProvider.pool(3));
    w.planFailure = () -> new NotFoundException(Reasons.SECRET_NOT_FOUND, "Secret pool not found");
    RotationEngine engine = w.engine(StepHook.NONE);
    Duration first = engine.reconcile(w.cr());
    assertThat(first).isEqualTo(FailureGate.PERMANENT_RETRY);
    int writes = w.statuses.writes();
    // An unrelated change (a label) is not a reason to try again.
    w.statuses.edit(cr -> cr.getMetadata().setLabels(java.util.Map.of("team", "a")), false);
    w.clock.advance(Duration.ofMinutes(1));
    Duration echo = engine.reconcile(w.cr());
    assertThat(echo).isEqualTo(Duration.ofMinutes(9));
    assertThat(w.statuses.writes()).isEqualTo(writes);
    assertThat(w.plans.get()).isOne();
    // A request is: it changes the inputs.
    w.requestManual("now");
    engine.reconcile(w.cr());
    assertThat(w.plans.get()).isEqualTo(2);
    assertThat(w.cr().getStatus().getLastFailure().getAttempts())
        .as("new inputs start counting again")
        .isOne();
  }

  @Test
  void aShortRetryHintIsAFloorNotAShortcutPastTheBackoff() {
    FakeWorld w = new FakeWorld(FakeProvider.pool(4));
    w.settle(w.engine(StepHook.NONE));
    // The AWS SDK's errors carry a fixed 15 s hint: honoured alone it meant 40 calls in 10 minutes.
    w.stores
        .get(1)
        .failWith(
            () ->
                new TransientException(
                    Reasons.STORE_FAILED, "memory/b unreachable", Duration.ofSeconds(15), null));
    int before = w.stores.get(1).publishes();
    w.requestManual("r1");
    hammer(w, TEN_MINUTES);
    int attempts = w.stores.get(1).publishes() - before;
    LOG.info("MEASURED store with a 15 s retry hint, 10 min: {} publish attempts", attempts);
    assertThat(attempts).as("publish attempts in 10 minutes").isBetween(4, 6);
  }

  @Test
  void anUnreachableStoreBacksOffExponentiallyDuringARotation() {
    FakeWorld w = new FakeWorld(FakeProvider.pool(4));
    w.settle(w.engine(StepHook.NONE));
    w.stores
        .get(1)
        .failWith(() -> new TransientException(Reasons.STORE_FAILED, "memory/b unreachable"));
    int before = w.stores.get(1).publishes();
    w.requestManual("r1");
    hammer(w, TEN_MINUTES);
    int attempts = w.stores.get(1).publishes() - before;
    LOG.info("MEASURED unreachable store, 600 reconciles in 10 min: {} publish attempts", attempts);
    // 30 s, 1, 2, 4 min: attempts at 0, 30, 90, 210 and 450 s.
    assertThat(attempts).as("publish attempts in 10 minutes").isBetween(4, 6);
    CostCredentialStatus st = w.cr().getStatus();
    assertThat(st.getLastFailure().getReason()).isEqualTo(Reasons.STORE_FAILED);
    assertThat(st.getLastFailure().getAttempts()).isEqualTo(attempts);
    assertThat(events(w, Reasons.STORE_FAILED)).isOne();
    assertThat(w.provider.revoked).as("nothing revoked while a store lags").isEmpty();

    w.stores.get(1).failWith(null);
    w.clock.advance(Duration.ofHours(1));
    w.settle(w.engine(StepHook.NONE));
    assertThat(w.cr().getStatus().getRotation()).isNull();
    assertThat(w.cr().getStatus().getLastFailure()).isNull();
    assertThat(w.cr().getStatus().getRevision()).isEqualTo(2);
  }

  @Test
  void aMissingRestartTargetIsPermanentAndRecoversWhenItAppears() {
    FakeWorld w = new FakeWorld(FakeProvider.pool(4));
    w.settle(w.engine(StepHook.NONE));
    w.targetFailure =
        () -> new NotFoundException(Reasons.RESTART_TARGET_NOT_FOUND, "Deployment app not found");
    w.requestManual("r1");
    int before = w.plans.get();
    hammer(w, TEN_MINUTES);
    LOG.info("MEASURED missing restart target, 10 min: {} attempts", w.plans.get() - before);
    assertThat(w.plans.get() - before).as("attempts in 10 minutes").isBetween(1, 2);
    assertThat(events(w, Reasons.RESTART_TARGET_NOT_FOUND)).isOne();
    w.targetFailure = null;
    w.referenceVersion = "deployment created";
    w.settle(w.engine(StepHook.NONE));
    assertThat(w.cr().getStatus().getRotation()).isNull();
    assertThat(w.cr().getStatus().getRevision()).isEqualTo(2);
  }

  @Test
  void anEmergencyNeverWaitsLongerThanTwoSeconds() {
    FakeWorld w = new FakeWorld(FakeProvider.minting());
    w.settle(w.engine(StepHook.NONE));
    w.stores
        .get(0)
        .failWith(() -> new TransientException(Reasons.STORE_FAILED, "memory/a unreachable"));
    w.requestEmergency("leaked");
    int before = w.stores.get(0).publishes();
    hammer(w, Duration.ofMinutes(1));
    LOG.info("MEASURED emergency, 1 min: {} attempts", w.stores.get(0).publishes() - before);
    assertThat(w.stores.get(0).publishes() - before).as("attempts in a minute").isBetween(20, 31);
  }

  @Test
  void aWaitForTheRolloutIsNotAFailure() {
    FakeWorld w = new FakeWorld(FakeProvider.pool(4));
    w.settle(w.engine(StepHook.NONE));
    w.restarter.hold(FakeWorld.DEPLOYMENT, RolloutState.PAUSED);
    w.requestManual("r1");
    hammer(w, Duration.ofMinutes(1));
    CostCredentialStatus st = w.cr().getStatus();
    assertThat(st.getLastFailure()).isNull();
    assertThat(Conditions.hasReason(st, Reasons.DEGRADED, Reasons.ROLLOUT_PAUSED)).isTrue();
    assertThat(st.getPendingRevocations()).as("the old token stays valid").isEmpty();
  }

  @Test
  void aConflictingStatusWriteIsNoFailureAndTheNextPassGoesOnFromTheFreshObject() {
    FakeWorld w = new FakeWorld(FakeProvider.pool(4));
    w.settle(w.engine(StepHook.NONE));
    w.requestManual("r1");
    RotationEngine engine = w.engine(StepHook.NONE);
    w.statuses.conflictNext();
    assertThat(engine.reconcile(w.cr())).isEqualTo(Duration.ofSeconds(1));
    assertThat(w.cr().getStatus().getLastFailure()).isNull();
    assertThat(events(w, Reasons.KUBERNETES_API_ERROR)).isZero();
    w.settle(engine);
    assertThat(w.cr().getStatus().getRevision()).isEqualTo(2);
  }
}
