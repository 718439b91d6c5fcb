package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** A rotation in progress. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class RotationRun {
  @JsonPropertyDescription("Deterministic rotation id <uid>-r<revision+1>.")
  private String id;

  @JsonPropertyDescription("Why the rotation started.")
  private RotationTrigger trigger;

  @JsonPropertyDescription("The step in progress; named in status before its side effect.")
  private RotationPhase phase;

  @JsonPropertyDescription("When the rotation started (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When the current phase began (RFC 3339).")
  private String phaseSince;

  @JsonPropertyDescription("Who requested a manual or emergency rotation.")
  private String requestedBy;

  @JsonPropertyDescription("Reason given for a manual or emergency rotation.")
  private String reason;

  @JsonPropertyDescription("Emergency only: whether the compromised token is already revoked.")
  private Boolean compromisedTokenRevoked;

  @JsonPropertyDescription("Workloads restarted by this rotation.")
  private List<TargetStatus> targets = new ArrayList<>();

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public RotationTrigger getTrigger() {
    return trigger;
  }

  public void setTrigger(RotationTrigger trigger) {
    this.trigger = trigger;
  }

  public RotationPhase getPhase() {
    return phase;
  }

  public void setPhase(RotationPhase phase) {
    this.phase = phase;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getPhaseSince() {
    return phaseSince;
  }

  public void setPhaseSince(String phaseSince) {
    this.phaseSince = phaseSince;
  }

  public String getRequestedBy() {
    return requestedBy;
  }

  public void setRequestedBy(String requestedBy) {
    this.requestedBy = requestedBy;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public Boolean getCompromisedTokenRevoked() {
    return compromisedTokenRevoked;
  }

  public void setCompromisedTokenRevoked(Boolean compromisedTokenRevoked) {
    this.compromisedTokenRevoked = compromisedTokenRevoked;
  }

  public List<TargetStatus> getTargets() {
    return targets;
  }

  public void setTargets(List<TargetStatus> targets) {
    this.targets = targets;
  }
}
