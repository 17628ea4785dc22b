package io.stagegate.mining;

import io.stagegate.cli.ReplayCommand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClickModelTest {
    private static final List<String> SHOWN = IntStream.rangeClosed(1, 10).mapToObj(i -> "d" + i).toList();
    private static final Map<String, Integer> GRADES = Map.of("d1", 1, "d3", 2, "d8", 1, "unshown", 1, "d5", 0);

    @Test
    void clicksDependOnlyOnSeedAndQueryWhateverTheOrderOrThreads() {
        ClickModel model = new ClickModel(7, 1.0, 0.2);
        List<String> queries = IntStream.range(0, 200).mapToObj(i -> "q" + i).toList();
        Map<String, List<ClickModel.Click>> sequential = new HashMap<>();
        queries.forEach(q -> sequential.put(q, model.clicks(q, SHOWN, GRADES)));
        List<String> shuffled = new ArrayList<>(queries);
        Collections.shuffle(shuffled, new java.util.Random(1));
        Map<String, List<ClickModel.Click>> parallel = new ConcurrentHashMap<>();
        shuffled.parallelStream().forEach(q -> parallel.put(q, new ClickModel(7, 1.0, 0.2).clicks(q, SHOWN, GRADES)));
        assertEquals(sequential, parallel);
        Map<String, List<ClickModel.Click>> otherSeed = new HashMap<>();
        queries.forEach(q -> otherSeed.put(q, new ClickModel(8, 1.0, 0.2).clicks(q, SHOWN, GRADES)));
        assertNotEquals(sequential, otherSeed);
    }

    @Test
    void clicksAreOnShownResultsOnlyAtTheirPositionsAndMarkedByRelevance() {
        ClickModel model = new ClickModel(3, 0.5, 0.3);
        int noise = 0;
        for (int q = 0; q < 300; q++) {
            for (ClickModel.Click c : model.clicks("q" + q, SHOWN, GRADES)) {
                assertTrue(SHOWN.contains(c.docId()), c.docId());
                assertEquals(c.docId(), SHOWN.get(c.position() - 1));
                assertEquals(GRADES.getOrDefault(c.docId(), 0) > 0, c.relevant());
                noise += c.relevant() ? 0 : 1;
            }
        }
        assertTrue(noise > 0);
    }

    @Test
    void withoutPositionBiasOrNoiseExactlyTheRelevantResultsAreClicked() {
        List<ClickModel.Click> clicks = new ClickModel(1, 0.0, 0.0).clicks("q", SHOWN, GRADES);
        assertEquals(List.of("d1", "d3", "d8"), clicks.stream().map(ClickModel.Click::docId).toList());
        assertEquals(List.of(1, 3, 8), clicks.stream().map(ClickModel.Click::position).toList());
        assertEquals(SHOWN.size() - 3, new ClickModel(1, 0.0, 1.0).clicks("q", SHOWN, Map.of("d1", 1, "d3", 1, "d8", 1))
                .stream().filter(c -> !c.relevant()).count());
    }

    @Test
    void positionBiasFollowsTheInversePowerLaw() {
        ClickModel model = new ClickModel(11, 1.0, 0.0);
        List<String> shown = List.of("a", "b", "c", "d");
        Map<String, Integer> allRelevant = Map.of("a", 1, "b", 1, "c", 1, "d", 1);
        int[] counts = new int[4];
        int n = 20_000;
        for (int q = 0; q < n; q++) {
            model.clicks("q" + q, shown, allRelevant).forEach(c -> counts[c.position() - 1]++);
        }
        for (int p = 1; p <= 4; p++) {
            assertEquals(1.0 / p, counts[p - 1] / (double) n, 0.02, "position " + p);
        }
    }

    @Test
    void settingsAreCheckedAndSessionIdsFitTheFeedbackAlphabet() {
        assertThrows(IllegalArgumentException.class, () -> new ClickModel(1, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ClickModel(1, 1, 1.5));
        assertEquals("replay-a_b_c", ReplayCommand.sessionId("a b/c"));
        assertTrue(io.stagegate.events.FeedbackEvent.ID.matcher(ReplayCommand.sessionId("x".repeat(300))).matches());
    }
}
