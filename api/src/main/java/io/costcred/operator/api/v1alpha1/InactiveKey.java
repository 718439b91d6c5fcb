package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A key the operator deactivated on revocation and deletes once its retention has passed. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class InactiveKey {
  @JsonPropertyDescription("The provider's key id, e.g. the IAM access key id (not secret).")
  private String id;

  @JsonPropertyDescription("Fingerprint of the credential the key belonged to.")
  private String fingerprint;

  @JsonPropertyDescription("The rotation that retired the key.")
  private String rotationId;

  @JsonPropertyDescription("When the operator deactivated the key.")
  private String deactivatedAt;

  @JsonPropertyDescription("When the key is deleted: deactivatedAt plus deleteInactiveAfter.")
  private String deleteAfter;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getFingerprint() {
    return fingerprint;
  }

  public void setFingerprint(String fingerprint) {
    this.fingerprint = fingerprint;
  }

  public String getRotationId() {
    return rotationId;
  }

  public void setRotationId(String rotationId) {
    this.rotationId = rotationId;
  }

  public String getDeactivatedAt() {
    return deactivatedAt;
  }

  public void setDeactivatedAt(String deactivatedAt) {
    this.deactivatedAt = deactivatedAt;
  }

  public String getDeleteAfter() {
    return deleteAfter;
  }

  public void setDeleteAfter(String deleteAfter) {
    this.deleteAfter = deleteAfter;
  }
}
