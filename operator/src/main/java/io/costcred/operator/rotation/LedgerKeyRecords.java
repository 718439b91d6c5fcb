package io.costcred.operator.rotation;

import io.costcred.operator.core.Credential;
import io.costcred.operator.provider.KeyRecords;
import io.costcred.operator.store.Ledger;
import io.costcred.operator.store.TokenLedger;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The ledger Secret as a provider sees it in one reconcile, stamped with that reconcile's time. */
final class LedgerKeyRecords implements KeyRecords {
  private final Ledger ledger;
  private final Instant now;

  LedgerKeyRecords(Ledger ledger, Instant now) {
    this.ledger = ledger;
    this.now = now;
  }

  @Override
  public Optional<TokenLedger.MintIntent> mintIntent() {
    return ledger.mintIntent();
  }

  @Override
  public void recordMintIntent(String rotationId, Set<String> existingKeyIds) {
    ledger.recordMintIntent(new TokenLedger.MintIntent(rotationId, now, existingKeyIds));
  }

  @Override
  public Optional<Credential> current() {
    return ledger.current();
  }

  @Override
  public Optional<Credential> pending() {
    return ledger.pending().map(TokenLedger.Pending::credential);
  }

  @Override
  public Map<String, Instant> deactivated() {
    return ledger.deactivated();
  }
}
