package io.stagegate.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The spool's record format: {@code [int length][int crc32c][short topic length][topic][int key length][key][value]}.
 * The checksum covers the payload, so a torn or corrupt write is told apart from a record.
 */
final class SpoolFrames {
    static final int HEADER = 8;

    private SpoolFrames() {
    }

    record Frame(byte[] payload) {
    }

    /** The frame at {@code offset}, or null when it is cut short or fails its checksum. */
    static Frame read(FileChannel ch, long offset, long size) throws IOException {
        if (size - offset < HEADER) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(ch, header, offset);
        int length = header.getInt(0);
        int crc = header.getInt(4);
        if (length < 6 || length > size - offset - HEADER) {
            return null;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(ch, payload, offset + HEADER);
        CRC32C check = new CRC32C();
        check.update(payload.array());
        return (int) check.getValue() == crc ? new Frame(payload.array()) : null;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw new IOException("unexpected end of spool segment");
            }
        }
    }

    static ByteBuffer encode(SpooledRecord r) {
        byte[] topic = r.topic().getBytes(StandardCharsets.UTF_8);
        byte[] key = r.key().getBytes(StandardCharsets.UTF_8);
        int length = 2 + topic.length + 4 + key.length + r.value().length;
        ByteBuffer buf = ByteBuffer.allocate(HEADER + length);
        buf.putInt(length).putInt(0);
        buf.putShort((short) topic.length).put(topic).putInt(key.length).put(key).put(r.value());
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), HEADER, length);
        buf.putInt(4, (int) crc.getValue());
        return buf.flip();
    }

    static SpooledRecord decode(byte[] payload) {
        ByteBuffer buf = ByteBuffer.wrap(payload);
        byte[] topic = new byte[buf.getShort()];
        buf.get(topic);
        byte[] key = new byte[buf.getInt()];
        buf.get(key);
        byte[] value = new byte[buf.remaining()];
        buf.get(value);
        return new SpooledRecord(new String(topic, StandardCharsets.UTF_8), new String(key, StandardCharsets.UTF_8), value);
    }
}
