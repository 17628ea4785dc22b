package io.stagegate.api.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import org.jboss.logging.Logger;

/** Maps every failure to a gRPC status, in this one place. */
public final class GrpcErrors {
    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    public static Status.Code code(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST, PAYLOAD_TOO_LARGE -> Status.Code.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case CONFLICT -> Status.Code.FAILED_PRECONDITION;
            case FORBIDDEN -> Status.Code.PERMISSION_DENIED;
            case OVERLOADED -> Status.Code.RESOURCE_EXHAUSTED;
            case DEADLINE_EXCEEDED -> Status.Code.DEADLINE_EXCEEDED;
            case UNAVAILABLE -> Status.Code.UNAVAILABLE;
            case UNAUTHENTICATED -> Status.Code.UNAUTHENTICATED;
            case INTERNAL -> Status.Code.INTERNAL;
        };
    }

    public static StatusRuntimeException status(ErrorKind kind, String message) {
        return Status.fromCode(code(kind)).withDescription(message).asRuntimeException();
    }

    public static Throwable toStatus(Throwable failure) {
        if (failure instanceof StatusRuntimeException) {
            return failure;
        }
        if (failure instanceof StagegateException se) {
            if (se.kind() == ErrorKind.INTERNAL) {
                LOG.error("gRPC call failed", se);
            }
            return status(se.kind(), se.getMessage());
        }
        LOG.error("gRPC call failed unexpectedly", failure);
        return Status.INTERNAL.withDescription("internal error").asRuntimeException();
    }
}
