package io.stagegate.events;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Reads the records waiting in a spool (those past its committed cursor, oldest first) without taking its lock or
 * changing anything, so it works while the gateway that owns the spool keeps writing: a frame being written at the
 * end of the last segment fails its checksum and ends the read there. What a trainer without Kafka exports.
 */
public final class SpoolReader {
    private SpoolReader() {
    }

    /** @return the records read */
    public static long read(Path spoolDir, Consumer<SpooledRecord> sink) throws IOException {
        if (!Files.isDirectory(spoolDir)) {
            throw new IllegalArgumentException("no event spool at " + spoolDir);
        }
        SpoolDirectory files = SpoolDirectory.unlocked(spoolDir);
        var segments = files.segments();
        long[] cursor = files.cursor(new long[] {segments.isEmpty() ? 0 : segments.first(), 0});
        long n = 0;
        for (long segment : segments.tailSet(cursor[0], true)) {
            Path p = files.segment(segment);
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                long size = ch.size();
                long offset = segment == cursor[0] ? Math.min(cursor[1], size) : 0;
                while (offset < size) {
                    SpoolFrames.Frame f = SpoolFrames.read(ch, offset, size);
                    if (f == null) {
                        break;
                    }
                    sink.accept(SpoolFrames.decode(f.payload()));
                    offset += SpoolFrames.HEADER + f.payload().length;
                    n++;
                }
            }
        }
        return n;
    }
}
