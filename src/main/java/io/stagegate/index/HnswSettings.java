package io.stagegate.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.similarities.Similarity;

/** HNSW construction parameters of every vector field (Lucene's M and beam width), and the writer that uses them. */
public record HnswSettings(int m, int beamWidth) {
    public HnswSettings {
        if (m < 2 || m > 512) {
            throw new IllegalArgumentException("hnsw m must be 2..512, was " + m);
        }
        if (beamWidth < 2 || beamWidth > 3200) {
            throw new IllegalArgumentException("hnsw beam width must be 2..3200, was " + beamWidth);
        }
    }

    public static HnswSettings defaults() {
        return new HnswSettings(16, 100);
    }

    /** An index writer's configuration: these HNSW parameters for every vector field, the analyzers, BM25. */
    IndexWriterConfig writerConfig(Analyzer analyzer, Similarity similarity) {
        IndexWriterConfig config = new IndexWriterConfig(analyzer);
        config.setSimilarity(similarity);
        config.setCodec(new Lucene103Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return new Lucene99HnswVectorsFormat(m, beamWidth);
            }
        });
        config.setRAMBufferSizeMB(64);
        return config;
    }
}
