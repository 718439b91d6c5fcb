package io.costcred.operator.provider;

import io.costcred.operator.core.Credential;
import java.util.List;
import java.util.Optional;

/** Where credentials come from, and how they are verified and retired. One per CostCredential. */
public interface CredentialProvider {
  /** Provider kind shown in status, e.g. {@code vantage}. */
  String kind();

  /** What this provider can do; the state machine adapts to it. */
  Capabilities capabilities();

  /**
   * Work that must happen before {@link #obtain} can succeed, as separate steps the engine runs one
   * by one with a crash point before each (IAM: delete orphaned keys, make room under the two-key
   * quota). Computed from what the provider sees now and from the operator's records; each step is
   * idempotent, so a step repeated after a crash does no harm. Most providers have none.
   */
  default List<PreparationStep> prepare(String rotationId) {
    return List.of();
  }

  /** One destructive step before {@link #obtain}; {@code name} is stable across runs. */
  interface PreparationStep {
    /** A name without ids or values, e.g. {@code iam.deleteOrphan}: crash suites match on it. */
    String name();

    /** Performs the step; idempotent. */
    void run();
  }

  /**
   * Finds the next credential without consuming it. Pool providers return the first usable pool
   * entry; minting providers mint (idempotently for {@code rotationId}).
   */
  Obtained obtain(String rotationId);

  /**
   * Marks an obtained credential as taken by rotation {@code rotationId} (e.g. removes it from the
   * pool). Idempotent for the same rotation; throws {@link PoolEntryTakenException} when someone
   * else took it first.
   */
  void consume(Obtained obtained, String rotationId);

  /**
   * This provider with its calls made at the given priority. Providers with a shared, scarce
   * request budget (Vantage) admit calls by priority; the others ignore it.
   */
  default CredentialProvider at(CallPriority priority) {
    return this;
  }

  /**
   * This provider acting on what the operator recorded in its ledger. Providers whose destructive
   * steps depend on which keys are the operator's (IAM) need it; the others ignore it.
   */
  default CredentialProvider withRecords(KeyRecords records) {
    return this;
  }

  /** Checks the credential against the provider; throws a typed error when it is not usable. */
  Verification verify(Credential credential);

  /**
   * Revokes by API where the provider has one; otherwise checks whether an admin has revoked it.
   */
  RevocationState revoke(Credential old, String handleId);

  /** State of the source of new credentials, where there is one (the token pool). */
  Optional<PoolState> poolState();

  /**
   * What the provider can do, declared once: the engine asks this, never {@code instanceof}.
   *
   * @param mints new credentials are minted by API (otherwise taken from a pool)
   * @param revokesByApi {@link #revoke} disables the credential itself (otherwise it only checks
   *     whether an admin did)
   * @param keyRetention present when revocation disables a key without removing it, so the operator
   *     deletes it after a retention period (IAM)
   * @param keyUsage present when the provider knows when a credential was last used
   */
  record Capabilities(
      boolean mints,
      boolean revokesByApi,
      Optional<KeyRetention> keyRetention,
      Optional<KeyUsage> keyUsage) {
    public Capabilities {
      keyRetention = keyRetention == null ? Optional.empty() : keyRetention;
      keyUsage = keyUsage == null ? Optional.empty() : keyUsage;
    }

    /** A provider with neither retention nor usage records. */
    public Capabilities(boolean mints, boolean revokesByApi) {
      this(mints, revokesByApi, Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
      return "Capabilities[mints="
          + mints
          + ", revokesByApi="
          + revokesByApi
          + ", keyRetention="
          + keyRetention.isPresent()
          + ", keyUsage="
          + keyUsage.isPresent()
          + "]";
    }
  }

  /** A credential obtained for a rotation, with a stable, non-secret handle. */
  record Obtained(String handleId, Credential credential, String source) {
    @Override
    public String toString() {
      return "Obtained[" + handleId + " from " + source + "]";
    }
  }

  /** What the provider reported about a verified credential. */
  record Verification(String description, String createdAt, List<String> scopes) {}

  /** Usable entries left, and keys holding malformed entries (never their values). */
  record PoolState(int usable, List<String> malformedKeys) {}

  /** Result of a revocation attempt or check. */
  enum RevocationState {
    /** The credential no longer authenticates. */
    REVOKED,
    /** The provider has no revoke API and the credential still works: an admin must revoke it. */
    AWAITING_MANUAL_REVOCATION
  }
}
