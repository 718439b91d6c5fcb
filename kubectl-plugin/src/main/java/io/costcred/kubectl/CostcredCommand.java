package io.costcred.kubectl;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code kubectl costcred}: the root command and its global flags. */
@Command(
    name = "kubectl costcred",
    mixinStandardHelpOptions = true,
    versionProvider = CostcredCommand.Version.class,
    subcommands = {
      ListCommand.class,
      DescribeCommand.class,
      RotateCommand.class,
      PoolCommand.class,
      VerifyCommand.class,
      ConsumersCommand.class,
      AcknowledgeHoldCommand.class,
      PlanCommand.class
    },
    description = "Inspect and rotate CostCredentials (costcred.io/v1alpha1).",
    footer = {
      "",
      "Exit codes: 0 ok, 1 failed check, 2 usage, 3 API error.",
      "Completion: kubectl costcred completion bash|zsh|fish",
      "Docs: docs/kubectl-plugin.md"
    })
public final class CostcredCommand implements Runnable, AutoCloseable {
  @Option(
      names = "--kubeconfig",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "Path to the kubeconfig file (default: $KUBECONFIG or ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--context",
      scope = ScopeType.INHERIT,
      paramLabel = "NAME",
      description = "The kubeconfig context to use (default: the current context).")
  String context;

  @Option(
      names = {"-n", "--namespace"},
      scope = ScopeType.INHERIT,
      paramLabel = "NS",
      description = "Namespace (default: the context's namespace, else default).")
  String namespace;

  @Option(
      names = "--as",
      scope = ScopeType.INHERIT,
      paramLabel = "USER",
      description = "Username to impersonate for the operation (like kubectl --as).")
  String as;

  @Option(
      names = "--as-group",
      scope = ScopeType.INHERIT,
      paramLabel = "GROUP",
      description = "Group to impersonate; repeat for several groups. Needs --as.")
  List<String> asGroups;

  @Spec CommandSpec spec;

  private final ClientFactory factory;
  private final Clock clock;
  private KubernetesClient client;
  private boolean ownsClient;

  public CostcredCommand() {
    this(ClientFactory::fromKubeconfig, Clock.systemUTC(), true);
  }

  /** For tests: a given client factory (its clients are not closed) and clock. */
  public CostcredCommand(ClientFactory factory, Clock clock) {
    this(factory, clock, false);
  }

  private CostcredCommand(ClientFactory factory, Clock clock, boolean ownsClient) {
    this.factory = factory;
    this.clock = clock;
    this.ownsClient = ownsClient;
  }

  @Override
  public void run() {
    throw CliException.usage(
        "a command is required: "
            + String.join(
                ", ",
                spec.subcommands().entrySet().stream()
                    .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
                    .filter(e -> e.getKey().equals(e.getValue().getCommandName()))
                    .map(java.util.Map.Entry::getKey)
                    .toList()));
  }

  public KubernetesClient client() {
    if (client == null) {
      if (asGroups != null && !asGroups.isEmpty() && (as == null || as.isBlank())) {
        throw CliException.usage(
            "--as-group needs --as (kubectl's rule: no groups without a user)");
      }
      KubernetesClient base = factory.create(kubeconfig, context);
      if (as == null || as.isBlank()) {
        client = base;
      } else {
        client = Impersonation.of(base, as, asGroups == null ? List.of() : asGroups);
        if (ownsClient) {
          base.close();
        }
        ownsClient = true;
      }
    }
    return client;
  }

  public Api api() {
    return new Api(client());
  }

  /** {@code -n}, else the kubeconfig context's namespace, else {@code default}. */
  public String namespace() {
    if (namespace != null && !namespace.isBlank()) {
      return namespace;
    }
    String fromConfig = client().getNamespace();
    return fromConfig == null || fromConfig.isBlank() ? "default" : fromConfig;
  }

  public Clock clock() {
    return clock;
  }

  @Override
  public void close() {
    if (client != null && ownsClient) {
      client.close();
    }
    client = null;
  }

  /** The version from the jar manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = CostcredCommand.class.getPackage().getImplementationVersion();
      return new String[] {"kubectl-costcred " + (v == null ? "(development build)" : v)};
    }
  }
}
