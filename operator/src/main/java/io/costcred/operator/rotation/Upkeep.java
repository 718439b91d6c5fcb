package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RotationOutcome;
import io.costcred.operator.api.v1alpha1.RotationRecord;
import io.costcred.operator.api.v1alpha1.TokenHandle;
import io.costcred.operator.core.BudgetExhaustedException;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.Fingerprinter;
import io.costcred.operator.core.TokenRejectedException;
import io.costcred.operator.core.TransientException;
import io.costcred.operator.provider.CallPriority;
import io.costcred.operator.provider.CredentialProvider;
import io.costcred.operator.store.CredentialStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Work between rotations: adopting a token found in a store, re-verifying the current token,
 * repairing stores that drifted, and watching the pool. Re-verification times live in memory so
 * that an idle credential causes no API writes.
 */
final class Upkeep {
  private final java.time.Clock clock;
  private final Fingerprinter fingerprints;
  private final EventSink events;

  /** By credential uid ({@link VerificationTimes}: no map node, UUID or Instant per credential). */
  private final VerificationTimes lastVerified = new VerificationTimes();

  Upkeep(java.time.Clock clock, Fingerprinter fingerprints, EventSink events) {
    this.clock = clock;
    this.fingerprints = fingerprints;
    this.events = events;
  }

  /** A store already holds a working token: make it current instead of rotating at once. */
  void adopt(Run run, RotationPlan plan) {
    if (plan.stores().isEmpty()) {
      return;
    }
    Optional<Credential> found = plan.stores().get(0).read();
    if (found.isEmpty()) {
      return;
    }
    CredentialProvider.Verification v;
    try {
      v = plan.provider().at(CallPriority.ROTATION).verify(found.get());
    } catch (TokenRejectedException e) {
      return; // not usable: the initial rotation replaces it
    }
    run.before("ledger.adopt");
    plan.ledger().adoptCurrent(found.get());
    TokenHandle h = new TokenHandle();
    // A provider whose keys have ids (IAM) names the adopted key by it, so that quota handling
    // knows it is the current key and an emergency looks up the right key's last use.
    h.setId(
        plan.provider()
            .capabilities()
            .keyRetention()
            .map(keys -> keys.keyId(found.get()))
            .orElse("adopted:" + plan.stores().get(0).id()));
    h.setFingerprint(fingerprints.of(found.get()));
    h.setObtainedAt(Times.format(run.now));
    h.setVerifiedAt(Times.format(run.now));
    h.setDescription(v.description());
    h.setCreatedAt(v.createdAt());
    h.setScopes(v.scopes());
    CostCredentialStatus st = run.st();
    st.setCurrentToken(h);
    st.setLastRotationTime(Times.format(run.now));
    RotationRecord rec = new RotationRecord();
    rec.setOutcome(RotationOutcome.Adopted);
    rec.setStartedAt(Times.format(run.now));
    rec.setCompletedAt(Times.format(run.now));
    rec.setMessage("existing token in " + plan.stores().get(0).id() + " adopted");
    RotationFinisher.record(st, rec); // capped like every other history entry
    // Written with the pass's next write (decision D47): a crash before it adopts again.
    run.saveWithNext("adopted", () -> events.normal(run.cr(), "TokenAdopted", rec.getMessage()));
    lastVerified.put(uid(run), run.now);
  }

  /** Re-verifies the current token and repairs drifted stores when due; true if it was rejected. */
  boolean reverifyIfDue(Run run, RotationPlan plan) {
    Instant last = lastVerified(run, plan);
    if (run.now.isBefore(last.plus(plan.reverifyInterval()))) {
      return false;
    }
    Optional<Credential> current = plan.ledger().current();
    if (current.isEmpty()) {
      return false;
    }
    try {
      plan.provider().at(CallPriority.BACKGROUND).verify(current.get());
    } catch (TokenRejectedException e) {
      events.warning(run.cr(), Reasons.CURRENT_TOKEN_INVALID, e.getMessage());
      return true;
    } catch (BudgetExhaustedException e) {
      // More credentials share the account than its budget can re-verify in one interval: try
      // again at a random point of the next interval after the budget frees, so that refused
      // credentials neither come back together nor read their ledger every few seconds.
      Duration wait = e.retryAfter().orElse(Duration.ofMinutes(1));
      long spread =
          Math.floorMod(
              (run.cr().getMetadata().getUid() + run.now.toEpochMilli()).hashCode(),
              plan.reverifyInterval().toMillis());
      retryReverifyAfter(run, plan, wait.plusMillis(spread));
      return false;
    } catch (TransientException e) {
      // An unreachable API does not change the token: try again when the provider says or in a
      // minute (not at every reconcile, which would be every second).
      retryReverifyAfter(run, plan, e.retryAfter().orElse(Duration.ofMinutes(1)));
      return false;
    }
    lastVerified.put(uid(run), run.now);
    repairDrift(run, plan, current.get());
    return false;
  }

  private void retryReverifyAfter(Run run, RotationPlan plan, Duration wait) {
    lastVerified.put(uid(run), run.now.minus(plan.reverifyInterval()).plus(wait));
  }

  Duration untilReverify(Run run, RotationPlan plan) {
    return Duration.between(run.now, lastVerified(run, plan).plus(plan.reverifyInterval()));
  }

  /** The rotation that just finished verified the token. */
  void markVerified(Run run) {
    lastVerified.put(uid(run), run.now);
  }

  /**
   * A credential seen for the first time since start was verified when it was rotated. Its first
   * re-verification is spread over one interval (by uid), so that an operator restart with
   * thousands of credentials neither bursts the provider budget nor reads every ledger at once.
   */
  private Instant lastVerified(Run run, RotationPlan plan) {
    String uid = run.cr().getMetadata().getUid();
    return lastVerified.computeIfAbsent(
        uid,
        () ->
            run.now.minusMillis(Math.floorMod(uid.hashCode(), plan.reverifyInterval().toMillis())));
  }

  private void repairDrift(Run run, RotationPlan plan, Credential current) {
    String fp = fingerprints.of(current);
    for (CredentialStore store : plan.stores()) {
      // A Kubernetes Secret store answers from the fingerprint it remembers of an unchanged
      // resourceVersion; anyone's edit changes the version and is read and repaired.
      if (store.serves(fp, fingerprints::of)) {
        continue;
      }
      run.before("repair:" + store.id());
      String version = store.publish("repair", current, fp);
      RotationSteps.recordStore(run, store.id(), fp, version, clock.instant());
      run.save("repaired");
      events.warning(
          run.cr(),
          Reasons.STORE_DRIFT,
          store.id() + " did not serve the current token; rewritten");
    }
  }

  /**
   * Keeps pool numbers in status current and warns once when the pool runs low. Looks at the pool
   * during a rotation, right after the current token was verified (in this pass), or when status
   * has no number yet; otherwise status is kept as it is (an idle credential reads nothing).
   */
  void refreshPool(Run run, RotationPlan plan) {
    CostCredentialStatus known = run.st();
    boolean verifiedNow = run.now.equals(lastVerified.get(uid(run)));
    boolean needed = known.getRotation() != null || verifiedNow || known.getPoolRemaining() == null;
    if (!needed) {
      return;
    }
    Optional<CredentialProvider.PoolState> pool = plan.provider().poolState();
    if (pool.isEmpty()) {
      return;
    }
    CostCredentialStatus st = run.st();
    Integer before = st.getPoolRemaining();
    int now = pool.get().usable();
    st.setPoolRemaining(now);
    st.setPoolMalformedKeys(new java.util.ArrayList<>(pool.get().malformedKeys()));
    boolean low = now <= plan.poolLowWatermark();
    boolean wasLow = before != null && before <= plan.poolLowWatermark();
    boolean emptied = now == 0 && (before == null || before != 0);
    if ((low && !wasLow) || emptied) {
      events.warning(
          run.cr(),
          now == 0 ? Reasons.POOL_EMPTY : Reasons.POOL_LOW,
          "token pool has " + now + " usable token(s); add more before the next rotation");
    }
    if (!pool.get().malformedKeys().isEmpty() && !Objects.equals(before, now)) {
      // Told once per change of the pool, not at every look.
      events.warning(
          run.cr(),
          Reasons.POOL_TOKEN_MALFORMED,
          "pool keys with malformed tokens: " + String.join(", ", pool.get().malformedKeys()));
    }
  }

  void forget(String uid) {
    lastVerified.remove(uid);
  }

  /** How many credentials have a verification time (tests: a forgotten one has none). */
  int verificationTimes() {
    return lastVerified.size();
  }

  private static String uid(Run run) {
    return run.cr().getMetadata().getUid();
  }
}
