package io.costcred.operator.provider.vantage;

import io.costcred.operator.api.v1alpha1.ProviderSpec;
import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.TokenRejectedException;
import io.costcred.operator.core.TransientException;
import io.costcred.operator.provider.CallPriority;
import io.costcred.operator.provider.CredentialProvider;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Vantage has no API to mint or revoke tokens: new tokens come from the pool, verification is
 * {@code GET /v2/me}, and revocation is an admin's job that the operator then confirms by polling.
 */
public final class VantageProvider implements CredentialProvider {
  private static final Duration POOL_RETRY = Duration.ofSeconds(30);
  private final TokenPool pool;
  private final VantageClient client;
  private final List<String> requiredScopes;
  private final CallPriority priority;

  public VantageProvider(TokenPool pool, VantageClient client, List<String> requiredScopes) {
    this(pool, client, requiredScopes, CallPriority.ROTATION);
  }

  private VantageProvider(
      TokenPool pool, VantageClient client, List<String> requiredScopes, CallPriority priority) {
    this.pool = pool;
    this.client = client;
    this.requiredScopes = requiredScopes == null ? List.of() : List.copyOf(requiredScopes);
    this.priority = priority;
  }

  @Override
  public CredentialProvider at(CallPriority callPriority) {
    return callPriority == priority
        ? this
        : new VantageProvider(pool, client, requiredScopes, callPriority);
  }

  @Override
  public String kind() {
    return ProviderSpec.Kind.VANTAGE.field();
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(false, false);
  }

  @Override
  public Obtained obtain(String rotationId) {
    TokenPool.Scan scan = pool.scan();
    if (scan.usable().isEmpty()) {
      throw new TransientException(
          Reasons.POOL_EMPTY,
          "token pool has no usable token; add one under a new key",
          POOL_RETRY,
          null);
    }
    TokenPool.Entry first = scan.usable().get(0);
    return new Obtained(first.key(), Credential.token(first.token()), first.key());
  }

  @Override
  public void consume(Obtained obtained, String rotationId) {
    pool.take(obtained.source(), obtained.credential().field(Credential.TOKEN), rotationId);
  }

  @Override
  public Verification verify(Credential credential) {
    VantageClient.MeResult result = client.me(credential.field(Credential.TOKEN), priority);
    if (result instanceof VantageClient.Unauthorized) {
      throw new TokenRejectedException("Vantage answered 401: token invalid or revoked", false);
    }
    if (result instanceof VantageClient.Forbidden) {
      throw new TokenRejectedException("Vantage answered 403: token not allowed", true);
    }
    VantageClient.Me me = (VantageClient.Me) result;
    for (String scope : requiredScopes) {
      if (!me.scopes().contains(scope)) {
        throw new TokenRejectedException("token lacks required scope " + scope, true);
      }
    }
    return new Verification(me.description(), me.createdAt(), me.scopes());
  }

  @Override
  public RevocationState revoke(Credential old, String handleId) {
    VantageClient.MeResult result = client.me(old.field(Credential.TOKEN), priority);
    return result instanceof VantageClient.Unauthorized
        ? RevocationState.REVOKED
        : RevocationState.AWAITING_MANUAL_REVOCATION;
  }

  @Override
  public Optional<PoolState> poolState() {
    TokenPool.Counts counts = pool.counts();
    return Optional.of(new PoolState(counts.usable(), counts.malformedKeys()));
  }
}
