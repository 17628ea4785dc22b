package io.stagegate.config;

import io.stagegate.CheckpointPair;
import io.stagegate.catalog.PairDefinition;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@code stagegate.pairs.<id>.*} as the one pair model, {@link PairDefinition}, which applies the defaults and
 * validates configured pairs exactly as it does pairs created at run time; errors name the configuration key.
 */
public final class PairFactory {
    private PairFactory() {
    }

    public static Map<String, CheckpointPair> pairs(StagegateConfig config) {
        Map<String, CheckpointPair> pairs = new TreeMap<>();
        List<String> indexed = lexical(config);
        config.pairs().forEach((id, p) -> pairs.put(id, pair(id, p, indexed)));
        return pairs;
    }

    public static CheckpointPair pair(String id, StagegateConfig.PairConfig p, List<String> indexed) {
        String key = "stagegate.pairs." + id;
        return definition(id, p).toPair(key + ".", key + ": ", indexed);
    }

    /** The configuration form of a pair as the definition the admin API and the data directory also use. */
    public static PairDefinition definition(String id, StagegateConfig.PairConfig p) {
        StagegateConfig.RescoreConfig r = p.rescore();
        return new PairDefinition(id, p.embedder(), p.retriever().wireName(), p.lexical().orElse(null), fusion(p.fusion()),
                p.reranker().orElse(null), new PairDefinition.RescoreDefinition(r.embedders().orElse(null), r.bm25(),
                fusion(r.fusion())), p.candidates().orElse(null), p.topN().orElse(null));
    }

    private static PairDefinition.FusionDefinition fusion(StagegateConfig.FusionConfig f) {
        return new PairDefinition.FusionDefinition(f.method().wireName(), f.rrfK(), f.weights().orElse(null),
                f.normalization().wireName());
    }

    /** The configuration lines that declare {@code pair} (what `eval --grid` prints for its recommendation). */
    public static List<String> lines(CheckpointPair pair) {
        return PairDefinition.lines(pair);
    }

    /** Analyzers the configuration indexes, in order. */
    public static List<String> lexical(StagegateConfig config) {
        return config.index().lexical().orElse(List.of());
    }
}
