package io.costcred.operator.provider.aws;

import io.costcred.operator.core.Credential;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.provider.CredentialProvider;
import io.costcred.operator.provider.CredentialProviderContract;
import io.costcred.operator.provider.MemoryKeyRecords;
import io.costcred.operator.store.aws.AwsClients;
import io.costcred.operator.store.aws.AwsConnection;
import io.costcred.testsupport.MotoServer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * The provider contract for IAM access keys on real moto (IAM + STS): one fresh IAM user per test,
 * the ledger's records in memory, keys revoked out of band as an admin would (deleted).
 */
class AwsIamAccessKeyProviderContractTest extends CredentialProviderContract {
  static AwsClients clients;
  static IamClient iam;

  @BeforeAll
  static void server() {
    MotoServer moto = MotoServer.shared();
    clients =
        new AwsClients(
            new AwsConnection(
                MotoServer.REGION,
                moto.endpoint(),
                new AwsConnection.StaticKeys(SecretValue.of("testing"), SecretValue.of("testing")),
                Duration.ofSeconds(5),
                1));
    iam = clients.iam();
  }

  @AfterAll
  static void close() {
    clients.close();
  }

  @Override
  protected Fixture newFixture() {
    String user = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    iam.createUser(b -> b.userName(user));
    MemoryKeyRecords records = new MemoryKeyRecords();
    CredentialProvider provider =
        new AwsIamAccessKeyProvider(
                clients,
                new AwsIamAccessKeyConfig(user, null, false, 2, Duration.ofMillis(1), null),
                d -> {})
            .withRecords(records);
    return new Fixture() {
      @Override
      public CredentialProvider provider() {
        return provider;
      }

      @Override
      public void supply() {
        // Minted on demand: nothing to prepare.
      }

      @Override
      public int outstanding() {
        return iam.listAccessKeys(b -> b.userName(user)).accessKeyMetadata().size();
      }

      @Override
      public Credential bogus() {
        return new Credential(
            Map.of(
                AwsIamAccessKeyProvider.ACCESS_KEY_ID, SecretValue.of("AKIA" + "CONTRACTBOGUS000"),
                AwsIamAccessKeyProvider.SECRET_ACCESS_KEY, SecretValue.of("bogus-" + user)));
      }

      @Override
      public boolean revokedAtSource(Credential c) {
        String id = c.field(AwsIamAccessKeyProvider.ACCESS_KEY_ID).reveal();
        return iam.listAccessKeys(b -> b.userName(user)).accessKeyMetadata().stream()
            .noneMatch(k -> k.accessKeyId().equals(id) && k.status() == StatusType.ACTIVE);
      }

      /**
       * Deletes the key: moto's STS still accepts an Inactive key (real STS answers
       * InvalidClientTokenId), and an unknown key authenticates as another principal there.
       */
      @Override
      public void revokeAsAdmin(Credential c) {
        String id = c.field(AwsIamAccessKeyProvider.ACCESS_KEY_ID).reveal();
        iam.deleteAccessKey(b -> b.userName(user).accessKeyId(id));
      }

      @Override
      public Set<String> secretFields() {
        return Set.of(AwsIamAccessKeyProvider.SECRET_ACCESS_KEY);
      }
    };
  }
}
