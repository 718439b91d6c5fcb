package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Identifies a token without revealing it. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class TokenHandle {
  @JsonPropertyDescription(
      "Stable handle: the pool key the token came from, or the provider key id.")
  private String id;

  @JsonPropertyDescription("HMAC-SHA256 of the value with the operator key, hex, truncated.")
  private String fingerprint;

  @JsonPropertyDescription("Rotation that obtained the token.")
  private String rotationId;

  @JsonPropertyDescription("When the operator obtained the token (RFC 3339).")
  private String obtainedAt;

  @JsonPropertyDescription("When the provider last accepted the token (RFC 3339).")
  private String verifiedAt;

  @JsonPropertyDescription("What the provider reports about the token (e.g. its name in Vantage).")
  private String description;

  @JsonPropertyDescription("Creation time reported by the provider.")
  private String createdAt;

  @JsonPropertyDescription("Scopes the provider reports for the token.")
  private List<String> scopes = new ArrayList<>();

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

  public String getObtainedAt() {
    return obtainedAt;
  }

  public void setObtainedAt(String obtainedAt) {
    this.obtainedAt = obtainedAt;
  }

  public String getVerifiedAt() {
    return verifiedAt;
  }

  public void setVerifiedAt(String verifiedAt) {
    this.verifiedAt = verifiedAt;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public String getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(String createdAt) {
    this.createdAt = createdAt;
  }

  public List<String> getScopes() {
    return scopes;
  }

  public void setScopes(List<String> scopes) {
    this.scopes = scopes;
  }
}
