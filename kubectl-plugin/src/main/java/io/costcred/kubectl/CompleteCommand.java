package io.costcred.kubectl;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The hidden {@code __complete WORD... CURRENT} command that {@code kubectl_complete-costcred}
 * (kubectl 1.26+ plugin completion) and the fish script call: prints one candidate per line, then
 * {@code :4} (cobra's "no file completion" directive, the format kubectl expects). Words are taken
 * as they are, never parsed as flags of this command; errors (no cluster) only shorten the list.
 */
final class CompleteCommand {
  static final String NAME = "__complete";

  /** Cobra's ShellCompDirectiveNoFileComp. */
  static final String NO_FILES = ":4";

  private final CostcredCommand root;
  private final CommandSpec rootSpec;

  CompleteCommand(CostcredCommand root, CommandLine cl) {
    this.root = root;
    this.rootSpec = cl.getCommandSpec();
  }

  int run(PrintWriter out, List<String> args) {
    for (String c : candidates(args)) {
      out.println(c);
    }
    out.println(NO_FILES);
    return ExitCodes.OK;
  }

  List<String> candidates(List<String> args) {
    List<String> words = args.isEmpty() ? List.of("") : args;
    String current = words.get(words.size() - 1);
    List<String> prior = words.subList(0, words.size() - 1);
    CommandSpec sub = null;
    int positionals = 0;
    List<String> given = new ArrayList<>();
    OptionSpec pending = null;
    for (String w : prior) {
      CommandSpec scope = sub == null ? rootSpec : sub;
      if (pending != null) {
        applyGlobal(pending, w);
        pending = null;
      } else if (w.startsWith("-") && w.length() > 1) {
        String flag = w.contains("=") ? w.substring(0, w.indexOf('=')) : w;
        OptionSpec o = scope.findOption(flag);
        if (o != null && takesValue(o)) {
          if (w.contains("=")) {
            applyGlobal(o, w.substring(w.indexOf('=') + 1));
          } else {
            pending = o;
          }
        }
      } else if (sub == null) {
        CommandLine c = rootSpec.subcommands().get(w);
        sub = c == null ? null : c.getCommandSpec();
      } else {
        positionals++;
        given.add(w);
      }
    }
    CommandSpec scope = sub == null ? rootSpec : sub;
    if (pending != null) {
      return filter(values(pending), current);
    }
    if (current.startsWith("-")) {
      return filter(flags(scope), current);
    }
    if (sub == null) {
      return filter(subcommands(), current);
    }
    return filter(arguments(sub, positionals, given), current);
  }

  private List<String> arguments(CommandSpec sub, int positionals, List<String> given) {
    var params = sub.positionalParameters();
    if (params.isEmpty()) {
      return List.of();
    }
    var p = params.get(Math.min(positionals, params.size() - 1));
    if (positionals >= params.size() && p.arity().max() <= 1) {
      return List.of();
    }
    if (p.completionCandidates() != null) {
      List<String> out = new ArrayList<>();
      p.completionCandidates().forEach(out::add);
      return out;
    }
    if (!"NAME".equals(p.paramLabel())) {
      return List.of();
    }
    List<String> names = new ArrayList<>(quietly(this::costCredentialNames));
    names.removeAll(given);
    return names;
  }

  private List<String> costCredentialNames() {
    return root.api().list(root.namespace(), null).stream().map(CredentialView::name).toList();
  }

  private List<String> values(OptionSpec o) {
    if (o.completionCandidates() != null) {
      List<String> out = new ArrayList<>();
      o.completionCandidates().forEach(out::add);
      return out;
    }
    if (List.of(o.names()).contains("--namespace")) {
      return quietly(
          () ->
              root.client().namespaces().list().getItems().stream()
                  .map(HasMetadata::getMetadata)
                  .map(m -> m.getName())
                  .toList());
    }
    return List.of();
  }

  private List<String> subcommands() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, CommandLine> e : rootSpec.subcommands().entrySet()) {
      CommandSpec s = e.getValue().getCommandSpec();
      if (!s.usageMessage().hidden() && e.getKey().equals(s.name())) {
        out.add(s.name());
      }
    }
    return out;
  }

  private static List<String> flags(CommandSpec scope) {
    TreeSet<String> out = new TreeSet<>();
    for (OptionSpec o : scope.options()) {
      if (!o.hidden()) {
        out.addAll(List.of(o.names()));
      }
    }
    return new ArrayList<>(out);
  }

  private void applyGlobal(OptionSpec o, String value) {
    List<String> names = List.of(o.names());
    if (names.contains("--kubeconfig")) {
      root.kubeconfig = Path.of(value);
    } else if (names.contains("--context")) {
      root.context = value;
    } else if (names.contains("--namespace")) {
      root.namespace = value;
    } else if (names.contains("--as")) {
      root.as = value;
    } else if (names.contains("--as-group")) {
      if (root.asGroups == null) {
        root.asGroups = new ArrayList<>();
      }
      root.asGroups.add(value);
    }
  }

  private static boolean takesValue(OptionSpec o) {
    return o.arity().max() > 0 && !o.typeInfo().isBoolean();
  }

  private static List<String> filter(List<String> all, String prefix) {
    return all.stream().filter(s -> s.startsWith(prefix)).toList();
  }

  /** Completion must never fail: no cluster, no permission or a bad kubeconfig give nothing. */
  private static List<String> quietly(java.util.function.Supplier<List<String>> s) {
    try {
      return s.get();
    } catch (RuntimeException e) {
      return List.of();
    }
  }
}
