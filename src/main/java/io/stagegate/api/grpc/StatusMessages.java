package io.stagegate.api.grpc;

import java.nio.charset.StandardCharsets;

/**
 * The gRPC wire encoding of a status message (grpc-message), as the HTTP/2 protocol spec defines it: bytes 0x20-0x7E
 * except '%' go as they are, everything else (other bytes of the UTF-8 form, '%') as %XX. Vert.x's gRPC server uses URL
 * encoding instead, which turns every space and comma into an escape that some clients (grpc-js) show verbatim.
 */
public final class StatusMessages {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private StatusMessages() {
    }

    public static String encode(String message) {
        byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(utf8.length + 16);
        for (byte b : utf8) {
            int c = b & 0xFF;
            if (c >= 0x20 && c <= 0x7E && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }
}
