package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

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
}
