package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The JSON header a tracker writes first on a stream it answers; a {@link PieceResponse} is followed by raw bytes.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AnnounceResponse.class, name = "announce"),
    @JsonSubTypes.Type(value = PieceResponse.class, name = "piece"),
    @JsonSubTypes.Type(value = MetainfoResponse.class, name = "metainfo"),
    @JsonSubTypes.Type(value = BitfieldResponse.class, name = "bitfield"),
    @JsonSubTypes.Type(value = HaveResponse.class, name = "have"),
    @JsonSubTypes.Type(value = PeerCheckResponse.class, name = "peer_check"),
    @JsonSubTypes.Type(value = ScrapeResponse.class, name = "scrape"),
    @JsonSubTypes.Type(value = WatchResponse.class, name = "watch"),
    @JsonSubTypes.Type(value = SwarmChangeResponse.class, name = "swarm_change"),
    @JsonSubTypes.Type(value = ErrorResponse.class, name = "error"),
})
public sealed interface Response permits AnnounceResponse, PieceResponse, MetainfoResponse, BitfieldResponse,
        HaveResponse, PeerCheckResponse, ScrapeResponse, WatchResponse, SwarmChangeResponse, ErrorResponse {
}
