package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Vault or OpenBao server and how the operator logs in to it. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class VaultConnectionSpec {
  @Required
  @Size(max = 2048)
  @Pattern("^https?://[^\\s/?#@]+(/[^\\s?#]*)?$")
  @JsonPropertyDescription(
      "Vault address, e.g. https://vault.vault.svc:8200. Must be on the operator's egress allow-list.")
  private String address;

  @Size(max = 253)
  @JsonPropertyDescription("Vault Enterprise / OpenBao namespace.")
  private String namespace;

  @Size(max = 65536)
  @JsonPropertyDescription("PEM certificates that sign the Vault server certificate (public data).")
  private String caBundle;

  @Required
  @JsonPropertyDescription("How the operator logs in.")
  private VaultAuthSpec auth;

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getCaBundle() {
    return caBundle;
  }

  public void setCaBundle(String caBundle) {
    this.caBundle = caBundle;
  }

  public VaultAuthSpec getAuth() {
    return auth;
  }

  public void setAuth(VaultAuthSpec auth) {
    this.auth = auth;
  }
}
