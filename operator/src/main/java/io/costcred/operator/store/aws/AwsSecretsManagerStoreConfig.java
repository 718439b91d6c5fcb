package io.costcred.operator.store.aws;

import io.costcred.operator.api.v1alpha1.KeyMapping;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.PermanentException;
import java.util.List;

/**
 * One AWS Secrets Manager secret that receives the credential. Exactly one of {@code keys} (the
 * secret is a JSON object; other keys in it are preserved) and {@code plainField} (the secret
 * string is that one credential field) is set.
 *
 * @param secretId name or ARN of the secret
 * @param keys JSON keys and the credential field each receives, or empty in plain mode
 * @param plainField the credential field stored as the whole secret string, or null in JSON mode
 * @param kmsKeyId KMS key for a secret this store creates, or null for the account's default key
 * @param createIfMissing create the secret when it does not exist (else: a not-found error)
 */
public record AwsSecretsManagerStoreConfig(
    String secretId,
    List<KeyMapping> keys,
    String plainField,
    String kmsKeyId,
    boolean createIfMissing) {
  public AwsSecretsManagerStoreConfig {
    if (secretId == null || secretId.isBlank()) {
      throw invalid("secretId is empty");
    }
    keys = keys == null ? List.of() : List.copyOf(keys);
    plainField = plainField == null || plainField.isBlank() ? null : plainField;
    if (keys.isEmpty() == (plainField == null)) {
      throw invalid("set exactly one of keys (JSON secret) and plainField (plain string secret)");
    }
    kmsKeyId = kmsKeyId == null || kmsKeyId.isBlank() ? null : kmsKeyId;
  }

  /** A JSON secret with these key mappings. */
  public static AwsSecretsManagerStoreConfig json(
      String secretId, List<KeyMapping> keys, String kmsKeyId, boolean createIfMissing) {
    return new AwsSecretsManagerStoreConfig(secretId, keys, null, kmsKeyId, createIfMissing);
  }

  /** A plain-string secret holding one credential field. */
  public static AwsSecretsManagerStoreConfig plain(
      String secretId, String field, String kmsKeyId, boolean createIfMissing) {
    return new AwsSecretsManagerStoreConfig(secretId, List.of(), field, kmsKeyId, createIfMissing);
  }

  public boolean jsonMode() {
    return plainField == null;
  }

  private static PermanentException invalid(String message) {
    return new PermanentException(Reasons.INVALID_SPEC, "awsSecretsManager store: " + message);
  }
}
