package io.stagegate.index;

import io.stagegate.Candidate;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** One BM25 field over the corpus. Blocking: call it from a bounded search executor. */
public interface LexicalIndex {
    /** The analyzer name, e.g. {@code en}. */
    String analyzer();

    /** The k best documents by BM25 for the query's analysed terms, best first; empty when no term survives analysis. */
    List<Candidate> search(String query, int k);

    /** As {@link #search}, saying whether every part of the index answered (an embedded index always does). */
    default Hits searchHits(String query, int k) {
        return Hits.complete(search(query, k));
    }

    /** As {@link #searchHits(String, int)}, among documents that match {@code filter} (null: all). */
    default Hits searchHits(String query, int k, io.stagegate.Filter filter) {
        if (filter == null) {
            return searchHits(query, k);
        }
        throw io.stagegate.StagegateException.invalid("this index backend does not support filter yet");
    }

    /** BM25 scores of the given documents for the query; documents that match no term are absent. */
    Map<String, Double> scores(String query, Collection<String> documentIds);

    /** Documents indexed in this field. */
    int size();
}
