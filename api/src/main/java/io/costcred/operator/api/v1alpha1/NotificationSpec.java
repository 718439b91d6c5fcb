package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where emergency and failure notifications go. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class NotificationSpec {
  @JsonPropertyDescription("Secret key holding a Slack or Teams compatible incoming-webhook URL.")
  private SecretKeyRef webhookUrlSecretRef;

  public SecretKeyRef getWebhookUrlSecretRef() {
    return webhookUrlSecretRef;
  }

  public void setWebhookUrlSecretRef(SecretKeyRef webhookUrlSecretRef) {
    this.webhookUrlSecretRef = webhookUrlSecretRef;
  }
}
