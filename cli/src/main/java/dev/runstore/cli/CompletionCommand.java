package dev.runstore.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runstore completion bash|zsh}: a shell completion script (picocli's generator). */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = "Prints a completion script for bash or zsh. Load it with: "
        + "source <(runstore completion bash), or for zsh: source <(runstore completion zsh)")
final class CompletionCommand implements java.util.concurrent.Callable<Integer> {

  /** The shells. */
  enum Shell { bash, zsh }

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell = Shell.bash;

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    String script = AutoComplete.bash(root.getCommandName(), root);
    if (shell == Shell.zsh) {
      // picocli's script is a bash completion; zsh runs it through its bash compatibility layer.
      script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
    }
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
