package dev.qtorrent.peer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qtorrent.common.message.AnnounceRequest;
import dev.qtorrent.common.message.ErrorCode;
import dev.qtorrent.common.message.MessageCodec;
import dev.qtorrent.common.message.MetainfoRequest;
import dev.qtorrent.common.message.ProtocolException;
import dev.qtorrent.common.quic.QuicSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a request stream tells its {@link ServerObserver}: the stream's opening and end, the request's type once
 * decoded, and exactly one outcome, whether answered, refused, undecodable or abandoned.
 */
class RequestRecordTest {
    private static final String HASH = "0123456789abcdef0123456789abcdef01234567";
    private final MessageCodec codec = new MessageCodec();
    private final List<String> told = new ArrayList<>();
    private final ServerObserver observer = new ServerObserver() {
        @Override
        public void streamOpened() {
            told.add("opened");
        }

        @Override
        public void streamClosed() {
            told.add("closed");
        }

        @Override
        public void requestReceived(String type) {
            told.add("received " + type);
        }

        @Override
        public void requestAnswered(String type, String code, long nanos) {
            told.add("answered " + type + " " + code + (nanos >= 0 ? "" : " in negative time"));
        }
    };
    private final RequestHandlers handlers = new RequestHandlers()
            .on(AnnounceRequest.class, (ctx, announce) -> StreamOutput.write(ctx,
                    ctx.alloc().buffer().writeBytes("{}\n".getBytes(StandardCharsets.UTF_8)), true))
            .on(MetainfoRequest.class, (ctx, metainfo) -> {
                throw new ProtocolException(ErrorCode.UNKNOWN_INFO_HASH, "not here");
            });

    @Test
    void anAnsweredRequestIsReceivedThenOk() {
        send(codec.encodeRequest(new AnnounceRequest(HASH, "peer", 6881, 0, 0, 1, null)), true);
        assertEquals(List.of("opened", "received announce", "answered announce ok", "closed"), told);
    }

    @Test
    void aRefusedRequestEndsWithItsErrorCode() {
        EmbeddedChannel stream = send(codec.encodeRequest(new MetainfoRequest(HASH)), true);
        stream.close();
        assertEquals(List.of("opened", "received metainfo", "answered metainfo unknown_info_hash", "closed"), told);
    }

    @Test
    void anUndecodableRequestIsInvalid() {
        EmbeddedChannel stream = send("{not json".getBytes(StandardCharsets.UTF_8), true);
        stream.close();
        assertEquals(List.of("opened", "received invalid", "answered invalid malformed_json", "closed"), told);
    }

    @Test
    void aStreamClosedBeforeItsRequestEndsIsAbandoned() {
        EmbeddedChannel stream = send("{\"type\":".getBytes(StandardCharsets.UTF_8), false);
        stream.close();
        assertEquals(List.of("opened", "received invalid", "answered invalid abandoned", "closed"), told);
    }

    @Test
    void theDefaultObserverLeavesNoTrace() {
        EmbeddedChannel stream = new EmbeddedChannel(new StreamPipeline(QuicSettings.defaults(), codec, handlers,
                PeerLogLimiter.withDefaults(), ServerObserver.NONE));
        stream.writeInbound(Unpooled.wrappedBuffer(codec.encodeRequest(new MetainfoRequest(HASH))));
        stream.pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
        release(stream);
        assertEquals(List.of(), told);
        assertEquals(false, stream.hasAttr(io.netty.util.AttributeKey.valueOf(RequestRecord.class, "record")));
    }

    private EmbeddedChannel send(byte[] request, boolean fin) {
        EmbeddedChannel stream = new EmbeddedChannel(new StreamPipeline(QuicSettings.defaults(), codec, handlers,
                PeerLogLimiter.withDefaults(), observer));
        stream.writeInbound(Unpooled.wrappedBuffer(request));
        if (fin) {
            stream.pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
        }
        release(stream);
        return stream;
    }

    private static void release(EmbeddedChannel stream) {
        for (Object out = stream.readOutbound(); out != null; out = stream.readOutbound()) {
            ReferenceCountUtil.release(out instanceof ByteBuf buf ? buf : out);
        }
    }
}
