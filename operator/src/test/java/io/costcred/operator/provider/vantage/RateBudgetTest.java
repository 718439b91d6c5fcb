package io.costcred.operator.provider.vantage;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.provider.CallPriority;
import io.costcred.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Admission by priority: emergencies are never starved by rotations or background work. */
class RateBudgetTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T03:00:00Z"));
  private final RateBudget budget = new RateBudget(clock, 1000);

  private int admitted(CallPriority p, int attempts) {
    int n = 0;
    for (int i = 0; i < attempts; i++) {
      if (budget.tryAcquire(p).isEmpty()) {
        n++;
      }
    }
    return n;
  }

  @Test
  void backgroundWorkUsesAtMostHalfTheBudget() {
    assertThat(admitted(CallPriority.BACKGROUND, 2000)).isEqualTo(500);
    assertThat(admitted(CallPriority.ROTATION, 2000)).isEqualTo(450);
    assertThat(admitted(CallPriority.EMERGENCY, 2000)).isEqualTo(50);
    assertThat(budget.used()).isEqualTo(1000);
  }

  @Test
  void aBurstOfRotationsLeavesTheEmergencyReserve() {
    assertThat(budget.emergencyReserve()).isEqualTo(50);
    assertThat(admitted(CallPriority.ROTATION, 1000)).isEqualTo(950);
    assertThat(admitted(CallPriority.BACKGROUND, 10)).isZero();
    assertThat(admitted(CallPriority.EMERGENCY, 60)).isEqualTo(50);
  }

  @Test
  void theWaitHintIsWhenEnoughOfTheOldestCallsHaveAgedOut() {
    for (int i = 0; i < 500; i++) {
      clock.advance(Duration.ofSeconds(1));
      assertThat(budget.tryAcquire(CallPriority.BACKGROUND)).isEmpty();
    }
    // 500 background calls at t=1..500 s; the first leaves the window at 3601 s (+1 s margin).
    assertThat(budget.tryAcquire(CallPriority.BACKGROUND)).contains(Duration.ofSeconds(3102));
    clock.advance(Duration.ofSeconds(3100));
    assertThat(budget.tryAcquire(CallPriority.BACKGROUND)).contains(Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(2)); // the calls of t=1 and t=2 s have aged out
    assertThat(budget.tryAcquire(CallPriority.BACKGROUND)).isEmpty();
    assertThat(budget.used()).isEqualTo(499);
  }

  @Test
  void whatTheApiReportsAsRemainingIsSharedWithTheCostTools() {
    Instant reset = clock.instant().plus(Duration.ofMinutes(20));
    budget.observe(40, reset); // the cost tools spent the rest of the account's budget
    assertThat(budget.tryAcquire(CallPriority.BACKGROUND)).contains(Duration.ofMinutes(20));
    assertThat(budget.tryAcquire(CallPriority.ROTATION)).contains(Duration.ofMinutes(20));
    assertThat(admitted(CallPriority.EMERGENCY, 100)).isEqualTo(40);
    clock.advance(Duration.ofMinutes(21));
    assertThat(budget.tryAcquire(CallPriority.ROTATION)).isEmpty();
  }

  @Test
  void aTinyBudgetStillAdmitsEmergencies() {
    RateBudget one = new RateBudget(clock, 1);
    assertThat(one.tryAcquire(CallPriority.ROTATION)).isEmpty();
    assertThat(one.tryAcquire(CallPriority.EMERGENCY)).isPresent();
  }

  /**
   * A tenant chooses its base URL and nothing else that selects a budget: exhausting the budget of
   * namespace team-a leaves team-b's untouched, and the CostCredentials of one namespace share one.
   */
  @Test
  void budgetsAreKeyedByNamespaceWhichATenantCannotChoose() {
    RateBudgets budgets = new RateBudgets(clock, 100);
    String base = "https://api.vantage.sh";
    RateBudget a = budgets.forNamespace(base, "team-a");
    while (a.tryAcquire(CallPriority.EMERGENCY).isEmpty()) {
      // team-a spends everything
    }
    assertThat(budgets.forNamespace(base, "team-a").tryAcquire(CallPriority.EMERGENCY)).isPresent();
    RateBudget b = budgets.forNamespace(base, "team-b");
    assertThat(b).isNotSameAs(a);
    assertThat(b.tryAcquire(CallPriority.BACKGROUND)).isEmpty();
    assertThat(budgets.forNamespace("https://vantage.example", "team-a")).isNotSameAs(a);
  }
}
