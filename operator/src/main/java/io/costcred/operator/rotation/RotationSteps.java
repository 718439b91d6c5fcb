package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RotationPhase;
import io.costcred.operator.api.v1alpha1.RotationRun;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.costcred.operator.api.v1alpha1.StoreStatus;
import io.costcred.operator.api.v1alpha1.TargetStatus;
import io.costcred.operator.api.v1alpha1.TokenHandle;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.Fingerprinter;
import io.costcred.operator.core.TokenRejectedException;
import io.costcred.operator.provider.CallPriority;
import io.costcred.operator.provider.CredentialProvider;
import io.costcred.operator.provider.PoolEntryTakenException;
import io.costcred.operator.restart.RolloutState;
import io.costcred.operator.restart.WorkloadRef;
import io.costcred.operator.restart.WorkloadRestarter;
import io.costcred.operator.store.CredentialStore;
import io.costcred.operator.store.TokenLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The steps of a rotation in progress. Each names itself in status before its side effect. */
final class RotationSteps {
  static final Duration ROLLOUT_POLL = Duration.ofSeconds(2);
  static final Duration STALLED_POLL = Duration.ofSeconds(30);
  private static final int CONSUMED_KEPT = 100;
  private static final int TAKE_ATTEMPTS = 5;
  private final Fingerprinter fingerprints;
  private final WorkloadRestarter restarter;
  private final EventSink events;
  private final RotationFinisher finisher;

  RotationSteps(
      Fingerprinter fingerprints,
      WorkloadRestarter restarter,
      EventSink events,
      RotationFinisher finisher) {
    this.fingerprints = fingerprints;
    this.restarter = restarter;
    this.events = events;
    this.finisher = finisher;
  }

  /** Runs steps until the rotation completes or has to wait; returns when to look again. */
  Duration advance(Run run, RotationPlan plan) {
    while (run.st().getRotation() != null) {
      RotationPhase phase = RotationPhase.valueOf(run.st().getRotation().getPhase());
      switch (phase) {
        case Obtaining -> obtain(run, plan);
        case Verifying -> {
          if (!verify(run, plan)) {
            return finisher.retryDelay(run);
          }
        }
        case Publishing -> publish(run, plan);
        case RevokingCompromised -> finisher.revokeCompromised(run, plan, Reasons.COMPLETED);
        case Restarting -> restart(run, plan);
        case AwaitingRollout -> {
          if (!rolledOut(run, plan)) {
            return run.rolloutBlocked ? STALLED_POLL : ROLLOUT_POLL;
          }
          finisher.complete(run, plan);
        }
        default -> throw new IllegalStateException("unknown phase " + phase);
      }
    }
    return null;
  }

  private void obtain(Run run, RotationPlan plan) {
    RotationRun r = run.st().getRotation();
    TokenLedger ledger = plan.ledger();
    CredentialProvider.Obtained obtained;
    for (int attempt = 1; ; attempt++) {
      Optional<TokenLedger.Pending> pending = ledger.pending();
      if (pending.isPresent() && r.getId().equals(pending.get().rotationId())) {
        TokenLedger.Pending p = pending.get();
        obtained = new CredentialProvider.Obtained(p.source(), p.credential(), p.source());
      } else {
        pending.ifPresent(p -> queueOrphan(run, plan, p));
        for (var step : plan.provider().prepare(r.getId())) {
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
    next(run, RotationPhase.Verifying);
    run.save("obtained");
  }

  /** A pending token of another rotation was never used: keep it only to get it revoked. */
  private void queueOrphan(Run run, RotationPlan plan, TokenLedger.Pending p) {
    String id = p.rotationId() + "-orphan";
    run.before("ledger.retireOrphan");
    plan.ledger().retire(id, p.credential());
    finisher.queueRevocation(run, handleFor(p.source(), p.credential(), id), "Orphaned", run.now);
    run.save("orphan-queued");
    plan.ledger().dropPending();
  }

  /** Provider calls of an emergency may use the whole budget; a rotation keeps a reserve. */
  static CallPriority priority(Run run) {
    RotationRun r = run.st().getRotation();
    return r != null && RotationTrigger.Emergency.name().equals(r.getTrigger())
        ? CallPriority.EMERGENCY
        : CallPriority.ROTATION;
  }

  private boolean verify(Run run, RotationPlan plan) {
    RotationRun r = run.st().getRotation();
    Optional<TokenLedger.Pending> pending = plan.ledger().pending();
    if (pending.isEmpty() || !r.getId().equals(pending.get().rotationId())) {
      next(run, RotationPhase.Obtaining); // the ledger lost it: take a new one
      run.save("pending-missing");
      return true;
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
      return true;
    } catch (TokenRejectedException e) {
      reject(run, plan, pending.get(), e);
      return false;
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
      finisher.queueRevocation(run, handleFor(source, p.credential(), id), "Rejected", run.now);
    }
    st.setPendingToken(null);
    next(run, RotationPhase.Obtaining);
    finisher.recordFailure(run, e.reason(), "pool key " + source + ": " + e.getMessage());
    run.failed = true;
    run.save("rejected");
    run.before("ledger.dropPending");
    plan.ledger().dropPending();
  }

  private void publish(Run run, RotationPlan plan) {
    Credential cred = plan.ledger().pending().orElseThrow().credential();
    String fp = run.st().getPendingToken().getFingerprint();
    for (CredentialStore store : plan.stores()) {
      run.before("publish:" + store.id());
    }
    RuntimeException failed = null;
    for (ParallelPublish.Outcome o :
        ParallelPublish.publish(plan.stores(), run.st().getRotation().getId(), cred, fp)) {
      if (o.failure() == null) {
        recordStore(run, o.store().id(), fp, o.version());
      } else if (failed == null) {
        failed = o.failure(); // the first lagging store, in spec order; the others are retried too
      }
    }
    if (failed != null) {
      throw failed;
    }
    boolean emergency =
        RotationTrigger.Emergency.name().equals(run.st().getRotation().getTrigger());
    boolean revoked = Boolean.TRUE.equals(run.st().getRotation().getCompromisedTokenRevoked());
    next(run, emergency && !revoked ? RotationPhase.RevokingCompromised : RotationPhase.Restarting);
    run.save("published");
    emergencyStep(
        run, "EmergencyTokenPublished", "new token in " + plan.stores().size() + " store(s)");
  }

  static void recordStore(Run run, String id, String fp, String version) {
    StoreStatus s =
        run.st().getStores().stream().filter(x -> id.equals(x.getStore())).findFirst().orElse(null);
    if (s == null) {
      s = new StoreStatus();
      s.setStore(id);
      run.st().getStores().add(s);
    }
    if (!fp.equals(s.getFingerprint())) {
      s.setPublishedAt(Times.format(run.now));
    }
    s.setFingerprint(fp);
    s.setVersion(version);
  }

  private void restart(Run run, RotationPlan plan) {
    RotationRun r = run.st().getRotation();
    if (r.getTargets().isEmpty()) {
      for (WorkloadRef ref : plan.targets().get()) {
        TargetStatus t = new TargetStatus();
        t.setKind(ref.kind().name());
        t.setName(ref.name());
        t.setRolledOut(false);
        r.getTargets().add(t);
      }
      run.save("targets-resolved");
    }
    String fp = run.st().getPendingToken().getFingerprint();
    for (TargetStatus t : r.getTargets()) {
      run.before("restart:" + t.getName());
      restarter.restart(run.namespace(), ref(t), fp);
    }
    next(run, RotationPhase.AwaitingRollout);
    run.save("restarted");
    emergencyStep(
        run, "EmergencyConsumersRestarted", r.getTargets().size() + " workload(s) restarting");
  }

  private boolean rolledOut(Run run, RotationPlan plan) {
    RotationRun r = run.st().getRotation();
    boolean all = true;
    for (TargetStatus t : r.getTargets()) {
      RolloutState s = restarter.state(run.namespace(), ref(t));
      t.setRolledOut(s == RolloutState.COMPLETE || s == RolloutState.MISSING);
      t.setMessage(s == RolloutState.COMPLETE ? null : s.name());
      all &= t.getRolledOut();
      if (s == RolloutState.PAUSED || s == RolloutState.STALLED) {
        block(run, s == RolloutState.PAUSED ? Reasons.ROLLOUT_PAUSED : Reasons.ROLLOUT_STALLED, t);
      }
    }
    Instant since = Times.parse(r.getPhaseSince());
    if (!all && since != null && run.now.isAfter(since.plus(plan.rolloutTimeout()))) {
      r.getTargets().stream()
          .filter(t -> !t.getRolledOut())
          .findFirst()
          .ifPresent(t -> block(run, Reasons.ROLLOUT_STALLED, t));
    }
    boolean emergency = RotationTrigger.Emergency.name().equals(r.getTrigger());
    // Outside an emergency the old token stays valid until every consumer runs the new one.
    return all || (emergency && run.rolloutBlocked);
  }

  /** Emergencies leave a Warning Event at each step for the people following the incident. */
  private void emergencyStep(Run run, String reason, String message) {
    RotationRun r = run.st().getRotation();
    if (r != null && RotationTrigger.Emergency.name().equals(r.getTrigger())) {
      events.warning(run.cr(), reason, message);
    }
  }

  private static void block(Run run, String reason, TargetStatus t) {
    run.rolloutBlocked = true;
    run.rolloutBlockedReason = reason;
    run.rolloutBlockedMessage =
        t.getKind() + " " + t.getName() + " has not rolled out; old token kept valid";
  }

  private static WorkloadRef ref(TargetStatus t) {
    return new WorkloadRef(
        io.costcred.operator.api.v1alpha1.WorkloadKind.valueOf(t.getKind()), t.getName());
  }

  private TokenHandle handleFor(String id, Credential c, String rotationId) {
    TokenHandle h = new TokenHandle();
    h.setId(id);
    h.setFingerprint(fingerprints.of(c));
    h.setRotationId(rotationId);
    return h;
  }

  static void next(Run run, RotationPhase phase) {
    run.st().getRotation().setPhase(phase.name());
    run.st().getRotation().setPhaseSince(Times.format(run.now));
  }
}
