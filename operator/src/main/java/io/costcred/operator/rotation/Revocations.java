package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.EmergencyRecord;
import io.costcred.operator.api.v1alpha1.EmergencyRevocation;
import io.costcred.operator.api.v1alpha1.PendingRevocation;
import io.costcred.operator.api.v1alpha1.RevocationState;
import io.costcred.operator.core.Credential;
import io.costcred.operator.provider.CallPriority;
import io.costcred.operator.provider.CredentialProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Revokes old tokens once their deadline passes. Where the provider has no revoke API, the token is
 * flagged for an admin and then polled until it is rejected, which is recorded as verified. A
 * scheduled revocation first waits for evidence that nothing uses the old token ({@link
 * RevocationHolds}).
 */
final class Revocations {
  private final EventSink events;
  private final RevocationHolds holds;
  private final Map<String, Instant> lastChecks = new ConcurrentHashMap<>();

  private final Duration recheck;

  /**
   * @param recheck how soon to look again at pods that still hold an older token when no event says
   *     they changed
   */
  Revocations(EventSink events, Duration clockSkew, Duration recheck) {
    this.events = events;
    this.holds = new RevocationHolds(events, clockSkew);
    this.recheck = recheck;
  }

  /**
   * Processes due revocations; returns when the next one needs attention, or null.
   *
   * @param consumers this pass's consumers of the store Secrets, with their pods' cut-over
   */
  Duration process(Run run, RotationPlan plan, List<CutOver.Evaluated> consumers) {
    CostCredentialStatus st = run.st();
    Instant next = null;
    List<String> stillOld = CutOver.stillOld(consumers);
    for (PendingRevocation pr : new ArrayList<>(st.getPendingRevocations())) {
      holds.observeCutOver(run, pr, stillOld, consumers);
      if (RevocationHolds.holdable(pr) && pr.getCutOverAt() == null && !stillOld.isEmpty()) {
        Instant again = run.now.plus(recheck); // to see the cut-over before the deadline
        next = next == null || again.isBefore(next) ? again : next;
      }
      Instant due = dueAt(run, plan, pr);
      if (due.isAfter(run.now)) {
        next = next == null || due.isBefore(next) ? due : next;
        continue;
      }
      if (holds.holds(run, plan, pr, stillOld)) {
        Instant again = run.now.plus(plan.revocationCheckInterval());
        next = next == null || again.isBefore(next) ? again : next;
        continue;
      }
      handle(run, plan, pr);
      if (st.getPendingRevocations().contains(pr)) {
        Instant again = run.now.plus(plan.revocationCheckInterval());
        next = next == null || again.isBefore(next) ? again : next;
      }
    }
    return next == null ? null : Duration.between(run.now, next);
  }

  private Instant dueAt(Run run, RotationPlan plan, PendingRevocation pr) {
    Instant deadline = Times.parse(pr.getDeadline());
    if (pr.getState() != RevocationState.AwaitingManualRevocation) {
      return deadline;
    }
    Instant last = lastChecks.get(key(run, pr));
    if (last == null) {
      // Flagged moments ago (an emergency checks the token when it flags it): not again at once.
      last = Times.parse(pr.getRequiredSince());
    }
    return last == null ? run.now : last.plus(plan.revocationCheckInterval());
  }

  private void handle(Run run, RotationPlan plan, PendingRevocation pr) {
    String id = pr.getToken().getRotationId();
    Optional<Credential> old = plan.ledger().retired(id);
    if (old.isEmpty()) {
      // Nothing left to revoke with: the value was dropped after an earlier verified revocation.
      run.st().getPendingRevocations().remove(pr);
      run.save("revocation-dropped");
      return;
    }
    run.before("revoke");
    CredentialProvider.RevocationState state =
        plan.provider().at(CallPriority.BACKGROUND).revoke(old.get(), pr.getToken().getId());
    lastChecks.put(key(run, pr), run.now);
    if (state == CredentialProvider.RevocationState.REVOKED) {
      InactiveKeys.deactivated(run, plan, pr.getToken(), old.get());
      run.st().getPendingRevocations().remove(pr);
      EmergencyRecord em = run.st().getLastEmergencyRotation();
      if (em != null
          && em.getCompromisedToken() != null
          && id.equals(em.getCompromisedToken().getRotationId())) {
        em.setRevokedAt(Times.format(run.now));
        em.setRevocation(EmergencyRevocation.VerifiedRevoked);
      }
      run.save("revoked");
      run.before("ledger.dropRetired");
      plan.ledger().dropRetired(id);
      lastChecks.remove(key(run, pr));
      events.normal(
          run.cr(),
          "RevocationVerified",
          "token "
              + pr.getToken().getId()
              + " (fingerprint "
              + pr.getToken().getFingerprint()
              + ") no longer authenticates");
      return;
    }
    if (pr.getState() != RevocationState.AwaitingManualRevocation) {
      pr.setState(RevocationState.AwaitingManualRevocation);
      pr.setRequiredSince(Times.format(run.now));
      run.save("revocation-required");
      events.warning(run.cr(), "RevocationRequired", describe(pr));
    }
  }

  static String describe(PendingRevocation pr) {
    var t = pr.getToken();
    StringBuilder sb = new StringBuilder("revoke token ").append(t.getId());
    if (t.getDescription() != null) {
      sb.append(" \"").append(t.getDescription()).append('"');
    }
    if (t.getCreatedAt() != null) {
      sb.append(" created ").append(t.getCreatedAt());
    }
    return sb.append(" (fingerprint ")
        .append(t.getFingerprint())
        .append(") in the provider console")
        .toString();
  }

  void forget(String uid) {
    lastChecks.keySet().removeIf(k -> k.startsWith(uid + "/"));
    holds.forget(uid);
  }

  private static String key(Run run, PendingRevocation pr) {
    return run.cr().getMetadata().getUid() + "/" + pr.getToken().getRotationId();
  }
}
