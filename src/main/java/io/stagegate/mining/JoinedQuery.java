package io.stagegate.mining;

import io.stagegate.events.QueryEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A query event with the feedback that joined it: positives in the order first signalled, explicit negatives with why,
 * and its ranking (the results in final rank order, then the remaining ANN candidates in ANN order).
 */
record JoinedQuery(QueryEvent event, List<String> positives, Map<String, NegativeSource> explicitNegatives,
                   List<Ranked> ranking) {

    /** A document's 1-based place in the ranking, the score it was ranked by, and its ANN rank and score. */
    record Ranked(String docId, int rank, double score, int annRank, double annScore) {
    }

    JoinedQuery {
        positives = List.copyOf(positives);
        explicitNegatives = Collections.unmodifiableMap(new LinkedHashMap<>(explicitNegatives));
        ranking = List.copyOf(ranking);
    }

    static List<Ranked> rankingOf(QueryEvent event) {
        List<Ranked> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        event.results().stream().sorted(Comparator.comparingInt(QueryEvent.Result::rank)).forEach(r -> {
            if (seen.add(r.docId())) {
                out.add(new Ranked(r.docId(), out.size() + 1, r.score(), r.annRank(), r.annScore()));
            }
        });
        event.candidates().stream().sorted(Comparator.comparingInt(QueryEvent.Candidate::annRank)).forEach(c -> {
            if (seen.add(c.docId())) {
                out.add(new Ranked(c.docId(), out.size() + 1, c.annScore(), c.annRank(), c.annScore()));
            }
        });
        return out;
    }

    Optional<Ranked> ranked(String docId) {
        return ranking.stream().filter(r -> r.docId().equals(docId)).findFirst();
    }

    String normalisedText() {
        return QueryText.normalise(event.userQuery());
    }
}
