package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A restarted workload. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class TargetStatus {
  private String kind;

  private String name;

  private Boolean rolledOut;

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
