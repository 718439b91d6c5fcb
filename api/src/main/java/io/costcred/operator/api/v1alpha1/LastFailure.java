package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The failure that stands ({@code status.lastFailure}): what failed, how often in a row, and what
 * the operator saw when it failed. While {@code inputs} stay the same, the operator does not try
 * again before {@code retryAt}, across restarts; a change of the CostCredential's generation, of a
 * request (annotation or status request) or of a referenced object changes {@code inputs} and
 * retries at once. A pass without failure removes the record.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class LastFailure {
  @JsonPropertyDescription("Condition reason of the failure, e.g. SecretNotFound.")
  private String reason;

  @JsonPropertyDescription("What failed, without secret values.")
  private String message;

  @JsonPropertyDescription("When it failed last (RFC 3339).")
  private String time;

  @JsonPropertyDescription("Consecutive failed attempts with the same inputs.")
  private Integer attempts;

  @JsonPropertyDescription(
      "Short hash of what the attempt depended on: generation, request annotations, status request,"
          + " referenced objects' versions.")
  private String inputs;

  @JsonPropertyDescription("No new attempt with the same inputs before this time (RFC 3339).")
  private String retryAt;

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public Integer getAttempts() {
    return attempts;
  }

  public void setAttempts(Integer attempts) {
    this.attempts = attempts;
  }

  public String getInputs() {
    return inputs;
  }

  public void setInputs(String inputs) {
    this.inputs = inputs;
  }

  public String getRetryAt() {
    return retryAt;
  }

  public void setRetryAt(String retryAt) {
    this.retryAt = retryAt;
  }
}
