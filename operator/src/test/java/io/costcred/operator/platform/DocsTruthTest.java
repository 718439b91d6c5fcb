package io.costcred.operator.platform;

import static io.costcred.operator.platform.RenderedChart.ALL_FLAGS_ON;
import static io.costcred.operator.platform.RenderedChart.NAMESPACE;
import static io.costcred.operator.platform.RenderedChart.RELEASE;
import static io.costcred.operator.platform.RenderedChart.values;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.costcred.operator.api.v1alpha1.RevocationReason;
import io.costcred.operator.api.v1alpha1.TokenFormat;
import io.costcred.operator.core.Credential;
import io.costcred.operator.core.Fingerprinter;
import io.costcred.operator.core.SecretValue;
import io.costcred.operator.provider.vantage.TokenPool;
import io.costcred.testsupport.PeerProcess;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Statements in the docs that once disagreed with the code (issue 13, item 9), each checked against
 * the code, the Makefile or the rendered chart, so that a change on either side fails here. The
 * plugin's exit codes are checked in kubectl-plugin's ExitCodesDocTest.
 */
@EnableKubernetesMockClient(crud = true)
class DocsTruthTest {
  private static final Path ROOT = PeerProcess.repoRoot();
  private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

  static KubernetesClient client;

  private static String read(String relative) throws IOException {
    return Files.readString(ROOT.resolve(relative));
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
    assertThat(m.find()).as("no match for " + regex).isTrue();
    return m.group(1);
  }

  /** README: "`make help` lists every target". Every .PHONY target has a line in the help. */
  @Test
  void makeHelpListsEveryTarget() throws Exception {
    Set<String> phony = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^\\.PHONY:\\s*(.+)$").matcher(read("Makefile"));
    while (m.find()) {
      phony.addAll(Arrays.asList(m.group(1).trim().split("\\s+")));
    }
    Process p =
        new ProcessBuilder("make", "-s", "help")
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    Set<String> listed =
        out.lines()
            .map(String::trim)
            .filter(l -> !l.isEmpty())
            .map(l -> l.split("\\s+")[0])
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(read("README.md")).contains("`make help` lists every target");
    assertThat(listed).isEqualTo(phony);
  }

  /**
   * The operator sets an owner reference on a store Secret it creates only under deletionPolicy
   * Delete (RotationFlowTest#retainedStoreSecretHasNoOwnerReference shows Retain gets none). Every
   * doc passage about owner references on store Secrets must say so.
   */
  @Test
  void storeSecretOwnerReferencesAreDocumentedForDeleteOnly() throws IOException {
    List<String> wrong = new ArrayList<>();
    for (Path doc : markdown()) {
      for (String unit : units(Files.readString(doc))) {
        String lower = unit.toLowerCase();
        if (lower.contains("owner reference")
            && lower.contains("store secret")
            && !unit.contains("Delete")) {
          wrong.add(ROOT.relativize(doc) + ": " + unit);
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  /**
   * docs/vault.md's platform setup: with its chart values, the chart creates the ServiceAccount the
   * Vault role is bound to and the connection names, in the release namespace, and grants the
   * operator tokens for exactly it.
   */
  @Test
  void vaultServiceAccountIsTheOneTheChartRenders() throws IOException {
    String vault = read("docs/vault.md");
    String name = group(vault, "^\\s*serviceAccounts: \\[([-a-z0-9]+)\\]");
    boolean create = Boolean.parseBoolean(group(vault, "^\\s*createServiceAccounts: (\\w+)"));
    RenderedChart chart =
        RenderedChart.render(
            values("vault.serviceAccounts[0]", name, "vault.createServiceAccounts", create));
    ServiceAccount sa =
        chart.all(ServiceAccount.class).stream()
            .filter(s -> s.getMetadata().getName().equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the chart renders no ServiceAccount " + name));
    assertThat(sa.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(group(vault, "bound_service_account_names=([-a-z0-9]+)")).isEqualTo(name);
    assertThat(group(vault, "bound_service_account_namespaces=([-a-z0-9]+)")).isEqualTo(NAMESPACE);
    assertThat(group(vault, "serviceAccountRef: \\{name: ([-a-z0-9]+), namespace: " + NAMESPACE))
        .isEqualTo(name);
    assertThat(group(vault, "requests a token for `([-a-z0-9/]+)`"))
        .isEqualTo(NAMESPACE + "/" + name);
    List<String> grants = new ArrayList<>();
    chart.all(Role.class).forEach(r -> grants.addAll(RbacRules.of(r.getRules())));
    assertThat(grants).contains("core/serviceaccounts/token#" + name + ":create");
  }

  /** The operator's verbs on clusterrotationpolicies and namespaces, as the docs state them. */
  @Test
  void clusterRotationPolicyVerbsAreTheChartsVerbs() throws IOException {
    String configuration = read("docs/configuration.md");
    String install = read("docs/install.md");
    Set<String> configVerbs =
        Set.of(group(configuration, "RBAC: `([a-z/]+)` on `clusterrotationpolicies`").split("/"));
    Set<String> installVerbs =
        Arrays.stream(
                group(install, "^\\| cluster \\| `clusterrotationpolicies`[^|]*\\| ([a-z, ]+) \\|")
                    .split(",\\s*"))
            .collect(Collectors.toSet());
    for (Map<String, Object> v : List.of(values(), ALL_FLAGS_ON)) {
      ClusterRole operator =
          RenderedChart.render(v).all(ClusterRole.class).stream()
              .filter(r -> r.getMetadata().getName().equals(RELEASE + "-costcred-operator"))
              .findFirst()
              .orElseThrow();
      for (String resource : List.of("clusterrotationpolicies", "namespaces")) {
        Set<String> verbs = verbs(operator.getRules(), resource);
        assertThat(configVerbs).as(resource + " in configuration.md").isEqualTo(verbs);
        assertThat(installVerbs).as(resource + " in install.md").isEqualTo(verbs);
      }
    }
  }

  private static Set<String> verbs(List<PolicyRule> rules, String resource) {
    return rules.stream()
        .filter(r -> r.getResources().contains(resource))
        .flatMap(r -> r.getVerbs().stream())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * D5 and the pool rules once pointed at a known issue (the pool and status fingerprints differ)
   * that was fixed and removed. The pool skips a token by the fingerprint status records, and every
   * pointer to "Known issues" shares a term with an issue that is still listed there.
   */
  @Test
  void knownIssuePointersPointAtListedIssues() throws IOException {
    String token = "vntg_tkn_" + Long.toHexString(System.nanoTime());
    String ns = "docs-" + System.nanoTime();
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("pool")
                .endMetadata()
                .withData(
                    Map.of(
                        "a",
                        Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8))))
                .build())
        .create();
    Fingerprinter fingerprints = new Fingerprinter(new byte[32]);
    String statusFingerprint = fingerprints.of(Credential.token(SecretValue.of(token)));
    TokenPool pool =
        new TokenPool(
            client,
            ns,
            "pool",
            List.of(TokenFormat.VantageApiToken),
            fingerprints,
            Set.of(statusFingerprint));
    assertThat(pool.scan().usable()).isEmpty();

    String configuration = read("docs/configuration.md");
    String issues = configuration.substring(configuration.indexOf("## Known issues"));
    List<String> dangling = new ArrayList<>();
    for (Path doc : markdown()) {
      for (String unit : units(Files.readString(doc))) {
        boolean pointer =
            unit.toLowerCase().contains("known issue")
                && !unit.startsWith("#")
                && !unit.startsWith("[")
                && !unit.startsWith("Contents")
                && !issues.contains(unit);
        if (pointer && codeSpans(unit).stream().noneMatch(t -> mentions(issues, t))) {
          dangling.add(ROOT.relativize(doc) + ": " + unit);
        }
      }
    }
    assertThat(dangling).isEmpty();
  }

  private static boolean mentions(String text, String term) {
    String last = term.substring(term.lastIndexOf('.') + 1);
    return !term.endsWith(".md") && (text.contains(term) || text.contains(last));
  }

  /**
   * docs/configuration.md's pendingRevocations.reason row names every value of the enum, explains
   * those the operator sets, and says of the others that they are never set.
   */
  @Test
  void revocationReasonsAreDocumentedAsTheOperatorUsesThem() throws Exception {
    Set<String> declared = new TreeSet<>();
    for (RevocationReason r : RevocationReason.values()) {
      if (!RevocationReason.class.getField(r.name()).isAnnotationPresent(JsonIgnore.class)) {
        declared.add(r.name());
      }
    }
    Set<String> used = new TreeSet<>();
    Pattern use = Pattern.compile("RevocationReason\\.([A-Z][A-Za-z]+)");
    try (Stream<Path> files = Files.walk(ROOT.resolve("operator/src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = use.matcher(Files.readString(f));
        while (m.find()) {
          used.add(m.group(1));
        }
      }
    }
    used.retainAll(declared);
    String row =
        read("docs/configuration.md")
            .lines()
            .filter(l -> l.startsWith("| `reason` |") && l.contains("`Rotated`"))
            .findFirst()
            .orElseThrow();
    for (String r : declared) {
      if (used.contains(r)) {
        assertThat(row).as(r + " is set by the operator").contains("`" + r + "` (");
      } else {
        assertThat(
                Arrays.stream(row.split("\\.\\s"))
                    .anyMatch(s -> s.contains("`" + r + "`") && s.contains("never")))
            .as(r + " is never set by the operator: " + row)
            .isTrue();
      }
    }
  }

  /**
   * The chart renders the ClusterRole costcred-emergency-rotator, so the plugin's copy must say
   * which chart template ships it rather than propose it for the chart.
   */
  @Test
  void emergencyRotatorYamlNamesTheChartTemplateThatShipsIt() throws IOException {
    String role = "costcred-emergency-rotator";
    List<HasMetadata> rendered = RenderedChart.render(values()).objects;
    assertThat(rendered).anyMatch(o -> o instanceof ClusterRole && role.equals(name(o)));
    String comments =
        read("kubectl-plugin/deploy/" + role + ".yaml")
            .lines()
            .filter(l -> l.startsWith("#"))
            .collect(Collectors.joining("\n"));
    String template = group(comments, "(helm/costcred-operator/templates/[-a-z]+\\.yaml)");
    assertThat(read(template)).contains("name: " + role);
    assertThat(comments).doesNotContainIgnoringCase("proposed");
  }

  private static String name(HasMetadata o) {
    return o.getMetadata().getName();
  }

  private static List<Path> markdown() throws IOException {
    List<Path> out = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
    }
    return out;
  }

  /** Paragraphs, list items, table rows and headings, each joined to one line. */
  static List<String> units(String markdown) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : markdown.split("\n")) {
      String t = line.trim();
      boolean starts =
          t.isEmpty()
              || t.startsWith("- ")
              || t.startsWith("|")
              || t.startsWith("#")
              || t.matches("\\d+\\. .*");
      if (starts && cur.length() > 0) {
        out.add(cur.toString());
        cur.setLength(0);
      }
      if (!t.isEmpty()) {
        cur.append(cur.length() == 0 ? "" : " ").append(t);
      }
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }

  private static List<String> codeSpans(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = CODE_SPAN.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
