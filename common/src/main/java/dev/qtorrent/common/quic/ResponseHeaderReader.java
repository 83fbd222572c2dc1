package dev.qtorrent.common.quic;

import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.message.Response;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * Splits an answer into its JSON header line and what follows, as the bytes arrive: the one place that finds the
 * header's end, bounds its length and decodes it (docs/PROTOCOL.md §3). Bytes after the header line stay in the
 * buffer for the caller, so a piece's data can go straight on to disk. One reader serves one stream; it is not
 * thread-safe and is used on the stream's event loop.
 */
public final class ResponseHeaderReader {
    private final MessageCodec codec;
    private final int maxHeaderBytes;
    private final String sender;
    private ByteBuf header = Unpooled.buffer(256);
    private Response response;

    /**
     * @param maxHeaderBytes the longest header line accepted, without its newline
     * @param sender         who sends the answer, for messages, e.g. "the tracker"
     */
    public ResponseHeaderReader(MessageCodec codec, int maxHeaderBytes, String sender) {
        this.codec = codec;
        this.maxHeaderBytes = maxHeaderBytes;
        this.sender = sender;
    }

    /**
     * Consumes header bytes from {@code buf}, up to and including the header's newline.
     *
     * @return the decoded header once its line is complete, with {@code buf} at the first byte after it; null while
     *     the line goes on
     * @throws MalformedAnswerException when the line is longer than the bound or is not a valid response header
     */
    public Response read(ByteBuf buf) throws MalformedAnswerException {
        if (response != null) {
            return response;
        }
        int end = buf.indexOf(buf.readerIndex(), buf.writerIndex(), MessageCodec.HEADER_END);
        int take = end < 0 ? buf.readableBytes() : end - buf.readerIndex();
        if ((long) header.readableBytes() + take > maxHeaderBytes) {
            release();
            throw new MalformedAnswerException(sender + "'s answer header exceeds " + maxHeaderBytes + " bytes");
        }
        header.writeBytes(buf, take);
        if (end < 0) {
            return null;
        }
        buf.skipBytes(1);
        try {
            response = codec.decodeResponseHeader(ByteBufUtil.getBytes(header));
            return response;
        } catch (ProtocolException e) {
            throw new MalformedAnswerException("invalid answer from " + sender + ": " + e.getMessage(), e);
        } finally {
            release();
        }
    }

    /** The header, or null until {@link #read} has found its end. */
    public Response response() {
        return response;
    }

    /** Header bytes held while the line is incomplete: how much of an unfinished answer arrived. */
    public int pendingBytes() {
        return header == null ? 0 : header.readableBytes();
    }

    /** Frees the partial line; reading again after this is an error. */
    public void release() {
        if (header != null) {
            header.release();
            header = null;
        }
    }
}
