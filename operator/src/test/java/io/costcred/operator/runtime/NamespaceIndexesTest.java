package io.costcred.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NamespaceIndexesTest {
  private KubernetesClient client;

  /** Shaped like JOSDK's InformerWrapper: the informer in a private field. */
  private static final class Wrapper {
    @SuppressWarnings("unused")
    private final SharedIndexInformer<Secret> informer;

    Wrapper(SharedIndexInformer<Secret> informer) {
      this.informer = informer;
    }
  }

  @BeforeEach
  void client() {
    // never started: no request leaves the test
    client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:9").build())
            .build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void theNamespaceIndexGoesAndEveryOtherIndexStays() {
    SharedIndexInformer<Secret> informer = client.secrets().inNamespace("a").runnableInformer(0);
    Function<Secret, List<String>> byType = s -> List.of(String.valueOf(s.getType()));
    informer.addIndexers(Map.of("by-type", byType));
    assertThat(informer.getIndexer().getIndexers()).containsKeys(Cache.NAMESPACE_INDEX, "by-type");

    SharedIndexInformer<?> found = NamespaceIndexes.informerOf(new Wrapper(informer)).orElseThrow();

    assertThat(found).isSameAs(informer);
    assertThat(NamespaceIndexes.drop(found)).isTrue();
    assertThat(informer.getIndexer().getIndexers()).containsOnlyKeys("by-type");
    assertThat(NamespaceIndexes.drop(found)).as("already gone").isFalse();
  }

  @Test
  void aWrapperWithoutAnInformerFieldIsLeftAlone() {
    assertThat(NamespaceIndexes.informerOf(new Object())).isEmpty();
    assertThat(NamespaceIndexes.informerOf("a string")).isEmpty();
  }
}
