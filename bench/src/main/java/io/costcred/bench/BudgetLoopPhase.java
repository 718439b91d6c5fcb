package io.costcred.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opt-in (--phases budgetloop): what the operator does when re-verification finds the shared
 * Vantage budget spent. 40 credentials re-verify every 30 s with an operator budget of 60 requests
 * per hour: after the 40 first rotations only 20 re-verifications fit, the other 20 credentials
 * have to wait for the budget. Measures reconciles and budget refusals per second.
 */
final class BudgetLoopPhase {
  private static final int CREDENTIALS = 40;
  private static final int BUDGET = 60;
  private final Ctx ctx;

  BudgetLoopPhase(Ctx ctx) {
    this.ctx = ctx;
  }

  Map<String, Object> run() throws Exception {
    Fixtures.Group g =
        new Fixtures.Group(
            "loop", CREDENTIALS, 1, 0, 2, false, "30s", false, Fixtures.PER_NAMESPACE);
    ctx.stopOperator();
    ctx.resetFakeBudget(ctx.options.scaleBudget); // only the operator's own budget is tight here
    ctx.fixtures.create(g);
    BenchOperator op =
        ctx.startOperator(
            new BenchOperator.Spec("budgetloop", BUDGET, 10, false, g.namespaces(), false));
    while (ctx.fixtures.countReady(g) < g.size()) {
      if (op.secondsSinceStart() > 180 || !op.alive()) {
        throw new IllegalStateException("budgetloop credentials did not become Ready");
      }
      Thread.sleep(1000);
    }
    Thread.sleep(45_000); // every credential is due again; the budget has 20 requests left
    PromText m0 = op.metrics(Ctx.OPERATOR_METRICS);
    double cpu0 = op.cpuSeconds();
    int fake0 = ctx.fake.requestCount();
    long t0 = System.nanoTime();
    Thread.sleep(60_000);
    double seconds = (System.nanoTime() - t0) / 1e9;
    PromText m1 = op.metrics(Ctx.OPERATOR_METRICS);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("credentials", CREDENTIALS);
    out.put("reverifyInterval", "30s");
    out.put("operatorHourlyBudget", BUDGET);
    out.put("windowSeconds", Stats.round(seconds, 1));
    out.put(
        "reconcilesPerSecond",
        Stats.round(
            (ScalePhase.Tracker.reconciled(m1) - ScalePhase.Tracker.reconciled(m0)) / seconds, 2));
    out.put(
        "budgetRefusalsPerSecond",
        Stats.round(
            (m1.sum("costcred_rate_limit_waits_total") - m0.sum("costcred_rate_limit_waits_total"))
                / seconds,
            2));
    out.put("vantageCallsInWindow", ctx.fake.requestCount() - fake0);
    out.put(
        "operatorCpuPercentOfOneCore", Stats.round(100 * (op.cpuSeconds() - cpu0) / seconds, 1));
    ctx.stopOperator();
    return out;
  }
}
