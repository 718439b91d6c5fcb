package io.costcred.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.costcred.e2e.support.Cr;
import io.costcred.e2e.support.E2eEnv;
import io.costcred.operator.api.v1alpha1.Annotations;
import io.costcred.testsupport.OperatorProcess;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A tenant's free text cannot blind the operator's informers. Annotation values are any UTF-8 a
 * tenant writes; here ~40 KB of 2-, 3- and 4-byte characters on objects of five kinds the operator
 * watches (the CostCredential, its pool Secret, a Deployment whose pod template carries the text on
 * to its ReplicaSet and Pod, a bare Pod), written after the informers' first lists, so they reach
 * the operator as watch events only. The operator must still see each of them: it names the new
 * Deployment and bare Pod that read the store Secret and carries out the rotation requested in the
 * same change as the text.
 *
 * <p>fabric8's streaming-GET watches ({@code onlyHttpWatches}, the transport that would share one
 * HTTP/2 connection) decode each chunk with {@code UTF_8.decode(..).array()}, which appends NUL
 * characters after multi-byte text and splits characters at chunk edges: a client with one such
 * watch and a ConfigMap carrying this text closes the watch with "Unexpected exception processing
 * watch event". The operator's jar built with that transport fails this test sooner: it never
 * reports ready (decision D57). The operator's WebSocket watches decode whole messages.
 */
class HostileTextIT {
  private static final String KEY = "tenant.example.com/note";
  private static final String TEXT = text();

  @Test
  void multiByteTextOnEveryWatchedKindIsReadAndActedOn() throws Exception {
    try (E2eEnv env = E2eEnv.create("hostile-text")) {
      List<String> tokens = List.of(env.issue("t1"), env.issue("t2"), env.issue("t3"));
      env.consumers(null);
      env.pool(tokens);
      env.credential(spec -> {}, Map.of());
      OperatorProcess op = env.startOperator("op-" + Long.toString(System.nanoTime(), 36), null);
      env.await("health endpoint ready", Duration.ofSeconds(60), op::ready);
      env.awaitCr(
          "initial rotation", Duration.ofSeconds(120), c -> c.revision() == 1 && !c.rotating());

      // From here on every change reaches the operator through its watches.
      env.admin
          .secrets()
          .inNamespace(env.namespace)
          .withName(E2eEnv.POOL)
          .edit(
              s ->
                  new SecretBuilder(s)
                      .editMetadata()
                      .addToAnnotations(KEY, TEXT)
                      .endMetadata()
                      .build());
      ConsumerCutOverIT.reporter(env, "reporter", Map.of(KEY, TEXT));
      ConsumerCutOverIT.barePod(env, "debug-shell", Map.of(KEY, TEXT));
      env.annotate(KEY, TEXT);
      env.annotate(Annotations.ROTATE, "after-the-text");

      Cr done =
          env.awaitCr(
              "the requested rotation, with the new readers named",
              Duration.ofSeconds(120),
              c ->
                  c.revision() == 2
                      && !c.rotating()
                      && ConsumerCutOverIT.unlisted(c)
                          .containsAll(List.of("Deployment reporter", "Pod debug-shell")));
      assertThat(env.cr().json().at("/metadata/annotations").path(KEY).asText()).isEqualTo(TEXT);
      assertThat(done.conditionStatus("Ready")).isEqualTo("True");
      assertThat(op.output())
          .as("the operator's log, both streams")
          .contains("rotation started")
          .doesNotContain("Unexpected exception processing watch event");
      env.assertNoLeaks();
    }
  }

  /** ~40 KB of UTF-8: 2-, 3- and 4-byte characters (a surrogate pair in Java), no ASCII between. */
  private static String text() {
    StringBuilder b = new StringBuilder();
    while (b.toString().getBytes(StandardCharsets.UTF_8).length < 40_000) {
      b.append("é€😀ß中");
    }
    return b.toString();
  }
}
