package dev.qtorrent.tracker.swarm;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.AnnounceResponse;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.tls.Fingerprint;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/**
 * Who holds which torrent, as the tracker's request handlers see it. Peers are kept per info hash and forgotten after
 * they miss two announce intervals or say {@code stopped}; nothing expired is ever listed, counted or handed out.
 * Every method may be called from any thread, and none blocks: what a store may have to ask elsewhere (Redis) comes
 * as a {@link CompletionStage}, which an in-memory store returns completed. A stage that fails with a
 * {@link ProtocolException} is a refusal to pass on ({@code unavailable} while a shared store cannot be reached).
 */
public interface SwarmStore {
    /**
     * Records an announce from {@code from} (null when unknown) and answers it with up to {@code numwant} peers
     * picked at random; the tracker's own entry heads the list when it is the torrent's origin and the asker is not
     * a seed. A seed is sent leechers only.
     *
     * @param origin      whether the tracker holds the torrent's data and serves its pieces: it is then a seed of the
     *                    swarm, counted in {@code complete} and listed first to every peer that is not a seed
     * @param certificate the fingerprint of the certificate the peer presented in its TLS handshake
     * @return the answer, or a failure with {@link ProtocolException} {@code peer_id_in_use} when another certificate
     *         holds this peer id at this address
     */
    CompletionStage<AnnounceResponse> announce(AnnounceRequest request, boolean origin, InetSocketAddress from,
                              Fingerprint certificate);

    /**
     * Whether a peer that announced with {@code certificate} is in the swarm of {@code infoHash} now: any entry that
     * has not expired or left, including one announced with port 0, which is never handed out but may download.
     */
    CompletionStage<Boolean> listed(String infoHash, Fingerprint certificate);

    /**
     * Whether a peer that announced with {@code certificate} serves the swarm of {@code infoHash} now: an entry that
     * has not expired or left and is handed out in peer lists (announced with a port). Asked for every piece sent,
     * so it answers at once from what this instance knows: a shared store answers from its local view, which may lag
     * the swarm by the time a change takes to reach it.
     */
    boolean serving(String infoHash, Fingerprint certificate);

    /** The seeds, leechers and completed downloads of {@code infoHash}'s swarm; zeros for one never announced. */
    CompletionStage<SwarmCounts> counts(String infoHash);

    /** The sizes of all swarms together; a shared store gives them as of its last sweep. */
    SwarmTotals totals();

    /** The peers that join and leave each swarm, for watches. */
    SwarmChanges changes();
}
