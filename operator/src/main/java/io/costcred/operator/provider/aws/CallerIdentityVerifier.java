package io.costcred.operator.provider.aws;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.TokenRejectedException;
import io.costcred.operator.core.TransientException;
import io.costcred.operator.provider.CredentialProvider.Verification;
import io.costcred.operator.store.aws.AwsClients;
import io.costcred.operator.store.aws.AwsErrors;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Proves that new access keys work: {@code sts:GetCallerIdentity} signed with them (it needs no
 * permission), retried with backoff while IAM propagates the key, and the caller must be the
 * configured user.
 */
final class CallerIdentityVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(CallerIdentityVerifier.class);

  /** Codes STS gives for a key it does not know (yet): IAM is eventually consistent. */
  private static final Set<String> NOT_YET =
      Set.of(
          "InvalidClientTokenId",
          "SignatureDoesNotMatch",
          "UnrecognizedClientException",
          "AuthFailure");

  private final AwsClients clients;
  private final AwsIamAccessKeyConfig config;
  private final Sleeper sleeper;
  private final Pattern userArn;

  CallerIdentityVerifier(AwsClients clients, AwsIamAccessKeyConfig config, Sleeper sleeper) {
    this.clients = clients;
    this.config = config;
    this.sleeper = sleeper;
    this.userArn =
        Pattern.compile(
            "arn:[a-z-]+:iam::[0-9]{12}:user/(?:.*/)?" + Pattern.quote(config.userName()));
  }

  Verification verify(Credential credential) {
    String keyId = credential.field(AwsIamAccessKeyProvider.ACCESS_KEY_ID).reveal();
    StaticCredentialsProvider as =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(
                keyId, credential.field(AwsIamAccessKeyProvider.SECRET_ACCESS_KEY).reveal()));
    SdkException last = null;
    try (StsClient sts = clients.sts(as)) {
      for (int attempt = 1; attempt <= config.verifyAttempts(); attempt++) {
        try {
          return check(keyId, sts.getCallerIdentity());
        } catch (SdkException e) {
          if (!retryable(e)) {
            throw new TokenRejectedException(
                who() + ": STS rejected access key " + keyId + " (" + code(e) + ")", true);
          }
          last = e;
          LOG.debug("{}: key {} not accepted yet ({}), attempt {}", who(), keyId, code(e), attempt);
          if (attempt < config.verifyAttempts()) {
            pause(backoff(attempt));
          }
        }
      }
    }
    if (NOT_YET.contains(AwsErrors.code(last))) {
      throw new TokenRejectedException(
          who()
              + ": STS did not accept access key "
              + keyId
              + " after "
              + config.verifyAttempts()
              + " attempts ("
              + AwsErrors.code(last)
              + ")",
          true);
    }
    throw AwsErrors.map(
        who(), "GetCallerIdentity", last, Reasons.PROVIDER_UNAVAILABLE, Reasons.TOKEN_REJECTED);
  }

  private Verification check(String keyId, GetCallerIdentityResponse r) {
    if (r.arn() == null || !userArn.matcher(r.arn()).matches()) {
      throw new TokenRejectedException(
          who() + ": access key " + keyId + " authenticates as " + r.arn() + ", not the user",
          true);
    }
    return new Verification(r.arn(), null, List.of());
  }

  private static boolean retryable(SdkException e) {
    String code = AwsErrors.code(e);
    return NOT_YET.contains(code)
        || e instanceof SdkClientException
        || AwsErrors.status(e) >= 500
        || code.startsWith("Throttling");
  }

  private Duration backoff(int attempt) {
    long factor = 1L << Math.min(attempt - 1, 3);
    return config.verifyBackoff().multipliedBy(factor);
  }

  private void pause(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientException(
          Reasons.PROVIDER_UNAVAILABLE, who() + ": interrupted while verifying", null, null);
    }
  }

  private static String code(SdkException e) {
    String c = AwsErrors.code(e);
    return c.isEmpty() ? e.getClass().getSimpleName() : c;
  }

  private String who() {
    return "awsIamAccessKey/" + config.userName();
  }
}
