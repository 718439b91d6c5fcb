package io.costcred.operator.notify;

import io.costcred.operator.api.text.Text;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.NotificationEvent;
import java.time.Instant;
import java.util.Map;

/**
 * One thing worth telling people about one credential. Built from status and the engine's emergency
 * progress only: ids, reasons and messages the operator already shows, never a token or a webhook
 * URL. {@code labels} serve routing and are never sent.
 */
public record Notification(
    NotificationEvent event,
    String namespace,
    String name,
    String uid,
    Map<String, String> labels,
    String reason,
    String message,
    String rotationId,
    Integer attempts,
    Instant time) {

  /** Longest message a notification carries; Slack and Teams show far more, people read less. */
  static final int MESSAGE_LIMIT = 1000;

  public Notification {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    message = Text.safe(message == null ? "" : message, MESSAGE_LIMIT);
    reason = Text.safe(reason, Text.NAME);
  }

  /** A notification of {@code event} about {@code cr}. */
  static Notification of(
      NotificationEvent event,
      CostCredential cr,
      String reason,
      String message,
      Integer attempts,
      Instant time) {
    var st = cr.getStatus();
    String rotationId = st == null || st.getRotation() == null ? null : st.getRotation().getId();
    return new Notification(
        event,
        cr.getMetadata().getNamespace(),
        cr.getMetadata().getName(),
        cr.getMetadata().getUid(),
        cr.getMetadata().getLabels(),
        reason,
        message,
        rotationId,
        attempts,
        time);
  }

  /** {@code namespace/name}. */
  String credential() {
    return namespace + "/" + name;
  }

  /** A short human title: what happened, in words. */
  String title() {
    return switch (event) {
      case EmergencyStarted -> "emergency rotation started";
      case EmergencyRevoked -> "emergency rotation revoked the compromised token";
      case EmergencyCompleted -> "emergency rotation completed";
      case EmergencyBlocked -> "emergency rotation blocked";
      case RotationFailed -> "rotation failing";
      case Recovered -> "recovered";
      case RevocationRequired -> "manual revocation required";
      case RevocationHeld -> "revocation held";
    };
  }

  /** {@code critical}, {@code warning} or {@code info}. */
  String severity() {
    return switch (event) {
      case EmergencyStarted, EmergencyBlocked, RevocationRequired -> "critical";
      case RotationFailed, EmergencyRevoked, RevocationHeld -> "warning";
      case EmergencyCompleted, Recovered -> "info";
    };
  }
}
