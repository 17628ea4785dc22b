package io.stagegate.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.Document;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The small corpus the project writes and ships, indexed on a first start so the first search finds something. */
public final class DemoCorpus {
    public static final String RESOURCE = "demo/corpus.jsonl";

    private DemoCorpus() {
    }

    public static List<Document> load() {
        InputStream in = DemoCorpus.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is missing from the classpath");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return BeirCorpusReader.read(reader, new ObjectMapper());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
