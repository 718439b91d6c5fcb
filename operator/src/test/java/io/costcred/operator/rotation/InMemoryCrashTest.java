package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.PendingRevocation;
import io.costcred.operator.core.Credential;
import io.costcred.operator.rotation.fakes.FakeProvider;
import io.costcred.operator.rotation.fakes.FakeWorld;
import io.costcred.operator.rotation.fakes.InMemoryStore;
import io.costcred.testsupport.LeakScan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The whole state machine on in-memory fakes: every crash point of a manual and of an emergency
 * rotation, with a pool provider (no revoke API) and a minting one (revokes by API). The points are
 * enumerated by a recording hook on a clean run, not listed by hand; for each, the operator stops
 * there, a fresh engine (no memory of the old one) finishes over the same persisted fakes, and the
 * invariants are checked at every step of both engines and at the end.
 */
class InMemoryCrashTest {
  /** Thrown by the hook: not a CostCredException, so it escapes reconcile like a crash. */
  static final class SimulatedCrash extends RuntimeException {
    SimulatedCrash(String step) {
      super("simulated crash at " + step);
    }
  }

  /** One kind of rotation under test. */
  record Case(String name, Supplier<FakeProvider> provider, boolean emergency) {}

  private static final List<Case> CASES =
      List.of(
          new Case("manual, pool", () -> FakeProvider.pool(4), false),
          new Case("emergency, pool", () -> FakeProvider.pool(4), true),
          new Case("manual, minting", FakeProvider::minting, false),
          new Case("emergency, minting", FakeProvider::minting, true));

  @TestFactory
  Stream<DynamicContainer> everyCrashPointRecovers() {
    return CASES.stream()
        .map(
            c ->
                DynamicContainer.dynamicContainer(
                    c.name(),
                    crashPoints(c).stream()
                        .map(
                            p ->
                                DynamicTest.dynamicTest(
                                    "crash at " + p, () -> crashAndRecover(c, p)))));
  }

  /** The distinct crash points a clean run passes, in order. */
  private static List<String> crashPoints(Case c) {
    FakeWorld w = started(c);
    Set<String> steps = new LinkedHashSet<>();
    RotationEngine engine =
        w.engine(
            step -> {
              steps.add(step);
              checkBetweenSteps(w, step);
            });
    drive(w, engine, c);
    assertRecovered(w, c);
    List<String> points = new ArrayList<>(steps);
    assertThat(points).as("crash points of %s", c.name()).hasSizeGreaterThan(10);
    if (c.provider().get().capabilities().mints()) {
      assertThat(points)
          .contains("before:obtain.fake.makeRoom", "before:obtain.fake.deleteOrphans");
    }
    return points;
  }

  private static void crashAndRecover(Case c, String crashAt) {
    FakeWorld w = started(c);
    List<String> outputs = new ArrayList<>();
    RotationEngine crashing =
        w.engine(
            step -> {
              checkBetweenSteps(w, step);
              if (step.equals(crashAt)) {
                throw new SimulatedCrash(step);
              }
            });
    SimulatedCrash crash = assertThrows(SimulatedCrash.class, () -> drive(w, crashing, c));
    outputs.add(crash.getMessage());
    RotationEngine fresh = w.engine(step -> checkBetweenSteps(w, step));
    w.settle(fresh);
    w.clock.advance(Duration.ofDays(2));
    fresh.reconcile(w.cr());
    w.settle(fresh);
    assertRecovered(w, c);
    LeakScan.assertNoSecrets("exceptions", outputs, List.copyOf(w.provider.secrets));
  }

  /** A credential with its first token, before the rotation under test. */
  private static FakeWorld started(Case c) {
    FakeWorld w = new FakeWorld(c.provider().get());
    w.settle(w.engine(StepHook.NONE));
    assertThat(w.cr().getStatus().getRevision()).isEqualTo(1);
    w.restarter.restarts.clear();
    return w;
  }

  /** The rotation under test and what follows it: revocation after the grace period. */
  private static void drive(FakeWorld w, RotationEngine engine, Case c) {
    if (c.emergency()) {
      w.requestEmergency("leaked in a ticket");
    } else {
      w.requestManual("r1");
    }
    w.settle(engine);
    w.clock.advance(Duration.ofDays(2));
    engine.reconcile(w.cr());
    w.clock.advance(Duration.ofMinutes(10));
    engine.reconcile(w.cr());
  }

  /**
   * Holds between any two steps: no token is revoked while a store serves it or a consumer may
   * still run it (outside an emergency); the ledger holds every value the status names.
   */
  private static void checkBetweenSteps(FakeWorld w, String step) {
    for (InMemoryStore s : w.stores) {
      Optional<Credential> served = s.served();
      served.ifPresent(
          c ->
              assertThat(w.provider.revoked)
                  .as("at %s: %s serves a revoked token", step, s.id())
                  .doesNotContain(FakeProvider.value(c)));
    }
    CostCredentialStatus st = w.cr().getStatus();
    if (st != null && st.getCurrentToken() != null && w.ledger.current().isPresent()) {
      String fp = w.fingerprints.of(w.ledger.current().get());
      boolean rotating = st.getRotation() != null;
      // Between the ledger's promotion and the status write the ledger is one step ahead.
      assertThat(fp.equals(st.getCurrentToken().getFingerprint()) || rotating)
          .as("at %s: ledger current is the status' current", step)
          .isTrue();
    }
  }

  private static void assertRecovered(FakeWorld w, Case c) {
    CostCredentialStatus st = w.cr().getStatus();
    assertThat(st.getRotation()).as("rotation finished").isNull();
    assertThat(st.getRevision()).as("exactly one more token became current").isEqualTo(2);
    String current = st.getCurrentToken().getFingerprint();
    assertThat(w.fingerprints.of(w.ledger.current().orElseThrow())).isEqualTo(current);
    for (InMemoryStore s : w.stores) {
      assertThat(s.served().map(w.fingerprints::of)).as(s.id()).contains(current);
    }
    assertThat(w.provider.revoked)
        .as("the current token works")
        .doesNotContain(FakeProvider.value(w.ledger.current().get()));
    // Consumers run the current token and were restarted once for this rotation.
    assertThat(w.restarter.template(FakeWorld.DEPLOYMENT)).isEqualTo(current);
    assertThat(w.restarter.restarts).as("restarts").hasSize(1);
    // Every token that left the pool or was minted is current, revoked or queued for revocation.
    Set<String> queued = new LinkedHashSet<>();
    for (PendingRevocation pr : st.getPendingRevocations()) {
      queued.add(pr.getToken().getFingerprint());
    }
    for (String token : w.provider.secrets) {
      if (w.provider.pool().containsValue(token) || w.provider.revoked.contains(token)) {
        continue;
      }
      String fp = w.fingerprints.of(FakeProvider.cred(token));
      if (!wasHandedOut(w, token)) {
        continue;
      }
      assertThat(fp.equals(current) || queued.contains(fp))
          .as("token %s is current, revoked or queued for revocation", fp)
          .isTrue();
    }
    if (c.emergency()) {
      assertThat(st.getLastEmergencyRotation().getCompletedAt()).isNotNull();
    }
    List<String> secrets = List.copyOf(w.provider.secrets);
    LeakScan.assertNoSecrets("status", w.statuses.json(), secrets);
    LeakScan.assertNoSecrets(
        "events", w.events.events.stream().map(Object::toString).toList(), secrets);
  }

  /** A pool token still in the pool was never handed out; a minted one always was. */
  private static boolean wasHandedOut(FakeWorld w, String token) {
    return !w.provider.pool().containsValue(token);
  }
}
