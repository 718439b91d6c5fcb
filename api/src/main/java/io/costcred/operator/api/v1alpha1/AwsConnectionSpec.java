package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** An AWS account and region, and the identity the operator uses there. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "has(self.accessKeyIdSecretRef) == has(self.secretAccessKeySecretRef)",
    message = "set both or neither of accessKeyIdSecretRef and secretAccessKeySecretRef")
public class AwsConnectionSpec {
  @Required
  @Size(max = 32)
  @Pattern(Validation.AWS_REGION)
  @JsonPropertyDescription("AWS region, e.g. us-east-1.")
  private String region;

  @Size(max = 2048)
  @Pattern("^https?://[^\\s/?#@]+/?$")
  @JsonPropertyDescription(
      "Endpoint override for every AWS service (VPC endpoints, tests). Must be on the operator's egress allow-list.")
  private String endpoint;

  @Size(max = 2048)
  @Pattern("^arn:[^\\s]+$")
  @JsonPropertyDescription(
      "Role to assume, with a one-hour session and the ExternalId costcred:<kind>/<connection>:<namespace> the operator derives. In a ClusterCredentialConnection {namespace} is replaced by the CostCredential's namespace.")
  private String roleArn;

  @JsonPropertyDescription(
      "Static access key id: a Secret in the operator's namespace (ClusterCredentialConnection) or the connection's own namespace (CredentialConnection, required there).")
  private SecretKeyRef accessKeyIdSecretRef;

  @JsonPropertyDescription("Static secret access key, from a Secret like accessKeyIdSecretRef.")
  private SecretKeyRef secretAccessKeySecretRef;

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getRoleArn() {
    return roleArn;
  }

  public void setRoleArn(String roleArn) {
    this.roleArn = roleArn;
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
