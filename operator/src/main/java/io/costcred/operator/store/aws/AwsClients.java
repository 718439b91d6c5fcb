package io.costcred.operator.store.aws;

import io.costcred.operator.provider.ProviderObserver;
import io.costcred.operator.store.aws.AwsConnection.AssumeRole;
import io.costcred.operator.store.aws.AwsConnection.Credentials;
import io.costcred.operator.store.aws.AwsConnection.StaticKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.AttributeMap;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Builds the SDK clients of one {@link AwsConnection}: Secrets Manager, IAM and STS, sharing one
 * Apache 5 HTTP client (chosen explicitly, so the SDK never has to pick among several on the
 * classpath) and one credentials provider. Close it to release connections.
 */
public final class AwsClients implements AutoCloseable {
  private static final String APACHE5_SERVICE =
      "software.amazon.awssdk.http.apache5.Apache5SdkHttpService";

  private final AwsConnection connection;
  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final RequestMetrics metrics;
  private final List<SdkAutoCloseable> closeables = new ArrayList<>();

  public AwsClients(AwsConnection connection) {
    this(connection, ProviderObserver.NONE);
  }

  /** Clients whose every API call is reported to {@code observer} (names and outcomes only). */
  public AwsClients(AwsConnection connection, ProviderObserver observer) {
    this.connection = connection;
    this.metrics = new RequestMetrics(observer);
    this.http = apache5(connection);
    this.credentials = provider(connection.credentials());
  }

  public SecretsManagerClient secretsManager() {
    return track(configure(SecretsManagerClient.builder(), credentials, region()).build());
  }

  /** IAM lives in the partition's global region, whatever the configured region. */
  public IamClient iam() {
    return track(configure(IamClient.builder(), credentials, globalRegion()).build());
  }

  public StsClient sts() {
    return track(sts(credentials));
  }

  /**
   * An STS client acting with other credentials, e.g. freshly minted keys being verified. Not
   * tracked: the caller closes it (the shared HTTP client stays open).
   */
  public StsClient sts(AwsCredentialsProvider as) {
    return configure(StsClient.builder(), as, region()).build();
  }

  public AwsConnection connection() {
    return connection;
  }

  @Override
  public synchronized void close() {
    closeables.forEach(SdkAutoCloseable::close);
    closeables.clear();
    http.close();
  }

  private AwsCredentialsProvider provider(Credentials c) {
    if (c instanceof StaticKeys s) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(s.accessKeyId().reveal(), s.secretAccessKey().reveal()));
    }
    if (c instanceof AssumeRole r) {
      StsClient base =
          track(configure(StsClient.builder(), provider(r.source()), region()).build());
      return track(
          StsAssumeRoleCredentialsProvider.builder()
              .stsClient(base)
              .refreshRequest(
                  b ->
                      b.roleArn(r.roleArn())
                          .roleSessionName(r.sessionName())
                          .externalId(r.externalId())
                          .durationSeconds((int) AssumeRole.SESSION.toSeconds()))
              .build());
    }
    return track(DefaultCredentialsProvider.builder().build());
  }

  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, AwsCredentialsProvider as, Region region) {
    ClientOverrideConfiguration.Builder override =
        ClientOverrideConfiguration.builder()
            .apiCallTimeout(connection.timeout().multipliedBy(3))
            .apiCallAttemptTimeout(connection.timeout())
            .addExecutionInterceptor(metrics);
    if (connection.maxAttempts() > 0) {
      override.retryStrategy(
          AwsRetryStrategy.standardRetryStrategy().toBuilder()
              .maxAttempts(connection.maxAttempts())
              .build());
    }
    builder
        .region(region)
        .credentialsProvider(as)
        .httpClient(http)
        .overrideConfiguration(override.build());
    if (connection.endpointOverride() != null) {
      builder.endpointOverride(connection.endpointOverride());
    }
    return builder;
  }

  private Region region() {
    return Region.of(connection.region());
  }

  private Region globalRegion() {
    String r = connection.region();
    if (r.startsWith("cn-")) {
      return Region.AWS_CN_GLOBAL;
    }
    return r.startsWith("us-gov-") ? Region.AWS_US_GOV_GLOBAL : Region.AWS_GLOBAL;
  }

  private <T> T track(T closeable) {
    if (closeable instanceof SdkAutoCloseable c) {
      synchronized (this) {
        closeables.add(c);
      }
    }
    return closeable;
  }

  private static SdkHttpClient apache5(AwsConnection c) {
    for (SdkHttpService s : ServiceLoader.load(SdkHttpService.class)) {
      if (s.getClass().getName().equals(APACHE5_SERVICE)) {
        return s.createHttpClientBuilder()
            .buildWithDefaults(
                AttributeMap.builder()
                    .put(SdkHttpConfigurationOption.CONNECTION_TIMEOUT, c.timeout())
                    .put(SdkHttpConfigurationOption.READ_TIMEOUT, c.timeout())
                    .build());
      }
    }
    throw new IllegalStateException("the AWS SDK apache5-client is missing from the classpath");
  }
}
