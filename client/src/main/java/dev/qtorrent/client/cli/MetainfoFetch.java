package dev.qtorrent.client.cli;

import dev.qtorrent.client.download.DownloadException;
import dev.qtorrent.client.download.RemoteErrorException;
import dev.qtorrent.client.download.TrackerFailures;
import dev.qtorrent.common.bencode.BDict;
import dev.qtorrent.common.bencode.BValue;
import dev.qtorrent.common.bencode.Bencode;
import dev.qtorrent.common.bencode.BencodeException;
import dev.qtorrent.common.message.ErrorResponse;
import dev.qtorrent.common.message.MetainfoRequest;
import dev.qtorrent.common.message.MetainfoResponse;
import dev.qtorrent.common.metainfo.InfoHash;
import dev.qtorrent.common.metainfo.MagnetLink;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.metainfo.MetainfoException;
import dev.qtorrent.common.metainfo.TrackerUrl;
import dev.qtorrent.common.quic.Answer;
import dev.qtorrent.common.quic.NodeConnection;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns a magnet link into a torrent: asks the tracker for the info dictionary, accepts it only if its SHA-1 is the
 * link's info hash, and adds the tracker and pin the link named.
 */
final class MetainfoFetch {
    /** 16 MiB holds some 800,000 piece hashes; a torrent with more pieces should use larger ones. */
    static final int MAX_INFO_BYTES = 16 << 20;
    /** Time for the whole metadata, up to {@link #MAX_INFO_BYTES}, to arrive. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    private MetainfoFetch() {
    }

    static Metainfo fetch(NodeConnection connection, MagnetLink link, InetSocketAddress tracker)
            throws DownloadException, InterruptedException {
        String hex = link.infoHash().hex();
        Answer answer;
        try {
            answer = connection.exchange(new MetainfoRequest(hex), MAX_INFO_BYTES)
                    .get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw TrackerFailures.failed("fetching the torrent's metadata from " + connection.address(), e.getCause());
        } catch (TimeoutException e) {
            throw TrackerFailures.noAnswer(connection.address(), "request for the torrent's metadata",
                    ANSWER_TIMEOUT);
        }
        if (answer.header() instanceof ErrorResponse error) {
            throw new RemoteErrorException(error);
        }
        if (!(answer.header() instanceof MetainfoResponse header) || !header.infoHash().equals(hex)
                || header.length() != answer.payload().length) {
            throw new DownloadException("tracker " + connection.address() + " answered the metadata request with "
                    + answer.header() + " and " + ByteSize.format(answer.payload().length));
        }
        if (!InfoHash.of(answer.payload()).equals(link.infoHash())) {
            throw new DownloadException("the metadata from " + connection.address()
                    + " does not match the magnet link's info hash " + hex);
        }
        BValue info;
        try {
            info = Bencode.decode(answer.payload());
        } catch (BencodeException e) {
            throw new MetainfoException("the metadata for " + hex + " is not valid bencode: " + e.getMessage(), e);
        }
        String announce = link.trackers().stream().filter(TrackerUrl::isQuic).findFirst()
                .orElse(new TrackerUrl(tracker.getHostString(), tracker.getPort()).toString());
        BDict.Builder root = BDict.builder().put("announce", announce).put("info", info);
        link.pin().ifPresent(pin -> root.put(Metainfo.CERT_PIN_KEY, pin));
        Metainfo metainfo = Metainfo.parse(Bencode.encode(root.build()));
        // Strict decoding only accepts canonical bencode, so encoding it again gives the same bytes; check anyway.
        if (!metainfo.infoHash().equals(link.infoHash())) {
            throw new MetainfoException("the metadata for " + hex + " does not re-encode to the same info hash");
        }
        return metainfo;
    }
}
