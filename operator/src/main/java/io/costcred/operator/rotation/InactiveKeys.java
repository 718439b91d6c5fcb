package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.InactiveKey;
import io.costcred.operator.api.v1alpha1.RotationRecord;
import io.costcred.operator.api.v1alpha1.TokenHandle;
import io.costcred.operator.core.Credential;
import io.costcred.operator.provider.KeyRetention;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Deletes keys the operator deactivated (IAM {@code DeleteAccessKey}) once the provider's retention
 * has passed. Revocation records each key in {@code status.inactiveKeys} in the status write that
 * follows the deactivation, so a crash in between repeats the (idempotent) deactivation and the
 * record is never lost; deletion happens after it and counts a key already gone as done.
 */
final class InactiveKeys {
  private final EventSink events;

  InactiveKeys(EventSink events) {
    this.events = events;
  }

  /**
   * The provider deactivated the key of {@code credential} (handle {@code token}): record it for
   * deletion. Saved by the caller's next status write.
   */
  static void deactivated(Run run, RotationPlan plan, TokenHandle token, Credential credential) {
    if (!(plan.provider() instanceof KeyRetention retention)) {
      return; // nothing lingers after this provider's revocation
    }
    String id = retention.keyId(credential);
    List<InactiveKey> keys = run.st().getInactiveKeys();
    keys.removeIf(k -> id.equals(k.getId()));
    InactiveKey k = new InactiveKey();
    k.setId(id);
    k.setFingerprint(token.getFingerprint());
    k.setRotationId(token.getRotationId());
    k.setDeactivatedAt(Times.format(run.now));
    k.setDeleteAfter(Times.format(run.now.plus(retention.retention())));
    keys.add(k);
  }

  /** Deletes the keys whose retention has passed; returns when the next one is due, or null. */
  Duration process(Run run, RotationPlan plan) {
    List<InactiveKey> keys = run.st().getInactiveKeys();
    if (keys.isEmpty() || !(plan.provider() instanceof KeyRetention retention)) {
      return null;
    }
    if (run.st().getRotation() != null) {
      return null; // after the rotation: in an emergency the compromised key is still "current"
    }
    Instant next = null;
    for (InactiveKey k : List.copyOf(keys)) {
      Instant due = Times.parse(k.getDeleteAfter());
      if (due.isAfter(run.now)) {
        next = next == null || due.isBefore(next) ? due : next;
        continue;
      }
      delete(run, retention, k);
    }
    return next == null ? null : Duration.between(run.now, next);
  }

  private void delete(Run run, KeyRetention retention, InactiveKey k) {
    CostCredentialStatus st = run.st();
    if (inUse(st.getCurrentToken(), k) || inUse(st.getPendingToken(), k)) {
      // Never the key the stores serve or are about to serve, whatever the record says.
      st.getInactiveKeys().remove(k);
      run.save("inactive-key-in-use");
      events.warning(run.cr(), "InactiveKeyInUse", "key " + k.getId() + " is in use: not deleted");
      return;
    }
    run.before("deleteInactiveKey");
    KeyRetention.Deletion d = retention.deleteDeactivated(k.getId());
    st.getInactiveKeys().remove(k);
    if (d == KeyRetention.Deletion.REACTIVATED) {
      run.save("inactive-key-reactivated");
      events.warning(
          run.cr(),
          "InactiveKeyReactivated",
          "key " + k.getId() + " was made Active again by someone else: not deleted");
      return;
    }
    RotationRecord rec = new RotationRecord();
    rec.setRotationId(k.getRotationId());
    rec.setOutcome("KeyDeleted");
    rec.setStartedAt(k.getDeactivatedAt());
    rec.setCompletedAt(Times.format(run.now));
    rec.setMessage(
        "key "
            + k.getId()
            + (d == KeyRetention.Deletion.GONE ? " was already gone" : " deleted")
            + " after its retention");
    RotationFinisher.record(st, rec);
    run.save("inactive-key-deleted");
    events.normal(run.cr(), "InactiveKeyDeleted", rec.getMessage());
  }

  private static boolean inUse(TokenHandle h, InactiveKey k) {
    return h != null
        && (k.getId().equals(h.getId()) || Objects.equals(k.getFingerprint(), h.getFingerprint()));
  }
}
