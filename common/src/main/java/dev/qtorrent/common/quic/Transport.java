package dev.qtorrent.common.quic;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.EpollQuicUtils;
import io.netty.handler.codec.quic.SegmentedDatagramPacketAllocator;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;

/**
 * The UDP transport under QUIC. On Linux, epoll with UDP segmentation offload (GSO) sends up to 16 datagrams per
 * system call (fewer when they are large), which roughly doubles bulk throughput because per-datagram system calls
 * are the ceiling, and recvmmsg reads up to 32 per call; elsewhere NIO does the same job one datagram at a time.
 *
 * @param name             {@code epoll+gso} or {@code nio}, for logs
 * @param ioHandlers       creates the event loops' I/O handlers
 * @param channelType      the datagram channel class to bootstrap
 * @param gso              whether UDP segmentation offload is available
 */
public record Transport(String name, IoHandlerFactory ioHandlers, Class<? extends DatagramChannel> channelType,
                        boolean gso) {

    private static final int GSO_SEGMENTS = 16;
    /**
     * The kernel sends one GSO batch as a single UDP datagram that it then splits, so a batch must fit the largest UDP
     * payload of IPv4.
     */
    private static final int GSO_BATCH_BYTES = 65_507;
    /**
     * Loopback and LAN bursts overflow the default 208 KiB socket buffer, and every drop costs a loss-recovery round;
     * the kernel caps the request at {@code net.core.rmem_max}.
     */
    private static final int RECEIVE_BUFFER_BYTES = 4 << 20;
    /**
     * With epoll, one recvmmsg system call reads up to this many datagrams into one buffer instead of one recvmsg each:
     * the receiving side of a bulk transfer spends much of its time in per-datagram system calls.
     */
    private static final int DATAGRAMS_PER_READ = 32;
    /**
     * Reads per wakeup before the QUIC codec processes what arrived and sends (acknowledgements, more data). Netty's
     * default stops reading as soon as one read returns less than the buffer holds, which for datagrams is almost
     * every read: then every datagram or two gets its own acknowledgement, its own send system call and, on the
     * sender, its own receive. With NIO, which reads one datagram per call, that made a loopback download four times
     * slower; with epoll it cost about 7%.
     */
    private static final int READS_PER_WAKEUP = 16;
    /** The smallest room for one datagram in that buffer. */
    private static final int MIN_DATAGRAM_SLOT_BYTES = 2048;
    /**
     * Together the slots of one read take at most this much: room for all {@value #DATAGRAMS_PER_READ} datagrams even
     * at 16 KiB each (loopback), so that large datagrams are read 32 rather than 4 per system call.
     */
    private static final int READ_BUFFER_BYTES = 512 << 10;

    /** Epoll with GSO where available, NIO otherwise. {@code -Dqtorrent.transport=nio} forces NIO. */
    public static Transport detect() {
        if (!"nio".equals(System.getProperty("qtorrent.transport")) && Epoll.isAvailable()) {
            return new Transport("epoll+gso", EpollIoHandler.newFactory(), EpollDatagramChannel.class, true);
        }
        return nio();
    }

    public static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioDatagramChannel.class, false);
    }

    /**
     * The GSO allocator for a connection that sends datagrams of up to {@code payload} bytes: as many per batch as fit
     * one batch, at most {@value #GSO_SEGMENTS}; {@link SegmentedDatagramPacketAllocator#NONE} without GSO or when only
     * one fits.
     */
    public SegmentedDatagramPacketAllocator segmentAllocator(int payload) {
        int segments = Math.min(GSO_SEGMENTS, GSO_BATCH_BYTES / payload);
        return gso && segments > 1 ? EpollQuicUtils.newSegmentedAllocator(segments)
                : SegmentedDatagramPacketAllocator.NONE;
    }

    public EventLoopGroup newGroup(int threads) {
        return QuietLoops.quiet(new MultiThreadIoEventLoopGroup(threads, ioHandlers));
    }

    /**
     * A UDP bootstrap on {@code group} with this transport's channel type and socket options, receiving datagrams of up
     * to {@code receivePayload} bytes: a datagram larger than its receive buffer would be cut short and lost.
     */
    public Bootstrap udpBootstrap(EventLoopGroup group, int receivePayload) {
        return udpBootstrap(group, receivePayload, null);
    }

    /**
     * As {@link #udpBootstrap(EventLoopGroup, int)}, with a socket of one protocol family: an IPv4 socket serves IPv4
     * only, while an IPv6 socket bound to {@code ::} also takes IPv4 (as mapped addresses). {@code null} leaves the
     * choice to the channel, which makes an IPv6 socket wherever the machine has IPv6.
     */
    public Bootstrap udpBootstrap(EventLoopGroup group, int receivePayload, SocketProtocolFamily family) {
        return udpBootstrap(group, receivePayload, family, false);
    }

    /**
     * Binds a plain UDP socket (no {@code SO_REUSEPORT}) to {@code address} and closes it: fails as the server's own
     * socket would when another socket holds the address. Sockets that share a port are bound with
     * {@code SO_REUSEPORT}, which would let them join another program's sockets on the port (another server of the
     * same user) and split its traffic instead of failing, so they are preceded by this check.
     *
     * @throws UnsupportedOperationException when the machine lacks the address's protocol family
     */
    public static void checkFree(InetSocketAddress address) throws IOException {
        StandardProtocolFamily family = address.getAddress() instanceof Inet4Address ? StandardProtocolFamily.INET
                : StandardProtocolFamily.INET6;
        // The JDK's own channel: Netty's DatagramChannel is the one this class names.
        try (java.nio.channels.DatagramChannel probe = java.nio.channels.DatagramChannel.open(family)) {
            probe.bind(address);
        }
    }

    /** Whether several sockets may share one port ({@code SO_REUSEPORT}): with epoll. */
    public boolean sharesPorts() {
        return channelType == EpollDatagramChannel.class;
    }

    /**
     * As {@link #udpBootstrap(EventLoopGroup, int, SocketProtocolFamily)}; with {@code sharedPort}, the socket may
     * share its port with others of this process that ask for it too, and the kernel spreads the senders over them
     * by address. Only where {@link #sharesPorts()}.
     */
    public Bootstrap udpBootstrap(EventLoopGroup group, int receivePayload, SocketProtocolFamily family,
                                  boolean sharedPort) {
        if (sharedPort && !sharesPorts()) {
            throw new IllegalStateException(name + " sockets cannot share a port");
        }
        int slot = Math.max(MIN_DATAGRAM_SLOT_BYTES, receivePayload);
        Bootstrap bootstrap = new Bootstrap().group(group)
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
        if (family == null) {
            bootstrap.channel(channelType);
        } else if (channelType == EpollDatagramChannel.class) {
            ChannelFactory<DatagramChannel> factory = () -> new EpollDatagramChannel(family);
            bootstrap.channelFactory(factory);
        } else {
            ChannelFactory<DatagramChannel> factory = () -> new NioDatagramChannel(family);
            bootstrap.channelFactory(factory);
        }
        if (sharedPort) {
            bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
        }
        if (channelType == EpollDatagramChannel.class) {
            int slots = Math.max(1, Math.min(DATAGRAMS_PER_READ, READ_BUFFER_BYTES / slot));
            bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, slot)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(slots * slot)
                            .respectMaybeMoreData(false).maxMessagesPerRead(READS_PER_WAKEUP));
        } else {
            bootstrap.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(slot)
                    .respectMaybeMoreData(false).maxMessagesPerRead(READS_PER_WAKEUP));
        }
        return bootstrap;
    }
}
