package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One reconcile of one CostCredential: the object as last stored, the time, the inputs its failures
 * are recorded with, what the pass has observed so far, and the status write that must precede
 * every side effect.
 */
final class Run {
  private final CostCredential cr;
  private String persisted;
  final Instant now;

  /** What a failure of this pass is recorded with (see {@link FailureGate#inputs}). */
  final String inputs;

  private final StatusWriter writer;
  private final StepHook hook;
  private Observations seen = Observations.NONE;
  private String deferred;
  private final List<Runnable> afterDeferred = new ArrayList<>();

  Run(CostCredential cr, Instant now, String inputs, StatusWriter writer, StepHook hook) {
    this.cr = cr;
    if (cr.getStatus() == null) {
      cr.setStatus(new CostCredentialStatus());
      this.persisted = null;
    } else {
      this.persisted = json(cr.getStatus());
    }
    this.now = now;
    this.inputs = inputs;
    this.writer = writer;
    this.hook = hook;
  }

  CostCredential cr() {
    return cr;
  }

  CostCredentialStatus st() {
    return cr.getStatus();
  }

  String namespace() {
    return cr.getMetadata().getNamespace();
  }

  /** What the pass has observed so far. */
  Observations seen() {
    return seen;
  }

  /** Adds what a part of the pass returned; the next status write derives conditions from it. */
  void observe(Observations o) {
    seen = seen.and(o);
  }

  /**
   * Derives the conditions from the status and the observations, writes the status if it changed
   * since it was last stored, then passes the crash point. Every write carries current conditions
   * (an emergency's RevocationRequired=True goes out with the flag, not at the end of the pass).
   */
  void save(String step) {
    if (deferred != null) {
      flush();
    }
    st().setConditions(
            StatusSummary.derive(
                st(), seen, now, cr.getMetadata().getGeneration(), RotationEngine.suspended(cr)));
    String now = json(cr.getStatus());
    if (!Objects.equals(now, persisted)) {
      CostCredential stored = writer.write(cr);
      cr.getMetadata().setResourceVersion(stored.getMetadata().getResourceVersion());
      persisted = now;
    }
    hook.at("saved:" + step);
  }

  /**
   * A step whose status needs no write of its own because no side effect follows it before the next
   * write (decision D47): its changes go out with the next {@link #save}, or right before the next
   * side effect ({@link #before}), whichever comes first; {@code then} (its Event) runs after that
   * write. A pass that ends without it (a conflict, a crash) leaves the step to be redone.
   */
  void saveWithNext(String step, Runnable then) {
    if (deferred != null) {
      flush();
    }
    deferred = step;
    afterDeferred.add(then);
  }

  /** A crash point right before a side effect outside the status; a deferred step is written. */
  void before(String sideEffect) {
    if (deferred != null) {
      flush();
    }
    hook.at("before:" + sideEffect);
  }

  private void flush() {
    String step = deferred;
    deferred = null;
    List<Runnable> then = List.copyOf(afterDeferred);
    afterDeferred.clear();
    save(step);
    then.forEach(Runnable::run);
  }

  private static String json(CostCredentialStatus st) {
    return Serialization.asJson(st);
  }
}
