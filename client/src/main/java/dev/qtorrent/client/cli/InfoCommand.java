package dev.qtorrent.client.cli;

import dev.qtorrent.client.console.TerminalText;
import dev.qtorrent.common.bencode.BBytes;
import dev.qtorrent.common.bencode.BInteger;
import dev.qtorrent.common.metainfo.AnnounceTiers;
import dev.qtorrent.common.metainfo.FileEntry;
import dev.qtorrent.common.metainfo.InfoDictionary;
import dev.qtorrent.common.metainfo.MagnetLink;
import dev.qtorrent.common.metainfo.Metainfo;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code info <torrent | magnet>}: show what a torrent or magnet link holds, without contacting anything. */
@Command(name = "info", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = RootCommand.VersionProvider.class,
        description = {
            "Shows what a torrent holds: name, size, files, pieces, info hash, trackers, certificate pin, private "
                    + "flag, comment, creator and creation date, and its magnet link.",
            "For a magnet link, shows what the link itself carries; size and files are in the torrent, which "
                    + "download fetches from the tracker. Nothing is contacted."})
public final class InfoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TORRENT",
            description = "The .torrent file, or a magnet link (magnet:?xt=urn:btih:...).")
    private String source;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (MagnetLink.looksLikeMagnet(source)) {
            printMagnet(out, MagnetLink.parse(source));
        } else {
            printTorrent(out, Metainfo.load(Path.of(source)));
        }
        out.flush();
        return ExitCode.OK.code();
    }

    private static void printTorrent(PrintWriter out, Metainfo metainfo) {
        InfoDictionary info = metainfo.info();
        row(out, "Name", info.name());
        int files = info.files().size();
        // The exact count beside the readable size: what other tools and file managers show differs in rounding.
        row(out, "Size", (info.totalLength() < 1024 ? "" : ByteSize.format(info.totalLength()) + ", ")
                + String.format("%,d byte%s", info.totalLength(), info.totalLength() == 1 ? "" : "s")
                + (info.isMultiFile() ? " in " + ByteSize.count(files, "file") : ""));
        if (info.isMultiFile()) {
            out.println("Files:");
            int width = Math.min(60, info.files().stream().mapToInt(f -> clean(f.displayPath()).length()).max()
                    .orElse(0));
            for (FileEntry file : info.files()) {
                out.printf("  %-" + width + "s  %,d bytes%s%n", clean(file.displayPath()), file.length(),
                        file.padding() ? " (padding)" : "");
            }
        }
        row(out, "Pieces", String.format("%,d piece%s of %,d bytes", info.pieceCount(),
                info.pieceCount() == 1 ? "" : "s", info.pieceLength()));
        row(out, "Info hash", metainfo.infoHash().hex());
        trackers(out, metainfo.announce().isEmpty() ? List.of() : List.of(metainfo.announce()),
                AnnounceTiers.listed(metainfo));
        pin(out, metainfo.certificatePin());
        row(out, "Private", info.raw().get("private").filter(v -> v.equals(BInteger.of(1))).isPresent() ? "yes"
                : "no");
        text(metainfo, "comment").ifPresent(comment -> row(out, "Comment", comment));
        text(metainfo, "created by").ifPresent(creator -> row(out, "Created by", creator));
        metainfo.get("creation date").filter(BInteger.class::isInstance).map(date -> ((BInteger) date).value())
                .ifPresent(seconds -> row(out, "Creation date", Instant.ofEpochSecond(seconds).toString()));
        row(out, "Magnet", MagnetLink.of(metainfo));
    }

    private static void printMagnet(PrintWriter out, MagnetLink link) {
        out.println("Magnet link: size, files and pieces are in the torrent, which download fetches from the tracker.");
        link.displayName().ifPresent(name -> row(out, "Name", name));
        row(out, "Info hash", link.infoHash().hex());
        trackers(out, link.trackers(), List.of());
        pin(out, link.pin());
    }

    private static void trackers(PrintWriter out, List<String> trackers, List<List<String>> tiers) {
        if (trackers.isEmpty() && tiers.isEmpty()) {
            row(out, "Trackers", "none: download needs HOST and PORT");
            return;
        }
        out.println("Trackers:");
        for (String tracker : trackers) {
            out.printf("  %s%n", clean(tracker));
        }
        for (int i = 0; i < tiers.size(); i++) {
            out.printf("  tier %d: %s%n", i + 1, clean(String.join(", ", tiers.get(i))));
        }
    }

    private static void pin(PrintWriter out, Optional<String> pin) {
        row(out, "Certificate pin", pin.map(hex -> "sha256=" + hex)
                .orElse("none: download needs --pin SHA256 or --insecure"));
    }

    private static Optional<String> text(Metainfo metainfo, String key) {
        return metainfo.get(key).filter(BBytes.class::isInstance).map(value -> lenient((BBytes) value))
                .filter(value -> !value.isBlank());
    }

    /** Older tools wrote comments in other encodings; show them with replacement characters rather than fail. */
    private static String lenient(BBytes bytes) {
        return new String(bytes.bytes(), StandardCharsets.UTF_8);
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf("%-16s %s%n", label + ":", clean(value));
    }

    /** Names, comments and URLs come from whoever made the torrent: no escape sequences reach the terminal. */
    private static String clean(String text) {
        return TerminalText.strip(text);
    }
}
