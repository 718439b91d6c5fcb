package io.costcred.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * An AWS Secrets Manager secret that receives the credential (staged AWSPENDING then AWSCURRENT).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "!(has(self.keys) && size(self.keys) > 0 && has(self.plainField))",
    message = "set at most one of keys and plainField")
public class AwsSecretsManagerStoreSpec {
  @Required
  @JsonPropertyDescription("Secret name or ARN.")
  private String secretId;

  @Required
  @JsonPropertyDescription("AWS region, e.g. us-east-1.")
  private String region;

  @JsonPropertyDescription("Endpoint override (tests, VPC endpoints).")
  private String endpoint;

  @Size(max = 16)
  @JsonPropertyDescription(
      "JSON keys and the credential field each receives; other keys are preserved.")
  private List<KeyMapping> keys;

  @JsonPropertyDescription("Store one credential field as a plain string instead of JSON.")
  private String plainField;

  @JsonPropertyDescription("KMS key for a secret the operator creates.")
  private String kmsKeyId;

  @Default("true")
  @JsonPropertyDescription("Create the secret when it does not exist.")
  private Boolean createIfMissing;

  @JsonPropertyDescription("How the operator authenticates; default chain (IRSA) when empty.")
  private AwsCredentialsSpec credentials;

  public String getSecretId() {
    return secretId;
  }

  public void setSecretId(String secretId) {
    this.secretId = secretId;
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

  public AwsCredentialsSpec getCredentials() {
    return credentials;
  }

  public void setCredentials(AwsCredentialsSpec credentials) {
    this.credentials = credentials;
  }
}
