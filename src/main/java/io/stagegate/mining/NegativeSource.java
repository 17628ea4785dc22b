package io.stagegate.mining;

/** Why a document is a negative: it was ranked high without positive feedback, or a user said it was not relevant. */
public enum NegativeSource {
    RANKED("ranked"), THUMBS_DOWN("thumbs_down"), GRADED_ZERO("graded_zero");

    private final String wire;

    NegativeSource(String wire) {
        this.wire = wire;
    }

    /** The value in the training schema's {@code neg_sources}. */
    public String wire() {
        return wire;
    }
}
