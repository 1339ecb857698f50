package io.herald.savepoints;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.rpc.RpcService;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tool's JVM starts Flink's RPC actor systems without Pekko's JVM shutdown hooks: one
 * registered while Flink's local cluster was still closing ran at the tool's exit, after its class
 * loader was closed, and printed a {@code NoClassDefFoundError} (seen once in CI, by {@link
 * SavepointOperationsIT}'s check that the tool prints nothing on stderr).
 */
class ToolExitIT {

    @AfterEach
    void clearProperty() {
        System.clearProperty(HeraldSavepoints.PEKKO_JVM_SHUTDOWN_HOOKS);
    }

    @Test
    void theToolsActorSystemsRegisterNoJvmShutdownHooks() throws Exception {
        assertThat(actorSystemRegistersJvmHooks()).as("Pekko's default").isTrue();
        HeraldSavepoints.initProcess();
        assertThat(actorSystemRegistersJvmHooks()).isFalse();
    }

    /** Whether an actor system of Flink's local RPC, started now, would register JVM hooks. */
    private static boolean actorSystemRegistersJvmHooks() throws Exception {
        try (RpcSystem rpc = RpcSystem.load()) {
            RpcService service = rpc.localServiceBuilder(new Configuration()).createAndStart();
            try {
                // Pekko's classes live in the RPC system's own class loader: reflection only.
                Object system = service.getClass().getMethod("getActorSystem").invoke(service);
                Object settings = system.getClass().getMethod("settings").invoke(system);
                return (boolean) settings.getClass().getMethod("JvmShutdownHooks").invoke(settings);
            } finally {
                service.closeAsync().get();
            }
        }
    }
}
