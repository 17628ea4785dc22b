package io.stagegate.serving;

import io.smallrye.mutiny.Uni;
import io.stagegate.TextChecks;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Embedding of caller-supplied texts (OpenAI-shaped HTTP, gRPC Embed): limits, the default model (the default pair's
 * embedder), the deadline and refusal pacing, once for every transport; the work shares batches with search.
 */
public final class EmbedService {
    private final DirectInference inference;
    private final Supplier<String> defaultEmbedder;
    private final int maxInputs;
    private final Deadlines deadlines;
    private final Refusals refusals;

    /**
     * @param inputsField how the caller's wire names the list of texts ({@code input} in OpenAI's shape,
     *                    {@code inputs} in gRPC), so an error names the field the caller sent
     */
    public record EmbedCall(Optional<String> model, List<String> inputs, boolean asQueries, Optional<Duration> timeout,
                            String inputsField) {
        public EmbedCall {
            model = model == null ? Optional.empty() : model.filter(m -> !m.isEmpty());
            inputs = inputs == null ? List.of() : inputs;
            timeout = timeout == null ? Optional.empty() : timeout;
        }
    }

    public EmbedService(DirectInference inference, Supplier<String> defaultEmbedder, int maxInputs, Deadlines deadlines,
                        Refusals refusals) {
        this.inference = inference;
        this.defaultEmbedder = defaultEmbedder;
        this.maxInputs = maxInputs;
        this.deadlines = deadlines;
        this.refusals = refusals;
    }

    public Uni<DirectInference.Embeddings> embed(EmbedCall call) {
        TextChecks.requireCount(call.inputsField(), call.inputs().size(), maxInputs, "stagegate.limits.max-embedding-inputs");
        for (int i = 0; i < call.inputs().size(); i++) {
            TextChecks.requireVisible(call.inputsField() + "[" + i + "]", call.inputs().get(i));
        }
        String model = call.model().orElseGet(defaultEmbedder);
        var deadline = deadlines.of(call.timeout());
        return refusals.paced(() -> inference.embed(model, call.inputs(), call.asQueries(), deadline));
    }
}
