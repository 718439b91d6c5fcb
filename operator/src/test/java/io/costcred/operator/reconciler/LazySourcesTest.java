package io.costcred.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costcred.operator.api.v1alpha1.CostCredential;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Lazy event sources: started once when wanted, kept wanted when the start fails. */
class LazySourcesTest {
  private final List<String> registered = new ArrayList<>();
  private final List<String> built = new ArrayList<>();
  private final List<String> started = new ArrayList<>();
  private final AtomicBoolean refuse = new AtomicBoolean();
  private final LazySources later = new LazySources();

  @SuppressWarnings("unchecked")
  private final EventSourceRetriever<CostCredential> retriever =
      (EventSourceRetriever<CostCredential>)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {EventSourceRetriever.class},
              (proxy, method, args) -> {
                if (method.getName().equals("dynamicallyRegisterEventSource")) {
                  if (refuse.get()) {
                    throw new IllegalStateException("forbidden: statefulsets");
                  }
                  registered.add(((EventSource<?, ?>) args[0]).name());
                  return args[0];
                }
                return null; // the context for dynamic registration: unused by these sources
              });

  private void add(String kind, String scope) {
    later.add(
        kind,
        scope,
        ctx -> {
          built.add(kind + "@" + scope);
          return new AbstractEventSource<Void, CostCredential>(Void.class, kind + "@" + scope) {
            @Override
            public Set<Void> getSecondaryResources(CostCredential primary) {
              return Set.of();
            }
          };
        },
        s -> started.add(s.name()));
  }

  @Test
  void startsOnlyWhatIsWantedAndEachSourceOnce() {
    add("StatefulSet", "team-a");
    add("StatefulSet", "team-b");
    add("Job", "team-a");
    assertThat(later.counts()).containsExactly(0, 3);
    assertThat(later.anyWanted()).isFalse();

    later.want("StatefulSet", "team-a");
    later.want("StatefulSet", "team-a");
    later.want("DaemonSet", "team-a"); // not lazy here: nothing to start
    later.startWanted(retriever);
    later.want("StatefulSet", "team-a"); // running: not wanted again
    later.startWanted(retriever);

    assertThat(registered).containsExactly("StatefulSet@team-a");
    assertThat(started).containsExactly("StatefulSet@team-a");
    assertThat(later.running("StatefulSet", "team-a")).isTrue();
    assertThat(later.running("StatefulSet", "team-b")).isFalse();
    assertThat(later.running("DaemonSet", "team-a")).isTrue(); // never lazy
    assertThat(later.counts()).containsExactly(1, 2);
    assertThat(later.anyWanted()).isFalse();
  }

  @Test
  void aSourceThatFailsToStartStaysWantedAndIsBuiltOnce() {
    add("Job", "team-a");
    later.want("Job", "team-a");
    refuse.set(true);
    assertThatThrownBy(() -> later.startWanted(retriever)).hasMessageContaining("forbidden");
    assertThat(later.anyWanted()).isTrue();
    assertThat(later.running("Job", "team-a")).isFalse();

    refuse.set(false);
    later.startWanted(retriever);
    assertThat(registered).containsExactly("Job@team-a");
    assertThat(built).containsExactly("Job@team-a");
    assertThat(later.running("Job", "team-a")).isTrue();
    assertThat(later.anyWanted()).isFalse();
  }
}
