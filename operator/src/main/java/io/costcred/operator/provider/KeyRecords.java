package io.costcred.operator.provider;

import io.costcred.operator.core.Credential;
import io.costcred.operator.store.TokenLedger.MintIntent;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the operator itself recorded about a credential's keys, where tenants cannot write (the
 * ledger Secret). Destructive steps (deleting an orphan, making room under a quota, deleting a key
 * after its retention) act only on these facts; the status, which anyone with {@code
 * costcredentials/status} may patch, can only add protection, never grant destruction.
 */
public interface KeyRecords {
  /** Nothing recorded and nothing recordable: no key is ever taken for an orphan. */
  KeyRecords NONE =
      new KeyRecords() {
        @Override
        public Optional<MintIntent> mintIntent() {
          return Optional.empty();
        }

        @Override
        public void recordMintIntent(String rotationId, Set<String> existingKeyIds) {}

        @Override
        public Optional<Credential> current() {
          return Optional.empty();
        }

        @Override
        public Optional<Credential> pending() {
          return Optional.empty();
        }

        @Override
        public Map<String, Instant> deactivated() {
          return Map.of();
        }
      };

  /** The intent of the last rotation that asked to mint, or empty. */
  Optional<MintIntent> mintIntent();

  /**
   * Records, before the first mint of {@code rotationId}, which keys existed: a key absent from
   * this set and not the current or pending one was minted by this rotation.
   */
  void recordMintIntent(String rotationId, Set<String> existingKeyIds);

  /** The credential the stores serve, as the ledger holds it. */
  Optional<Credential> current();

  /** The credential of the rotation in progress, as the ledger holds it. */
  Optional<Credential> pending();

  /** Key ids the operator deactivated, with when. */
  Map<String, Instant> deactivated();
}
