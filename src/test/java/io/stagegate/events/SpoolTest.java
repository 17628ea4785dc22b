package io.stagegate.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    private Spool open(long maxBytes, long segmentBytes) {
        return Spool.open(new Spool.Settings(dir, maxBytes, segmentBytes, FsyncPolicy.ALWAYS, 0), System::nanoTime);
    }

    private static SpooledRecord record(int i) {
        return new SpooledRecord("topic-" + (i % 3), "key-" + i, ("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(100) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static int number(SpooledRecord r) {
        return Integer.parseInt(r.key().substring(4));
    }

    @Test
    void replaysInAppendOrderAcrossSegmentsAndAcrossReopen() {
        List<Integer> seen = new ArrayList<>();
        try (Spool spool = open(1 << 20, 4096)) {
            for (int i = 0; i < 100; i++) {
                assertTrue(spool.append(record(i)));
            }
            assertEquals(100, spool.pendingRecords());
            List<Spool.Entry> first = spool.peek(30);
            assertEquals(30, first.size());
            first.forEach(e -> seen.add(number(e.record())));
            assertEquals(first.get(0).record().topic(), "topic-0");
            assertArrayEquals(record(0).value(), first.get(0).record().value());
            spool.commit(first.get(29), 30);
            assertEquals(70, spool.pendingRecords());
        }
        try (Spool spool = open(1 << 20, 4096)) {
            assertEquals(70, spool.pendingRecords(), "the committed cursor survives a restart");
            List<Spool.Entry> rest = spool.peek(1000);
            rest.forEach(e -> seen.add(number(e.record())));
            spool.commit(rest.get(rest.size() - 1), rest.size());
            assertTrue(spool.isEmpty());
            assertEquals(0, spool.diskBytes(), "an empty spool takes no disk");
        }
        assertEquals(java.util.stream.IntStream.range(0, 100).boxed().toList(), seen);
    }

    @Test
    void consumedSegmentsAreDeleted() throws IOException {
        try (Spool spool = open(1 << 20, 4096)) {
            for (int i = 0; i < 200; i++) {
                spool.append(record(i));
            }
            long before = segments();
            assertTrue(before > 3, "4 KiB segments roll: " + before);
            List<Spool.Entry> half = spool.peek(100);
            spool.commit(half.get(99), 100);
            assertTrue(segments() < before, "fully consumed segments are gone");
            assertEquals(100, spool.pendingRecords());
            assertEquals(100, number(spool.peek(1).get(0).record()));
        }
    }

    @Test
    void refusesBeyondItsBoundWithoutLosingWhatFits() {
        try (Spool spool = open(8192, 4096)) {
            int written = 0;
            for (int i = 0; i < 1000; i++) {
                written += spool.append(record(i)) ? 1 : 0;
            }
            assertTrue(written > 10 && written < 1000, "written " + written);
            assertTrue(spool.diskBytes() <= 8192);
            assertEquals(written, spool.pendingRecords());
            List<Spool.Entry> all = spool.peek(10_000);
            assertEquals(written, all.size());
            assertEquals(written - 1, number(all.get(all.size() - 1).record()), "the oldest are kept, in order");
        }
    }

    @Test
    void aTornWriteIsCutOffAndTheRecordsBeforeItSurvive() throws IOException {
        try (Spool spool = open(1 << 20, 1 << 16)) {
            for (int i = 0; i < 10; i++) {
                spool.append(record(i));
            }
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.filter(p -> p.toString().endsWith(".spool")).findFirst().orElseThrow();
        }
        long size = Files.size(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(size - 7); // a crash in the middle of the last append
        }
        try (Spool spool = open(1 << 20, 1 << 16)) {
            assertEquals(9, spool.pendingRecords());
            assertTrue(spool.append(record(10)), "appends continue after the cut");
            List<Integer> numbers = spool.peek(100).stream().map(e -> number(e.record())).toList();
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 10), numbers);
        }
    }

    @Test
    void aCorruptRecordIsDetectedByItsChecksum() throws IOException {
        try (Spool spool = open(1 << 20, 1 << 16)) {
            for (int i = 0; i < 3; i++) {
                spool.append(record(i));
            }
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.filter(p -> p.toString().endsWith(".spool")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 3] ^= 0x55;
        Files.write(segment, bytes);
        try (Spool spool = open(1 << 20, 1 << 16)) {
            assertEquals(2, spool.pendingRecords());
        }
    }

    @Test
    void aSecondProcessIsToldTheSpoolIsInUse() {
        try (Spool spool = open(1 << 20, 4096)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> open(1 << 20, 4096));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }

    private long segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".spool")).count();
        }
    }
}
