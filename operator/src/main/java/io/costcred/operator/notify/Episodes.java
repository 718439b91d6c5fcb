package io.costcred.operator.notify;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.LastFailure;
import io.costcred.operator.api.v1alpha1.NotificationEvent;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import io.costcred.operator.rotation.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the status the engine stored after each pass into notifications, once per episode. A
 * failure episode starts when the failure gate's record ({@code status.lastFailure}) is real: the
 * gate held it for {@value #PERMANENT_MINUTES} minutes or more (a permanent failure) or it failed
 * {@code threshold} times in a row; it ends with the first clean pass ({@link
 * NotificationEvent#Recovered}). A RevocationRequired or RevocationHeld episode lasts while its
 * condition is True with the same message. An episode still open after {@code renotify} is told
 * again. Kept in memory: a restarted operator tells each open episode once more.
 */
final class Episodes {
  static final int PERMANENT_MINUTES = 10;
  private final Clock clock;
  private final Duration renotify;
  private final int threshold;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  /** What was told about one credential, and when. */
  private static final class State {
    final Told failure = new Told();
    final Told revocation = new Told();
    final Told held = new Told();

    /** No episode open: nothing to remember (most credentials, most of the time). */
    boolean quiet() {
      return failure.quiet() && revocation.quiet() && held.quiet();
    }
  }

  /** The open episode's key and when it was last told (null: not told). */
  private static final class Told {
    String key;
    Instant at;

    boolean quiet() {
      return key == null && at == null;
    }
  }

  Episodes(Clock clock, Duration renotify, int threshold) {
    this.clock = clock;
    this.renotify = renotify;
    this.threshold = Math.max(1, threshold);
  }

  /** The notifications {@code cr}'s stored status calls for now. */
  List<Notification> observe(CostCredential cr) {
    CostCredentialStatus st = cr.getStatus();
    String uid = Objects.requireNonNullElse(cr.getMetadata().getUid(), cr.getMetadata().getName());
    if (st == null) {
      return List.of();
    }
    State s = states.computeIfAbsent(uid, k -> new State());
    Instant now = clock.instant();
    List<Notification> out = new ArrayList<>();
    synchronized (s) {
      failure(cr, st, s.failure, now).ifPresent(out::add);
      // A new token to revoke by hand changes the message: told at once.
      condition(cr, st, NotificationEvent.RevocationRequired, s.revocation, now, true)
          .ifPresent(out::add);
      // Which Pods hold a revocation changes as they cycle: one episode per reason.
      condition(cr, st, NotificationEvent.RevocationHeld, s.held, now, false).ifPresent(out::add);
      if (s.quiet()) {
        states.remove(uid, s); // a credential's passes never run at the same time
      }
    }
    return out;
  }

  /** Credentials with an open episode. */
  int open() {
    return states.size();
  }

  /** The credential is gone. */
  void forget(CostCredential cr) {
    states.remove(
        Objects.requireNonNullElse(cr.getMetadata().getUid(), cr.getMetadata().getName()));
  }

  private Optional<Notification> failure(
      CostCredential cr, CostCredentialStatus st, Told told, Instant now) {
    LastFailure f = st.getLastFailure();
    if (f == null) {
      boolean wasTold = told.at != null;
      String was = told.key;
      told.key = null;
      told.at = null;
      return wasTold
          ? Optional.of(
              Notification.of(
                  NotificationEvent.Recovered,
                  cr,
                  was,
                  "the failure (" + was + ") is gone",
                  null,
                  now))
          : Optional.empty();
    }
    String key = Objects.requireNonNullElse(f.getReason(), "Unknown");
    if (!key.equals(told.key)) {
      told.key = key;
      told.at = null; // a different failure: a new episode
    }
    if (!real(f) || !due(told, now)) {
      return Optional.empty();
    }
    told.at = now;
    boolean emergency =
        st.getRotation() != null && st.getRotation().getTrigger() == RotationTrigger.Emergency;
    NotificationEvent event =
        emergency ? NotificationEvent.EmergencyBlocked : NotificationEvent.RotationFailed;
    return Optional.of(Notification.of(event, cr, key, f.getMessage(), f.getAttempts(), now));
  }

  /** Past the threshold, or held as long as the gate holds a permanent failure. */
  private boolean real(LastFailure f) {
    int attempts = f.getAttempts() == null ? 1 : f.getAttempts();
    if (attempts >= threshold) {
      return true;
    }
    try {
      if (f.getTime() == null || f.getRetryAt() == null) {
        return false;
      }
      Duration held = Duration.between(Instant.parse(f.getTime()), Instant.parse(f.getRetryAt()));
      return held.compareTo(Duration.ofMinutes(PERMANENT_MINUTES)) >= 0;
    } catch (DateTimeParseException e) {
      return false; // hand-edited status: wait for the threshold
    }
  }

  private Optional<Notification> condition(
      CostCredential cr,
      CostCredentialStatus st,
      NotificationEvent event,
      Told told,
      Instant now,
      boolean byMessage) {
    String type =
        event == NotificationEvent.RevocationRequired
            ? Reasons.REVOCATION_REQUIRED
            : Reasons.REVOCATION_HELD;
    Optional<Condition> c = Conditions.get(st, type).filter(x -> "True".equals(x.getStatus()));
    if (c.isEmpty()) {
      told.key = null;
      told.at = null;
      return Optional.empty();
    }
    String message = Objects.requireNonNullElse(c.get().getMessage(), "");
    String key = byMessage ? message : Objects.requireNonNullElse(c.get().getReason(), "");
    if (!key.equals(told.key)) {
      told.key = key;
      told.at = null;
    }
    if (!due(told, now)) {
      return Optional.empty();
    }
    told.at = now;
    return Optional.of(Notification.of(event, cr, c.get().getReason(), message, null, now));
  }

  private boolean due(Told told, Instant now) {
    return told.at == null || !now.isBefore(told.at.plus(renotify));
  }
}
