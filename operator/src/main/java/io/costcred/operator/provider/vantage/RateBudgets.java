package io.costcred.operator.provider.vantage;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link RateBudget} per Vantage base URL and namespace, shared by the CostCredentials of that
 * namespace. Keyed by what a tenant cannot choose: a free-text key would let one tenant name
 * another's budget and exhaust it.
 */
public final class RateBudgets {
  private final Clock clock;
  private final int hourlyLimit;
  private final Map<String, RateBudget> budgets = new ConcurrentHashMap<>();

  public RateBudgets(Clock clock, int hourlyLimit) {
    this.clock = clock;
    this.hourlyLimit = hourlyLimit;
  }

  /** The budget of the CostCredentials of {@code namespace} calling {@code baseUrl}. */
  public RateBudget forNamespace(String baseUrl, String namespace) {
    String key = baseUrl + "|" + namespace;
    return budgets.computeIfAbsent(key, k -> new RateBudget(clock, hourlyLimit));
  }

  /**
   * Kept for callers until the {@code account} spec field is gone.
   *
   * @deprecated keyed by free text a tenant writes, so one tenant can name and exhaust another's
   *     budget; use {@link #forNamespace}
   */
  @Deprecated
  public RateBudget forAccount(String baseUrl, String account) {
    return forNamespace(baseUrl, "account:" + (account == null ? "" : account));
  }
}
