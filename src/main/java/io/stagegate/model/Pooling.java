package io.stagegate.model;

/** How token states become one vector. */
public enum Pooling {
    /** Mean of the token states under the attention mask (sentence-transformers MiniLM). */
    MEAN,
    /** The first token's state (BGE). */
    CLS
}
