package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * An AWS Secrets Manager secret that receives the credential (staged AWSPENDING then AWSCURRENT),
 * reached through a connection.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@SchemaCustomizer(value = EnumSchema.class, input = "plainField=" + Validation.CREDENTIAL_FIELDS)
@ValidationRule(
    value = "!(has(self.keys) && size(self.keys) > 0 && has(self.plainField))",
    message = "set at most one of keys and plainField")
public class AwsSecretsManagerStoreSpec {
  @Required
  @JsonPropertyDescription("The connection (AWS account, region, identity) to use.")
  private ConnectionRef connectionRef;

  @Required
  @Size(max = 2048)
  @Pattern("^[A-Za-z0-9/_+=.@:-]+$")
  @JsonPropertyDescription(
      "Secret name or ARN. A ClusterCredentialConnection allows only the names its templates name.")
  private String secretId;

  @Size(max = 16)
  @JsonPropertyDescription(
      "JSON keys and the credential field each receives; other keys are preserved.")
  private List<KeyMapping> keys;

  @Size(max = 64)
  @JsonPropertyDescription("Store one credential field as a plain string instead of JSON.")
  private String plainField;

  @Size(max = 2048)
  @JsonPropertyDescription("KMS key for a secret the operator creates.")
  private String kmsKeyId;

  @Default("true")
  @JsonPropertyDescription("Create the secret when it does not exist.")
  private Boolean createIfMissing;

  public ConnectionRef getConnectionRef() {
    return connectionRef;
  }

  public void setConnectionRef(ConnectionRef connectionRef) {
    this.connectionRef = connectionRef;
  }

  public String getSecretId() {
    return secretId;
  }

  public void setSecretId(String secretId) {
    this.secretId = secretId;
  }

  public List<KeyMapping> getKeys() {
    return keys;
  }

  public void setKeys(List<KeyMapping> keys) {
    this.keys = keys;
  }

  public String getPlainField() {
    return plainField;
  }

  public void setPlainField(String plainField) {
    this.plainField = plainField;
  }

  public String getKmsKeyId() {
    return kmsKeyId;
  }

  public void setKmsKeyId(String kmsKeyId) {
    this.kmsKeyId = kmsKeyId;
  }

  public Boolean getCreateIfMissing() {
    return createIfMissing;
  }

  public void setCreateIfMissing(Boolean createIfMissing) {
    this.createIfMissing = createIfMissing;
  }
}
