package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * Vault Kubernetes auth with a short-lived token requested for a named ServiceAccount; never the
 * operator's own token.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class VaultKubernetesAuthSpec {
  @Required
  @Size(max = 253)
  @JsonPropertyDescription(
      "Vault role. In a ClusterCredentialConnection {namespace} is replaced by the CostCredential's namespace.")
  private String role;

  @Default("kubernetes")
  @Size(max = 253)
  @JsonPropertyDescription("Auth mount path.")
  private String mountPath;

  @Required
  @JsonPropertyDescription(
      "ServiceAccount whose token logs in. The operator requests it with TokenRequest (audience and expiry below); the operator's own ServiceAccount token is never sent.")
  private ServiceAccountRef serviceAccountRef;

  @Size(max = 4)
  @JsonPropertyDescription(
      "Token audiences (ClusterCredentialConnection only). Default [vault]. A CredentialConnection always uses vault.")
  private List<@Size(max = 253) String> audiences;

  @Min(600)
  @Max(3600)
  @JsonPropertyDescription("Requested token lifetime in seconds (600 to 3600). Default 600.")
  private Long expirationSeconds;

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

  public ServiceAccountRef getServiceAccountRef() {
    return serviceAccountRef;
  }

  public void setServiceAccountRef(ServiceAccountRef serviceAccountRef) {
    this.serviceAccountRef = serviceAccountRef;
  }

  public List<String> getAudiences() {
    return audiences;
  }

  public void setAudiences(List<String> audiences) {
    this.audiences = audiences;
  }

  public Long getExpirationSeconds() {
    return expirationSeconds;
  }

  public void setExpirationSeconds(Long expirationSeconds) {
    this.expirationSeconds = expirationSeconds;
  }
}
