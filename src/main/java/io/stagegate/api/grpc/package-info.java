/**
 * gRPC transport ({@code stagegate.v1}): messages to calls and back, the caller's deadline, status mapping in {@link
 * io.stagegate.api.grpc.GrpcErrors}. Uses {@code serving} and {@code security}; never {@code config} or {@code app}.
 */
package io.stagegate.api.grpc;
