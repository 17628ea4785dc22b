package io.stagegate.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Team-draft invariants over many random ranking pairs, plus hand-checked merges and credit assignment. */
class TeamDraftTest {
    private static final Function<String, String> ID = s -> s;

    @Test
    void identicalRankingsInterleaveToThemselves() {
        List<String> r = List.of("a", "b", "c", "d");
        List<TeamDraft.Pick<String>> picks = TeamDraft.merge(r, r, 4, 7, ID);
        assertEquals(r, picks.stream().map(TeamDraft.Pick::item).toList());
    }

    @Test
    void aHandCheckedMergeFollowsTheCoinAndThePickOrder() {
        List<String> a = List.of("a1", "a2", "a3");
        List<String> b = List.of("b1", "a1", "b2");
        List<TeamDraft.Pick<String>> picks = TeamDraft.merge(a, b, 4, 42, ID);
        SplittableRandom coin = new SplittableRandom(42);
        boolean aFirst = coin.nextBoolean();
        // Round 1: the coin decides; round 2: the other team (fewer picks) goes.
        if (aFirst) {
            // a takes a1, b skips a1 (shown) and... b's first unshown is b1.
            assertEquals(List.of("a1", "b1"), picks.subList(0, 2).stream().map(TeamDraft.Pick::item).toList());
        } else {
            assertEquals(List.of("b1", "a1"), picks.subList(0, 2).stream().map(TeamDraft.Pick::item).toList());
        }
        assertEquals(4, picks.size());
        assertEquals(Set.of("a1", "b1", "a2", "b2"), new HashSet<>(picks.stream().map(TeamDraft.Pick::item).toList()));
    }

    @Test
    void invariantsHoldOnRandomRankings() {
        SplittableRandom random = new SplittableRandom(1);
        for (int trial = 0; trial < 2_000; trial++) {
            List<String> a = randomRanking(random, 5 + random.nextInt(10));
            List<String> b = randomRanking(random, 5 + random.nextInt(10));
            int k = 1 + random.nextInt(12);
            List<TeamDraft.Pick<String>> picks = TeamDraft.merge(a, b, k, random.nextLong(), ID);
            Set<String> seen = new HashSet<>();
            int[] perTeam = new int[2];
            for (int i = 0; i < picks.size(); i++) {
                TeamDraft.Pick<String> p = picks.get(i);
                assertTrue(seen.add(p.item()), "duplicate " + p.item());
                List<String> source = p.team() == 0 ? a : b;
                assertTrue(source.contains(p.item()), p.item() + " credited to a team whose ranking lacks it");
                // The team picked its best document not shown before this pick.
                String best = source.stream().filter(x -> !picks.subList(0, picksBefore(picks, p)).stream()
                        .map(TeamDraft.Pick::item).toList().contains(x)).findFirst().orElseThrow();
                assertEquals(best, p.item());
                perTeam[p.team()]++;
                boolean bothHaveMore = remaining(a, seen) > 0 && remaining(b, seen) > 0;
                if (bothHaveMore) {
                    assertTrue(Math.abs(perTeam[0] - perTeam[1]) <= 1, "prefix unbalanced at " + (i + 1));
                }
            }
            Set<String> union = new HashSet<>(a);
            union.addAll(b);
            assertEquals(Math.min(k, union.size()), picks.size());
        }
    }

    @Test
    void clicksCreditTheTeamThatPickedTheDocument() {
        assertEquals(1, TeamDraft.outcome(List.of(0, 0, 1)));
        assertEquals(-1, TeamDraft.outcome(List.of(1)));
        assertEquals(0, TeamDraft.outcome(List.of(0, 1)));
        assertEquals(0, TeamDraft.outcome(List.of()));
    }

    private static int picksBefore(List<TeamDraft.Pick<String>> picks, TeamDraft.Pick<String> p) {
        return picks.indexOf(p);
    }

    private static long remaining(List<String> ranking, Set<String> shown) {
        return ranking.stream().filter(x -> !shown.contains(x)).count();
    }

    private static List<String> randomRanking(SplittableRandom random, int n) {
        Set<String> ids = new java.util.LinkedHashSet<>();
        while (ids.size() < n) {
            ids.add("d" + random.nextInt(20));
        }
        return List.copyOf(ids);
    }
}
