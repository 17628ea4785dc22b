package io.stagegate.mining;

import io.stagegate.Document;
import io.stagegate.index.LuceneStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;

/**
 * A gateway data directory's corpus, read without the write lock: a {@link DirectoryReader} on the last commit, so
 * mining works while a server runs on the same directory and sees one consistent snapshot for the whole run. Field
 * names are those {@link io.stagegate.index.LuceneStore} writes.
 */
public final class LuceneCorpusView implements CorpusView {
    private static final String ID = LuceneStore.ID;
    private static final String TITLE = LuceneStore.TITLE;
    private static final String TEXT = LuceneStore.TEXT;
    private static final String VECTOR_PREFIX = LuceneStore.VECTOR_PREFIX;

    private final FSDirectory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private List<String> ids;

    private LuceneCorpusView(FSDirectory directory, DirectoryReader reader) {
        this.directory = directory;
        this.reader = reader;
        this.searcher = new IndexSearcher(reader);
    }

    /** Opens {@code <dataDir>/corpus}, the index directory of a gateway data directory. */
    public static LuceneCorpusView openDataDir(Path dataDir) {
        return open(dataDir.resolve("corpus"));
    }

    public static LuceneCorpusView open(Path indexDir) {
        if (!Files.isDirectory(indexDir)) {
            throw new IllegalArgumentException(indexDir + " is not a directory; --data-dir must name a gateway data directory"
                    + " (with a corpus/ index)");
        }
        FSDirectory dir = null;
        try {
            dir = FSDirectory.open(indexDir);
            if (!DirectoryReader.indexExists(dir)) {
                throw new IllegalArgumentException("no Lucene index in " + indexDir);
            }
            return new LuceneCorpusView(dir, DirectoryReader.open(dir));
        } catch (IOException e) {
            closeQuietly(dir);
            throw new UncheckedIOException("cannot open the corpus index at " + indexDir + " for reading", e);
        } catch (RuntimeException e) {
            closeQuietly(dir);
            throw e;
        }
    }

    @Override
    public synchronized Optional<String> text(String id) {
        try {
            TopDocs top = searcher.search(new TermQuery(new Term(ID, id)), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            var doc = searcher.storedFields().document(top.scoreDocs[0].doc);
            return Optional.of(new Document(id, doc.get(TITLE), doc.get(TEXT), Map.of()).embeddingText());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read document " + id, e);
        }
    }

    @Override
    public synchronized Optional<float[]> vector(String embedderId, String id) {
        try {
            TopDocs top = searcher.search(new TermQuery(new Term(ID, id)), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            int doc = top.scoreDocs[0].doc;
            LeafReaderContext leaf = reader.leaves().get(org.apache.lucene.index.ReaderUtil.subIndex(doc, reader.leaves()));
            FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR_PREFIX + embedderId);
            if (values == null) {
                return Optional.empty();
            }
            KnnVectorValues.DocIndexIterator it = values.iterator();
            int local = doc - leaf.docBase;
            if (it.advance(local) != local) {
                return Optional.empty();
            }
            return Optional.of(values.vectorValue(it.index()).clone());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the vector of document " + id, e);
        }
    }

    /** Read once, on first use: only the random-document draw of the report needs them. */
    @Override
    public synchronized List<String> ids() {
        if (ids == null) {
            List<String> all = new ArrayList<>(reader.numDocs());
            try {
                for (LeafReaderContext leaf : reader.leaves()) {
                    Bits live = leaf.reader().getLiveDocs();
                    StoredFields fields = leaf.reader().storedFields();
                    for (int d = 0; d < leaf.reader().maxDoc(); d++) {
                        if (live == null || live.get(d)) {
                            all.add(fields.document(d, Set.of(ID)).get(ID));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list document ids", e);
            }
            ids = List.copyOf(all);
        }
        return ids;
    }

    @Override
    public void close() {
        try {
            reader.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the corpus index", e);
        }
    }

    private static void closeQuietly(FSDirectory dir) {
        if (dir != null) {
            try {
                dir.close();
            } catch (IOException ignored) {
                // the open failure is the error worth reporting
            }
        }
    }
}
