package io.costcred.operator.store;

import io.costcred.operator.core.Credential;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the rotation engine keeps of token values and of the facts destructive steps act on: the
 * current token, the pending one of the rotation in progress, retired ones until their revocation
 * is verified, the last intent to mint and the keys the operator deactivated. Every change is
 * atomic: a crash leaves the old or the new content. {@link TokenLedger} keeps it in a Secret.
 */
public interface Ledger {
  Optional<Credential> current();

  Optional<TokenLedger.Pending> pending();

  Optional<Credential> retired(String rotationId);

  /** Stores the new token before anything else can fail. */
  void writePending(String rotationId, String source, Credential credential);

  void dropPending();

  /** Adopts a token found in a store as the current one. */
  void adoptCurrent(Credential credential);

  /** Keeps a token until its revocation is verified. */
  void retire(String rotationId, Credential credential);

  void dropRetired(String rotationId);

  /**
   * The rotation completed: the old current is retired under the rotation id, pending is current.
   */
  void promote(String rotationId, boolean retireOld);

  /** The last recorded intent to mint, or empty (also when the record cannot be read). */
  Optional<TokenLedger.MintIntent> mintIntent();

  /** Records a rotation's intent to mint; replaces the intent of any earlier rotation. */
  void recordMintIntent(TokenLedger.MintIntent intent);

  /** Key ids the operator deactivated and has not deleted yet, with when they were deactivated. */
  Map<String, Instant> deactivated();

  /** Records that the operator deactivated a key; the first record of a key stands. */
  void recordDeactivated(String keyId, Instant at);

  /** The key is deleted (or no longer the operator's to delete). */
  void forgetDeactivated(String keyId);
}
