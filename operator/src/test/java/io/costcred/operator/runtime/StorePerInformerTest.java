package io.costcred.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.costcred.operator.reconciler.CredentialPacker;
import io.costcred.operator.reconciler.PackedCredentialStore;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.BaseConfigurationService;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StorePerInformerTest {
  private final List<ItemStore<CostCredential>> made = new ArrayList<>();
  private final CredentialPacker packer = new CredentialPacker(new KubernetesSerialization());

  @io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration(
      name = "per-informer",
      generationAwareEventProcessing = false,
      maxReconciliationInterval =
          @MaxReconciliationInterval(interval = 7, timeUnit = TimeUnit.MINUTES))
  static final class Probe implements Reconciler<CostCredential> {
    @Override
    public UpdateControl<CostCredential> reconcile(CostCredential r, Context<CostCredential> c) {
      return UpdateControl.noUpdate();
    }
  }

  private ControllerConfiguration<CostCredential> resolved() {
    var c =
        ControllerConfigurationOverrider.override(
            new BaseConfigurationService().getConfigurationFor(new Probe()));
    c.settingNamespaces(Set.of("team-a", "team-b"));
    c.withLabelSelector("costcred.io/shard=1");
    return c.build();
  }

  private ControllerConfiguration<CostCredential> perInformer(
      ControllerConfiguration<CostCredential> resolved) {
    return new StorePerInformer<>(
        resolved,
        () -> {
          var s = new PackedCredentialStore(packer);
          made.add(s);
          return s;
        });
  }

  @Test
  void everyInformerThatAsksForAStoreGetsOneOfItsOwn() {
    var config = perInformer(resolved());
    ItemStore<CostCredential> teamA = config.getInformerConfig().getItemStore();
    ItemStore<CostCredential> teamB = config.getInformerConfig().getItemStore();
    assertThat(teamA).isNotSameAs(teamB);
    assertThat(made).containsExactly(teamA, teamB);
  }

  @Test
  void keepsEveryOtherSettingOfTheResolvedConfiguration() {
    var resolved = resolved();
    var config = perInformer(resolved);
    assertThat(config.getName()).isEqualTo("per-informer");
    assertThat(config.getFinalizerName()).isEqualTo(resolved.getFinalizerName());
    assertThat(config.isGenerationAware()).isFalse();
    assertThat(config.maxReconciliationInterval()).isEqualTo(Optional.of(Duration.ofMinutes(7)));
    assertThat(config.getRetry()).isSameAs(resolved.getRetry());
    assertThat(config.getRateLimiter()).isSameAs(resolved.getRateLimiter());
    assertThat(config.getResourceClass()).isEqualTo(CostCredential.class);
    assertThat(config.getResourceTypeName()).isEqualTo(resolved.getResourceTypeName());
    assertThat(config.getEffectiveNamespaces()).containsExactlyInAnyOrder("team-a", "team-b");
    var informers = config.getInformerConfig();
    var original = resolved.getInformerConfig();
    assertThat(informers.getLabelSelector()).isEqualTo("costcred.io/shard=1");
    assertThat(informers.getName()).isEqualTo(original.getName());
    assertThat(informers.getOnAddFilter()).isSameAs(original.getOnAddFilter());
    assertThat(informers.getOnUpdateFilter()).isSameAs(original.getOnUpdateFilter());
    assertThat(informers.getGenericFilter()).isSameAs(original.getGenericFilter());
    assertThat(informers.getInformerListLimit()).isEqualTo(original.getInformerListLimit());
    assertThat(informers.getFollowControllerNamespaceChanges())
        .isEqualTo(original.getFollowControllerNamespaceChanges());
    assertThat(made).isEmpty();
  }
}
