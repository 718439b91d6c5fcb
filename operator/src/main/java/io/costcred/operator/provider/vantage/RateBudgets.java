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
}
