package io.costcred.e2e.support;

import io.costcred.testsupport.MotoServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyLastUsed;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyResponse;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;

/**
 * A real moto server (Secrets Manager, IAM, STS) on 127.0.0.1, and an admin's clients for it to
 * read what the operator did: secret values and versions, IAM users and their access keys.
 */
public final class Moto implements AutoCloseable {
  /**
   * moto accepts any keys; these are the operator's "static keys" in the tests (the secret one is
   * scanned for). Made at run time: no key-shaped literal in the repository.
   */
  public static final String ACCESS_KEY_ID = fakeKeyId("operator");

  public static final String SECRET_ACCESS_KEY =
      "e2e-operator-secret-" + java.util.UUID.randomUUID();

  private final MotoServer server;
  private final SecretsManagerClient sm;
  private final IamClient iam;

  /** A made-up access key id for moto, which checks none: {@code e2e-<who>-<random>}. */
  public static String fakeKeyId(String who) {
    return "e2e-" + who + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  private Moto(MotoServer server) {
    this.server = server;
    var creds =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(fakeKeyId("admin"), "admin-" + java.util.UUID.randomUUID()));
    this.sm =
        SecretsManagerClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(creds)
            .build();
    this.iam =
        IamClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.AWS_GLOBAL)
            .credentialsProvider(creds)
            .build();
  }

  public static Moto start() {
    return new Moto(MotoServer.start());
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return server.endpoint().toString().replaceAll("/+$", "");
  }

  public int port() {
    return server.endpoint().getPort();
  }

  public void createSecret(String name, String value) {
    sm.createSecret(b -> b.name(name).secretString(value));
  }

  /** The current value, or null when the secret does not exist. */
  public String secretValue(String name) {
    try {
      return sm.getSecretValue(b -> b.secretId(name)).secretString();
    } catch (ResourceNotFoundException e) {
      return null;
    }
  }

  /** Version id to its staging labels; empty when the secret does not exist. */
  public Map<String, List<String>> versions(String name) {
    Map<String, List<String>> out = new TreeMap<>();
    try {
      for (SecretVersionsListEntry v :
          sm.listSecretVersionIds(b -> b.secretId(name).includeDeprecated(true)).versions()) {
        out.put(v.versionId(), v.versionStages());
      }
    } catch (ResourceNotFoundException e) {
      // absent
    }
    return out;
  }

  /** Creates an IAM user with one access key (as an admin would); returns that key. */
  public CreateAccessKeyResponse userWithKey(String user) {
    iam.createUser(b -> b.userName(user));
    return iam.createAccessKey(b -> b.userName(user));
  }

  public void createUser(String user) {
    iam.createUser(b -> b.userName(user));
  }

  public CreateAccessKeyResponse createKey(String user) {
    return iam.createAccessKey(b -> b.userName(user));
  }

  /** Access key id to status (Active / Inactive) of a user. */
  public Map<String, String> keys(String user) {
    Map<String, String> out = new TreeMap<>();
    for (AccessKeyMetadata k : iam.listAccessKeys(b -> b.userName(user)).accessKeyMetadata()) {
      out.put(k.accessKeyId(), k.statusAsString());
    }
    return out;
  }

  /** When IAM last saw {@code accessKeyId} used, or null when never (as its admin asks). */
  public Instant lastUsed(String accessKeyId) {
    AccessKeyLastUsed u =
        iam.getAccessKeyLastUsed(b -> b.accessKeyId(accessKeyId)).accessKeyLastUsed();
    return u == null ? null : u.lastUsedDate();
  }

  /**
   * Calls STS GetCallerIdentity signed (SigV4) with the given key, as a client holding that key
   * would; moto records the key's last use. Returns the caller's ARN. Neither key part appears in
   * what this returns or throws.
   */
  public String callerIdentity(String accessKeyId, String secretAccessKey) {
    return SignedSts.callerIdentity(server.endpoint(), accessKeyId, secretAccessKey);
  }

  @Override
  public void close() {
    sm.close();
    iam.close();
    server.close();
  }
}
