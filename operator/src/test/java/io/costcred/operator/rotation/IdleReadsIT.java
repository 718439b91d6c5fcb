package io.costcred.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.Reasons;
import io.costcred.operator.testing.Harness;
import io.costcred.operator.testing.RealCluster;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * D46 on a real kube-apiserver: with a Secret informer, an idle re-verification sends no Secret GET
 * (counted by a fabric8 interceptor on the engine's client), and a tenant's edit of the store
 * Secret is still read and repaired.
 */
class IdleReadsIT {
  @RegisterExtension static final RealCluster.Admin cluster = new RealCluster.Admin();
  private IdleReads r;

  @BeforeEach
  void setUp() throws Exception {
    r = new IdleReads(RealCluster.harness(cluster.admin(), "idle-reads"), cluster.admin(), true);
  }

  @AfterEach
  void tearDown() {
    r.close(); // deletes the namespace
  }

  @Test
  void anIdleReverificationSendsNoSecretGetAndATenantsEditIsRepaired() {
    r.reverify(); // learns the store the rotation wrote
    assertThat(r.reverify()).as("idle").isEmpty();

    String current = r.s.servedToken();
    cluster
        .admin()
        .secrets()
        .inNamespace(r.h.namespace)
        .withName(Scenario.NAME)
        .edit(x -> new SecretBuilder(x).addToData("token", Harness.b64("vntg_tkn_forged")).build());
    List<String> gets = r.reverify();

    assertThat(gets)
        .as("the store only, read to find the drift and to rewrite it: %s", gets)
        .isNotEmpty()
        .allMatch(g -> g.endsWith("/secrets/" + Scenario.NAME));
    assertThat(r.s.servedToken()).isEqualTo(current);
    assertThat(r.h.events.events.stream().filter(e -> e.reason().equals(Reasons.STORE_DRIFT)))
        .hasSize(1);
    r.reverify(); // the repair's write is learnt once
    assertThat(r.reverify()).as("idle again").isEmpty();
  }
}
