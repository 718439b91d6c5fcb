package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** A rotation asked for through the status subresource. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class RotationRequest {
  @Size(max = 128)
  @JsonPropertyDescription("Unique request id; each is acted on once.")
  private String id;

  @JsonPropertyDescription("True for an emergency rotation: the old token is revoked at once.")
  private Boolean emergency;

  @Size(max = 1024)
  @JsonPropertyDescription("Why the rotation was asked for.")
  private String reason;

  @Size(max = 256)
  @JsonPropertyDescription(
      "Who asked: the Kubernetes username (the chart's admission policy checks it).")
  private String requestedBy;

  @Size(max = 64)
  @JsonPropertyDescription("When it was asked for (RFC 3339).")
  private String requestedAt;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public Boolean getEmergency() {
    return emergency;
  }

  public void setEmergency(Boolean emergency) {
    this.emergency = emergency;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getRequestedBy() {
    return requestedBy;
  }

  public void setRequestedBy(String requestedBy) {
    this.requestedBy = requestedBy;
  }

  public String getRequestedAt() {
    return requestedAt;
  }

  public void setRequestedAt(String requestedAt) {
    this.requestedAt = requestedAt;
  }
}
