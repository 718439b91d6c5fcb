package io.costcred.operator.consumers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every way a pod spec reads a Secret, and the ways that are not reads. */
class SecretReadsTest {
  private static PodSpec spec(String yaml) {
    return Serialization.unmarshal(yaml, PodSpec.class);
  }

  @Test
  void envSecretKeyRefAndEnvFromSecretRefAreEnv() {
    var reads =
        SecretReads.of(
            spec(
                """
                containers:
                  - name: app
                    env:
                      - name: TOKEN
                        valueFrom: {secretKeyRef: {name: token, key: token}}
                      - name: PLAIN
                        value: x
                      - name: FROM_CM
                        valueFrom: {configMapKeyRef: {name: cm, key: k}}
                    envFrom:
                      - secretRef: {name: aws}
                      - configMapRef: {name: cm}
                """));
    assertThat(reads).isEqualTo(Map.of("token", Set.of(Access.Env), "aws", Set.of(Access.Env)));
  }

  @Test
  void secretVolumeMountedWholeIsVolumeWithSubPathOrSubPathExprIsSubPath() {
    var reads =
        SecretReads.of(
            spec(
                """
                volumes:
                  - {name: whole, secret: {secretName: a}}
                  - {name: part, secret: {secretName: b}}
                  - {name: expr, secret: {secretName: c}}
                containers:
                  - name: app
                    volumeMounts:
                      - {name: whole, mountPath: /a}
                      - {name: part, mountPath: /b/token, subPath: token}
                      - {name: expr, mountPath: /c, subPathExpr: $(POD)}
                """));
    assertThat(reads)
        .isEqualTo(
            Map.of(
                "a", Set.of(Access.Volume),
                "b", Set.of(Access.SubPath),
                "c", Set.of(Access.SubPath)));
  }

  @Test
  void projectedSecretSourcesAreReadAsTheirVolumeIsMounted() {
    var reads =
        SecretReads.of(
            spec(
                """
                volumes:
                  - name: bundle
                    projected:
                      sources:
                        - secret: {name: a}
                        - configMap: {name: cm}
                        - serviceAccountToken: {path: token}
                        - secret: {name: b}
                containers:
                  - name: app
                    volumeMounts: [{name: bundle, mountPath: /etc/bundle}]
                  - name: sidecar
                    volumeMounts: [{name: bundle, mountPath: /x, subPath: a}]
                """));
    assertThat(reads)
        .isEqualTo(
            Map.of(
                "a", Set.of(Access.Volume, Access.SubPath),
                "b", Set.of(Access.Volume, Access.SubPath)));
  }

  @Test
  void initAndEphemeralContainersCount() {
    var reads =
        SecretReads.of(
            spec(
                """
                volumes:
                  - {name: v, secret: {secretName: mounted}}
                containers:
                  - {name: app}
                initContainers:
                  - name: init
                    envFrom: [{secretRef: {name: init-env}}]
                ephemeralContainers:
                  - name: debug
                    env:
                      - name: X
                        valueFrom: {secretKeyRef: {name: debug-env, key: k}}
                    volumeMounts: [{name: v, mountPath: /v, subPath: k}]
                """));
    assertThat(reads)
        .isEqualTo(
            Map.of(
                "init-env", Set.of(Access.Env),
                "debug-env", Set.of(Access.Env),
                "mounted", Set.of(Access.SubPath)));
  }

  @Test
  void oneSecretReadSeveralWaysCollectsEveryWay() {
    var reads =
        SecretReads.of(
            spec(
                """
                volumes:
                  - {name: v, secret: {secretName: s}}
                containers:
                  - name: app
                    envFrom: [{secretRef: {name: s}}]
                    volumeMounts:
                      - {name: v, mountPath: /v}
                      - {name: v, mountPath: /w/k, subPath: k}
                """));
    assertThat(reads).isEqualTo(Map.of("s", Set.of(Access.Env, Access.Volume, Access.SubPath)));
  }

  @Test
  void anUnmountedVolumeAndEmptyNamesReadNothing() {
    assertThat(
            SecretReads.of(
                spec(
                    """
                    volumes:
                      - {name: unused, secret: {secretName: a}}
                      - {name: nameless, secret: {}}
                      - {name: cm, configMap: {name: cm}}
                    containers:
                      - name: app
                        env:
                          - name: X
                            valueFrom: {secretKeyRef: {key: k}}
                        envFrom: [{secretRef: {}}]
                        volumeMounts:
                          - {name: nameless, mountPath: /n}
                          - {name: cm, mountPath: /cm}
                    """)))
        .isEmpty();
    assertThat(SecretReads.of(null)).isEmpty();
    assertThat(SecretReads.of(new PodSpec())).isEmpty();
  }

  @Test
  void equalAccessSetsAreOneSharedInstance() {
    var a = SecretReads.of(spec("containers: [{name: a, envFrom: [{secretRef: {name: x}}]}]"));
    var b = SecretReads.of(spec("containers: [{name: b, envFrom: [{secretRef: {name: y}}]}]"));
    assertThat(a.get("x")).isSameAs(b.get("y"));
    assertThat(SecretReads.canonical(Set.of(Access.Env))).isSameAs(a.get("x"));
    assertThat(SecretReads.canonical(Set.of())).isEmpty();
  }
}
