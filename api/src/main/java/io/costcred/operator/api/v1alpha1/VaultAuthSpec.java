package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Optional;
import java.util.stream.Stream;

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

  /** The members of the union; a new one makes every exhaustive {@code switch} fail to compile. */
  public enum Kind {
    /** {@link #getKubernetes()}. */
    KUBERNETES,
    /** {@link #getAppRole()}. */
    APP_ROLE,
    /** {@link #getTokenSecretRef()}. */
    TOKEN_SECRET_REF;

    /** The member's field name in the spec, e.g. {@code appRole}. */
    public String field() {
      return Unions.field(this);
    }
  }

  /**
   * The member that is set, or empty when none or several are (the CRD's rule forbids both; a
   * caller reports it as an invalid spec). Not part of the schema.
   */
  @JsonIgnore
  public Optional<Kind> kind() {
    return Unions.only(
        Stream.of(
            Unions.when(kubernetes != null, Kind.KUBERNETES),
            Unions.when(appRole != null, Kind.APP_ROLE),
            Unions.when(tokenSecretRef != null, Kind.TOKEN_SECRET_REF)));
  }
}
