package dev.qtorrent.common.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The directives as the JVM itself reports them, through the same diagnostic command jcmd uses. */
@Timeout(30)
class TransferJitTest {
    private static final String OURS = "sun/security/provider/*.*";

    @AfterEach
    void clear() throws Exception {
        diagnosticCommand("compilerDirectivesClear");
    }

    @Test
    void largeDatagramsKeepC2ForTheDigestsOnly() throws Exception {
        TransferJit jit = TransferJit.forThisProcess();
        jit.start();

        assertTrue(jit.awaitInstalled());
        jit.keepIf(true);

        String printed = diagnosticCommand("compilerDirectivesPrint");
        assertTrue(printed.contains(OURS), printed);
        // The digest classes come first, so their match wins over the catch-all that excludes C2.
        assertTrue(printed.indexOf(OURS) < printed.indexOf("matching: *.*"), printed);
    }

    @Test
    void ethernetSizedDatagramsGiveTheCompilerBack() throws Exception {
        TransferJit jit = TransferJit.forThisProcess();
        jit.start();

        jit.keepIf(false);

        assertFalse(jit.awaitInstalled());
        String printed = diagnosticCommand("compilerDirectivesPrint");
        assertFalse(printed.contains(OURS), printed);
    }

    @Test
    void noneLeavesTheCompilerAlone() throws Exception {
        TransferJit jit = TransferJit.none();
        jit.start();

        assertFalse(jit.awaitInstalled());
        assertFalse(diagnosticCommand("compilerDirectivesPrint").contains(OURS));
    }

    private static String diagnosticCommand(String command) throws Exception {
        return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), command,
                new Object[] {new String[0]}, new String[] {String[].class.getName()}));
    }
}
