package io.costcred.operator.store.aws;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.CostCredException;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.core.TransientException;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Maps AWS SDK failures to the operator's typed errors from the error code and HTTP status, never
 * from message text. Messages name the caller, the operation, the code and the status: AWS messages
 * are left out, as some echo request parameters.
 */
public final class AwsErrors {
  static final Duration RETRY = Duration.ofSeconds(15);
  static final Duration THROTTLED_RETRY = Duration.ofSeconds(30);
  private static final Set<String> THROTTLING =
      Set.of(
          "Throttling",
          "ThrottlingException",
          "TooManyRequestsException",
          "RequestLimitExceeded",
          "RequestThrottled",
          "RequestThrottledException",
          "SlowDown");
  private static final Set<String> DENIED =
      Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation");

  /** Codes for credentials the service does not accept at all (unknown, expired, mis-signed). */
  private static final Set<String> BAD_CREDENTIALS =
      Set.of(
          "InvalidClientTokenId",
          "SignatureDoesNotMatch",
          "UnrecognizedClientException",
          "AuthFailure",
          "ExpiredToken",
          "ExpiredTokenException",
          "IncompleteSignature");

  private AwsErrors() {}

  /** The AWS error code, or empty for failures without a service answer. */
  public static String code(SdkException e) {
    if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
      String c = s.awsErrorDetails().errorCode();
      return c == null ? "" : c;
    }
    return "";
  }

  public static int status(SdkException e) {
    return e instanceof AwsServiceException s ? s.statusCode() : 0;
  }

  /**
   * The service refused the caller: a denial code ({@code AccessDenied} and the like), a code for
   * credentials it does not accept, or any other HTTP 403 that is not throttling.
   */
  public static boolean denied(SdkException e) {
    String code = code(e);
    return DENIED.contains(code)
        || BAD_CREDENTIALS.contains(code)
        || (status(e) == 403 && !THROTTLING.contains(code));
  }

  /**
   * The caller's credentials themselves were not accepted (unknown key, expired session, bad
   * signature), as opposed to a known identity lacking a permission.
   */
  public static boolean credentialsRefused(SdkException e) {
    return BAD_CREDENTIALS.contains(code(e));
  }

  /** The code and HTTP status of an answer, e.g. {@code AccessDenied (HTTP 403)}. */
  public static String describe(SdkException e) {
    return describe(code(e), status(e));
  }

  /**
   * @param who the store or provider id, for the message
   * @param unavailable reason for an unreachable or failing service (STORE_FAILED for stores,
   *     PROVIDER_UNAVAILABLE for providers)
   * @param refused reason for a refusal (policy, bad parameters): a permanent error
   */
  public static CostCredException map(
      String who, String op, SdkException e, String unavailable, String refused) {
    if (e instanceof SdkClientException) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return new TransientException(
          unavailable,
          who + ": AWS unreachable during " + op + " (" + root.getClass().getSimpleName() + ")",
          RETRY,
          null);
    }
    String code = code(e);
    int status = status(e);
    String what = who + ": AWS answered " + describe(code, status) + " to " + op;
    if (THROTTLING.contains(code)
        || (e instanceof AwsServiceException s && s.isThrottlingException())) {
      return new TransientException(Reasons.RATE_LIMITED, what, THROTTLED_RETRY, null);
    }
    if (status >= 500) {
      return new TransientException(unavailable, what, RETRY, null);
    }
    if (DENIED.contains(code) || status == 403) {
      return new PermanentException(refused, what + "; the operator's IAM policy must allow it");
    }
    return new PermanentException(refused, what);
  }

  private static String describe(String code, int status) {
    return (code.isEmpty() ? "an error" : code) + (status > 0 ? " (HTTP " + status + ")" : "");
  }
}
