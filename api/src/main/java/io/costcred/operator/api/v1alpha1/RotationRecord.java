package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One finished rotation attempt. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class RotationRecord {
  @JsonPropertyDescription("Deterministic rotation id <uid>-r<revision>.")
  private String rotationId;

  @JsonPropertyDescription("Why the rotation started (none for Adopted and KeyDeleted).")
  private RotationTrigger trigger;

  @JsonPropertyDescription("Succeeded, Adopted or KeyDeleted.")
  private RotationOutcome outcome;

  @JsonPropertyDescription("When the rotation started (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When the rotation finished (RFC 3339).")
  private String completedAt;

  @JsonPropertyDescription("Duration from start to finish, in milliseconds.")
  private Long durationMillis;

  @JsonPropertyDescription(
      "Time spent waiting for restarted workloads to roll out, in milliseconds.")
  private Long rolloutMillis;

  @JsonPropertyDescription("Short summary of the rotation.")
  private String message;

  public String getRotationId() {
    return rotationId;
  }

  public void setRotationId(String rotationId) {
    this.rotationId = rotationId;
  }

  public RotationTrigger getTrigger() {
    return trigger;
  }

  public void setTrigger(RotationTrigger trigger) {
    this.trigger = trigger;
  }

  public RotationOutcome getOutcome() {
    return outcome;
  }

  public void setOutcome(RotationOutcome outcome) {
    this.outcome = outcome;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getCompletedAt() {
    return completedAt;
  }

  public void setCompletedAt(String completedAt) {
    this.completedAt = completedAt;
  }

  public Long getDurationMillis() {
    return durationMillis;
  }

  public void setDurationMillis(Long durationMillis) {
    this.durationMillis = durationMillis;
  }

  public Long getRolloutMillis() {
    return rolloutMillis;
  }

  public void setRolloutMillis(Long rolloutMillis) {
    this.rolloutMillis = rolloutMillis;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
