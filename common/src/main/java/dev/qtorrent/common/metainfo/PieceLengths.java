package dev.qtorrent.common.metainfo;

/**
 * Picks a piece length for new torrents. Fewer, larger pieces keep the {@code pieces} string and the per-piece
 * bookkeeping small; more, smaller pieces let a peer verify and share data sooner. 1,000 to 2,000 pieces is the usual
 * compromise, within the 16 KiB to 16 MiB range clients expect.
 */
public final class PieceLengths {

    public static final long MIN = 16L << 10;
    public static final long MAX = 16L << 20;
    public static final long TARGET_MAX_PIECES = 2000;

    private PieceLengths() {
    }

    /**
     * The smallest power of two of at least 16 KiB that splits {@code totalLength} into at most 2,000 pieces, capped at
     * 16 MiB (so files above about 31 GiB get more pieces).
     */
    public static long choose(long totalLength) {
        if (totalLength < 0) {
            throw new IllegalArgumentException("negative length " + totalLength);
        }
        long length = MIN;
        while (length < MAX && pieces(totalLength, length) > TARGET_MAX_PIECES) {
            length <<= 1;
        }
        return length;
    }

    private static long pieces(long totalLength, long pieceLength) {
        return totalLength == 0 ? 0 : (totalLength - 1) / pieceLength + 1;
    }
}
