package io.costcred.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.NotificationEvent;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RevocationState;
import io.costcred.operator.core.NotFoundException;
import io.costcred.operator.core.TransientException;
import io.costcred.operator.rotation.RotationEngine;
import io.costcred.operator.rotation.StepHook;
import io.costcred.operator.rotation.fakes.FakeProvider;
import io.costcred.operator.rotation.fakes.FakeWorld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real engine on in-memory fakes, asked to reconcile every second: what it stores after each
 * pass (the engine hands it to the notifier the same way) becomes one notification per episode, not
 * one per retry.
 */
class InMemoryNotificationsTest {
  private final FakeWorld w = new FakeWorld(FakeProvider.pool(3));
  private final Episodes episodes = new Episodes(w.clock, Duration.ofHours(1), 3);
  private final List<Notification> told = new ArrayList<>();

  /** Reconciles once a second for {@code d}; the notifier sees every stored status. */
  private void run(RotationEngine engine, Duration d) {
    run(engine, d, Duration.ofSeconds(1));
  }

  /** Reconciles every {@code step} for {@code d}. */
  private void run(RotationEngine engine, Duration d, Duration step) {
    for (long s = 0; s < d.toSeconds(); s += step.toSeconds()) {
      engine.reconcile(w.cr());
      told.addAll(episodes.observe(w.cr()));
      w.clock.advance(step);
    }
  }

  private long count(NotificationEvent e) {
    return told.stream().filter(n -> n.event() == e).count();
  }

  @Test
  void aTransientFailureIsToldOnceAfterTheThresholdAndItsRecoveryOnce() {
    RotationEngine engine = w.engine(StepHook.NONE);
    w.settle(engine);
    run(engine, Duration.ofSeconds(5));
    assertThat(episodes.open()).as("a healthy credential keeps nothing").isZero();
    w.planFailure =
        () -> new TransientException(Reasons.PROVIDER_UNAVAILABLE, "GET /v2/me answered 503");
    w.requestManual("now");
    run(engine, Duration.ofSeconds(40));
    assertThat(w.cr().getStatus().getLastFailure().getAttempts()).isBetween(1, 2);
    assertThat(told).as("first retries are not a real failure yet").isEmpty();

    run(engine, Duration.ofMinutes(30), Duration.ofSeconds(5));
    assertThat(w.cr().getStatus().getLastFailure().getAttempts()).isGreaterThan(3);
    assertThat(count(NotificationEvent.RotationFailed)).isOne();
    assertThat(episodes.open()).isOne();
    Notification n = told.get(0);
    assertThat(n.reason()).isEqualTo(Reasons.PROVIDER_UNAVAILABLE);
    assertThat(n.attempts()).isEqualTo(3);
    assertThat(n.credential()).isEqualTo("ns/" + FakeWorld.NAME);

    w.planFailure = null;
    w.referenceVersion = "2"; // the fix shows as a new version: tried at once
    run(engine, Duration.ofSeconds(30));
    assertThat(count(NotificationEvent.Recovered)).isOne();
    assertThat(told).hasSize(2);
    assertThat(episodes.open()).as("the episode ended").isZero();
  }

  @Test
  void aPermanentFailureIsToldAtOnceAndAgainAfterTheInterval() {
    RotationEngine engine = w.engine(StepHook.NONE);
    w.planFailure = () -> new NotFoundException(Reasons.SECRET_NOT_FOUND, "Secret pool not found");
    run(engine, Duration.ofMinutes(59), Duration.ofSeconds(10));
    assertThat(count(NotificationEvent.RotationFailed)).isOne();
    assertThat(told.get(0).attempts()).isOne();
    run(engine, Duration.ofMinutes(2));
    assertThat(count(NotificationEvent.RotationFailed)).as("re-notified after 1h").isEqualTo(2);
  }

  @Test
  void aFailingEmergencyIsToldAsBlocked() {
    RotationEngine engine = w.engine(StepHook.NONE);
    w.settle(engine);
    w.stores
        .get(0)
        .failWith(() -> new TransientException(Reasons.STORE_FAILED, "store answered 503"));
    w.requestEmergency("leaked in a log");
    run(engine, Duration.ofMinutes(2));
    assertThat(count(NotificationEvent.EmergencyBlocked)).isOne();
    assertThat(count(NotificationEvent.RotationFailed)).isZero();
  }

  @Test
  void aTokenToRevokeByHandIsToldOnce() {
    RotationEngine engine = w.engine(StepHook.NONE);
    w.settle(engine);
    w.clock.advance(Duration.ofMinutes(1));
    w.requestManual("again");
    w.settle(engine);
    run(
        engine,
        Duration.ofHours(2).plusMinutes(30),
        Duration.ofSeconds(10)); // past the grace period, then polled
    assertThat(w.cr().getStatus().getPendingRevocations())
        .anyMatch(p -> p.getState() == RevocationState.AwaitingManualRevocation);
    assertThat(count(NotificationEvent.RevocationRequired)).isEqualTo(2); // once, again after 1h
    Notification n =
        told.stream()
            .filter(x -> x.event() == NotificationEvent.RevocationRequired)
            .findFirst()
            .orElseThrow();
    assertThat(n.reason()).isEqualTo(Reasons.MANUAL_REVOCATION_REQUIRED);
    assertThat(n.message()).contains("in the provider console");
  }
}
