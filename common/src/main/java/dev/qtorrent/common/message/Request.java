package dev.qtorrent.common.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A message a client sends on a new bidirectional stream; the {@code type} field names the kind. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AnnounceRequest.class, name = "announce"),
    @JsonSubTypes.Type(value = PieceRequest.class, name = "piece"),
    @JsonSubTypes.Type(value = MetainfoRequest.class, name = "metainfo"),
    @JsonSubTypes.Type(value = BitfieldRequest.class, name = "bitfield"),
    @JsonSubTypes.Type(value = HaveRequest.class, name = "have"),
    @JsonSubTypes.Type(value = PeerCheckRequest.class, name = "peer_check"),
    @JsonSubTypes.Type(value = ScrapeRequest.class, name = "scrape"),
    @JsonSubTypes.Type(value = WatchRequest.class, name = "watch"),
})
public sealed interface Request permits AnnounceRequest, PieceRequest, MetainfoRequest, BitfieldRequest,
        HaveRequest, PeerCheckRequest, ScrapeRequest, WatchRequest {
}
