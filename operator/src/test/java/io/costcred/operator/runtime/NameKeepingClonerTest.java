package io.costcred.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.api.v1alpha1.CostCredentialStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class NameKeepingClonerTest {
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  /** A deep copy, except for the name and namespace: the same instances as the original's. */
  @Test
  void theCopyIsIndependentButSharesTheNameAndNamespace() {
    CostCredential cr = new CostCredential();
    cr.setMetadata(
        new ObjectMetaBuilder()
            .withName(new String("svc-00042"))
            .withNamespace(new String("team-a"))
            .withResourceVersion("7")
            .build());
    CostCredentialStatus status = new CostCredentialStatus();
    status.setPoolRemaining(3);
    cr.setStatus(status);

    CostCredential copy = new NameKeepingCloner(serialization).clone(cr);

    assertThat(copy).isNotSameAs(cr);
    assertThat(copy.getMetadata()).isNotSameAs(cr.getMetadata());
    assertThat(copy.getMetadata().getName()).isSameAs(cr.getMetadata().getName());
    assertThat(copy.getMetadata().getNamespace()).isSameAs(cr.getMetadata().getNamespace());
    assertThat(serialization.asJson(copy)).isEqualTo(serialization.asJson(cr));
    copy.getStatus().setPoolRemaining(0);
    copy.getMetadata().setResourceVersion("8");
    assertThat(cr.getStatus().getPoolRemaining()).isEqualTo(3);
    assertThat(cr.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(serialization.clone(cr).getMetadata().getName())
        .isNotSameAs(cr.getMetadata().getName());
  }
}
