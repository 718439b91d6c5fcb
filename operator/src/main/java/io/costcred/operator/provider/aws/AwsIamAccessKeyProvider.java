package io.costcred.operator.provider.aws;

import static java.util.stream.Collectors.toSet;

import io.costcred.operator.api.v1alpha1.KeyMapping;
import io.costcred.operator.api.v1alpha1.ProviderSpec;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.CostCredException;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.NotFoundException;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.core.TransientException;
import io.costcred.operator.provider.CredentialProvider;
import io.costcred.operator.provider.KeyRecords;
import io.costcred.operator.provider.KeyRetention;
import io.costcred.operator.provider.KeyUsage;
import io.costcred.operator.store.TokenLedger.MintIntent;
import io.costcred.operator.store.aws.AwsClients;
import io.costcred.operator.store.aws.AwsErrors;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyLastUsed;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * Access keys of one IAM user: minted with {@code CreateAccessKey}, verified with {@code
 * sts:GetCallerIdentity}, revoked with {@code UpdateAccessKey Inactive} and deleted with {@code
 * DeleteAccessKey} once the retention has passed (its {@link KeyRetention} capability).
 *
 * <p><b>Idempotent obtain without tags.</b> Access keys carry no name or tag, and IAM returns the
 * secret only once, so a key minted by an attempt whose result was lost (crash before the ledger
 * write) can be recognised but never returned. Before its first {@code CreateAccessKey} a rotation
 * records in the ledger ({@link KeyRecords}) which keys existed; {@link #prepare} of a later
 * attempt of the same rotation deletes every key absent from that record that is neither the
 * ledger's current nor its pending key (an orphan of this rotation), then {@link #obtain} mints one
 * key. Each retry leaves at most the key it returns, so retries never pile up keys or exhaust the
 * quota. Nothing here reads the status (which a holder of {@code costcredentials/status} may forge)
 * to decide what to delete; the status' current key id only adds protection.
 *
 * <p><b>Quota (two keys per user).</b> {@link #prepare} also makes room: with two keys left after
 * orphan cleanup, a non-current Inactive key (an old key awaiting deletion, or one an admin
 * deactivated to make room) is deleted. If both are Active, it refuses ({@code
 * AccessKeyQuotaFull}), except in an emergency with a current key in the ledger, where the other
 * Active key is deactivated, then deleted. The current key is never deleted. The rules are the pure
 * {@link IamKeyPlanner}; each IAM write is one {@link PreparationStep} the engine runs behind its
 * own crash point.
 */
public final class AwsIamAccessKeyProvider implements CredentialProvider {
  /** Credential field: the access key id. */
  public static final String ACCESS_KEY_ID = "accessKeyId";

  /** Credential field: the secret access key. */
  public static final String SECRET_ACCESS_KEY = "secretAccessKey";

  /** Conventional store key for {@link #ACCESS_KEY_ID} (the SDKs' environment variable). */
  public static final String ENV_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";

  /** Conventional store key for {@link #SECRET_ACCESS_KEY}. */
  public static final String ENV_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";

  private static final Logger LOG = LoggerFactory.getLogger(AwsIamAccessKeyProvider.class);

  private final IamClient iam;
  private final AwsIamAccessKeyConfig config;
  private final CallerIdentityVerifier verifier;
  private final KeyRecords records;
  private final Capabilities capabilities;

  /**
   * A provider that has no ledger yet: it never takes a key for an orphan. The engine binds the
   * ledger with {@link #withRecords} for every reconcile.
   */
  public AwsIamAccessKeyProvider(
      AwsClients clients, AwsIamAccessKeyConfig config, Sleeper sleeper) {
    this(clients.iam(), config, new CallerIdentityVerifier(clients, config, sleeper), null);
  }

  private AwsIamAccessKeyProvider(
      IamClient iam,
      AwsIamAccessKeyConfig config,
      CallerIdentityVerifier verifier,
      KeyRecords records) {
    this.iam = iam;
    this.config = config;
    this.verifier = verifier;
    this.records = records == null ? KeyRecords.NONE : records;
    this.capabilities =
        new Capabilities(true, true, Optional.of(new Retention()), Optional.of(this::lastUse));
  }

  @Override
  public CredentialProvider withRecords(KeyRecords keyRecords) {
    return new AwsIamAccessKeyProvider(iam, config, verifier, keyRecords);
  }

  /** Default store mapping: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. */
  public static List<KeyMapping> defaultKeyMappings() {
    return List.of(
        mapping(ENV_ACCESS_KEY_ID, ACCESS_KEY_ID),
        mapping(ENV_SECRET_ACCESS_KEY, SECRET_ACCESS_KEY));
  }

  @Override
  public String kind() {
    return ProviderSpec.Kind.AWS_IAM_ACCESS_KEY.field();
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  /**
   * The IAM writes that must precede {@link #obtain}: orphans of this rotation, then room under the
   * quota. Throws {@code AccessKeyQuotaFull} when nothing may be removed (orphans are then still
   * removed first, and the next attempt refuses).
   */
  @Override
  public List<PreparationStep> prepare(String rotationId) {
    Set<String> kept = protectedKeys();
    Optional<Set<String>> existing = intentOf(rotationId).map(MintIntent::existingKeyIds);
    List<AccessKeyMetadata> listed = list();
    Set<String> candidates =
        Set.copyOf(
            IamKeyPlanner.orphanCandidates(
                listed.stream().map(AwsIamAccessKeyProvider::id).toList(), existing, kept));
    IamKeyPlanner.Plan plan =
        IamKeyPlanner.plan(
            new IamKeyPlanner.Facts(
                listed.stream()
                    .map(k -> key(k, candidates.contains(id(k)) && used(id(k))))
                    .toList(),
                existing,
                currentKeyId(),
                kept,
                config.emergency()));
    if (plan.refusal().isPresent() && plan.actions().isEmpty()) {
      throw quotaFull(plan.refusal().get());
    }
    return plan.actions().stream().map(this::step).toList();
  }

  /**
   * Mints one key. The first attempt of a rotation records first which keys exist (write-ahead), so
   * that {@link #prepare} of a retry recognises the key of an attempt whose result was lost.
   */
  @Override
  public Obtained obtain(String rotationId) {
    if (intentOf(rotationId).isEmpty()) {
      records.recordMintIntent(
          rotationId, list().stream().map(AwsIamAccessKeyProvider::id).collect(toSet()));
    }
    AccessKey key =
        call("CreateAccessKey", () -> iam.createAccessKey(b -> b.userName(config.userName())))
            .accessKey();
    LOG.info("{}: minted access key {} for rotation {}", who(), key.accessKeyId(), rotationId);
    Credential credential =
        new Credential(
            Map.of(
                ACCESS_KEY_ID, SecretValue.of(key.accessKeyId()),
                SECRET_ACCESS_KEY, SecretValue.of(key.secretAccessKey())));
    return new Obtained(key.accessKeyId(), credential, key.accessKeyId());
  }

  private Optional<MintIntent> intentOf(String rotationId) {
    return records.mintIntent().filter(i -> rotationId.equals(i.rotationId()));
  }

  /** One planned IAM write as an idempotent step: a key already gone is fine. */
  private PreparationStep step(IamKeyPlanner.Action a) {
    Runnable work =
        switch (a.kind()) {
          case DELETE_ORPHAN ->
              () -> {
                LOG.info(
                    "{}: deleting orphan key {} minted earlier in this rotation", who(), a.keyId());
                delete(a.keyId());
              };
          case DEACTIVATE_SPARE ->
              () -> {
                LOG.warn(
                    "{}: emergency: deactivating Active key {} to make room", who(), a.keyId());
                deactivate(a.keyId());
              };
          case DELETE_SPARE ->
              () -> {
                LOG.info("{}: deleting Inactive key {} to stay under the quota", who(), a.keyId());
                delete(a.keyId());
              };
        };
    String name = a.kind().stepName();
    return new PreparationStep() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void run() {
        work.run();
      }

      @Override
      public String toString() {
        return name + "[" + a.keyId() + "]";
      }
    };
  }

  @Override
  public void consume(Obtained obtained, String rotationId) {
    // Minted keys are not taken from a pool: nothing to mark.
  }

  @Override
  public Verification verify(Credential credential) {
    return verifier.verify(credential);
  }

  /**
   * Deactivates the old key (reversible until {@link #deleteDeactivated}); gone already counts. The
   * key id comes from the credential where there is one: the handle of an adopted key is not its
   * key id.
   */
  @Override
  public RevocationState revoke(Credential old, String handleId) {
    deactivate(old != null ? old.field(ACCESS_KEY_ID).reveal() : handleId);
    return RevocationState.REVOKED;
  }

  /** Sets a key Inactive; a key already gone counts as done. */
  private void deactivate(String keyId) {
    try {
      call(
          "UpdateAccessKey",
          () ->
              iam.updateAccessKey(
                  b ->
                      b.userName(config.userName())
                          .accessKeyId(keyId)
                          .status(StatusType.INACTIVE)));
    } catch (NotFoundException e) {
      LOG.info("{}: key {} no longer exists; counted as deactivated", who(), keyId);
    }
  }

  /** Keys this provider deactivated stay Inactive for the configured time, then go. */
  private final class Retention implements KeyRetention {
    @Override
    public Duration retention() {
      return config.deleteInactiveAfter();
    }

    @Override
    public String keyId(Credential credential) {
      return AwsIamAccessKeyProvider.this.keyId(credential);
    }

    /**
     * Deletes a key the operator deactivated, if it is still Inactive. Idempotent: a key already
     * gone is {@link Deletion#GONE}. A key found Active again (someone re-enabled it) is left
     * alone.
     */
    @Override
    public Deletion deleteDeactivated(String accessKeyId) {
      Optional<AccessKeyMetadata> k =
          list().stream().filter(m -> id(m).equals(accessKeyId)).findFirst();
      if (k.isEmpty()) {
        return Deletion.GONE;
      }
      if (k.get().status() != StatusType.INACTIVE) {
        LOG.warn("{}: key {} is Active again; not deleted", who(), accessKeyId);
        return Deletion.REACTIVATED;
      }
      delete(accessKeyId);
      LOG.info("{}: deleted key {}, Inactive since its retention began", who(), accessKeyId);
      return Deletion.DELETED;
    }
  }

  private String keyId(Credential credential) {
    return credential.field(ACCESS_KEY_ID).reveal();
  }

  /** What IAM knows of a key's last use (incident record, revocation evidence). */
  private KeyUsage.LastUse lastUse(String accessKeyId) {
    AccessKeyLastUsed u =
        call(
                "GetAccessKeyLastUsed",
                () -> iam.getAccessKeyLastUsed(b -> b.accessKeyId(accessKeyId)))
            .accessKeyLastUsed();
    return u == null
        ? new KeyUsage.LastUse(accessKeyId, null, null, null)
        : new KeyUsage.LastUse(accessKeyId, u.lastUsedDate(), u.serviceName(), u.region());
  }

  @Override
  public Optional<PoolState> poolState() {
    return Optional.empty();
  }

  /**
   * Keys never deleted: the ledger's current and pending keys, and (protection only) the key the
   * status calls current.
   */
  private Set<String> protectedKeys() {
    Set<String> kept = new HashSet<>();
    currentKeyId().ifPresent(kept::add);
    records.pending().map(this::keyId).ifPresent(kept::add);
    if (config.currentAccessKeyId() != null) {
      kept.add(config.currentAccessKeyId());
    }
    return kept;
  }

  private Optional<String> currentKeyId() {
    return records.current().map(this::keyId);
  }

  private PermanentException quotaFull(IamKeyPlanner.QuotaFull q) {
    return new PermanentException(
        Reasons.ACCESS_KEY_QUOTA_FULL,
        who()
            + ": the user already has two Active access keys ("
            + String.join(", ", q.keyIds())
            + ") and outside an emergency the operator removes only Inactive ones: deactivate "
            + (!q.currentKnown() || q.spareKeyIds().isEmpty()
                ? "the one not in use"
                : String.join(" or ", q.spareKeyIds()) + " (not the current key)")
            + " with aws iam update-access-key --status Inactive, or request an emergency"
            + " rotation");
  }

  private void delete(String accessKeyId) {
    try {
      call(
          "DeleteAccessKey",
          () -> iam.deleteAccessKey(b -> b.userName(config.userName()).accessKeyId(accessKeyId)));
    } catch (NotFoundException e) {
      // Already gone: deleting is idempotent.
    }
  }

  private List<AccessKeyMetadata> list() {
    try {
      return call("ListAccessKeys", () -> iam.listAccessKeys(b -> b.userName(config.userName())))
          .accessKeyMetadata();
    } catch (NotFoundException e) {
      throw new NotFoundException(Reasons.INVALID_SPEC, who() + ": the IAM user does not exist");
    }
  }

  private <T> T call(String op, Supplier<T> request) {
    try {
      return request.get();
    } catch (SdkException e) {
      String code = AwsErrors.code(e);
      if ("NoSuchEntity".equals(code)) {
        throw new NotFoundException(
            Reasons.INVALID_SPEC, who() + ": " + op + " found no such entity");
      }
      if ("LimitExceeded".equals(code) && "CreateAccessKey".equals(op)) {
        // Someone else created a key between our listing and CreateAccessKey: look again later.
        throw new TransientException(
            Reasons.ACCESS_KEY_QUOTA_FULL,
            who() + ": CreateAccessKey answered LimitExceeded (two keys already); retrying",
            Duration.ofSeconds(30),
            null);
      }
      if (AwsErrors.denied(e)) {
        throw new PermanentException(Reasons.ACCESS_DENIED, denied(op, e));
      }
      CostCredException mapped =
          AwsErrors.map(who(), op, e, Reasons.PROVIDER_UNAVAILABLE, Reasons.PROVIDER_UNAVAILABLE);
      throw mapped;
    }
  }

  /** What the admin must change, from the error code: the credentials, or a permission. */
  private String denied(String op, SdkException e) {
    String answer = who() + ": IAM answered " + AwsErrors.describe(e) + " to " + op;
    if (AwsErrors.credentialsRefused(e)) {
      return answer
          + ": the operator's AWS credentials are not accepted; check"
          + " provider.awsIamAccessKey.credentials or the pod's IRSA role";
    }
    return answer
        + ": the operator's IAM policy must allow iam:"
        + op
        + " on user "
        + config.userName()
        + " (docs/policies/iam-policy.json)";
  }

  private static IamKeyPlanner.Key key(AccessKeyMetadata k, boolean used) {
    return new IamKeyPlanner.Key(id(k), k.status() == StatusType.ACTIVE, k.createDate(), used);
  }

  /** Whether IAM reports any use of the key (a lost key of ours was never used). */
  private boolean used(String accessKeyId) {
    AccessKeyLastUsed u =
        call(
                "GetAccessKeyLastUsed",
                () -> iam.getAccessKeyLastUsed(b -> b.accessKeyId(accessKeyId)))
            .accessKeyLastUsed();
    return u != null && u.lastUsedDate() != null;
  }

  private static String id(AccessKeyMetadata k) {
    return k.accessKeyId();
  }

  private static KeyMapping mapping(String key, String field) {
    KeyMapping m = new KeyMapping();
    m.setKey(key);
    m.setField(field);
    return m;
  }

  private String who() {
    return "awsIamAccessKey/" + config.userName();
  }
}
