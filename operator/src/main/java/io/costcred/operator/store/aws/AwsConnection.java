package io.costcred.operator.store.aws;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.core.SecretValue;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the operator reaches one AWS account: region, optional endpoint override and the credentials
 * it acts with. Shared by the Secrets Manager store and the IAM access-key provider.
 *
 * @param region e.g. {@code eu-west-1}; IAM calls go to the partition's global endpoint
 * @param endpointOverride one endpoint for every service (tests, VPC endpoints), or null
 * @param credentials what the operator authenticates with
 * @param timeout connect and socket timeout
 * @param maxAttempts SDK attempts per call (1 = no SDK retries; 0 = the SDK's default)
 */
public record AwsConnection(
    String region,
    URI endpointOverride,
    Credentials credentials,
    Duration timeout,
    int maxAttempts) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public AwsConnection {
    if (region == null || region.isBlank()) {
      throw new PermanentException(Reasons.INVALID_SPEC, "aws: region is empty");
    }
    credentials = credentials == null ? new DefaultChain() : credentials;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (maxAttempts < 0) {
      throw new PermanentException(Reasons.INVALID_SPEC, "aws: maxAttempts is negative");
    }
  }

  /** Production defaults: the default credential chain (IRSA / Pod Identity) in a region. */
  public static AwsConnection of(String region) {
    return new AwsConnection(region, null, new DefaultChain(), null, 0);
  }

  /** The credentials the operator acts with. */
  public sealed interface Credentials permits DefaultChain, StaticKeys, AssumeRole {}

  /** The SDK's default chain: IRSA web identity, Pod Identity, environment, instance profile. */
  public record DefaultChain() implements Credentials {}

  /** Fixed keys read by the caller from a Secret (not recommended; no rotation of their own). */
  public record StaticKeys(SecretValue accessKeyId, SecretValue secretAccessKey)
      implements Credentials {
    public StaticKeys {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    @Override
    public String toString() {
      return "StaticKeys[redacted]";
    }
  }

  /**
   * A role assumed with {@code sts:AssumeRole} (1-hour sessions, refreshed by the SDK before they
   * expire), starting from {@code source} credentials.
   *
   * @param externalId the ExternalId the role's trust policy demands, or null
   * @param sessionName shown in CloudTrail; default {@code costcred-operator}
   * @param source the credentials that assume the role (default chain or static keys)
   */
  public record AssumeRole(
      String roleArn, String externalId, String sessionName, Credentials source)
      implements Credentials {
    public static final Duration SESSION = Duration.ofHours(1);

    public AssumeRole {
      if (roleArn == null || !roleArn.startsWith("arn:")) {
        throw new PermanentException(Reasons.INVALID_SPEC, "aws: roleArn is not an ARN");
      }
      sessionName =
          sessionName == null || sessionName.isBlank() ? "costcred-operator" : sessionName;
      source = source == null ? new DefaultChain() : source;
      if (source instanceof AssumeRole) {
        throw new PermanentException(Reasons.INVALID_SPEC, "aws: role chaining is not supported");
      }
    }
  }
}
