package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A connection that a store or provider uses, by kind and name. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ConnectionRef {
  @Default("CredentialConnection")
  @JsonPropertyDescription(
      "CredentialConnection (in the CostCredential's namespace, the default) or ClusterCredentialConnection (platform-owned).")
  private ConnectionKind kind;

  @Required
  @Size(max = 253)
  @Pattern(Validation.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Name of the connection.")
  private String name;

  public ConnectionRef() {}

  public ConnectionRef(ConnectionKind kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  public ConnectionKind getKind() {
    return kind;
  }

  public void setKind(ConnectionKind kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
