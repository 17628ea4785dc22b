package io.stagegate.api.grpc;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import io.stagegate.StagegateException;
import io.stagegate.security.ApiKeys;
import io.stagegate.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** The same API-key rules as HTTP: Search, SearchStream, Embed and Rerank need the search role, Feedback feedback. */
@GlobalInterceptor
@ApplicationScoped
public class AccessInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @Inject
    jakarta.enterprise.inject.Instance<ApiKeys> keys;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Role role = switch (call.getMethodDescriptor().getBareMethodName() == null ? ""
                : call.getMethodDescriptor().getServiceName() + "/" + call.getMethodDescriptor().getBareMethodName()) {
            case "stagegate.v1.Stagegate/Feedback" -> Role.FEEDBACK;
            case "stagegate.v1.Stagegate/Search", "stagegate.v1.Stagegate/SearchStream", "stagegate.v1.Stagegate/Embed",
                 "stagegate.v1.Stagegate/Rerank" -> Role.SEARCH;
            default -> null;
        };
        if (role != null) {
            try {
                keys.get().check(role, headers.get(AUTHORIZATION), loopback(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)));
            } catch (StagegateException e) {
                call.close(GrpcErrors.status(e.kind(), e.getMessage()).getStatus(), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
        }
        return next.startCall(call, headers);
    }

    private static boolean loopback(SocketAddress address) {
        return address instanceof InetSocketAddress a && a.getAddress() != null && a.getAddress().isLoopbackAddress();
    }
}
