package io.stagegate;

/** Which wire a search arrived on; recorded in query events and metrics. */
public enum Transport {
    HTTP("http"), HTTP_STREAM("http-stream"), GRPC("grpc"), GRPC_STREAM("grpc-stream");

    private final String wire;

    Transport(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
