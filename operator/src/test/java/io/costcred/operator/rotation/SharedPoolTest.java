package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.restart.PatchMode;
import io.costcred.operator.testing.Harness;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two CostCredentials on one pool, interleaved at the worst moment: the second chose the same token
 * as the first and is about to take it when the first takes it. The second forgets it (its ledger
 * drops it, nothing is revoked) and takes the next one in the same pass.
 */
@EnableKubernetesMockClient(crud = true)
class SharedPoolTest {
  static KubernetesClient client;
  private Harness h;
  private Scenario s;

  @BeforeEach
  void setUp() throws Exception {
    h = new Harness(client, "shared-" + System.nanoTime(), PatchMode.JSON_MERGE);
    s = new Scenario(h);
    h.apply(
        """
        apiVersion: costcred.io/v1alpha1
        kind: CostCredential
        metadata: {name: other}
        spec:
          provider:
            vantage:
              apiBaseUrl: "%s"
              tokenPool: {name: %s}
              tokenFormats: [VantageApiToken]
          stores:
            - kubernetesSecret: {name: other-out}
        """
            .formatted(h.vantage.baseUrl(), Scenario.POOL));
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  @Test
  void theLoserOfARaceForAPoolTokenTakesAnotherAndRevokesNothing() {
    RotationEngine other = h.engine(StepHook.NONE);
    AtomicBoolean raced = new AtomicBoolean();
    RotationEngine mine =
        h.engine(
            step -> {
              if (step.equals("before:provider.consume") && !raced.getAndSet(true)) {
                other.reconcile(h.get("other")); // takes 01-first, which mine also chose
              }
            });
    s.settle(mine);
    String theirs = h.secretValue("other-out", "token");
    assertThat(theirs).isEqualTo(s.first);
    assertThat(s.servedToken()).isEqualTo(s.second);
    assertThat(h.secretData(Scenario.POOL)).containsOnlyKeys("03-third");
    var st = s.cr().getStatus();
    assertThat(st.getCurrentToken().getId()).isEqualTo("02-second");
    assertThat(st.getPendingRevocations()).as("their token is not ours to revoke").isEmpty();
    assertThat(st.getConsumedTokens()).hasSize(1);
    assertThat(h.get("other").getStatus().getCurrentToken().getId()).isEqualTo("01-first");
  }
}
