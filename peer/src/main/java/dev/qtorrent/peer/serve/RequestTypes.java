package dev.qtorrent.peer.serve;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import dev.qtorrent.common.message.Request;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The wire type of each request class ({@code announce}, {@code piece}, ...), read once from the message family. */
public final class RequestTypes {
    private static final Map<Class<?>, String> NAMES = names();

    private RequestTypes() {
    }

    static String of(Request request) {
        return NAMES.getOrDefault(request.getClass(), ServerObserver.INVALID);
    }

    /** Every request type's wire name. */
    public static Set<String> all() {
        return Set.copyOf(NAMES.values());
    }

    private static Map<Class<?>, String> names() {
        Map<Class<?>, String> names = new HashMap<>();
        for (JsonSubTypes.Type type : Request.class.getAnnotation(JsonSubTypes.class).value()) {
            names.put(type.value(), type.name());
        }
        return Map.copyOf(names);
    }
}
