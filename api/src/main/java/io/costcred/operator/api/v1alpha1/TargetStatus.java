package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A restarted workload. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class TargetStatus {
  @JsonPropertyDescription("Workload kind: Deployment, StatefulSet, DaemonSet or Rollout.")
  private String kind;

  @JsonPropertyDescription("Workload name, in the CostCredential namespace.")
  private String name;

  @JsonPropertyDescription("Whether the restart has completed (updated and available replicas).")
  private Boolean rolledOut;

  @JsonPropertyDescription("Rollout progress or the reason it stalled.")
  private String message;

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Boolean getRolledOut() {
    return rolledOut;
  }

  public void setRolledOut(Boolean rolledOut) {
    this.rolledOut = rolledOut;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
