package io.stagegate.api.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/**
 * Makes the caller's {@code grpc-timeout} visible as the call's deadline. When gRPC shares the HTTP port, calls are
 * bridged from Vert.x and the grpc-java Context carries no deadline of its own, so it is read from the header here.
 */
@GlobalInterceptor
@ApplicationScoped
public class DeadlineInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> TIMEOUT = Metadata.Key.of("grpc-timeout", Metadata.ASCII_STRING_MARSHALLER);
    static final Context.Key<Long> DEADLINE_NANOS = Context.key("stagegate-deadline-nanos");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Long nanos = parse(headers.get(TIMEOUT));
        io.grpc.Deadline own = Context.current().getDeadline();
        if (own != null) {
            nanos = nanos == null ? own.timeRemaining(TimeUnit.NANOSECONDS)
                    : Math.min(nanos, own.timeRemaining(TimeUnit.NANOSECONDS));
        }
        if (nanos == null) {
            return next.startCall(call, headers);
        }
        Context context = Context.current().withValue(DEADLINE_NANOS, System.nanoTime() + nanos);
        return Contexts.interceptCall(context, call, headers, next);
    }

    /** The gRPC wire format: up to 8 digits and a unit (H, M, S, m, u, n). */
    static Long parse(String value) {
        if (value == null || value.length() < 2 || value.length() > 9) {
            return null;
        }
        long amount;
        try {
            amount = Long.parseLong(value.substring(0, value.length() - 1));
        } catch (NumberFormatException e) {
            return null;
        }
        return switch (value.charAt(value.length() - 1)) {
            case 'H' -> TimeUnit.HOURS.toNanos(amount);
            case 'M' -> TimeUnit.MINUTES.toNanos(amount);
            case 'S' -> TimeUnit.SECONDS.toNanos(amount);
            case 'm' -> TimeUnit.MILLISECONDS.toNanos(amount);
            case 'u' -> TimeUnit.MICROSECONDS.toNanos(amount);
            case 'n' -> amount;
            default -> null;
        };
    }
}
