package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * AWS credentials: the default chain (IRSA), optionally an assumed role, or static keys from
 * Secrets.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "has(self.accessKeyIdSecretRef) == has(self.secretAccessKeySecretRef)",
    message = "set both or neither of accessKeyIdSecretRef and secretAccessKeySecretRef")
public class AwsCredentialsSpec {
  @JsonPropertyDescription("Role to assume (another account), with a one-hour session.")
  private String roleArn;

  @JsonPropertyDescription("ExternalId for the assumed role.")
  private String externalId;

  @JsonPropertyDescription("Static access key id from a Secret.")
  private SecretKeyRef accessKeyIdSecretRef;

  @JsonPropertyDescription("Static secret access key from a Secret.")
  private SecretKeyRef secretAccessKeySecretRef;

  public String getRoleArn() {
    return roleArn;
  }

  public void setRoleArn(String roleArn) {
    this.roleArn = roleArn;
  }

  public String getExternalId() {
    return externalId;
  }

  public void setExternalId(String externalId) {
    this.externalId = externalId;
  }

  public SecretKeyRef getAccessKeyIdSecretRef() {
    return accessKeyIdSecretRef;
  }

  public void setAccessKeyIdSecretRef(SecretKeyRef accessKeyIdSecretRef) {
    this.accessKeyIdSecretRef = accessKeyIdSecretRef;
  }

  public SecretKeyRef getSecretAccessKeySecretRef() {
    return secretAccessKeySecretRef;
  }

  public void setSecretAccessKeySecretRef(SecretKeyRef secretAccessKeySecretRef) {
    this.secretAccessKeySecretRef = secretAccessKeySecretRef;
  }
}
