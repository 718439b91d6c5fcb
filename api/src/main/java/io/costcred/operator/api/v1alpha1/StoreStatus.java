package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What one store holds. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class StoreStatus {
  @JsonPropertyDescription("Store id, e.g. kubernetesSecret/finfocus-vantage.")
  private String store;

  @JsonPropertyDescription("Fingerprint of the token the store holds.")
  private String fingerprint;

  @JsonPropertyDescription("resourceVersion, KV version or version id written.")
  private String version;

  @JsonPropertyDescription("When the operator last wrote the store (RFC 3339).")
  private String publishedAt;

  public String getStore() {
    return store;
  }

  public void setStore(String store) {
    this.store = store;
  }

  public String getFingerprint() {
    return fingerprint;
  }

  public void setFingerprint(String fingerprint) {
    this.fingerprint = fingerprint;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public String getPublishedAt() {
    return publishedAt;
  }

  public void setPublishedAt(String publishedAt) {
    this.publishedAt = publishedAt;
  }
}
