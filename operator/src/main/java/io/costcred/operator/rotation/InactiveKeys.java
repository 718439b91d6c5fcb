package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.InactiveKey;
import io.costcred.operator.api.v1alpha1.RotationOutcome;
import io.costcred.operator.api.v1alpha1.RotationRecord;
import io.costcred.operator.api.v1alpha1.TokenHandle;
import io.costcred.operator.core.Credential;
import io.costcred.operator.provider.KeyRetention;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deletes keys the operator deactivated (IAM {@code DeleteAccessKey}) once the provider's retention
 * has passed. Revocation records each key in the ledger Secret (which tenants cannot write) and in
 * {@code status.inactiveKeys} (which anyone with {@code costcredentials/status} can), in that
 * order. The status entry only says when to look; a key is deleted only if the ledger records that
 * the operator deactivated it, at the ledger's time plus the retention, and never while the ledger
 * or the status names it current or pending. A crash between deactivation and the records repeats
 * the (idempotent) deactivation; deletion counts a key already gone as done.
 */
final class InactiveKeys {
  private final EventSink events;

  InactiveKeys(EventSink events) {
    this.events = events;
  }

  /**
   * The provider deactivated the key of {@code credential} (handle {@code token}): record it for
   * deletion, in the ledger now and in the status with the caller's next status write.
   */
  static void deactivated(Run run, RotationPlan plan, TokenHandle token, Credential credential) {
    KeyRetention retention = plan.provider().capabilities().keyRetention().orElse(null);
    if (retention == null) {
      return; // nothing lingers after this provider's revocation
    }
    String id = retention.keyId(credential);
    run.before("ledger.recordDeactivated");
    plan.ledger().recordDeactivated(id, run.now);
    Instant at = plan.ledger().deactivated().getOrDefault(id, run.now);
    List<InactiveKey> keys = run.st().getInactiveKeys();
    keys.removeIf(k -> id.equals(k.getId()));
    InactiveKey k = new InactiveKey();
    k.setId(id);
    k.setFingerprint(token.getFingerprint());
    k.setRotationId(token.getRotationId());
    k.setDeactivatedAt(Times.format(at));
    k.setDeleteAfter(Times.format(at.plus(retention.retention())));
    keys.add(k);
  }

  /** Deletes the keys whose retention has passed; returns when the next one is due, or null. */
  Duration process(Run run, RotationPlan plan) {
    List<InactiveKey> keys = run.st().getInactiveKeys();
    KeyRetention retention = plan.provider().capabilities().keyRetention().orElse(null);
    if (keys.isEmpty() || retention == null) {
      return null;
    }
    if (run.st().getRotation() != null) {
      return null; // after the rotation: in an emergency the compromised key is still "current"
    }
    // The status says when to look (an idle credential reads nothing); the ledger decides.
    Instant next = null;
    boolean look = false;
    for (InactiveKey k : keys) {
      Instant due = Times.parseOrNull(k.getDeleteAfter());
      if (due == null || !due.isAfter(run.now)) {
        look = true;
      } else {
        next = earlier(next, due);
      }
    }
    if (!look) {
      return Duration.between(run.now, next);
    }
    next = null;
    Map<String, Instant> recorded = plan.ledger().deactivated();
    Set<String> inUse = inUse(run.st(), plan, retention);
    for (InactiveKey k : List.copyOf(keys)) {
      Instant deactivatedAt = recorded.get(k.getId());
      if (inUse.contains(k.getId()) || inUse.contains(k.getFingerprint())) {
        // Never the key the stores serve or are about to serve, whatever the record says.
        drop(run, k, "inactive-key-in-use", "InactiveKeyInUse", "is in use: not deleted");
      } else if (deactivatedAt == null) {
        drop(
            run,
            k,
            "inactive-key-not-recorded",
            "InactiveKeyNotRecorded",
            "is not one the operator recorded deactivating: not deleted");
      } else {
        Instant due = deactivatedAt.plus(retention.retention());
        k.setDeactivatedAt(Times.format(deactivatedAt));
        k.setDeleteAfter(Times.format(due));
        if (due.isAfter(run.now)) {
          next = earlier(next, due);
        } else {
          delete(run, plan, retention, k);
        }
      }
    }
    return next == null ? null : Duration.between(run.now, next);
  }

  private void drop(Run run, InactiveKey k, String step, String reason, String what) {
    run.st().getInactiveKeys().remove(k);
    run.save(step);
    events.warning(run.cr(), reason, "key " + k.getId() + " " + what);
  }

  private void delete(Run run, RotationPlan plan, KeyRetention retention, InactiveKey k) {
    CostCredentialStatus st = run.st();
    run.before("deleteInactiveKey");
    KeyRetention.Deletion d = retention.deleteDeactivated(k.getId());
    st.getInactiveKeys().remove(k);
    if (d == KeyRetention.Deletion.REACTIVATED) {
      run.save("inactive-key-reactivated");
      plan.ledger().forgetDeactivated(k.getId());
      events.warning(
          run.cr(),
          "InactiveKeyReactivated",
          "key " + k.getId() + " was made Active again by someone else: not deleted");
      return;
    }
    RotationRecord rec = new RotationRecord();
    rec.setRotationId(k.getRotationId());
    rec.setOutcome(RotationOutcome.KeyDeleted);
    rec.setStartedAt(k.getDeactivatedAt());
    rec.setCompletedAt(Times.format(run.now));
    rec.setMessage(
        "key "
            + k.getId()
            + (d == KeyRetention.Deletion.GONE ? " was already gone" : " deleted")
            + " after its retention");
    RotationFinisher.record(st, rec);
    run.save("inactive-key-deleted");
    plan.ledger().forgetDeactivated(k.getId());
    events.normal(run.cr(), "InactiveKeyDeleted", rec.getMessage());
  }

  /** Key ids and fingerprints that must never be deleted: the ledger's and the status' own. */
  private static Set<String> inUse(
      CostCredentialStatus st, RotationPlan plan, KeyRetention retention) {
    Set<String> out = new HashSet<>();
    plan.ledger().current().map(retention::keyId).ifPresent(out::add);
    plan.ledger().pending().map(p -> retention.keyId(p.credential())).ifPresent(out::add);
    for (TokenHandle h : new TokenHandle[] {st.getCurrentToken(), st.getPendingToken()}) {
      if (h != null) {
        out.add(h.getId());
        out.add(h.getFingerprint());
      }
    }
    out.remove(null);
    return out;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }
}
