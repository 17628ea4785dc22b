package io.stagegate.cli;

import io.stagegate.model.BuiltinCheckpoints;
import io.stagegate.model.CheckpointDirectory;
import io.stagegate.model.CrossEncoderGenerator;
import io.stagegate.model.ModelFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes the synthetic cross-encoder as a user checkpoint directory, e.g. to test the by-path loading or to hand the
 * contract's shape to other tools. Its scores carry no relevance signal.
 */
@Command(name = "generate-cross-encoder", mixinStandardHelpOptions = true,
        description = "Write a synthetic cross-encoder (MiniLM-L6 encoder + seeded classification head) as a checkpoint dir.")
final class GenerateCrossEncoderCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Directory to create")
    Path out;

    @Option(names = "--seed", defaultValue = "" + CrossEncoderGenerator.DEFAULT_SEED, description = "Head weight seed")
    long seed;

    @Override
    public Integer call() throws Exception {
        ModelFiles base = BuiltinCheckpoints.find("all-minilm-l6-v2").orElseThrow().files().get();
        ModelFiles files = new ModelFiles(CrossEncoderGenerator.appendHead(base.onnx(), seed), base.tokenizerJson());
        CheckpointDirectory.write(out, files, new CheckpointDirectory.Descriptor("cross-encoder", null, false, 512, "", "",
                "logits", "batched"));
        System.out.println("wrote " + out.resolve(CheckpointDirectory.MODEL) + " (" + files.onnx().length + " bytes), "
                + CheckpointDirectory.TOKENIZER + " and " + CheckpointDirectory.DESCRIPTOR);
        return 0;
    }
}
