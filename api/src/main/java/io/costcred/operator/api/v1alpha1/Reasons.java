package io.costcred.operator.api.v1alpha1;

/**
 * Condition types and reasons. Each reason says when it is set; docs/configuration.md lists them.
 */
public final class Reasons {
  // Condition types.
  public static final String READY = "Ready";
  public static final String ROTATING = "Rotating";
  public static final String EMERGENCY_ROTATION = "EmergencyRotation";
  public static final String REVOCATION_REQUIRED = "RevocationRequired";
  public static final String DEGRADED = "Degraded";

  /** Ready=True: every store serves the current, verified token. */
  public static final String CREDENTIAL_CURRENT = "CredentialCurrent";

  /** Ready=False: no token yet; the first rotation is running. */
  public static final String INITIALIZING = "Initializing";

  /**
   * Ready=False: the CostCredential breaks the ClusterRotationPolicy that selects its namespace or
   * the one its policyRef adds; nothing is written anywhere until it complies.
   */
  public static final String POLICY_VIOLATION = "PolicyViolation";

  /** Ready/Degraded: the spec is invalid in a way the schema cannot catch. No retry. */
  public static final String INVALID_SPEC = "InvalidSpec";

  /** A referenced Secret does not exist. */
  public static final String SECRET_NOT_FOUND = "SecretNotFound";

  /** The token pool has no usable token; rotations wait for an admin. */
  public static final String POOL_EMPTY = "PoolEmpty";

  /** Degraded: the pool holds no more than its low watermark. */
  public static final String POOL_LOW = "PoolLow";

  /**
   * Degraded: a pool key holds a malformed token (inner whitespace or newline, or a prefix that is
   * not accepted). Whitespace around a token is trimmed, not refused.
   */
  public static final String POOL_TOKEN_MALFORMED = "PoolTokenMalformed";

  /** The provider rejected the new token (401) or it lacks a required scope (403). */
  public static final String TOKEN_REJECTED = "TokenRejected";

  /** Ready=False: the current token no longer authenticates; the rotation replacing it runs. */
  public static final String CURRENT_TOKEN_INVALID = "CurrentTokenInvalid";

  /** The provider could not be reached or answered 5xx. */
  public static final String PROVIDER_UNAVAILABLE = "ProviderUnavailable";

  /**
   * The operator's own identity was refused by the provider (AWS {@code AccessDenied}, HTTP 403):
   * its IAM policy must allow the call named in the message. Permanent: retried every 10 minutes
   * and at once after a spec change.
   */
  public static final String ACCESS_DENIED = "AccessDenied";

  /**
   * The IAM user already has two access keys (the AWS quota) and neither may be removed: both are
   * Active outside an emergency. An admin deactivates the key not in use, or asks for an emergency
   * rotation. Permanent; transient while {@code CreateAccessKey} answers {@code LimitExceeded}
   * because a key appeared since the operator looked.
   */
  public static final String ACCESS_KEY_QUOTA_FULL = "AccessKeyQuotaFull";

  /** The provider's rate budget is exhausted; the operator waits for the reset. */
  public static final String RATE_LIMITED = "RateLimited";

  /**
   * A rotation step waits for the operator's own provider budget (nothing was sent, nothing
   * failed); shown as the Rotating condition's reason.
   */
  public static final String WAITING_FOR_RATE_BUDGET = "WaitingForRateBudget";

  /** Writing to a store failed; the rotation retries that store. */
  public static final String STORE_FAILED = "StoreFailed";

  /** A store held something other than the current token; it was repaired. */
  public static final String STORE_DRIFT = "StoreDrift";

  /** A restart target does not exist. */
  public static final String RESTART_TARGET_NOT_FOUND = "RestartTargetNotFound";

  /** Patching a restart target failed (e.g. RBAC or admission); retried with backoff. */
  public static final String RESTART_FAILED = "RestartFailed";

  /** A Kubernetes API request failed (conflict, timeout, 5xx); retried with backoff. */
  public static final String KUBERNETES_API_ERROR = "KubernetesApiError";

  /** Degraded: a restarted workload did not finish rolling out in rolloutTimeout. */
  public static final String ROLLOUT_STALLED = "RolloutStalled";

  /** Degraded: a restart target Deployment is paused; it is reported, not forced. */
  public static final String ROLLOUT_PAUSED = "RolloutPaused";

  /** Degraded=False: nothing wrong. */
  public static final String AS_EXPECTED = "AsExpected";

  /** Rotating=False: no rotation in progress. */
  public static final String IDLE = "Idle";

  /**
   * Rotating=False: no rotation in progress and spec.suspend pauses the scheduled ones
   * (status.nextRotationTime is then empty, or the time a policy's maxInterval forces one).
   */
  public static final String SUSPENDED = "Suspended";

  /** EmergencyRotation=True: an emergency rotation runs. */
  public static final String IN_PROGRESS = "InProgress";

  /** EmergencyRotation=False: the last emergency rotation finished. */
  public static final String COMPLETED = "Completed";

  /** RevocationRequired=True: an old token must be revoked by hand in the provider console. */
  public static final String MANUAL_REVOCATION_REQUIRED = "ManualRevocationRequired";

  /** RevocationRequired=False: every old token is verified revoked. */
  public static final String NONE_OUTSTANDING = "NoneOutstanding";

  private Reasons() {}

  /** A connection a CostCredential references does not exist (or its CRD is not installed). */
  public static final String CONNECTION_NOT_FOUND = "ConnectionNotFound";

  /**
   * A ClusterCredentialConnection does not select the CostCredential's namespace, or a connection
   * is unusable as written (e.g. a namespaced connection naming another namespace). No request is
   * sent with the connection's identity.
   */
  public static final String CONNECTION_NOT_ALLOWED = "ConnectionNotAllowed";

  /** A Vault path, Secrets Manager name or IAM user is outside the connection's templates. */
  public static final String DESTINATION_NOT_ALLOWED = "DestinationNotAllowed";

  /** A URL (provider API, store, webhook) is not on the operator's egress allow-list. */
  public static final String EGRESS_NOT_ALLOWED = "EgressNotAllowed";

  /** The governing ClusterRotationPolicy cannot be determined; nothing runs until it can. */
  public static final String POLICY_UNAVAILABLE = "PolicyUnavailable";

  /** A status value the operator reads back is malformed (hand-edited); it is not acted on. */
  public static final String INVALID_STATUS = "InvalidStatus";

  /**
   * Condition type: a workload or Pod reads a store Secret but is not restarted by the operator.
   */
  public static final String UNLISTED_CONSUMERS = "UnlistedConsumers";

  /** UnlistedConsumers True: the message names them (list them, or opt in to restarting them). */
  public static final String CONSUMERS_NOT_RESTARTED = "ConsumersNotRestarted";

  /** UnlistedConsumers False: every consumer found is restarted or reloads a mounted file. */
  public static final String NONE_FOUND = "NoneFound";

  /** Condition type: a scheduled revocation waits because the old credential is still in use. */
  public static final String REVOCATION_HELD = "RevocationHeld";

  /** RevocationHeld True: running Pods still use the old credential (named in the message). */
  public static final String OLD_CREDENTIAL_IN_USE = "OldCredentialInUse";

  /** RevocationHeld True: the provider saw the old key used after the consumers cut over. */
  public static final String OLD_KEY_STILL_USED = "OldKeyStillUsed";

  /** RevocationHeld False: nothing is held. */
  public static final String NONE_HELD = "NoneHeld";
}
