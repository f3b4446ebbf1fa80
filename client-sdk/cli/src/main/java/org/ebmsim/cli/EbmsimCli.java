package org.ebmsim.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.io.File;
import java.util.function.BiFunction;
import org.ebmsim.client.ClientSecurity;
import org.ebmsim.client.EbmsimClient;
import org.ebmsim.client.EbmsimException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code ebmsim} command: global options and the subcommands {@code server},
 * {@code models}, {@code anneal}, {@code complete}, {@code exact}, {@code evaluate},
 * {@code reconstruct}, {@code map}, {@code ais},
 * {@code train}, {@code sessions}, {@code datasets}, {@code classify} and {@code token}.
 *
 * <p>{@link #run} is the whole program without {@code System.exit}, for tests: it parses the
 * arguments, runs one subcommand writing to the given streams, and returns the exit code
 * ({@link #EXIT_OK}, {@link #EXIT_USAGE}, {@link #EXIT_GRPC}, {@link #EXIT_NOT_FINISHED}, or 1
 * for an unexpected failure).
 */
@Command(
    name = "ebmsim",
    mixinStandardHelpOptions = true,
    versionProvider = EbmsimCli.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = "Client for the ebmsim server: energy-based models (Hopfield networks, Boltzmann "
        + "machines, restricted and deep Boltzmann machines, plug-in families).",
    footer = {
      "",
      "Exit codes: 0 ok, 2 usage or input-file error, 3 server (gRPC) error,",
      "4 a watched session ended without its result (stopped or failed).",
      "Run 'ebmsim COMMAND --help' for the options of a command."
    },
    subcommands = {
      ServerCommand.class,
      ModelsCommand.class,
      AnnealCommand.class,
      TemperCommand.class,
      CompleteCommand.class,
      ExactCommand.class,
      EvaluateCommand.class,
      ReconstructCommand.class,
      MapCommand.class,
      AisCommand.class,
      TrainCommand.class,
      SessionsCommand.class,
      DatasetsCommand.class,
      ClassifyCommand.class,
      TokenCommand.class,
      CommandLine.HelpCommand.class
    })
public final class EbmsimCli implements Callable<Integer> {
  /** Success. */
  public static final int EXIT_OK = 0;
  /** Bad arguments or input files. */
  public static final int EXIT_USAGE = 2;
  /** The server answered with an error (or could not be reached). */
  public static final int EXIT_GRPC = 3;
  /** A watched session ended without its result: stopped or failed. */
  public static final int EXIT_NOT_FINISHED = 4;
  /** Unexpected failure (a bug). */
  public static final int EXIT_FAILURE = 1;

  @Option(
      names = "--target",
      paramLabel = "HOST:PORT",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:EBMSIM_TARGET:-localhost:50051}",
      description = "Server address (default: $EBMSIM_TARGET or localhost:50051; now ${DEFAULT-VALUE}).")
  String target;

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Machine output: one JSON object per line (proto3 JSON) for each event or item.")
  boolean json;

  @Option(
      names = "--deadline",
      paramLabel = "DURATION",
      scope = ScopeType.INHERIT,
      converter = DurationOption.class,
      description = "Deadline of each call, e.g. 30s, 500ms, 5m (default: none).")
  Duration deadline;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      scope = ScopeType.INHERIT,
      description = "Bearer token for a server with tokens (default: $EBMSIM_TOKEN, which is better: an"
          + " option shows in the process list).")
  String token;

  @Option(
      names = "--tls-ca",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = "Connect with TLS, trusting the CA certificate(s) in this PEM file.")
  File tlsCa;

  @Option(
      names = "--tls",
      scope = ScopeType.INHERIT,
      description = "Connect with TLS, trusting the JVM's default CAs (implied by --tls-ca and --tls-cert).")
  boolean tls;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = "Client certificate (PEM) for servers that require one (mutual TLS); with --tls-key."
          + " For 'ebmsim server': the server's certificate chain.")
  File tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = "Private key of --tls-cert (unencrypted PKCS#8 PEM); for 'ebmsim server' the server's key.")
  File tlsKey;

  @Spec CommandSpec spec;

  private final PrintStream out;
  private final PrintStream err;
  private final BiFunction<String, ClientSecurity, EbmsimClient> connector;
  private final Function<String, String> environment;

  private EbmsimCli(PrintStream out, PrintStream err, BiFunction<String, ClientSecurity, EbmsimClient> connector,
      Function<String, String> environment) {
    this.out = out;
    this.err = err;
    this.connector = connector;
    this.environment = environment;
  }

  /** Entry point of the fat jar and the {@code ebmsim} launcher. */
  public static void main(String[] args) {
    // The fat jar holds logback (via the server); without this its default logs DEBUG to stdout.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "org/ebmsim/cli/logback-cli.xml");
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, err));
  }

  /** Runs the command line {@code args} writing to {@code out}/{@code err}; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, EbmsimClient::connect, System::getenv);
  }

  /** As {@link #run(String[], PrintStream, PrintStream)}, with clients made by {@code connector}. */
  static int run(
      String[] args, PrintStream out, PrintStream err, Function<String, EbmsimClient> connector) {
    return run(args, out, err, (target, security) -> connector.apply(target), System::getenv);
  }

  /**
   * As {@link #run(String[], PrintStream, PrintStream)}, with clients made by {@code connector}
   * from the target and the security options, and environment variables read from {@code environment}.
   */
  static int run(String[] args, PrintStream out, PrintStream err,
      BiFunction<String, ClientSecurity, EbmsimClient> connector, Function<String, String> environment) {
    EbmsimCli root = new EbmsimCli(out, err, connector, environment);
    CommandLine cl = new CommandLine(root);
    PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cl.setErr(errWriter);
    cl.setParameterExceptionHandler(
        (ex, badArgs) -> {
          CommandLine cmd = ex.getCommandLine();
          errWriter.println("error: " + ex.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(ex, errWriter);
          errWriter.println(
              "Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
          errWriter.flush();
          return EXIT_USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          errWriter.flush();
          if (ex instanceof EbmsimException e) {
            err.println("error: " + e.code() + ": " + e.description());
            return EXIT_GRPC;
          }
          if (ex instanceof InputFileException) {
            err.println("error: " + ex.getMessage());
            return EXIT_USAGE;
          }
          err.println("error: unexpected failure: " + ex);
          ex.printStackTrace(err);
          return EXIT_FAILURE;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Without a subcommand: print usage and fail, as the user forgot the command. */
  @Override
  public Integer call() {
    spec.commandLine().usage(err);
    return EXIT_USAGE;
  }

  // ---- what subcommands use -------------------------------------------------------------

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  boolean json() {
    return json;
  }

  /** A client for {@code --target} with {@code --deadline}, TLS and token options; the caller closes it. */
  EbmsimClient connect() {
    ClientSecurity security = security();
    EbmsimClient client;
    try {
      client = connector.apply(target, security);
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      // unreadable or malformed certificate and key files surface while the channel is built
      throw new InputFileException("cannot use the TLS files (" + security + "): " + e.getMessage(), e);
    }
    return deadline == null ? client : client.withDeadline(deadline);
  }

  /** TLS and token from the global options and {@code EBMSIM_TOKEN}. */
  ClientSecurity security() {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw usage(spec, "--tls-cert and --tls-key go together");
    }
    ClientSecurity s = ClientSecurity.plaintext();
    if (tls) {
      s = s.withTls();
    }
    if (tlsCa != null) {
      s = s.withTrustedCa(readable(tlsCa, "--tls-ca").toPath());
    }
    if (tlsCert != null) {
      s = s.withClientCertificate(readable(tlsCert, "--tls-cert").toPath(),
          readable(tlsKey, "--tls-key").toPath());
    }
    return s.withBearerToken(token != null ? token : environment.apply("EBMSIM_TOKEN"));
  }

  private static File readable(File file, String option) {
    if (!file.isFile() || !file.canRead()) {
      throw new InputFileException(option + " " + file + ": no such file, or it cannot be read");
    }
    return file;
  }

  /** A usage error of {@code command} that the CLI reports with exit code 2. */
  static ParameterException usage(CommandSpec command, String message) {
    return new ParameterException(command.commandLine(), message);
  }

  /** The version from the jar's Maven metadata, or "development build" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws Exception {
      Properties p = new Properties();
      try (InputStream in = EbmsimCli.class.getResourceAsStream(
          "/META-INF/maven/org.ebmsim/ebmsim-cli/pom.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"ebmsim " + p.getProperty("version", "(development build)")};
    }
  }
}
