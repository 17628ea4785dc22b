package io.stagegate.api.http;

import io.stagegate.StagegateException;

/** OpenAI's encoding_format: a JSON float array, or base64 of little-endian float32 bytes. */
enum EmbeddingFormat {
    FLOAT, BASE64;

    static EmbeddingFormat parse(String value) {
        if (value == null || value.equals("float")) {
            return FLOAT;
        }
        if (value.equals("base64")) {
            return BASE64;
        }
        throw StagegateException.invalid("encoding_format must be 'float' or 'base64', was '" + value + "'");
    }
}
