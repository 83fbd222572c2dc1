package dev.qtorrent.client.download;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.function.Supplier;

/**
 * The allocator of a piece stream: while the piece's bytes flow, the stream's receive path asks it for a buffer per
 * packet, and it answers with a view of the free end of the block being filled, so quiche copies the packet's bytes
 * straight into the block that goes to disk. Otherwise (the answer header, requests, anything else) it defers to the
 * channel's usual allocator.
 */
final class BlockAllocator implements ByteBufAllocator {
    private final ByteBufAllocator fallback;
    /** The view to receive into, or null when there is none. */
    private final Supplier<ByteBuf> receiveView;

    BlockAllocator(ByteBufAllocator fallback, Supplier<ByteBuf> receiveView) {
        this.fallback = fallback;
        this.receiveView = receiveView;
    }

    private ByteBuf direct(int initialCapacity, int maxCapacity) {
        ByteBuf view = receiveView.get();
        return view != null ? view : fallback.directBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public ByteBuf directBuffer() {
        return direct(256, Integer.MAX_VALUE);
    }

    @Override
    public ByteBuf directBuffer(int initialCapacity) {
        return direct(initialCapacity, Integer.MAX_VALUE);
    }

    @Override
    public ByteBuf directBuffer(int initialCapacity, int maxCapacity) {
        return direct(initialCapacity, maxCapacity);
    }

    @Override
    public ByteBuf ioBuffer() {
        return directBuffer();
    }

    @Override
    public ByteBuf ioBuffer(int initialCapacity) {
        return directBuffer(initialCapacity);
    }

    @Override
    public ByteBuf ioBuffer(int initialCapacity, int maxCapacity) {
        return directBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public ByteBuf buffer() {
        return fallback.buffer();
    }

    @Override
    public ByteBuf buffer(int initialCapacity) {
        return fallback.buffer(initialCapacity);
    }

    @Override
    public ByteBuf buffer(int initialCapacity, int maxCapacity) {
        return fallback.buffer(initialCapacity, maxCapacity);
    }

    @Override
    public ByteBuf heapBuffer() {
        return fallback.heapBuffer();
    }

    @Override
    public ByteBuf heapBuffer(int initialCapacity) {
        return fallback.heapBuffer(initialCapacity);
    }

    @Override
    public ByteBuf heapBuffer(int initialCapacity, int maxCapacity) {
        return fallback.heapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public CompositeByteBuf compositeBuffer() {
        return fallback.compositeBuffer();
    }

    @Override
    public CompositeByteBuf compositeBuffer(int maxNumComponents) {
        return fallback.compositeBuffer(maxNumComponents);
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer() {
        return fallback.compositeHeapBuffer();
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
        return fallback.compositeHeapBuffer(maxNumComponents);
    }

    @Override
    public CompositeByteBuf compositeDirectBuffer() {
        return fallback.compositeDirectBuffer();
    }

    @Override
    public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
        return fallback.compositeDirectBuffer(maxNumComponents);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return fallback.isDirectBufferPooled();
    }

    @Override
    public int calculateNewCapacity(int minNewCapacity, int maxCapacity) {
        return fallback.calculateNewCapacity(minNewCapacity, maxCapacity);
    }
}
