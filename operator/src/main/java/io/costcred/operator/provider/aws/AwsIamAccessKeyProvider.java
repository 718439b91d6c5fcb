package io.costcred.operator.provider.aws;

import static java.util.stream.Collectors.toSet;

import io.costcred.operator.api.v1alpha1.KeyMapping;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * DeleteAccessKey} once {@link #retention()} has passed ({@link #deleteDeactivated}).
 *
 * <p><b>Idempotent obtain without tags.</b> Access keys carry no name or tag, and IAM returns the
 * secret only once, so a key minted by an attempt whose result was lost (crash before the ledger
 * write) can be recognised but never returned. Before its first {@code CreateAccessKey} a rotation
 * records in the ledger ({@link KeyRecords}) which keys existed; a later attempt of the same
 * rotation deactivates and deletes every key absent from that record that is neither the ledger's
 * current nor its pending key (an orphan of this rotation), then mints one key. Each retry leaves
 * at most the key it returns, so retries never pile up keys or exhaust the quota. Nothing here
 * reads the status (which a holder of {@code costcredentials/status} may forge) to decide what to
 * delete; the status' current key id only adds protection.
 *
 * <p><b>Quota (two keys per user).</b> With two keys left after orphan cleanup, a non-current
 * Inactive key (an old key awaiting deletion, or one an admin deactivated to make room) is deleted.
 * If both are Active, obtain fails permanently, except in an emergency with a current key in the
 * ledger, where the other Active key is deactivated and deleted. The current key is never deleted.
 */
public final class AwsIamAccessKeyProvider implements CredentialProvider, KeyUsage, KeyRetention {
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
    return "awsIamAccessKey";
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(true, true);
  }

  @Override
  public Obtained obtain(String rotationId) {
    List<AccessKeyMetadata> keys = new ArrayList<>(list());
    keys.sort(Comparator.comparing(AccessKeyMetadata::createDate));
    Set<String> kept = protectedKeys();
    Optional<MintIntent> intent =
        records.mintIntent().filter(i -> rotationId.equals(i.rotationId()));
    if (intent.isEmpty()) {
      // Write-ahead: what existed before this rotation minted anything.
      records.recordMintIntent(
          rotationId, keys.stream().map(AwsIamAccessKeyProvider::id).collect(toSet()));
    } else {
      for (AccessKeyMetadata k : List.copyOf(keys)) {
        if (!intent.get().existingKeyIds().contains(id(k)) && !kept.contains(id(k))) {
          LOG.info("{}: deleting orphan key {} minted earlier in this rotation", who(), id(k));
          deactivateAndDelete(k);
          keys.remove(k);
        }
      }
    }
    if (keys.size() >= 2) {
      makeRoom(keys, kept);
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
    String keyId = old != null ? old.field(ACCESS_KEY_ID).reveal() : handleId;
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
      LOG.info("{}: key {} no longer exists; counted as revoked", who(), keyId);
    }
    return RevocationState.REVOKED;
  }

  @Override
  public Duration retention() {
    return config.deleteInactiveAfter();
  }

  @Override
  public String keyId(Credential credential) {
    return credential.field(ACCESS_KEY_ID).reveal();
  }

  /**
   * Deletes a key the operator deactivated, if it is still Inactive. Idempotent: a key already gone
   * is {@link Deletion#GONE}. A key found Active again (someone re-enabled it) is left alone.
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

  /** What IAM knows of a key's last use, for the emergency incident record. */
  @Override
  public Map<String, String> lastUse(String accessKeyId) {
    AccessKeyLastUsed u =
        call(
                "GetAccessKeyLastUsed",
                () -> iam.getAccessKeyLastUsed(b -> b.accessKeyId(accessKeyId)))
            .accessKeyLastUsed();
    Map<String, String> out = new LinkedHashMap<>();
    out.put("accessKeyId", accessKeyId);
    out.put(
        "lastUsedDate",
        u == null || u.lastUsedDate() == null ? "never" : u.lastUsedDate().toString());
    out.put("serviceName", u == null || u.serviceName() == null ? "N/A" : u.serviceName());
    out.put("region", u == null || u.region() == null ? "N/A" : u.region());
    return out;
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

  /**
   * At the quota: delete a non-current Inactive key, or in an emergency a non-current Active one.
   */
  private void makeRoom(List<AccessKeyMetadata> keys, Set<String> kept) {
    List<AccessKeyMetadata> others = keys.stream().filter(k -> !kept.contains(id(k))).toList();
    Optional<AccessKeyMetadata> inactive =
        others.stream().filter(k -> k.status() == StatusType.INACTIVE).findFirst();
    if (inactive.isPresent()) {
      LOG.info("{}: deleting Inactive key {} to stay under the quota", who(), id(inactive.get()));
      delete(id(inactive.get()));
      return;
    }
    Optional<String> current = currentKeyId();
    if (config.emergency() && current.isPresent() && !others.isEmpty()) {
      AccessKeyMetadata victim = others.get(0);
      LOG.warn("{}: emergency: deactivating and deleting Active key {}", who(), id(victim));
      deactivateAndDelete(victim);
      return;
    }
    List<String> spare = others.stream().map(AwsIamAccessKeyProvider::id).toList();
    throw new PermanentException(
        Reasons.ACCESS_KEY_QUOTA_FULL,
        who()
            + ": the user already has two Active access keys ("
            + String.join(", ", keys.stream().map(AwsIamAccessKeyProvider::id).toList())
            + ") and outside an emergency the operator removes only Inactive ones: deactivate "
            + (current.isEmpty() || spare.isEmpty()
                ? "the one not in use"
                : String.join(" or ", spare) + " (not the current key)")
            + " with aws iam update-access-key --status Inactive, or request an emergency"
            + " rotation");
  }

  private void deactivateAndDelete(AccessKeyMetadata k) {
    if (k.status() == StatusType.ACTIVE) {
      revoke(null, id(k));
    }
    delete(id(k));
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
