package io.stagegate.catalog;

import io.stagegate.config.StagegateConfig;

import io.stagegate.CheckpointPair;
import io.stagegate.StagegateException;
import java.util.List;
import java.util.Optional;

/**
 * A pair definition from the admin API read through the same {@link PairFactory} as configured pairs: the definition
 * is presented as a {@link StagegateConfig.PairConfig} with the configuration's defaults, and errors name the field
 * without the configuration prefix.
 */
public final class PairDefinitions {
    private PairDefinitions() {
    }

    public static CheckpointPair pair(PairDefinition d, List<String> indexedLexical) {
        if (d.id() == null || !d.id().matches(PairDefinition.ID_PATTERN)) {
            throw StagegateException.invalid("id must match " + PairDefinition.ID_PATTERN + ", was "
                    + (d.id() == null ? "missing" : "'" + d.id() + "'"));
        }
        if (d.embedder() == null || d.embedder().isBlank()) {
            throw StagegateException.invalid("embedder must name an embedder checkpoint");
        }
        try {
            return PairFactory.pair(d.id(), config(d), indexedLexical);
        } catch (IllegalArgumentException e) {
            String prefix = "stagegate.pairs." + d.id();
            throw StagegateException.invalid(e.getMessage().replace(prefix + ".", "").replace(prefix + ": ", ""));
        }
    }

    private static StagegateConfig.PairConfig config(PairDefinition d) {
        int topN = d.topN() == null ? 10 : d.topN();
        int candidates = d.candidates() == null ? Math.max(100, topN) : d.candidates();
        return new StagegateConfig.PairConfig() {
            @Override
            public String embedder() {
                return d.embedder();
            }

            @Override
            public String retriever() {
                return d.retriever() == null ? "dense" : d.retriever();
            }

            @Override
            public Optional<String> lexical() {
                return Optional.ofNullable(d.lexical());
            }

            @Override
            public StagegateConfig.FusionConfig fusion() {
                return PairDefinitions.fusion(d.fusion());
            }

            @Override
            public Optional<String> reranker() {
                return Optional.ofNullable(d.reranker()).filter(r -> !r.isBlank());
            }

            @Override
            public StagegateConfig.RescoreConfig rescore() {
                PairDefinition.RescoreDefinition r = d.rescore();
                return new StagegateConfig.RescoreConfig() {
                    @Override
                    public Optional<List<String>> embedders() {
                        return r == null ? Optional.empty() : Optional.ofNullable(r.embedders());
                    }

                    @Override
                    public boolean bm25() {
                        return r != null && Boolean.TRUE.equals(r.bm25());
                    }

                    @Override
                    public StagegateConfig.FusionConfig fusion() {
                        return PairDefinitions.fusion(r == null ? null : r.fusion());
                    }
                };
            }

            @Override
            public int candidates() {
                return candidates;
            }

            @Override
            public int topN() {
                return topN;
            }
        };
    }

    private static StagegateConfig.FusionConfig fusion(PairDefinition.FusionDefinition f) {
        return new StagegateConfig.FusionConfig() {
            @Override
            public String method() {
                return f == null || f.method() == null ? "rrf" : f.method();
            }

            @Override
            public int rrfK() {
                return f == null || f.rrfK() == null ? 60 : f.rrfK();
            }

            @Override
            public Optional<List<Double>> weights() {
                return f == null ? Optional.empty() : Optional.ofNullable(f.weights());
            }

            @Override
            public String normalization() {
                return f == null || f.normalization() == null ? "minmax" : f.normalization();
            }
        };
    }
}
