package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Union of the supported credential providers; exactly one member is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.vantage), has(self.awsIamAccessKey)].filter(x, x).size() == 1",
    message = "exactly one provider must be set")
public class ProviderSpec {
  @JsonPropertyDescription("A Vantage API token taken from an admin-filled pool Secret.")
  private VantageProviderSpec vantage;

  @JsonPropertyDescription("An AWS IAM user access key, minted and revoked by API.")
  private AwsIamAccessKeySpec awsIamAccessKey;

  public VantageProviderSpec getVantage() {
    return vantage;
  }

  public void setVantage(VantageProviderSpec vantage) {
    this.vantage = vantage;
  }

  public AwsIamAccessKeySpec getAwsIamAccessKey() {
    return awsIamAccessKey;
  }

  public void setAwsIamAccessKey(AwsIamAccessKeySpec awsIamAccessKey) {
    this.awsIamAccessKey = awsIamAccessKey;
  }
}
