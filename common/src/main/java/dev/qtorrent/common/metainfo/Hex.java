package dev.qtorrent.common.metainfo;

/** ASCII hex checks; {@link Character#digit} would also accept non-ASCII digits such as fullwidth ones. */
final class Hex {

    private Hex() {
    }

    /** Index of the first character that is not {@code [0-9a-fA-F]}, or -1 if there is none. */
    static int firstNonHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return i;
            }
        }
        return -1;
    }
}
