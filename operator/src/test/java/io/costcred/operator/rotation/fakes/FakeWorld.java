package io.costcred.operator.rotation.fakes;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialSpec;
import io.costcred.operator.api.v1alpha1.WorkloadKind;
import io.costcred.operator.core.Fingerprinter;
import io.costcred.operator.restart.WorkloadRef;
import io.costcred.operator.rotation.ConsumerPolicy;
import io.costcred.operator.rotation.PlanSource;
import io.costcred.operator.rotation.RotationEngine;
import io.costcred.operator.rotation.RotationPlan;
import io.costcred.operator.rotation.Schedule;
import io.costcred.operator.rotation.StepHook;
import io.costcred.operator.store.CredentialStore;
import io.costcred.operator.testing.RecordingEvents;
import io.costcred.testsupport.MutableClock;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Everything one CostCredential's engine works with, in memory, persisted across engines: a test
 * builds as many engines over the same world as it likes (a new one is a restarted operator with no
 * memory of the old). Nothing here talks to a network.
 */
public final class FakeWorld {
  public static final String NAME = "app";
  public static final String DEPLOYMENT = "app";
  public final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T03:00:00Z"));
  public final Fingerprinter fingerprints = new Fingerprinter(new byte[32]);
  public final RecordingEvents events = new RecordingEvents();
  public final InMemoryLedger ledger = new InMemoryLedger();
  public final FakeRestarter restarter = new FakeRestarter();
  public final List<InMemoryStore> stores =
      List.of(new InMemoryStore("memory/a"), new InMemoryStore("memory/b"));
  public final FakeProvider provider;

  /** The workloads and Pods the informers see reading the store Secret {@link #SECRET}. */
  public final FakeConsumers consumers = new FakeConsumers();

  /** The Kubernetes Secret behind store {@code memory/a}, whose consumers are discovered. */
  public static final String SECRET = "app-token";

  /** spec.consumers as the plan gives it. */
  public volatile ConsumerPolicy consumerPolicy =
      ConsumerPolicy.defaults(NAME).withSecrets(Map.of(SECRET, "memory/a"));

  public final InMemoryStatusWriter statuses;

  /**
   * The schedule the plan gives (a policy's maxInterval included), 90 days unless a test sets it.
   */
  public volatile Schedule schedule = new Schedule(Duration.ofDays(90), List.of());

  /** What the plan source throws instead of a plan (a missing pool Secret), or null. */
  public volatile Supplier<RuntimeException> planFailure;

  /** What resolving the restart targets throws (a missing Deployment), or null. */
  public volatile Supplier<RuntimeException> targetFailure;

  /** The version of referenced objects the watches report. */
  public volatile String referenceVersion = "1";

  /** How often the engine asked for a plan: one per attempt that got past the failure gate. */
  public final AtomicInteger plans = new AtomicInteger();

  public FakeWorld(FakeProvider provider) {
    this.provider = provider;
    CostCredential cr = new CostCredential();
    cr.setMetadata(
        new ObjectMetaBuilder()
            .withName(NAME)
            .withNamespace("ns")
            .withUid("uid-1")
            .withGeneration(1L)
            .withAnnotations(Map.of())
            .build());
    cr.setSpec(new CostCredentialSpec());
    this.statuses = new InMemoryStatusWriter(cr);
  }

  /** An engine as a new operator process builds it. */
  public RotationEngine engine(StepHook hook) {
    PlanSource source =
        cr -> {
          plans.incrementAndGet();
          Supplier<RuntimeException> f = planFailure;
          if (f != null) {
            throw f.get();
          }
          return plan();
        };
    return RotationEngine.builder()
        .clock(clock)
        .plans(source)
        .fingerprints(fingerprints)
        .restarter(restarter)
        .statusWriter(statuses)
        .events(events)
        .hook(hook)
        .references(cr -> referenceVersion)
        .consumers(consumers)
        .build();
  }

  private RotationPlan plan() {
    Supplier<List<WorkloadRef>> targets =
        () -> {
          Supplier<RuntimeException> f = targetFailure;
          if (f != null) {
            throw f.get();
          }
          return List.of(new WorkloadRef(WorkloadKind.Deployment, DEPLOYMENT));
        };
    return new RotationPlan(
        provider,
        List.<CredentialStore>copyOf(stores),
        ledger,
        targets,
        schedule,
        Duration.ofHours(1),
        Duration.ofMinutes(10),
        Duration.ofHours(12),
        Duration.ofMinutes(5),
        1,
        consumerPolicy);
  }

  public CostCredential cr() {
    return statuses.get();
  }

  /** A user sets a request annotation (no generation change). */
  public void annotate(String key, String value) {
    statuses.edit(cr -> cr.getMetadata().getAnnotations().put(key, value), false);
  }

  /** A user edits the spec (the generation moves). */
  public void editSpec() {
    statuses.edit(cr -> {}, true);
  }

  /** A user sets or clears spec.suspend (the generation moves). */
  public void suspend(boolean value) {
    statuses.edit(cr -> cr.getSpec().setSuspend(value), true);
  }

  public void requestManual(String value) {
    annotate(Annotations.ROTATE, value);
  }

  public void requestEmergency(String value) {
    annotate(Annotations.EMERGENCY, value);
  }

  /** Reconciles until no rotation runs, playing the Deployment controller between passes. */
  public Duration settle(RotationEngine engine) {
    Duration last = null;
    for (int i = 0; i < 30; i++) {
      last = engine.reconcile(cr());
      restarter.finishRollouts();
      if (cr().getStatus() != null && cr().getStatus().getRotation() == null) {
        return engine.reconcile(cr());
      }
      clock.advance(Duration.ofSeconds(3)); // past an emergency's 2 s retry
    }
    return last;
  }
}
