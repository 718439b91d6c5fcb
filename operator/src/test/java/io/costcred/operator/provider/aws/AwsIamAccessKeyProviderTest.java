package io.costcred.operator.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.CostCredException;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.NotFoundException;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.core.TokenRejectedException;
import io.costcred.operator.core.TransientException;
import io.costcred.operator.peers.FaultProxy;
import io.costcred.operator.peers.FaultProxy.Fault;
import io.costcred.operator.provider.CredentialProvider;
import io.costcred.operator.provider.CredentialProvider.Obtained;
import io.costcred.operator.provider.CredentialProvider.RevocationState;
import io.costcred.operator.provider.KeyRecords;
import io.costcred.operator.provider.KeyRetention;
import io.costcred.operator.provider.KeyUsage;
import io.costcred.operator.store.TokenLedger;
import io.costcred.operator.store.aws.AwsClients;
import io.costcred.operator.store.aws.AwsConnection;
import io.costcred.testsupport.LeakScan;
import io.costcred.testsupport.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.StatusType;

/** IAM access keys against real moto (IAM + STS), faults through a proxy in front of it. */
class AwsIamAccessKeyProviderTest {
  static final String USER = "svc-vantage";
  static MotoServer moto;
  static FaultProxy proxy;
  static AwsClients clients;
  static IamClient iam;
  private final List<Duration> sleeps = new ArrayList<>();
  private final List<String> secrets = new ArrayList<>();
  private final List<String> steps = new ArrayList<>();

  @BeforeAll
  static void server() {
    moto = MotoServer.shared();
    proxy = new FaultProxy(moto.endpoint());
    clients =
        new AwsClients(
            new AwsConnection(
                MotoServer.REGION,
                proxy.endpoint(),
                new AwsConnection.StaticKeys(SecretValue.of("testing"), SecretValue.of("testing")),
                Duration.ofSeconds(5),
                1));
    iam = clients.iam();
  }

  @AfterAll
  static void close() {
    clients.close();
    proxy.close();
  }

  @BeforeEach
  void reset() {
    moto.reset();
    proxy.clear();
    iam.createUser(b -> b.userName(USER));
  }

  /** Nothing this test handed out may appear in the log of the test JVM. */
  @AfterEach
  void noSecretInTheLog() throws java.io.IOException {
    LeakScan.assertNoSecrets("test log", LeakScan.log(), secrets);
  }

  @Test
  void mintsVerifiesRevokesAndDeletes() {
    AwsIamAccessKeyProvider p = provider(null, false);
    assertThat(p.capabilities().mints()).isTrue();
    assertThat(p.capabilities().revokesByApi()).isTrue();
    Obtained o = p.obtain("r-1");
    track(o.credential());
    String id = o.credential().field(AwsIamAccessKeyProvider.ACCESS_KEY_ID).reveal();
    assertThat(o.handleId()).isEqualTo(id);
    assertThat(o.toString()).doesNotContain(secret(o.credential()));

    var v = p.verify(o.credential());
    assertThat(v.description()).isEqualTo("arn:aws:iam::" + MotoServer.ACCOUNT + ":user/" + USER);
    assertThat(usage(p).lastUse(id).describe())
        .containsEntry("serviceName", "sts")
        .containsEntry("region", "us-east-1");

    assertThat(p.revoke(o.credential(), id)).isEqualTo(RevocationState.REVOKED);
    assertThat(keys()).containsEntry(id, StatusType.INACTIVE);
    assertThat(p.revoke(o.credential(), id)).isEqualTo(RevocationState.REVOKED);
    assertThat(retention(p).keyId(o.credential())).isEqualTo(id);
    assertThat(retention(p).deleteDeactivated(id)).isEqualTo(KeyRetention.Deletion.DELETED);
    assertThat(keys()).isEmpty();
    assertThat(retention(p).deleteDeactivated(id))
        .isEqualTo(KeyRetention.Deletion.GONE); // idempotent
  }

  @Test
  void retentionDefaultsToSevenDaysAndFollowsTheSpec() {
    assertThat(retention(provider(null, false)).retention()).isEqualTo(Duration.ofDays(7));
    var config = AwsIamAccessKeyConfig.of(USER, null, false, Duration.ofHours(36));
    assertThat(retention(new AwsIamAccessKeyProvider(clients, config, sleeps::add)).retention())
        .isEqualTo(Duration.ofHours(36));
  }

  /** An adopted key's handle is "adopted:<store>", not its key id: the credential says which. */
  @Test
  void revokeDeactivatesTheCredentialsKeyWhateverTheHandleSays() {
    AwsIamAccessKeyProvider p = provider(null, false);
    Obtained o = p.obtain("r-1");
    track(o.credential());
    assertThat(p.revoke(o.credential(), "adopted:kubernetesSecret/aws"))
        .isEqualTo(RevocationState.REVOKED);
    assertThat(keys()).containsEntry(o.handleId(), StatusType.INACTIVE);
  }

  @Test
  void atTheQuotaAnInactiveNonCurrentKeyMakesRoom() {
    String current = mint();
    String old = mint();
    iam.updateAccessKey(b -> b.userName(USER).accessKeyId(old).status(StatusType.INACTIVE));
    Obtained o = prepareAndObtain(recorded(current, false), "r-1");
    assertThat(steps).containsExactly("iam.deleteSpare");
    assertThat(keys()).containsOnlyKeys(current, o.handleId());
    assertThat(keys().get(current)).isEqualTo(StatusType.ACTIVE);
  }

  @Test
  void twoActiveKeysStopARegularRotation() {
    String current = mint();
    String other = mint();
    assertThatThrownBy(() -> recorded(current, false).prepare("r-1"))
        .isInstanceOfSatisfying(
            PermanentException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.ACCESS_KEY_QUOTA_FULL);
              assertThat(e.getMessage())
                  .contains("two Active")
                  .contains("deactivate " + other + " (not the current key)")
                  .contains("emergency rotation");
            });
    assertThat(keys()).containsOnlyKeys(current, other);
  }

  @Test
  void anEmergencyRemovesTheNonCurrentActiveKeyButNeverTheCurrentOne() {
    String current = mint();
    String other = mint();
    Obtained o = prepareAndObtain(recorded(current, true), "r-1");
    assertThat(steps).containsExactly("iam.deactivateSpare", "iam.deleteSpare");
    assertThat(keys()).containsOnlyKeys(current, o.handleId()).doesNotContainKey(other);
    assertThat(keys().get(current)).isEqualTo(StatusType.ACTIVE);
  }

  /**
   * The ledger, not the status, says which key is current: a forged status protects, never kills.
   */
  @Test
  void theStatusCurrentKeyOnlyProtectsEvenInAnEmergency() {
    String current = mint();
    String admins = mint();
    // Status (forged) calls the admin's key current; the ledger knows the real one.
    CredentialProvider p =
        new AwsIamAccessKeyProvider(
                clients, AwsIamAccessKeyConfig.of(USER, admins, true, null), sleeps::add)
            .withRecords(records);
    records.current = current;
    assertThatThrownBy(() -> p.prepare("r-1"))
        .isInstanceOfSatisfying(
            PermanentException.class,
            e -> assertThat(e.reason()).isEqualTo(Reasons.ACCESS_KEY_QUOTA_FULL));
    assertThat(keys()).containsOnlyKeys(current, admins).containsValue(StatusType.ACTIVE);
    // Without a ledger nothing is current, so an emergency makes no room either.
    assertThatThrownBy(() -> provider(admins, true).prepare("r-2"))
        .isInstanceOf(PermanentException.class);
    assertThat(keys()).containsOnlyKeys(current, admins);
  }

  @Test
  void anOrphanOfTheSameRotationIsDeletedBeforeMinting() {
    String current = mint();
    CredentialProvider p = recorded(current, false);
    Obtained lost = prepareAndObtain(p, "r-1"); // lost, e.g. a crash before the ledger write
    assertThat(steps).isEmpty(); // a first attempt has no orphan
    Obtained o = prepareAndObtain(p, "r-1");
    assertThat(steps).containsExactly("iam.deleteOrphan");
    assertThat(o.handleId()).isNotEqualTo(lost.handleId());
    assertThat(keys()).containsOnlyKeys(current, o.handleId());
    prepareAndObtain(p, "r-1");
    assertThat(keys()).hasSize(2).containsKey(current);
  }

  /**
   * Decision D27's cost, gone: a key an admin created moments before the rotation (or a key the
   * status calls old) is in the recorded set, so it is never taken for an orphan.
   */
  @Test
  void keysThatExistedBeforeTheRotationsFirstMintAreNeverOrphans() {
    String admins = mint(); // seconds before the rotation
    CredentialProvider p = recorded(null, false);
    Obtained first = prepareAndObtain(p, "r-1");
    assertThat(records.intent.existingKeyIds()).containsExactly(admins);
    iam.deleteAccessKey(b -> b.userName(USER).accessKeyId(first.handleId())); // make room
    Obtained again = prepareAndObtain(p, "r-1"); // a retry of the same rotation
    assertThat(keys()).containsOnlyKeys(admins, again.handleId());
  }

  /**
   * The gap decision D27 left: a key someone else created during a rotation that lost its own key
   * is absent from the record too. Once used, it is not taken for an orphan.
   */
  @Test
  void aKeyMadeAndUsedBySomeoneElseDuringTheRotationIsNotAnOrphan() {
    String current = mint();
    CredentialProvider p = recorded(current, false);
    Obtained lost = prepareAndObtain(p, "r-1");
    iam.deleteAccessKey(b -> b.userName(USER).accessKeyId(lost.handleId())); // an admin made room
    AccessKey admins = iam.createAccessKey(b -> b.userName(USER)).accessKey();
    secrets.add(admins.secretAccessKey());
    p.verify(
        new Credential(
            Map.of(
                AwsIamAccessKeyProvider.ACCESS_KEY_ID, SecretValue.of(admins.accessKeyId()),
                AwsIamAccessKeyProvider.SECRET_ACCESS_KEY,
                    SecretValue.of(admins.secretAccessKey())))); // the admin's key in use
    assertThatThrownBy(() -> p.prepare("r-1"))
        .isInstanceOfSatisfying(
            PermanentException.class,
            e -> assertThat(e.reason()).isEqualTo(Reasons.ACCESS_KEY_QUOTA_FULL));
    assertThat(keys()).containsOnlyKeys(current, admins.accessKeyId());
  }

  @Test
  void keysFromBeforeTheRotationAreNotOrphans() {
    String current = mint();
    String older = mint();
    iam.updateAccessKey(b -> b.userName(USER).accessKeyId(older).status(StatusType.INACTIVE));
    Obtained o = prepareAndObtain(recorded(current, false), "r-1");
    assertThat(keys()).containsOnlyKeys(current, o.handleId());
  }

  /** A step repeated after a crash (the key already gone) does no harm. */
  @Test
  void eachStepIsIdempotent() {
    String current = mint();
    String old = mint();
    iam.updateAccessKey(b -> b.userName(USER).accessKeyId(old).status(StatusType.INACTIVE));
    List<CredentialProvider.PreparationStep> planned = recorded(current, false).prepare("r-1");
    assertThat(planned)
        .extracting(CredentialProvider.PreparationStep::name)
        .containsExactly("iam.deleteSpare");
    planned.forEach(CredentialProvider.PreparationStep::run);
    planned.forEach(CredentialProvider.PreparationStep::run);
    assertThat(keys()).containsOnlyKeys(current);
    assertThat(recorded(current, false).prepare("r-1")).isEmpty();
  }

  /**
   * An emergency that crashed between deactivating and deleting the spare finds it Inactive: the
   * next plan only deletes it.
   */
  @Test
  void anEmergencyInterruptedAfterDeactivatingResumesWithTheDeletion() {
    String current = mint();
    String other = mint();
    CredentialProvider p = recorded(current, true);
    p.prepare("r-1").get(0).run(); // deactivateSpare, then a crash
    assertThat(keys()).containsEntry(other, StatusType.INACTIVE);
    assertThat(p.prepare("r-1"))
        .extracting(CredentialProvider.PreparationStep::name)
        .containsExactly("iam.deleteSpare");
  }

  @Test
  void verifyWaitsForIamPropagation() {
    AwsIamAccessKeyProvider p = provider(null, false);
    Obtained o = p.obtain("r-1");
    track(o.credential());
    proxy.failNext(3, r -> r.is("GetCallerIdentity"), Fault.query(403, "InvalidClientTokenId"));
    assertThat(p.verify(o.credential()).description()).endsWith(":user/" + USER);
    assertThat(sleeps)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void verifyGivesUpAfterTheBoundAndReportsTheKeyAsLive() {
    AwsIamAccessKeyProvider p =
        new AwsIamAccessKeyProvider(
            clients,
            new AwsIamAccessKeyConfig(USER, null, false, 4, Duration.ofMillis(10), null),
            sleeps::add);
    Obtained o = p.obtain("r-1");
    track(o.credential());
    proxy.failNext(100, r -> r.is("GetCallerIdentity"), Fault.query(403, "InvalidClientTokenId"));
    assertThatThrownBy(() -> p.verify(o.credential()))
        .isInstanceOfSatisfying(
            TokenRejectedException.class,
            e -> {
              assertThat(e.live()).isTrue();
              assertThat(e.getMessage()).contains("4 attempts");
              LeakScan.assertNoSecrets("message", e.getMessage(), secrets);
            });
    assertThat(sleeps).hasSize(3);
  }

  @Test
  void keysOfAnotherPrincipalAreRejected() {
    Credential stranger =
        new Credential(
            Map.of(
                AwsIamAccessKeyProvider.ACCESS_KEY_ID, SecretValue.of("AKIA" + "UNKNOWNKEY000000"),
                AwsIamAccessKeyProvider.SECRET_ACCESS_KEY, SecretValue.of("stranger-secret")));
    assertThatThrownBy(() -> provider(null, false).verify(stranger))
        .isInstanceOfSatisfying(
            TokenRejectedException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("not the user")
                    .doesNotContain("stranger-secret"));
  }

  @Test
  void lastUseOfAnUnusedKeyIsNever() {
    String id = mint();
    assertThat(usage(provider(null, false)).lastUse(id).describe())
        .containsEntry("accessKeyId", id)
        .containsEntry("lastUsedDate", "never");
  }

  @Test
  void aKeyMadeActiveAgainIsNotDeleted() {
    String id = mint();
    assertThat(retention(provider(null, false)).deleteDeactivated(id))
        .isEqualTo(KeyRetention.Deletion.REACTIVATED);
    assertThat(keys()).containsEntry(id, StatusType.ACTIVE);
  }

  @Test
  void iamFaultsAreTyped() {
    AwsIamAccessKeyProvider p = provider(null, false);
    proxy.failNext(1, r -> r.is("CreateAccessKey"), Fault.query(400, "Throttling"));
    assertThat(fails(() -> p.obtain("r-1"), TransientException.class).reason())
        .isEqualTo(Reasons.RATE_LIMITED);
    proxy.failNext(1, r -> r.is("ListAccessKeys"), Fault.query(500, "ServiceFailure"));
    assertThat(fails(() -> p.obtain("r-1"), TransientException.class).reason())
        .isEqualTo(Reasons.PROVIDER_UNAVAILABLE);
    proxy.failNext(1, r -> r.is("ListAccessKeys"), Fault.query(403, "AccessDenied"));
    PermanentException denied = fails(() -> p.obtain("r-1"), PermanentException.class);
    assertThat(denied.reason()).isEqualTo(Reasons.ACCESS_DENIED);
    assertThat(denied.getMessage())
        .contains("IAM answered AccessDenied (HTTP 403) to ListAccessKeys")
        .contains("IAM policy must allow iam:ListAccessKeys on user " + USER);
    proxy.failNext(1, r -> r.is("ListAccessKeys"), Fault.query(403, "InvalidClientTokenId"));
    PermanentException refused = fails(() -> p.obtain("r-1"), PermanentException.class);
    assertThat(refused.reason()).isEqualTo(Reasons.ACCESS_DENIED);
    assertThat(refused.getMessage())
        .contains("InvalidClientTokenId (HTTP 403)")
        .contains("the operator's AWS credentials are not accepted");
    proxy.failNext(1, r -> r.is("CreateAccessKey"), Fault.query(409, "LimitExceeded"));
    TransientException full = fails(() -> p.obtain("r-1"), TransientException.class);
    assertThat(full.reason()).isEqualTo(Reasons.ACCESS_KEY_QUOTA_FULL);
    assertThat(full.retryAfter()).contains(Duration.ofSeconds(30));
    proxy.failNext(1, r -> r.is("ListAccessKeys"), Fault.query(400, "ValidationError"));
    assertThat(fails(() -> p.obtain("r-1"), PermanentException.class).reason())
        .isEqualTo(Reasons.PROVIDER_UNAVAILABLE);
    AwsIamAccessKeyProvider nobody =
        new AwsIamAccessKeyProvider(
            clients, AwsIamAccessKeyConfig.of("nobody", null, false), sleeps::add);
    assertThat(fails(() -> nobody.obtain("r-1"), NotFoundException.class).reason())
        .isEqualTo(Reasons.INVALID_SPEC);
    assertThat(keys()).isEmpty();
  }

  private <T extends CostCredException> T fails(Runnable r, Class<T> type) {
    try {
      r.run();
    } catch (CostCredException e) {
      assertThat(e).isInstanceOf(type);
      LeakScan.assertNoSecrets("message", e.getMessage(), secrets);
      return type.cast(e);
    }
    throw new AssertionError("did not fail");
  }

  /** What the engine does: each prepared step (recording its name), then obtain. */
  private Obtained prepareAndObtain(CredentialProvider p, String rotationId) {
    steps.clear();
    for (var step : p.prepare(rotationId)) {
      steps.add(step.name());
      step.run();
    }
    Obtained o = p.obtain(rotationId);
    track(o.credential());
    return o;
  }

  private static KeyRetention retention(CredentialProvider p) {
    return p.capabilities().keyRetention().orElseThrow();
  }

  private static KeyUsage usage(CredentialProvider p) {
    return p.capabilities().keyUsage().orElseThrow();
  }

  private AwsIamAccessKeyProvider provider(String current, boolean emergency) {
    return new AwsIamAccessKeyProvider(
        clients, AwsIamAccessKeyConfig.of(USER, current, emergency), sleeps::add);
  }

  /** A provider bound to records whose current key is {@code current}, as the engine binds it. */
  private CredentialProvider recorded(String current, boolean emergency) {
    records.current = current;
    return provider(null, emergency).withRecords(records);
  }

  private final Records records = new Records();

  /** The ledger's facts, in memory. */
  static final class Records implements KeyRecords {
    String current;
    TokenLedger.MintIntent intent;

    @Override
    public Optional<TokenLedger.MintIntent> mintIntent() {
      return Optional.ofNullable(intent);
    }

    @Override
    public void recordMintIntent(String rotationId, Set<String> existingKeyIds) {
      intent = new TokenLedger.MintIntent(rotationId, Instant.now(), existingKeyIds);
    }

    @Override
    public Optional<Credential> current() {
      return Optional.ofNullable(current)
          .map(
              id ->
                  new Credential(
                      Map.of(
                          AwsIamAccessKeyProvider.ACCESS_KEY_ID, SecretValue.of(id),
                          AwsIamAccessKeyProvider.SECRET_ACCESS_KEY, SecretValue.of("unused"))));
    }

    @Override
    public Optional<Credential> pending() {
      return Optional.empty();
    }

    @Override
    public Map<String, Instant> deactivated() {
      return Map.of();
    }
  }

  private String mint() {
    AccessKey k = iam.createAccessKey(b -> b.userName(USER)).accessKey();
    secrets.add(k.secretAccessKey());
    return k.accessKeyId();
  }

  private Map<String, StatusType> keys() {
    return iam.listAccessKeys(b -> b.userName(USER)).accessKeyMetadata().stream()
        .collect(Collectors.toMap(k -> k.accessKeyId(), k -> k.status()));
  }

  private void track(Credential c) {
    secrets.add(secret(c));
  }

  private static String secret(Credential c) {
    return c.field(AwsIamAccessKeyProvider.SECRET_ACCESS_KEY).reveal();
  }
}
