package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A platform-owned endpoint plus an identity of the operator, the namespaces that may use it and
 * what they may touch.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "[has(self.vault), has(self.aws)].filter(x, x).size() == 1",
    message = "exactly one of vault and aws must be set")
@ValidationRule(
    value =
        "!has(self.vault) || !has(self.vault.auth.kubernetes) ||"
            + " has(self.vault.auth.kubernetes.serviceAccountRef.__namespace__)",
    message = "vault.auth.kubernetes.serviceAccountRef.namespace is required")
public class ClusterCredentialConnectionSpec {
  @JsonPropertyDescription(
      "Namespaces whose CostCredentials may use this connection; empty allows none.")
  private NamespaceSelection allowedNamespaces;

  @JsonPropertyDescription("What those namespaces may touch, as templates; empty allows nothing.")
  private AllowedDestinations allowed;

  @JsonPropertyDescription("A Vault server.")
  private VaultConnectionSpec vault;

  @JsonPropertyDescription("An AWS account (Secrets Manager, IAM, STS).")
  private AwsConnectionSpec aws;

  public NamespaceSelection getAllowedNamespaces() {
    return allowedNamespaces;
  }

  public void setAllowedNamespaces(NamespaceSelection allowedNamespaces) {
    this.allowedNamespaces = allowedNamespaces;
  }

  public AllowedDestinations getAllowed() {
    return allowed;
  }

  public void setAllowed(AllowedDestinations allowed) {
    this.allowed = allowed;
  }

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
