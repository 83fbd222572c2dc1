package dev.qtorrent.tracker.web;

import dev.qtorrent.common.metainfo.Metainfo;
import dev.qtorrent.tracker.metrics.TrackerMetrics;
import dev.qtorrent.tracker.seed.SeedCatalog;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the tracker's HTTP requests: {@code /metrics} (Prometheus text format), the status page ({@code /} with its
 * script and the {@code /status.json} it polls), and each torrent's file at {@code /torrents/<info hash>.torrent}.
 * Only GET and HEAD are answered (405 otherwise); an unknown path or torrent is 404. Nothing here writes to the
 * catalog or the registry: the page reads them afresh on every request.
 */
@ChannelHandler.Sharable
public final class WebRoutes extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(WebRoutes.class);
    static final String TORRENT_TYPE = "application/x-bittorrent";
    private static final Pattern TORRENT_PATH = Pattern.compile("/torrents/([0-9a-fA-F]{40})\\.torrent");
    /** The page runs only its own script and talks only to this server, so a name can never inject markup. */
    private static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; connect-src 'self'; "
            + "style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final SeedCatalog catalog;
    private final TrackerMetrics metrics;
    private final StatusDocument status;
    private final PrometheusTextFormatWriter metricsWriter = PrometheusTextFormatWriter.create();
    private final byte[] page = resource("status.html");
    private final byte[] script = resource("status.js");
    private final byte[] style = resource("status.css");

    public WebRoutes(SeedCatalog catalog, TrackerMetrics metrics, StatusDocument status) {
        this.catalog = catalog;
        this.metrics = metrics;
        this.status = status;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response;
        if (request.decoderResult().isFailure()) {
            response = text(HttpResponseStatus.BAD_REQUEST, "bad request\n");
            HttpUtil.setKeepAlive(response, false);
        } else if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET and HEAD are allowed\n");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        } else {
            response = route(new QueryStringDecoder(request.uri()).path());
        }
        send(ctx, request, response);
    }

    private FullHttpResponse route(String path) {
        switch (path) {
            case "/":
            case "/index.html":
                FullHttpResponse html = ok(page, "text/html; charset=utf-8");
                html.headers().set("Content-Security-Policy", PAGE_POLICY);
                return html;
            case "/status.js":
                return ok(script, "text/javascript; charset=utf-8");
            case "/status.css":
                return ok(style, "text/css; charset=utf-8");
            case "/status.json":
                return ok(status.json(), "application/json");
            case "/metrics":
                return metrics();
            default:
                Matcher torrent = TORRENT_PATH.matcher(path);
                if (torrent.matches()) {
                    return torrent(torrent.group(1).toLowerCase(java.util.Locale.ROOT));
                }
                return text(HttpResponseStatus.NOT_FOUND, "not found: " + path + "\n");
        }
    }

    private FullHttpResponse metrics() {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        try (ByteBufOutputStream out = new ByteBufOutputStream(response.content())) {
            metricsWriter.write(out, metrics.registry().scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, metricsWriter.getContentType());
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    private FullHttpResponse torrent(String infoHash) {
        Optional<Metainfo> metainfo = catalog.metainfo(infoHash);
        if (metainfo.isEmpty()) {
            return text(HttpResponseStatus.NOT_FOUND, "no torrent with info hash " + infoHash + " here\n");
        }
        FullHttpResponse response = ok(metainfo.get().toBytes(), TORRENT_TYPE);
        response.headers().set(HttpHeaderNames.CONTENT_DISPOSITION,
                attachment(metainfo.get().info().name() + ".torrent"));
        return response;
    }

    /** A download's file name: plain ASCII for old clients, the exact UTF-8 name for the rest (RFC 6266). */
    static String attachment(String fileName) {
        StringBuilder ascii = new StringBuilder();
        for (char c : fileName.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' ? c : '_');
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static FullHttpResponse ok(byte[] body, String type) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return response;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        response.headers().set("X-Content-Type-Options", "nosniff");
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (request.method().equals(HttpMethod.HEAD)) {
            response.content().clear();
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request) && HttpUtil.isKeepAlive(response);
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            ctx.close();
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A broken connection or a failure building an answer ends this connection only.
        log.debug("HTTP connection from {} failed", ctx.channel().remoteAddress(), cause);
        if (ctx.channel().isActive()) {
            FullHttpResponse response = text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error\n");
            HttpUtil.setContentLength(response, response.content().readableBytes());
            HttpUtil.setKeepAlive(response, false);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = WebRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
