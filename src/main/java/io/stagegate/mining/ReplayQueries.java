package io.stagegate.mining;

import io.stagegate.eval.BeirDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The judged queries of a BEIR split with their grades, read by {@link BeirDataset#judgements} without corpus.jsonl:
 * replay only sends queries, and a corpus can be gigabytes.
 */
public record ReplayQueries(Map<String, String> texts, Map<String, Map<String, Integer>> grades) {

    public static ReplayQueries load(Path dir, String split) throws IOException {
        BeirDataset.Judgements judged = BeirDataset.judgements(dir, split);
        Map<String, String> texts = new LinkedHashMap<>();
        judged.qrels().keySet().forEach(id -> texts.put(id, judged.queries().get(id)));
        return new ReplayQueries(texts, judged.qrels());
    }

    /** One session per replayed query, in the alphabet the feedback endpoint accepts. */
    public static String sessionId(String queryId) {
        String s = "replay-" + queryId.replaceAll("[^A-Za-z0-9._:-]", "_");
        return s.length() > 128 ? s.substring(0, 128) : s;
    }
}
