package io.stagegate.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * A spool's files: a lock file that keeps a second process away, numbered segment files, and the committed cursor
 * ({@code segment offset}, replaced atomically). Knows the layout and the frame scan, not the queue's state.
 */
final class SpoolDirectory implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SpoolDirectory.class);
    private static final String SUFFIX = ".spool";

    /** The state found on open: segment sizes after cutting torn writes, the cursor, and the records past it. */
    record Recovered(java.util.SortedMap<Long, Long> segmentSizes, long cursorSegment, long cursorOffset, long pending) {
    }

    /** What a scan of one segment found: valid records from where it started, and the size after cutting. */
    record Scan(long records, long size) {
    }

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    /** A read-only look at a spool another process may be writing: no lock taken, nothing changed. */
    static SpoolDirectory unlocked(Path dir) {
        return new SpoolDirectory(dir, null, null);
    }

    private SpoolDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    SpoolDirectory(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        lockChannel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock taken;
        try {
            taken = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            // Held by this very JVM. Not closing the channel: on Linux that would drop the other holder's lock too.
            throw new IllegalStateException("event spool " + dir + " is in use by another spool in this process");
        }
        if (taken == null) {
            lockChannel.close();
            throw new IllegalStateException("event spool " + dir + " is in use by another process");
        }
        lock = taken;
    }

    Path segment(long number) {
        return dir.resolve(String.format("%020d%s", number, SUFFIX));
    }

    /** The numbers of the segment files present, ascending. */
    TreeSet<Long> segments() throws IOException {
        TreeSet<Long> out = new TreeSet<>();
        try (var files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).forEach(p -> {
                String name = p.getFileName().toString();
                try {
                    out.add(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())));
                } catch (NumberFormatException e) {
                    LOG.warnf("ignoring unexpected file %s in the event spool", p);
                }
            });
        }
        return out;
    }

    /** The committed cursor {segment, offset}; {@code fallback} when there is none or it cannot be read. */
    long[] cursor(long[] fallback) throws IOException {
        Path cursor = dir.resolve("cursor");
        if (!Files.exists(cursor)) {
            return fallback;
        }
        String[] parts = Files.readString(cursor).trim().split(" ");
        try {
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        } catch (RuntimeException e) {
            LOG.warnf("event spool cursor %s is unreadable ('%s'); replaying from the oldest segment", cursor,
                    String.join(" ", parts));
            return fallback;
        }
    }

    void writeCursor(long segment, long offset, boolean force) throws IOException {
        Path tmp = dir.resolve("cursor.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap((segment + " " + offset + "\n").getBytes(StandardCharsets.US_ASCII)));
            if (force) {
                ch.force(false);
            }
        }
        Files.move(tmp, dir.resolve("cursor"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads what an earlier run left: drops segments the cursor has passed, falls back to the oldest segment when the
     * cursor names one that is gone, and scans every segment from the cursor on (cutting torn writes).
     */
    Recovered recover() throws IOException {
        java.util.TreeMap<Long, Long> sizes = new java.util.TreeMap<>();
        segments().forEach(n -> sizes.put(n, 0L));
        long[] cursor = cursor(new long[] {sizes.isEmpty() ? 0 : sizes.firstKey(), 0});
        long cursorSegment = cursor[0];
        long cursorOffset = cursor[1];
        for (Long s : java.util.List.copyOf(sizes.headMap(cursorSegment, false).keySet())) {
            Files.deleteIfExists(segment(s));
            sizes.remove(s);
        }
        if (sizes.isEmpty()) {
            sizes.put(cursorSegment, 0L);
            cursorOffset = 0;
        }
        if (!sizes.containsKey(cursorSegment)) {
            cursorSegment = sizes.firstKey();
            cursorOffset = 0;
        }
        long pending = 0;
        for (java.util.Map.Entry<Long, Long> s : sizes.entrySet()) {
            Scan scan = scan(s.getKey(), s.getKey() == cursorSegment ? cursorOffset : 0);
            pending += scan.records();
            s.setValue(scan.size());
        }
        return new Recovered(sizes, cursorSegment, cursorOffset, pending);
    }

    /** Counts the valid records of a segment from {@code from}, and cuts the file at the first torn or corrupt frame. */
    Scan scan(long number, long from) throws IOException {
        Path p = segment(number);
        if (!Files.exists(p)) {
            Files.createFile(p);
        }
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long offset = Math.min(from, size);
            long records = 0;
            while (offset < size) {
                SpoolFrames.Frame f = SpoolFrames.read(ch, offset, size);
                if (f == null) {
                    LOG.warnf("event spool %s: %d bytes after offset %d are a torn or corrupt write; cutting them off",
                            p, size - offset, offset);
                    ch.truncate(offset);
                    size = offset;
                    break;
                }
                offset += SpoolFrames.HEADER + f.payload().length;
                records++;
            }
            return new Scan(records, size);
        }
    }

    @Override
    public void close() throws IOException {
        if (lock != null) {
            lock.release();
            lockChannel.close();
        }
    }
}
