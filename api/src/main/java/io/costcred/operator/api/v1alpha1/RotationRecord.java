package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One finished rotation attempt. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class RotationRecord {
  private String rotationId;

  private String trigger;

  private String outcome;

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

  public String getTrigger() {
    return trigger;
  }

  public void setTrigger(String trigger) {
    this.trigger = trigger;
  }

  public String getOutcome() {
    return outcome;
  }

  public void setOutcome(String outcome) {
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
