package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** How a connection logs in to Vault; exactly one member is set. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value =
        "[has(self.kubernetes), has(self.appRole), has(self.tokenSecretRef)].filter(x, x).size() == 1",
    message = "exactly one Vault auth method must be set")
public class VaultAuthSpec {
  @JsonPropertyDescription(
      "Kubernetes auth with a short-lived token requested for a named ServiceAccount.")
  private VaultKubernetesAuthSpec kubernetes;

  @JsonPropertyDescription("AppRole auth with role id and secret id from Secrets.")
  private VaultAppRoleAuthSpec appRole;

  @JsonPropertyDescription(
      "A Vault token from a Secret (the connection's namespace; the operator's namespace for a ClusterCredentialConnection). Development only.")
  private SecretKeyRef tokenSecretRef;

  public VaultKubernetesAuthSpec getKubernetes() {
    return kubernetes;
  }

  public void setKubernetes(VaultKubernetesAuthSpec kubernetes) {
    this.kubernetes = kubernetes;
  }

  public VaultAppRoleAuthSpec getAppRole() {
    return appRole;
  }

  public void setAppRole(VaultAppRoleAuthSpec appRole) {
    this.appRole = appRole;
  }

  public SecretKeyRef getTokenSecretRef() {
    return tokenSecretRef;
  }

  public void setTokenSecretRef(SecretKeyRef tokenSecretRef) {
    this.tokenSecretRef = tokenSecretRef;
  }
}
