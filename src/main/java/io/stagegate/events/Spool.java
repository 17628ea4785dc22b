package io.stagegate.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * A bounded, durable FIFO of Kafka records: append-only segment files plus a committed read cursor. Records are framed
 * {@code [length][crc32c][payload]}, so a write torn by a crash is detected on the next open and cut off (the records
 * before it survive). Consumed segments are deleted; once everything is consumed the files are reset, so an idle spool
 * takes no disk. Thread-safe; a lock file keeps a second process away from the same directory.
 */
public final class Spool implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Spool.class);

    /** Where and how much: {@code maxBytes} bounds the files on disk, {@code segmentBytes} the size of each. */
    public record Settings(Path dir, long maxBytes, long segmentBytes, FsyncPolicy fsync, long fsyncIntervalNanos) {
        public Settings {
            if (segmentBytes < 4096) {
                throw new IllegalArgumentException("segment-bytes must be >= 4096, was " + segmentBytes);
            }
            if (maxBytes < segmentBytes) {
                throw new IllegalArgumentException("max-bytes must be >= segment-bytes (" + segmentBytes + "), was " + maxBytes);
            }
        }
    }

    /** A record read from the spool and the position just after it, to commit once Kafka has it. */
    public record Entry(SpooledRecord record, long segment, long next) {
    }

    private final Settings settings;
    private final LongSupplier nanoTime;
    private final TreeMap<Long, Long> segmentSizes = new TreeMap<>();
    private final SpoolDirectory files;
    private FileChannel writer;
    private long cursorSegment;
    private long cursorOffset;
    private long pending;
    private long lastSync;
    private boolean dirty;
    private boolean closed;
    private boolean refused;

    private Spool(Settings settings, LongSupplier nanoTime) throws IOException {
        this.settings = settings;
        this.nanoTime = nanoTime;
        files = new SpoolDirectory(settings.dir());
        recover();
        lastSync = nanoTime.getAsLong();
    }

    public static Spool open(Settings settings, LongSupplier nanoTime) {
        try {
            return new Spool(settings, nanoTime);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open event spool " + settings.dir(), e);
        }
    }

    /** Appends in order; returns how many fit (the rest did not: the spool is full). */
    public synchronized int append(List<SpooledRecord> records) {
        ensureOpen();
        int written = 0;
        try {
            // Frames bound for the current segment are written with one gathering write per segment.
            List<ByteBuffer> run = new ArrayList<>();
            long runBytes = 0;
            long disk = diskBytes();
            for (SpooledRecord r : records) {
                ByteBuffer frame = SpoolFrames.encode(r);
                if (disk + runBytes + frame.remaining() > settings.maxBytes()) {
                    break;
                }
                long last = segmentSizes.lastKey();
                if (segmentSizes.get(last) + runBytes > 0
                        && segmentSizes.get(last) + runBytes + frame.remaining() > settings.segmentBytes()) {
                    write(run, runBytes);
                    disk += runBytes;
                    run.clear();
                    runBytes = 0;
                    roll(last + 1, true);
                }
                run.add(frame);
                runBytes += frame.remaining();
                written++;
            }
            write(run, runBytes);
            if (written > 0) {
                afterWrite();
            }
            refused = written < records.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to event spool " + settings.dir(), e);
        }
        return written;
    }

    private void write(List<ByteBuffer> frames, long bytes) throws IOException {
        if (frames.isEmpty()) {
            return;
        }
        ByteBuffer[] buffers = frames.toArray(ByteBuffer[]::new);
        long left = bytes;
        while (left > 0) {
            left -= writer.write(buffers);
        }
        long last = segmentSizes.lastKey();
        segmentSizes.put(last, segmentSizes.get(last) + bytes);
        pending += frames.size();
        dirty = true;
    }

    public boolean append(SpooledRecord record) {
        return append(List.of(record)) == 1;
    }

    /** Up to {@code max} records from the committed cursor, oldest first, without consuming them. */
    public synchronized List<Entry> peek(int max) {
        ensureOpen();
        List<Entry> out = new ArrayList<>(Math.min(max, 1024));
        long segment = cursorSegment;
        long offset = cursorOffset;
        try {
            for (Map.Entry<Long, Long> s : segmentSizes.tailMap(cursorSegment, true).entrySet()) {
                if (s.getKey() != segment) {
                    segment = s.getKey();
                    offset = 0;
                }
                if (offset >= s.getValue()) {
                    continue;
                }
                try (FileChannel ch = FileChannel.open(path(segment), StandardOpenOption.READ)) {
                    while (offset < s.getValue() && out.size() < max) {
                        SpoolFrames.Frame f = SpoolFrames.read(ch, offset, s.getValue());
                        if (f == null) {
                            throw new IllegalStateException("event spool segment " + path(segment) + " is corrupt at " + offset);
                        }
                        offset += SpoolFrames.HEADER + f.payload().length;
                        out.add(new Entry(SpoolFrames.decode(f.payload()), segment, offset));
                    }
                }
                if (out.size() >= max) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read event spool " + settings.dir(), e);
        }
        return out;
    }

    /** Consumes everything up to and including {@code last}, which came from {@link #peek}. */
    public synchronized void commit(Entry last, int count) {
        ensureOpen();
        try {
            pending -= count;
            refused = false;
            cursorSegment = last.segment();
            cursorOffset = last.next();
            if (pending == 0) {
                reset();
                return;
            }
            if (cursorSegment < segmentSizes.lastKey() && cursorOffset >= segmentSizes.get(cursorSegment)) {
                cursorSegment = segmentSizes.higherKey(cursorSegment);
                cursorOffset = 0;
            }
            for (Long s : List.copyOf(segmentSizes.headMap(cursorSegment, false).keySet())) {
                Files.deleteIfExists(path(s));
                segmentSizes.remove(s);
            }
            writeCursor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit event spool cursor in " + settings.dir(), e);
        }
    }

    public synchronized long pendingRecords() {
        return pending;
    }

    public synchronized boolean isEmpty() {
        return pending == 0;
    }

    /** The last append did not fit and nothing has been consumed since: new records would be refused. */
    public synchronized boolean full() {
        return refused;
    }

    /** Bytes the segment files take on disk, the quantity {@code max-bytes} bounds. */
    public synchronized long diskBytes() {
        long sum = 0;
        for (long size : segmentSizes.values()) {
            sum += size;
        }
        return sum;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * For the interval policy: forces appended data to disk when the interval has passed. The owner calls it
     * periodically. The fsync runs outside the lock, so appends (a write-ahead response waits on one) never queue
     * behind it.
     */
    public void syncIfDue() {
        FileChannel channel;
        synchronized (this) {
            if (closed || !dirty || settings.fsync() != FsyncPolicy.INTERVAL
                    || nanoTime.getAsLong() - lastSync < settings.fsyncIntervalNanos()) {
                return;
            }
            channel = writer;
            dirty = false;
            lastSync = nanoTime.getAsLong();
        }
        try {
            channel.force(false);
        } catch (java.nio.channels.ClosedChannelException e) {
            // Rolled meanwhile: a full segment is forced before it is closed, a consumed one needs no fsync.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fsync event spool " + settings.dir(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            if (dirty && settings.fsync() != FsyncPolicy.NEVER) {
                force();
            }
            writer.close();
            files.close();
        } catch (IOException e) {
            LOG.warnf("closing event spool %s: %s", settings.dir(), e.toString());
        } finally {
            closed = true;
        }
    }

    private void afterWrite() {
        if (settings.fsync() == FsyncPolicy.ALWAYS) {
            force();
        }
    }

    private void force() {
        try {
            writer.force(false);
            dirty = false;
            lastSync = nanoTime.getAsLong();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fsync event spool " + settings.dir(), e);
        }
    }

    private void recover() throws IOException {
        SpoolDirectory.Recovered r = files.recover();
        segmentSizes.putAll(r.segmentSizes());
        cursorSegment = r.cursorSegment();
        cursorOffset = r.cursorOffset();
        pending = r.pending();
        long last = segmentSizes.lastKey();
        writer = FileChannel.open(path(last), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        writer.position(segmentSizes.get(last));
        if (pending > 0) {
            LOG.infof("event spool %s holds %d events from an earlier run; they will be replayed first", settings.dir(), pending);
        }
    }

    /** @param sync force the closed segment first (a full one; records that were all consumed need no fsync) */
    private void roll(long next, boolean sync) throws IOException {
        if (sync && settings.fsync() != FsyncPolicy.NEVER) {
            writer.force(false);
        }
        writer.close();
        writer = FileChannel.open(path(next), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        segmentSizes.put(next, 0L);
    }

    /** Everything consumed: start a fresh segment and drop the old files. */
    private void reset() throws IOException {
        long next = segmentSizes.lastKey() + 1;
        roll(next, false);
        for (Long s : List.copyOf(segmentSizes.headMap(next, false).keySet())) {
            Files.deleteIfExists(path(s));
            segmentSizes.remove(s);
        }
        cursorSegment = next;
        cursorOffset = 0;
        writeCursor();
    }

    private void writeCursor() throws IOException {
        files.writeCursor(cursorSegment, cursorOffset, settings.fsync() == FsyncPolicy.ALWAYS);
    }

    private Path path(long segment) {
        return files.segment(segment);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("event spool " + settings.dir() + " is closed");
        }
    }
}
