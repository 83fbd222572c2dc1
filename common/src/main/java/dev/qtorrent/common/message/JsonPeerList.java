package dev.qtorrent.common.message;

import dev.qtorrent.common.message.AnnounceResponse.Peer;
import java.util.List;

/**
 * A peer list whose entries write their own JSON, straight from the form a tracker keeps them in. Answering an
 * announce then makes no {@link Peer}, string or other object per listed peer: with 50 peers an answer, those were a
 * quarter of a busy tracker's CPU. Asked for its elements (by Jackson, {@code equals}, tests), the list gives
 * {@link Peer}s as any other. Implementations are immutable, so an {@link AnnounceResponse} keeps one as it is.
 */
public interface JsonPeerList extends List<Peer> {
    /**
     * The bytes {@link #writeJson} writes for the entry at {@code index}, or -1 when that entry has no direct form: it
     * is then written from its {@link Peer}.
     */
    int jsonBytes(int index);

    /**
     * Writes the entry at {@code index} as the JSON object its {@link Peer} would be, in the bytes Jackson writes,
     * into {@code into} from {@code at}; returns the index after the last byte written. Only for an entry whose
     * {@link #jsonBytes} is not -1, with that many bytes of room.
     */
    int writeJson(int index, byte[] into, int at);
}
