package io.stagegate.cli;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.stagegate.api.grpc.v1.EmbedRequest;
import io.stagegate.api.grpc.v1.FeedbackRequest;
import io.stagegate.api.grpc.v1.RerankRequest;
import io.stagegate.api.grpc.v1.SearchRequest;
import io.stagegate.api.grpc.v1.StagegateGrpc;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stagegate grpc-call}: one gRPC call to a gateway with a JSON request (proto3 JSON mapping), printing the
 * response, or each streamed event, as JSON. A client for trying the gRPC API without grpcurl, and the runnable gRPC
 * example of the docs.
 */
@Command(name = "grpc-call", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Call the gateway's gRPC API (stagegate.v1.Stagegate) with a JSON request; print JSON responses.")
final class GrpcCallCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Search, SearchStream, Embed, Rerank or Feedback")
    String method;

    @Parameters(index = "1", description = "The request as JSON, e.g. '{\"query\": \"bees\", \"top_n\": 3}'")
    String request;

    @Option(names = "--target", defaultValue = "localhost:8080", description = "host:port (default ${DEFAULT-VALUE})")
    String target;

    @Option(names = {"-H", "--header"}, description = "Metadata as name=value, e.g. x-client-id=u-1 (repeatable)")
    Map<String, String> headers = Map.of();

    @Option(names = "--deadline-ms", defaultValue = "30000", description = "The call's deadline (default ${DEFAULT-VALUE})")
    long deadlineMs;

    private final PrintStream out;

    GrpcCallCommand() {
        this(System.out);
    }

    GrpcCallCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
        try {
            Metadata md = new Metadata();
            headers.forEach((k, v) -> md.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
            StagegateGrpc.StagegateBlockingStub stub = StagegateGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
                    .withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS);
            JsonFormat.Printer printer = JsonFormat.printer();
            switch (method) {
                case "Search" -> print(printer, stub.search(parse(request, SearchRequest.newBuilder())));
                case "SearchStream" -> stub.searchStream(parse(request, SearchRequest.newBuilder()))
                        .forEachRemaining(e -> print(printer, e));
                case "Embed" -> print(printer, stub.embed(parse(request, EmbedRequest.newBuilder())));
                case "Rerank" -> print(printer, stub.rerank(parse(request, RerankRequest.newBuilder())));
                case "Feedback" -> print(printer, stub.feedback(parse(request, FeedbackRequest.newBuilder())));
                default -> throw new IllegalArgumentException("method must be one of " + List.of("Search", "SearchStream",
                        "Embed", "Rerank", "Feedback") + ", was '" + method + "'");
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        return 0;
    }

    /** Unknown fields are refused, as the HTTP API refuses them. */
    @SuppressWarnings("unchecked")
    private static <T extends Message> T parse(String json, Message.Builder builder) throws Exception {
        JsonFormat.parser().merge(json, builder);
        return (T) builder.build();
    }

    private void print(JsonFormat.Printer printer, Message m) {
        try {
            out.println(printer.print(m));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
