package dev.qtorrent.peer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.MetainfoRequest;
import dev.qtorrent.common.message.Request;
import dev.qtorrent.common.quic.QuicSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A request's bytes reach the dispatcher whole and exact however the stream cuts them, up to the size limit. */
class RequestAggregatorTest {
    private static final String HASH = "0123456789abcdef0123456789abcdef01234567";
    private final MessageCodec codec = new MessageCodec();
    private final List<Request> received = new ArrayList<>();
    private final RequestHandlers handlers = new RequestHandlers()
            .on(MetainfoRequest.class, (ctx, metainfo) -> received.add(metainfo));

    @Test
    void aRequestInPiecesOfAnySizeArrivesWhole() {
        byte[] request = codec.encodeRequest(new MetainfoRequest(HASH));
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 50; round++) {
            EmbeddedChannel stream = stream(QuicSettings.defaults());
            // A byte at a time in the first round, then pieces of random sizes.
            for (int at = 0; at < request.length; ) {
                int piece = round == 0 ? 1 : Math.min(request.length - at, random.nextInt(1, 40));
                stream.writeInbound(Unpooled.wrappedBuffer(request, at, piece));
                at += piece;
            }
            stream.pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
            assertEquals(List.of(new MetainfoRequest(HASH)), received, "round " + round);
            received.clear();
            drain(stream);
        }
    }

    @Test
    void aRequestAtTheLimitIsReadAndOneByteOverIsRefused() {
        byte[] request = codec.encodeRequest(new MetainfoRequest(HASH));
        for (int limit : new int[] {request.length, request.length - 1}) {
            EmbeddedChannel stream = stream(withMaxRequestBytes(limit));
            // In two pieces, so that the limit is checked against what was collected before.
            stream.writeInbound(Unpooled.wrappedBuffer(request, 0, 10));
            stream.writeInbound(Unpooled.wrappedBuffer(request, 10, request.length - 10));
            stream.pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
            String written = drain(stream);
            if (limit == request.length) {
                assertEquals(List.of(new MetainfoRequest(HASH)), received);
            } else {
                assertEquals(List.of(), received);
                assertTrue(written.contains("request_too_large"), written);
            }
            received.clear();
        }
    }

    private static QuicSettings withMaxRequestBytes(int bytes) {
        QuicSettings d = QuicSettings.defaults();
        return new QuicSettings(d.idleTimeout(), bytes, d.maxResponseHeaderBytes(), d.requestTimeout(),
                d.maxStreams(), d.connectionWindow(), d.streamWindow(), d.udpPayload(), d.maxUdpPayload());
    }

    private EmbeddedChannel stream(QuicSettings settings) {
        return new EmbeddedChannel(new StreamPipeline(settings, codec, handlers, PeerLogLimiter.withDefaults(),
                ServerObserver.NONE));
    }

    private static String drain(EmbeddedChannel stream) {
        StringBuilder written = new StringBuilder();
        for (Object out = stream.readOutbound(); out != null; out = stream.readOutbound()) {
            if (out instanceof ByteBuf buf) {
                written.append(buf.toString(StandardCharsets.UTF_8));
            }
            ReferenceCountUtil.release(out);
        }
        return written.toString();
    }
}
