package dev.qtorrent.common.metainfo;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Locates the committed test data: the content files and the torrents other tools made from them. */
public final class Fixtures {

    private Fixtures() {
    }

    /** The {@code testdata} folder on the test class path. */
    public static Path dir() {
        try {
            return Path.of(Fixtures.class.getResource("/testdata").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path file(String name) {
        return dir().resolve(name);
    }
}
