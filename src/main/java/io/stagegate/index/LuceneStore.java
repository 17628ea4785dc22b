package io.stagegate.index;

import io.stagegate.Document;
import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * The corpus in one Lucene index: stored fields once per document, one HNSW vector field per embedder
 * ({@code vec.<checkpoint id>}) and one BM25 field per configured analyzer ({@code lex.<analyzer>}, title and text),
 * so replacing a document, all its vectors and its BM25 terms is a single atomic update. Readers see only committed
 * state: a batch that fails half-way is rolled back and never becomes visible.
 */
public final class LuceneStore implements DocumentStore {
    /** Field names; public so read-only views of a data directory (the miner's) read what this class writes. */
    public static final String ID = "id";
    public static final String TITLE = "title";
    public static final String TEXT = "text";
    static final String METADATA = "metadata";
    public static final String VECTOR_PREFIX = "vec.";
    public static final String LEXICAL_PREFIX = "lex.";
    /**
     * One term per analyzer a document was indexed with: which documents need the BM25 backfill does not depend on
     * whether their text left any term after analysis.
     */
    static final String LEXICAL_MARK = "lexed";

    private final Path dir;
    private final LexicalSettings lexical;
    private final Map<String, Analyzer> analyzers = new LinkedHashMap<>();
    private final BM25Similarity similarity;
    private final FSDirectory directory;
    private final java.util.function.Supplier<IndexWriterConfig> configFactory;
    private final DocumentCache documents;
    private IndexWriter writer;
    private SearcherManager searchers;
    private final MetadataFields metadata = new MetadataFields();
    private final LuceneFilters filters = new LuceneFilters(metadata);

    public LuceneStore(Path dir, HnswSettings hnsw) {
        this(dir, hnsw, LexicalSettings.none());
    }

    public LuceneStore(Path dir, HnswSettings hnsw, LexicalSettings lexical) {
        this(dir, hnsw, lexical, DocumentCache.off());
    }

    public LuceneStore(Path dir, HnswSettings hnsw, LexicalSettings lexical, DocumentCache documents) {
        this.dir = dir;
        this.lexical = lexical;
        this.documents = documents;
        this.similarity = new BM25Similarity((float) lexical.k1(), (float) lexical.b());
        Map<String, Analyzer> perField = new HashMap<>();
        for (String name : lexical.analyzers()) {
            Analyzer analyzer = LexicalAnalyzers.create(name);
            analyzers.put(name, analyzer);
            perField.put(lexicalField(name), analyzer);
        }
        this.configFactory = () -> hnsw.writerConfig(new PerFieldAnalyzerWrapper(new KeywordAnalyzer(), perField),
                similarity);
        try {
            this.directory = FSDirectory.open(dir);
            openWriter();
        } catch (LockObtainFailedException e) {
            throw new StagegateException(ErrorKind.UNAVAILABLE, "data directory " + dir
                    + " is in use by another Stagegate process (stop it, or choose another --data-dir)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open index at " + dir, e);
        }
    }

    private void openWriter() throws IOException {
        writer = new IndexWriter(directory, configFactory.get());
        if (writer.getDocStats().maxDoc == 0 && !org.apache.lucene.index.DirectoryReader.indexExists(directory)) {
            writer.commit();
        }
        searchers = new SearcherManager(directory, new SearcherFactory() {
            @Override
            public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                IndexSearcher searcher = new IndexSearcher(reader);
                searcher.setSimilarity(similarity);
                return searcher;
            }
        });
        IndexSearcher s = searchers.acquire();
        try {
            metadata.reload(s.getIndexReader());
        } finally {
            searchers.release(s);
        }
    }

    public Path dir() {
        return dir;
    }

    static String vectorField(String embedderId) {
        return VECTOR_PREFIX + embedderId;
    }

    static String lexicalField(String analyzer) {
        return LEXICAL_PREFIX + analyzer;
    }

    public LexicalSettings lexicalSettings() {
        return lexical;
    }

    @Override
    public synchronized void upsert(List<StoredDocument> documents) {
        write(documents.stream().map(DocumentChange::upsert).toList(), null);
    }

    /**
     * Upserts documents read from a replication topic and records, in the same commit, the topic offsets they bring
     * this index up to ({@code nextOffsets}: partition to the next offset to read), so after a crash the index and the
     * offsets it resumes from can never disagree. Partitions not named keep the offsets recorded before.
     */
    public synchronized void upsert(List<StoredDocument> documents, String topic, Map<Integer, Long> nextOffsets) {
        apply(documents.stream().map(DocumentChange::upsert).toList(), topic, nextOffsets);
    }

    /** Upserts and deletes in their order, with the topic offsets they bring this index up to, in one commit. */
    public synchronized void apply(List<DocumentChange> changes, String topic, Map<Integer, Long> nextOffsets) {
        write(changes, CommitOffsets.with(writer.getLiveCommitData(), topic, nextOffsets));
    }

    @Override
    public synchronized int delete(List<String> ids) {
        int present = (int) ids.stream().distinct().filter(id -> get(id).isPresent()).count();
        write(ids.stream().map(DocumentChange::delete).toList(), null);
        return present;
    }

    @Override
    public List<String> matching(io.stagegate.Filter filter, int limit) {
        Query q = filterQuery(filter);
        return withSearcher(s -> StoredReads.ids(s, q, limit));
    }

    @Override
    public synchronized boolean delete(String id) {
        return delete(List.of(id)) == 1;
    }

    /** The next offset to read per partition of {@code topic}, as last committed with the documents; empty if none. */
    public synchronized Map<Integer, Long> committedOffsets(String topic) {
        return CommitOffsets.of(writer.getLiveCommitData(), topic);
    }

    private void write(List<DocumentChange> changes, Map<String, String> commitData) {
        Map<String, MetadataFields.Type> added = metadata.check(changes.stream().filter(c -> !c.isDelete())
                .map(c -> c.document().document()).toList());
        metadata.commit(added);
        try {
            for (DocumentChange c : changes) {
                if (c.isDelete()) {
                    writer.deleteDocuments(new Term(ID, c.id()));
                } else {
                    writer.updateDocument(new Term(ID, c.id()), toLucene(c.document()));
                }
            }
            if (commitData != null) {
                writer.setLiveCommitData(commitData.entrySet());
            }
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException | RuntimeException e) {
            rollback();
            if (e instanceof IllegalArgumentException iae) {
                throw StagegateException.invalid("document rejected by the index: " + iae.getMessage());
            }
            throw e instanceof StagegateException se ? se : StagegateException.internal("index write failed: " + e, e);
        }
    }

    @Override
    public synchronized int addVectors(String embedderId, List<StoredDocument> read, List<float[]> vectors) {
        if (read.size() != vectors.size()) {
            throw new IllegalArgumentException("one vector per document: " + vectors.size() + " for " + read.size());
        }
        try {
            // Writers are serialised by this lock and every write refreshes the searcher, so this reads the latest state.
            List<StoredDocument> merged = withSearcher(s -> StoredReads.withVector(s, embedderId, read, vectors));
            for (StoredDocument d : merged) {
                writer.updateDocument(new Term(ID, d.document().id()), toLucene(d));
            }
            int written = merged.size();
            writer.commit();
            searchers.maybeRefreshBlocking();
            return written;
        } catch (IOException | RuntimeException e) {
            rollback();
            throw e instanceof StagegateException se ? se : StagegateException.internal("index write failed: " + e, e);
        }
    }

    /** Drops everything since the last commit; IndexWriter.rollback closes the writer, so open a fresh one. */
    private void rollback() {
        try {
            writer.rollback();
            searchers.close();
            openWriter();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reopen index after a failed write at " + dir, e);
        }
    }

    /** A search hit's document, through the document cache. */
    Document hitDocument(IndexSearcher searcher, StoredFields fields, int doc) throws IOException {
        return documents.document(searcher, fields, doc);
    }

    public DocumentCache documentCache() {
        return documents;
    }

    static Document fromLucene(org.apache.lucene.document.Document doc) {
        return LuceneDocuments.fromLucene(doc);
    }

    private org.apache.lucene.document.Document toLucene(StoredDocument stored) {
        return LuceneDocuments.toLucene(stored, analyzers.keySet(), metadata);
    }

    @Override
    public void check(List<Document> documents) {
        metadata.check(documents);
    }

    /** A filter as a Lucene query over the metadata fields (400 for unknown fields and wrong value types). */
    org.apache.lucene.search.Query filterQuery(io.stagegate.Filter filter) {
        return filters.query(filter);
    }

    /** The filterable metadata fields and their types. */
    public Map<String, String> metadataFields() {
        return metadata.known();
    }

    @Override
    public int size() {
        return withSearcher(s -> s.getIndexReader().numDocs());
    }

    @Override
    public Optional<Document> get(String id) {
        return withSearcher(s -> StoredReads.byId(s, id));
    }

    @Override
    public List<StoredDocument> missingVectors(String embedderId, int limit) {
        Query lacking = new FieldExistsQuery(vectorField(embedderId));
        return withSearcher(s -> StoredReads.lacking(s, lacking, limit));
    }

    /**
     * Up to {@code limit} stored documents that lack a BM25 field of a configured analyzer (a store created before the
     * analyzer was configured), with the vectors they carry, so upserting them again adds the field and keeps the rest.
     */
    @Override
    public List<StoredDocument> missingLexical(int limit) {
        if (analyzers.isEmpty()) {
            return List.of();
        }
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        for (String analyzer : analyzers.keySet()) {
            all.add(new TermQuery(new Term(LEXICAL_MARK, analyzer)), BooleanClause.Occur.FILTER);
        }
        Query lacking = all.build();
        return withSearcher(s -> StoredReads.lacking(s, lacking, limit));
    }

    /**
     * Every stored document with all its vectors, from one consistent snapshot, handed to {@code sink} in batches of up
     * to {@code batchSize}: what moving a corpus to another backend copies, with nothing embedded again.
     */
    public int export(int batchSize, java.util.function.Consumer<List<StoredDocument>> sink) {
        return withSearcher(s -> StoredReads.export(s, batchSize, sink));
    }

    @Override
    public VectorIndex vectorIndex(String embedderId) {
        return new LuceneVectorIndex(this, embedderId, vectorField(embedderId));
    }

    @Override
    public List<String> lexicalAnalyzers() {
        return lexical.analyzers();
    }

    @Override
    public LexicalIndex lexicalIndex(String analyzer) {
        Analyzer a = analyzers.get(analyzer);
        if (a == null) {
            throw new IllegalArgumentException("lexical field '" + analyzer + "' is not indexed; indexed: "
                    + lexical.analyzers() + " (stagegate.index.lexical)");
        }
        return new LuceneLexicalIndex(this, analyzer, lexicalField(analyzer), a);
    }

    interface SearcherFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    <T> T withSearcher(SearcherFunction<T> fn) {
        SearcherManager manager = searchers;
        try {
            IndexSearcher searcher = manager.acquire();
            try {
                return fn.apply(searcher);
            } finally {
                manager.release(searcher);
            }
        } catch (IOException e) {
            throw StagegateException.internal("index read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            searchers.close();
            writer.close();
            directory.close();
            analyzers.values().forEach(Analyzer::close);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close index at " + dir, e);
        }
    }
}
