package io.stagegate.mining;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.Document;
import io.stagegate.index.BeirCorpusReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A BEIR corpus.jsonl held in memory. */
public final class JsonlCorpusView implements CorpusView {
    private final Map<String, String> texts;
    private final List<String> ids;

    public JsonlCorpusView(List<Document> documents) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Document d : documents) {
            map.put(d.id(), d.embeddingText());
        }
        this.texts = map;
        this.ids = List.copyOf(map.keySet());
    }

    public static JsonlCorpusView read(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new JsonlCorpusView(BeirCorpusReader.read(r, new ObjectMapper()));
        }
    }

    @Override
    public Optional<String> text(String id) {
        return Optional.ofNullable(texts.get(id));
    }

    @Override
    public List<String> ids() {
        return ids;
    }
}
