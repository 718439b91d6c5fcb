package io.costcred.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.costcred.operator.api.v1alpha1.CostCredential;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The client's reader shares the strings of CostCredentials and conditions (one instance per
 * value), keeps their content, and leaves every other kind alone.
 */
class SharedStringsTest {
  private static final KubernetesSerialization CLIENT = Main.withoutManagedFields();
  private static final KubernetesSerialization PLAIN = new KubernetesSerialization();

  /** A credential after its first rotation, as the API server sends it. */
  private static String credential(int i) {
    return """
        {"apiVersion":"costcred.io/v1alpha1","kind":"CostCredential",
         "metadata":{"name":"cc-%1$05d","namespace":"team-a","uid":"uid-%1$d",
           "resourceVersion":"%3$d","finalizers":["costcred.io/finalizer"]},
         "spec":{"provider":{"vantage":{"tokenPool":{"name":"cc-%1$05d-pool"}}},
           "rotation":{"preset":"production"},
           "stores":[{"kubernetesSecret":{"name":"cc-%1$05d"}}]},
         "status":{"provider":"vantage","revision":1,
           "currentToken":{"id":"t1","fingerprint":"%2$s","rotationId":"uid-%1$d-r1",
             "obtainedAt":"2026-12-04T00:37:32Z","verifiedAt":"2026-12-04T00:37:32Z"},
           "stores":[{"store":"kubernetesSecret/cc-%1$05d","fingerprint":"%2$s","version":"%3$d",
             "publishedAt":"2026-12-04T00:37:32Z"}],
           "lastRotationTime":"2026-12-04T00:37:32Z",
           "conditions":[
             {"type":"Ready","status":"True","reason":"CredentialCurrent",
              "message":"token t1 served by 1 store(s)","lastTransitionTime":"2026-12-04T00:37:32Z"},
             {"type":"Rotating","status":"False","reason":"Idle",
              "message":"no rotation in progress","lastTransitionTime":"2026-12-04T00:37:32Z"},
             {"type":"Degraded","status":"False","reason":"AsExpected","message":"",
              "lastTransitionTime":"2026-12-04T00:37:32Z"}]}}
        """
        .formatted(i, "%032x".formatted(i), 1000 + i);
  }

  @Test
  void theContentIsTheSame() {
    String json = credential(7);
    JsonNode shared =
        CLIENT.convertValue(CLIENT.unmarshal(json, CostCredential.class), JsonNode.class);
    JsonNode plain =
        PLAIN.convertValue(PLAIN.unmarshal(json, CostCredential.class), JsonNode.class);
    assertThat(shared).isEqualTo(plain);
  }

  @Test
  void conditionAndStatusStringsAreTheCanonicalInstances() {
    CostCredential cr = CLIENT.unmarshal(credential(1), CostCredential.class);
    Condition ready = cr.getStatus().getConditions().get(0);
    // string literals are canonical instances: an interned value is the very same object
    assertThat(ready.getReason()).isSameAs("CredentialCurrent");
    assertThat(ready.getMessage()).isSameAs("token t1 served by 1 store(s)");
    assertThat(ready.getLastTransitionTime()).isSameAs("2026-12-04T00:37:32Z");
    assertThat(cr.getStatus().getProvider()).isSameAs("vantage");
    assertThat(cr.getStatus().getCurrentToken().getFingerprint())
        .isSameAs(cr.getStatus().getStores().get(0).getFingerprint());
  }

  @Test
  void aSecretsDataAndObjectMetadataAreNotInterned() {
    Secret s =
        CLIENT.unmarshal(
            """
            {"apiVersion":"v1","kind":"Secret",
             "metadata":{"name":"probe-name","namespace":"probe-namespace"},
             "stringData":{"token":"vntg_tkn_probe_value"}}
            """,
            Secret.class);
    assertThat(s.getStringData().get("token")).isEqualTo("vntg_tkn_probe_value");
    assertThat(s.getStringData().get("token")).isNotSameAs("vntg_tkn_probe_value");
    assertThat(s.getMetadata().getName()).isNotSameAs("probe-name");
    assertThat(SharedStrings.shared(Secret.class)).isFalse();
  }

  @Test
  void emptyUnknownPropertyMapsAreSharedAndNamespacesAndFinalizersInterned() {
    CostCredential cr = CLIENT.unmarshal(credential(3), CostCredential.class);
    CostCredential other = CLIENT.unmarshal(credential(4), CostCredential.class);
    assertThat(cr.getMetadata().getAdditionalProperties())
        .isSameAs(other.getMetadata().getAdditionalProperties())
        .isSameAs(java.util.Map.of());
    assertThat(cr.getStatus().getConditions())
        .allSatisfy(c -> assertThat(c.getAdditionalProperties()).isSameAs(java.util.Map.of()));
    assertThat(cr.getMetadata().getNamespace()).isSameAs("team-a");
    assertThat(cr.getMetadata().getFinalizers().get(0)).isSameAs("costcred.io/finalizer");
    assertThat(cr.getMetadata().getName()).isNotSameAs("cc-00003");
    // without the module each object has a map of its own
    CostCredential plain = PLAIN.unmarshal(credential(3), CostCredential.class);
    assertThat(plain.getMetadata().getAdditionalProperties())
        .isNotSameAs(
            PLAIN
                .unmarshal(credential(4), CostCredential.class)
                .getMetadata()
                .getAdditionalProperties());
  }

  @Test
  void listsAreReadTrimmedToTheirSizeAndStayMutable() throws Exception {
    CostCredential cr = CLIENT.unmarshal(credential(5), CostCredential.class);
    List<String> finalizers = cr.getMetadata().getFinalizers();
    assertThat(finalizers).isInstanceOf(ArrayList.class).containsExactly("costcred.io/finalizer");
    assertThat(capacity(finalizers)).isEqualTo(1);
    assertThat(capacity(cr.getStatus().getConditions())).isEqualTo(3);
    assertThat(capacity(cr.getSpec().getStores())).isEqualTo(1);
    // Jackson's own lists keep room for ten
    CostCredential plain = PLAIN.unmarshal(credential(5), CostCredential.class);
    assertThat(capacity(plain.getMetadata().getFinalizers())).isEqualTo(10);
    finalizers.add("another");
    assertThat(finalizers).hasSize(2);
  }

  /** The length of an ArrayList's backing array (the tests open java.util, see the pom). */
  private static int capacity(List<?> list) throws Exception {
    var field = ArrayList.class.getDeclaredField("elementData");
    field.setAccessible(true);
    return ((Object[]) field.get(list)).length;
  }

  @Test
  void unknownPropertiesAreKeptAndLabelsAndAnnotationsStayMutable() {
    Secret s =
        CLIENT.unmarshal(
            """
            {"apiVersion":"v1","kind":"Secret",
             "metadata":{"name":"n","namespace":"ns","futureField":"kept"},
             "data":{"k":"dg=="}}
            """,
            Secret.class);
    assertThat(s.getMetadata().getAdditionalProperties()).containsEntry("futureField", "kept");
    s.getMetadata().getAnnotations().put("a", "b");
    s.getMetadata().getLabels().put("l", "v");
    s.getMetadata().getFinalizers().add("f");
    assertThat(s.getMetadata().getAnnotations()).containsEntry("a", "b");
    Condition c =
        CLIENT.unmarshal("{\"type\":\"Ready\",\"status\":\"True\",\"extra\":1}", Condition.class);
    assertThat(c.getAdditionalProperties()).containsEntry("extra", 1);
  }

  @Test
  void aThousandCredentialsHoldOnlyTheirDistinctStrings() {
    List<CostCredential> shared = new ArrayList<>();
    List<CostCredential> plain = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      shared.add(CLIENT.unmarshal(credential(i), CostCredential.class));
      plain.add(PLAIN.unmarshal(credential(i), CostCredential.class));
    }
    int before = instances(plain);
    int after = instances(shared);
    // per credential its 6 own values stay (pool, store name, rotation id, fingerprint, store key
    // and version); the 20 values every credential shares are one instance each
    assertThat(before).isGreaterThan(25 * 1000);
    assertThat(after).isLessThan(6 * 1000 + 40);
  }

  /** Distinct String instances (by identity) in the interned classes' fields. */
  private static int instances(List<CostCredential> credentials) {
    Set<String> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (CostCredential c : credentials) {
      var spec = c.getSpec();
      add(seen, spec.getProvider().getVantage().getTokenPool().getName());
      spec.getStores().forEach(s -> add(seen, s.getKubernetesSecret().getName()));
      var st = c.getStatus();
      add(seen, st.getProvider(), st.getLastRotationTime());
      var t = st.getCurrentToken();
      add(seen, t.getId(), t.getFingerprint(), t.getRotationId(), t.getObtainedAt());
      add(seen, t.getVerifiedAt());
      st.getStores()
          .forEach(
              s -> add(seen, s.getStore(), s.getFingerprint(), s.getVersion(), s.getPublishedAt()));
      st.getConditions()
          .forEach(
              k ->
                  add(
                      seen,
                      k.getType(),
                      k.getStatus(),
                      k.getReason(),
                      k.getMessage(),
                      k.getLastTransitionTime()));
    }
    return seen.size();
  }

  private static void add(Set<String> seen, String... values) {
    for (String v : values) {
      if (v != null) {
        seen.add(v);
      }
    }
  }
}
