package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.CostCredential;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a failed reconcile from retrying at once. Recording a failure writes status, and the
 * operator sees its own write as a change (annotation triggers need generation-blind events): each
 * failure would cause the next at once, a retry storm. After a failing pass the engine remembers
 * the resourceVersion it wrote and when the backoff ends; an event for exactly that version before
 * then is the echo of its own write and is not acted on. Anything a user changes (spec,
 * annotations, a status request) makes a new resourceVersion and is reconciled at once. In memory
 * only: after a restart one pass runs, and the backoff recorded in status paces the rest.
 */
final class FailureEchoes {
  private record Quiet(String resourceVersion, Instant until) {}

  private final Map<String, Quiet> quiet = new ConcurrentHashMap<>();

  /** After a failing pass that left {@code cr} at its stored version: quiet until {@code until}. */
  void failed(CostCredential cr, Instant until) {
    quiet.put(cr.getMetadata().getUid(), new Quiet(cr.getMetadata().getResourceVersion(), until));
  }

  /** After a pass without failure. */
  void cleared(CostCredential cr) {
    quiet.remove(cr.getMetadata().getUid());
  }

  /**
   * How long to stay quiet when {@code cr} is only the echo of the engine's own failure write, or
   * null when it must be reconciled now.
   */
  Duration quietFor(CostCredential cr, Instant now) {
    Quiet q = quiet.get(cr.getMetadata().getUid());
    if (q == null) {
      return null;
    }
    if (!Objects.equals(q.resourceVersion(), cr.getMetadata().getResourceVersion())
        || !now.isBefore(q.until())) {
      quiet.remove(cr.getMetadata().getUid(), q);
      return null;
    }
    return Duration.between(now, q.until());
  }

  void forget(CostCredential cr) {
    quiet.remove(cr.getMetadata().getUid());
  }
}
