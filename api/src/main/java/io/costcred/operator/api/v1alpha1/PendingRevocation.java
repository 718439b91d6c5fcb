package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An old token that must stop working. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PendingRevocation {
  private TokenHandle token;

  @JsonPropertyDescription(
      "Why the token waits: Rotated, Emergency, Rejected, Orphaned or Deleted.")
  private RevocationReason reason;

  @JsonPropertyDescription("When revocation is due.")
  private String deadline;

  @JsonPropertyDescription(
      "Scheduled, then AwaitingManualRevocation for providers without a revoke API.")
  private RevocationState state;

  private String requiredSince;

  public TokenHandle getToken() {
    return token;
  }

  public void setToken(TokenHandle token) {
    this.token = token;
  }

  public RevocationReason getReason() {
    return reason;
  }

  public void setReason(RevocationReason reason) {
    this.reason = reason;
  }

  public String getDeadline() {
    return deadline;
  }

  public void setDeadline(String deadline) {
    this.deadline = deadline;
  }

  public RevocationState getState() {
    return state;
  }

  public void setState(RevocationState state) {
    this.state = state;
  }

  public String getRequiredSince() {
    return requiredSince;
  }

  public void setRequiredSince(String requiredSince) {
    this.requiredSince = requiredSince;
  }
}
