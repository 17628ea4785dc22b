package io.stagegate.mining;

import java.util.List;
import java.util.Map;

/**
 * What one mining run produced and how every input was accounted for.
 *
 * @param counts  events seen, duplicates dropped, feedback joined or not (and why), texts not found
 * @param skipped queries (mined) or query texts (refresh) that gave no example, by reason
 */
public record MiningRun(TrainingExample.Mode mode, List<TrainingExample> examples, Map<String, Long> counts,
                        Map<String, Long> skipped) {
    public MiningRun {
        examples = List.copyOf(examples);
        counts = Map.copyOf(counts);
        skipped = Map.copyOf(skipped);
    }
}
