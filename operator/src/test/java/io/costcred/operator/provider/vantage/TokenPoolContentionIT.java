package io.costcred.operator.provider.vantage;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.testing.RealCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

/**
 * Concurrent rotations of CostCredentials sharing one pool Secret on a real kube-apiserver (real
 * resourceVersion conflicts): no token is ever given to two of them.
 */
class TokenPoolContentionIT {
  @Test
  void concurrentRotationsOnOnePoolNeverShareAToken() throws Exception {
    try (KubernetesClient client = RealCluster.client()) {
      String ns = RealCluster.freshNamespace(client, "pool-race");
      try {
        PoolContention.Outcome o = PoolContention.run(client, ns, 200, 2);
        TokenPoolTest.report("real-apiserver", o);
        assertThat(o.all()).hasSize(200);
        assertThat(o.duplicates()).isZero();
        assertThat(o.lostRaces()).as("the takers really raced").isPositive();
      } finally {
        client.namespaces().withName(ns).delete();
      }
    }
  }
}
