package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Templates of what the namespaces using a ClusterCredentialConnection may touch. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value =
        "[has(self.vaultPaths) ? self.vaultPaths : [], has(self.awsSecretNames) ?"
            + " self.awsSecretNames : [], has(self.iamUsers) ? self.iamUsers : []].all(l, l.all(t,"
            + " !t.matches('[-a-z0-9*][{]namespace[}]|[{]namespace[}][-a-z0-9*]')))",
    message =
        "{namespace} must be delimited by a character a namespace name cannot contain (/ . _ @),"
            + " e.g. cost.{namespace}.* rather than cost-{namespace}-*")
public class AllowedDestinations {
  @Size(max = 32)
  @JsonPropertyDescription(
      "Vault KV v2 paths as <mount>/data/<path>, e.g. secret/data/teams/{namespace}/*. {namespace} is the CostCredential's namespace; * matches within one path segment. Empty allows none.")
  private List<@Size(max = 512) String> vaultPaths;

  @Size(max = 32)
  @JsonPropertyDescription(
      "Secrets Manager secret names, e.g. costcred/{namespace}/*. Empty allows none.")
  private List<@Size(max = 512) String> awsSecretNames;

  @Size(max = 32)
  @JsonPropertyDescription(
      "IAM user names whose access keys may be rotated, e.g. cost.{namespace}.* ({namespace} must be delimited by a character no namespace name has). Empty allows none.")
  private List<@Size(max = 512) String> iamUsers;

  public List<String> getVaultPaths() {
    return vaultPaths;
  }

  public void setVaultPaths(List<String> vaultPaths) {
    this.vaultPaths = vaultPaths;
  }

  public List<String> getAwsSecretNames() {
    return awsSecretNames;
  }

  public void setAwsSecretNames(List<String> awsSecretNames) {
    this.awsSecretNames = awsSecretNames;
  }

  public List<String> getIamUsers() {
    return iamUsers;
  }

  public void setIamUsers(List<String> iamUsers) {
    this.iamUsers = iamUsers;
  }
}
