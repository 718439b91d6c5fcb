package io.costcred.operator.rotation;

import io.costcred.operator.api.v1alpha1.MaintenanceWindow;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.Durations;
import io.costcred.operator.core.PermanentException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Pure schedule arithmetic: when a scheduled rotation is due, honouring maintenance windows,
 * spec.suspend and the governing policies' maxInterval (which suspend does not lift).
 */
public final class Schedule {
  private final Duration interval;
  private final List<MaintenanceWindow> windows;
  private final Duration policyMaxAge;
  private final boolean suspended;

  public Schedule(Duration interval, List<MaintenanceWindow> windows) {
    this(interval, windows, null, false);
  }

  private Schedule(
      Duration interval,
      List<MaintenanceWindow> windows,
      Duration policyMaxAge,
      boolean suspended) {
    this.interval = interval;
    this.windows = windows == null ? List.of() : windows;
    this.policyMaxAge = policyMaxAge;
    this.suspended = suspended;
  }

  /** The same schedule where a policy says a token may be at most {@code maxAge} old (or null). */
  public Schedule withPolicyMaxAge(Duration maxAge) {
    return new Schedule(interval, windows, maxAge, suspended);
  }

  /** The same schedule, paused (spec.suspend) or not. */
  public Schedule suspended(boolean paused) {
    return new Schedule(interval, windows, policyMaxAge, paused);
  }

  public Duration interval() {
    return interval;
  }

  public boolean isSuspended() {
    return suspended;
  }

  /** The strictest policy maxInterval, or null when no policy sets one. */
  public Duration policyMaxAge() {
    return policyMaxAge;
  }

  /**
   * When the next scheduled rotation may start, given the last one; null while suspended, unless a
   * policy's maxInterval ends the suspension's effect when the token reaches that age.
   */
  public Instant nextRotation(Instant lastRotation) {
    Duration after = suspended ? policyMaxAge : interval;
    if (after == null) {
      return null;
    }
    Instant due = lastRotation.plus(after);
    return windows.isEmpty() ? due : nextWindowOpening(due);
  }

  /** The first instant at or after {@code t} that lies inside a maintenance window. */
  public Instant nextWindowOpening(Instant t) {
    Instant best = null;
    for (MaintenanceWindow w : windows) {
      Instant candidate = firstOpening(w, t);
      if (best == null || candidate.isBefore(best)) {
        best = candidate;
      }
    }
    return best == null ? t : best;
  }

  private static Instant firstOpening(MaintenanceWindow w, Instant t) {
    ZoneId zone = zone(w);
    LocalTime start = LocalTime.parse(w.getStart());
    Duration length = Durations.parse(w.getDuration(), "maintenanceWindows.duration");
    ZonedDateTime day = t.atZone(zone).toLocalDate().minusDays(1).atStartOfDay(zone);
    for (int i = 0; i < 9; i++) {
      ZonedDateTime open = day.plusDays(i).with(start);
      if (!allowedDay(w, open.getDayOfWeek())) {
        continue;
      }
      Instant openAt = open.toInstant();
      Instant closeAt = openAt.plus(length);
      if (!t.isBefore(openAt) && t.isBefore(closeAt)) {
        return t;
      }
      if (openAt.isAfter(t)) {
        return openAt;
      }
    }
    throw new PermanentException(Reasons.INVALID_SPEC, "maintenance window never opens");
  }

  private static boolean allowedDay(MaintenanceWindow w, DayOfWeek day) {
    if (w.getDays() == null || w.getDays().isEmpty()) {
      return true;
    }
    String name = day.name().substring(0, 1) + day.name().substring(1, 3).toLowerCase(Locale.ROOT);
    return w.getDays().contains(name);
  }

  private static ZoneId zone(MaintenanceWindow w) {
    try {
      return ZoneId.of(Optional.ofNullable(w.getTimeZone()).orElse("UTC"));
    } catch (DateTimeException e) {
      throw new PermanentException(Reasons.INVALID_SPEC, "unknown time zone " + w.getTimeZone());
    }
  }
}
