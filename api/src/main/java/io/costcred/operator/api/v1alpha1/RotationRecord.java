package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One finished rotation attempt. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class RotationRecord {
  private String rotationId;

  @JsonPropertyDescription("Why the rotation started (none for Adopted and KeyDeleted).")
  private RotationTrigger trigger;

  @JsonPropertyDescription("Succeeded, Adopted or KeyDeleted.")
  private RotationOutcome outcome;

  private String startedAt;

  private String completedAt;

  private Long durationMillis;

  private Long rolloutMillis;

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
