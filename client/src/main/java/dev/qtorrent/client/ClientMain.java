package dev.qtorrent.client;

import dev.qtorrent.client.cli.Cli;
import dev.qtorrent.common.runtime.TransferJit;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/** Entry point of {@code client.jar}; the only place that calls {@code System.exit}. */
public final class ClientMain {
    private ClientMain() {
    }

    public static void main(String[] args) {
        ClientLogging.useStateDirOf(args, System.getProperties());
        // A process started for one download may tune its compiler for it; the console's may not.
        TransferJit jit = args.length > 0 && "download".equals(args[0]) ? TransferJit.forThisProcess()
                : TransferJit.none();
        Charset charset = System.console() != null ? System.console().charset() : Charset.defaultCharset();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, charset));
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        ClientContext context = new ClientContext(in, System.getenv(), System.console() != null, jit,
                StopSignals.install());
        int code = Cli.newCommandLine(context, out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
