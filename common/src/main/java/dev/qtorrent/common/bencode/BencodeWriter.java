package dev.qtorrent.common.bencode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Canonical bencode encoding; the dictionary already keeps its keys in byte order, so encoding is a plain walk. */
final class BencodeWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private BencodeWriter() {
    }

    static byte[] encode(BValue value) {
        BencodeWriter writer = new BencodeWriter();
        writer.write(value);
        return writer.out.toByteArray();
    }

    private void write(BValue value) {
        if (value instanceof BInteger integer) {
            out.write('i');
            ascii(Long.toString(integer.value()));
            out.write('e');
        } else if (value instanceof BBytes bytes) {
            string(bytes.unsafeBytes());
        } else if (value instanceof BList list) {
            out.write('l');
            list.values().forEach(this::write);
            out.write('e');
        } else if (value instanceof BDict dict) {
            out.write('d');
            for (Map.Entry<String, BValue> entry : dict.entries().entrySet()) {
                string(BDict.keyBytes(entry.getKey()));
                write(entry.getValue());
            }
            out.write('e');
        } else {
            throw new NullPointerException("cannot encode null");
        }
    }

    private void string(byte[] bytes) {
        ascii(Integer.toString(bytes.length));
        out.write(':');
        out.writeBytes(bytes);
    }

    private void ascii(String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
