package io.costcred.kubectl;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kubectl costcred completion bash|zsh|fish}: prints a shell completion script. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a shell completion script for kubectl-costcred (the plugin run directly).",
      "bash: source <(kubectl costcred completion bash)",
      "zsh:  source <(kubectl costcred completion zsh)   (uses bashcompinit)",
      "fish: kubectl costcred completion fish > ~/.config/fish/completions/kubectl-costcred.fish",
      "For `kubectl costcred <TAB>` put kubectl_complete-costcred (shipped next to the plugin) on"
          + " PATH: kubectl 1.26+ runs it and it lists commands, flags and CostCredential names.",
      "Exit code 0; 2 for an unknown shell."
    })
public final class CompletionCommand extends Subcommand {
  /** The shells a script is generated for. */
  enum Shell {
    bash,
    zsh,
    fish
  }

  static final String SCRIPT_NAME = "kubectl-costcred";

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash, zsh or fish.")
  Shell shell;

  @Override
  public Integer call() {
    var root = spec.root().commandLine();
    String script =
        shell == Shell.fish
            ? FishCompletion.script(SCRIPT_NAME, spec.root())
            : AutoComplete.bash(SCRIPT_NAME, root); // picocli's script runs in zsh too
    out().print(script);
    return ExitCodes.OK;
  }
}
