package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A ServiceAccount the operator requests a short-lived token for (TokenRequest). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ServiceAccountRef {
  @Required
  @Size(max = 253)
  @Pattern(Validation.DNS_SUBDOMAIN)
  @JsonPropertyDescription("ServiceAccount name.")
  private String name;

  @Size(max = 63)
  @Pattern(Validation.DNS_LABEL)
  @JsonPropertyDescription(
      "Its namespace: for a ClusterCredentialConnection, required; for a CredentialConnection, the connection's own namespace (the only one allowed).")
  private String namespace;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }
}
