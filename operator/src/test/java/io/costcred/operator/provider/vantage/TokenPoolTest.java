package io.costcred.operator.provider.vantage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costcred.operator.api.v1alpha1.TokenFormat;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.Fingerprinter;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.provider.PoolEntryTakenException;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Taking a token out of a shared pool: a compare-and-swap on the pool Secret; a key that vanished
 * was taken by someone else, never success; a retry of one's own take is. Contention between two
 * CostCredentials on the fabric8 mock server (fast); {@code TokenPoolContentionIT} repeats it on a
 * real kube-apiserver.
 */
@EnableKubernetesMockClient(crud = true)
class TokenPoolTest {
  static KubernetesClient client;
  private final Fingerprinter fingerprints = new Fingerprinter(new byte[32]);
  private String ns;

  @BeforeEach
  void namespace() {
    ns = "pool-" + System.nanoTime();
  }

  private void pool(Map<String, String> tokens) {
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("pool")
                .withNamespace(ns)
                .endMetadata()
                .withData(PoolContention.b64(tokens))
                .build())
        .create();
  }

  private TokenPool open(Set<String> used) {
    return new TokenPool(
        client, ns, "pool", List.of(TokenFormat.VantageApiToken), fingerprints, used);
  }

  @Test
  void aKeyTakenByAnotherCostCredentialIsNeverSuccess() {
    pool(Map.of("a", "vntg_tkn_aaa", "b", "vntg_tkn_bbb"));
    TokenPool mine = open(new HashSet<>());
    TokenPool theirs = open(new HashSet<>());
    TokenPool.Entry first = mine.scan().usable().get(0);
    assertThat(theirs.scan().usable().get(0)).isEqualTo(first); // both chose "a"
    theirs.take(first.key(), first.token(), "uid-b-r1");
    assertThatThrownBy(() -> mine.take(first.key(), first.token(), "uid-a-r1"))
        .isInstanceOf(PoolEntryTakenException.class)
        .hasMessageNotContaining("vntg_tkn_aaa");
    // The next look offers the other token only.
    assertThat(open(new HashSet<>()).scan().usable())
        .extracting(TokenPool.Entry::key)
        .containsExactly("b");
  }

  @Test
  void repeatingOnesOwnTakeIsDoneAndATokenPutBackIsNotOfferedAgain() {
    pool(Map.of("a", "vntg_tkn_aaa"));
    TokenPool.Entry a = open(new HashSet<>()).scan().usable().get(0);
    open(new HashSet<>()).take(a.key(), a.token(), "uid-a-r1");
    open(new HashSet<>()).take(a.key(), a.token(), "uid-a-r1"); // a retry after a crash
    assertThatThrownBy(() -> open(new HashSet<>()).take(a.key(), a.token(), "uid-b-r1"))
        .isInstanceOf(PoolEntryTakenException.class);
    // Someone puts the taken token back under another key: nobody gets it again.
    var s = client.secrets().inNamespace(ns).withName("pool").get();
    s.getData().put("z", PoolContention.b64(Map.of("z", "vntg_tkn_aaa")).get("z"));
    client.secrets().inNamespace(ns).resource(s).update();
    assertThat(open(new HashSet<>()).scan().usable()).isEmpty();
    String fp = fingerprints.of(Credential.token(SecretValue.of("vntg_tkn_aaa")));
    assertThat(
            client.secrets().inNamespace(ns).withName("pool").get().getMetadata().getAnnotations())
        .containsEntry(TokenPool.TAKEN, fp + "=uid-a-r1");
  }

  @Test
  void twoCostCredentialsRacingOnOnePoolNeverShareAToken() throws Exception {
    PoolContention.Outcome o = PoolContention.run(client, ns, 100, 2);
    report("mock", o);
    assertThat(o.all()).hasSize(100);
    assertThat(o.duplicates()).isZero();
    assertThat(o.tokensByTaker().values()).allSatisfy(l -> assertThat(l).isNotEmpty());
  }

  static void report(String where, PoolContention.Outcome o) throws java.io.IOException {
    String line =
        where
            + ": tokens="
            + o.tokens()
            + " taken="
            + o.all().size()
            + " byTaker="
            + o.tokensByTaker().values().stream().map(List::size).toList()
            + " lostRaces="
            + o.lostRaces()
            + " duplicates="
            + o.duplicates()
            + "\n";
    Files.writeString(
        Path.of("target/pool-contention.txt"),
        line,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }
}
