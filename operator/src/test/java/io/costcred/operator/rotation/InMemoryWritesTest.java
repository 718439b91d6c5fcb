package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.rotation.fakes.FakeProvider;
import io.costcred.operator.rotation.fakes.FakeWorld;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The writes of a first rotation on the in-memory fakes, minting and pool: status writes by step,
 * ledger writes, store writes and restarts by the side effect they follow (see {@link
 * ApiWritesTest} for the same on the API server, decision D47).
 */
class InMemoryWritesTest {
  @Test
  void firstRotationMinted() {
    FakeWorld w = new FakeWorld(FakeProvider.minting());
    List<String> log = new ArrayList<>();
    w.settle(w.engine(hook(w, log)));
    // Before D47: status intent, obtained, verified, restarted, reconciled, completed.
    assertThat(log)
        .containsExactly(
            "status:intent",
            "provider:obtain.fake.makeRoom",
            "provider:obtain.fake.deleteOrphans",
            "provider:obtain",
            "ledger:writePending",
            "status:verified",
            "store:memory/a",
            "store:memory/b",
            "patch:app",
            "status:restarted",
            "ledger:promote",
            "status:completed");
  }

  @Test
  void firstRotationFromThePool() {
    FakeWorld w = new FakeWorld(FakeProvider.pool(4));
    List<String> log = new ArrayList<>();
    w.settle(w.engine(hook(w, log)));
    assertThat(log)
        .containsExactly(
            "status:intent",
            "ledger:writePending",
            "pool:consume",
            "status:verified",
            "store:memory/a",
            "store:memory/b",
            "patch:app",
            "status:restarted",
            "ledger:promote",
            "status:completed");
  }

  /** Names each write at the point that follows it (status) or precedes it (the others). */
  private static StepHook hook(FakeWorld w, List<String> log) {
    int[] writes = {w.statuses.writes()};
    boolean minting = w.provider.capabilities().mints();
    return step -> {
      if (w.statuses.writes() > writes[0]) {
        writes[0] = w.statuses.writes();
        log.add("status:" + step.substring(step.indexOf(':') + 1));
      }
      String effect = step.startsWith("before:") ? step.substring("before:".length()) : null;
      if (effect == null) {
        return;
      }
      if (effect.startsWith("ledger.")) {
        log.add("ledger:" + effect.substring("ledger.".length()));
      } else if (effect.startsWith("publish:")) {
        log.add("store:" + effect.substring("publish:".length()));
      } else if (effect.startsWith("restart:")) {
        log.add("patch:" + effect.substring("restart:".length()));
      } else if (effect.equals("provider.consume")) {
        if (!minting) {
          log.add("pool:consume");
        }
      } else if (minting && effect.startsWith("obtain")) {
        log.add("provider:" + effect);
      }
    };
  }
}
