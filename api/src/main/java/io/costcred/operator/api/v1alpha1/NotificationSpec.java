package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Where this credential's emergency, failure and revocation notifications go. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class NotificationSpec {
  @JsonPropertyDescription(
      "Secret key (in this namespace) holding the incoming-webhook URL. The URL's host must be on"
          + " the operator's egress allow-list.")
  private SecretKeyRef webhookUrlSecretRef;

  @JsonPropertyDescription(
      "Payload the webhook expects: Slack (blocks with a text fallback, the default), Teams"
          + " (Adaptive Card) or Generic (costcred.io/v1 JSON, see docs/notifications.md).")
  private NotificationFormat format;

  @Size(max = 8)
  @JsonPropertyDescription(
      "Events to send; empty: RotationFailed, Recovered, RevocationRequired and the Emergency"
          + " events.")
  private List<NotificationEvent> events = new ArrayList<>();

  public SecretKeyRef getWebhookUrlSecretRef() {
    return webhookUrlSecretRef;
  }

  public void setWebhookUrlSecretRef(SecretKeyRef webhookUrlSecretRef) {
    this.webhookUrlSecretRef = webhookUrlSecretRef;
  }

  public NotificationFormat getFormat() {
    return format;
  }

  public void setFormat(NotificationFormat format) {
    this.format = format;
  }

  public List<NotificationEvent> getEvents() {
    return events;
  }

  public void setEvents(List<NotificationEvent> events) {
    this.events = events;
  }
}
