package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** An AWS IAM user access key, minted with CreateAccessKey and revoked by deactivation. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class AwsIamAccessKeySpec {
  @Required
  @JsonPropertyDescription("IAM user whose access keys are rotated.")
  private String userName;

  @Default("us-east-1")
  @JsonPropertyDescription("Region for the STS verification call.")
  private String region;

  @JsonPropertyDescription("Endpoint override for IAM and STS (tests).")
  private String endpoint;

  @JsonPropertyDescription(
      "How the operator authenticates to IAM; default chain (IRSA) when empty.")
  private AwsCredentialsSpec credentials;

  public String getUserName() {
    return userName;
  }

  public void setUserName(String userName) {
    this.userName = userName;
  }

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

  public AwsCredentialsSpec getCredentials() {
    return credentials;
  }

  public void setCredentials(AwsCredentialsSpec credentials) {
    this.credentials = credentials;
  }
}
