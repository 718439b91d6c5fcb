package io.costcred.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged plugin ({@code bin/kubectl-costcred} running the shaded jar) against the real local
 * cluster, authenticated as ServiceAccounts with and without the proposed {@code
 * costcred-emergency-rotator} ClusterRole ({@code deploy/costcred-emergency-rotator.yaml}). The
 * operator does not run: status is written by hand through the status subresource.
 */
class KubectlPluginIT {
  static KubernetesClient admin;
  static String ns;
  static String role;
  static Path rotatorConfig;
  static Path nobodyConfig;
  static Path adminConfig;

  @TempDir static Path tmp;

  @BeforeAll
  static void cluster() throws Exception {
    admin = RealCluster.admin();
    adminConfig = RealCluster.kubeconfig();
    RealCluster.installCrd(admin);
    ns = RealCluster.freshNamespace(admin, "kubectl-plugin");
    // The proposed ClusterRole, exactly as shipped, under a name unique to this run.
    role = "costcred-emergency-rotator-" + ns;
    ClusterRole cr;
    try (InputStream in =
        Files.newInputStream(
            Launcher.pluginDir().resolve("deploy/costcred-emergency-rotator.yaml"))) {
      cr = admin.getKubernetesSerialization().unmarshal(in, ClusterRole.class);
    }
    cr.getMetadata().setName(role);
    admin.resource(cr).create();
    for (String sa : new String[] {"rotator", "nobody"}) {
      admin
          .serviceAccounts()
          .inNamespace(ns)
          .resource(
              new ServiceAccountBuilder().withNewMetadata().withName(sa).endMetadata().build())
          .create();
    }
    admin
        .rbac()
        .roleBindings()
        .inNamespace(ns)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("rotator")
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName(role)
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("rotator")
                .withNamespace(ns)
                .endSubject()
                .build())
        .create();
    rotatorConfig = RealCluster.kubeconfigFor(admin, ns, "rotator", tmp);
    nobodyConfig = RealCluster.kubeconfigFor(admin, ns, "nobody", tmp);
  }

  @AfterAll
  static void cleanUp() {
    if (admin != null) {
      if (ns != null) {
        admin.namespaces().withName(ns).delete();
      }
      if (role != null) {
        admin.rbac().clusterRoles().withName(role).delete();
      }
      admin.close();
    }
  }

  @Test
  void emergencyRotateAsTheRotatorRoleWritesOnlyTheStatusRequest() throws Exception {
    Fixtures.create(admin, ns, "emergency");
    Fixtures.richStatus(admin, ns, "emergency");
    CredentialView before = Fixtures.read(admin, ns, "emergency");

    var r =
        Launcher.run(
            "--kubeconfig",
            rotatorConfig.toString(),
            "rotate",
            "emergency",
            "--emergency",
            "--reason",
            "x",
            "--no-wait");

    assertThat(r.code()).as(r.toString()).isZero();
    CredentialView after = Fixtures.read(admin, ns, "emergency");
    var req = after.requestedRotation().orElseThrow();
    assertThat(UUID.fromString(req.id())).isNotNull();
    assertThat(req.emergency()).isTrue();
    assertThat(req.reason()).isEqualTo("x");
    assertThat(req.requestedBy()).isEqualTo("system:serviceaccount:" + ns + ":rotator");
    assertThat(Duration.between(Instant.parse(req.requestedAt()), Instant.now()).abs())
        .isLessThan(Duration.ofMinutes(2));
    assertThat(r.out()).contains(req.id(), "system:serviceaccount:" + ns + ":rotator");
    // Spec and metadata untouched: no new generation, nothing for GitOps to see.
    assertThat(after.generation()).isEqualTo(before.generation());
    assertThat(after.root().get("spec")).isEqualTo(before.root().get("spec"));
    assertThat(after.root().at("/metadata/labels")).isEqualTo(before.root().at("/metadata/labels"));
    assertThat(after.root().at("/metadata/annotations"))
        .isEqualTo(before.root().at("/metadata/annotations"));
    assertThat(after.resourceVersion()).isNotEqualTo(before.resourceVersion());
    // The rest of the status is kept (merge patch).
    assertThat(after.currentToken()).isEqualTo(before.currentToken());
    assertThat(after.conditions()).isEqualTo(before.conditions());
  }

  @Test
  void withoutTheRoleRotateExitsThreeAndNamesTheRole() throws Exception {
    Fixtures.create(admin, ns, "forbidden");
    var r =
        Launcher.run(
            "--kubeconfig",
            nobodyConfig.toString(),
            "rotate",
            "forbidden",
            "--emergency",
            "--reason",
            "x",
            "--no-wait");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(r.err())
        .contains("Forbidden")
        .contains("system:serviceaccount:" + ns + ":nobody")
        .contains("costcred-emergency-rotator");
    assertThat(Fixtures.read(admin, ns, "forbidden").requestedRotation()).isEmpty();
  }

  @Test
  void theRotatorRoleCannotTouchTheSpecOrReadThePool() throws Exception {
    Fixtures.create(admin, ns, "limited");
    Fixtures.richStatus(admin, ns, "limited");
    admin
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("finfocus-vantage-pool")
                .endMetadata()
                .withStringData(Map.of("2026-01-01", "vntg_tkn_poolvalue0123456789"))
                .build())
        .create();
    try (KubernetesClient rotator =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder()
            .withConfig(
                io.fabric8.kubernetes.client.Config.fromKubeconfig(null, rotatorConfig.toFile()))
            .build()) {
      var spec =
          rotator
              .genericKubernetesResources(Api.COSTCREDENTIALS)
              .inNamespace(ns)
              .withName("limited");
      assertThat(
              catchThrowableOfType(
                  KubernetesClientException.class,
                  () ->
                      spec.patch(
                          io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                              io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                          "{\"spec\":{\"deletionPolicy\":\"Delete\"}}")))
          .extracting(KubernetesClientException::getCode)
          .isEqualTo(403);
    }
    var pool = Launcher.run("--kubeconfig", rotatorConfig.toString(), "pool", "limited");
    assertThat(pool.code()).as(pool.toString()).isZero();
    assertThat(pool.out())
        .contains("2 (status.poolRemaining")
        .contains("not shown: you may not get Secret");
    var asAdmin = Launcher.run("--kubeconfig", adminConfig.toString(), "pool", "limited", "-n", ns);
    assertThat(asAdmin.code()).as(asAdmin.toString()).isZero();
    assertThat(asAdmin.out()).contains("2026-01-01").doesNotContain("vntg_tkn_poolvalue");
  }

  @Test
  void listDescribeAndVerifyShowAHandWrittenStatus() throws Exception {
    Fixtures.create(admin, ns, "shown");
    Fixtures.richStatus(admin, ns, "shown");
    Fixtures.create(admin, ns, "unready");
    String cfg = adminConfig.toString();

    var list = Launcher.run("--kubeconfig", cfg, "list", "-n", ns);
    assertThat(list.code()).as(list.toString()).isZero();
    assertThat(list.out().lines().findFirst().orElseThrow())
        .contains("NAMESPACE", "NAME", "READY", "PROVIDER", "TOKEN AGE", "NEXT ROTATION")
        .contains("PENDING REVOCATION", "POOL");
    String row = list.out().lines().filter(l -> l.contains(" shown ")).findFirst().orElseThrow();
    assertThat(ListDescribeMockTest.words(row))
        .startsWith(ns, "shown", "True", "vantage")
        .contains("2026-04-14T09:00:00Z", "(1", "manual)")
        .endsWith("2");

    var all = Launcher.run("--kubeconfig", cfg, "list", "-A", "-o", "json");
    JsonNode items = new ObjectMapper().readTree(all.out()).path("items");
    assertThat(items.findValuesAsText("name")).contains("shown", "unready");

    var describe = Launcher.run("--kubeconfig", cfg, "describe", "shown", "-n", ns);
    assertThat(describe.code()).as(describe.toString()).isZero();
    assertThat(describe.out())
        .contains("Fingerprint:", "9f2c4e1ab37d5c08e6f1a2b3c4d5e6f7")
        .contains("AwaitingManualRevocation", "INC-1234 token in CI log")
        .contains("History (newest first, last 10):");

    var yaml = Launcher.run("--kubeconfig", cfg, "describe", "shown", "-n", ns, "-o", "yaml");
    assertThat(yaml.out()).contains("currentToken:").doesNotContain("managedFields");

    assertThat(Launcher.run("--kubeconfig", cfg, "verify", "shown", "-n", ns).code()).isZero();
    var unready = Launcher.run("--kubeconfig", cfg, "verify", "unready", "-n", ns);
    assertThat(unready.code()).as(unready.toString()).isEqualTo(ExitCodes.CHECK_FAILED);
    assertThat(unready.out()).contains("NOT READY");
  }

  @Test
  void rotateFollowsAStandInOperatorToCompletion() throws Exception {
    Fixtures.create(admin, ns, "waited");
    Fixtures.richStatus(admin, ns, "waited");
    Thread operator =
        new Thread(
            () -> {
              try {
                String id = awaitOpenRequest("waited");
                Fixtures.status(
                    admin,
                    ns,
                    "waited",
                    "{\"status\":{\"handledStatusRequest\":\""
                        + id
                        + "\",\"rotation\":{\"id\":\"uid-r12\",\"trigger\":\"Manual\",\"phase\":\"Obtaining\"}}}");
                Thread.sleep(1500);
                Fixtures.status(
                    admin,
                    ns,
                    "waited",
                    "{\"status\":{\"rotation\":{\"phase\":\"AwaitingRollout\"}}}");
                Thread.sleep(1500);
                Fixtures.status(
                    admin, ns, "waited", "{\"status\":{\"rotation\":null,\"revision\":12}}");
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    operator.start();
    var r =
        Launcher.run(
            "--kubeconfig",
            adminConfig.toString(),
            "rotate",
            "waited",
            "-n",
            ns,
            "--timeout",
            "60s",
            "--poll-interval",
            "200ms");
    operator.join(30_000);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .containsSubsequence(
            "Rotation requested",
            "accepted: Manual rotation uid-r12",
            "phase Obtaining",
            "phase AwaitingRollout",
            "completed: revision 12");
  }

  @Test
  void aStaleResourceVersionInTheStatusPatchIsRefused() {
    Fixtures.create(admin, ns, "conflict");
    CredentialView v = Fixtures.read(admin, ns, "conflict");
    Fixtures.status(admin, ns, "conflict", "{\"status\":{\"poolRemaining\":3}}");
    // rotate puts the resourceVersion it read into its patch: a concurrent write makes it retry.
    String stale =
        "{\"metadata\":{\"resourceVersion\":\""
            + v.resourceVersion()
            + "\"},"
            + "\"status\":{\"requestedRotation\":{\"id\":\"late\"}}}";
    assertThat(
            catchThrowableOfType(
                KubernetesClientException.class,
                () -> new Api(admin).patchStatus(ns, "conflict", stale)))
        .extracting(KubernetesClientException::getCode)
        .isEqualTo(409);
  }

  @Test
  void theLauncherWorksFromTheKrewArchiveAndThroughASymlink() throws Exception {
    Path archive =
        Files.list(Launcher.pluginDir().resolve("target"))
            .filter(
                p ->
                    p.getFileName()
                        .toString()
                        .matches("kubectl-costcred-.*(?<!-linux-amd64)\\.tar\\.gz"))
            .findFirst()
            .orElseThrow();
    Path unpacked = Files.createDirectories(tmp.resolve("krew-store"));
    Process tar =
        new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", unpacked.toString())
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).isZero();
    Path bin = Files.createDirectories(tmp.resolve("krew-bin"));
    Path link =
        Files.createSymbolicLink(
            bin.resolve("kubectl-costcred"), unpacked.resolve("kubectl-costcred"));
    var version = Launcher.runScript(link, "--version");
    assertThat(version.code()).as(version.toString()).isZero();
    assertThat(version.out()).startsWith("kubectl-costcred ");

    Path lonely = Files.createDirectories(tmp.resolve("lonely"));
    Path copy = Files.copy(Launcher.script(), lonely.resolve("kubectl-costcred"));
    var missing = Launcher.runScript(copy, "--version");
    assertThat(missing.code()).isEqualTo(127);
    assertThat(missing.err()).contains("kubectl-costcred.jar not found");
  }

  @Test
  void rotateWithASelectorRequestsEveryMatchAndNothingElse() throws Exception {
    for (String name : new String[] {"sel-a", "sel-b", "sel-c"}) {
      Fixtures.create(admin, ns, name);
      admin
          .genericKubernetesResources(Api.COSTCREDENTIALS)
          .inNamespace(ns)
          .withName(name)
          .edit(
              r -> {
                r.getMetadata()
                    .setLabels(Map.of("rotate-test", name.equals("sel-c") ? "no" : "yes"));
                return r;
              });
    }
    var r =
        Launcher.run(
            "--kubeconfig",
            adminConfig.toString(),
            "-n",
            ns,
            "rotate",
            "-l",
            "rotate-test=yes",
            "--no-wait");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(Fixtures.read(admin, ns, "sel-a").requestedRotation()).isPresent();
    assertThat(Fixtures.read(admin, ns, "sel-b").requestedRotation()).isPresent();
    assertThat(Fixtures.read(admin, ns, "sel-c").requestedRotation()).isEmpty();
    // The rotator role has no list verb: a selector needs it, named credentials do not.
    var denied =
        Launcher.run(
            "--kubeconfig",
            rotatorConfig.toString(),
            "rotate",
            "-l",
            "rotate-test=no",
            "--no-wait");
    assertThat(denied.code()).as(denied.toString()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(denied.err()).contains("list costcredentials", "Forbidden");
    assertThat(Fixtures.read(admin, ns, "sel-c").requestedRotation()).isEmpty();
    var emergency =
        Launcher.run(
            "--kubeconfig",
            adminConfig.toString(),
            "-n",
            ns,
            "rotate",
            "-l",
            "rotate-test=no",
            "--emergency",
            "--reason",
            "INC-1",
            "--no-wait");
    assertThat(emergency.code()).as(emergency.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(Fixtures.read(admin, ns, "sel-c").requestedRotation()).isEmpty();
  }

  @Test
  void impersonationIsDecidedByTheApiServersRbac() throws Exception {
    Fixtures.create(admin, ns, "imp");
    String rotatorUser = "system:serviceaccount:" + ns + ":rotator";
    String nobodyUser = "system:serviceaccount:" + ns + ":nobody";
    // Admin acting as nobody: the server applies nobody's rights.
    var asNobody =
        Launcher.run(
            "--kubeconfig",
            adminConfig.toString(),
            "--as",
            nobodyUser,
            "-n",
            ns,
            "rotate",
            "imp",
            "--no-wait");
    assertThat(asNobody.code()).as(asNobody.toString()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(asNobody.err()).contains("Forbidden", nobodyUser);
    assertThat(Fixtures.read(admin, ns, "imp").requestedRotation()).isEmpty();
    // nobody may not impersonate anyone.
    var nobodyImpersonates =
        Launcher.run(
            "--kubeconfig",
            nobodyConfig.toString(),
            "--as",
            rotatorUser,
            "--as-group",
            "system:masters",
            "-n",
            ns,
            "describe",
            "imp");
    assertThat(nobodyImpersonates.code())
        .as(nobodyImpersonates.toString())
        .isEqualTo(ExitCodes.API_ERROR);
    assertThat(nobodyImpersonates.err()).contains("Forbidden").contains("impersonate");
    // Admin acting as the rotator: allowed, and the request names the impersonated user.
    var asRotator =
        Launcher.run(
            "--kubeconfig",
            adminConfig.toString(),
            "--as",
            rotatorUser,
            "-n",
            ns,
            "rotate",
            "imp",
            "--no-wait");
    assertThat(asRotator.code()).as(asRotator.toString()).isZero();
    assertThat(Fixtures.read(admin, ns, "imp").requestedRotation().orElseThrow().requestedBy())
        .isEqualTo(rotatorUser);
  }

  @Test
  void theCompletionHookListsCommandsFlagsAndNamesFromTheCluster() throws Exception {
    Fixtures.create(admin, ns, "complete-me");
    Path hook = Launcher.pluginDir().resolve("bin/kubectl_complete-costcred");
    assertThat(Files.isExecutable(hook)).isTrue();
    var commands = Launcher.runScript(hook, "");
    assertThat(commands.code()).as(commands.toString()).isZero();
    assertThat(commands.out().lines().toList())
        .contains("list", "describe", "rotate", "completion")
        .doesNotContain("__complete")
        .last()
        .isEqualTo(":4");
    var names =
        Launcher.runScript(
            hook, "--kubeconfig", adminConfig.toString(), "-n", ns, "describe", "complete-");
    assertThat(names.code()).as(names.toString()).isZero();
    assertThat(names.out().lines().toList()).containsExactly("complete-me", ":4");
    var flags = Launcher.runScript(hook, "rotate", "--em");
    assertThat(flags.out().lines().toList()).containsExactly("--emergency", ":4");
    var noCluster =
        Launcher.runScript(hook, "--kubeconfig", tmp.resolve("absent").toString(), "describe", "");
    assertThat(noCluster.code()).isZero();
    assertThat(noCluster.out().lines().toList()).containsExactly(":4");
  }

  private static String awaitOpenRequest(String name) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      var open = Fixtures.read(admin, ns, name).openRequest();
      if (open.isPresent()) {
        return open.get().id();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no request was written");
  }
}
