package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A key of a Secret: in the CostCredential's (or CredentialConnection's) own namespace, or for a
 * ClusterCredentialConnection in the operator's namespace.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyRef {
  @Required
  @Pattern(Validation.DNS_SUBDOMAIN)
  @Size(max = 253)
  @JsonPropertyDescription(
      "Name of the Secret: in the same namespace (the operator's for a ClusterCredentialConnection).")
  private String name;

  @Pattern(Validation.SECRET_KEY)
  @Size(max = 253)
  @JsonPropertyDescription("Key in the Secret.")
  private String key;

  public SecretKeyRef() {}

  public SecretKeyRef(String name, String key) {
    this.name = name;
    this.key = key;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
