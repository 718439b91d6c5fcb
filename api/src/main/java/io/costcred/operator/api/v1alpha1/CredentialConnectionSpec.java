package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** A tenant's own endpoint and credentials, from Secrets of the connection's namespace only. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "[has(self.vault), has(self.aws)].filter(x, x).size() == 1",
    message = "exactly one of vault and aws must be set")
@ValidationRule(
    value =
        "!has(self.vault) || !has(self.vault.auth.kubernetes) ||"
            + " !has(self.vault.auth.kubernetes.audiences)",
    message =
        "a CredentialConnection cannot choose token audiences (its tokens are always for vault)")
@ValidationRule(
    value = "!has(self.aws) || has(self.aws.accessKeyIdSecretRef)",
    message = "a CredentialConnection to AWS needs static keys from Secrets of its namespace")
public class CredentialConnectionSpec {
  @JsonPropertyDescription(
      "A Vault server; auth by token or AppRole Secret, or Kubernetes auth as a ServiceAccount of this namespace.")
  private VaultConnectionSpec vault;

  @JsonPropertyDescription(
      "An AWS account; static keys from Secrets of this namespace, optionally assuming a role with them.")
  private AwsConnectionSpec aws;

  public VaultConnectionSpec getVault() {
    return vault;
  }

  public void setVault(VaultConnectionSpec vault) {
    this.vault = vault;
  }

  public AwsConnectionSpec getAws() {
    return aws;
  }

  public void setAws(AwsConnectionSpec aws) {
    this.aws = aws;
  }
}
