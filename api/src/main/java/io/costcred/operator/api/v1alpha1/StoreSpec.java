package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Optional;
import java.util.stream.Stream;

/** One destination of the credential; exactly one member is set. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value =
        "[has(self.kubernetesSecret), has(self.vault), has(self.awsSecretsManager)]"
            + ".filter(x, x).size() == 1",
    message = "exactly one store type must be set")
public class StoreSpec {
  @JsonPropertyDescription("A Kubernetes Secret in the same namespace.")
  private KubernetesSecretStoreSpec kubernetesSecret;

  @JsonPropertyDescription("A HashiCorp Vault or OpenBao KV v2 secret.")
  private VaultStoreSpec vault;

  @JsonPropertyDescription("An AWS Secrets Manager secret.")
  private AwsSecretsManagerStoreSpec awsSecretsManager;

  public KubernetesSecretStoreSpec getKubernetesSecret() {
    return kubernetesSecret;
  }

  public void setKubernetesSecret(KubernetesSecretStoreSpec kubernetesSecret) {
    this.kubernetesSecret = kubernetesSecret;
  }

  public VaultStoreSpec getVault() {
    return vault;
  }

  public void setVault(VaultStoreSpec vault) {
    this.vault = vault;
  }

  public AwsSecretsManagerStoreSpec getAwsSecretsManager() {
    return awsSecretsManager;
  }

  public void setAwsSecretsManager(AwsSecretsManagerStoreSpec awsSecretsManager) {
    this.awsSecretsManager = awsSecretsManager;
  }

  /** The members of the union; a new one makes every exhaustive {@code switch} fail to compile. */
  public enum Kind {
    /** {@link #getKubernetesSecret()}. */
    KUBERNETES_SECRET,
    /** {@link #getVault()}. */
    VAULT,
    /** {@link #getAwsSecretsManager()}. */
    AWS_SECRETS_MANAGER;

    /**
     * The member's field name in the spec, e.g. {@code vault}: also the store type a
     * ClusterRotationPolicy's {@code allowedStores} lists.
     */
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
            Unions.when(kubernetesSecret != null, Kind.KUBERNETES_SECRET),
            Unions.when(vault != null, Kind.VAULT),
            Unions.when(awsSecretsManager != null, Kind.AWS_SECRETS_MANAGER)));
  }
}
