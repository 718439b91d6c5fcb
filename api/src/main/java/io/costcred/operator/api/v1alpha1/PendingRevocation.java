package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An old token that must stop working. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PendingRevocation {
  @JsonPropertyDescription("The old token to revoke (id and fingerprint only).")
  private TokenHandle token;

  @JsonPropertyDescription(
      "Why the token waits: Rotated, Emergency, Rejected, Orphaned or Deleted.")
  private RevocationReason reason;

  @JsonPropertyDescription("When revocation is due.")
  private String deadline;

  @JsonPropertyDescription(
      "Scheduled; Held while a consumer still uses the old token; AwaitingManualRevocation for"
          + " providers without a revoke API.")
  private RevocationState state;

  @JsonPropertyDescription(
      "Since when an admin has been asked to revoke it by hand (state RevocationRequired).")
  private String requiredSince;

  @JsonPropertyDescription(
      "When the operator first saw no running Pod on the old token (consumers cut over).")
  private String cutOverAt;

  @JsonPropertyDescription("Since when the revocation is held (state Held).")
  private String heldSince;

  @JsonPropertyDescription("OldCredentialInUse or OldKeyStillUsed (state Held).")
  private String heldReason;

  @JsonPropertyDescription(
      "Why it is held: the pods still on the old token, or the key's last use after cut-over.")
  private String heldBy;

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

  public String getCutOverAt() {
    return cutOverAt;
  }

  public void setCutOverAt(String cutOverAt) {
    this.cutOverAt = cutOverAt;
  }

  public String getHeldSince() {
    return heldSince;
  }

  public void setHeldSince(String heldSince) {
    this.heldSince = heldSince;
  }

  public String getHeldBy() {
    return heldBy;
  }

  public void setHeldBy(String heldBy) {
    this.heldBy = heldBy;
  }

  public String getHeldReason() {
    return heldReason;
  }

  public void setHeldReason(String heldReason) {
    this.heldReason = heldReason;
  }
}
