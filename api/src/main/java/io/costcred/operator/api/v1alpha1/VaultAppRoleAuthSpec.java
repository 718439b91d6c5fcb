package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Vault AppRole auth. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class VaultAppRoleAuthSpec {
  @Default("approle")
  @Size(max = 253)
  @JsonPropertyDescription("Auth mount path.")
  private String mountPath;

  @Required
  @JsonPropertyDescription("Secret key holding the role id.")
  private SecretKeyRef roleIdSecretRef;

  @Required
  @JsonPropertyDescription("Secret key holding the secret id.")
  private SecretKeyRef secretIdSecretRef;

  public String getMountPath() {
    return mountPath;
  }

  public void setMountPath(String mountPath) {
    this.mountPath = mountPath;
  }

  public SecretKeyRef getRoleIdSecretRef() {
    return roleIdSecretRef;
  }

  public void setRoleIdSecretRef(SecretKeyRef roleIdSecretRef) {
    this.roleIdSecretRef = roleIdSecretRef;
  }

  public SecretKeyRef getSecretIdSecretRef() {
    return secretIdSecretRef;
  }

  public void setSecretIdSecretRef(SecretKeyRef secretIdSecretRef) {
    this.secretIdSecretRef = secretIdSecretRef;
  }
}
