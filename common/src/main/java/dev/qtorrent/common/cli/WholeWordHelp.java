package dev.qtorrent.common.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * picocli's usage help, with lines broken only at spaces. picocli breaks where {@link java.text.BreakIterator}
 * allows, and the JDK's allows a break after {@code .}, {@code :} or {@code /} inside a word: {@code quic://HOST:PORT}
 * came out as {@code quic: //HOST:PORT} and {@code tracker.log} as {@code tracker. log}. A word longer than its
 * column is still cut, as there is no other way to fit it.
 */
public final class WholeWordHelp extends CommandLine.Help {
    private WholeWordHelp(CommandSpec spec, ColorScheme scheme) {
        super(spec, scheme);
    }

    /** Uses this help for {@code cli} and every subcommand it has now (picocli does not pass it on to later ones). */
    public static void install(CommandLine cli) {
        cli.setHelpFactory(WholeWordHelp::new);
    }

    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals,
                                      ColorScheme scheme) {
        Layout standard = super.createDefaultLayout(options, positionals, scheme);
        return new Layout(scheme, wholeWords(scheme, standard.textTable()), standard.optionRenderer(),
                standard.parameterRenderer());
    }

    @Override
    public TextTable createTextTable(Map<?, ?> map) {
        TextTable standard = super.createTextTable(map);
        if (map == null || map.isEmpty()) {
            return standard;
        }
        TextTable table = wholeWords(colorScheme(), standard);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            table.addRowValues(String.valueOf(entry.getKey()), String.valueOf(entry.getValue()));
        }
        return table;
    }

    /** The list of subcommands as picocli lays it out: names, then the first line of each one's header or description. */
    @Override
    public String commandList(Map<String, CommandLine.Help> subcommands) {
        if (subcommands.isEmpty()) {
            return "";
        }
        int width = commandSpec().usageMessage().width();
        int names = Math.min(subcommands.keySet().stream().mapToInt(String::length).max().orElse(0), width / 2);
        TextTable table = new WholeWordTable(colorScheme(), new Column[] {
            new Column(names + 2, 2, Column.Overflow.SPAN), new Column(width - (names + 2), 2, Column.Overflow.WRAP)});
        table.setAdjustLineBreaksForWideCJKCharacters(commandSpec().usageMessage()
                .adjustLineBreaksForWideCJKCharacters());
        for (CommandLine.Help help : subcommands.values()) {
            CommandLine.Model.UsageMessageSpec usage = help.commandSpec().usageMessage();
            String first = usage.header().length > 0 ? usage.header()[0]
                    : usage.description().length > 0 ? usage.description()[0] : "";
            Text[] lines = colorScheme().text(String.format(first)).splitLines();
            for (int i = 0; i < lines.length; i++) {
                table.addRowValues(i == 0 ? help.commandNamesText(", ") : colorScheme().text(""), lines[i]);
            }
        }
        return table.toString();
    }

    @Override
    public String description(Object... params) {
        return paragraphs(commandSpec().usageMessage().description(), params);
    }

    @Override
    public String header(Object... params) {
        return paragraphs(commandSpec().usageMessage().header(), params);
    }

    @Override
    public String footer(Object... params) {
        return paragraphs(commandSpec().usageMessage().footer(), params);
    }

    /** Lines of text the full width of the help, as picocli lays out descriptions, headers and footers. */
    private String paragraphs(String[] values, Object... params) {
        int width = commandSpec().usageMessage().width();
        TextTable table = new WholeWordTable(colorScheme(), new Column[] {new Column(width, 0, Column.Overflow.WRAP)});
        table.indentWrappedLines = 0;
        for (String value : values) {
            String formatted = params.length == 0 ? value : String.format(value, params);
            for (Text line : colorScheme().text(formatted).splitLines()) {
                table.addRowValues(line);
            }
        }
        return table.toString();
    }

    private static TextTable wholeWords(ColorScheme scheme, TextTable standard) {
        TextTable table = new WholeWordTable(scheme, standard.columns());
        table.indentWrappedLines = standard.indentWrappedLines;
        table.setAdjustLineBreaksForWideCJKCharacters(standard.isAdjustLineBreaksForWideCJKCharacters());
        return table;
    }

    /** A text table that wraps its WRAP columns at spaces, handing picocli only pieces that fit. */
    private static final class WholeWordTable extends TextTable {
        private final ColorScheme scheme;

        WholeWordTable(ColorScheme scheme, Column[] columns) {
            super(scheme, columns);
            this.scheme = scheme;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            String plain = value == null ? "" : value.plainString();
            if (column.overflow != Column.Overflow.WRAP || plain.indexOf('\n') >= 0
                    || plain.length() <= column.width - column.indent) {
                return super.putValue(row, col, value);
            }
            int room = column.width - column.indent;
            int start = 0;
            Cell cell = null;
            while (start < plain.length()) {
                int end = lineEnd(plain, start, room);
                Text piece = value.substring(start, end);
                if (cell != null) {
                    addEmptyRow();
                    row = rowCount() - 1;
                    piece = scheme.text(" ".repeat(indentWrappedLines)).concat(piece);
                }
                cell = super.putValue(row, col, piece);
                start = end;
                while (start < plain.length() && plain.charAt(start) == ' ') {
                    start++;
                }
                room = column.width - column.indent - indentWrappedLines;
            }
            return cell;
        }

        /** Where the line that starts at {@code start} ends: at the last space that fits, else cut at {@code room}. */
        static int lineEnd(String text, int start, int room) {
            if (text.length() - start <= room) {
                return text.length();
            }
            int space = text.lastIndexOf(' ', start + room);
            while (space > start && text.charAt(space - 1) == ' ') {
                space--;
            }
            return space > start ? space : start + Math.max(1, room);
        }
    }
}
