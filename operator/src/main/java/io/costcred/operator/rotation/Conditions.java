package io.costcred.operator.rotation;

import io.costcred.operator.api.text.Text;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Sets status conditions; lastTransitionTime moves only when the status value flips. */
public final class Conditions {
  /** Longest message a Kubernetes condition takes. */
  private static final int MESSAGE_LIMIT = 32768;

  private Conditions() {}

  public static void set(
      CostCredentialStatus st,
      String type,
      boolean value,
      String reason,
      String message,
      Instant now,
      Long generation) {
    String status = value ? "True" : "False";
    Condition c = get(st, type).orElse(null);
    if (c == null) {
      c = new Condition();
      c.setType(type);
      st.getConditions().add(c);
    }
    if (!status.equals(c.getStatus())) {
      c.setLastTransitionTime(Times.format(now));
    }
    c.setStatus(status);
    c.setReason(reason);
    c.setMessage(message == null ? "" : Text.safe(message, MESSAGE_LIMIT));
    c.setObservedGeneration(generation);
  }

  public static Optional<Condition> get(CostCredentialStatus st, String type) {
    return st.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(CostCredentialStatus st, String type) {
    return get(st, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  public static boolean hasReason(CostCredentialStatus st, String type, String reason) {
    return get(st, type).map(c -> Objects.equals(reason, c.getReason())).orElse(false);
  }
}
