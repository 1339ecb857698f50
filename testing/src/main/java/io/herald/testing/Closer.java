package io.herald.testing;

/** Closes what a test started, in the order given, whatever fails on the way. */
public final class Closer {

    private Closer() {}

    /**
     * Closes every resource that is not null, in order (so list edges and jobs before the broker
     * they read). When closes fail, throws the first failure with the others suppressed, after
     * every resource had its turn.
     */
    public static void closeAll(AutoCloseable... resources) throws Exception {
        Exception failure = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
