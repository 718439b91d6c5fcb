package io.costcred.operator.rotation.fakes;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.NotFoundException;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.core.TokenRejectedException;
import io.costcred.operator.core.TransientException;
import io.costcred.operator.provider.CredentialProvider;
import io.costcred.operator.provider.PoolEntryTakenException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A provider in memory, of either kind: a pool of tokens an admin fills (no revoke API: revocation
 * is flagged and then checked, like Vantage) or a minting provider (one token per rotation id,
 * revoked by API, like IAM). Verification, revocation and reachability are controllable; every
 * value it hands out is random and kept in {@link #secrets} for the leak scan.
 */
public final class FakeProvider implements CredentialProvider {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final boolean minting;
  private final Map<String, String> pool = new TreeMap<>();
  private final Map<String, String> minted = new LinkedHashMap<>();

  /** Tokens that no longer authenticate (revoked by API or by an admin). */
  public final Set<String> revoked = ConcurrentHashMap.newKeySet();

  /** Tokens the provider refuses although they authenticate (missing scope). */
  public final Set<String> refused = ConcurrentHashMap.newKeySet();

  /** Every secret value handed out. */
  public final Set<String> secrets = ConcurrentHashMap.newKeySet();

  /** Preparation steps run, by name (minting provider only). */
  public final List<String> prepared = new ArrayList<>();

  /** Last use of each minted key, by key id, when the provider reports key use. */
  public final Map<String, java.time.Instant> lastUsed = new ConcurrentHashMap<>();

  /** How often the provider was asked for a key's last use. */
  public final java.util.concurrent.atomic.AtomicInteger usageQueries =
      new java.util.concurrent.atomic.AtomicInteger();

  private volatile boolean unreachable;
  private boolean reportsUsage;
  private int obtains;

  private FakeProvider(boolean minting) {
    this.minting = minting;
  }

  /** A pool provider with {@code size} tokens. */
  public static FakeProvider pool(int size) {
    FakeProvider p = new FakeProvider(false);
    for (int i = 1; i <= size; i++) {
      p.addToPool(String.format("%02d-key", i));
    }
    return p;
  }

  public static FakeProvider minting() {
    return new FakeProvider(true);
  }

  /**
   * A minting provider that, like AWS IAM, keeps deactivated keys for a day and reports each key's
   * last use ({@link #lastUsed}); key ids are {@code key-<rotation id>}, never the token.
   */
  public static FakeProvider mintingWithKeyUsage() {
    FakeProvider p = new FakeProvider(true);
    p.reportsUsage = true;
    return p;
  }

  /** The key id of a minted token (its rotation's), or null. */
  public synchronized String keyIdOf(String token) {
    return minted.entrySet().stream()
        .filter(e -> e.getValue().equals(token))
        .map(e -> "key-" + e.getKey())
        .findFirst()
        .orElse(null);
  }

  public synchronized String addToPool(String key) {
    String token = token();
    pool.put(key, token);
    return token;
  }

  public synchronized Map<String, String> pool() {
    return Map.copyOf(pool);
  }

  /** An admin revokes a token in the provider console. */
  public void adminRevokes(String token) {
    revoked.add(token);
  }

  public void unreachable(boolean value) {
    unreachable = value;
  }

  public synchronized int obtains() {
    return obtains;
  }

  @Override
  public String kind() {
    return minting ? "fake-minting" : "fake-pool";
  }

  @Override
  public Capabilities capabilities() {
    if (!reportsUsage) {
      return new Capabilities(minting, minting);
    }
    io.costcred.operator.provider.KeyRetention retention =
        new io.costcred.operator.provider.KeyRetention() {
          @Override
          public java.time.Duration retention() {
            return java.time.Duration.ofDays(1);
          }

          @Override
          public String keyId(Credential credential) {
            return keyIdOf(value(credential));
          }

          @Override
          public Deletion deleteDeactivated(String keyId) {
            return Deletion.DELETED;
          }
        };
    io.costcred.operator.provider.KeyUsage usage =
        keyId -> {
          usageQueries.incrementAndGet();
          return new io.costcred.operator.provider.KeyUsage.LastUse(
              keyId, lastUsed.get(keyId), "sts", "us-east-1");
        };
    return new Capabilities(true, true, Optional.of(retention), Optional.of(usage));
  }

  @Override
  public List<PreparationStep> prepare(String rotationId) {
    if (!minting) {
      return List.of();
    }
    return List.of(step("fake.makeRoom"), step("fake.deleteOrphans"));
  }

  private PreparationStep step(String name) {
    return new PreparationStep() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void run() {
        synchronized (FakeProvider.this) {
          prepared.add(name);
        }
      }
    };
  }

  @Override
  public synchronized Obtained obtain(String rotationId) {
    reachable();
    obtains++;
    if (minting) {
      String token = minted.computeIfAbsent(rotationId, id -> token());
      return new Obtained("key-" + rotationId, cred(token), "mint");
    }
    var first = pool.entrySet().stream().findFirst();
    if (first.isEmpty()) {
      throw new NotFoundException(Reasons.POOL_EMPTY, "the token pool has no usable token");
    }
    return new Obtained(first.get().getKey(), cred(first.get().getValue()), first.get().getKey());
  }

  @Override
  public synchronized void consume(Obtained obtained, String rotationId) {
    if (minting) {
      return;
    }
    String token = obtained.credential().field(Credential.TOKEN).reveal();
    String inPool = pool.get(obtained.source());
    if (inPool != null && !inPool.equals(token)) {
      throw new PoolEntryTakenException(obtained.source());
    }
    pool.remove(obtained.source());
  }

  @Override
  public Verification verify(Credential credential) {
    reachable();
    String token = credential.field(Credential.TOKEN).reveal();
    if (revoked.contains(token)) {
      throw new TokenRejectedException("the token does not authenticate", false);
    }
    if (refused.contains(token)) {
      throw new TokenRejectedException("the token lacks a required scope", true);
    }
    return new Verification("fake token", null, List.of("read"));
  }

  @Override
  public RevocationState revoke(Credential old, String handleId) {
    reachable();
    String token = old.field(Credential.TOKEN).reveal();
    if (minting) {
      revoked.add(token);
    }
    return revoked.contains(token)
        ? RevocationState.REVOKED
        : RevocationState.AWAITING_MANUAL_REVOCATION;
  }

  @Override
  public synchronized Optional<PoolState> poolState() {
    return minting ? Optional.empty() : Optional.of(new PoolState(pool.size(), List.of()));
  }

  private void reachable() {
    if (unreachable) {
      throw new TransientException(Reasons.PROVIDER_UNAVAILABLE, "the provider API is unreachable");
    }
  }

  private String token() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    String t = "fake_" + HexFormat.of().formatHex(b);
    secrets.add(t);
    return t;
  }

  public static Credential cred(String token) {
    return Credential.token(SecretValue.of(token));
  }

  /** The token value of a credential (test side only). */
  public static String value(Credential c) {
    return c.field(Credential.TOKEN).reveal();
  }
}
