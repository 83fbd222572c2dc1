package dev.qtorrent.tracker;

import dev.qtorrent.common.Version;
import picocli.CommandLine.IVersionProvider;

/** Reports the build's version for {@code --version}. */
final class TrackerVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"quic-torrent tracker " + Version.get()};
    }
}
