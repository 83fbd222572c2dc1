package dev.qtorrent.peer.serve;

import dev.qtorrent.common.message.Request;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which handler answers which request type. The server registers piece and metainfo serving; a program adds the
 * types only it answers (the tracker its announces). A type without a handler is refused as unknown.
 */
public final class RequestHandlers {
    private final Map<Class<? extends Request>, RequestHandler<? extends Request>> handlers = new LinkedHashMap<>();

    public RequestHandlers() {
    }

    private RequestHandlers(Map<Class<? extends Request>, RequestHandler<? extends Request>> handlers) {
        this.handlers.putAll(handlers);
    }

    /**
     * Registers {@code handler} for requests of exactly {@code type}.
     *
     * @throws IllegalArgumentException if the type already has a handler: one type, one answer
     */
    public <R extends Request> RequestHandlers on(Class<R> type, RequestHandler<R> handler) {
        if (handlers.putIfAbsent(type, handler) != null) {
            throw new IllegalArgumentException(type.getSimpleName() + " already has a handler");
        }
        return this;
    }

    /** A copy to which more handlers can be added without changing this one. */
    RequestHandlers copy() {
        return new RequestHandlers(handlers);
    }

    /** The handler for {@code request}'s type, if any. */
    @SuppressWarnings("unchecked")
    <R extends Request> Optional<RequestHandler<R>> find(R request) {
        return Optional.ofNullable((RequestHandler<R>) handlers.get(request.getClass()));
    }
}
