package io.costcred.operator.provider;

import io.costcred.operator.core.Credential;
import io.costcred.operator.store.TokenLedger.MintIntent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The ledger's facts in memory, for provider tests that run without a Kubernetes API. */
public final class MemoryKeyRecords implements KeyRecords {
  private MintIntent intent;
  private Credential current;
  private Credential pending;
  private final Map<String, Instant> deactivated = new HashMap<>();

  @Override
  public Optional<MintIntent> mintIntent() {
    return Optional.ofNullable(intent);
  }

  @Override
  public void recordMintIntent(String rotationId, Set<String> existingKeyIds) {
    intent = new MintIntent(rotationId, Instant.now(), existingKeyIds);
  }

  @Override
  public Optional<Credential> current() {
    return Optional.ofNullable(current);
  }

  @Override
  public Optional<Credential> pending() {
    return Optional.ofNullable(pending);
  }

  @Override
  public Map<String, Instant> deactivated() {
    return Map.copyOf(deactivated);
  }

  /** Sets the credential the ledger serves as current. */
  public void current(Credential credential) {
    current = credential;
  }

  /** Sets the credential of the rotation in progress. */
  public void pending(Credential credential) {
    pending = credential;
  }
}
