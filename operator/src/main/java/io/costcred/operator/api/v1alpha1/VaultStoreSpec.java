package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A HashiCorp Vault (or OpenBao) KV v2 secret that receives the credential. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class VaultStoreSpec {
  @Required
  @Pattern("^https?://[^\\s]+$")
  @JsonPropertyDescription("Vault address, e.g. https://vault.example:8200.")
  private String address;

  @JsonPropertyDescription("Vault Enterprise / OpenBao namespace.")
  private String namespace;

  @JsonPropertyDescription(
      "Secret key holding the PEM CA bundle that signs the Vault server certificate.")
  private SecretKeyRef caBundleSecretRef;

  @Default("secret")
  @JsonPropertyDescription("KV v2 mount.")
  private String mount;

  @Required
  @JsonPropertyDescription("Secret path below the mount, e.g. finops/vantage.")
  private String path;

  @Size(max = 16)
  @JsonPropertyDescription(
      "Keys at the path and the credential field each receives. Other keys are preserved.")
  private List<KeyMapping> keys;

  @Required
  @JsonPropertyDescription("How the operator logs in to Vault.")
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

  public SecretKeyRef getCaBundleSecretRef() {
    return caBundleSecretRef;
  }

  public void setCaBundleSecretRef(SecretKeyRef caBundleSecretRef) {
    this.caBundleSecretRef = caBundleSecretRef;
  }

  public String getMount() {
    return mount;
  }

  public void setMount(String mount) {
    this.mount = mount;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public List<KeyMapping> getKeys() {
    return keys;
  }

  public void setKeys(List<KeyMapping> keys) {
    this.keys = keys;
  }

  public VaultAuthSpec getAuth() {
    return auth;
  }

  public void setAuth(VaultAuthSpec auth) {
    this.auth = auth;
  }
}
