package io.costcred.operator.core;

import io.costcred.operator.api.v1alpha1.Reasons;

/**
 * The provider refused a credential. {@code live} tells whether it still works and must be revoked.
 */
public class TokenRejectedException extends PermanentException {
  private final boolean live;

  public TokenRejectedException(String message, boolean live) {
    super(Reasons.TOKEN_REJECTED, message);
    this.live = live;
  }

  public boolean live() {
    return live;
  }
}
