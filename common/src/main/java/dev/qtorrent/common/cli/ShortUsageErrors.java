package dev.qtorrent.common.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Answers a command-line mistake with one line that says what is wrong and a pointer to {@code --help}, as GNU tools
 * do, instead of picocli's default of the message followed by the whole usage help, which buries the message.
 */
public final class ShortUsageErrors implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        CommandSpec spec = command.getCommandSpec();
        PrintWriter err = command.getErr();
        err.println(spec.root().name() + ": " + describe(e));
        if (e instanceof UnmatchedArgumentException unmatched) {
            UnmatchedArgumentException.printSuggestions(unmatched, err);
        }
        err.println("Try '" + spec.qualifiedName() + " --help' for more information.");
        err.flush();
        return spec.exitCodeOnInvalidInput();
    }

    static String describe(ParameterException e) {
        if (e instanceof MissingParameterException missing && !missing.getMissing().isEmpty()
                && missing.getMissing().stream().allMatch(ArgSpec::isPositional)) {
            List<ArgSpec> args = missing.getMissing();
            return "missing " + args.stream().map(ArgSpec::paramLabel).collect(Collectors.joining(" and "));
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.isEmpty() ? message : message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }
}
