package io.stagegate.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The paired tests and Holm's correction against values computed by hand. */
class PairedTestsTest {
    @Test
    void exactRandomisationCountsSignAssignmentsAtLeastAsExtreme() {
        // d = 1, 2, 3: sums over the 8 sign assignments are +-6, +-4, +-2, +-0 ... only +6 and -6 reach |6|: p = 2/8.
        assertEquals(0.25, PairedTests.randomisation(new double[] {1, 2, 3}, 1000, 1), 1e-12);
        // d = 1, -1, 2, 0: sums with |s| >= 2: enumerate 16: (1,-1,2,0) family -> |s| in {2,4,0,2} per sign of 2 ...
        // signs of (1,-1): s12 in {0, 2, -2, 0}; with +-2: {2, 4, 0, 2, -2, 0, -4, -2}; each twice for the 0: 16 total,
        // |s| >= 2 in 6 of 8 -> p = 12/16.
        assertEquals(0.75, PairedTests.randomisation(new double[] {1, -1, 2, 0}, 1000, 1), 1e-12);
        assertEquals(1.0, PairedTests.randomisation(new double[] {0, 0, 0}, 1000, 1), 1e-12);
    }

    @Test
    void sampledRandomisationIsSeededAndAgreesWithTheExactValue() {
        double[] d = new double[24];
        for (int i = 0; i < d.length; i++) {
            d[i] = (i % 3 == 0 ? -0.1 : 0.2) * (1 + i % 5);
        }
        double a = PairedTests.randomisation(d, 20000, 7);
        assertEquals(a, PairedTests.randomisation(d, 20000, 7));
        // 16 of 24 differences are positive and they outweigh the negative ones about 4:1: a clear effect.
        assertTrue(a > 0 && a < 0.01, "p = " + a);
        double[] flipped = d.clone();
        for (int i = 0; i < flipped.length; i++) {
            flipped[i] = -flipped[i];
        }
        assertEquals(a, PairedTests.randomisation(flipped, 20000, 7), 1e-12, "two-sided: the sign of the mean is irrelevant");
    }

    @Test
    void holmMultipliesSortedPValuesByTheRemainingCountAndKeepsThemMonotone() {
        // p = 0.01, 0.04, 0.03, 0.005 -> sorted 0.005, 0.01, 0.03, 0.04 -> x4, x3, x2, x1 = 0.02, 0.03, 0.06, 0.04
        // monotone: 0.02, 0.03, 0.06, 0.06; back in input order:
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02},
                PairedTests.holm(new double[] {0.01, 0.04, 0.03, 0.005}), 1e-12);
        assertArrayEquals(new double[] {1.0, 1.0}, PairedTests.holm(new double[] {0.6, 0.9}), 1e-12);
    }

    @Test
    void bootstrapIntervalIsSeededAndBracketsTheMean() {
        double[] d = {0.1, 0.0, 0.3, -0.1, 0.2, 0.05, 0.15, 0.0};
        double[] ci = PairedTests.bootstrapInterval(d, 2000, 0.95, 3);
        assertArrayEquals(ci, PairedTests.bootstrapInterval(d, 2000, 0.95, 3));
        double mean = PairedTests.mean(d);
        assertTrue(ci[0] < mean && mean < ci[1], java.util.Arrays.toString(ci));
        assertEquals(0.5, PairedTests.quantile(new double[] {0, 1}, 0.5), 1e-12);
        assertEquals(2.5, PairedTests.quantile(new double[] {1, 2, 3, 4}, 0.5), 1e-12);
    }
}
