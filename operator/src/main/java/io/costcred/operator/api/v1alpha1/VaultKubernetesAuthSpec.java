package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** Vault Kubernetes auth. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class VaultKubernetesAuthSpec {
  @Required
  @JsonPropertyDescription("Vault role bound to the operator ServiceAccount.")
  private String role;

  @Default("kubernetes")
  @JsonPropertyDescription("Auth mount path.")
  private String mountPath;

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }

  public String getMountPath() {
    return mountPath;
  }

  public void setMountPath(String mountPath) {
    this.mountPath = mountPath;
  }
}
