package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * An AWS IAM user access key, minted with CreateAccessKey, revoked by deactivation and deleted
 * after a retention period, through a connection.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class AwsIamAccessKeySpec {
  @Required
  @JsonPropertyDescription(
      "The connection (AWS account and the identity that may manage the user's keys).")
  private ConnectionRef connectionRef;

  @Required
  @Size(max = 64)
  @Pattern("^[A-Za-z0-9+=,.@_-]+$")
  @JsonPropertyDescription(
      "IAM user whose access keys are rotated. A ClusterCredentialConnection allows only the users its templates name.")
  private String userName;

  @Default("168h")
  @Size(max = 32)
  @Pattern(Validation.DURATION)
  @JsonPropertyDescription(
      "How long a key the operator deactivated stays (Inactive, can be re-enabled) before it is deleted with DeleteAccessKey. Go duration: 168h is 7 days.")
  private String deleteInactiveAfter;

  public ConnectionRef getConnectionRef() {
    return connectionRef;
  }

  public void setConnectionRef(ConnectionRef connectionRef) {
    this.connectionRef = connectionRef;
  }

  public String getUserName() {
    return userName;
  }

  public void setUserName(String userName) {
    this.userName = userName;
  }

  public String getDeleteInactiveAfter() {
    return deleteInactiveAfter;
  }

  public void setDeleteInactiveAfter(String deleteInactiveAfter) {
    this.deleteInactiveAfter = deleteInactiveAfter;
  }
}
