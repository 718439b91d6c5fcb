package io.costcred.operator.provider.aws;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.PermanentException;
import java.time.Duration;

/**
 * What {@link AwsIamAccessKeyProvider} needs from the spec and the status.
 *
 * @param userName the IAM user whose access keys are rotated
 * @param currentAccessKeyId the key the status calls current, or null. Status can be forged, so
 *     this only adds protection (the key is never deleted); which key is current for every
 *     destructive decision comes from the ledger ({@link io.costcred.operator.provider.KeyRecords})
 * @param emergency an emergency rotation: a non-current Active key may be deactivated and deleted
 *     to make room under the two-keys-per-user quota
 * @param verifyAttempts GetCallerIdentity attempts while IAM propagates a new key (default 10)
 * @param verifyBackoff first wait between attempts, doubled up to 8 times that (default 1s)
 * @param deleteInactiveAfter how long a key the operator deactivated stays before it is deleted
 *     (default 7 days)
 */
public record AwsIamAccessKeyConfig(
    String userName,
    String currentAccessKeyId,
    boolean emergency,
    int verifyAttempts,
    Duration verifyBackoff,
    Duration deleteInactiveAfter) {
  public static final int DEFAULT_VERIFY_ATTEMPTS = 10;
  public static final Duration DEFAULT_VERIFY_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_DELETE_INACTIVE_AFTER = Duration.ofDays(7);

  public AwsIamAccessKeyConfig {
    if (userName == null || userName.isBlank()) {
      throw new PermanentException(Reasons.INVALID_SPEC, "awsIamAccessKey: userName is empty");
    }
    currentAccessKeyId =
        currentAccessKeyId == null || currentAccessKeyId.isBlank() ? null : currentAccessKeyId;
    verifyAttempts = verifyAttempts <= 0 ? DEFAULT_VERIFY_ATTEMPTS : verifyAttempts;
    verifyBackoff = verifyBackoff == null ? DEFAULT_VERIFY_BACKOFF : verifyBackoff;
    deleteInactiveAfter =
        deleteInactiveAfter == null ? DEFAULT_DELETE_INACTIVE_AFTER : deleteInactiveAfter;
  }

  /** Defaults for everything but the user, the status' current key and the emergency flag. */
  public static AwsIamAccessKeyConfig of(
      String userName, String currentAccessKeyId, boolean emergency, Duration deleteInactiveAfter) {
    return new AwsIamAccessKeyConfig(
        userName, currentAccessKeyId, emergency, 0, null, deleteInactiveAfter);
  }

  /** The same with the default retention. */
  public static AwsIamAccessKeyConfig of(
      String userName, String currentAccessKeyId, boolean emergency) {
    return of(userName, currentAccessKeyId, emergency, null);
  }
}
