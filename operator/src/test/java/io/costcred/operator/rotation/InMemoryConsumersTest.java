package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.ConsumerKind;
import io.costcred.operator.api.v1alpha1.ConsumerRestart;
import io.costcred.operator.api.v1alpha1.ConsumerStatus;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.PendingRevocation;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RevocationState;
import io.costcred.operator.consumers.Access;
import io.costcred.operator.consumers.Consumer;
import io.costcred.operator.consumers.PodView;
import io.costcred.operator.rotation.fakes.FakeProvider;
import io.costcred.operator.rotation.fakes.FakeWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Consumers of the store Secret that are not restart targets: reported before the first rotation
 * and at each one, and a scheduled revocation held while a running pod still holds the old token
 * (or, where the provider reports key use, while the old key is used after the cut-over).
 */
class InMemoryConsumersTest {
  private static final Set<Access> ENV = Set.of(Access.Env);

  private static Consumer consumer(ConsumerKind kind, String name, Set<Access> how, PodView... p) {
    return new Consumer(kind, name, Map.of(FakeWorld.SECRET, how), List.of(p));
  }

  private static PodView pod(String name, Instant created) {
    return new PodView(name, created, false, Map.of());
  }

  private static long events(FakeWorld w, String reason) {
    return w.events.events.stream().filter(e -> e.reason().equals(reason)).count();
  }

  /** Two rotations: the first token is current, the second replaced it, its revocation waits. */
  private static PendingRevocation rotateTwice(FakeWorld w, RotationEngine engine) {
    w.settle(engine);
    w.clock.advance(Duration.ofMinutes(1));
    w.requestManual("again");
    w.settle(engine);
    CostCredentialStatus st = w.cr().getStatus();
    assertThat(st.getRevision()).isEqualTo(2);
    return st.getPendingRevocations().get(0);
  }

  @Test
  void unlistedConsumersAreNamedBeforeTheFirstRotationOnce() {
    FakeWorld w = new FakeWorld(FakeProvider.pool(3));
    Instant t0 = w.clock.instant();
    w.consumers.set(
        List.of(
            consumer(ConsumerKind.Deployment, FakeWorld.DEPLOYMENT, ENV, pod("app-1", t0)),
            consumer(ConsumerKind.Deployment, "reporter", ENV, pod("reporter-1", t0)),
            consumer(ConsumerKind.Pod, "debug", Set.of(Access.Volume), pod("debug", t0))));
    RotationEngine engine = w.engine(StepHook.NONE);
    engine.reconcile(w.cr());

    CostCredentialStatus st = w.cr().getStatus();
    assertThat(st.getConsumers())
        .extracting(ConsumerStatus::getName, ConsumerStatus::getRestart)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("reporter", ConsumerRestart.NotRestarted),
            org.assertj.core.groups.Tuple.tuple("debug", ConsumerRestart.NotRestarted),
            org.assertj.core.groups.Tuple.tuple(FakeWorld.DEPLOYMENT, ConsumerRestart.Target));
    assertThat(
            Conditions.hasReason(st, Reasons.UNLISTED_CONSUMERS, Reasons.CONSUMERS_NOT_RESTARTED))
        .isTrue();
    assertThat(Conditions.get(st, Reasons.UNLISTED_CONSUMERS).orElseThrow().getMessage())
        .contains("Deployment reporter", "Pod debug");
    assertThat(events(w, ConsumerReport.EVENT)).as("one Event for the first rotation").isOne();

    w.settle(engine);
    engine.reconcile(w.cr());
    assertThat(events(w, ConsumerReport.EVENT)).as("no repeat while nothing changes").isOne();
    w.requestManual("second");
    w.settle(engine);
    assertThat(events(w, ConsumerReport.EVENT)).as("named again at the next rotation").isEqualTo(2);
  }

  @Test
  void aScheduledRevocationWaitsForThePodsOnTheOldTokenAndGoesOnWhenTheyAreGone() {
    FakeWorld w = new FakeWorld(FakeProvider.minting());
    RotationEngine engine = w.engine(StepHook.NONE);
    Instant before = w.clock.instant();
    w.consumers.set(List.of(consumer(ConsumerKind.Pod, "debug", ENV, pod("debug", before))));
    PendingRevocation pr = rotateTwice(w, engine);
    assertThat(pr.getCutOverAt()).as("the bare pod still runs the old token").isNull();
    String oldToken = pr.getToken().getId();

    w.clock.advance(Duration.ofHours(2)); // past the grace period
    engine.reconcile(w.cr());
    CostCredentialStatus st = w.cr().getStatus();
    pr = st.getPendingRevocations().get(0);
    assertThat(pr.getState()).isEqualTo(RevocationState.Held);
    assertThat(pr.getHeldReason()).isEqualTo(Reasons.OLD_CREDENTIAL_IN_USE);
    assertThat(pr.getHeldBy()).contains("Pod debug (pods debug)");
    assertThat(Conditions.hasReason(st, Reasons.REVOCATION_HELD, Reasons.OLD_CREDENTIAL_IN_USE))
        .isTrue();
    assertThat(w.provider.revoked).as("nothing revoked while held").isEmpty();
    assertThat(events(w, "RevocationHeld")).isOne();
    engine.reconcile(w.cr());
    assertThat(events(w, "RevocationHeld")).as("one Event per hold").isOne();

    // The pod is replaced by one started after the new token was published.
    w.clock.advance(Duration.ofMinutes(1));
    w.consumers.set(
        List.of(consumer(ConsumerKind.Pod, "debug", ENV, pod("debug", w.clock.instant()))));
    engine.reconcile(w.cr());
    st = w.cr().getStatus();
    assertThat(st.getPendingRevocations()).as("revoked by API").isEmpty();
    assertThat(w.provider.revoked).hasSize(1);
    assertThat(Conditions.hasReason(st, Reasons.REVOCATION_HELD, Reasons.NONE_HELD)).isTrue();
    assertThat(events(w, "ConsumersCutOver")).isOne();
    assertThat(oldToken).isNotNull();
  }

  @Test
  void aPodStampedWithTheNewFingerprintOrStartedAfterThePublishIsCutOver() {
    FakeWorld w = new FakeWorld(FakeProvider.minting());
    RotationEngine engine = w.engine(StepHook.NONE);
    w.consumers.set(List.of());
    PendingRevocation pr = rotateTwice(w, engine);
    assertThat(pr.getCutOverAt()).as("no consumer: cut over at once").isNotNull();

    String fp = w.cr().getStatus().getCurrentToken().getFingerprint();
    Instant published = Instant.parse(w.cr().getStatus().getStores().get(0).getPublishedAt());
    w.consumers.set(
        List.of(
            consumer(
                ConsumerKind.Deployment,
                FakeWorld.DEPLOYMENT,
                ENV,
                new PodView(
                    "stamped",
                    published.minusSeconds(30),
                    false,
                    Map.of(Annotations.fingerprintKey(FakeWorld.NAME), fp)),
                pod("later", published.plusSeconds(1)),
                pod("same-second", published))));
    engine.reconcile(w.cr());
    ConsumerStatus c = w.cr().getStatus().getConsumers().get(0);
    assertThat(c.getPodsCurrent()).isEqualTo(2);
    assertThat(c.getOldPods()).containsExactly("same-second");
  }

  @Test
  void anAcknowledgedHoldProceedsWithAnEvent() {
    FakeWorld w = new FakeWorld(FakeProvider.minting());
    RotationEngine engine = w.engine(StepHook.NONE);
    w.consumers.set(
        List.of(consumer(ConsumerKind.Pod, "debug", ENV, pod("debug", w.clock.instant()))));
    PendingRevocation pr = rotateTwice(w, engine);
    w.clock.advance(Duration.ofHours(2));
    engine.reconcile(w.cr());
    assertThat(w.cr().getStatus().getPendingRevocations().get(0).getState())
        .isEqualTo(RevocationState.Held);

    w.annotate(Annotations.ACKNOWLEDGE_HOLD, "some-other-rotation");
    engine.reconcile(w.cr());
    assertThat(w.provider.revoked).as("another rotation's acknowledgement").isEmpty();
    w.annotate(Annotations.ACKNOWLEDGE_HOLD, pr.getToken().getRotationId());
    engine.reconcile(w.cr());
    assertThat(w.cr().getStatus().getPendingRevocations()).isEmpty();
    assertThat(w.provider.revoked).hasSize(1);
    assertThat(events(w, "RevocationHoldAcknowledged")).isOne();
  }

  @Test
  void aHoldEndsAfterTheMaximumWithAWarning() {
    FakeWorld w = new FakeWorld(FakeProvider.pool(3));
    RotationEngine engine = w.engine(StepHook.NONE);
    w.consumers.set(
        List.of(consumer(ConsumerKind.Job, "nightly", ENV, pod("nightly-x", w.clock.instant()))));
    rotateTwice(w, engine);
    w.clock.advance(Duration.ofHours(2));
    engine.reconcile(w.cr());
    assertThat(w.cr().getStatus().getPendingRevocations().get(0).getState())
        .isEqualTo(RevocationState.Held);
    assertThat(Conditions.isTrue(w.cr().getStatus(), Reasons.REVOCATION_REQUIRED))
        .as("an admin is not asked to revoke while pods use it")
        .isFalse();

    w.clock.advance(ConsumerPolicy.DEFAULT_MAX_HOLD);
    engine.reconcile(w.cr());
    PendingRevocation pr = w.cr().getStatus().getPendingRevocations().get(0);
    assertThat(pr.getState()).isEqualTo(RevocationState.AwaitingManualRevocation);
    assertThat(pr.getHeldBy()).isNull();
    assertThat(events(w, "RevocationHoldExpired")).isOne();
    assertThat(Conditions.isTrue(w.cr().getStatus(), Reasons.REVOCATION_REQUIRED)).isTrue();
  }

  @Test
  void anEmergencyNeverWaitsForConsumers() {
    FakeWorld w = new FakeWorld(FakeProvider.minting());
    RotationEngine engine = w.engine(StepHook.NONE);
    w.consumers.set(
        List.of(consumer(ConsumerKind.Pod, "debug", ENV, pod("debug", w.clock.instant()))));
    w.settle(engine);
    w.clock.advance(Duration.ofMinutes(1));
    w.requestEmergency("leaked in a log");
    w.settle(engine);
    assertThat(w.provider.revoked).as("the compromised token, at once").hasSize(1);
    assertThat(w.cr().getStatus().getPendingRevocations()).isEmpty();
  }

  @Test
  void anOldKeyUsedAfterTheCutOverIsNotDeactivatedUntilItIsNoLongerUsed() {
    FakeWorld w = new FakeWorld(FakeProvider.mintingWithKeyUsage());
    RotationEngine engine = w.engine(StepHook.NONE);
    PendingRevocation pr = rotateTwice(w, engine);
    Instant cutOver = Instant.parse(pr.getCutOverAt());
    String oldKey = "key-" + pr.getToken().getRotationId().replace("-r2", "-r1");
    assertThat(
            w.provider.keyIdOf(
                FakeProvider.value(w.ledger.retired(pr.getToken().getRotationId()).orElseThrow())))
        .isEqualTo(oldKey);
    w.provider.lastUsed.put(oldKey, cutOver.plusSeconds(600)); // something outside still uses it

    w.clock.advance(Duration.ofHours(2));
    engine.reconcile(w.cr());
    CostCredentialStatus st = w.cr().getStatus();
    pr = st.getPendingRevocations().get(0);
    assertThat(pr.getState()).isEqualTo(RevocationState.Held);
    assertThat(pr.getHeldReason()).isEqualTo(Reasons.OLD_KEY_STILL_USED);
    assertThat(pr.getHeldBy()).contains(oldKey, Times.format(cutOver.plusSeconds(600)));
    assertThat(Conditions.hasReason(st, Reasons.REVOCATION_HELD, Reasons.OLD_KEY_STILL_USED))
        .isTrue();
    assertThat(w.provider.revoked).isEmpty();

    int asked = w.provider.usageQueries.get();
    engine.reconcile(w.cr());
    assertThat(w.provider.usageQueries.get()).as("asked once per check interval").isEqualTo(asked);

    w.provider.lastUsed.put(oldKey, cutOver.plusSeconds(30)); // within the clock skew allowed
    w.clock.advance(Duration.ofMinutes(6));
    engine.reconcile(w.cr());
    assertThat(w.cr().getStatus().getPendingRevocations()).isEmpty();
    assertThat(w.provider.revoked).hasSize(1);
  }

  @Test
  void discoveredWorkloadsAreRestartedWhenAsked() {
    FakeWorld w = new FakeWorld(FakeProvider.pool(3));
    w.consumerPolicy =
        new ConsumerPolicy(
            Map.of(FakeWorld.SECRET, "memory/a"),
            true,
            Set.of("Deployment/reads-file"),
            Duration.ofMinutes(2),
            Duration.ofHours(72),
            Annotations.fingerprintKey(FakeWorld.NAME),
            Annotations.fieldManager(FakeWorld.NAME));
    Instant t0 = w.clock.instant();
    w.consumers.set(
        List.of(
            consumer(ConsumerKind.Deployment, "reporter", ENV, pod("reporter-1", t0)),
            consumer(ConsumerKind.Deployment, "reads-file", Set.of(Access.Volume)),
            consumer(ConsumerKind.CronJob, "nightly", ENV)));
    RotationEngine engine = w.engine(StepHook.NONE);
    w.settle(engine);
    assertThat(w.restarter.restarts)
        .extracting(r -> r.substring(0, r.indexOf('@')))
        .containsExactlyInAnyOrder(FakeWorld.DEPLOYMENT, "reporter");
    assertThat(w.cr().getStatus().getConsumers())
        .extracting(ConsumerStatus::getName, ConsumerStatus::getRestart)
        .contains(
            org.assertj.core.groups.Tuple.tuple("reporter", ConsumerRestart.Discovered),
            org.assertj.core.groups.Tuple.tuple("reads-file", ConsumerRestart.MountedFile),
            org.assertj.core.groups.Tuple.tuple("nightly", ConsumerRestart.NotRestarted));
  }
}
