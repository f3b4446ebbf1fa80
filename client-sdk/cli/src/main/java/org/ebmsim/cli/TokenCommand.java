package org.ebmsim.cli;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.Callable;
import org.ebmsim.server.security.Role;
import org.ebmsim.server.security.TokensFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ebmsim token}: bearer tokens for a server's tokens file. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Manage bearer tokens of a server's tokens file (ebmsim server --tokens-file).",
    subcommands = {TokenCommand.Create.class})
final class TokenCommand implements Callable<Integer> {
  @ParentCommand EbmsimCli cli;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(cli.err());
    return EbmsimCli.EXIT_USAGE;
  }

  /**
   * {@code ebmsim token create}: makes a random token, appends its SHA-256 to the tokens file
   * (created readable by its owner only) and prints the token once on standard output; it is
   * kept nowhere else. The server reads the file when it starts.
   */
  @Command(
      name = "create",
      sortOptions = false,
      mixinStandardHelpOptions = true,
      description = {"Create a bearer token: append its hash to the tokens file and print the token once.",
          "Roles: read (list, get, watch), run (also sessions and computations, and control of its own"
              + " sessions), admin (also create/delete models and datasets, control of anyone's sessions).",
          "A running server reads the file when it starts: restart it to use the new token."})
  static final class Create implements Callable<Integer> {
    @ParentCommand TokenCommand token;
    @Spec CommandSpec spec;

    @Option(names = "--name", required = true, paramLabel = "NAME",
        description = "Who the token is for (letters, digits, . _ @ -); it owns the sessions the token starts.")
    String name;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "read, run or admin.")
    String role;

    @Option(names = "--tokens-file", required = true, paramLabel = "FILE",
        description = "The server's tokens file (config ebmsim.security.tokens-file); created if missing.")
    File tokensFile;

    @Override
    public Integer call() {
      Role r;
      try {
        r = Role.parse(role);
      } catch (IllegalArgumentException e) {
        throw EbmsimCli.usage(spec, "--role: " + e.getMessage());
      }
      String created;
      try {
        created = TokensFile.create(tokensFile.toPath(), name, r);
      } catch (IllegalArgumentException e) {
        throw new InputFileException(e.getMessage(), e);
      } catch (IOException e) {
        throw new InputFileException(tokensFile + ": " + e.getMessage(), e);
      }
      EbmsimCli cli = token.cli;
      cli.err().println("token '" + name + "' (role " + r.label() + ") added to " + tokensFile
          + "; it is shown only now. Clients send it with EBMSIM_TOKEN=<token> (or --token).");
      cli.out().println(created);
      return EbmsimCli.EXIT_OK;
    }
  }
}
