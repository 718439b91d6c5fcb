package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RevocationReason;
import io.costcred.operator.api.v1alpha1.RotationPhase;
import io.costcred.operator.api.v1alpha1.RotationRun;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.costcred.operator.api.v1alpha1.StoreStatus;
import io.costcred.operator.api.v1alpha1.TargetStatus;
import io.costcred.operator.api.v1alpha1.TokenHandle;
import io.costcred.operator.api.v1alpha1.WorkloadKind;
import io.costcred.operator.consumers.Consumer;
import io.costcred.operator.consumers.Consumers;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.Fingerprinter;
import io.costcred.operator.core.TokenRejectedException;
import io.costcred.operator.core.TransientException;
import io.costcred.operator.provider.CallPriority;
import io.costcred.operator.provider.CredentialProvider;
import io.costcred.operator.provider.PoolEntryTakenException;
import io.costcred.operator.restart.Restarter;
import io.costcred.operator.restart.RolloutState;
import io.costcred.operator.restart.Stamp;
import io.costcred.operator.restart.WorkloadRef;
import io.costcred.operator.store.CredentialStore;
import io.costcred.operator.store.Ledger;
import io.costcred.operator.store.TokenLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The steps of a rotation in progress. Each names itself in status before its side effect. */
final class RotationSteps {
  static final Duration ROLLOUT_POLL = Duration.ofSeconds(2);
  static final Duration STALLED_POLL = Duration.ofSeconds(30);
  private static final int CONSUMED_KEPT = 100;
  private static final int TAKE_ATTEMPTS = 5;
  private final Clock clock;
  private final Fingerprinter fingerprints;
  private final Restarter restarter;
  private final RotationObserver observer;
  private final Consumers consumers;
  private final EventSink events;
  private final RotationFinisher finisher;
  private final Duration rolloutRecheck;

  RotationSteps(RotationEngineBuilder b, RotationFinisher finisher) {
    this.clock = b.clock;
    this.fingerprints = b.fingerprints;
    this.restarter = Objects.requireNonNull(b.restarter, "restarter");
    this.consumers = b.consumers;
    this.observer = b.observer;
    this.events = b.events;
    this.finisher = finisher;
    this.rolloutRecheck = b.rolloutRecheck;
  }

  /** Runs steps until the rotation completes or has to wait; returns when to look again. */
  Duration advance(Run run, RotationPlan plan) {
    while (run.st().getRotation() != null) {
      RotationPhase phase = run.st().getRotation().getPhase();
      switch (phase) {
        case Obtaining -> obtain(run, plan);
        case Verifying -> verify(run, plan);
        case Publishing -> publish(run, plan);
        case RevokingCompromised -> finisher.revokeCompromised(run, plan);
        case Restarting -> restart(run, plan);
        case AwaitingRollout -> {
          Observations.RolloutBlock blocked = rolloutBlock(run, plan);
          if (blocked != null) {
            run.observe(Observations.blocked(blocked.reason(), blocked.message()));
          }
          if (!rolledOut(run, blocked)) {
            return blocked != null ? STALLED_POLL : rolloutRecheck;
          }
          finisher.complete(run, plan);
        }
        // StatusCheck resets an unrecognized phase to Obtaining before anything reads it.
        default -> throw new IllegalStateException("unchecked phase " + phase);
      }
    }
    return null;
  }

  private void obtain(Run run, RotationPlan plan) {
    RotationRun r = run.st().getRotation();
    Ledger ledger = plan.ledger();
    CredentialProvider.Obtained obtained;
    for (int attempt = 1; ; attempt++) {
      Optional<TokenLedger.Pending> pending = ledger.pending();
      if (pending.isPresent() && r.getId().equals(pending.get().rotationId())) {
        TokenLedger.Pending p = pending.get();
        obtained = new CredentialProvider.Obtained(p.source(), p.credential(), p.source());
      } else {
        pending.ifPresent(p -> queueOrphan(run, plan, p));
        for (CredentialProvider.PreparationStep step : plan.provider().prepare(r.getId())) {
          run.before("obtain." + step.name());
          step.run();
        }
        run.before("obtain");
        obtained = plan.provider().obtain(r.getId());
        run.before("ledger.writePending");
        ledger.writePending(r.getId(), obtained.source(), obtained.credential());
      }
      run.before("provider.consume");
      try {
        plan.provider().consume(obtained, r.getId());
        break;
      } catch (PoolEntryTakenException e) {
        // A CostCredential sharing the pool took it first: theirs, never ours to use or revoke.
        run.before("ledger.dropPending");
        ledger.dropPending();
        if (attempt >= TAKE_ATTEMPTS) {
          throw e;
        }
      }
    }
    String fp = fingerprints.of(obtained.credential());
    TokenHandle h = new TokenHandle();
    h.setId(obtained.handleId());
    h.setFingerprint(fp);
    h.setRotationId(r.getId());
    h.setObtainedAt(Times.format(run.now));
    run.st().setPendingToken(h);
    if (!run.st().getConsumedTokens().contains(fp)) {
      run.st().getConsumedTokens().add(fp);
      while (run.st().getConsumedTokens().size() > CONSUMED_KEPT) {
        run.st().getConsumedTokens().remove(0);
      }
    }
    // No status write of its own (decision D47): verifying changes nothing outside, and a crash
    // before the verified write finds the token in the ledger's pending entry of this rotation id
    // (the pool take repeats as this rotation's own, a mint is not repeated).
    next(run, RotationPhase.Verifying);
  }

  /** A pending token of another rotation was never used: keep it only to get it revoked. */
  private void queueOrphan(Run run, RotationPlan plan, TokenLedger.Pending p) {
    String id = p.rotationId() + "-orphan";
    run.before("ledger.retireOrphan");
    plan.ledger().retire(id, p.credential());
    finisher.queueRevocation(
        run, handleFor(p.source(), p.credential(), id), RevocationReason.Orphaned, run.now);
    run.save("orphan-queued");
    plan.ledger().dropPending();
  }

  /** Provider calls of an emergency may use the whole budget; a rotation keeps a reserve. */
  static CallPriority priority(Run run) {
    RotationRun r = run.st().getRotation();
    return r != null && r.getTrigger() == RotationTrigger.Emergency
        ? CallPriority.EMERGENCY
        : CallPriority.ROTATION;
  }

  private void verify(Run run, RotationPlan plan) {
    RotationRun r = run.st().getRotation();
    Optional<TokenLedger.Pending> pending = plan.ledger().pending();
    if (pending.isEmpty() || !r.getId().equals(pending.get().rotationId())) {
      next(run, RotationPhase.Obtaining); // the ledger lost it: take a new one
      run.save("pending-missing");
      return;
    }
    try {
      run.before("verify");
      CredentialProvider.Verification v =
          plan.provider().at(priority(run)).verify(pending.get().credential());
      TokenHandle h = run.st().getPendingToken();
      h.setVerifiedAt(Times.format(run.now));
      h.setDescription(v.description());
      h.setCreatedAt(v.createdAt());
      h.setScopes(v.scopes());
      next(run, RotationPhase.Publishing);
      run.save("verified");
      emergencyStep(run, "EmergencyTokenVerified", "new token " + h.getId() + " verified");
    } catch (TokenRejectedException e) {
      reject(run, plan, pending.get(), e);
    }
  }

  private void reject(Run run, RotationPlan plan, TokenLedger.Pending p, TokenRejectedException e) {
    CostCredentialStatus st = run.st();
    TokenHandle h = st.getPendingToken();
    String source = h == null ? p.source() : h.getId();
    if (e.live()) {
      String id = p.rotationId() + "-rejected-" + fingerprints.of(p.credential()).substring(0, 8);
      run.before("ledger.retireRejected");
      plan.ledger().retire(id, p.credential());
      finisher.queueRevocation(
          run, handleFor(source, p.credential(), id), RevocationReason.Rejected, run.now);
    }
    st.setPendingToken(null);
    next(run, RotationPhase.Obtaining);
    run.save("rejected");
    run.before("ledger.dropPending");
    plan.ledger().dropPending();
    // Another pool key may work: the backoff paces the next attempt, not the long interval.
    throw new TransientException(e.reason(), "pool key " + source + ": " + e.getMessage());
  }

  private void publish(Run run, RotationPlan plan) {
    Credential cred = plan.ledger().pending().orElseThrow().credential();
    String fp = run.st().getPendingToken().getFingerprint();
    for (CredentialStore store : plan.stores()) {
      run.before("publish:" + store.id());
    }
    RuntimeException failed = null;
    List<ParallelPublish.Outcome> outcomes =
        ParallelPublish.publish(plan.stores(), run.st().getRotation().getId(), cred, fp);
    Instant published = clock.instant(); // after the writes: pods started later read the new token
    for (ParallelPublish.Outcome o : outcomes) {
      if (o.failure() == null) {
        recordStore(run, o.store().id(), fp, o.version(), published);
      } else if (failed == null) {
        failed = o.failure(); // the first lagging store, in spec order; the others are retried too
      }
    }
    if (failed != null) {
      throw failed;
    }
    boolean emergency = run.st().getRotation().getTrigger() == RotationTrigger.Emergency;
    boolean revoked = Boolean.TRUE.equals(run.st().getRotation().getCompromisedTokenRevoked());
    if (emergency && !revoked) {
      // Revoking is destructive: the new token's stores are on record before it happens.
      next(run, RotationPhase.RevokingCompromised);
      run.save("published");
      emergencyStep(
          run, "EmergencyTokenPublished", "new token in " + plan.stores().size() + " store(s)");
      return;
    }
    // No status write before the restarts: a crash here re-runs Publishing, whose writes are
    // idempotent for the rotation id, and the restarts are content-addressed. The store records
    // reach status with the restart step's write, publishedAt unchanged.
    next(run, RotationPhase.Restarting);
    emergencyStep(
        run, "EmergencyTokenPublished", "new token in " + plan.stores().size() + " store(s)");
  }

  static void recordStore(Run run, String id, String fp, String version, Instant at) {
    StoreStatus s =
        run.st().getStores().stream().filter(x -> id.equals(x.getStore())).findFirst().orElse(null);
    if (s == null) {
      s = new StoreStatus();
      s.setStore(id);
      run.st().getStores().add(s);
    }
    if (!fp.equals(s.getFingerprint())) {
      s.setPublishedAt(Times.format(at));
    }
    s.setFingerprint(fp);
    s.setVersion(version);
  }

  /**
   * Patches every target at once, then writes status once (with the pass's next write). No write
   * between resolving and patching: a crash in between resolves the targets again, and a target
   * already carrying the new fingerprint is not patched twice ({@link Restarter}).
   */
  private void restart(Run run, RotationPlan plan) {
    RotationRun r = run.st().getRotation();
    if (r.getTargets().isEmpty()) {
      for (WorkloadRef ref : targets(run, plan)) {
        TargetStatus t = new TargetStatus();
        t.setKind(ref.kind().name());
        t.setName(ref.name());
        t.setRolledOut(false);
        r.getTargets().add(t);
      }
    }
    ConsumerPolicy policy = plan.consumers();
    Stamp stamp =
        new Stamp(
            policy.fingerprintKey(),
            policy.fieldManager(),
            run.st().getPendingToken().getFingerprint(),
            clock.instant());
    for (TargetStatus t : r.getTargets()) {
      run.before("restart:" + t.getName());
    }
    var outcomes =
        Concurrently.run(
            r.getTargets(),
            t -> {
              restarter.restart(run.namespace(), ref(t), stamp);
              return t;
            });
    for (var o : outcomes) {
      if (o.failure() == null) {
        observer.restarted(run.cr(), o.item().getKind(), o.item().getName());
      }
    }
    Concurrently.throwFirstFailure(outcomes);
    next(run, RotationPhase.AwaitingRollout);
    // Written with the pass's next write (the first look at the rollouts, the pool count): a crash
    // before it restarts again, and a target carrying the new fingerprint is not patched twice.
    run.saveWithNext(
        "restarted",
        () ->
            emergencyStep(
                run,
                "EmergencyConsumersRestarted",
                r.getTargets().size() + " workload(s) restarting"));
  }

  /**
   * The restart targets of the spec, then (with {@code spec.consumers.restartDiscovered}) every
   * other restartable workload that reads a store Secret and is not declared to re-read a file.
   */
  private List<WorkloadRef> targets(Run run, RotationPlan plan) {
    Set<WorkloadRef> out = new LinkedHashSet<>(plan.targets().get());
    ConsumerPolicy policy = plan.consumers();
    if (policy.restartDiscovered() && !policy.secrets().isEmpty()) {
      for (Consumer c : consumers.of(run.namespace(), policy.secrets().keySet())) {
        if (policy.restartsDiscovered(c.kind(), c.name())) {
          out.add(new WorkloadRef(c.kind().restartable(), c.name()));
        }
      }
    }
    return new ArrayList<>(out);
  }

  /** Looks at every target; returns the first one that blocks the rollout, or null. */
  private Observations.RolloutBlock rolloutBlock(Run run, RotationPlan plan) {
    RotationRun r = run.st().getRotation();
    Observations.RolloutBlock blocked = null;
    for (TargetStatus t : r.getTargets()) {
      RolloutState s = restarter.state(run.namespace(), ref(t));
      t.setRolledOut(s == RolloutState.COMPLETE || s == RolloutState.MISSING);
      t.setMessage(s == RolloutState.COMPLETE ? null : s.name());
      if (blocked == null && (s == RolloutState.PAUSED || s == RolloutState.STALLED)) {
        blocked =
            block(s == RolloutState.PAUSED ? Reasons.ROLLOUT_PAUSED : Reasons.ROLLOUT_STALLED, t);
      }
    }
    Instant since = Times.parse(r.getPhaseSince());
    if (blocked == null && since != null && run.now.isAfter(since.plus(plan.rolloutTimeout()))) {
      blocked =
          r.getTargets().stream()
              .filter(t -> !t.getRolledOut())
              .findFirst()
              .map(t -> block(Reasons.ROLLOUT_STALLED, t))
              .orElse(null);
    }
    return blocked;
  }

  private static boolean rolledOut(Run run, Observations.RolloutBlock blocked) {
    RotationRun r = run.st().getRotation();
    boolean all = r.getTargets().stream().allMatch(TargetStatus::getRolledOut);
    boolean emergency = r.getTrigger() == RotationTrigger.Emergency;
    // Outside an emergency the old token stays valid until every consumer runs the new one.
    return all || (emergency && blocked != null);
  }

  /** Emergencies leave a Warning Event at each step for the people following the incident. */
  private void emergencyStep(Run run, String reason, String message) {
    RotationRun r = run.st().getRotation();
    if (r != null && r.getTrigger() == RotationTrigger.Emergency) {
      events.warning(run.cr(), reason, message);
    }
  }

  private static Observations.RolloutBlock block(String reason, TargetStatus t) {
    return new Observations.RolloutBlock(
        reason, t.getKind() + " " + t.getName() + " has not rolled out; old token kept valid");
  }

  private static WorkloadRef ref(TargetStatus t) {
    return new WorkloadRef(WorkloadKind.valueOf(t.getKind()), t.getName());
  }

  private TokenHandle handleFor(String id, Credential c, String rotationId) {
    TokenHandle h = new TokenHandle();
    h.setId(id);
    h.setFingerprint(fingerprints.of(c));
    h.setRotationId(rotationId);
    return h;
  }

  static void next(Run run, RotationPhase phase) {
    run.st().getRotation().setPhase(phase);
    run.st().getRotation().setPhaseSince(Times.format(run.now));
  }
}
