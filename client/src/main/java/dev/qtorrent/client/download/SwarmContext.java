package dev.qtorrent.client.download;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.common.quic.QuicSettings;
import dev.qtorrent.common.tls.NodeIdentity;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a download's fetching needs from the download around it: the torrent, the options, who the client is, the
 * tracker link, and whom to tell.
 *
 * @param identity the client's certificate, presented to peers; null to fetch from the origin only
 */
record SwarmContext(Metainfo metainfo, Downloader.Options options, String peerId, NodeIdentity identity,
                    QuicSettings settings, Duration connectTimeout, DownloadListener listener, Sharing sharing,
                    TrackerLink tracker, Path partFile) {

    /** The fingerprint of the client's certificate, or null. */
    String ownCertificate() {
        return identity == null ? null : identity.fingerprint().toString();
    }

    /** An announce of this download, with its counters as they are now. */
    AnnounceRequest request(AnnounceRequest.Event event, long left, long downloaded) {
        return new AnnounceRequest(metainfo.infoHash().hex(), peerId, sharing.port(), sharing.uploaded(), downloaded,
                left, event);
    }
}
