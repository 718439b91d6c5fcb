package io.costcred.operator.rotation;

import io.costcred.operator.api.text.Text;
import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.costcred.operator.api.v1alpha1.RotationRequest;
import io.costcred.operator.api.v1alpha1.RotationTrigger;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Pure policy: should a new rotation start now, and why. No I/O. */
public final class Decider {
  private Decider() {}

  /**
   * A decision to rotate; {@code handle} records the request as handled. The reason and the
   * requester are user-written: they are made safe here, before they reach status, Events, logs and
   * notifications.
   */
  public record Decision(
      RotationTrigger trigger, String reason, String requestedBy, Request handle) {
    public Decision {
      reason = Text.safe(reason, Text.REASON);
      requestedBy = Text.safe(requestedBy, Text.REQUESTED_BY);
    }
  }

  /** Which request a decision consumes. */
  public enum Request {
    NONE,
    ROTATE_ANNOTATION,
    EMERGENCY_ANNOTATION,
    STATUS_REQUEST
  }

  /**
   * An emergency that was asked for (annotation or status request) and not acted on yet. Providers
   * are configured before the reconcile decides, so they ask this too: the first attempt of an
   * emergency already runs with emergency rules.
   */
  public static boolean emergencyRequested(
      CostCredentialStatus st, Map<String, String> annotations) {
    return emergencyRequest(st, annotations == null ? Map.of() : annotations).isPresent();
  }

  private static Optional<Decision> emergencyRequest(
      CostCredentialStatus st, Map<String, String> a) {
    String emergency = a.get(Annotations.EMERGENCY);
    if (emergency != null
        && !emergency.isBlank()
        && !handled(emergency, st.getHandledEmergencyRequest())) {
      return Optional.of(
          new Decision(
              RotationTrigger.Emergency,
              emergency,
              a.get(Annotations.REQUESTED_BY),
              Request.EMERGENCY_ANNOTATION));
    }
    RotationRequest req = st.getRequestedRotation();
    if (req != null
        && req.getId() != null
        && !handled(st, req)
        && Boolean.TRUE.equals(req.getEmergency())) {
      return Optional.of(
          new Decision(
              RotationTrigger.Emergency,
              req.getReason(),
              req.getRequestedBy(),
              Request.STATUS_REQUEST));
    }
    return Optional.empty();
  }

  public static Optional<Decision> decide(
      CostCredentialStatus st,
      Map<String, String> annotations,
      Instant now,
      Schedule schedule,
      boolean currentTokenRejected) {
    Map<String, String> a = annotations == null ? Map.of() : annotations;
    String requestedBy = a.get(Annotations.REQUESTED_BY);
    Optional<Decision> emergency = emergencyRequest(st, a);
    if (emergency.isPresent()) {
      return emergency;
    }
    RotationRequest req = st.getRequestedRotation();
    boolean statusRequestOpen = req != null && req.getId() != null && !handled(st, req);
    if (st.getCurrentToken() == null) {
      return Optional.of(
          new Decision(RotationTrigger.Initial, "no current token", null, Request.NONE));
    }
    if (currentTokenRejected) {
      return Optional.of(
          new Decision(
              RotationTrigger.CurrentTokenRejected, "current token rejected", null, Request.NONE));
    }
    String rotate = a.get(Annotations.ROTATE);
    if (rotate != null && !rotate.isBlank() && !handled(rotate, st.getHandledRotateRequest())) {
      return Optional.of(
          new Decision(RotationTrigger.Manual, rotate, requestedBy, Request.ROTATE_ANNOTATION));
    }
    if (statusRequestOpen) {
      return Optional.of(
          new Decision(
              RotationTrigger.Manual,
              req.getReason(),
              req.getRequestedBy(),
              Request.STATUS_REQUEST));
    }
    Instant next = nextScheduled(st, schedule);
    if (next != null && !now.isBefore(next) && schedule.nextWindowOpening(now).equals(now)) {
      String why =
          schedule.isSuspended()
              ? "the policy's maxInterval is reached; spec.suspend does not extend it"
              : "interval elapsed";
      return Optional.of(new Decision(RotationTrigger.Scheduled, why, null, Request.NONE));
    }
    return Optional.empty();
  }

  /** When the next scheduled rotation is due, from the last rotation (or adoption) time. */
  public static Instant nextScheduled(CostCredentialStatus st, Schedule schedule) {
    Instant last = Times.parse(st.getLastRotationTime());
    return last == null ? null : schedule.nextRotation(last);
  }

  /**
   * What status keeps of an annotation value acted on: the value made safe (status is read by
   * people and tools), so {@link #handled(String, String)} compares the same way.
   */
  public static String handledValue(String annotationValue) {
    return Text.safe(annotationValue, Text.REASON);
  }

  /** True when {@code value} was acted on; also accepts a raw value kept by an older operator. */
  private static boolean handled(String value, String handled) {
    return value.equals(handled) || handledValue(value).equals(handled);
  }

  private static boolean handled(CostCredentialStatus st, RotationRequest req) {
    return Objects.equals(req.getId(), st.getHandledStatusRequest());
  }
}
