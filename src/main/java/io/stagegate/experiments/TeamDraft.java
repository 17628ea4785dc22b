package io.stagegate.experiments;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Team-draft interleaving (Radlinski, Kurup and Joachims, CIKM 2008): two teams pick in turns, like captains choosing
 * players; the team with fewer picks so far goes next, a coin decides ties; each picks its highest-ranked document not
 * yet shown. Every shown document remembers its team, so a click credits exactly one ranker, and at every prefix the
 * teams differ by at most one pick, so neither ranker gets more exposure at the top.
 */
public final class TeamDraft {
    private TeamDraft() {
    }

    /** One shown item and the team (0: first ranking, 1: second) that picked it. */
    public record Pick<T>(T item, int team) {
    }

    /**
     * Merges two rankings into at most {@code k} items. {@code seed} drives the coin flips (derive it from the request,
     * so a query's interleaving is reproducible); {@code id} identifies an item across the two rankings.
     */
    public static <T> List<Pick<T>> merge(List<T> first, List<T> second, int k, long seed, Function<T, String> id) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, was " + k);
        }
        SplittableRandom coin = new SplittableRandom(seed);
        List<Pick<T>> out = new ArrayList<>(k);
        Set<String> shown = new HashSet<>();
        int[] picks = new int[2];
        int[] next = new int[2];
        List<List<T>> rankings = List.of(first, second);
        while (out.size() < k) {
            boolean firstHasMore = skipShown(first, next, 0, shown, id);
            boolean secondHasMore = skipShown(second, next, 1, shown, id);
            if (!firstHasMore && !secondHasMore) {
                break;
            }
            int team;
            if (!firstHasMore) {
                team = 1;
            } else if (!secondHasMore) {
                team = 0;
            } else if (picks[0] != picks[1]) {
                team = picks[0] < picks[1] ? 0 : 1;
            } else {
                team = coin.nextBoolean() ? 0 : 1;
            }
            T item = rankings.get(team).get(next[team]++);
            shown.add(id.apply(item));
            picks[team]++;
            out.add(new Pick<>(item, team));
        }
        return out;
    }

    /** Advances a team's cursor past items already shown; whether it has any left. */
    private static <T> boolean skipShown(List<T> ranking, int[] next, int team, Set<String> shown, Function<T, String> id) {
        while (next[team] < ranking.size() && shown.contains(id.apply(ranking.get(next[team])))) {
            next[team]++;
        }
        return next[team] < ranking.size();
    }

    /** Outcome of one interleaved query from its clicks: positive when the first team got more clicked documents. */
    public static int outcome(List<Integer> clickedTeams) {
        int first = 0;
        int second = 0;
        for (int team : clickedTeams) {
            if (team == 0) {
                first++;
            } else {
                second++;
            }
        }
        return Integer.compare(first, second);
    }
}
