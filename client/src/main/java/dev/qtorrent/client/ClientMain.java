package dev.qtorrent.client;

import dev.qtorrent.client.cli.Cli;
import dev.qtorrent.client.cli.ExitCode;
import dev.qtorrent.common.runtime.NettyProperties;
import dev.qtorrent.common.runtime.TransferJit;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Set;

/** Entry point of {@code client.jar}; the only place that calls {@code System.exit}. */
public final class ClientMain {
    /** Root options that take a value as the next argument, before the subcommand. */
    private static final Set<String> VALUED = Set.of("--state-dir", "--ai-url", "--ai-model", "--ai-key");

    private ClientMain() {
    }

    /** The subcommand the arguments name (the first word that is not a root option or its value), or null. */
    static String command(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (VALUED.contains(args[i])) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return args[i];
            }
        }
        return null;
    }

    /** The state folder a {@code --state-dir} on the command line names, or the per-user one. */
    private static Path stateDir() {
        String named = System.getProperty(ClientLogging.STATE_DIR_PROPERTY);
        return named != null ? Path.of(named) : StateDir.resolve(System.getenv(), System.getProperty("user.home"));
    }

    public static void main(String[] args) {
        ClientLogging.useStateDirOf(args, System.getProperties());
        String command = command(args);
        // A download or a seed needs the identity before it can connect: it is read while the rest starts.
        IdentityPreload identity = "download".equals(command) || "seed".equals(command)
                ? IdentityPreload.start(stateDir()) : IdentityPreload.NONE;
        NettyProperties.programDefaults(System.getProperties());
        // A process started for one download may tune its compiler for it; the console's may not.
        TransferJit jit = "download".equals(command) ? TransferJit.forThisProcess() : TransferJit.none();
        Charset charset = System.console() != null ? System.console().charset() : Charset.defaultCharset();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, charset));
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        ClientContext context = new ClientContext(in, System.getenv(), System.console() != null, jit,
                StopSignals.install()).withIdentity(identity);
        int code = ExitCode.FAILED.code();
        try {
            code = Cli.newCommandLine(context, out, err, command).execute(args);
        } catch (Error e) {
            err.println("client: internal error: " + e);
            e.printStackTrace(err);
        } finally {
            out.flush();
            err.flush();
            // Exits even when an Error escaped (picocli hands only exceptions to its handler): the event loops' and
            // the peer server's threads would otherwise keep the process alive after its command ended.
            System.exit(code);
        }
    }
}
