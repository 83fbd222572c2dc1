package dev.qtorrent.client.serve;

import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.quic.PeerCertificate;
import dev.qtorrent.common.tls.Fingerprint;
import dev.qtorrent.peer.serve.PieceSource;
import dev.qtorrent.peer.serve.ServedTorrent;
import io.netty.channel.Channel;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The torrents the client's node serves, and who may ask: every request needs a TLS client certificate, since a peer
 * is known only by its fingerprint; a private torrent is served only to fingerprints its tracker listed, or confirms
 * when asked.
 */
public final class ClientPieces implements PieceSource {
    private final Map<String, SharedTorrent> torrents = new ConcurrentHashMap<>();

    public void add(SharedTorrent torrent) {
        torrents.put(torrent.infoHash().hex(), torrent);
    }

    public void remove(SharedTorrent torrent) {
        torrents.remove(torrent.infoHash().hex(), torrent);
    }

    @Override
    public Optional<SharedTorrent> find(String infoHash) {
        return Optional.ofNullable(torrents.get(infoHash));
    }

    @Override
    public CompletionStage<Optional<? extends ServedTorrent>> admit(String infoHash, Channel stream) {
        // The certificate is checked first, so that a node without one learns nothing, not even what is served here.
        Fingerprint peer = PeerCertificate.of(stream).orElseThrow(() -> new ProtocolException(
                ErrorCode.CERTIFICATE_REQUIRED, "a peer serves only nodes that present a TLS client certificate, "
                        + "which the tracker lists; reconnect with one"));
        Optional<SharedTorrent> torrent = find(infoHash);
        if (torrent.isEmpty() || !torrent.get().isPrivate()) {
            return CompletableFuture.<Optional<? extends ServedTorrent>>completedFuture(torrent);
        }
        return torrent.get().admit(peer).<Optional<? extends ServedTorrent>>thenApply(admitted -> torrent);
    }
}
