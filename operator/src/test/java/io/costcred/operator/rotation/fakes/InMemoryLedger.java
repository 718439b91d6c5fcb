package io.costcred.operator.rotation.fakes;

import io.costcred.operator.core.Credential;
import io.costcred.operator.store.Ledger;
import io.costcred.operator.store.TokenLedger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The ledger in memory; every change is atomic, as the Secret's optimistic-locked update is. */
public final class InMemoryLedger implements Ledger {
  private Credential current;
  private TokenLedger.Pending pending;
  private final Map<String, Credential> retired = new TreeMap<>();
  private TokenLedger.MintIntent intent;
  private final Map<String, Instant> deactivated = new TreeMap<>();

  @Override
  public synchronized Optional<Credential> current() {
    return Optional.ofNullable(current);
  }

  @Override
  public synchronized Optional<TokenLedger.Pending> pending() {
    return Optional.ofNullable(pending);
  }

  @Override
  public synchronized Optional<Credential> retired(String rotationId) {
    return Optional.ofNullable(retired.get(rotationId));
  }

  /** Every value the ledger holds, for the invariants. */
  public synchronized Map<String, Credential> retiredValues() {
    return Map.copyOf(retired);
  }

  @Override
  public synchronized void writePending(String rotationId, String source, Credential credential) {
    pending = new TokenLedger.Pending(rotationId, source, credential);
  }

  @Override
  public synchronized void dropPending() {
    pending = null;
  }

  @Override
  public synchronized void adoptCurrent(Credential credential) {
    current = credential;
  }

  @Override
  public synchronized void retire(String rotationId, Credential credential) {
    retired.put(rotationId, credential);
  }

  @Override
  public synchronized void dropRetired(String rotationId) {
    retired.remove(rotationId);
  }

  @Override
  public synchronized void promote(String rotationId, boolean retireOld) {
    if (pending == null) {
      return; // already promoted
    }
    if (retireOld && current != null && !retired.containsKey(rotationId)) {
      retired.put(rotationId, current);
    }
    current = pending.credential();
    pending = null;
  }

  @Override
  public synchronized Optional<TokenLedger.MintIntent> mintIntent() {
    return Optional.ofNullable(intent);
  }

  @Override
  public synchronized void recordMintIntent(TokenLedger.MintIntent intent) {
    this.intent = intent;
  }

  @Override
  public synchronized Map<String, Instant> deactivated() {
    return new TreeMap<>(deactivated);
  }

  @Override
  public synchronized void recordDeactivated(String keyId, Instant at) {
    deactivated.putIfAbsent(keyId, at.truncatedTo(ChronoUnit.SECONDS));
  }

  @Override
  public synchronized void forgetDeactivated(String keyId) {
    deactivated.remove(keyId);
  }
}
