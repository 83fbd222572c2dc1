package dev.qtorrent.common.message;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The only place that knows the JSON shape of messages. A request is one JSON object; a response header is one JSON
 * object followed by a newline byte ({@code 0x0A}), which compact JSON never contains, so the header ends at the
 * first newline and any piece bytes start right after it.
 */
public final class MessageCodec {
    /** The byte that ends a response header. */
    public static final byte HEADER_END = '\n';

    /** The most an answer's array kept per thread grows to: 200 peers (the most an answer lists) fit. */
    private static final int MAX_SCRATCH_BYTES = 64 * 1024;

    /** Per thread, the array announce answers are written into before they are copied to the memory QUIC sends. */
    private final FastThreadLocal<byte[]> scratch = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[16 * 1024];
        }
    };

    private final ObjectMapper mapper = JsonMapper.builder()
            // Unknown fields are ignored so that newer peers can add optional fields without breaking older ones.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // Required fields are marked on each record; optional ones (announce's event) may be left out.
            .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            // No quietly turning "7" into 7 or 7 into "7": a field of the wrong JSON type is an invalid request.
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // Trailing data is checked by read() itself, so that every kind of it gets the same error code.
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public MessageCodec() {
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean,
                LogicalType.Textual, LogicalType.Enum)) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, type == LogicalType.Textual || type == LogicalType.Enum
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, type == LogicalType.Integer
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, type == LogicalType.Boolean
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
    }

    /**
     * Encodes and decodes one message of every kind and throws the results away. Jackson's first use of a message
     * type loads and links several hundred classes, a quarter of a second of a client's start-up; a program that has
     * other start-up work, such as a QUIC handshake, can run this on another thread meanwhile. Any instance warms the
     * classes up for all: they are loaded once per process.
     */
    public void warmUp() {
        String hash = "0".repeat(40);
        for (Request request : List.of(new AnnounceRequest(hash, "warm-up", 1, 0, 0, 0,
                        AnnounceRequest.Event.STARTED), new PieceRequest(hash, 0), new MetainfoRequest(hash), new BitfieldRequest(hash),
                new HaveRequest(hash), new PeerCheckRequest(hash, "0".repeat(64)),
                new ScrapeRequest(List.of(hash)))) {
            decodeRequest(encodeRequest(request));
        }
        for (Response response : List.of(
                new AnnounceResponse(1, List.of(new AnnounceResponse.Peer("warm-up", "127.0.0.1", 1, "0".repeat(64))),
                        1, 0),
                new PieceResponse(hash, 0, 1), new MetainfoResponse(hash, 1), new BitfieldResponse(hash, 1, "gA=="),
                new HaveResponse(hash, 0), new PeerCheckResponse(hash, "0".repeat(64), false),
                new ScrapeResponse(Map.of(hash, new ScrapeResponse.Swarm(1, 0, 0))),
                new ErrorResponse("warm-up", "x"))) {
            byte[] line = encodeResponseHeader(response);
            decodeResponseHeader(Arrays.copyOf(line, line.length - 1));
        }
    }

    /**
     * Warms up only what a download from a tracker runs through Jackson: writing its announce and watch requests and
     * reading announce and error answers (piece and have lines need no Jackson). {@link #warmUp} also readies the
     * serving side's reading of requests and writing of answers, which a downloader does not use, at about 0.1 s more
     * CPU in every download.
     */
    public void warmUpForDownloads() {
        String hash = "0".repeat(40);
        encodeRequest(new AnnounceRequest(hash, "warm-up", 1, 0, 0, 0, AnnounceRequest.Event.STARTED));
        encodeRequest(new WatchRequest(hash));
        decodeResponseHeader(AnnounceLine.encode(new AnnounceResponse(1,
                List.of(new AnnounceResponse.Peer("warm-up", "127.0.0.1", 1, "0".repeat(64))), 1, 0)));
        decodeResponseHeader("{\"type\":\"error\",\"error\":\"warm-up\",\"code\":\"busy\",\"retry_after_ms\":1}"
                .getBytes(StandardCharsets.UTF_8));
    }

    public byte[] encodeRequest(Request request) {
        if (request instanceof PieceRequest piece) {
            return PieceLine.encode(piece);
        }
        return write(request);
    }

    /** Encodes a response header, newline included. */
    public byte[] encodeResponseHeader(Response response) {
        // The hand-written lines end in the newline already; only Jackson's JSON is copied to add it.
        byte[] written = null;
        if (response instanceof PieceResponse piece) {
            written = PieceLine.encode(piece, true);
        } else if (response instanceof HaveResponse have) {
            written = HaveLine.encode(have, true);
        } else if (response instanceof AnnounceResponse announce) {
            written = AnnounceLine.encode(announce, true);
        }
        if (written != null) {
            return written;
        }
        byte[] json = write(response);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = HEADER_END;
        return line;
    }

    /**
     * {@link #encodeResponseHeader(Response)} into a direct buffer from {@code alloc}: the memory QUIC sends from,
     * which would otherwise copy a heap buffer into one. An announce answer, tens of them a millisecond on a busy
     * tracker, is written into an array the thread keeps (warm in its cache, and never left to the garbage
     * collector) and copied once.
     */
    public ByteBuf encodeResponseHeader(Response response, ByteBufAllocator alloc) {
        AnnounceLine.Plan plan = response instanceof AnnounceResponse announce ? AnnounceLine.plan(announce, true)
                : null;
        if (plan != null) {
            byte[] into = scratch.get();
            if (into.length < plan.size) {
                into = new byte[plan.size];
                if (plan.size <= MAX_SCRATCH_BYTES) {
                    scratch.set(into);
                }
            }
            plan.write(into, 0);
            return alloc.directBuffer(plan.size, plan.size).writeBytes(into, 0, plan.size);
        }
        byte[] header = encodeResponseHeader(response);
        return alloc.directBuffer(header.length).writeBytes(header);
    }

    /**
     * Decodes one request.
     *
     * @throws ProtocolException with {@link ErrorCode#MALFORMED_JSON}, {@link ErrorCode#UNKNOWN_TYPE} or
     *                           {@link ErrorCode#INVALID_REQUEST}
     */
    public Request decodeRequest(byte[] json) {
        PieceRequest piece = PieceLine.parseRequest(json);
        if (piece != null) {
            return piece;
        }
        AnnounceRequest announce = AnnounceRequestLine.parse(json);
        return announce != null ? announce : read(json, Request.class, ErrorCode.INVALID_REQUEST);
    }

    /**
     * Decodes a response header (without its newline).
     *
     * @throws ProtocolException when the tracker's answer is not a valid response
     */
    public Response decodeResponseHeader(byte[] json) {
        PieceResponse piece = PieceLine.parseResponse(json);
        if (piece != null) {
            return piece;
        }
        HaveResponse have = HaveLine.parse(json);
        return have != null ? have : read(json, Response.class, ErrorCode.INVALID_REQUEST);
    }

    <T> T read(byte[] json, Class<T> type, ErrorCode invalid) {
        int first = firstNonBlank(json);
        if (first < 0) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "empty request");
        }
        // Bytes that are not UTF-8 are malformed whatever they look like, so this comes before any other check.
        checkUtf8(json);
        if (json[first] == '[') {
            // Jackson would read ["piece", {...}] as a type-wrapped value; a message is only ever an object.
            throw new ProtocolException(invalid, "a message is a JSON object, not an array");
        }
        try (JsonParser parser = mapper.createParser(json)) {
            T value = mapper.readValue(parser, type);
            if (value == null) {
                throw new ProtocolException(ErrorCode.MALFORMED_JSON, "expected a JSON object, got null");
            }
            // A message is one JSON text (RFC 8259: white space, a value, white space). Anything after the value,
            // a second object as much as a stray word, makes the whole request malformed.
            if (parser.nextToken() != null) {
                throw new ProtocolException(ErrorCode.MALFORMED_JSON, "data after the JSON value (at byte "
                        + parser.currentTokenLocation().getByteOffset() + ")");
            }
            return value;
        } catch (InvalidTypeIdException e) {
            String id = e.getTypeId();
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE,
                    id == null ? "missing \"type\" field" : "unknown type \"" + id + "\"", e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ProtocolException(invalid, cause.getMessage(), e);
        } catch (InputCoercionException e) {
            // A number too large for its field is well-formed JSON with an invalid value.
            throw new ProtocolException(invalid, describe(e), e);
        } catch (StreamReadException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, describe(e), e);
        } catch (DatabindException e) {
            if (e.getCause() instanceof StreamReadException syntax && !(syntax instanceof InputCoercionException)) {
                // A syntax error met while binding a field (a cut-off string) is still a syntax error.
                throw new ProtocolException(ErrorCode.MALFORMED_JSON, describe(syntax), e);
            }
            // Well-formed JSON that does not fit the message: wrong field types, missing fields, numbers out of range.
            // Jackson's text names the Java type, not the member, so the member's name leads.
            String field = e instanceof JsonMappingException mapping ? member(mapping.getPath()) : null;
            throw new ProtocolException(invalid, (field == null ? "" : "\"" + field + "\": ") + describe(e), e);
        } catch (IOException e) {
            // Invalid UTF-8 surfaces as a CharConversionException, which is an IOException.
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, e.getMessage(), e);
        }
    }

    /**
     * Jackson decodes overlong forms ({@code C0 AF} as {@code /}) and UTF-16 surrogates without complaint, so a request
     * could smuggle characters past a check on its bytes; RFC 3629 says such input is not UTF-8 at all.
     */
    private static void checkUtf8(byte[] json) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(json);
        CharBuffer out = CharBuffer.allocate(512);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw new ProtocolException(ErrorCode.MALFORMED_JSON, "invalid UTF-8 (at byte " + in.position() + ")");
            }
            if (result.isUnderflow()) {
                return;
            }
            out.clear();
        }
    }

    /** The member a binding error is about: its name, with the index when it is an element of an array. */
    private static String member(List<JsonMappingException.Reference> path) {
        if (path.isEmpty()) {
            return null;
        }
        JsonMappingException.Reference last = path.get(path.size() - 1);
        if (last.getFieldName() != null || path.size() < 2 || path.get(path.size() - 2).getFieldName() == null) {
            return last.getFieldName();
        }
        return path.get(path.size() - 2).getFieldName() + "[" + last.getIndex() + "]";
    }

    private static int firstNonBlank(byte[] json) {
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (e.getLocation() != null && e.getLocation().getByteOffset() >= 0) {
            message += " (at byte " + e.getLocation().getByteOffset() + ")";
        }
        return message;
    }

    /** Jackson's JSON of {@code value}; package-private so that tests can hold the shortcuts to it. */
    byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value, e);
        }
    }
}
