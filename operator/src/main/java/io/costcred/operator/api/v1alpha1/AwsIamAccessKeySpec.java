package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * An AWS IAM user access key, minted with CreateAccessKey, revoked by deactivation and deleted
 * after a retention period.
 */
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

  @Default("168h")
  @Pattern(Validation.DURATION)
  @JsonPropertyDescription(
      "How long a key the operator deactivated stays (Inactive, can be re-enabled) before it is"
          + " deleted with DeleteAccessKey. Go duration: 168h is 7 days.")
  private String deleteInactiveAfter;

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

  public String getDeleteInactiveAfter() {
    return deleteInactiveAfter;
  }

  public void setDeleteInactiveAfter(String deleteInactiveAfter) {
    this.deleteInactiveAfter = deleteInactiveAfter;
  }

  public AwsCredentialsSpec getCredentials() {
    return credentials;
  }

  public void setCredentials(AwsCredentialsSpec credentials) {
    this.credentials = credentials;
  }
}
