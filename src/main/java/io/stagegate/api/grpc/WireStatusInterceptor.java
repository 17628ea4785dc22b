package io.stagegate.api.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Prioritized;

/**
 * Two repairs of the Vert.x gRPC transport that serves gRPC on the HTTP port, done where every call passes:
 * <ul>
 *   <li>The status message goes out encoded per the gRPC spec (see {@link StatusMessages}) in our own grpc-message
 *   trailer, and the status itself carries none, so the transport's URL encoding never touches it.</li>
 *   <li>A request whose one message could not be parsed reaches the service as a half-close without a message, which
 *   grpc-java answers INTERNAL. It is the client's fault: INVALID_ARGUMENT saying so.</li>
 * </ul>
 * Only for the shared-port (Vert.x) server: a separate grpc-java server encodes messages itself and would drop ours.
 */
@GlobalInterceptor
@ApplicationScoped
public class WireStatusInterceptor implements ServerInterceptor, Prioritized {
    static final Metadata.Key<String> MESSAGE = Metadata.Key.of("grpc-message", Metadata.ASCII_STRING_MARSHALLER);

    /** Outermost: Quarkus sorts global interceptors by priority and the last one sees a call first. */
    @Override
    public int getPriority() {
        return Integer.MAX_VALUE / 2;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        SpecEncodedCall<Q, R> wrapped = new SpecEncodedCall<>(call);
        ServerCall.Listener<Q> listener = next.startCall(wrapped, headers);
        if (!call.getMethodDescriptor().getType().clientSendsOneMessage()) {
            return listener;
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            private boolean received;

            @Override
            public void onMessage(Q message) {
                received = true;
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (received) {
                    super.onHalfClose();
                } else {
                    try {
                        wrapped.close(Status.INVALID_ARGUMENT.withDescription("the request could not be parsed as a "
                                + typeName(call) + " message (malformed or missing protobuf)"), new Metadata());
                    } catch (IllegalStateException answered) {
                        // The transport already answered (a message over the size limit): nothing left to say.
                    }
                }
            }
        };
    }

    private static String typeName(ServerCall<?, ?> call) {
        if (call.getMethodDescriptor().getRequestMarshaller() instanceof io.grpc.MethodDescriptor.PrototypeMarshaller<?> p
                && p.getMessagePrototype() instanceof com.google.protobuf.Message m) {
            return m.getDescriptorForType().getFullName();
        }
        return call.getMethodDescriptor().getFullMethodName() + " request";
    }

    private static final class SpecEncodedCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
        private boolean closed;

        SpecEncodedCall(ServerCall<Q, R> delegate) {
            super(delegate);
        }

        @Override
        public synchronized void close(Status status, Metadata trailers) {
            if (closed) {
                return;
            }
            closed = true;
            if (status.getDescription() != null) {
                trailers.removeAll(MESSAGE);
                trailers.put(MESSAGE, StatusMessages.encode(status.getDescription()));
                status = Status.fromCode(status.getCode()).withCause(status.getCause());
            }
            super.close(status, trailers);
        }
    }
}
