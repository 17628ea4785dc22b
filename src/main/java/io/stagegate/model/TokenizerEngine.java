package io.stagegate.model;

import java.util.List;

/**
 * One implementation of tokenizer.json semantics behind {@link Tokenizer}: the pure-Java WordPiece pipeline or DJL's
 * native binding. Both truncate as Tokenizer documents and never pad.
 */
interface TokenizerEngine extends AutoCloseable {
    /** [CLS] text [SEP], cut to the window (longest first). */
    Encoded encode(String text);

    List<Encoded> encodeAll(List<String> texts);

    /** [CLS] first [SEP] second [SEP]; only the second sequence loses tokens to the window. */
    Encoded encodePair(String first, String second);

    /** Tokens without special tokens, cut to the window. */
    TokenSpans spans(String text);

    @Override
    void close();
}
