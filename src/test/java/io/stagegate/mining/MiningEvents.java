package io.stagegate.mining;

import io.stagegate.Document;
import io.stagegate.events.FeedbackEvent;
import io.stagegate.events.QueryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-built events for the mining tests. */
final class MiningEvents {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private MiningEvents() {
    }

    static String at(Duration offset) {
        return T0.plus(offset).toString();
    }

    /** Results take ranks 1.. in the order given; candidates take ANN ranks 1.. in the order given. */
    static QueryEvent query(String queryId, String text, Duration offset, List<String> results, List<String> candidates) {
        List<QueryEvent.Result> rs = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            int annRank = Math.max(1, candidates.indexOf(results.get(i)) + 1);
            rs.add(new QueryEvent.Result(results.get(i), i + 1, 10.0f - i, 0.9f - annRank / 100.0f, annRank));
        }
        List<QueryEvent.Candidate> cs = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            cs.add(new QueryEvent.Candidate(candidates.get(i), 0.9f - (i + 1) / 100.0f, i + 1));
        }
        return new QueryEvent(QueryEvent.SCHEMA, "ev-" + queryId, queryId, "c1", "s1", text, "http", "default",
                "all-minilm-l6-v2", null, "default", "default", null, null, null, null, results.size(), candidates.size(), false, cs, rs, results,
                new QueryEvent.Timings(1, 1, 0, 2, 0, 1, 0, 0), null, at(offset), null);
    }

    static FeedbackEvent feedback(String eventId, String queryId, String action, String docId, Integer grade,
                                  Duration offset) {
        return new FeedbackEvent(FeedbackEvent.SCHEMA, eventId, queryId, action, docId, null, grade, "c1", "s1", at(offset));
    }

    static CorpusView corpus(String... ids) {
        List<Document> docs = new ArrayList<>();
        for (String id : ids) {
            docs.add(new Document(id, "title " + id, "text of " + id, Map.of()));
        }
        return new JsonlCorpusView(docs);
    }
}
