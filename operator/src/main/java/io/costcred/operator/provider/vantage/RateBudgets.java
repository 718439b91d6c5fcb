package io.costcred.operator.provider.vantage;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link RateBudget} per Vantage base URL and account, shared across CostCredentials. */
public final class RateBudgets {
  private final Clock clock;
  private final int hourlyLimit;
  private final Map<String, RateBudget> budgets = new ConcurrentHashMap<>();

  public RateBudgets(Clock clock, int hourlyLimit) {
    this.clock = clock;
    this.hourlyLimit = hourlyLimit;
  }

  public RateBudget forAccount(String baseUrl, String account) {
    String key = baseUrl + "|" + (account == null ? "" : account);
    return budgets.computeIfAbsent(key, k -> new RateBudget(clock, hourlyLimit));
  }
}
