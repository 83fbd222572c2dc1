package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.Request;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * One request stream's account for the {@link ServerObserver}: when it opened, what type of request it carried, and
 * whether its outcome has been told. The outcome is told once: the first of the answer's end, the error tail's code,
 * or the stream's closing without either.
 */
final class RequestRecord {
    static final String OK = ServerObserver.OK;
    static final String INVALID = ServerObserver.INVALID;
    static final String ABANDONED = ServerObserver.ABANDONED;
    private static final AttributeKey<RequestRecord> KEY = AttributeKey.valueOf(RequestRecord.class, "record");

    private final ServerObserver observer;
    private final long opened;
    private String type;
    private boolean told;

    private RequestRecord(ServerObserver observer, long opened) {
        this.observer = observer;
        this.opened = opened;
    }

    /** Starts the account of {@code stream}; its closing tells an outcome not told before. */
    static void open(Channel stream, ServerObserver observer) {
        if (observer == ServerObserver.NONE) {
            return;
        }
        RequestRecord record = new RequestRecord(observer, System.nanoTime());
        stream.attr(KEY).set(record);
        observer.streamOpened();
        stream.closeFuture().addListener(f -> {
            record.answered(ABANDONED);
            observer.streamClosed();
        });
    }

    /** The request on {@code stream} decoded as {@code request}. */
    static void received(Channel stream, Request request) {
        RequestRecord record = of(stream);
        if (record != null && record.type == null) {
            record.type = RequestTypes.of(request);
            record.observer.requestReceived(record.type);
        }
    }

    /** The request on {@code stream} ended with {@code code}; later outcomes are ignored. */
    static void answered(Channel stream, String code) {
        RequestRecord record = of(stream);
        if (record != null) {
            record.answered(code);
        }
    }

    /** The stream's record, or null when nobody observes; asked without creating the attribute. */
    private static RequestRecord of(Channel stream) {
        return stream.hasAttr(KEY) ? stream.attr(KEY).get() : null;
    }

    private void answered(String code) {
        if (told) {
            return;
        }
        told = true;
        if (type == null) {
            // Never decoded (malformed, too large, too slow): counted as received here, as an invalid request.
            type = INVALID;
            observer.requestReceived(type);
        }
        observer.requestAnswered(type, code, System.nanoTime() - opened);
    }
}
