package io.costcred.operator.store.vault;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.core.PermanentException;
import io.costcred.operator.provider.ProviderObserver;
import io.costcred.operator.store.vault.VaultStoreConfig.AppRoleAuth;
import io.costcred.operator.store.vault.VaultStoreConfig.KubernetesAuth;
import io.costcred.operator.store.vault.VaultStoreConfig.TokenAuth;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.AuthResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vault token of one store. Logs in lazily, renews the token (renew-self) once two thirds of
 * its lease have passed, and logs in again when renewal is refused or would leave too short a lease
 * (max TTL reached). Checked before every request, so no background thread is needed: a token that
 * expired while the store sat idle is simply replaced at the next use.
 */
final class VaultSession {
  private static final Logger LOG = LoggerFactory.getLogger(VaultSession.class);

  private final String storeId;
  private final VaultStoreConfig.Auth auth;
  private final VaultConfig config;
  private final Vault vault;
  private final Clock clock;
  private final ProviderObserver observer;
  private boolean loggedIn;
  private boolean renewable;
  private long leaseSeconds;
  private Instant renewAt;
  private Instant expiresAt;
  private int logins;
  private int renewals;

  VaultSession(
      String storeId,
      VaultStoreConfig.Auth auth,
      VaultConfig config,
      Clock clock,
      ProviderObserver observer) {
    this.observer = observer;
    this.storeId = storeId;
    this.auth = auth;
    this.config = config;
    this.vault = Vault.create(config, 1);
    this.clock = clock;
  }

  /** Makes sure the configured token is usable for the next request. */
  synchronized void ensure() {
    if (!loggedIn) {
      login();
      return;
    }
    if (renewAt == null || clock.instant().isBefore(renewAt)) {
      return;
    }
    if (!(renewable && renew())) {
      login();
    }
  }

  /**
   * After a 403: the token may have been revoked or expired early. Logs in again and returns true
   * when a retry can help (never for a fixed token).
   */
  synchronized boolean relogin() {
    if (auth instanceof TokenAuth) {
      return false;
    }
    login();
    return true;
  }

  synchronized int logins() {
    return logins;
  }

  synchronized int renewals() {
    return renewals;
  }

  private void login() {
    if (auth instanceof TokenAuth t) {
      config.token(t.token().reveal());
      loggedIn = true;
      renewAt = null;
      return;
    }
    AuthResponse r;
    long start = System.nanoTime();
    try {
      if (auth instanceof KubernetesAuth k) {
        // Unlike loginByAppRole, this driver method wants the full path below /v1/.
        r = vault.auth().loginByKubernetes(k.role(), jwt(k), "auth/" + k.mountPath());
      } else {
        AppRoleAuth a = (AppRoleAuth) auth;
        r = vault.auth().loginByAppRole(a.mountPath(), a.roleId().reveal(), a.secretId().reveal());
      }
      report(observer, "login", Integer.toString(r.getRestResponse().getStatus()), start);
    } catch (VaultException e) {
      report(observer, "login", outcome(e), start);
      loggedIn = false;
      throw failure("login (" + method() + ")", e);
    }
    String token = r.getAuthClientToken();
    if (token == null || token.isEmpty()) {
      throw new PermanentException(
          Reasons.STORE_FAILED, storeId + ": Vault login (" + method() + ") returned no token");
    }
    config.token(token);
    loggedIn = true;
    logins++;
    accept(r.getAuthLeaseDuration(), r.isAuthRenewable());
    LOG.debug("{}: logged in to Vault ({}), lease {}s", storeId, method(), leaseSeconds);
  }

  /** True when the token was renewed or is still good; false when a new login is needed. */
  private boolean renew() {
    long wanted = leaseSeconds;
    long start = System.nanoTime();
    try {
      AuthResponse r = vault.auth().renewSelf(wanted);
      report(observer, "renew", Integer.toString(r.getRestResponse().getStatus()), start);
      long granted = r.getAuthLeaseDuration();
      if (granted < Math.max(1, wanted / 3)) {
        LOG.debug(
            "{}: renewal granted only {}s (max TTL near); logging in again", storeId, granted);
        return false;
      }
      renewals++;
      accept(granted, r.isAuthRenewable());
      LOG.debug("{}: renewed Vault token, lease {}s", storeId, granted);
      return true;
    } catch (VaultException e) {
      report(observer, "renew", outcome(e), start);
      int status = e.getHttpStatusCode();
      if (status >= 400 && status < 500) {
        LOG.debug("{}: Vault refused renewal ({}); logging in again", storeId, status);
        return false;
      }
      if (expiresAt != null && clock.instant().isBefore(expiresAt)) {
        return true; // Vault briefly unavailable: keep the still valid token, renew next time.
      }
      throw failure("token renewal", e);
    }
  }

  private void accept(long lease, boolean isRenewable) {
    Instant now = clock.instant();
    leaseSeconds = lease;
    renewable = isRenewable;
    if (lease <= 0) {
      renewAt = null; // e.g. a root token: never expires
      expiresAt = null;
    } else {
      renewAt = now.plus(Duration.ofSeconds(lease * 2 / 3));
      expiresAt = now.plus(Duration.ofSeconds(lease));
    }
  }

  private static String jwt(KubernetesAuth k) {
    return k.jwt().token().reveal();
  }

  private String method() {
    if (auth instanceof KubernetesAuth k) {
      return "kubernetes at auth/"
          + k.mountPath()
          + ", role "
          + k.role()
          + ", "
          + k.jwt().describe();
    }
    return auth instanceof AppRoleAuth a ? "approle at auth/" + a.mountPath() : "token";
  }

  private RuntimeException failure(String op, VaultException e) {
    int status = e.getHttpStatusCode();
    return status > 0
        ? VaultErrors.forStatus(storeId, op, status)
        : VaultErrors.unreachable(storeId, op, e);
  }

  /** One Vault request for the metrics: operation, HTTP status or {@code io-error}, latency. */
  static void report(ProviderObserver observer, String operation, String outcome, long start) {
    observer.request("vault", operation, outcome, Duration.ofNanos(System.nanoTime() - start));
  }

  private static String outcome(VaultException e) {
    return e.getHttpStatusCode() > 0 ? Integer.toString(e.getHttpStatusCode()) : "io-error";
  }
}
