package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Optional;
import java.util.stream.Stream;

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

  /** The members of the union; a new one makes every exhaustive {@code switch} fail to compile. */
  public enum Kind {
    /** {@link #getVantage()}. */
    VANTAGE,
    /** {@link #getAwsIamAccessKey()}. */
    AWS_IAM_ACCESS_KEY;

    /** The member's field name in the spec, e.g. {@code awsIamAccessKey}. */
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
            Unions.when(vantage != null, Kind.VANTAGE),
            Unions.when(awsIamAccessKey != null, Kind.AWS_IAM_ACCESS_KEY)));
  }
}
