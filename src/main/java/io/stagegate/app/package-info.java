/**
 * The composition root: Quarkus producers that build every part from {@code config}, and the serve role's startup. The
 * only package that knows them all; nothing depends on it but {@code cli}.
 */
package io.stagegate.app;
