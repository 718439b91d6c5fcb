package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** Incident record of the last emergency rotation. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class EmergencyRecord {
  @JsonPropertyDescription("When the emergency rotation was requested (RFC 3339).")
  private String requestedAt;

  @JsonPropertyDescription("Reason given with the request (sanitized, bounded).")
  private String reason;

  @JsonPropertyDescription(
      "Who asked: the annotation, the kubectl plugin user or the status request.")
  private String requestedBy;

  @JsonPropertyDescription(
      "When the new token was in every store and the old one revoked or flagged (RFC 3339).")
  private String completedAt;

  @JsonPropertyDescription("Completed once the emergency rotation finished.")
  private EmergencyOutcome outcome;

  @JsonPropertyDescription("Handle of the token that was replaced (id and fingerprint only).")
  private TokenHandle compromisedToken;

  @JsonPropertyDescription(
      "RevokedByApi, AlreadyRevoked, VerifiedRevoked, or AwaitingManualRevocation for providers without a revoke API.")
  private EmergencyRevocation revocation;

  @JsonPropertyDescription("When the compromised token was revoked (RFC 3339).")
  private String revokedAt;

  @JsonPropertyDescription("What the provider knows of the compromised token last use.")
  private Map<String, String> lastUse;

  public String getRequestedAt() {
    return requestedAt;
  }

  public void setRequestedAt(String requestedAt) {
    this.requestedAt = requestedAt;
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

  public String getCompletedAt() {
    return completedAt;
  }

  public void setCompletedAt(String completedAt) {
    this.completedAt = completedAt;
  }

  public EmergencyOutcome getOutcome() {
    return outcome;
  }

  public void setOutcome(EmergencyOutcome outcome) {
    this.outcome = outcome;
  }

  public TokenHandle getCompromisedToken() {
    return compromisedToken;
  }

  public void setCompromisedToken(TokenHandle compromisedToken) {
    this.compromisedToken = compromisedToken;
  }

  public EmergencyRevocation getRevocation() {
    return revocation;
  }

  public void setRevocation(EmergencyRevocation revocation) {
    this.revocation = revocation;
  }

  public String getRevokedAt() {
    return revokedAt;
  }

  public void setRevokedAt(String revokedAt) {
    this.revokedAt = revokedAt;
  }

  public Map<String, String> getLastUse() {
    return lastUse;
  }

  public void setLastUse(Map<String, String> lastUse) {
    this.lastUse = lastUse;
  }
}
