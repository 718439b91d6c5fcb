package io.costcred.operator.rotation;

import io.costcred.operator.api.text.Text;
import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.LastFailure;
import io.costcred.operator.api.v1alpha1.RotationOutcome;
import io.costcred.operator.api.v1alpha1.RotationRun;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place every failure goes through, and the one backoff that paces it. A failure is
 * recorded in {@code status.lastFailure} with the inputs it was seen with (a short hash of the
 * generation, the request annotations, the status request and the referenced objects' versions) and
 * the time before which the same inputs are not tried again. At the top of a reconcile, {@link
 * #holds} answers whether that time has come: while it has not and the inputs are the same, the
 * reconcile does nothing (no status write, no provider or store call). Computed from status, so it
 * survives restarts; the echo of the operator's own failure write has the same inputs and is held.
 *
 * <p>Delays: a permanent failure (spec or reference error) {@value #PERMANENT_MINUTES} minutes; a
 * transient one {@link Backoff} on the consecutive attempts, or the provider's retry-after when it
 * is longer; any failure during an emergency rotation {@link #EMERGENCY_RETRY} (emergencies never
 * wait). A wait for the rate budget is not a failure and never passes here.
 */
final class FailureGate {
  static final int PERMANENT_MINUTES = 10;
  static final Duration PERMANENT_RETRY = Duration.ofMinutes(PERMANENT_MINUTES);
  static final Duration EMERGENCY_RETRY = Duration.ofSeconds(2);
  private static final Logger LOG = LoggerFactory.getLogger(FailureGate.class);
  private final Backoff backoff;
  private final ReferenceVersions references;
  private final EventSink events;
  private final RotationObserver observer;

  FailureGate(
      Backoff backoff, ReferenceVersions references, EventSink events, RotationObserver observer) {
    this.backoff = backoff;
    this.references = references;
    this.events = events;
    this.observer = observer;
  }

  /** What an attempt depends on, as a short hash: equal inputs fail the same way again. */
  String inputs(CostCredential cr) {
    Map<String, String> a = cr.getMetadata().getAnnotations();
    CostCredentialStatus st = cr.getStatus();
    String text =
        String.join(
            "\n",
            String.valueOf(cr.getMetadata().getGeneration()),
            annotation(a, Annotations.ROTATE),
            annotation(a, Annotations.EMERGENCY),
            st == null || st.getRequestedRotation() == null
                ? ""
                : String.valueOf(st.getRequestedRotation().getId()),
            Objects.requireNonNullElse(references.of(cr), ""));
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * How long the failure in {@code cr}'s status still holds with these inputs, or null when the
   * reconcile may run.
   */
  Duration holds(CostCredential cr, String inputs, Instant now) {
    LastFailure f = cr.getStatus() == null ? null : cr.getStatus().getLastFailure();
    if (f == null || !inputs.equals(f.getInputs())) {
      return null;
    }
    Instant retryAt = Times.parseOrNull(f.getRetryAt());
    RotationRun r = cr.getStatus().getRotation();
    Instant failedAt = Times.parseOrNull(f.getTime());
    if (r != null && r.getTrigger() == RotationTrigger.Emergency && failedAt != null) {
      // An emergency never waits longer, whatever the failure (recorded before it escalated).
      Instant soon = failedAt.plus(EMERGENCY_RETRY);
      retryAt = retryAt == null || soon.isBefore(retryAt) ? soon : retryAt;
    }
    return retryAt == null || !now.isBefore(retryAt) ? null : Duration.between(now, retryAt);
  }

  /**
   * Records the pass's failure in status (the caller's next status write carries it) and tells
   * people once per distinct failure; returns when to try again. Only the first failure of a pass
   * counts as an attempt.
   */
  Duration record(Run run, Failure failure, String inputs) {
    CostCredentialStatus st = run.st();
    String message = Text.safe(failure.message(), Text.REASON); // may name what the user wrote
    LOG.warn(
        "reconcile of {}/{} failed: {} ({})",
        run.namespace(),
        run.cr().getMetadata().getName(),
        message,
        failure.reason());
    LastFailure last = st.getLastFailure();
    boolean same =
        last != null
            && Objects.equals(last.getReason(), failure.reason())
            && Objects.equals(last.getMessage(), message);
    int before =
        last == null || last.getAttempts() == null || !inputs.equals(last.getInputs())
            ? 0
            : last.getAttempts();
    LastFailure f = new LastFailure();
    f.setReason(failure.reason());
    f.setMessage(message);
    f.setTime(Times.format(run.now));
    f.setAttempts(before + 1);
    f.setInputs(inputs);
    Duration delay = delay(st.getRotation(), failure, before + 1);
    f.setRetryAt(Times.format(run.now.plus(delay)));
    st.setLastFailure(f);
    if (!same) {
      events.warning(run.cr(), failure.reason(), message);
    }
    RotationRun r = st.getRotation();
    if (r != null) {
      observer.rotation(run.cr(), r.getTrigger(), RotationOutcome.Failed, Duration.ZERO);
    }
    return delay;
  }

  /** A pass without failure ends the one that stood. */
  static void clear(CostCredentialStatus st) {
    st.setLastFailure(null);
  }

  Duration delay(RotationRun rotation, Failure failure, int attempts) {
    if (rotation != null && rotation.getTrigger() == RotationTrigger.Emergency) {
      return EMERGENCY_RETRY;
    }
    if (failure.permanent()) {
      return PERMANENT_RETRY;
    }
    // A provider's hint is a floor, never a shortcut past the backoff: an endpoint that always
    // answers "retry in 15 s" would otherwise be called 40 times in 10 minutes.
    Duration backedOff = backoff.delay(attempts);
    Duration hint = failure.retryAfter();
    return hint != null && hint.compareTo(backedOff) > 0 ? hint : backedOff;
  }

  private static String annotation(Map<String, String> a, String key) {
    return a == null ? "" : Objects.requireNonNullElse(a.get(key), "");
  }
}
