package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.PendingRevocation;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RevocationReason;
import io.costcred.operator.api.v1alpha1.RevocationState;
import io.costcred.operator.core.Credential;
import io.costcred.operator.provider.KeyRetention;
import io.costcred.operator.provider.KeyUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds a scheduled revocation (never an emergency's) while there is evidence that the old token is
 * still in use: a running pod that started before the new token was published, or, where the
 * provider reports key use (AWS IAM), a use of the old key after the consumers cut over. The hold
 * ends when the evidence is gone, when an admin acknowledges it ({@value
 * Annotations#ACKNOWLEDGE_HOLD} = the rotation id or token id), or {@code maxRevocationHold} after
 * the deadline; each end leaves an Event. The key's last use is asked at most once per revocation
 * check interval; a use reported within the allowed clock skew after the cut-over does not count
 * (the two times come from different clocks).
 */
final class RevocationHolds {
  private final EventSink events;
  private final Duration clockSkew;
  private final Map<String, Instant> usageChecks = new ConcurrentHashMap<>();

  /**
   * @param clockSkew how far the provider's clock (its last-use times) may be from the operator's
   *     (cutOverAt): a use within this much after the cut-over is not evidence
   */
  RevocationHolds(EventSink events, Duration clockSkew) {
    this.events = events;
    this.clockSkew = clockSkew;
  }

  /** Records when no running pod uses an older token any more ({@code cutOverAt}), once. */
  void observeCutOver(
      Run run, PendingRevocation pr, List<String> stillOld, List<CutOver.Evaluated> consumers) {
    if (!holdable(pr) || pr.getCutOverAt() != null || !stillOld.isEmpty()) {
      return;
    }
    pr.setCutOverAt(Times.format(run.now));
    run.save("cut-over"); // recorded before it is announced: a conflicting write would repeat it
    int pods = consumers.stream().mapToInt(CutOver.Evaluated::pods).sum();
    events.normal(
        run.cr(),
        "ConsumersCutOver",
        pods
            + " running pod(s) of "
            + consumers.size()
            + " consumer(s) use the new token; token "
            + pr.getToken().getId()
            + " is revoked at "
            + pr.getDeadline());
  }

  /**
   * True when the due revocation {@code pr} must wait (its Held state is written); false when it
   * may proceed (a hold it had is lifted, with the next status write).
   */
  boolean holds(Run run, RotationPlan plan, PendingRevocation pr, List<String> stillOld) {
    if (!holdable(pr)) {
      return false;
    }
    Hold hold = evidence(run, plan, pr, stillOld);
    if (hold == null) {
      lift(pr);
      return false;
    }
    if (acknowledged(run, pr)) {
      events.warning(
          run.cr(),
          "RevocationHoldAcknowledged",
          "revoking token " + pr.getToken().getId() + " as acknowledged, although " + hold.message);
      lift(pr);
      return false;
    }
    Instant deadline = Times.parse(pr.getDeadline());
    if (deadline != null && !run.now.isBefore(deadline.plus(plan.consumers().maxHold()))) {
      events.warning(
          run.cr(),
          "RevocationHoldExpired",
          "revoking token "
              + pr.getToken().getId()
              + " after the maximum hold of "
              + plan.consumers().maxHold()
              + ", although "
              + hold.message);
      lift(pr);
      return false;
    }
    hold(run, pr, hold);
    return true;
  }

  void forget(String uid) {
    usageChecks.keySet().removeIf(k -> k.startsWith(uid + "/"));
  }

  private record Hold(String reason, String message) {}

  /** Only the token a rotation replaced is held: it is the one consumers may still hold. */
  static boolean holdable(PendingRevocation pr) {
    return pr.getReason() == RevocationReason.Rotated
        && (pr.getState() == RevocationState.Scheduled || pr.getState() == RevocationState.Held);
  }

  private Hold evidence(Run run, RotationPlan plan, PendingRevocation pr, List<String> stillOld) {
    if (!stillOld.isEmpty()) {
      return new Hold(
          Reasons.OLD_CREDENTIAL_IN_USE,
          "running pods still use the old token: " + String.join("; ", CutOver.first(stillOld, 5)));
    }
    Optional<KeyUsage> usage = plan.provider().capabilities().keyUsage();
    Optional<KeyRetention> retention = plan.provider().capabilities().keyRetention();
    Instant cutOver = Times.parseOrNull(pr.getCutOverAt());
    if (usage.isEmpty() || retention.isEmpty() || cutOver == null) {
      return null;
    }
    String key = run.cr().getMetadata().getUid() + "/" + pr.getToken().getRotationId();
    Instant last = usageChecks.get(key);
    boolean heldByKey = Reasons.OLD_KEY_STILL_USED.equals(pr.getHeldReason());
    if (heldByKey && last != null && run.now.isBefore(last.plus(plan.revocationCheckInterval()))) {
      return new Hold(pr.getHeldReason(), pr.getHeldBy()); // asked recently: the answer stands
    }
    // The key id from the ledger's value, never from the status (which a tenant can write).
    Optional<Credential> old = plan.ledger().retired(pr.getToken().getRotationId());
    if (old.isEmpty()) {
      return null;
    }
    String keyId = retention.get().keyId(old.get());
    KeyUsage.LastUse use = usage.get().lastUse(keyId);
    usageChecks.put(key, run.now);
    if (use.at() == null || !use.at().isAfter(cutOver.plus(clockSkew))) {
      return null;
    }
    return new Hold(
        Reasons.OLD_KEY_STILL_USED,
        "key "
            + keyId
            + " was last used at "
            + Times.format(use.at())
            + (use.service() == null ? "" : " (" + use.service() + ")")
            + ", after every pod had cut over at "
            + pr.getCutOverAt()
            + ": something outside the cluster's consumers still uses it");
  }

  private static boolean acknowledged(Run run, PendingRevocation pr) {
    Map<String, String> annotations = run.cr().getMetadata().getAnnotations();
    String ack = annotations == null ? null : annotations.get(Annotations.ACKNOWLEDGE_HOLD);
    return ack != null
        && (ack.equals(pr.getToken().getRotationId()) || ack.equals(pr.getToken().getId()));
  }

  private void hold(Run run, PendingRevocation pr, Hold hold) {
    boolean news = pr.getState() != RevocationState.Held || !hold.reason.equals(pr.getHeldReason());
    if (pr.getState() != RevocationState.Held) {
      pr.setHeldSince(Times.format(run.now));
    }
    pr.setState(RevocationState.Held);
    pr.setHeldReason(hold.reason);
    pr.setHeldBy(hold.message);
    run.save("revocation-held");
    if (news) {
      events.warning(
          run.cr(),
          "RevocationHeld",
          "revocation of token " + pr.getToken().getId() + " held: " + hold.message);
    }
  }

  private static void lift(PendingRevocation pr) {
    if (pr.getState() == RevocationState.Held) {
      pr.setState(RevocationState.Scheduled);
    }
    pr.setHeldSince(null);
    pr.setHeldReason(null);
    pr.setHeldBy(null);
  }
}
