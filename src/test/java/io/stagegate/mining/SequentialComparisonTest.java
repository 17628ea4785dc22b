package io.stagegate.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SequentialComparisonTest {
    private static final List<String> SHOWN = List.of("d1", "d2", "d3");

    /** An A/A replay as the replay command runs it: recurring users, sticky arms, a look after every query. */
    @Test
    void stoppingAtTheFirstAlwaysValidSignificanceKeepsTheErrorRateWherePeekingAtAFixedTestDoesNot() {
        int seeds = 200;
        int decided = 0;
        int fixedDecided = 0;
        for (int seed = 0; seed < seeds; seed++) {
            ClickModel model = new ClickModel(seed, 1.0, 0.05);
            SequentialComparison c = new SequentialComparison("a", 300);
            SplittableRandom random = new SplittableRandom(seed);
            for (int q = 0; q < 3000; q++) {
                String user = "user-" + random.nextInt(300);
                String arm = Math.floorMod((user + seed).hashCode(), 2) == 0 ? "a" : "b";
                List<ClickModel.Click> clicks = model.clicks("q" + q, SHOWN, java.util.Map.of("d1", 1, "d2", 1),
                        model.attention(user));
                c.ab(user, arm, clicks.isEmpty() ? 0 : clicks.get(0).position());
            }
            decided += c.decided() ? 1 : 0;
            fixedDecided += c.fixedSignificantAt() > 0 ? 1 : 0;
        }
        double bound = 0.05 * seeds + 2 * Math.sqrt(0.05 * 0.95 * seeds);
        assertTrue(decided <= bound, "always-valid declared a winner in " + decided + " of " + seeds + " A/A runs");
        assertTrue(fixedDecided > 2 * decided && fixedDecided > bound,
                "peeking at the fixed-horizon test: " + fixedDecided + " of " + seeds);
    }

    @Test
    void aRealDifferenceIsFoundAndAttributed() {
        ClickModel model = new ClickModel(5, 1.0, 0.0);
        SequentialComparison c = new SequentialComparison("a", 500);
        SplittableRandom random = new SplittableRandom(5);
        for (int q = 0; q < 20_000 && !c.decided(); q++) {
            String user = "user-" + random.nextInt(500);
            String arm = Math.floorMod(user.hashCode(), 2) == 0 ? "a" : "b";
            // The better arm shows the relevant document first, the worse one third.
            List<String> shown = arm.equals("a") ? List.of("rel", "x", "y") : List.of("x", "y", "rel");
            List<ClickModel.Click> clicks = model.clicks("q" + q, shown, java.util.Map.of("rel", 1), model.attention(user));
            c.ab(user, arm, clicks.isEmpty() ? 0 : clicks.get(0).position());
        }
        assertTrue(c.decided());
        assertTrue(c.betterWon());
        assertTrue(c.fixedSignificantAt() <= c.significantAt(), "the always-valid test pays for peeking with queries");
    }

    @Test
    void aUserKeepsItsPropensityAndUsersDiffer() {
        ClickModel model = new ClickModel(9, 1.0, 0.0);
        assertEquals(model.attention("u1"), new ClickModel(9, 0.5, 0.1).attention("u1"));
        assertEquals(1.0, model.attention(null));
        double sum = 0;
        double min = 1;
        for (int u = 0; u < 4000; u++) {
            double a = model.attention("user-" + u);
            sum += a;
            min = Math.min(min, a);
        }
        assertEquals(2.0 / 3, sum / 4000, 0.02, "Beta(2, 1) has mean 2/3");
        assertTrue(min < 0.1);
    }
}
